//! Backups of a case, made with `VACUUM INTO` before anything that rewrites a lot of it (a
//! migration, forgetting a file, purging personal data). They sit in a folder next to the case,
//! `<case>.backups/`, newest kept, oldest removed beyond `KEEP`. A case SQLite finds damaged
//! is refused with the latest backup named, so the seller can go on from there.

use std::path::{Path, PathBuf};

use chrono::Utc;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::Case;
use crate::error::{Error, Result};

/// Where a case stands, by SQLite's counters: another connection's commit moves `data_version`,
/// this one's changes move `changes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    data_version: i64,
    changes: u64,
}

/// How to take an action back: the backup made before it, and where the action left the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undo {
    /// The backup made just before the action, in the case's `.backups` folder.
    pub backup: PathBuf,
    /// Where the case stood right after the action; undo is refused once it has moved on.
    pub mark: Mark,
}

/// Empties the notes of a case copy (what a purge clears, and the case's own notes) and
/// rewrites it, so the text cannot be recovered.
fn clear_notes(copy: &Path) -> Result<()> {
    let mut conn = Connection::open(copy)?;
    conn.pragma_update(None, "secure_delete", true)?;
    let tx = conn.transaction()?;
    super::purge::clear_personal(&tx)?;
    tx.execute("UPDATE profile SET notes = '' WHERE notes != ''", [])?;
    tx.commit()?;
    conn.execute_batch("VACUUM")?;
    Ok(())
}

/// How many backups of one case are kept.
pub const KEEP: usize = 5;

/// The folder backups of `case` go in.
pub fn folder_of(case: &Path) -> PathBuf {
    let mut name = case.file_name().unwrap_or_default().to_os_string();
    name.push(".backups");
    case.with_file_name(name)
}

/// Every backup of `case`, oldest first (their names sort by time).
pub fn backups_of(case: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder_of(case)) else { return Vec::new() };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == super::EXTENSION))
        .collect();
    found.sort();
    found
}

impl Case {
    /// Writes a consistent copy of the case (`VACUUM INTO`, so no half-written page can be in
    /// it) and removes the oldest beyond `KEEP`. `why` becomes part of the name.
    pub fn backup(&self, why: &str) -> Result<PathBuf> {
        let folder = folder_of(&self.path);
        std::fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
        let stem = self.path.file_stem().unwrap_or_default().to_string_lossy();
        let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
        let target = folder.join(format!("{stem}-{stamp}-{why}.{}", super::EXTENSION));
        let target_text =
            target.to_str().ok_or_else(|| Error::invalid(crate::text::Text::new("input.folder_no_backup")))?;
        self.conn.execute("VACUUM INTO ?1", [target_text])?;
        let all = backups_of(&self.path);
        for old in &all[..all.len().saturating_sub(KEEP)] {
            let _ = std::fs::remove_file(old);
        }
        Ok(target)
    }

    /// Writes a copy of the case to `out` for someone else (the bookkeeper): consistent even
    /// while another window or command has the case open (`VACUUM INTO`, written beside `out`
    /// and renamed into place, so a half-written copy never carries its name). Without notes,
    /// the free text that may name buyers is left out of the copy: the seller's notes on
    /// orders, the case's own notes and the raw text of kept-aside rows; answers keep theirs,
    /// since they are the checklist's evidence.
    pub fn export_copy(&self, out: &Path, without_notes: bool) -> Result<()> {
        if out.exists() {
            return Err(Error::AlreadyExists { path: out.to_owned() });
        }
        let partial = out.with_extension("closeout-partial");
        let partial_text =
            partial.to_str().ok_or_else(|| Error::invalid(crate::text::Text::new("input.folder_no_copy")))?;
        let _ = std::fs::remove_file(&partial);
        let written = self.conn.execute("VACUUM INTO ?1", [partial_text]).map_err(Error::from).and_then(|_| {
            if without_notes {
                clear_notes(&partial)?;
            }
            std::fs::rename(&partial, out).map_err(|e| Error::io(out, e))
        });
        if written.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        written
    }

    /// Where a copy for someone else goes unless the person says otherwise: beside the case,
    /// named so it cannot be taken for the original ("Maple – copy for the bookkeeper
    /// 2026-12-01.closeout"), with a number added if that name is taken.
    pub fn copy_path(&self, date: chrono::NaiveDate, lang: crate::locale::Lang) -> PathBuf {
        let stem = self.path.file_stem().unwrap_or_default().to_string_lossy();
        let name = crate::text::Text::new("export.copy_name").with("case", &stem).with("date", date).render(lang);
        super::free_case_path(self.path.parent().unwrap_or(Path::new("")), &name)
    }

    /// Where the case stands: any change, by this connection or another, moves it.
    pub fn mark(&self) -> Result<Mark> {
        Ok(Mark { data_version: self.data_version()?, changes: self.conn.total_changes() })
    }

    /// Takes the case back, in place, to the backup made just before an action. Only while the
    /// case is where the action left it: a change since (here or from another window or
    /// command) would be lost, so the undo is refused then.
    pub fn undo(&mut self, undo: &Undo) -> Result<()> {
        let folder = folder_of(&self.path);
        let inside = undo
            .backup
            .parent()
            .zip(folder.canonicalize().ok())
            .is_some_and(|(parent, folder)| parent.canonicalize().is_ok_and(|parent| parent == folder));
        if !inside || !undo.backup.is_file() {
            return Err(Error::invalid(
                crate::text::Text::new("input.not_this_backup").with("path", undo.backup.display()),
            ));
        }
        if self.mark()? != undo.mark {
            return Err(Error::invalid(crate::text::Text::new("input.undo_too_late")));
        }
        self.conn.restore(rusqlite::MAIN_DB, &undo.backup, None::<fn(rusqlite::backup::Progress)>)?;
        Ok(())
    }

    /// Removes every backup (after a purge: they still hold what was purged).
    pub(crate) fn remove_backups(&self) -> Result<usize> {
        let all = backups_of(&self.path);
        for old in &all {
            std::fs::remove_file(old).map_err(|e| Error::io(old, e))?;
        }
        Ok(all.len())
    }
}

/// Copies `backup` back beside its case under a name no file has yet ("shop restored
/// 2026-11-30.closeout", then "… (2)"), never over the damaged case, and returns the copy.
pub fn restore(backup: &Path) -> Result<PathBuf> {
    let folder = backup.parent().filter(|f| f.extension().is_some_and(|x| x == "backups"));
    let folder = folder
        .ok_or_else(|| Error::invalid(crate::text::Text::new("input.not_a_backup").with("path", backup.display())))?;
    let case_name = folder.file_stem().map(Path::new).and_then(Path::file_stem).unwrap_or_default();
    let day = Utc::now().format("%Y-%m-%d");
    for n in 1..100 {
        let suffix = if n == 1 { String::new() } else { format!(" ({n})") };
        let name = format!("{} restored {day}{suffix}.{}", case_name.to_string_lossy(), super::EXTENSION);
        let target = folder.with_file_name(name);
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&target) {
            Ok(mut out) => {
                let mut input = std::fs::File::open(backup).map_err(|e| Error::io(backup, e))?;
                std::io::copy(&mut input, &mut out).map_err(|e| Error::io(&target, e))?;
                out.sync_all().map_err(|e| Error::io(&target, e))?;
                return Ok(target);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(&target, e)),
        }
    }
    Err(Error::invalid(crate::text::Text::new("input.too_many_restored")))
}

/// True for SQLite's "this file is damaged" answers.
pub fn is_damage(e: &(dyn std::error::Error + 'static)) -> bool {
    let code = e.downcast_ref::<rusqlite::Error>().and_then(rusqlite::Error::sqlite_error_code);
    matches!(code, Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase))
}

/// The error for a damaged case, naming its latest backup if there is one.
pub fn damaged(path: &Path) -> Error {
    Error::Damaged { path: path.to_owned(), backup: backups_of(path).pop() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProfileInput;

    fn new_case(dir: &Path) -> Case {
        let profile = ProfileInput { store_name: "B".into(), region: "CN".into(), ..Default::default() };
        Case::create(&dir.join("shop.closeout"), &profile.into_profile().unwrap()).unwrap()
    }

    #[test]
    fn backups_are_whole_cases_and_only_the_newest_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let case = new_case(dir.path());
        let first = case.backup("test").unwrap();
        assert_eq!(first.parent().unwrap(), dir.path().join("shop.closeout.backups"));
        assert_eq!(Case::open(&first).unwrap().profile().unwrap().store_name, "B");
        for _ in 0..KEEP + 2 {
            case.backup("test").unwrap();
        }
        let kept = backups_of(case.path());
        assert_eq!(kept.len(), KEEP);
        assert!(!kept.contains(&first), "the oldest went first");
        let restored = restore(&kept[0]).unwrap();
        assert_eq!(restored.parent(), Some(dir.path()));
        assert!(restored.file_name().unwrap().to_string_lossy().starts_with("shop restored "));
        assert_ne!(restore(&kept[0]).unwrap(), restored, "never over an earlier copy");
        assert_eq!(Case::open(&restored).unwrap().profile().unwrap().store_name, "B");
        assert_eq!(case.remove_backups().unwrap(), KEEP);
        assert!(backups_of(case.path()).is_empty());
    }
}
