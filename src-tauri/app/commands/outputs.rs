//! Commands that write what the case shows (copies, the pack, the reconciliation, the report),
//! keep evidence attached to answers, and purge personal data.

// The commands share their parent's names: the view, the case lock, the window's language.
use super::*;

/// Where the save dialog proposes to put a copy of the case for the bookkeeper.
#[tauri::command]
pub async fn copy_path(app: AppHandle, state: State<'_, AppState>) -> Reply<PathBuf> {
    let result: Result<PathBuf> = async {
        let lang = language(&app)?;
        with_case(&state, |case| Ok(case.copy_path(case.today()?, lang)))
    }
    .await;
    spoken(&app, result)
}

/// Writes a copy of the open case (one file, consistent) where the save dialog said.
#[tauri::command]
pub async fn export_case(app: AppHandle, state: State<'_, AppState>, path: String, without_notes: bool) -> Reply<()> {
    let result: Result<()> = async {
        let path = checked_path(&path)?;
        with_case(&state, |case| case.export_copy(&path, without_notes))
    }
    .await;
    spoken(&app, result)
}

/// Writes the closing pack where the save dialog said, as of `as_of`, in the window's language;
/// returns how many files it holds.
#[tauri::command]
pub async fn export_pack(app: AppHandle, state: State<'_, AppState>, path: String, as_of: String) -> Reply<usize> {
    let result: Result<usize> = async {
        let path = checked_path(&path)?;
        let lang = language(&app)?;
        with_case(&state, |case| closeout_core::pack::write(case, parse_date(&as_of)?, lang, &path))
    }
    .await;
    spoken(&app, result)
}

/// Writes the per-order reconciliation (a workbook, or CSV by the name) where the seller chose.
#[tauri::command]
pub async fn export_reconciliation(app: AppHandle, state: State<'_, AppState>, path: String) -> Reply<u64> {
    let result: Result<u64> = async {
        let path = checked_path(&path)?;
        let lang = language(&app)?;
        with_case(&state, |case| closeout_core::export::write_reconciliation(case, &path, lang))
    }
    .await;
    spoken(&app, result)
}

/// The readiness report as HTML, for the preview (rendered inert in a shadow root).
#[tauri::command]
pub async fn report_html(
    app: AppHandle,
    state: State<'_, AppState>,
    as_of: String,
    paper: Option<String>,
) -> Reply<String> {
    let result: Result<String> = async {
        let lang = language(&app)?;
        with_case(&state, |case| Ok(report::html::render(&build_report(case, &as_of, lang, paper.as_deref())?)))
    }
    .await;
    spoken(&app, result)
}

/// Writes the report where the save dialog said, as PDF or HTML by the file's extension.
#[tauri::command]
pub async fn save_report(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    as_of: String,
    paper: Option<String>,
) -> Reply<()> {
    let result: Result<()> = async {
        let path = checked_path(&path)?;
        report::Format::of(&path)?;
        let lang = language(&app)?;
        with_case(&state, |case| {
            case.check_output(&path)?;
            build_report(case, &as_of, lang, paper.as_deref())?.write(&path)
        })
    }
    .await;
    spoken(&app, result)
}

/// Opens a report Closeout wrote with the system's viewer (a PDF or HTML file, nothing else).
#[tauri::command]
pub fn open_report(app: AppHandle, path: String) -> Reply<()> {
    let result: Result<()> = (|| {
        let path = checked_path(&path)?;
        report::Format::of(&path)?;
        if !path.is_file() {
            return Err(Error::NotFound { path });
        }
        open_with_system(&path)
    })();
    spoken(&app, result)
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
) -> Reply<CaseView> {
    let result: Result<CaseView> = async {
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
    .await;
    spoken(&app, result)
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
) -> Reply<CaseView> {
    let result: Result<CaseView> = async {
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
    .await;
    spoken(&app, result)
}

/// A picture attachment as a `data:` URL for its thumbnail; `None` for a PDF or an e-mail, or
/// once a purge removed its contents.
#[tauri::command]
pub async fn attachment_preview(app: AppHandle, state: State<'_, AppState>, id: i64) -> Reply<Option<String>> {
    let result: Result<Option<String>> = async {
        use base64::Engine;
        with_case(&state, |case| {
            let (a, bytes) = case.attachment_bytes(id)?;
            Ok(bytes
                .filter(|_| a.media_type.is_image())
                .map(|b| format!("data:{};base64,{}", a.mime, base64::engine::general_purpose::STANDARD.encode(b))))
        })
    }
    .await;
    spoken(&app, result)
}

/// Opens an attachment with the system's viewer: a copy in the temporary folder, named with the
/// extension its bytes are (so a picture called `x.html` still opens as a picture).
#[tauri::command]
pub async fn open_attachment(app: AppHandle, state: State<'_, AppState>, id: i64) -> Reply<()> {
    let result: Result<()> = async {
        let (a, bytes) = with_case(&state, |case| case.attachment_bytes(id))?;
        let Some(bytes) = bytes else {
            return Err(Error::invalid(
                closeout_core::text::Text::new("input.attachment_purged").with("name", &a.name),
            ));
        };
        let temp = std::env::temp_dir();
        let folder = state.opened.get(&temp).map_err(|e| Error::io(&temp, e))?;
        let path = folder.join(format!("{}.{}", &a.sha256[..16], a.media_type.extension()));
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
        open_with_system(&path)
    }
    .await;
    spoken(&app, result)
}

/// Removes an attachment, with an undo.
#[tauri::command]
pub async fn remove_attachment(app: AppHandle, state: State<'_, AppState>, id: i64) -> Reply<Undoable> {
    let result: Result<Undoable> = async {
        with_case(&state, |case| {
            let (_, undo) = case.remove_attachment(id)?;
            Ok(Undoable { view: view(&app, case)?, undo })
        })
    }
    .await;
    spoken(&app, result)
}

fn build_report(case: &Case, as_of: &str, lang: Lang, paper: Option<&str>) -> Result<report::Report> {
    report::Report::build(case, parse_date(as_of)?, lang, report::Paper::chosen(paper)?)
}

/// Clears the personal data the case holds and rewrites the file so none can be recovered.
#[tauri::command]
pub async fn purge_personal_data(app: AppHandle, state: State<'_, AppState>) -> Reply<CaseView> {
    let result: Result<CaseView> = async {
        with_case(&state, |case| {
            case.purge_personal_data()?;
            view(&app, case)
        })
    }
    .await;
    spoken(&app, result)
}
