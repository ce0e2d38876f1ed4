//! Storing what the importers read: one transaction per file, so a crash, a kill or a Cancel
//! leaves the case exactly as it was before that file.
//!
//! Each file's view of an order is an *observation*, stored once: the `orders` table holds, per
//! order, the observation with the most recent information, and `order_observations` the
//! others (kept so that forgetting a file can bring back what it overrode). "Most recent" is a
//! sortable key (the observation's latest event, then the file's latest event, then how final
//! the state is, then its rank, then the file's hash), so the merged result is the same
//! whatever order files arrive in. An order no earlier file had goes straight into `orders`;
//! only orders seen before wait in `order_observations` until the file's latest event is known
//! and the keys can be compared.

use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{now_text, Case, Undo};
use crate::error::{Error, Result};
use crate::import::{self, ColumnProfile, Format, ReadOptions, Record, RefusedAs, RowProblem, UnknownLayout};
use crate::model::{Money, OrderState, Profile};
use crate::rules::{OrderFacts, OrderFold, OrderTimes, Rejection, Who, YearMonth};

/// What importing one file did, as `import --json` reports it. Every data row read is counted
/// once: `rows = new + updated + unchanged + duplicates + rejected rows` (docs/formats.md).
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub format: Option<Format>,
    pub status: ImportStatus,
    /// Data rows read (header, blank and footer lines are not data).
    pub rows: u64,
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Rows that repeat an earlier row of the same file exactly: kept once.
    pub duplicates: Vec<DuplicateRow>,
    pub rejected_rows: Vec<RejectedRow>,
    pub unknown_labels: Vec<UnknownLabel>,
    pub error: Option<String>,
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
    /// A report for a file that was not imported, with the reason.
    pub fn rejected(path: &Path, error: Option<String>) -> FileReport {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportStatus {
    Imported,
    AlreadyImported,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedRow {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

/// A row that repeats an earlier one of the same file in everything Closeout reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateRow {
    pub line: u64,
    /// The line it repeats.
    pub repeats: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnknownLabel {
    pub line: u64,
    pub column: String,
    pub value: String,
}

/// An imported file, as `closeout files` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ImportedFile {
    pub id: i64,
    pub name: String,
    pub format: String,
    pub size: u64,
    pub sha256: String,
    /// Data rows read, and of those the ones kept aside and the exact repeats kept once.
    pub rows: u64,
    pub rejected: u64,
    pub duplicates: u64,
    pub imported_at: String,
}

/// The span of time an imported file covers, as dates in the case's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilePeriod {
    pub file_id: i64,
    pub format: String,
    pub first: chrono::NaiveDate,
    pub last: chrono::NaiveDate,
}

/// A row kept aside, with what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct QuarantinedRow {
    pub id: i64,
    pub file: String,
    pub line: u64,
    pub column: String,
    pub reason: String,
    pub raw: String,
    pub dismissed_note: Option<String>,
    pub dismissed_at: Option<String>,
    /// `seller` or `bookkeeper`.
    pub dismissed_by: Option<String>,
    /// For an order row, the state its status still showed (`OrderState::as_str`).
    pub state: Option<String>,
}

/// Rows per batch handed from the reading thread to the writing one, and batches in flight.
const BATCH_ROWS: usize = 256;
const QUEUE_BATCHES: usize = 16;
/// Page cache during an import, in KiB (SQLite's negative `cache_size`): the B-tree pages
/// being appended stay in memory, inside the 150 MB a 1M-row import may use. The window's
/// binary starts at about 55 MB (WebKitGTK's libraries load even for the CLI), so 32 MiB, not 64.
const IMPORT_CACHE_KIB: i64 = -32_768;

/// What the reading thread hands the writing one, in file order.
enum Batch {
    Rows(Vec<Result<Record, RowProblem>>),
    Progress(u64, u64),
}

/// A file that stops giving bytes once the import is cancelled or its writer gave up, so the
/// reader ends within a buffer instead of parsing the rest of the file for nothing.
struct Stoppable<'a, R> {
    inner: R,
    cancel: &'a AtomicBool,
    stop: &'a AtomicBool,
}

impl<R: Read> Read for Stoppable<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.cancel.load(Ordering::Relaxed) || self.stop.load(Ordering::Relaxed) {
            return Err(std::io::Error::other("the import was stopped"));
        }
        self.inner.read(buf)
    }
}

impl<R: Seek> Seek for Stoppable<'_, R> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(to)
    }
}

/// Column headers the contract names for an unknown status, and for a repeated order id.
const STATUS_COLUMN: &str = "订单状态";
const ORDER_ID_COLUMN: &str = "订单号";

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

    /// `import_file` with the page cache set up.
    fn store_file(
        &mut self,
        path: &Path,
        password: Option<&str>,
        cancel: &AtomicBool,
        progress: import::Progress,
    ) -> Result<FileReport> {
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let mut report = FileReport::rejected(path, None);
        // The same bytes imported before change nothing. Only a file of the same size can be
        // them, so only then is the file hashed first; otherwise its hash is worked out on a
        // third thread while it is read and stored.
        let size = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
        let same_size: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM imported_files WHERE size = ?1)",
            [size as i64],
            |r| r.get(0),
        )?;
        let hashed_first = if same_size { Some(hash_file(path, &|| cancel.load(Ordering::Relaxed))?) } else { None };
        if let Some(sha256) = &hashed_first {
            let known: Option<String> = self
                .conn
                .query_row("SELECT format FROM imported_files WHERE sha256 = ?1", [sha256], |r| r.get(0))
                .optional()?;
            if let Some(format) = known {
                report.status = ImportStatus::AlreadyImported;
                report.format = format_named(&format);
                return Ok(report);
            }
        }

        let options = ReadOptions {
            password: password.map(str::to_owned),
            currency: self.profile()?.settlement_currency,
            order_profiles: self.column_profiles()?,
        };
        let file = BufReader::new(File::open(path).map_err(|e| Error::io(path, e))?);
        let tx = self.conn.transaction()?;
        // The format (and maybe the hash) is known once reading is done; the row is completed
        // below, inside the same transaction.
        tx.execute(
            "INSERT INTO imported_files (name, format, size, sha256, rows, rejected, imported_at)
             VALUES (?1, '', ?2, ?3, 0, 0, ?4)",
            params![name, size as i64, hashed_first.as_deref().unwrap_or(""), now_text()],
        )?;
        let file_id = tx.last_insert_rowid();
        let mut writer = RecordWriter::new(&tx, file_id)?;
        let mut failure: Option<Error> = None;
        // Reading and parsing run on a second thread while this one writes, so the two overlap;
        // rows cross in small batches through a bounded queue, so memory stays flat. Cancel, or
        // a write that fails, also stops the reader (its source stops giving bytes).
        let stop = AtomicBool::new(false);
        let source = Stoppable { inner: file, cancel, stop: &stop };
        let (outcome, hashed) = std::thread::scope(|scope| {
            let stopped = || cancel.load(Ordering::Relaxed) || stop.load(Ordering::Relaxed);
            let hasher = hashed_first.is_none().then(|| scope.spawn(move || hash_file(path, &stopped)));
            let (queue, received) = std::sync::mpsc::sync_channel::<Batch>(QUEUE_BATCHES);
            let options = &options;
            let reader = scope.spawn(move || {
                // Both callbacks hand over the rows read so far, so progress follows its rows.
                let rows = std::cell::RefCell::new(Vec::with_capacity(BATCH_ROWS));
                let flush = || {
                    let batch = std::mem::replace(&mut *rows.borrow_mut(), Vec::with_capacity(BATCH_ROWS));
                    // Sending fails only once the writer gave up; `stop` then ends the reading.
                    let _ = queue.send(Batch::Rows(batch));
                };
                let outcome = import::read_file(
                    source,
                    options,
                    &mut |row| {
                        rows.borrow_mut().push(row);
                        if rows.borrow().len() == BATCH_ROWS {
                            flush();
                        }
                    },
                    &mut |done, total| {
                        flush();
                        let _ = queue.send(Batch::Progress(done, total));
                    },
                );
                flush();
                outcome
            });
            for batch in received {
                match batch {
                    Batch::Rows(rows) => {
                        for row in rows {
                            if cancel.load(Ordering::Relaxed) {
                                failure = Some(Error::Cancelled);
                            } else if let Err(e) = writer.write(row, &mut report) {
                                failure = Some(e);
                            }
                            if failure.is_some() {
                                break;
                            }
                        }
                    }
                    Batch::Progress(done, total) => progress(done, total),
                }
                if failure.is_some() {
                    stop.store(true, Ordering::Relaxed);
                    break;
                }
            }
            let outcome = reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            if outcome.is_err() {
                stop.store(true, Ordering::Relaxed); // a rejected file needs no hash
            }
            let hashed = hasher.map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
            (outcome, hashed)
        });
        if cancel.load(Ordering::Relaxed) {
            failure.get_or_insert(Error::Cancelled);
        }
        if let Some(e) = failure {
            return Err(e); // the transaction rolls back on drop
        }
        let info = match outcome {
            Ok(info) => info,
            Err(rejected) => {
                report.error = Some(rejected.to_string());
                report.unknown_layout = rejected.unknown_layout.map(|layout| *layout);
                report.needs_password = rejected.needs_password;
                report.refused_as = rejected.refused_as;
                report.rows = 0;
                report.duplicates.clear();
                report.rejected_rows.clear();
                report.unknown_labels.clear();
                return Ok(report);
            }
        };
        if let Some(hashed) = hashed {
            tx.execute("UPDATE imported_files SET sha256 = ?2 WHERE id = ?1", params![file_id, hashed?])?;
        }
        let latest = writer.latest_event;
        let (new_rows, seen_rows) = (writer.new_rows, writer.seen_rows);
        // Coverage: an order export covers its first to last order; a statement its period.
        let (first, last) = match info.format {
            Format::AliexpressOrders => (writer.first_placed, writer.last_placed),
            _ => (info.period_start.or(writer.first_placed), info.period_end.or(writer.last_placed)),
        };
        drop(writer);
        tx.execute(
            "UPDATE imported_files SET format = ?2, rows = ?3, rejected = ?4, duplicates = ?8, first_event = ?5,
                    last_event = ?6, latest_event = ?7
             WHERE id = ?1",
            params![
                file_id,
                info.format.as_str(),
                report.rows as i64,
                report.rejected_rows.len() as i64,
                ts(first),
                ts(last),
                ts(latest),
                report.duplicates.len() as i64,
            ],
        )?;
        match info.format {
            // A file of orders no earlier file had (the first export, a new quarter) has
            // nothing to merge.
            Format::AliexpressOrders if seen_rows > 0 => merge_file(&tx, file_id, new_rows, &mut report)?,
            Format::AliexpressFundRelease | Format::AliexpressRefunds => {
                count_deduplicated(&tx, info.format, file_id, &mut report)?
            }
            // Statement rows, and orders that were all new, were counted as they were written.
            _ => (report.new, report.unchanged) = (new_rows, seen_rows),
        }
        report.dismissed_again = dismiss_again(&tx, file_id)?;
        tx.commit()?;
        report.status = ImportStatus::Imported;
        report.format = Some(info.format);
        Ok(report)
    }

    /// The column mappings saved in this case, oldest first.
    pub fn column_profiles(&self) -> Result<Vec<ColumnProfile>> {
        let mut stmt = self.conn.prepare("SELECT name, columns FROM column_profiles ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|row| {
            let (name, columns) = row?;
            let columns = serde_json::from_str(&columns)
                .map_err(|e| Error::invalid(format!("column mapping {name} is damaged: {e}")))?;
            Ok(ColumnProfile { name, columns })
        })
        .collect()
    }

    /// Saves a column mapping (replacing one of the same name), checked against the headers of
    /// the file it was made for. Later imports try it on every order file.
    pub fn save_column_profile(&mut self, profile: &ColumnProfile, headers: Option<&[String]>) -> Result<()> {
        import::orders::check_profile(profile, headers).map_err(Error::invalid)?;
        let columns = serde_json::to_string(&profile.columns).expect("a mapping serialises");
        self.conn.execute(
            "INSERT INTO column_profiles (name, columns, saved_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET columns = excluded.columns, saved_at = excluded.saved_at",
            params![profile.name.trim(), columns, now_text()],
        )?;
        Ok(())
    }

    pub fn files(&self) -> Result<Vec<ImportedFile>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, format, size, sha256, rows, rejected, duplicates, imported_at FROM imported_files
             ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ImportedFile {
                id: r.get(0)?,
                name: r.get(1)?,
                format: r.get(2)?,
                size: r.get::<_, i64>(3)? as u64,
                sha256: r.get(4)?,
                rows: r.get::<_, i64>(5)? as u64,
                rejected: r.get::<_, i64>(6)? as u64,
                duplicates: r.get::<_, i64>(7)? as u64,
                imported_at: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What each imported file covers, from its first to its last event (files without dated
    /// rows are left out), in import order.
    pub fn file_periods(&self) -> Result<Vec<FilePeriod>> {
        let tz = self.profile()?.timezone;
        let mut stmt = self.conn.prepare(
            "SELECT id, format, first_event, last_event FROM imported_files
             WHERE first_event IS NOT NULL AND last_event IS NOT NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?))
        })?;
        let day = |t: i64| instant(Some(t)).unwrap_or_default().with_timezone(&tz).date_naive();
        rows.map(|row| {
            let (file_id, format, first, last) = row?;
            Ok(FilePeriod { file_id, format, first: day(first), last: day(last) })
        })
        .collect()
    }

    /// Removes one imported file and everything only it brought: its observations and kept-aside
    /// rows; each order it described is merged again from the files that remain. Returns the
    /// file and how to take it back (`Case::undo`).
    pub fn forget(&mut self, file_id: i64) -> Result<(ImportedFile, Undo)> {
        let file = self.files()?.into_iter().find(|f| f.id == file_id).ok_or_else(|| {
            Error::invalid(format!("no imported file has id {file_id}; `closeout files CASE` lists them"))
        })?;
        let backup = self.backup("before-forget")?;
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS touched (order_id TEXT PRIMARY KEY) STRICT; DELETE FROM temp.touched;",
        )?;
        // The orders this file won (found by a scan: forgetting is rare, an index on the file
        // would slow every import) go, and the best of the remaining observations replaces each.
        // Its dismissals outlive it: the same bytes imported again are dismissed again, and told.
        tx.execute(
            "INSERT OR REPLACE INTO kept_dismissals (sha256, line, column_name, note, dismissed_at, dismissed_by)
             SELECT f.sha256, r.line, r.column_name, r.dismissed_note, r.dismissed_at, r.dismissed_by
             FROM rejected_rows r JOIN imported_files f ON f.id = r.file_id
             WHERE r.file_id = ?1 AND r.dismissed_note IS NOT NULL",
            [file_id],
        )?;
        tx.execute("INSERT INTO temp.touched SELECT order_id FROM orders WHERE file_id = ?1", [file_id])?;
        tx.execute("DELETE FROM orders WHERE file_id = ?1", [file_id])?;
        tx.execute("DELETE FROM imported_files WHERE id = ?1", [file_id])?; // its observations cascade
        promote_best_observations(&tx)?;
        tx.execute("DELETE FROM temp.touched", [])?;
        tx.commit()?;
        Ok((file, Undo { backup, mark: self.mark()? }))
    }

    pub fn quarantine(&self) -> Result<Vec<QuarantinedRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.id, f.name, r.line, r.column_name, r.reason, r.raw, r.dismissed_note, r.dismissed_at,
                    r.dismissed_by, r.state
             FROM rejected_rows r JOIN imported_files f ON f.id = r.file_id ORDER BY f.id, r.line",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(QuarantinedRow {
                id: r.get(0)?,
                file: r.get(1)?,
                line: r.get::<_, i64>(2)? as u64,
                column: r.get(3)?,
                reason: r.get(4)?,
                raw: r.get(5)?,
                dismissed_note: r.get(6)?,
                dismissed_at: r.get(7)?,
                dismissed_by: r.get(8)?,
                state: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Takes back a dismissal: the row is kept aside again, open.
    pub fn undismiss_rejection(&mut self, id: i64) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE rejected_rows SET dismissed_note = NULL, dismissed_at = NULL, dismissed_by = NULL
             WHERE id = ?1 AND dismissed_note IS NOT NULL",
            [id],
        )?;
        if n == 0 {
            return Err(Error::invalid(format!("no dismissed row has id {id}")));
        }
        Ok(())
    }

    /// Settles a kept-aside row without re-importing, with the reason and who gave it.
    pub fn dismiss_rejection(&mut self, id: i64, note: &str, who: Who) -> Result<()> {
        if note.trim().is_empty() {
            return Err(Error::invalid("say why this row can be ignored: add a note"));
        }
        let n = self.conn.execute(
            "UPDATE rejected_rows SET dismissed_note = ?2, dismissed_at = ?3, dismissed_by = ?4 WHERE id = ?1",
            params![id, note, now_text(), who.as_str()],
        )?;
        if n == 0 {
            return Err(Error::invalid(format!("no kept-aside row has id {id}")));
        }
        Ok(())
    }

    /// What the rules know of the merged orders, read in one pass; `released` are the orders a
    /// fund-release export shows, when one was imported.
    pub(crate) fn order_facts(
        &self,
        profile: &Profile,
        released: Option<&BTreeSet<String>>,
    ) -> Result<Option<OrderFacts>> {
        let files: i64 =
            self.conn.query_row("SELECT count(*) FROM imported_files WHERE format = 'aliexpress-orders'", [], |r| {
                r.get(0)
            })?;
        if files == 0 {
            return Ok(None);
        }
        let tz = profile.timezone;
        let mut covered = BTreeSet::new();
        let mut stmt = self.conn.prepare(
            "SELECT first_event, last_event FROM imported_files
             WHERE format = 'aliexpress-orders' AND first_event IS NOT NULL",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (first, last) = row?;
            let month = |t: i64| YearMonth::of(instant(Some(t)).unwrap_or_default().with_timezone(&tz).date_naive());
            covered.extend(month(first).through(month(last)));
        }
        // A deadline counts from its file's latest event (see DEADLINE), looked up here rather
        // than by a subquery per order.
        let mut stmt = self.conn.prepare("SELECT id, latest_event FROM imported_files")?;
        let latest_events: HashMap<i64, Option<i64>> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        let mut fold = OrderFold::new(profile, released, covered);
        let mut stmt = self
            .conn
            .prepare("SELECT order_id, state, placed_at, confirmed_at, file_id, countdown_secs FROM orders")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let deadline = match r.get::<_, Option<i64>>(5)? {
                Some(secs) => latest_events.get(&r.get(4)?).copied().flatten().map(|latest| latest + secs),
                None => None,
            };
            let times = OrderTimes {
                state: OrderState::parse(text_at(r, 1)?).unwrap_or(OrderState::Unknown),
                placed_at: instant(r.get(2)?),
                confirmed_at: instant(r.get(3)?),
                deadline: instant(deadline),
            };
            fold.add(text_at(r, 0)?, times);
        }
        Ok(Some(fold.finish()))
    }

    /// Every kept-aside row, dismissed ones too: a dismissal is evidence the checklist shows.
    pub(crate) fn rejections(&self) -> Result<Vec<Rejection>> {
        Ok(self
            .quarantine()?
            .into_iter()
            .map(|r| Rejection {
                file: r.file,
                line: r.line,
                column: r.column,
                reason: r.reason,
                unfinished_order: r
                    .state
                    .as_deref()
                    .and_then(OrderState::parse)
                    .is_some_and(|state| !state.is_terminal() && state != OrderState::Unknown),
                dismissed_note: r.dismissed_note,
            })
            .collect())
    }
}

/// A text column read in place (the table is STRICT, so only a damaged file has another type).
fn text_at<'r>(row: &'r rusqlite::Row<'_>, column: usize) -> Result<&'r str> {
    row.get_ref(column)?.as_str().map_err(|e| Error::invalid(format!("case file: column {column}: {e}")))
}

fn instant(seconds: Option<i64>) -> Option<DateTime<Utc>> {
    seconds.and_then(|s| DateTime::from_timestamp(s, 0))
}

fn format_named(name: &str) -> Option<Format> {
    Format::parse(name)
}

/// An instant as the Unix seconds the case stores.
fn ts(t: Option<DateTime<Utc>>) -> Option<i64> {
    t.map(|t| t.timestamp())
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

/// SHA-256 of a file, read in blocks; gives up (`Cancelled`) as soon as `stopped` says so.
fn hash_file(path: &Path, stopped: &dyn Fn() -> bool) -> Result<String> {
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        if stopped() {
            return Err(Error::Cancelled);
        }
        let n = file.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    let digest = hasher.finalize();
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// Writes one file's rows with prepared statements, inside the file's transaction.
///
/// A row whose key (order id, transaction number, product line) another row of the same file
/// already had is found by the insert that does nothing: the earlier row is then read back and
/// compared. The same in everything stored, it is a duplicate, counted and kept once; different,
/// it is kept aside naming the other line, so two rows are never merged because a key collides.
struct RecordWriter<'t> {
    new_order: rusqlite::Statement<'t>,
    same_file_order: rusqlite::Statement<'t>,
    seen_order: rusqlite::Statement<'t>,
    same_file_observation: rusqlite::Statement<'t>,
    new_statement_row: rusqlite::Statement<'t>,
    same_file_statement_row: rusqlite::Statement<'t>,
    statement_row_seen: rusqlite::Statement<'t>,
    source_had_rows: rusqlite::Statement<'t>,
    release: rusqlite::Statement<'t>,
    same_file_release: rusqlite::Statement<'t>,
    refund: rusqlite::Statement<'t>,
    same_file_refund: rusqlite::Statement<'t>,
    reject: rusqlite::Statement<'t>,
    file_id: i64,
    /// Orders or statement rows this file brought that no earlier file had.
    new_rows: u64,
    /// Orders or statement rows an earlier file had too (each once).
    seen_rows: u64,
    /// Whether an earlier file brought statement rows of the source being read: if not (the
    /// usual first import), no row needs looking up.
    source_seen_before: Option<(Format, bool)>,
    latest_event: Option<DateTime<Utc>>,
    first_placed: Option<DateTime<Utc>>,
    last_placed: Option<DateTime<Utc>>,
}

/// What became of a row whose key an earlier row of the same file had.
enum Repeat {
    /// The same in every stored column: the line it repeats.
    Same(u64),
    /// Different: the line that has the key.
    Different(u64),
}

/// A row that repeats another's key: where it is, and what a kept-aside row shows of it.
struct Repeated {
    line: u64,
    repeat: Repeat,
    /// The key's column, as the file's layout names it.
    column: &'static str,
    raw: String,
}

/// Reads back the row of the same file with the same key, if any: its line, and whether it
/// stores the same as the parameters (`{same}` is a SQL expression over them).
fn repeat_query(table: &str, key: &str, same: &str) -> String {
    format!("SELECT line, {same} FROM {table} WHERE {key} LIMIT 1")
}

/// For product lines, which may repeat with other content: an earlier line that is the same.
fn exact_repeat_query(table: &str, key: &str, same: &str) -> String {
    format!("SELECT line, 1 FROM {table} WHERE {key} AND {same} LIMIT 1")
}

/// `column IS ?n AND …` for the columns of a parameter list, but for `line` and `file_id` (an
/// unused parameter is allowed: SQLite counts parameters by their largest number).
fn same_as_params(columns: &str) -> String {
    let terms: Vec<String> = columns
        .split(',')
        .map(str::trim)
        .enumerate()
        .filter(|(_, column)| !matches!(*column, "line" | "file_id"))
        .map(|(i, column)| format!("{column} IS ?{}", i + 1))
        .collect();
    terms.join(" AND ")
}

impl<'t> RecordWriter<'t> {
    fn new(tx: &'t Transaction<'_>, file_id: i64) -> Result<Self> {
        let same_statement = same_as_params(STATEMENT_COLUMNS);
        let same_observed = same_as_params(OBSERVED);
        Ok(RecordWriter {
            // Plain inserts that do nothing on a conflict, not INSERT OR REPLACE: a REPLACE may
            // delete rows, so SQLite keeps a statement journal for it (about four pages a row).
            new_statement_row: tx.prepare(&format!(
                "INSERT INTO statement_rows ({STATEMENT_COLUMNS}) VALUES ({STATEMENT_PARAMS})
                 ON CONFLICT (source, key, file_id) DO NOTHING"
            ))?,
            same_file_statement_row: tx.prepare(&repeat_query(
                "statement_rows",
                "source = ?1 AND key = ?2 AND file_id = ?3",
                &same_statement,
            ))?,
            statement_row_seen: tx.prepare(
                "SELECT EXISTS (SELECT 1 FROM statement_rows WHERE source = ?1 AND key = ?2 AND file_id != ?3)",
            )?,
            source_had_rows: tx
                .prepare("SELECT EXISTS (SELECT 1 FROM statement_rows WHERE source = ?1 AND file_id != ?2)")?,
            release: tx.prepare(&format!("INSERT INTO fund_releases ({RELEASE_COLUMNS}) VALUES ({RELEASE_PARAMS})"))?,
            same_file_release: tx.prepare(&exact_repeat_query(
                "fund_releases",
                "order_id = ?1 AND product_id = ?2 AND file_id = ?3",
                &same_as_params(RELEASE_COLUMNS),
            ))?,
            refund: tx.prepare(&format!("INSERT INTO refunds ({REFUND_COLUMNS}) VALUES ({REFUND_PARAMS})"))?,
            same_file_refund: tx.prepare(&exact_repeat_query(
                "refunds",
                "order_id = ?1 AND product_id = ?2 AND file_id = ?3",
                &same_as_params(REFUND_COLUMNS),
            ))?,
            // The ways an order row lands, tried in this order (all take the same parameters):
            // an order no file had yet; a repeat of an order this file brought; an order an
            // earlier file had, which waits in the observations until the merge at the end of
            // the file; a repeat of one of those.
            new_order: tx.prepare(&format!(
                "INSERT INTO orders ({OBSERVED}) VALUES ({OBSERVED_PARAMS}) ON CONFLICT (order_id) DO NOTHING"
            ))?,
            same_file_order: tx.prepare(&repeat_query("orders", "order_id = ?3 AND file_id = ?1", &same_observed))?,
            seen_order: tx.prepare(&format!(
                "INSERT INTO order_observations ({OBSERVED}) VALUES ({OBSERVED_PARAMS})
                 ON CONFLICT (order_id, file_id) DO NOTHING"
            ))?,
            same_file_observation: tx.prepare(&repeat_query(
                "order_observations",
                "order_id = ?3 AND file_id = ?1",
                &same_observed,
            ))?,
            reject: tx.prepare(
                "INSERT INTO rejected_rows (file_id, line, column_name, reason, raw, state)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            file_id,
            new_rows: 0,
            seen_rows: 0,
            source_seen_before: None,
            latest_event: None,
            first_placed: None,
            last_placed: None,
        })
    }

    /// Stores one row and counts it in `report`, once, in exactly one of its counts.
    fn write(&mut self, record: Result<Record, RowProblem>, report: &mut FileReport) -> Result<()> {
        report.rows += 1;
        let repeat = match record {
            Err(problem) => return self.keep_aside(problem, report),
            Ok(Record::Order(order)) => self.write_order(order, report)?,
            Ok(Record::Statement(row)) => self.write_statement_row(row)?,
            Ok(Record::Release(row)) => self.write_release(row)?,
            Ok(Record::Refund(row)) => self.write_refund(row)?,
        };
        match repeat {
            None => Ok(()),
            Some(Repeated { line, repeat: Repeat::Same(repeats), .. }) => {
                report.duplicates.push(DuplicateRow { line, repeats });
                Ok(())
            }
            Some(Repeated { line, repeat: Repeat::Different(other), column, raw }) => {
                let reason = format!(
                    "line {other} has the same {column} with different content, so this row is kept aside instead \
                     of being merged into it. If the file joins several exports, import each export on its own."
                );
                self.keep_aside(RowProblem { line, column: column.to_owned(), reason, raw, state: None }, report)
            }
        }
    }

    fn keep_aside(&mut self, problem: RowProblem, report: &mut FileReport) -> Result<()> {
        let state = problem.state.map(OrderState::as_str);
        self.reject.execute(params![
            self.file_id,
            problem.line as i64,
            problem.column,
            problem.reason,
            problem.raw,
            state
        ])?;
        report.rejected_rows.push(RejectedRow { line: problem.line, column: problem.column, reason: problem.reason });
        Ok(())
    }

    /// An order row; a repeat of an order this file already gave comes back with its line.
    fn write_order(&mut self, order: import::OrderRow, report: &mut FileReport) -> Result<Option<Repeated>> {
        let events = [order.placed_at, order.paid_at, order.shipped_at, order.confirmed_at];
        let own_latest = events.iter().flatten().max().copied();
        let row = params![
            self.file_id,
            order.line as i64,
            order.order_id,
            order.label,
            order.state.as_str(),
            order.countdown,
            order.countdown_left.map(|d| d.num_seconds()),
            ts(order.placed_at),
            ts(order.paid_at),
            ts(order.shipped_at),
            ts(order.confirmed_at),
            order.amount.map(|m| m.amount.to_string()),
            order.amount.map(|m| m.currency.to_string()),
            order.country,
            serde_json::to_string(&order.items).expect("items serialise"),
            ts(own_latest),
        ];
        let repeat = if self.new_order.execute(row)? == 1 {
            self.new_rows += 1;
            None
        } else if let Some(repeat) = repeat_of(&mut self.same_file_order, row)? {
            Some(repeat)
        } else if self.seen_order.execute(row)? == 1 {
            self.seen_rows += 1;
            None
        } else {
            repeat_of(&mut self.same_file_observation, row)?
        };
        if let Some(repeat) = repeat {
            let amount = order.amount.map(|m| m.to_string()).unwrap_or_default();
            let raw = format!("{} | {} | {amount}", order.order_id, order.label);
            return Ok(Some(Repeated { line: order.line, repeat, column: ORDER_ID_COLUMN, raw }));
        }
        if order.state == OrderState::Unknown {
            report.unknown_labels.push(UnknownLabel {
                line: order.line,
                column: STATUS_COLUMN.to_owned(),
                value: order.label.clone(),
            });
        }
        self.latest_event = self.latest_event.max(own_latest);
        if let Some(placed) = order.placed_at {
            self.first_placed = Some(self.first_placed.map_or(placed, |f| f.min(placed)));
            self.last_placed = Some(self.last_placed.map_or(placed, |l| l.max(placed)));
        }
        Ok(None)
    }

    fn write_statement_row(&mut self, row: import::StatementRow) -> Result<Option<Repeated>> {
        let source = row.source.as_str();
        let row_params = params![
            source,
            row.key,
            self.file_id,
            row.line as i64,
            row.refund_of,
            ts(row.at),
            row.amount.amount.to_string(),
            row.amount.currency.as_str(),
            row.direction.as_str(),
            row.kind,
            row.status,
            row.description,
            row.balance.map(|b| b.amount.to_string()),
            row.frozen_change.map(|f| f.amount.to_string()),
        ];
        if self.new_statement_row.execute(row_params)? == 0 {
            let raw = format!(
                "{} | {} | {} | {} | {}",
                row.key,
                row.amount,
                row.kind,
                row.status,
                row.description.as_deref().unwrap_or_default()
            );
            let repeat = repeat_of(&mut self.same_file_statement_row, row_params)?;
            return Ok(repeat.map(|repeat| Repeated { line: row.line, repeat, column: row.key_column, raw }));
        }
        self.note_event(row.at, row.at);
        if self.source_seen_before(row.source)?
            && self.statement_row_seen.query_row(params![source, row.key, self.file_id], |r| r.get(0))?
        {
            self.seen_rows += 1;
        } else {
            self.new_rows += 1;
        }
        Ok(None)
    }

    fn write_release(&mut self, row: import::ReleaseRow) -> Result<Option<Repeated>> {
        let amount = |m: &Option<Money>| m.map(|m| m.amount.to_string());
        let currency = [row.released, row.sale_amount, row.fee].iter().flatten().next().map(|m| m.currency.to_string());
        let row_params = params![
            row.order_id,
            row.product_id,
            self.file_id,
            row.line as i64,
            row.sku,
            row.quantity,
            amount(&row.sale_amount),
            amount(&row.released),
            amount(&row.fee),
            amount(&row.affiliate),
            amount(&row.cashback),
            currency,
            ts(row.settled_at),
        ];
        let repeated = write_product_line(&mut self.same_file_release, &mut self.release, row_params, row.line)?;
        if repeated.is_none() {
            self.note_event(row.settled_at, None);
        }
        Ok(repeated)
    }

    fn write_refund(&mut self, row: import::RefundRow) -> Result<Option<Repeated>> {
        let amount = |m: &Option<Money>| m.map(|m| m.amount.to_string());
        let currency = [row.refunded, row.sale_amount].iter().flatten().next().map(|m| m.currency.to_string());
        let row_params = params![
            row.order_id,
            row.product_id,
            self.file_id,
            row.line as i64,
            row.sku,
            row.quantity,
            amount(&row.sale_amount),
            amount(&row.refunded),
            currency,
            row.source,
            ts(row.refunded_at),
        ];
        let repeated = write_product_line(&mut self.same_file_refund, &mut self.refund, row_params, row.line)?;
        if repeated.is_none() {
            self.note_event(row.refunded_at, None);
        }
        Ok(repeated)
    }

    /// Whether an earlier file brought statement rows from `source` (asked once per file).
    fn source_seen_before(&mut self, source: Format) -> Result<bool> {
        if let Some((known, seen)) = self.source_seen_before {
            if known == source {
                return Ok(seen);
            }
        }
        let seen = self.source_had_rows.query_row(params![source.as_str(), self.file_id], |r| r.get(0))?;
        self.source_seen_before = Some((source, seen));
        Ok(seen)
    }

    /// Widens the file's span of events (for statements without a period in the preamble).
    fn note_event(&mut self, at: Option<DateTime<Utc>>, span: Option<DateTime<Utc>>) {
        self.latest_event = self.latest_event.max(at);
        if let Some(t) = span {
            self.first_placed = Some(self.first_placed.map_or(t, |f| f.min(t)));
            self.last_placed = Some(self.last_placed.map_or(t, |l| l.max(t)));
        }
    }
}

/// A release or refund product line, stored unless it repeats an earlier line of the file
/// exactly: two releases of one product line are two events, so only an exact repeat is a
/// duplicate.
fn write_product_line(
    exact_repeat: &mut rusqlite::Statement<'_>,
    insert: &mut rusqlite::Statement<'_>,
    row: &[&dyn rusqlite::ToSql],
    line: u64,
) -> Result<Option<Repeated>> {
    if let Some(repeat @ Repeat::Same(_)) = repeat_of(exact_repeat, row)? {
        return Ok(Some(Repeated { line, repeat, column: ORDER_ID_COLUMN, raw: String::new() }));
    }
    insert.execute(row)?;
    Ok(None)
}

/// The earlier row of this file with the row's key, compared with it.
fn repeat_of(query: &mut rusqlite::Statement<'_>, row: &[&dyn rusqlite::ToSql]) -> Result<Option<Repeat>> {
    let found: Option<(i64, bool)> = query.query_row(row, |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    Ok(found.map(|(line, same)| if same { Repeat::Same(line as u64) } else { Repeat::Different(line as u64) }))
}

/// Releases and refunds already in the case from another file are unchanged; the rest are new
/// (these formats record events, which do not change once they happened). A product line's
/// identity is its order, product and SKU: two SKUs of one product are two lines. (Statement
/// rows are counted as they are written: a ledger has a million of them.)
fn count_deduplicated(tx: &Transaction<'_>, format: Format, file_id: i64, report: &mut FileReport) -> Result<()> {
    let table = if format == Format::AliexpressRefunds { "refunds" } else { "fund_releases" };
    let (total, seen_before): (i64, i64) = tx.query_row(
        &format!(
            "SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM {table} u WHERE u.file_id != ?1
                    AND u.order_id = t.order_id AND u.product_id = t.product_id AND u.sku IS t.sku)), 0)
             FROM {table} t WHERE t.file_id = ?1"
        ),
        [file_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    report.new = (total - seen_before) as u64;
    report.unchanged = seen_before as u64;
    report.updated = 0;
    Ok(())
}

/// The columns of a fund-release and a refund row, and their parameters.
const RELEASE_COLUMNS: &str =
    "order_id, product_id, file_id, line, sku, quantity, sale, released, fee, affiliate, cashback, currency, settled_at";
const RELEASE_PARAMS: &str = "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13";
const REFUND_COLUMNS: &str =
    "order_id, product_id, file_id, line, sku, quantity, sale, refunded, currency, source, refunded_at";
const REFUND_PARAMS: &str = "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11";

/// The columns of a statement row, and their parameters in the writer's statements.
const STATEMENT_COLUMNS: &str = "source, key, file_id, line, refund_of, at, amount, currency, direction, kind,
    status, description, balance, frozen_change";
const STATEMENT_PARAMS: &str = "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14";

/// The columns of an observation, in `orders` and `order_observations` alike, and their
/// parameters in the writer's statements.
const OBSERVED: &str = "file_id, line, order_id, label, state, countdown, countdown_secs, placed_at, paid_at,
    shipped_at, confirmed_at, amount, currency, country, items, own_latest";
const OBSERVED_PARAMS: &str = "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16";

/// An order's deadline, for a query over `orders o`: its countdown, counted from the latest
/// event of the file it came from (the moment the export was taken, near enough).
pub(crate) const DEADLINE: &str = "CASE WHEN o.countdown_secs IS NOT NULL
    THEN (SELECT f.latest_event FROM imported_files f WHERE f.id = o.file_id) + o.countdown_secs END";

/// The merge key of the observation `o` from file `f`, whose state ranks `s`, term by term:
/// greater wins.
fn merge_key_terms(o: &str, f: &str, s: &str) -> [String; 5] {
    [
        format!("coalesce({o}.own_latest, 0)"),
        format!("coalesce({f}.latest_event, 0)"),
        format!("{o}.state IN ('completed', 'closed')"),
        format!("{s}.rank"),
        format!("{f}.sha256"),
    ]
}

fn merge_key(o: &str, f: &str, s: &str) -> String {
    merge_key_terms(o, f, s).join(", ")
}

/// Merges the orders of one file that earlier files already had, and fills the report's
/// new/updated/unchanged: an order is updated when what it says changed, whichever file it now
/// comes from. Orders new to the case went straight into `orders` while the rows were written.
fn merge_file(tx: &Transaction<'_>, file_id: i64, new_orders: u64, report: &mut FileReport) -> Result<()> {
    tx.execute_batch(&format!(
        "CREATE TEMP TABLE IF NOT EXISTS before_merge (order_id TEXT PRIMARY KEY, {COMPARED_TYPES}) STRICT;
         DELETE FROM temp.before_merge;"
    ))?;
    let existing = tx.execute(
        &format!(
            "INSERT INTO temp.before_merge SELECT d.order_id, {}
             FROM order_observations o JOIN orders d USING (order_id) WHERE o.file_id = ?1",
            compared("d")
        ),
        [file_id],
    )? as u64;
    // Where this file's observation wins, the order it replaces becomes an observation.
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS winners (order_id TEXT PRIMARY KEY) STRICT; DELETE FROM temp.winners;",
    )?;
    tx.execute(
        &format!(
            "INSERT INTO temp.winners SELECT o.order_id
             FROM order_observations o
             JOIN imported_files f ON f.id = o.file_id JOIN state_rank s ON s.state = o.state
             JOIN orders d ON d.order_id = o.order_id
             JOIN imported_files df ON df.id = d.file_id JOIN state_rank ds ON ds.state = d.state
             WHERE o.file_id = ?1 AND ({}) > ({})",
            merge_key("o", "f", "s"),
            merge_key("d", "df", "ds")
        ),
        [file_id],
    )?;
    tx.execute(
        &format!(
            "INSERT INTO order_observations ({OBSERVED}) SELECT {OBSERVED} FROM orders
             WHERE order_id IN (SELECT order_id FROM temp.winners)"
        ),
        [],
    )?;
    tx.execute(
        &format!(
            "INSERT OR REPLACE INTO orders ({OBSERVED}) SELECT {OBSERVED} FROM order_observations
             WHERE file_id = ?1 AND order_id IN (SELECT order_id FROM temp.winners)"
        ),
        [file_id],
    )?;
    tx.execute(
        "DELETE FROM order_observations WHERE file_id = ?1 AND order_id IN (SELECT order_id FROM temp.winners)",
        [file_id],
    )?;
    let changed: Vec<String> = COMPARED.iter().map(|c| format!("d.{c} IS NOT b.{c}")).collect();
    let updated: i64 = tx.query_row(
        &format!(
            "SELECT count(*) FROM temp.before_merge b JOIN orders d USING (order_id) WHERE {}",
            changed.join(" OR ")
        ),
        [],
        |r| r.get(0),
    )?;
    tx.execute_batch("DELETE FROM temp.before_merge; DELETE FROM temp.winners;")?;
    report.new = new_orders;
    report.updated = updated as u64;
    report.unchanged = existing - report.updated;
    Ok(())
}

/// Brings back, for each order in `temp.touched` that has no row in `orders`, its best
/// remaining observation (after a file was forgotten).
fn promote_best_observations(tx: &Transaction<'_>) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO orders ({OBSERVED}) SELECT {OBSERVED} FROM (
                 SELECT o.*, row_number() OVER (PARTITION BY o.order_id ORDER BY {}) AS best
                 FROM order_observations o
                 JOIN imported_files f ON f.id = o.file_id JOIN state_rank s ON s.state = o.state
                 WHERE o.order_id IN (SELECT order_id FROM temp.touched)
             ) WHERE best = 1",
            merge_key_terms("o", "f", "s").map(|term| term + " DESC").join(", ")
        ),
        [],
    )?;
    tx.execute(
        "DELETE FROM order_observations WHERE (order_id, file_id) IN
             (SELECT order_id, file_id FROM orders WHERE order_id IN (SELECT order_id FROM temp.touched))",
        [],
    )?;
    Ok(())
}

/// What an order says, for telling an update from the same order seen again.
const COMPARED: [&str; 9] =
    ["state", "label", "countdown", "placed_at", "paid_at", "shipped_at", "confirmed_at", "amount", "items"];
const COMPARED_TYPES: &str = "state TEXT, label TEXT, countdown TEXT, placed_at INTEGER, paid_at INTEGER,
    shipped_at INTEGER, confirmed_at INTEGER, amount TEXT, items TEXT";

fn compared(table: &str) -> String {
    COMPARED.iter().map(|c| format!("{table}.{c}")).collect::<Vec<_>>().join(", ")
}
