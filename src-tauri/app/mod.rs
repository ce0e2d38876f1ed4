//! The desktop shell: Tauri commands, window state and settings. Glue only: every decision is
//! made by the core, so the CLI and the window always agree.

mod commands;
mod settings;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use tauri::{Emitter, Manager};

use crate::case::Case;

/// What the window holds between commands.
pub struct AppState {
    pub case: Mutex<Option<Case>>,
    /// A case named on the command line (`closeout shop.closeout`, a double-click).
    pub launch_case: Option<PathBuf>,
    /// Set by Cancel; read by the import between rows, without taking the case lock.
    pub cancel_import: AtomicBool,
}

/// Event the page receives when files are dropped on the window.
pub const FILES_DROPPED: &str = "closeout://files-dropped";

pub fn run(launch_case: Option<PathBuf>) {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_store::Builder::default().build())
        .manage(AppState { case: Mutex::new(None), launch_case, cancel_import: AtomicBool::new(false) })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::recent_cases,
            commands::default_case_path,
            commands::create_case,
            commands::open_case,
            commands::case_view,
            commands::save_profile,
            commands::attest,
            commands::withdraw,
            commands::import_files,
            commands::save_column_profile,
            commands::cancel_import,
            commands::forget_file,
            commands::dismiss_rejection,
            commands::open_orders,
            commands::record_order_action,
            commands::money_view,
            commands::enter_balance,
            commands::export_reconciliation,
            commands::report_html,
            commands::save_report,
            commands::open_report,
            commands::purge_personal_data,
            commands::case_version,
            commands::restore_backup,
            commands::set_language,
        ])
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                let _ = window.emit(FILES_DROPPED, paths);
            }
        })
        .setup(|app| {
            // Keep the settings store loaded for the life of the app.
            settings::load(app.handle())?;
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.set_title("Closeout");
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("Closeout could not start its window");
}
