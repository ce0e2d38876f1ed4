//! The window, `closeout-app`: Tauri commands, window state and settings. Glue only: every
//! decision is made by the core, so the CLI and the window always agree. `closeout-app [CASE]`
//! opens the window, on CASE if given (a double-click, the menu entry, or `closeout` with no
//! command, which starts this program).

// No console window on Windows: this is the program a double-click starts.
#![cfg_attr(all(not(debug_assertions), target_os = "windows"), windows_subsystem = "windows")]

mod commands;
mod opened;
mod refusal;
mod settings;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use tauri::{Emitter, Manager};

use closeout_core::case::Case;

/// What the window holds between commands.
pub struct AppState {
    /// The case the window has open, if any; every command that reads or writes it takes the lock.
    pub case: Mutex<Option<Case>>,
    /// A case named on the command line (`closeout shop.closeout`, a double-click).
    pub launch_case: Option<PathBuf>,
    /// Set by Cancel; read by the import between rows, without taking the case lock.
    pub cancel_import: AtomicBool,
    /// Where opened attachments are copied for the viewer; removed when the app exits.
    pub(crate) opened: opened::OpenedFolder,
}

/// Event the page receives when files are dropped on the window.
pub const FILES_DROPPED: &str = "closeout://files-dropped";
/// Event the page receives when a second launch (a double-clicked case) hands over to this one.
pub const OPEN_CASE: &str = "closeout://open-case";

/// What `FILES_DROPPED` sends the page: the files, and where they landed in the page's pixels.
#[derive(Clone, serde::Serialize)]
struct Dropped {
    paths: Vec<PathBuf>,
    x: f64,
    y: f64,
}

fn main() {
    // `--version` answers before any window toolkit starts (packaging checks use it).
    if std::env::args_os().nth(1).is_some_and(|a| a == "--version") {
        println!("closeout-app {}", closeout_core::VERSION);
        return;
    }
    // The case is the first argument that is not an option (a file manager passes it alone).
    let case = std::env::args_os().skip(1).find(|a| !a.to_string_lossy().starts_with('-')).map(PathBuf::from);
    run(case);
}

/// Starts the window and runs until it closes, opening `launch_case` if one was given. A second
/// launch hands its case to this window instead of opening another.
fn run(launch_case: Option<PathBuf>) {
    let mut builder = tauri::Builder::default();
    if single_instance_possible() {
        // First, so a second launch hands its case to this window and exits before anything
        // else starts (two windows on one case would fight over it).
        builder = builder.plugin(tauri_plugin_single_instance::init(hand_over));
    }
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_store::Builder::default().build())
        .manage(AppState {
            case: Mutex::new(None),
            launch_case,
            cancel_import: AtomicBool::new(false),
            opened: opened::OpenedFolder::default(),
        })
        .invoke_handler(commands())
        .on_window_event(|window, event| match event {
            tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, position }) => {
                // Where, in the page's pixels: a drop on an answer's evidence attaches there.
                let at = position.to_logical::<f64>(window.scale_factor().unwrap_or(1.0));
                let _ = window.emit(FILES_DROPPED, Dropped { paths: paths.clone(), x: at.x, y: at.y });
            }
            tauri::WindowEvent::Resized(_) => remember_size(window),
            _ => {}
        })
        .setup(|app| {
            // Keep the settings store loaded for the life of the app.
            settings::load(app.handle())?;
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.set_title("Closeout");
                restore_size(&window);
            }
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("Closeout could not start its window")
        .run(|app, event| {
            // Every commit is already in the case file (see `case::configure`); closing the
            // connection also removes the -wal and -shm files beside it, so nothing but the
            // .closeout is left once the window is gone.
            // The copies of opened attachments go too.
            if let tauri::RunEvent::Exit = event {
                if let Ok(mut case) = app.state::<AppState>().case.lock() {
                    drop(case.take());
                }
                app.state::<AppState>().opened.remove();
            }
        });
}

/// Every command the page may call (each also listed in build.rs and granted in capabilities/).
fn commands() -> impl Fn(tauri::ipc::Invoke) -> bool {
    tauri::generate_handler![
        commands::app_info,
        commands::recent_cases,
        commands::default_case_path,
        commands::create_case,
        commands::open_case,
        commands::case_view,
        commands::save_profile,
        commands::records::attest,
        commands::records::withdraw,
        commands::records::import_files,
        commands::records::save_column_profile,
        commands::records::cancel_import,
        commands::records::forget_file,
        commands::records::dismiss_rejection,
        commands::records::undismiss_rejection,
        commands::records::undo,
        commands::records::open_orders,
        commands::records::order_lines,
        commands::records::record_order_action,
        commands::records::money_view,
        commands::records::enter_balance,
        commands::outputs::copy_path,
        commands::outputs::export_case,
        commands::outputs::export_reconciliation,
        commands::outputs::report_html,
        commands::outputs::save_report,
        commands::outputs::open_report,
        commands::outputs::purge_personal_data,
        commands::case_version,
        commands::restore_backup,
        commands::set_language,
        commands::time_zones,
        commands::outputs::export_pack,
        commands::outputs::attach_files,
        commands::outputs::attach_pasted,
        commands::outputs::attachment_preview,
        commands::outputs::open_attachment,
        commands::outputs::remove_attachment,
    ]
}

/// A second launch's arguments, handed to this window: it comes to the front and opens the
/// case named, if any.
fn hand_over(app: &tauri::AppHandle, argv: Vec<String>, cwd: String) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
    if let Some(case) = argv.iter().skip(1).find(|a| !a.starts_with('-')) {
        let _ = app.emit(OPEN_CASE, std::path::Path::new(&cwd).join(case));
    }
}

/// Sizes smaller than the window's minimum (tauri.conf.json) are not restored.
const MIN_SIZE: (f64, f64) = (720.0, 520.0);

/// Reopens the window at the size it closed with, as a document app does.
fn restore_size(window: &tauri::WebviewWindow) {
    let Some(size) = settings::window_size(window.app_handle()) else { return };
    if size.width >= MIN_SIZE.0 && size.height >= MIN_SIZE.1 {
        let _ = window.set_size(tauri::LogicalSize::new(size.width, size.height));
    }
    if size.maximized {
        let _ = window.maximize();
    }
}

/// Keeps the window's size (the restored one when maximised) for the next launch.
fn remember_size(window: &tauri::Window) {
    let maximized = window.is_maximized().unwrap_or(false);
    if maximized {
        // The maximised size says nothing about the size to come back to: keep the last one.
        if let Some(mut size) = settings::window_size(window.app_handle()) {
            size.maximized = true;
            let _ = settings::set_window_size(window.app_handle(), size);
        }
        return;
    }
    let (Ok(physical), Ok(scale)) = (window.inner_size(), window.scale_factor()) else { return };
    let logical = physical.to_logical::<f64>(scale);
    let _ = settings::set_window_size(
        window.app_handle(),
        settings::WindowSize { width: logical.width, height: logical.height, maximized: false },
    );
}

/// On Linux the single-instance handover goes through the D-Bus session bus; without one (a
/// bare X session, some containers) the plugin cannot start, and the window works without it.
fn single_instance_possible() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let address = std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap_or_default();
    let runtime_bus = std::env::var_os("XDG_RUNTIME_DIR").map(|d| PathBuf::from(d).join("bus"));
    !address.trim().is_empty() || runtime_bus.is_some_and(|bus| bus.exists())
}
