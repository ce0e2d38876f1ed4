//! Storing what the importers read: one transaction per file, so a crash, a kill or a Cancel
//! leaves the case exactly as it was before that file.
//!
//! `Case::import_file` is a short list of stages: skip bytes imported before, open the file's
//! row, read and write at once (`pipeline`), each row through the `writer` (which counts it
//! once), complete the file's row, then merge its orders with earlier files' (`merge`). An
//! order no earlier file had goes straight into `orders`; only orders seen before wait in
//! `order_observations` until the file's latest event is known and the merge keys compare.

mod merge;
mod pipeline;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use super::sql::seconds;
use super::{now_text, Case};
use crate::error::{Error, Result};
use crate::import::{self, FileInfo, Format, ReadOptions, RefusedAs, Rejected, UnknownLayout};
use crate::locale::Lang;
use crate::model::OrderState;
use crate::text::Text;
use writer::{RecordWriter, Written};

pub(super) use merge::{merge_rank, promote_best_observations};

/// Page cache during an import, in KiB (SQLite's negative `cache_size`): the B-tree pages
/// being appended stay in memory, inside the 150 MB a 1M-row import may use. The window's
/// binary starts at about 55 MB (WebKitGTK's libraries load even for the CLI), so 32 MiB, not 64.
const IMPORT_CACHE_KIB: i64 = -32_768;

/// What importing one file did, as `import --json` reports it. Every data row read is counted
/// once: `rows = new + updated + unchanged + duplicates + rejected rows` (docs/formats.md).
/// Its messages (`M`) are [`Text`] as the core makes them, and strings once
/// [`FileReport::spoken`] has put them into the reader's language for printing or the window.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport<M = Text> {
    /// The file as it was given, for display.
    pub path: String,
    /// What the file was read as; `None` when it was refused before its format was known.
    pub format: Option<Format>,
    /// Whether its rows were stored, were in the case already, or the file was refused.
    pub status: ImportStatus,
    /// Data rows read (header, blank and footer lines are not data).
    pub rows: u64,
    /// Rows that added an order, or a statement line, the case did not have.
    pub new: u64,
    /// Orders seen before whose merged record this file changed.
    pub updated: u64,
    /// Rows for orders or lines already in the case, which this file left as they were.
    pub unchanged: u64,
    /// Rows that repeat an earlier row of the same file exactly: kept once.
    pub duplicates: Vec<DuplicateRow>,
    /// Rows that could not be read, kept aside in `rejected_rows` for the person to look at.
    pub rejected_rows: Vec<RejectedRow<M>>,
    /// Orders stored with a status text Closeout does not know (their state is unknown).
    pub unknown_labels: Vec<UnknownLabel>,
    /// Why the file was not imported; `None` when it was.
    pub error: Option<M>,
    /// For a rejected table in a layout no format knows: its headers, to map by hand.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown_layout: Option<UnknownLayout>,
    /// The file is an encrypted zip and no (or a wrong) password was given: ask and retry.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub needs_password: bool,
    /// What a rejected file was taken for, where Closeout can name it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused_as: Option<RefusedAs>,
    /// Kept-aside rows dismissed when these same bytes were imported before (and then
    /// removed): dismissed again, with their notes, and said so.
    pub dismissed_again: u64,
}

impl FileReport {
    /// This report, for a file the importer refused: nothing of it was kept, so no row counts.
    /// A bank statement refused for a store outside mainland China is told its own way through
    /// (a typed balance), not sent to Alipay's Chinese menus: such stores are often paid to a bank.
    fn refused(mut self, rejected: Rejected, region: crate::model::Region) -> FileReport {
        let bank_paid = region != crate::model::Region::CN && rejected.refused_as == Some(RefusedAs::Bank);
        self.error = Some(if bank_paid { Text::new("import.bank_statement_elsewhere") } else { rejected.message() });
        self.unknown_layout = rejected.unknown_layout.map(|layout| *layout);
        self.needs_password = rejected.needs_password;
        self.refused_as = rejected.refused_as;
        self.rows = 0;
        self.duplicates.clear();
        self.rejected_rows.clear();
        self.unknown_labels.clear();
        self
    }

    /// The report with its messages in `lang`, as `import` prints it and the window shows it.
    pub fn spoken(self, lang: Lang) -> FileReport<String> {
        FileReport {
            path: self.path,
            format: self.format,
            status: self.status,
            rows: self.rows,
            new: self.new,
            updated: self.updated,
            unchanged: self.unchanged,
            duplicates: self.duplicates,
            rejected_rows: self.rejected_rows.into_iter().map(|r| r.spoken(lang)).collect(),
            unknown_labels: self.unknown_labels,
            error: self.error.map(|e| e.render(lang)),
            unknown_layout: self.unknown_layout,
            needs_password: self.needs_password,
            refused_as: self.refused_as,
            dismissed_again: self.dismissed_again,
        }
    }

    /// A report for a file that was not imported, with the reason.
    pub fn rejected(path: &Path, error: Option<Text>) -> FileReport {
        FileReport {
            path: path.display().to_string(),
            format: None,
            status: ImportStatus::Rejected,
            rows: 0,
            new: 0,
            updated: 0,
            unchanged: 0,
            duplicates: Vec::new(),
            rejected_rows: Vec::new(),
            unknown_labels: Vec::new(),
            error,
            unknown_layout: None,
            needs_password: false,
            refused_as: None,
            dismissed_again: 0,
        }
    }
}

/// What became of a file given to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportStatus {
    /// Its rows were read and stored, in one transaction.
    Imported,
    /// A file with exactly these bytes is in the case already: nothing changed.
    AlreadyImported,
    /// Nothing of it was kept: refused by the importer, unreadable or gone (`error` says why).
    Rejected,
}

/// A row of the file that could not be read, kept aside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedRow<M = Text> {
    /// Where in the file the row starts, as its importer counts lines.
    pub line: u64,
    /// The header of the column that could not be read.
    pub column: String,
    /// What was wrong: a message, or its words once spoken.
    pub reason: M,
}

impl RejectedRow {
    /// The row with its reason in `lang`.
    pub fn spoken(self, lang: Lang) -> RejectedRow<String> {
        RejectedRow { line: self.line, column: self.column, reason: self.reason.render(lang) }
    }
}

/// A row that repeats an earlier one of the same file in everything Closeout reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateRow {
    /// The repeating row's line in the file.
    pub line: u64,
    /// The line it repeats.
    pub repeats: u64,
}

/// An order status text no known export uses: the order is stored, in an unknown state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnknownLabel {
    /// The order's line in the file.
    pub line: u64,
    /// The header of the status column.
    pub column: String,
    /// The status text as the file had it.
    pub value: String,
}

/// An imported file, as `closeout files` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ImportedFile {
    /// Its row id in `imported_files`, as `closeout forget` takes it.
    pub id: i64,
    /// The file's name as imported, without its folder.
    pub name: String,
    /// What the file was read as.
    pub format: Format,
    /// The file's size in bytes.
    pub size: u64,
    /// The SHA-256 of its bytes, lowercase hex: how a second import of the same file is known.
    pub sha256: String,
    /// Data rows read, and of those the ones kept aside and the exact repeats kept once.
    pub rows: u64,
    /// Of those rows, the ones kept aside.
    pub rejected: u64,
    /// Of those rows, the exact repeats of an earlier row, kept once.
    pub duplicates: u64,
    /// When it was imported, RFC 3339 in UTC to the second.
    pub imported_at: String,
}

/// The span of time an imported file covers, as dates in the case's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilePeriod {
    /// The file's id in `imported_files`.
    pub file_id: i64,
    /// What the file was read as.
    pub format: Format,
    /// The day of its first event: an export's first order, a statement's period start.
    pub first: chrono::NaiveDate,
    /// The day of its last event (or its period's end).
    pub last: chrono::NaiveDate,
}

/// A row kept aside, with what became of it; its reason (`M`) a message until
/// [`QuarantinedRow::spoken`] puts it into words.
#[derive(Debug, Clone, Serialize)]
pub struct QuarantinedRow<M = Text> {
    /// Its row id in `rejected_rows`, as dismissing it takes it.
    pub id: i64,
    /// The name of the file it came from, as imported.
    pub file: String,
    /// Where in that file the row starts, as its importer counts lines.
    pub line: u64,
    /// The header of the column that could not be read.
    pub column: String,
    /// What was wrong. Rows stored by older versions, in English, read back as written.
    pub reason: M,
    /// The row's text as the file had it (emptied by a purge).
    pub raw: String,
    /// Why the person dismissed it; `None` while it is still open.
    pub dismissed_note: Option<String>,
    /// When it was dismissed, RFC 3339 in UTC.
    pub dismissed_at: Option<String>,
    /// `seller` or `bookkeeper`.
    pub dismissed_by: Option<String>,
    /// For an order row, the state its status still showed.
    pub state: Option<OrderState>,
}

impl QuarantinedRow {
    /// The row with its reason in `lang`, as `rejections` prints it and the window lists it.
    pub fn spoken(self, lang: Lang) -> QuarantinedRow<String> {
        QuarantinedRow {
            id: self.id,
            file: self.file,
            line: self.line,
            column: self.column,
            reason: self.reason.render(lang),
            raw: self.raw,
            dismissed_note: self.dismissed_note,
            dismissed_at: self.dismissed_at,
            dismissed_by: self.dismissed_by,
            state: self.state,
        }
    }
}

impl Case {
    /// Imports one file: detects its format, reads it, and stores it in one transaction.
    /// A file whose exact bytes are already in the case changes nothing. `password` opens an
    /// encrypted zip.
    pub fn import_file(
        &mut self,
        path: &Path,
        password: Option<&str>,
        cancel: &AtomicBool,
        progress: import::Progress,
    ) -> Result<FileReport> {
        // Room for the import's working set, so pages are not spilled to the WAL and read back
        // mid-transaction; the connection's usual size comes back however the import ends.
        let cache_size: i64 = self.conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", IMPORT_CACHE_KIB)?;
        let report = self.store_file(path, password, cancel, progress);
        self.conn.pragma_update(None, "cache_size", cache_size)?;
        report
    }

    /// Imports each file in its own transaction, in order: a file that is gone or cannot be
    /// read is reported as not imported, and the others go on. `progress` hears the file's
    /// index with its bytes done and total.
    pub fn import_files(
        &mut self,
        paths: &[PathBuf],
        password: Option<&str>,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(usize, u64, u64),
    ) -> Result<Vec<FileReport>> {
        let mut reports = Vec::with_capacity(paths.len());
        for (index, path) in paths.iter().enumerate() {
            let report = match self.import_file(path, password, cancel, &mut |done, total| progress(index, done, total))
            {
                Ok(report) => report,
                Err(e @ (Error::NotFound { .. } | Error::Io { .. })) => FileReport::rejected(path, Some(e.message())),
                Err(e) => return Err(e),
            };
            reports.push(report);
        }
        Ok(reports)
    }

    /// `import_file` with the page cache set up.
    fn store_file(
        &mut self,
        path: &Path,
        password: Option<&str>,
        cancel: &AtomicBool,
        progress: import::Progress,
    ) -> Result<FileReport> {
        let mut report = FileReport::rejected(path, None);
        let size = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
        let hashed_first = self.hash_if_maybe_imported(path, size, cancel)?;
        if let Some(format) = self.format_imported_as(hashed_first.as_deref())? {
            report.status = ImportStatus::AlreadyImported;
            report.format = Some(format);
            return Ok(report);
        }
        let profile = self.profile()?;
        let region = profile.region;
        let options = ReadOptions {
            password: password.map(str::to_owned),
            currency: profile.settlement_currency,
            order_profiles: self.column_profiles()?,
        };
        let tx = self.conn.transaction()?;
        let file_id = open_file_row(&tx, path, size, hashed_first.as_deref())?;
        let mut writer = RecordWriter::new(&tx, file_id)?;
        let read = pipeline::read_and_write(path, &options, hashed_first.is_none(), cancel, progress, &mut |row| {
            writer.write(row, &mut report)
        })?; // on an error the transaction rolls back on drop
        let info = match read.outcome {
            Ok(info) => info,
            Err(rejected) => return Ok(report.refused(rejected, region)),
        };
        let written = writer.finish();
        complete_file_row(&tx, file_id, read.sha256.as_deref(), &info, &written, &report)?;
        count_against_earlier_files(&tx, file_id, info.format, &written, &mut report)?;
        report.dismissed_again = dismiss_again(&tx, file_id)?;
        tx.commit()?;
        report.status = ImportStatus::Imported;
        report.format = Some(info.format);
        Ok(report)
    }

    /// The file's hash, worked out first only when a file of its size was imported before:
    /// only then can it be the same bytes. (Otherwise it is hashed while it is read.)
    fn hash_if_maybe_imported(&self, path: &Path, size: u64, cancel: &AtomicBool) -> Result<Option<String>> {
        let same_size: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM imported_files WHERE size = ?1)",
            [size as i64],
            |r| r.get(0),
        )?;
        if !same_size {
            return Ok(None);
        }
        pipeline::hash_file(path, &|| cancel.load(Ordering::Relaxed)).map(Some)
    }

    /// The format of the imported file with this hash, if its bytes are in the case already.
    fn format_imported_as(&self, sha256: Option<&str>) -> Result<Option<Format>> {
        let Some(sha256) = sha256 else { return Ok(None) };
        Ok(self
            .conn
            .query_row("SELECT format FROM imported_files WHERE sha256 = ?1", [sha256], |r| r.get(0))
            .optional()?)
    }
}

/// The file's row in `imported_files`, before its format (and maybe its hash) is known; it is
/// completed inside the same transaction once reading is done.
fn open_file_row(tx: &Transaction<'_>, path: &Path, size: u64, sha256: Option<&str>) -> Result<i64> {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    tx.execute(
        "INSERT INTO imported_files (name, format, size, sha256, rows, rejected, imported_at)
         VALUES (?1, '', ?2, ?3, 0, 0, ?4)",
        params![name, size as i64, sha256.unwrap_or(""), now_text()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Completes the file's row: its format, hash (when it was worked out while reading), counts,
/// and coverage: an order export covers its first to last order; a statement its period.
fn complete_file_row(
    tx: &Transaction<'_>,
    file_id: i64,
    sha256: Option<&str>,
    info: &FileInfo,
    written: &Written,
    report: &FileReport,
) -> Result<()> {
    if let Some(sha256) = sha256 {
        tx.execute("UPDATE imported_files SET sha256 = ?2 WHERE id = ?1", params![file_id, sha256])?;
    }
    let (first, last) = match info.format {
        Format::AliexpressOrders => (written.first_event, written.last_event),
        _ => (info.period_start.or(written.first_event), info.period_end.or(written.last_event)),
    };
    tx.execute(
        "UPDATE imported_files SET format = ?2, rows = ?3, rejected = ?4, duplicates = ?8, first_event = ?5,
                last_event = ?6, latest_event = ?7
         WHERE id = ?1",
        params![
            file_id,
            info.format,
            report.rows as i64,
            report.rejected_rows.len() as i64,
            seconds(first),
            seconds(last),
            seconds(written.latest_event),
            report.duplicates.len() as i64,
        ],
    )?;
    Ok(())
}

/// Fills the report's new / updated / unchanged, by the file's format.
fn count_against_earlier_files(
    tx: &Transaction<'_>,
    file_id: i64,
    format: Format,
    written: &Written,
    report: &mut FileReport,
) -> Result<()> {
    match format {
        // A file of orders no earlier file had (the first export, a new quarter) has nothing
        // to merge.
        Format::AliexpressOrders if written.seen_rows > 0 => merge::merge_file(tx, file_id, written.new_rows, report),
        Format::AliexpressFundRelease | Format::AliexpressRefunds => {
            merge::count_deduplicated(tx, format, file_id, report)
        }
        // Statement rows, and orders that were all new, were counted as they were written.
        _ => {
            (report.new, report.unchanged) = (written.new_rows, written.seen_rows);
            Ok(())
        }
    }
}

/// Dismisses again the kept-aside rows of a file whose same bytes were imported, dismissed and
/// removed before; returns how many.
fn dismiss_again(tx: &Transaction<'_>, file_id: i64) -> Result<u64> {
    let again = tx.execute(
        "UPDATE rejected_rows SET dismissed_note = k.note, dismissed_at = k.dismissed_at, dismissed_by = k.dismissed_by
         FROM kept_dismissals k JOIN imported_files f ON f.sha256 = k.sha256
         WHERE f.id = ?1 AND rejected_rows.file_id = ?1 AND rejected_rows.line = k.line
           AND rejected_rows.column_name = k.column_name",
        [file_id],
    )?;
    if again > 0 {
        tx.execute(
            "DELETE FROM kept_dismissals WHERE sha256 = (SELECT sha256 FROM imported_files WHERE id = ?1)",
            [file_id],
        )?;
    }
    Ok(again as u64)
}
