//! The commands the page may invoke (each listed in build.rs and granted in
//! capabilities/main-window.json). Arguments arrive as plain strings and are checked by the
//! core, so a bad value answers `{code, message}` like every other error.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tauri::{AppHandle, State};

use super::settings::{self, RecentCase};
use super::AppState;
use closeout_core::case::{
    self, AnswerRecord, Attachment, BalanceInput, Case, FileReport, ImportedFile, MoneyView, OpenOrder, PurgeRecord,
    QuarantinedRow, Subject, Undo,
};
use closeout_core::checklist::{Checklist, OrderIds};
use closeout_core::error::{Error, Result};
use closeout_core::import::ColumnProfile;
use closeout_core::locale::Lang;
use closeout_core::model::{local_time, parse_date, Profile, ProfileInput, Region};
use closeout_core::report;
use closeout_core::rules::{Answer, Attestation, Who};
use closeout_core::tasks::{self, TaskList};
use closeout_core::zones::{self, ZoneChoice};

/// Longest path the page may hand us; anything longer is not a real file name.
const MAX_PATH_BYTES: usize = 4096;

/// What the page needs at start: the version, the window's language and any case named at
/// launch.
#[derive(Serialize)]
pub struct AppInfo {
    version: &'static str,
    language: &'static str,
    launch_case: Option<PathBuf>,
    /// The case open when the window last closed (the top of the recent list), reopened
    /// when none is named at launch.
    last_case: Option<PathBuf>,
    /// Where file dialogs start while no case is open (Documents), rather than "Recent".
    documents: Option<PathBuf>,
    /// Currency code → the sign amounts are shown with, the same as the core's.
    currency_signs: std::collections::BTreeMap<&'static str, &'static str>,
}

/// What the page shows of an open case: the profile, the task list and the checklist in the
/// page's language, evaluated as of today.
#[derive(Serialize)]
pub struct CaseView {
    path: PathBuf,
    profile: Profile,
    tasks: TaskList,
    checklist: serde_json::Value,
    answers: Vec<AnswerRecord>,
    files: Vec<ImportedFile>,
    rejections: Vec<QuarantinedRow<String>>,
    purges: Vec<PurgeRecord>,
    /// Every attached file (not its bytes: `attachment_preview` sends a picture when shown).
    attachments: Vec<Attachment>,
    today: String,
    /// SQLite's data_version when this view was read: the page polls `case_version` and
    /// refreshes when another process (the CLI) changed the case.
    version: i64,
    /// The case is on a read-only disk: the page says so, and changes are refused.
    read_only: bool,
}

/// The case after an action, and how to take the action back.
/// What the time-zone picker offers, and where each region's profile starts.
#[derive(Serialize)]
pub struct ZonePicker {
    choices: Vec<ZoneChoice>,
    /// Region code → the IANA zone a new profile of that region takes.
    defaults: std::collections::BTreeMap<&'static str, &'static str>,
}

#[derive(Serialize)]
pub struct Undoable {
    view: CaseView,
    undo: Undo,
}

/// Progress of an import, streamed to the page.
#[derive(Clone, Serialize)]
pub struct ImportProgress {
    file_index: usize,
    file_count: usize,
    name: String,
    done: u64,
    total: u64,
}

/// One report per file given, in order (its messages in the window's language), and the case
/// as the import left it.
#[derive(Serialize)]
pub struct ImportOutcome {
    reports: Vec<FileReport<String>>,
    view: CaseView,
}

/// The unfinished orders the "Finish orders" step lists (at most `ORDERS_LISTED`), and how
/// many there are in all.
#[derive(Serialize)]
pub struct OpenOrders {
    orders: Vec<OpenOrder>,
    total: usize,
}

/// Order ids a rule card lists (`ui/components/rule-card.js` shows them and the count).
const SHOWN_ORDER_IDS: usize = 50;
/// Most files one import may name.
const MAX_FILES: usize = 200;

/// The page's start-up facts.
#[tauri::command]
pub fn app_info(app: AppHandle, state: State<'_, AppState>) -> Result<AppInfo> {
    use tauri::Manager;
    let last_case = settings::recent_cases(&app)?.into_iter().next().filter(|c| c.exists).map(|c| c.path);
    Ok(AppInfo {
        version: closeout_core::VERSION,
        language: language(&app)?.tag(),
        launch_case: state.launch_case.clone(),
        last_case,
        documents: app.path().document_dir().ok(),
        currency_signs: closeout_core::model::CURRENCY_SIGNS.iter().copied().collect(),
    })
}

/// The home screen's recent cases, latest first, each said to be there or not.
#[tauri::command]
pub fn recent_cases(app: AppHandle) -> Result<Vec<RecentCase>> {
    settings::recent_cases(&app)
}

/// Where a new case is saved unless the seller picks a place: Documents/Closeout/<store>.closeout,
/// with a number added if that name is taken.
#[tauri::command]
pub fn default_case_path(app: AppHandle, store_name: String) -> Result<PathBuf> {
    use tauri::Manager;
    let base = app
        .path()
        .document_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(|e| Error::invalid(closeout_core::text::Text::new("input.no_case_folder").with("why", e)))?
        .join("Closeout");
    let unnamed = closeout_core::text::lookup(language(&app)?, "case.default_name");
    Ok(case::free_case_path(&base, &file_stem_for(&store_name, unnamed)))
}

/// The time-zone picker: every city in the window's language, the zone each region starts
/// with, and `current` (the profile's zone) kept even when no listed city is in it.
#[tauri::command]
pub fn time_zones(app: AppHandle, current: Option<String>) -> Result<ZonePicker> {
    let current = current.as_deref().map(closeout_core::model::parse_timezone).transpose()?;
    let defaults = Region::ALL.iter().map(|r| (r.as_str(), r.default_timezone().name())).collect();
    Ok(ZonePicker { choices: zones::choices(language(&app)?, current), defaults })
}

/// Creates a case at `path` (making its folder if need be) and opens it; an existing file is
/// refused, never overwritten.
#[tauri::command]
pub async fn create_case(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    profile: ProfileInput,
) -> Result<CaseView> {
    let path = checked_path(&path)?;
    let profile = profile.into_profile()?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let case = Case::create(&path, &profile)?;
    install(&app, &state, case)
}

/// Opens the case at `path` in place of any open one, and puts it at the top of the recent list.
#[tauri::command]
pub async fn open_case(app: AppHandle, state: State<'_, AppState>, path: String) -> Result<CaseView> {
    let case = Case::open(&checked_path(&path)?)?;
    install(&app, &state, case)
}

/// Copies a backup of a damaged case next to it, under a new name, and opens the copy.
#[tauri::command]
pub async fn restore_backup(app: AppHandle, state: State<'_, AppState>, backup: String) -> Result<CaseView> {
    let restored = case::backup::restore(&checked_path(&backup)?)?;
    install(&app, &state, Case::open(&restored)?)
}

/// The open case as it is now (after a language change, or to refresh).
#[tauri::command]
pub async fn case_view(app: AppHandle, state: State<'_, AppState>) -> Result<CaseView> {
    with_case(&state, |case| view(&app, case))
}

/// Checks and saves the store's profile.
#[tauri::command]
pub async fn save_profile(app: AppHandle, state: State<'_, AppState>, profile: ProfileInput) -> Result<CaseView> {
    let profile = profile.into_profile()?;
    with_case(&state, |case| {
        case.save_profile(&profile)?;
        view(&app, case)
    })
}

/// Imports files (from the file dialog or dropped on the window) one transaction each, off the
/// main thread; progress streams through `on_progress`; `cancel_import` stops it, and the file
/// being read then leaves nothing behind.
#[tauri::command]
pub async fn import_files(
    app: AppHandle,
    paths: Vec<String>,
    password: Option<String>,
    on_progress: tauri::ipc::Channel<ImportProgress>,
) -> Result<ImportOutcome> {
    if paths.is_empty() || paths.len() > MAX_FILES {
        return Err(Error::invalid(closeout_core::text::Text::new("input.file_count").with("max", MAX_FILES)));
    }
    if password.as_ref().is_some_and(|p| p.len() > 1024) {
        return Err(Error::invalid(closeout_core::text::Text::new("input.password_long")));
    }
    let paths: Vec<PathBuf> = paths.iter().map(|p| checked_path(p)).collect::<Result<_>>()?;
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
    .map_err(|e| Error::invalid(closeout_core::text::Text::new("input.import_crashed").with("why", e)))?
}

/// Saves the seller's column mapping for an order file in an unknown layout, checked against
/// that file's headers; importing the file again then reads it.
#[tauri::command]
pub async fn save_column_profile(
    state: State<'_, AppState>,
    name: String,
    columns: Vec<(String, String)>,
    headers: Vec<String>,
) -> Result<()> {
    with_case(&state, |case| case.save_column_profile_for(&ColumnProfile { name, columns }, &headers))
}

/// Asks a running import to stop; the file it is reading is rolled back.
#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel_import.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Removes an imported file and what only it brought, with an undo.
#[tauri::command]
pub async fn forget_file(app: AppHandle, state: State<'_, AppState>, file_id: i64) -> Result<Undoable> {
    with_case(&state, |case| {
        let (_, undo) = case.forget(file_id)?;
        Ok(Undoable { view: view(&app, case)?, undo })
    })
}

/// Takes the last removal back, while nothing has changed since.
#[tauri::command]
pub async fn undo(app: AppHandle, state: State<'_, AppState>, undo: Undo) -> Result<CaseView> {
    with_case(&state, |case| {
        case.undo(&undo)?;
        view(&app, case)
    })
}

/// Puts a dismissed kept-aside row back among the open ones.
#[tauri::command]
pub async fn undismiss_rejection(app: AppHandle, state: State<'_, AppState>, id: i64) -> Result<CaseView> {
    with_case(&state, |case| {
        case.undismiss_rejection(id)?;
        view(&app, case)
    })
}

/// Settles a kept-aside row with the person's reason and who gives it.
#[tauri::command]
pub async fn dismiss_rejection(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    note: String,
    who: String,
) -> Result<CaseView> {
    let who = Who::named(&who)?;
    with_case(&state, |case| {
        case.dismiss_rejection(id, &note, who)?;
        view(&app, case)
    })
}

/// The "Finish orders" step's list.
#[tauri::command]
pub async fn open_orders(state: State<'_, AppState>) -> Result<OpenOrders> {
    with_case(&state, |case| {
        let (orders, total) = case.open_orders(case::ORDERS_LISTED)?;
        Ok(OpenOrders { orders, total })
    })
}

/// The orders a rule lists, with their day, state and amount, for its card.
#[tauri::command]
pub async fn order_lines(state: State<'_, AppState>, ids: Vec<String>) -> Result<Vec<case::OrderLine>> {
    with_case(&state, |case| case.order_lines(&ids))
}

/// Records what the seller did with an open order, one of `ACTIONS`, with a note.
#[tauri::command]
pub async fn record_order_action(
    state: State<'_, AppState>,
    order_id: String,
    action: String,
    note: String,
) -> Result<()> {
    with_case(&state, |case| case.record_order_action(&order_id, &action, &note))
}

/// Where the money is, per currency, for the "Clear the money" steps.
#[tauri::command]
pub async fn money_view(state: State<'_, AppState>) -> Result<MoneyView> {
    with_case(&state, |case| case.money_view(case::ORDERS_LISTED))
}

/// Records a balance read off the Seller Center fund overview.
#[tauri::command]
pub async fn enter_balance(app: AppHandle, state: State<'_, AppState>, balance: BalanceInput) -> Result<CaseView> {
    let snapshot = balance.into_snapshot()?;
    with_case(&state, |case| {
        case.enter_balance(&snapshot)?;
        view(&app, case)
    })
}

/// Where the save dialog proposes to put a copy of the case for the bookkeeper.
#[tauri::command]
pub async fn copy_path(app: AppHandle, state: State<'_, AppState>) -> Result<PathBuf> {
    let lang = language(&app)?;
    with_case(&state, |case| Ok(case.copy_path(case.today()?, lang)))
}

/// Writes a copy of the open case (one file, consistent) where the save dialog said.
#[tauri::command]
pub async fn export_case(state: State<'_, AppState>, path: String, without_notes: bool) -> Result<()> {
    let path = checked_path(&path)?;
    with_case(&state, |case| case.export_copy(&path, without_notes))
}

/// Writes the closing pack where the save dialog said, as of `as_of`, in the window's language;
/// returns how many files it holds.
#[tauri::command]
pub async fn export_pack(app: AppHandle, state: State<'_, AppState>, path: String, as_of: String) -> Result<usize> {
    let path = checked_path(&path)?;
    let lang = language(&app)?;
    with_case(&state, |case| closeout_core::pack::write(case, parse_date(&as_of)?, lang, &path))
}

/// Writes the per-order reconciliation (a workbook, or CSV by the name) where the seller chose.
#[tauri::command]
pub async fn export_reconciliation(app: AppHandle, state: State<'_, AppState>, path: String) -> Result<u64> {
    let path = checked_path(&path)?;
    let lang = language(&app)?;
    with_case(&state, |case| case.export_reconciliation(&path, lang))
}

/// The readiness report as HTML, for the preview (rendered inert in a shadow root).
#[tauri::command]
pub async fn report_html(
    app: AppHandle,
    state: State<'_, AppState>,
    as_of: String,
    paper: Option<String>,
) -> Result<String> {
    let lang = language(&app)?;
    with_case(&state, |case| Ok(report::html::render(&build_report(case, &as_of, lang, paper.as_deref())?)))
}

/// Writes the report where the save dialog said, as PDF or HTML by the file's extension.
#[tauri::command]
pub async fn save_report(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    as_of: String,
    paper: Option<String>,
) -> Result<()> {
    let path = checked_path(&path)?;
    report::Format::of(&path)?;
    let lang = language(&app)?;
    with_case(&state, |case| {
        case.check_output(&path)?;
        build_report(case, &as_of, lang, paper.as_deref())?.write(&path)
    })
}

/// Opens a report Closeout wrote with the system's viewer (a PDF or HTML file, nothing else).
#[tauri::command]
pub fn open_report(path: String) -> Result<()> {
    let path = checked_path(&path)?;
    report::Format::of(&path)?;
    if !path.is_file() {
        return Err(Error::NotFound { path });
    }
    open_with_system(&path)
}

/// Hands a file to the system's viewer for its type.
fn open_with_system(path: &Path) -> Result<()> {
    let viewer = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let mut child = std::process::Command::new(viewer).arg(path).spawn().map_err(|e| Error::io(path, e))?;
    // Reaped when the viewer's launcher exits, so no zombie is left per click.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

/// Attaches the files chosen in the dialog (or dropped on an answer) to an answer, an order's
/// recorded action or a balance; every file is checked before any is attached.
#[tauri::command]
pub async fn attach_files(
    app: AppHandle,
    state: State<'_, AppState>,
    subject: String,
    key: String,
    paths: Vec<String>,
) -> Result<CaseView> {
    let subject = Subject::named(&subject, &key)?;
    if paths.is_empty() || paths.len() > MAX_FILES {
        return Err(Error::invalid(closeout_core::text::Text::new("input.file_count").with("max", MAX_FILES)));
    }
    let files = paths.iter().map(|p| case::read_attachment(&checked_path(p)?)).collect::<Result<Vec<_>>>()?;
    with_case(&state, |case| {
        for (name, bytes) in &files {
            case.attach(&subject, name, bytes)?;
        }
        view(&app, case)
    })
}

/// Attaches a picture pasted from the clipboard, sent as base64 (`name` is what the page calls it).
#[tauri::command]
pub async fn attach_pasted(
    app: AppHandle,
    state: State<'_, AppState>,
    subject: String,
    key: String,
    name: String,
    data: String,
) -> Result<CaseView> {
    use base64::Engine;
    let subject = Subject::named(&subject, &key)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|_| Error::invalid(closeout_core::text::Text::new("input.attachment_type").with("name", &name)))?;
    with_case(&state, |case| {
        case.attach(&subject, &name, &bytes)?;
        view(&app, case)
    })
}

/// A picture attachment as a `data:` URL for its thumbnail; `None` for a PDF or an e-mail, or
/// once a purge removed its contents.
#[tauri::command]
pub async fn attachment_preview(state: State<'_, AppState>, id: i64) -> Result<Option<String>> {
    use base64::Engine;
    with_case(&state, |case| {
        let (a, bytes) = case.attachment_bytes(id)?;
        Ok(bytes
            .filter(|_| a.media_type.is_image())
            .map(|b| format!("data:{};base64,{}", a.mime, base64::engine::general_purpose::STANDARD.encode(b))))
    })
}

/// Opens an attachment with the system's viewer: a copy in the temporary folder, named with the
/// extension its bytes are (so a picture called `x.html` still opens as a picture).
#[tauri::command]
pub async fn open_attachment(state: State<'_, AppState>, id: i64) -> Result<()> {
    let (a, bytes) = with_case(&state, |case| case.attachment_bytes(id))?;
    let Some(bytes) = bytes else {
        return Err(Error::invalid(closeout_core::text::Text::new("input.attachment_purged").with("name", &a.name)));
    };
    let temp = std::env::temp_dir();
    let folder = state.opened.get(&temp).map_err(|e| Error::io(&temp, e))?;
    let path = folder.join(format!("{}.{}", &a.sha256[..16], a.media_type.extension()));
    std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
    open_with_system(&path)
}

/// Removes an attachment, with an undo.
#[tauri::command]
pub async fn remove_attachment(app: AppHandle, state: State<'_, AppState>, id: i64) -> Result<Undoable> {
    with_case(&state, |case| {
        let (_, undo) = case.remove_attachment(id)?;
        Ok(Undoable { view: view(&app, case)?, undo })
    })
}

fn build_report(case: &Case, as_of: &str, lang: Lang, paper: Option<&str>) -> Result<report::Report> {
    report::Report::build(case, parse_date(as_of)?, lang, report::Paper::chosen(paper)?)
}

/// Clears the personal data the case holds and rewrites the file so none can be recovered.
#[tauri::command]
pub async fn purge_personal_data(app: AppHandle, state: State<'_, AppState>) -> Result<CaseView> {
    with_case(&state, |case| {
        case.purge_personal_data()?;
        view(&app, case)
    })
}

/// SQLite's data_version: it changes when another connection (the CLI) commits to the case.
/// `None` while an import holds the case: this runs on the main thread, and waiting for the
/// lock there would freeze the window until the import ends.
#[tauri::command]
pub fn case_version(state: State<'_, AppState>) -> Result<Option<i64>> {
    let Ok(guard) = state.case.try_lock() else { return Ok(None) };
    guard.as_ref().map(Case::data_version).transpose()
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
) -> Result<CaseView> {
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

/// Withdraws the answer in force for a rule, dated today in the case's time zone.
#[tauri::command]
pub async fn withdraw(app: AppHandle, state: State<'_, AppState>, rule_id: String, who: String) -> Result<CaseView> {
    let who = Who::named(&who)?;
    with_case(&state, |case| {
        let today = case.today()?;
        case.withdraw(&rule_id, today, who)?;
        view(&app, case)
    })
}

/// Switches the window's language and remembers it; the page then asks for `case_view` again.
#[tauri::command]
pub fn set_language(app: AppHandle, language: String) -> Result<()> {
    let lang = Lang::chosen(&language)?;
    closeout_core::error::speak_in(lang);
    settings::set_language(&app, lang.tag())
}

fn install(app: &AppHandle, state: &AppState, case: Case) -> Result<CaseView> {
    let view = view(app, &case)?;
    settings::remember_case(app, case.path(), &view.profile.store_name)?;
    *state.case.lock().expect("case lock") = Some(case);
    Ok(view)
}

/// Commands that take the case lock are `async`, so they wait for it (during an import) on the
/// async runtime, never on the main thread where waiting would freeze the window.
fn with_case<T>(state: &AppState, f: impl FnOnce(&mut Case) -> Result<T>) -> Result<T> {
    let mut guard = state.case.lock().expect("case lock");
    let case = guard.as_mut().ok_or_else(|| Error::invalid(closeout_core::text::Text::new("input.no_case_open")))?;
    let path = case.path().to_owned();
    f(case).map_err(|e| Case::damage_named(&path, e))
}

fn view(app: &AppHandle, case: &Case) -> Result<CaseView> {
    let profile = case.profile()?;
    let today = case.today()?;
    let checklist = Checklist::of(case, today)?;
    let tasks = tasks::task_list_for(&profile, &checklist.evaluation);
    let tz = profile.timezone;
    let lang = language(app)?;
    Ok(CaseView {
        path: case.path().to_owned(),
        checklist: checklist.into_json(lang, OrderIds::First(SHOWN_ORDER_IDS)),
        answers: case.answer_history()?,
        // Recorded moments as the seller reads them: local time in the case's zone.
        files: case
            .files()?
            .into_iter()
            .map(|f| ImportedFile { imported_at: local_time(&f.imported_at, tz), ..f })
            .collect(),
        rejections: case.quarantine()?.into_iter().map(|r| r.spoken(lang)).collect(),
        purges: case
            .purges()?
            .into_iter()
            .map(|p| PurgeRecord { purged_at: local_time(&p.purged_at, tz), ..p })
            .collect(),
        attachments: case
            .attachments()?
            .into_iter()
            .map(|a| Attachment { added_at: local_time(&a.added_at, tz), ..a })
            .collect(),
        today: today.to_string(),
        version: case.data_version()?,
        read_only: case.is_read_only(),
        profile,
        tasks,
    })
}

/// The window's language: the one chosen, else the system's. Errors crossing IPC speak it
/// from then on (`error::speak_in`), so every command's `{code, message}` is in the window's words.
fn language(app: &AppHandle) -> Result<Lang> {
    let chosen = settings::language(app)?.as_deref().and_then(Lang::parse_tag);
    let lang = chosen.unwrap_or_else(Lang::system);
    closeout_core::error::speak_in(lang);
    Ok(lang)
}

fn checked_path(path: &str) -> Result<PathBuf> {
    if path.trim().is_empty() {
        return Err(Error::invalid(closeout_core::text::Text::new("input.no_file_chosen")));
    }
    if path.len() > MAX_PATH_BYTES || path.contains('\0') {
        return Err(Error::invalid(closeout_core::text::Text::new("input.unusable_file_name")));
    }
    let p = Path::new(path);
    if !p.is_absolute() {
        return Err(Error::invalid(closeout_core::text::Text::new("input.full_path").with("path", path)));
    }
    Ok(p.to_owned())
}

/// A file name made from a store name: path separators and control characters removed;
/// `unnamed` (in the person's language) when nothing is left.
fn file_stem_for(store_name: &str, unnamed: &str) -> String {
    let cleaned: String = store_name
        .trim()
        .chars()
        .map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '-' } else { c })
        .take(80)
        .collect();
    let cleaned = cleaned.trim_matches(['.', ' ', '-']).to_owned();
    if cleaned.is_empty() {
        unnamed.to_owned()
    } else if is_windows_device_name(&cleaned) {
        // Windows cannot create CON.closeout, NUL.closeout…: those names are devices.
        format!("{cleaned} store")
    } else {
        cleaned
    }
}

fn is_windows_device_name(stem: &str) -> bool {
    let name = stem.split('.').next().unwrap_or(stem).trim_end().to_ascii_uppercase();
    let numbered = |prefix: &str| {
        name.strip_prefix(prefix).is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit() && n != "0")
    };
    matches!(name.as_str(), "CON" | "PRN" | "AUX" | "NUL") || numbered("COM") || numbered("LPT")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_are_safe() {
        assert_eq!(file_stem_for("Maple / Craft: Supplies", "My store"), "Maple - Craft- Supplies");
        assert_eq!(file_stem_for("../..", "My store"), "My store");
        assert_eq!(file_stem_for("枫叶手工", "My store"), "枫叶手工");
        assert_eq!(
            (file_stem_for("con", "My store"), file_stem_for("LPT1.x", "My store")),
            ("con store".into(), "LPT1.x store".into())
        );
        assert_eq!(
            (file_stem_for("Console", "My store"), file_stem_for("COM0", "My store")),
            ("Console".into(), "COM0".into())
        );
    }

    #[test]
    fn bogus_paths_are_refused() {
        for bad in ["", "relative.closeout", "/a\0b", &"x".repeat(5000)] {
            assert_eq!(checked_path(bad).unwrap_err().code(), "invalid_input");
        }
    }
}
