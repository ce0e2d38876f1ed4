//! Per-user settings (recent cases, language) in tauri-plugin-store, never in a case file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Wry};
use tauri_plugin_store::{Store, StoreExt};

use closeout_core::error::{Error, Result};

const FILE: &str = "settings.json";
const RECENT: &str = "recent_cases";
const LANGUAGE: &str = "language";
const MAX_RECENT: usize = 10;

/// A case on the home screen's recent list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecentCase {
    /// Where the case file was when last opened.
    pub path: PathBuf,
    /// Its store's name then, to show beside the path.
    pub store_name: String,
    /// False when the file was moved or deleted since; the home screen says so.
    #[serde(default)]
    pub exists: bool,
}

/// The settings store (`settings.json` in the app's data folder), loaded once and kept.
pub fn load(app: &AppHandle) -> Result<Arc<Store<Wry>>> {
    app.store(FILE)
        .map_err(|e| Error::internal(closeout_core::text::Text::new("internal.settings_unreadable").with("why", e)))
}

fn save(store: &Store<Wry>) -> Result<()> {
    store
        .save()
        .map_err(|e| Error::internal(closeout_core::text::Text::new("internal.settings_unsaved").with("why", e)))
}

/// The recent cases, latest first (at most `MAX_RECENT`), each checked for whether it is
/// still there; an unreadable list counts as empty.
pub fn recent_cases(app: &AppHandle) -> Result<Vec<RecentCase>> {
    let store = load(app)?;
    let mut list: Vec<RecentCase> = store.get(RECENT).and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
    for case in &mut list {
        case.exists = case.path.is_file();
    }
    Ok(list)
}

/// Puts `path` at the top of the recent list.
pub fn remember_case(app: &AppHandle, path: &Path, store_name: &str) -> Result<()> {
    let store = load(app)?;
    let mut list = recent_cases(app)?;
    list.retain(|c| c.path != path);
    list.insert(0, RecentCase { path: path.to_owned(), store_name: store_name.to_owned(), exists: true });
    list.truncate(MAX_RECENT);
    store.set(RECENT, serde_json::to_value(&list).expect("recent cases serialise"));
    save(&store)
}

/// The language the person chose for the window, as a tag (`en`, `zh-CN`), if any.
pub fn language(app: &AppHandle) -> Result<Option<String>> {
    Ok(load(app)?.get(LANGUAGE).and_then(|v| v.as_str().map(str::to_owned)))
}

/// Remembers the window's language for the next launch.
pub fn set_language(app: &AppHandle, tag: &str) -> Result<()> {
    let store = load(app)?;
    store.set(LANGUAGE, tag);
    save(&store)
}

const WINDOW: &str = "window";

/// The window's size when it last closed, in logical pixels, and whether it was maximised.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub struct WindowSize {
    /// Width in logical pixels.
    pub width: f64,
    /// Height in logical pixels.
    pub height: f64,
    /// Maximised windows reopen maximised (their size is the one to restore to).
    #[serde(default)]
    pub maximized: bool,
}

/// The size the window had when it last closed, if it was remembered.
pub fn window_size(app: &AppHandle) -> Option<WindowSize> {
    load(app).ok()?.get(WINDOW).and_then(|v| serde_json::from_value(v).ok())
}

/// Remembers the window's size for the next launch. Called on every resize, so it leaves the
/// writing to the store's auto-save, which waits for a pause of 100 ms.
pub fn set_window_size(app: &AppHandle, size: WindowSize) -> Result<()> {
    load(app)?.set(WINDOW, serde_json::to_value(size).expect("a window size serialises"));
    Ok(())
}
