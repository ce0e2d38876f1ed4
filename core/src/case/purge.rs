//! Purging personal data: whatever a person might be identified by that the case holds. Buyer
//! columns are never imported, so what is left is free text (the seller's notes on orders and
//! the raw text of rows kept aside) and the files attached as evidence, which may show a
//! buyer's name or address: their contents go, their name, size and sha256 stay. Purged bytes
//! must not linger: `secure_delete` zeroes freed content, `VACUUM` rewrites the file, the WAL is
//! truncated, and backups made before (which still hold the text) are removed. A dated record
//! of each purge stays, for the report.

use rusqlite::params;
use serde::Serialize;

use super::{now_text, Case};
use crate::error::Result;

/// What one purge removed, as the `purges` table keeps it and the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgeRecord {
    /// When the purge ran, RFC 3339 in UTC to the second.
    pub purged_at: String,
    /// Notes on orders emptied.
    pub notes_cleared: u64,
    /// Kept-aside rows whose raw text was removed (their line, column and reason stay).
    pub raw_cleared: u64,
    /// Attached files whose contents were removed (their name, size and sha256 stay).
    pub attachments_cleared: u64,
    /// Backups deleted from the case's `.backups` folder, since they still held the text.
    pub backups_removed: u64,
}

/// What one clearing emptied.
pub(super) struct Cleared {
    notes: u64,
    raw: u64,
    attachments: u64,
}

/// Empties what may name buyers: the seller's notes on orders, the raw text of kept-aside rows
/// (their line, column and reason stay) and the contents of attached files (their records
/// stay). Returns how many of each.
pub(super) fn clear_personal(conn: &rusqlite::Connection) -> Result<Cleared> {
    let notes = conn.execute("UPDATE order_actions SET note = '' WHERE note != ''", [])? as u64;
    let raw = conn.execute("UPDATE rejected_rows SET raw = '' WHERE raw != ''", [])? as u64;
    let attachments = conn.query_row(
        "SELECT count(*) FROM attachments a JOIN attachment_blobs b USING (sha256) WHERE b.bytes IS NOT NULL",
        [],
        |r| r.get::<_, i64>(0),
    )? as u64;
    conn.execute("UPDATE attachment_blobs SET bytes = NULL WHERE bytes IS NOT NULL", [])?;
    Ok(Cleared { notes, raw, attachments })
}

impl Case {
    /// Clears what may name buyers, rewrites the file so the bytes are gone, removes
    /// every backup, and records the purge. Answers and their notes stay: they are the evidence;
    /// an attachment's record and sha256 stay too, its contents go.
    pub fn purge_personal_data(&mut self) -> Result<PurgeRecord> {
        // A safety copy in case the purge fails half way; removed below once it has not.
        self.backup("before-purge")?;
        self.conn.pragma_update(None, "secure_delete", true)?;
        let tx = self.conn.transaction()?;
        let cleared = clear_personal(&tx)?;
        tx.commit()?;
        self.conn.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
        let record = PurgeRecord {
            purged_at: now_text(),
            notes_cleared: cleared.notes,
            raw_cleared: cleared.raw,
            attachments_cleared: cleared.attachments,
            backups_removed: self.remove_backups()? as u64,
        };
        self.conn.execute(
            "INSERT INTO purges (purged_at, notes_cleared, raw_cleared, attachments_cleared, backups_removed)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                record.purged_at,
                record.notes_cleared as i64,
                record.raw_cleared as i64,
                record.attachments_cleared as i64,
                record.backups_removed as i64
            ],
        )?;
        Ok(record)
    }

    /// Every purge so far, oldest first.
    pub fn purges(&self) -> Result<Vec<PurgeRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT purged_at, notes_cleared, raw_cleared, backups_removed, attachments_cleared
                 FROM purges ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(PurgeRecord {
                purged_at: r.get(0)?,
                notes_cleared: r.get::<_, i64>(1)? as u64,
                raw_cleared: r.get::<_, i64>(2)? as u64,
                backups_removed: r.get::<_, i64>(3)? as u64,
                attachments_cleared: r.get::<_, i64>(4)? as u64,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}
