//! Versioned migrations of the case file. Each runs in its own transaction and bumps
//! `user_version`; a migration, once shipped, is never edited, only followed by another.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::imports::merge_rank;
use crate::error::Result;
use crate::model::OrderState;

/// `PRAGMA application_id` of every case file: "CLOS".
pub const APPLICATION_ID: i32 = 0x434C_4F53;

/// Every migration in order: number *n* (1-based) brings a case to `user_version` *n*.
/// Append only; a shipped entry never changes.
pub const MIGRATIONS: &[&str] = &[
    // 1: the store profile.
    "CREATE TABLE profile (
        id                  INTEGER PRIMARY KEY CHECK (id = 1),
        store_name          TEXT NOT NULL,
        region              TEXT NOT NULL,
        timezone            TEXT NOT NULL,
        settlement_currency TEXT NOT NULL,
        stop_date           TEXT,
        notes               TEXT NOT NULL DEFAULT '',
        created_at          TEXT NOT NULL,
        updated_at          TEXT NOT NULL
    ) STRICT;",
    // 2: the seller's answers (full history: a new row per answer or withdrawal) and their
    // overrides of rule-set parameters.
    "CREATE TABLE attestations (
        id          INTEGER PRIMARY KEY,
        rule_id     TEXT NOT NULL,
        answer      TEXT NOT NULL CHECK (answer IN ('done', 'not_applicable', 'withdrawn')),
        date        TEXT NOT NULL,
        note        TEXT NOT NULL DEFAULT '',
        who         TEXT NOT NULL CHECK (who IN ('seller', 'bookkeeper')),
        recorded_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX attestations_by_rule ON attestations (rule_id, id);
    CREATE TABLE parameter_overrides (
        name   TEXT PRIMARY KEY,
        value  TEXT NOT NULL,
        note   TEXT NOT NULL DEFAULT '',
        set_at TEXT NOT NULL
    ) STRICT;",
    // 3: imported files, each file's view of each order, the merged orders, and the rows that
    // could not be read. Times are Unix seconds (UTC); money is decimal text with its currency.
    // Buyer personal data has no column anywhere.
    "CREATE TABLE imported_files (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        format       TEXT NOT NULL,
        size         INTEGER NOT NULL,
        sha256       TEXT NOT NULL UNIQUE,
        rows         INTEGER NOT NULL,
        rejected     INTEGER NOT NULL,
        imported_at  TEXT NOT NULL,
        first_event  INTEGER,
        last_event   INTEGER,
        latest_event INTEGER
    ) STRICT;
    CREATE TABLE order_observations (
        order_id       TEXT NOT NULL,
        file_id        INTEGER NOT NULL REFERENCES imported_files (id) ON DELETE CASCADE,
        line           INTEGER NOT NULL,
        label          TEXT NOT NULL,
        state          TEXT NOT NULL,
        countdown      TEXT,
        countdown_secs INTEGER,
        placed_at      INTEGER,
        paid_at        INTEGER,
        shipped_at     INTEGER,
        confirmed_at   INTEGER,
        amount         TEXT,
        currency       TEXT,
        country        TEXT,
        items          TEXT NOT NULL,
        own_latest     INTEGER,
        PRIMARY KEY (order_id, file_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX order_observations_by_file ON order_observations (file_id);
    CREATE TABLE orders (
        order_id     TEXT PRIMARY KEY,
        file_id      INTEGER NOT NULL,
        merge_key    TEXT NOT NULL,
        content      TEXT NOT NULL,
        label        TEXT NOT NULL,
        state        TEXT NOT NULL,
        countdown    TEXT,
        deadline     INTEGER,
        placed_at    INTEGER,
        paid_at      INTEGER,
        shipped_at   INTEGER,
        confirmed_at INTEGER,
        amount       TEXT,
        currency     TEXT,
        country      TEXT,
        items        TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE state_rank (state TEXT PRIMARY KEY, rank INTEGER NOT NULL) STRICT, WITHOUT ROWID;
    INSERT INTO state_rank VALUES
        ('unknown', 0), ('awaiting_payment', 1), ('risk_control', 2), ('cancel_requested', 3),
        ('awaiting_shipment', 4), ('awaiting_receipt', 5), ('funds_processing', 6), ('frozen', 7),
        ('in_dispute', 8), ('completed', 9), ('closed', 10);
    CREATE TABLE rejected_rows (
        id             INTEGER PRIMARY KEY,
        file_id        INTEGER NOT NULL REFERENCES imported_files (id) ON DELETE CASCADE,
        line           INTEGER NOT NULL,
        column_name    TEXT NOT NULL,
        reason         TEXT NOT NULL,
        raw            TEXT NOT NULL,
        dismissed_note TEXT,
        dismissed_at   TEXT
    ) STRICT;
    CREATE TABLE order_actions (
        order_id   TEXT PRIMARY KEY,
        action     TEXT NOT NULL,
        note       TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
    ) STRICT;",
    // 4: money. Statement rows, fund releases and refunds are kept per file and deduplicated on
    // their natural keys when read; balance snapshots are what the seller typed from the
    // Seller Center fund overview. Money is decimal text with its currency.
    "CREATE TABLE statement_rows (
        source        TEXT NOT NULL,
        key           TEXT NOT NULL,
        file_id       INTEGER NOT NULL REFERENCES imported_files (id) ON DELETE CASCADE,
        line          INTEGER NOT NULL,
        refund_of     TEXT,
        at            INTEGER,
        amount        TEXT NOT NULL,
        currency      TEXT NOT NULL,
        direction     TEXT NOT NULL,
        kind          TEXT NOT NULL,
        status        TEXT NOT NULL,
        description   TEXT,
        balance       TEXT,
        frozen_change TEXT,
        PRIMARY KEY (source, key, file_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX statement_rows_by_file ON statement_rows (file_id);
    CREATE TABLE fund_releases (
        order_id   TEXT NOT NULL,
        product_id TEXT NOT NULL,
        file_id    INTEGER NOT NULL REFERENCES imported_files (id) ON DELETE CASCADE,
        line       INTEGER NOT NULL,
        sku        TEXT,
        quantity   INTEGER,
        sale       TEXT,
        released   TEXT,
        fee        TEXT,
        affiliate  TEXT,
        cashback   TEXT,
        currency   TEXT,
        settled_at INTEGER,
        PRIMARY KEY (order_id, product_id, file_id, line)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX fund_releases_by_file ON fund_releases (file_id);
    CREATE TABLE refunds (
        order_id    TEXT NOT NULL,
        product_id  TEXT NOT NULL,
        file_id     INTEGER NOT NULL REFERENCES imported_files (id) ON DELETE CASCADE,
        line        INTEGER NOT NULL,
        sku         TEXT,
        quantity    INTEGER,
        sale        TEXT,
        refunded    TEXT,
        currency    TEXT,
        source      TEXT,
        refunded_at INTEGER,
        PRIMARY KEY (order_id, product_id, file_id, line)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX refunds_by_file ON refunds (file_id);
    CREATE TABLE balance_snapshots (
        id         INTEGER PRIMARY KEY,
        currency   TEXT NOT NULL,
        available  TEXT NOT NULL,
        frozen     TEXT NOT NULL,
        in_transit TEXT NOT NULL,
        owed       TEXT NOT NULL,
        as_of      TEXT NOT NULL,
        note       TEXT NOT NULL DEFAULT '',
        entered_at TEXT NOT NULL
    ) STRICT;",
    // 5: the seller's column mappings for order files in a layout Closeout does not know.
    "CREATE TABLE column_profiles (
        id       INTEGER PRIMARY KEY,
        name     TEXT NOT NULL UNIQUE,
        columns  TEXT NOT NULL,
        saved_at TEXT NOT NULL
    ) STRICT;",
    // 6: the record of each personal-data purge, kept (and reported) after the data is gone.
    "CREATE TABLE purges (
        id              INTEGER PRIMARY KEY,
        purged_at       TEXT NOT NULL,
        notes_cleared   INTEGER NOT NULL,
        raw_cleared     INTEGER NOT NULL,
        backups_removed INTEGER NOT NULL
    ) STRICT;",
    // 7: an order's fingerprint of its own columns goes: an import compares the columns
    // themselves, and the copy made every merged order about twice its size on disk.
    "ALTER TABLE orders DROP COLUMN content;",
    // 8: every observation is stored once: the one that wins is the order itself, the others
    // stay in `order_observations`. A file of new orders then writes each order once instead of
    // three times (observation, its index by file, merged copy). The deadline is no longer a
    // copy: it is the countdown counted from its file's latest event, worked out when read.
    // No foreign key on `orders.file_id`: forgetting a file deletes its orders itself.
    // Statement rows lose their index by file, which only forgetting used and which cost a
    // second B-tree write per row; an import counts what is new as it writes.
    "CREATE TABLE merged_orders (
        order_id       TEXT PRIMARY KEY,
        file_id        INTEGER NOT NULL,
        line           INTEGER NOT NULL,
        label          TEXT NOT NULL,
        state          TEXT NOT NULL,
        countdown      TEXT,
        countdown_secs INTEGER,
        placed_at      INTEGER,
        paid_at        INTEGER,
        shipped_at     INTEGER,
        confirmed_at   INTEGER,
        amount         TEXT,
        currency       TEXT,
        country        TEXT,
        items          TEXT NOT NULL,
        own_latest     INTEGER
    ) STRICT, WITHOUT ROWID;
    INSERT INTO merged_orders
        SELECT o.order_id, o.file_id, o.line, o.label, o.state, o.countdown, o.countdown_secs, o.placed_at,
               o.paid_at, o.shipped_at, o.confirmed_at, o.amount, o.currency, o.country, o.items, o.own_latest
        FROM orders d JOIN order_observations o ON o.order_id = d.order_id AND o.file_id = d.file_id;
    DELETE FROM order_observations
        WHERE (order_id, file_id) IN (SELECT order_id, file_id FROM merged_orders);
    DROP TABLE orders;
    ALTER TABLE merged_orders RENAME TO orders;
    DROP INDEX statement_rows_by_file;",
    // 9: every data row read is counted: `rows` now counts the rows kept aside too, and
    // `duplicates` the exact repeats of an earlier row of the same file, kept once.
    "ALTER TABLE imported_files ADD COLUMN duplicates INTEGER NOT NULL DEFAULT 0;
    UPDATE imported_files SET rows = rows + rejected;",
    // 10: who dismissed a kept-aside row (the report lists it), the state a kept-aside order row
    // still showed (an unfinished order counts even when dismissed), and the dismissals of a removed
    // file, so that importing the same bytes again dismisses its rows again (and says so)
    // instead of quietly reopening them.
    "ALTER TABLE rejected_rows ADD COLUMN dismissed_by TEXT;
    ALTER TABLE rejected_rows ADD COLUMN state TEXT;
    CREATE TABLE kept_dismissals (
        sha256       TEXT NOT NULL,
        line         INTEGER NOT NULL,
        column_name  TEXT NOT NULL,
        note         TEXT NOT NULL,
        dismissed_at TEXT,
        dismissed_by TEXT,
        PRIMARY KEY (sha256, line, column_name)
    ) STRICT;",
    // 11: evidence attached to answers. Bytes are stored once per sha256 however many answers
    // carry them; a purge empties `bytes` (the record and hash stay, for the report).
    // `subject` and `subject_key` name the answer: a rule id, an order number, a balance row.
    "CREATE TABLE attachment_blobs (
        sha256 TEXT PRIMARY KEY,
        bytes  BLOB
    ) STRICT;
    CREATE TABLE attachments (
        id          INTEGER PRIMARY KEY,
        subject     TEXT NOT NULL CHECK (subject IN ('rule', 'order', 'balance')),
        subject_key TEXT NOT NULL,
        name        TEXT NOT NULL,
        media_type  TEXT NOT NULL,
        size        INTEGER NOT NULL,
        sha256      TEXT NOT NULL REFERENCES attachment_blobs (sha256),
        added_at    TEXT NOT NULL,
        UNIQUE (subject, subject_key, sha256)
    ) STRICT;
    ALTER TABLE purges ADD COLUMN attachments_cleared INTEGER NOT NULL DEFAULT 0;",
];

/// The case format this build writes and reads up to: the number of migrations.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Brings `conn` from its current `user_version` to the latest.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    keep_ranks_in_step(conn)
}

/// Rewrites `state_rank` when it differs from `merge_rank` (the Rust side is the truth; the
/// table lets the merge join on it), so a rank changed in code reaches every case once.
fn keep_ranks_in_step(conn: &mut Connection) -> Result<()> {
    let mut stmt = conn.prepare("SELECT state, rank FROM state_rank")?;
    let stored: BTreeMap<String, i64> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    drop(stmt);
    let wanted: BTreeMap<String, i64> =
        OrderState::ALL.iter().map(|&s| (s.as_str().to_owned(), merge_rank(s))).collect();
    if stored != wanted {
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM state_rank", [])?;
        for (state, rank) in &wanted {
            tx.execute("INSERT INTO state_rank (state, rank) VALUES (?1, ?2)", rusqlite::params![state, rank])?;
        }
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::case::testing::scratch;
    use crate::case::Case;

    /// Every table, index and trigger, as SQLite spells it, by name.
    fn schema_of(case: &Case) -> Vec<(String, String, Option<String>)> {
        let mut stmt = case
            .conn()
            .prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn a_fresh_case_has_the_schema_of_one_migrated_from_the_oldest_fixture() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.closeout");
        std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/cases/schema-7.closeout"), &old).unwrap();
        let migrated = Case::open(&old).unwrap();
        let (_fresh_dir, fresh) = scratch();
        let version =
            |case: &Case| -> i64 { case.conn().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap() };
        assert_eq!(version(&migrated), super::latest_version());
        assert_eq!(version(&fresh), super::latest_version());
        assert_eq!(schema_of(&migrated), schema_of(&fresh));
    }
}
