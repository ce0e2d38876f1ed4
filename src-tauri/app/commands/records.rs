//! Commands that change or read what the case holds: imports, kept-aside rows, orders and what
//! was done with them, balances, answers.

// The commands share their parent's names: the view, the case lock, the window's language.
use super::*;

/// Imports files (from the file dialog or dropped on the window) one transaction each, off the
/// main thread; progress streams through `on_progress`; `cancel_import` stops it, and the file
/// being read then leaves nothing behind.
#[tauri::command]
pub async fn import_files(
    app: AppHandle,
    paths: Vec<String>,
    password: Option<String>,
    on_progress: tauri::ipc::Channel<ImportProgress>,
) -> Reply<ImportOutcome> {
    let result: Result<ImportOutcome> = async {
        if paths.is_empty() || paths.len() > MAX_FILES {
            return Err(Error::invalid(closeout_core::text::Text::new("input.file_count").with("max", MAX_FILES)));
        }
        if password.as_ref().is_some_and(|p| p.len() > 1024) {
            return Err(Error::invalid(closeout_core::text::Text::new("input.password_long")));
        }
        let paths: Vec<PathBuf> = paths.iter().map(|p| checked_path(p)).collect::<Result<_>>()?;
        let app = app.clone();
        tauri::async_runtime::spawn_blocking(move || {
            use tauri::Manager;
            let state = app.state::<AppState>();
            state.cancel_import.store(false, std::sync::atomic::Ordering::Relaxed);
            with_case(&state, |case| {
                let mut last = std::time::Instant::now() - std::time::Duration::from_secs(1);
                let mut progress = |file_index: usize, done: u64, total: u64| {
                    // Enough updates for a smooth bar, not so many the page drowns.
                    if last.elapsed() >= std::time::Duration::from_millis(50) || done == total {
                        last = std::time::Instant::now();
                        let name = paths[file_index].file_name().map(|n| n.to_string_lossy().into_owned());
                        let _ = on_progress.send(ImportProgress {
                            file_index,
                            file_count: paths.len(),
                            name: name.unwrap_or_default(),
                            done,
                            total,
                        });
                    }
                };
                // An encrypted zip without (or with a wrong) password comes back with
                // `needs_password` set; the page asks for it and calls again.
                let reports = case.import_files(&paths, password.as_deref(), &state.cancel_import, &mut progress)?;
                let lang = language(&app)?;
                let reports = reports.into_iter().map(|r| r.spoken(lang)).collect();
                Ok(ImportOutcome { reports, view: view(&app, case)? })
            })
        })
        .await
        .map_err(|e| Error::internal(closeout_core::text::Text::new("internal.import_crashed").with("why", e)))?
    }
    .await;
    spoken(&app, result)
}

/// Saves the seller's column mapping for an order file in an unknown layout, checked against
/// that file's headers; importing the file again then reads it.
#[tauri::command]
pub async fn save_column_profile(
    app: AppHandle,
    state: State<'_, AppState>,
    name: String,
    columns: Vec<(String, String)>,
    headers: Vec<String>,
) -> Reply<()> {
    let result: Result<()> =
        async { with_case(&state, |case| case.save_column_profile_for(&ColumnProfile { name, columns }, &headers)) }
            .await;
    spoken(&app, result)
}

/// Asks a running import to stop; the file it is reading is rolled back.
#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel_import.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Removes an imported file and what only it brought, with an undo.
#[tauri::command]
pub async fn forget_file(app: AppHandle, state: State<'_, AppState>, file_id: i64) -> Reply<Undoable> {
    let result: Result<Undoable> = async {
        with_case(&state, |case| {
            let (_, undo) = case.forget(file_id)?;
            Ok(Undoable { view: view(&app, case)?, undo })
        })
    }
    .await;
    spoken(&app, result)
}

/// Takes the last removal back, while nothing has changed since.
#[tauri::command]
pub async fn undo(app: AppHandle, state: State<'_, AppState>, undo: Undo) -> Reply<CaseView> {
    let result: Result<CaseView> = async {
        with_case(&state, |case| {
            case.undo(&undo)?;
            view(&app, case)
        })
    }
    .await;
    spoken(&app, result)
}

/// Puts a dismissed kept-aside row back among the open ones.
#[tauri::command]
pub async fn undismiss_rejection(app: AppHandle, state: State<'_, AppState>, id: i64) -> Reply<CaseView> {
    let result: Result<CaseView> = async {
        with_case(&state, |case| {
            case.undismiss_rejection(id)?;
            view(&app, case)
        })
    }
    .await;
    spoken(&app, result)
}

/// Settles a kept-aside row with the person's reason and who gives it.
#[tauri::command]
pub async fn dismiss_rejection(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    note: String,
    who: String,
) -> Reply<CaseView> {
    let result: Result<CaseView> = async {
        let who = Who::named(&who)?;
        with_case(&state, |case| {
            case.dismiss_rejection(id, &note, who)?;
            view(&app, case)
        })
    }
    .await;
    spoken(&app, result)
}

/// The "Finish orders" step's list.
#[tauri::command]
pub async fn open_orders(app: AppHandle, state: State<'_, AppState>) -> Reply<OpenOrders> {
    let result: Result<OpenOrders> = async {
        with_case(&state, |case| {
            let (orders, total) = case.open_orders(case::ORDERS_LISTED)?;
            Ok(OpenOrders { orders, total })
        })
    }
    .await;
    spoken(&app, result)
}

/// The orders a rule lists, with their day, state and amount, for its card.
#[tauri::command]
pub async fn order_lines(app: AppHandle, state: State<'_, AppState>, ids: Vec<String>) -> Reply<Vec<case::OrderLine>> {
    let result: Result<Vec<case::OrderLine>> = async { with_case(&state, |case| case.order_lines(&ids)) }.await;
    spoken(&app, result)
}

/// Records what the seller did with an open order, one of `ACTIONS`, with a note.
#[tauri::command]
pub async fn record_order_action(
    app: AppHandle,
    state: State<'_, AppState>,
    order_id: String,
    action: String,
    note: String,
) -> Reply<()> {
    let result: Result<()> =
        async { with_case(&state, |case| case.record_order_action(&order_id, &action, &note)) }.await;
    spoken(&app, result)
}

/// Where the money is, per currency, for the "Clear the money" steps.
#[tauri::command]
pub async fn money_view(app: AppHandle, state: State<'_, AppState>) -> Reply<MoneyView> {
    let result: Result<MoneyView> = async { with_case(&state, |case| case.money_view(case::ORDERS_LISTED)) }.await;
    spoken(&app, result)
}

/// Records a balance read off the Seller Center fund overview.
#[tauri::command]
pub async fn enter_balance(app: AppHandle, state: State<'_, AppState>, balance: BalanceInput) -> Reply<CaseView> {
    let result: Result<CaseView> = async {
        let snapshot = balance.into_snapshot()?;
        with_case(&state, |case| {
            case.enter_balance(&snapshot)?;
            view(&app, case)
        })
    }
    .await;
    spoken(&app, result)
}

/// Records "done" or "not applicable" for a rule, with the day, a note and who answers.
#[tauri::command]
pub async fn attest(
    app: AppHandle,
    state: State<'_, AppState>,
    rule_id: String,
    answer: String,
    date: String,
    note: String,
    who: String,
) -> Reply<CaseView> {
    let result: Result<CaseView> = async {
        let answer = match answer.as_str() {
            "done" => Answer::Done,
            "not_applicable" => Answer::NotApplicable,
            other => {
                return Err(Error::invalid(closeout_core::text::Text::new("input.unknown_answer").with("value", other)))
            }
        };
        let attestation = Attestation { answer, date: parse_date(&date)?, note, who: Who::named(&who)? };
        with_case(&state, |case| {
            case.attest(&rule_id, &attestation)?;
            view(&app, case)
        })
    }
    .await;
    spoken(&app, result)
}

/// Withdraws the answer in force for a rule, dated today in the case's time zone.
#[tauri::command]
pub async fn withdraw(app: AppHandle, state: State<'_, AppState>, rule_id: String, who: String) -> Reply<CaseView> {
    let result: Result<CaseView> = async {
        let who = Who::named(&who)?;
        with_case(&state, |case| {
            let today = case.today()?;
            case.withdraw(&rule_id, today, who)?;
            view(&app, case)
        })
    }
    .await;
    spoken(&app, result)
}
