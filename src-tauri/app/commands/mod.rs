//! The commands the page may invoke (each listed in build.rs and granted in
//! capabilities/main-window.json). Arguments arrive as plain strings and are checked by the
//! core, so a bad value answers `{code, message}` like every other error.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tauri::{AppHandle, State};

pub(crate) mod outputs;
pub(crate) mod records;

use crate::refusal::{Refusal, Reply};
use crate::settings::{self, RecentCase};
use crate::AppState;
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
pub fn app_info(app: AppHandle, state: State<'_, AppState>) -> Reply<AppInfo> {
    let result: Result<AppInfo> = (|| {
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
    })();
    spoken(&app, result)
}

/// The home screen's recent cases, latest first, each said to be there or not.
#[tauri::command]
pub fn recent_cases(app: AppHandle) -> Reply<Vec<RecentCase>> {
    let result = settings::recent_cases(&app);
    spoken(&app, result)
}

/// Where a new case is saved unless the seller picks a place: Documents/Closeout/<store>.closeout,
/// with a number added if that name is taken.
#[tauri::command]
pub fn default_case_path(app: AppHandle, store_name: String) -> Reply<PathBuf> {
    let result: Result<PathBuf> = (|| {
        use tauri::Manager;
        let base = app
            .path()
            .document_dir()
            .or_else(|_| app.path().home_dir())
            .map_err(|e| Error::invalid(closeout_core::text::Text::new("input.no_case_folder").with("why", e)))?
            .join("Closeout");
        let unnamed = closeout_core::text::lookup(language(&app)?, "case.default_name");
        Ok(case::free_case_path(&base, &file_stem_for(&store_name, unnamed)))
    })();
    spoken(&app, result)
}

/// The time-zone picker: every city in the window's language, the zone each region starts
/// with, and `current` (the profile's zone) kept even when no listed city is in it.
#[tauri::command]
pub fn time_zones(app: AppHandle, current: Option<String>) -> Reply<ZonePicker> {
    let result: Result<ZonePicker> = (|| {
        let current = current.as_deref().map(closeout_core::model::parse_timezone).transpose()?;
        let defaults = Region::ALL.iter().map(|r| (r.as_str(), r.default_timezone().name())).collect();
        Ok(ZonePicker { choices: zones::choices(language(&app)?, current), defaults })
    })();
    spoken(&app, result)
}

/// Creates a case at `path` (making its folder if need be) and opens it; an existing file is
/// refused, never overwritten.
#[tauri::command]
pub async fn create_case(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    profile: ProfileInput,
) -> Reply<CaseView> {
    let result: Result<CaseView> = async {
        let path = checked_path(&path)?;
        let profile = profile.into_profile()?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let case = Case::create(&path, &profile)?;
        install(&app, &state, case)
    }
    .await;
    spoken(&app, result)
}

/// Opens the case at `path` in place of any open one, and puts it at the top of the recent list.
#[tauri::command]
pub async fn open_case(app: AppHandle, state: State<'_, AppState>, path: String) -> Reply<CaseView> {
    let result: Result<CaseView> = async {
        let case = Case::open(&checked_path(&path)?)?;
        install(&app, &state, case)
    }
    .await;
    spoken(&app, result)
}

/// Copies a backup of a damaged case next to it, under a new name, and opens the copy.
#[tauri::command]
pub async fn restore_backup(app: AppHandle, state: State<'_, AppState>, backup: String) -> Reply<CaseView> {
    let result: Result<CaseView> = async {
        let restored = case::backup::restore(&checked_path(&backup)?)?;
        install(&app, &state, Case::open(&restored)?)
    }
    .await;
    spoken(&app, result)
}

/// The open case as it is now (after a language change, or to refresh).
#[tauri::command]
pub async fn case_view(app: AppHandle, state: State<'_, AppState>) -> Reply<CaseView> {
    let result: Result<CaseView> = async { with_case(&state, |case| view(&app, case)) }.await;
    spoken(&app, result)
}

/// Checks and saves the store's profile.
#[tauri::command]
pub async fn save_profile(app: AppHandle, state: State<'_, AppState>, profile: ProfileInput) -> Reply<CaseView> {
    let result: Result<CaseView> = async {
        let profile = profile.into_profile()?;
        with_case(&state, |case| {
            case.save_profile(&profile)?;
            view(&app, case)
        })
    }
    .await;
    spoken(&app, result)
}

/// SQLite's data_version: it changes when another connection (the CLI) commits to the case.
/// `None` while an import holds the case: this runs on the main thread, and waiting for the
/// lock there would freeze the window until the import ends.
#[tauri::command]
pub fn case_version(app: AppHandle, state: State<'_, AppState>) -> Reply<Option<i64>> {
    let result: Result<Option<i64>> = (|| {
        let Ok(guard) = state.case.try_lock() else { return Ok(None) };
        guard.as_ref().map(Case::data_version).transpose()
    })();
    spoken(&app, result)
}

/// Switches the window's language and remembers it; the page then asks for `case_view` again.
#[tauri::command]
pub fn set_language(app: AppHandle, language: String) -> Reply<()> {
    let result: Result<()> = (|| {
        let lang = closeout_core::model::parse_language(&language)?;
        settings::set_language(&app, lang.tag())
    })();
    spoken(&app, result)
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

/// The window's language: the one chosen, else the system's. Every command's refusal speaks
/// it (`spoken`).
fn language(app: &AppHandle) -> Result<Lang> {
    let chosen = settings::language(app)?.as_deref().and_then(Lang::parse_tag);
    Ok(chosen.unwrap_or_else(Lang::system))
}

/// A command's result as the page receives it: a failure in the window's language (the
/// system's, if the settings cannot be read).
fn spoken<T>(app: &AppHandle, result: Result<T>) -> Reply<T> {
    result.map_err(|e| Refusal::new(&e, language(app).unwrap_or_else(|_| Lang::system())))
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
