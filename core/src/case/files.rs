//! The imported files as the case keeps them: listed, their periods, one forgotten, the rows
//! kept aside and their dismissals, and the column mappings saved for unknown layouts.

use rusqlite::params;

use super::imports::{promote_best_observations, FilePeriod, ImportedFile, QuarantinedRow};
use super::sql::Seconds;
use super::{now_text, Case, Undo};
use crate::error::{Error, Result};
use crate::import::{self, ColumnProfile};
use crate::model::OrderState;
use crate::rules::{Rejection, Who};
use crate::text::Text;

impl Case {
    /// The column mappings saved in this case, oldest first.
    pub fn column_profiles(&self) -> Result<Vec<ColumnProfile>> {
        let mut stmt = self.conn.prepare("SELECT name, columns FROM column_profiles ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|row| {
            let (name, columns) = row?;
            let columns = serde_json::from_str(&columns)
                .map_err(|e| Error::stored(Text::new("stored.mapping").with("name", &name).with("why", e)))?;
            Ok(ColumnProfile { name, columns })
        })
        .collect()
    }

    /// Saves a column mapping typed on the command line (replacing one of the same name): its
    /// fields are checked, its headers only once a file is imported. Later imports try it on
    /// every order file.
    pub fn save_column_profile(&mut self, profile: &ColumnProfile) -> Result<()> {
        import::check_column_profile(profile, None).map_err(Error::invalid)?;
        self.store_column_profile(profile)
    }

    /// Saves a column mapping made for a file whose header row is `headers`: every header it
    /// names must be one of them.
    pub fn save_column_profile_for(&mut self, profile: &ColumnProfile, headers: &[String]) -> Result<()> {
        import::check_column_profile(profile, Some(headers)).map_err(Error::invalid)?;
        self.store_column_profile(profile)
    }

    fn store_column_profile(&mut self, profile: &ColumnProfile) -> Result<()> {
        let columns = serde_json::to_string(&profile.columns).expect("a mapping serialises");
        self.conn.execute(
            "INSERT INTO column_profiles (name, columns, saved_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET columns = excluded.columns, saved_at = excluded.saved_at",
            params![profile.name.trim(), columns, now_text()],
        )?;
        Ok(())
    }

    /// Every imported file, in import order.
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
            Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get::<_, Seconds>(2)?, r.get::<_, Seconds>(3)?))
        })?;
        let day = |t: Seconds| t.0.with_timezone(&tz).date_naive();
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
        let file = self
            .files()?
            .into_iter()
            .find(|f| f.id == file_id)
            .ok_or_else(|| Error::invalid(Text::new("input.no_such_file_id").with("id", file_id)))?;
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

    /// Every row kept aside, dismissed or not, by file and line.
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
                reason: Text::from_stored(&r.get::<_, String>(4)?),
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
            return Err(Error::invalid(Text::new("input.no_dismissed_row").with("id", id)));
        }
        Ok(())
    }

    /// Settles a kept-aside row without re-importing, with the reason and who gave it.
    pub fn dismiss_rejection(&mut self, id: i64, note: &str, who: Who) -> Result<()> {
        if note.trim().is_empty() {
            return Err(Error::invalid(Text::new("input.say_why_dismissed")));
        }
        let n = self.conn.execute(
            "UPDATE rejected_rows SET dismissed_note = ?2, dismissed_at = ?3, dismissed_by = ?4 WHERE id = ?1",
            params![id, note, now_text(), who.as_str()],
        )?;
        if n == 0 {
            return Err(Error::invalid(Text::new("input.no_kept_aside_row").with("id", id)));
        }
        Ok(())
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
                unfinished_order: r.state.is_some_and(|state| !state.is_terminal() && state != OrderState::Unknown),
                dismissed_note: r.dismissed_note,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::case::testing::{import_text, orders_csv, scratch};
    use crate::model::OrderState;
    use crate::rules::Who;

    fn state_of(case: &crate::case::Case, order_id: &str) -> OrderState {
        case.conn().query_row("SELECT state FROM orders WHERE order_id = ?1", [order_id], |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_kept_aside_reason_is_stored_without_a_language_and_old_ones_read_as_written() {
        use crate::locale::Lang;
        let (_dir, mut case) = scratch();
        let text = format!("{}3.03127E+15,交易完成,2026-10-02 10:00,CN￥ 1.00\n", orders_csv(&[]));
        import_text(&mut case, "a.csv", &text);
        let stored: String = case.conn().query_row("SELECT reason FROM rejected_rows", [], |r| r.get(0)).unwrap();
        assert!(stored.starts_with("{\"key\":\"row.id_scientific\""), "stored as a message, not words: {stored}");
        let row = case.quarantine().unwrap().remove(0);
        assert!(row.clone().spoken(Lang::ZhCn).reason.starts_with("订单号“3.03127E+15”是科学计数法"), "{row:?}");
        assert!(row.spoken(Lang::En).reason.starts_with("the order id \"3.03127E+15\" is in scientific notation"));
        // A row an older Closeout kept aside holds its reason in English: shown as it was written.
        let old = "the order id \"3.03127E+15\" is in scientific notation: …";
        case.conn().execute("UPDATE rejected_rows SET reason = ?1", [old]).unwrap();
        let row = case.quarantine().unwrap().remove(0);
        assert_eq!(row.clone().spoken(Lang::ZhCn).reason, old);
        assert_eq!(case.rejections().unwrap()[0].reason.render(Lang::En), old);
    }

    #[test]
    fn forgetting_a_file_brings_back_what_it_overrode() {
        let (_dir, mut case) = scratch();
        import_text(&mut case, "a.csv", &orders_csv(&[("8100000000000001", "等待您发货", "2026-10-01 10:00")]));
        import_text(&mut case, "b.csv", &orders_csv(&[("8100000000000001", "交易完成", "2026-10-01 10:00")]));
        assert_eq!(state_of(&case, "8100000000000001"), OrderState::Completed);
        let later = case.files().unwrap()[1].id;
        let (forgotten, _undo) = case.forget(later).unwrap();
        assert_eq!(forgotten.name, "b.csv");
        assert_eq!(state_of(&case, "8100000000000001"), OrderState::AwaitingShipment);
        assert!(case.forget(later).is_err(), "a file is forgotten once");
    }

    #[test]
    fn a_dismissal_outlives_its_file_and_comes_back_with_the_same_bytes() {
        let (_dir, mut case) = scratch();
        let text = format!("{}3.03127E+15,交易完成,2026-10-02 10:00,CN￥ 1.00\n", orders_csv(&[]));
        let report = import_text(&mut case, "a.csv", &text);
        assert_eq!(report.rejected_rows.len(), 1);
        let row = case.quarantine().unwrap()[0].id;
        assert!(case.dismiss_rejection(row, "  ", Who::Seller).is_err(), "a dismissal needs a reason");
        case.dismiss_rejection(row, "a test row", Who::Bookkeeper).unwrap();
        let file = case.files().unwrap()[0].id;
        case.forget(file).unwrap();
        let again = import_text(&mut case, "a.csv", &text);
        assert_eq!(again.dismissed_again, 1);
        assert_eq!(case.quarantine().unwrap()[0].dismissed_note.as_deref(), Some("a test row"));
    }

    #[test]
    fn a_mapping_made_for_a_file_must_name_its_headers() {
        let (_dir, mut case) = scratch();
        let profile = crate::import::ColumnProfile {
            name: "English".into(),
            columns: vec![("order_id".into(), "Order No".into()), ("status".into(), "State".into())],
        };
        let headers = ["Order No".to_owned(), "Status".to_owned()];
        assert!(case.save_column_profile_for(&profile, &headers).is_err());
        case.save_column_profile(&profile).unwrap();
        assert_eq!(case.column_profiles().unwrap(), vec![profile]);
    }
}
