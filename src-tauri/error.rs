//! The one error type of the core. Every error has a stable `code` (for scripts, the UI and
//! tests) and a message written for the person at the keyboard. It crosses IPC as
//! `{"code": …, "message": …}`.

use std::path::{Path, PathBuf};

use serde::ser::SerializeStruct;

/// The core's result: fails with [`Error`] unless another error type is named.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core, each with the words the person reads.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // the fields: each variant's comment says what they hold
pub enum Error {
    /// A new case, or a copy of one for someone else, would land on a file already there.
    #[error("{path}: already exists; Closeout never overwrites a file. Choose another name or open it instead.")]
    AlreadyExists { path: PathBuf },
    /// A file to open or import is not there (any I/O "not found" becomes this).
    #[error("{path}: no such file.")]
    NotFound { path: PathBuf },
    /// The file opened as a case is a folder, empty, not SQLite, or another program's database;
    /// `what` says which.
    #[error("{path}: this is not a Closeout case file ({what}). It was left untouched.")]
    NotACase { path: PathBuf, what: String },
    /// The case's format version (`found`) is above the newest this build can read (`supported`).
    #[error("{path}: this case was written by a newer Closeout (case format {found}, this one reads up to {supported}). Update Closeout to open it; the file was left untouched.")]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },
    /// SQLite reports the case file corrupt; `backup` is its newest copy in the .backups folder,
    /// if there is one.
    #[error("{path}: this case file is damaged and cannot be read. {}", match backup {
        Some(b) => format!("Its latest backup is {}: open that copy (Closeout never changes the damaged file).", b.display()),
        None => "There is no backup of it; import the files again into a new case.".to_owned(),
    })]
    Damaged { path: PathBuf, backup: Option<PathBuf> },
    /// What a person typed or chose does not do (a date, an amount, an unknown rule id).
    #[error("{0}")]
    InvalidInput(String),
    /// A value the case file holds does not read back as what it must be: the file was
    /// changed outside Closeout, or damaged. Never the person's fault, so never `InvalidInput`.
    #[error("{}this case file holds a value Closeout cannot read ({what}). It was changed outside Closeout or is damaged; open its latest backup, in the .backups folder beside it, or import the files again into a new case.",
        path.as_ref().map(|p| format!("{}: ", p.display())).unwrap_or_default())]
    StoredValue { path: Option<PathBuf>, what: String },
    /// Reading or writing a file failed for a reason other than those above.
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// Another connection still held the case's write lock when the busy timeout ran out.
    #[error("the case is busy: another Closeout window or command is writing to it. Try again when it has finished; nothing was changed.")]
    Busy,
    /// The case sits on a read-only disk or folder and the action needs to write to it (or to
    /// migrate it first).
    #[error("{path}: this case is on a disk or in a folder that cannot be written to, so it can be read but not changed. Copy it to a folder of yours (Documents) and open the copy to change it.")]
    ReadOnly { path: PathBuf },
    /// SQLite ran out of disk space; the transaction was rolled back.
    #[error(
        "there is no room left on the disk for the case. Free some space and try again; the case is as it was before."
    )]
    DiskFull,
    /// Any other SQLite failure, passed on as SQLite words it.
    #[error("case file: {0}")]
    Database(rusqlite::Error),
    /// The person cancelled an import while it ran; its transaction was rolled back.
    #[error("cancelled; nothing from that file was kept")]
    Cancelled,
}

impl Error {
    /// Stable, machine-readable code; never renamed once shipped.
    pub fn code(&self) -> &'static str {
        match self {
            Error::AlreadyExists { .. } => "already_exists",
            Error::NotFound { .. } => "not_found",
            Error::NotACase { .. } => "not_a_case",
            Error::NewerSchema { .. } => "newer_schema",
            Error::Damaged { .. } => "damaged",
            Error::InvalidInput(_) => "invalid_input",
            Error::StoredValue { .. } => "stored_value",
            Error::Io { .. } => "io",
            Error::Busy => "busy",
            Error::ReadOnly { .. } => "read_only",
            Error::DiskFull => "disk_full",
            Error::Database(_) => "database",
            Error::Cancelled => "cancelled",
        }
    }

    /// Names the file an I/O failure happened on, making "not found" a `NotFound`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::NotFound { path: path.to_owned() }
        } else {
            Error::Io { path: path.to_owned(), source }
        }
    }

    /// An `InvalidInput` with the given message, which the person reads as is.
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidInput(message.into())
    }

    /// A stored value that does not read back, saying what it is; the case's path is added
    /// where the case is known (`Case::damage_named`).
    pub fn stored(what: impl Into<String>) -> Self {
        Error::StoredValue { path: None, what: what.into() }
    }
}

impl From<rusqlite::Error> for Error {
    /// A lock still held after the connection's busy timeout is the case being written by
    /// someone else, said so in plain words rather than SQLite's "database is locked"; a
    /// column that does not convert is a damaged stored value.
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => Error::Busy,
            Some(rusqlite::ErrorCode::DiskFull) => Error::DiskFull,
            _ => match e {
                rusqlite::Error::FromSqlConversionFailure(column, _, cause) => {
                    Error::stored(format!("column {column}: {cause}"))
                }
                rusqlite::Error::InvalidColumnType(_, name, found) => Error::stored(format!("{name} holds {found}")),
                e => Error::Database(e),
            },
        }
    }
}

impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let backup = match self {
            Error::Damaged { backup: Some(b), .. } => Some(b.display().to_string()),
            _ => None,
        };
        let mut s = serializer.serialize_struct("Error", 2 + usize::from(backup.is_some()))?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.to_string())?;
        // The window offers to open the latest backup of a damaged case.
        if let Some(backup) = backup {
            s.serialize_field("backup", &backup)?;
        }
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crosses_ipc_as_code_and_message() {
        let err = Error::AlreadyExists { path: "a.closeout".into() };
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "already_exists",
                "message": "a.closeout: already exists; Closeout never overwrites a file. Choose another name or open it instead."
            })
        );
    }

    #[test]
    fn invalid_input_keeps_its_message() {
        let json = serde_json::to_value(Error::invalid("bad date")).unwrap();
        assert_eq!(json["code"], "invalid_input");
        assert_eq!(json["message"], "bad date");
    }
}
