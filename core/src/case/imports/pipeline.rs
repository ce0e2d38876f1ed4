//! Reading and writing at once: the importer parses on a second thread while the caller's
//! thread writes, rows crossing in small batches through a bounded queue, so memory stays flat
//! and the two overlap. A third thread may hash the file meanwhile. Cancel, or a write that
//! fails, also stops the reader: its source stops giving bytes.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::import::{self, FileInfo, ReadOptions, Record, Rejected, RowProblem};

/// Rows per batch handed from the reading thread to the writing one, and batches in flight.
const BATCH_ROWS: usize = 256;
const QUEUE_BATCHES: usize = 16;

/// One row as the importer gives it: a record, or why it could not be read.
pub(super) type Row = std::result::Result<Record, RowProblem>;

/// What reading a whole file gave, once every row was written.
pub(super) struct WholeFile {
    /// What the file was, or why it was refused.
    pub outcome: std::result::Result<FileInfo, Rejected>,
    /// Its SHA-256, when it was asked for and the file was not refused.
    pub sha256: Option<String>,
}

/// What the reading thread hands the writing one, in file order.
enum Batch {
    Rows(Vec<Row>),
    Progress(u64, u64),
}

/// Reads `path` and hands every row to `write`, on this thread, in file order; hashes the
/// file too when `hash`. A failed `write`, or `cancel`, ends the reading and is the error.
pub(super) fn read_and_write(
    path: &Path,
    options: &ReadOptions,
    hash: bool,
    cancel: &AtomicBool,
    progress: import::Progress,
    write: &mut dyn FnMut(Row) -> Result<()>,
) -> Result<WholeFile> {
    let file = BufReader::new(File::open(path).map_err(|e| Error::io(path, e))?);
    let stop = AtomicBool::new(false);
    let source = Stoppable { inner: file, cancel, stop: &stop };
    let mut failure: Option<Error> = None;
    let (outcome, sha256) = std::thread::scope(|scope| {
        let stopped = || cancel.load(Ordering::Relaxed) || stop.load(Ordering::Relaxed);
        let hasher = hash.then(|| scope.spawn(move || hash_file(path, &stopped)));
        let (queue, received) = std::sync::mpsc::sync_channel::<Batch>(QUEUE_BATCHES);
        let reader = scope.spawn(move || read_in_batches(source, options, queue));
        for batch in received {
            match batch {
                Batch::Rows(rows) => failure = write_batch(rows, cancel, write).err(),
                Batch::Progress(done, total) => progress(done, total),
            }
            if failure.is_some() {
                stop.store(true, Ordering::Relaxed);
                break;
            }
        }
        let outcome = reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        if outcome.is_err() {
            stop.store(true, Ordering::Relaxed); // a refused file needs no hash
        }
        let sha256 = hasher.map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        (outcome, sha256)
    });
    if cancel.load(Ordering::Relaxed) {
        failure.get_or_insert(Error::Cancelled);
    }
    if let Some(e) = failure {
        return Err(e);
    }
    let sha256 = match (&outcome, sha256) {
        (Ok(_), Some(hashed)) => Some(hashed?),
        _ => None,
    };
    Ok(WholeFile { outcome, sha256 })
}

/// The reading thread: parses the file, sending rows in batches. Both callbacks hand over
/// the rows read so far, so progress follows its rows.
fn read_in_batches<R: Read + Seek>(
    source: R,
    options: &ReadOptions,
    queue: std::sync::mpsc::SyncSender<Batch>,
) -> std::result::Result<FileInfo, Rejected> {
    let rows = std::cell::RefCell::new(Vec::with_capacity(BATCH_ROWS));
    let flush = || {
        let batch = std::mem::replace(&mut *rows.borrow_mut(), Vec::with_capacity(BATCH_ROWS));
        // Sending fails only once the writer gave up; the source's `stop` then ends the reading.
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
}

/// Writes one batch, stopping at the first failure or at Cancel.
fn write_batch(rows: Vec<Row>, cancel: &AtomicBool, write: &mut dyn FnMut(Row) -> Result<()>) -> Result<()> {
    for row in rows {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        write(row)?;
    }
    Ok(())
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
            return Ok(0);
        }
        self.inner.read(buf)
    }
}

impl<R: Seek> Seek for Stoppable<'_, R> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(to)
    }
}

/// SHA-256 of a file, read in blocks; gives up (`Cancelled`) as soon as `stopped` says so.
pub(super) fn hash_file(path: &Path, stopped: &dyn Fn() -> bool) -> Result<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Currency;

    fn options() -> ReadOptions {
        ReadOptions { password: None, currency: Currency::CNY, order_profiles: Vec::new() }
    }

    fn orders_csv(rows: usize) -> tempfile::NamedTempFile {
        let mut text = String::from("订单号,订单状态,下单时间\n");
        for i in 0..rows {
            text.push_str(&format!("{},交易完成,2026-10-01 10:00\n", 8_100_000_000_000_000u64 + i as u64));
        }
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    }

    #[test]
    fn every_row_reaches_the_writer_in_file_order_with_the_hash() {
        let file = orders_csv(BATCH_ROWS * 3 + 7);
        let mut lines = Vec::new();
        let read = read_and_write(file.path(), &options(), true, &AtomicBool::new(false), &mut |_, _| {}, &mut |row| {
            lines.push(match row {
                Ok(Record::Order(order)) => order.line,
                other => panic!("an order row, not {other:?}"),
            });
            Ok(())
        })
        .unwrap();
        assert_eq!(read.outcome.unwrap().format, import::Format::AliexpressOrders);
        assert_eq!(lines, (2..=(BATCH_ROWS as u64 * 3 + 8)).collect::<Vec<_>>());
        assert_eq!(read.sha256.unwrap(), hash_file(file.path(), &|| false).unwrap());
    }

    #[test]
    fn a_failed_write_stops_the_reading_and_is_the_error() {
        let file = orders_csv(BATCH_ROWS * 20);
        let mut written = 0;
        let err = read_and_write(file.path(), &options(), false, &AtomicBool::new(false), &mut |_, _| {}, &mut |_| {
            written += 1;
            if written == 10 {
                return Err(Error::DiskFull);
            }
            Ok(())
        })
        .err()
        .unwrap();
        assert_eq!(err.code(), "disk_full");
        assert_eq!(written, 10);
    }

    #[test]
    fn cancel_ends_the_import_before_any_row_is_written() {
        let file = orders_csv(10);
        let err = read_and_write(file.path(), &options(), true, &AtomicBool::new(true), &mut |_, _| {}, &mut |_| {
            panic!("nothing is written after Cancel")
        })
        .err()
        .unwrap();
        assert!(matches!(err, Error::Cancelled));
    }
}
