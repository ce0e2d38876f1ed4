//! Where "Open" puts an attachment's bytes for the system's viewer: one folder for this run of
//! the window, made on the first Open, readable by this user only (0700 on Unix; on Windows the
//! per-user temp folder is private already), and removed with what is in it when the app exits.
//! The folder is made new (never an existing one, nor one a link points at), so another user of
//! a shared /tmp can neither read what is opened nor slip a file in its place.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

/// This run's folder of opened attachments, once one was opened.
#[derive(Debug, Default)]
pub struct OpenedFolder(Mutex<Option<PathBuf>>);

impl OpenedFolder {
    /// The folder, made under `base` (the temp folder) the first time.
    pub fn get(&self, base: &Path) -> io::Result<PathBuf> {
        let mut slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(dir) = slot.as_ref().filter(|dir| dir.is_dir()) {
            return Ok(dir.clone());
        }
        let dir = make_private(base)?;
        *slot = Some(dir.clone());
        Ok(dir)
    }

    /// Removes the folder and the copies in it (a viewer may still show one; that is its copy).
    pub fn remove(&self) {
        if let Some(dir) = self.0.lock().unwrap_or_else(PoisonError::into_inner).take() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// A new folder under `base` that only this user may enter.
fn make_private(base: &Path) -> io::Result<PathBuf> {
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    for attempt in 0..64u32 {
        let dir = base.join(format!("closeout-opened-{}-{stamp}-{attempt}", std::process::id()));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        match builder.create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(io::ErrorKind::AlreadyExists, "no unused folder name for opened attachments"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_is_private_kept_for_the_run_and_removed_at_the_end() {
        let base = std::env::temp_dir();
        let opened = OpenedFolder::default();
        let dir = opened.get(&base).unwrap();
        assert!(dir.is_dir() && dir.starts_with(&base));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        }
        std::fs::write(dir.join("a.png"), b"x").unwrap();
        assert_eq!(opened.get(&base).unwrap(), dir, "one folder per run");
        let other = OpenedFolder::default().get(&base).unwrap();
        assert_ne!(other, dir, "never an existing folder");
        std::fs::remove_dir(other).unwrap();
        opened.remove();
        assert!(!dir.exists());
    }
}
