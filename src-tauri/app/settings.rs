//! Per-user settings (recent cases, language) in tauri-plugin-store, never in a case file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Wry};
use tauri_plugin_store::{Store, StoreExt};

use crate::error::{Error, Result};

const FILE: &str = "settings.json";
const RECENT: &str = "recent_cases";
const LANGUAGE: &str = "language";
const MAX_RECENT: usize = 10;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecentCase {
    pub path: PathBuf,
    pub store_name: String,
    /// False when the file was moved or deleted since; the home screen says so.
    #[serde(default)]
    pub exists: bool,
}

pub fn load(app: &AppHandle) -> Result<Arc<Store<Wry>>> {
    app.store(FILE).map_err(|e| Error::invalid(format!("settings could not be read: {e}")))
}

fn save(store: &Store<Wry>) -> Result<()> {
    store.save().map_err(|e| Error::invalid(format!("settings could not be saved: {e}")))
}

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

pub fn language(app: &AppHandle) -> Result<Option<String>> {
    Ok(load(app)?.get(LANGUAGE).and_then(|v| v.as_str().map(str::to_owned)))
}

pub fn set_language(app: &AppHandle, tag: &str) -> Result<()> {
    let store = load(app)?;
    store.set(LANGUAGE, tag);
    save(&store)
}
