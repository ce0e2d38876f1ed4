//! Versioned migrations of the case file. Each runs in its own transaction and bumps
//! `user_version`; a migration, once shipped, is never edited, only followed by another.

use rusqlite::Connection;

use crate::error::Result;

/// `PRAGMA application_id` of every case file: "CLOS".
pub const APPLICATION_ID: i32 = 0x434C_4F53;

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
];

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
    Ok(())
}
