//! The one error type of the core. Every error has a stable `code` (for scripts, the UI and
//! tests) and a message written for the person at the keyboard, from the catalogue, in their
//! language. It knows no storage and no face: the case turns SQLite's failures into it
//! (`case/sql.rs`), and each face puts it into words (the window's `{code, message}` form lives
//! with the window).

use std::path::{Path, PathBuf};

use crate::text::Text;

/// The core's result: fails with [`Error`] unless another error type is named.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core, each with the words the person reads: its
/// [`Error::message`] in their language (`Display` is the English, for logs and tests).
#[derive(Debug)]
#[allow(missing_docs)] // the fields: each variant's comment says what they hold
pub enum Error {
    /// A new case, or a copy of one for someone else, would land on a file already there.
    AlreadyExists { path: PathBuf },
    /// A file to open or import is not there (any I/O "not found" becomes this).
    NotFound { path: PathBuf },
    /// The file opened as a case is a folder, empty, not SQLite, or another program's database;
    /// `what` says which.
    NotACase { path: PathBuf, what: Text },
    /// The case's format version (`found`) is above the newest this build can read (`supported`).
    NewerSchema { path: PathBuf, found: i64, supported: i64 },
    /// SQLite reports the case file corrupt; `backup` is its newest copy in the .backups folder,
    /// if there is one.
    Damaged { path: PathBuf, backup: Option<PathBuf> },
    /// What a person typed or chose does not do (a date, an amount, an unknown rule id): the
    /// message, with what they typed among its values.
    InvalidInput(Text),
    /// A value the case file holds does not read back as what it must be: the file was
    /// changed outside Closeout, or damaged. Never the person's fault, so never `InvalidInput`.
    StoredValue { path: Option<PathBuf>, what: Text },
    /// Reading or writing a file failed for a reason other than those above.
    Io { path: PathBuf, source: std::io::Error },
    /// Another connection still held the case's write lock when the busy timeout ran out.
    Busy,
    /// The case sits on a read-only disk or folder and the action needs to write to it (or to
    /// migrate it first).
    ReadOnly { path: PathBuf },
    /// SQLite ran out of disk space; the transaction was rolled back.
    DiskFull,
    /// Any other failure of the case's storage, passed on as the storage words it.
    Database(Box<dyn std::error::Error + Send + Sync>),
    /// The person cancelled an import while it ran; its transaction was rolled back.
    Cancelled,
    /// Closeout itself failed (drawing a PDF, writing a workbook, a worker thread): not the
    /// person's input and not their file, so its own code and exit status; the message says
    /// what was being done.
    Internal(Text),
}

impl std::fmt::Display for Error {
    /// The message in English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Database(e) => Some(e.as_ref()),
            _ => None,
        }
    }
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
            Error::Internal(_) => "internal",
        }
    }

    /// Names the file an I/O failure happened on, making "not found" a `NotFound`, and a folder
    /// opened as a file a folder on every system (Windows answers "access denied").
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        match source.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound { path: path.to_owned() },
            _ if path.is_dir() => Error::Io { path: path.to_owned(), source: std::io::ErrorKind::IsADirectory.into() },
            _ => Error::Io { path: path.to_owned(), source },
        }
    }

    /// An `InvalidInput` with the given message, put into the reader's words where it is shown.
    pub fn invalid(message: Text) -> Self {
        Error::InvalidInput(message)
    }

    /// An `Internal` failure: `what` says what Closeout was doing, with the cause among its values.
    pub fn internal(what: Text) -> Self {
        Error::Internal(what)
    }

    /// What went wrong, as a message for the person: paths, values and the system's own words
    /// (an I/O error, SQLite's) are its values.
    pub fn message(&self) -> Text {
        let path = |key: &str, path: &Path| Text::new(key).with("path", path.display());
        match self {
            Error::AlreadyExists { path: p } => path("err.already_exists", p),
            Error::NotFound { path: p } => path("err.not_found", p),
            Error::NotACase { path: p, what } => path("err.not_a_case", p).with_text("what", what.clone()),
            Error::NewerSchema { path: p, found, supported } => {
                path("err.newer_schema", p).with("found", found).with("supported", supported)
            }
            Error::Damaged { path: p, backup: Some(backup) } => {
                path("err.damaged_backup", p).with("backup", backup.display())
            }
            Error::Damaged { path: p, backup: None } => path("err.damaged", p),
            Error::InvalidInput(message) => message.clone(),
            Error::StoredValue { path: Some(p), what } => {
                path("err.stored_value_in", p).with_text("what", what.clone())
            }
            Error::StoredValue { path: None, what } => Text::new("err.stored_value").with_text("what", what.clone()),
            Error::Io { path: p, source } => path("err.io", p).with_text("why", Text::of_io(source)),
            Error::Busy => Text::new("err.busy"),
            Error::ReadOnly { path: p } => path("err.read_only", p),
            Error::DiskFull => Text::new("err.disk_full"),
            Error::Database(e) => Text::new("err.database").with("why", e),
            Error::Cancelled => Text::new("err.cancelled"),
            Error::Internal(what) => Text::new("err.internal").with_text("what", what.clone()),
        }
    }

    /// A stored value that does not read back, saying what it is; the case's path is added
    /// where the case is known (`Case::damage_named`).
    pub fn stored(what: Text) -> Self {
        Error::StoredValue { path: None, what }
    }
}

impl Error {
    /// The form field a refused value was typed in, named as the window's inputs name it
    /// (`store_name`, `timezone`, `available` …), so the window can put the message there.
    pub fn field(&self) -> Option<&str> {
        let Error::InvalidInput(text) = self else { return None };
        Some(match text.key.as_str() {
            "input.store_name_empty" | "input.store_name_long" => "store_name",
            "input.unknown_region" => "region",
            "input.unknown_timezone" => "timezone",
            "input.not_a_currency" => "settlement_currency",
            "input.notes_long" => "notes",
            "input.note_long" | "input.say_why_not_applicable" | "input.say_why_dismissed" => "note",
            "input.not_a_date" => "date",
            // The amount's own name: `balance.field.available` is typed in `available`.
            "input.balance_not_an_amount" | "input.balance_negative" => {
                let (_, name) = text.nested.iter().find(|(hole, _)| hole == "name")?;
                name.key.strip_prefix("balance.field.")?
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Lang;

    #[test]
    fn a_refused_value_names_its_field() {
        let name = Error::invalid(Text::new("input.store_name_empty"));
        assert_eq!(name.field(), Some("store_name"));
        let amount = Error::invalid(
            Text::new("input.balance_not_an_amount")
                .with_text("name", Text::new("balance.field.frozen"))
                .with("value", "x"),
        );
        assert_eq!(amount.field(), Some("frozen"));
        assert_eq!(Error::Busy.field(), None);
    }

    #[test]
    fn an_internal_failure_is_not_the_persons_input() {
        let err = Error::internal(Text::new("internal.pdf_failed").with("why", "glyph 7"));
        assert_eq!(err.code(), "internal");
        assert!(err.to_string().contains("glyph 7"), "{err}");
        assert_ne!(err.message().render(Lang::ZhCn), err.to_string());
    }

    #[test]
    fn every_error_speaks_either_language() {
        let err = Error::invalid(Text::new("input.unknown_timezone").with("value", "Atlantis"));
        assert!(err.to_string().starts_with("Unknown time zone \"Atlantis\""), "{err}");
        assert!(
            err.message().render(Lang::ZhCn).starts_with("未知的时区“Atlantis”"),
            "{}",
            err.message().render(Lang::ZhCn)
        );
        let damaged = Error::Damaged { path: "a.closeout".into(), backup: None };
        assert_eq!(
            damaged.message().render(Lang::ZhCn),
            "a.closeout：这个档案文件已损坏，无法读取。它没有备份；请把文件重新导入到一个新档案中。"
        );
        for err in [Error::Busy, Error::DiskFull, Error::Cancelled, Error::ReadOnly { path: "a".into() }] {
            assert_ne!(err.message().render(Lang::ZhCn), err.to_string(), "{err}");
        }
    }
}
