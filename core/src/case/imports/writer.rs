//! Writes one file's rows with prepared statements, inside the file's transaction, and counts
//! each row once: new, seen before, a duplicate, or kept aside.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::{DuplicateRow, FileReport, RejectedRow, UnknownLabel};
use crate::case::sql::{seconds, Amount};
use crate::error::Result;
use crate::import::{self, Format, Record, RowProblem};
use crate::model::{Money, OrderState};
use crate::text::Text;

/// Column headers the contract names for an unknown status, and for a repeated order id.
const STATUS_COLUMN: &str = "订单状态";
const ORDER_ID_COLUMN: &str = "订单号";

/// Writes one file's rows with prepared statements, inside the file's transaction.
///
/// A row whose key (order id, transaction number, product line) another row of the same file
/// already had is found by the insert that does nothing: the earlier row is then read back and
/// compared. The same in everything stored, it is a duplicate, counted and kept once; different,
/// it is kept aside naming the other line, so two rows are never merged because a key collides.
pub(super) struct RecordWriter<'t> {
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
    written: Written,
    /// Whether an earlier file brought statement rows of the source being read: if not (the
    /// usual first import), no row needs looking up.
    source_seen_before: Option<(Format, bool)>,
}

/// What a file's rows added up to, once all were written.
#[derive(Debug, Default)]
pub(super) struct Written {
    /// Orders or statement rows this file brought that no earlier file had.
    pub new_rows: u64,
    /// Orders or statement rows an earlier file had too (each once).
    pub seen_rows: u64,
    /// The file's latest event: near enough the moment the export was taken.
    pub latest_event: Option<DateTime<Utc>>,
    /// The span of its rows: orders placed, or statement rows' times.
    pub first_event: Option<DateTime<Utc>>,
    /// The end of that span.
    pub last_event: Option<DateTime<Utc>>,
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
    /// Prepares every statement once, inside the file's transaction, for rows of `file_id`.
    pub(super) fn new(tx: &'t Transaction<'_>, file_id: i64) -> Result<Self> {
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
            written: Written::default(),
            source_seen_before: None,
        })
    }

    /// What the rows added up to.
    pub(super) fn finish(self) -> Written {
        self.written
    }

    /// Stores one row and counts it in `report`, once, in exactly one of its counts.
    pub(super) fn write(&mut self, record: Result<Record, RowProblem>, report: &mut FileReport) -> Result<()> {
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
                let reason = Text::new("row.same_key_differs").with("other", other).with("column", column);
                self.keep_aside(
                    RowProblem { line, column: column.to_owned(), reason: Box::new(reason), raw, state: None },
                    report,
                )
            }
        }
    }

    fn keep_aside(&mut self, problem: RowProblem, report: &mut FileReport) -> Result<()> {
        self.reject.execute(params![
            self.file_id,
            problem.line as i64,
            problem.column,
            problem.reason.stored(),
            problem.raw,
            problem.state
        ])?;
        report.rejected_rows.push(RejectedRow { line: problem.line, column: problem.column, reason: *problem.reason });
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
            order.state,
            order.countdown,
            order.countdown_left.map(|d| d.num_seconds()),
            seconds(order.placed_at),
            seconds(order.paid_at),
            seconds(order.shipped_at),
            seconds(order.confirmed_at),
            order.amount.map(|m| Amount(m.amount)),
            order.amount.map(|m| m.currency),
            order.country,
            serde_json::to_string(&order.items).expect("items serialise"),
            seconds(own_latest),
        ];
        let repeat = if self.new_order.execute(row)? == 1 {
            self.written.new_rows += 1;
            None
        } else if let Some(repeat) = repeat_of(&mut self.same_file_order, row)? {
            Some(repeat)
        } else if self.seen_order.execute(row)? == 1 {
            self.written.seen_rows += 1;
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
        self.note_event(own_latest, order.placed_at);
        Ok(None)
    }

    fn write_statement_row(&mut self, row: import::StatementRow) -> Result<Option<Repeated>> {
        let source = row.source;
        let row_params = params![
            source,
            row.key,
            self.file_id,
            row.line as i64,
            row.refund_of,
            seconds(row.at),
            Amount(row.amount.amount),
            row.amount.currency,
            row.direction.as_str(),
            row.kind,
            row.status,
            row.description,
            row.balance.map(|b| Amount(b.amount)),
            row.frozen_change.map(|f| Amount(f.amount)),
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
            self.written.seen_rows += 1;
        } else {
            self.written.new_rows += 1;
        }
        Ok(None)
    }

    fn write_release(&mut self, row: import::ReleaseRow) -> Result<Option<Repeated>> {
        let amount = |m: &Option<Money>| m.map(|m| Amount(m.amount));
        let currency = [row.released, row.sale_amount, row.fee].iter().flatten().next().map(|m| m.currency);
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
            seconds(row.settled_at),
        ];
        let repeated = write_product_line(&mut self.same_file_release, &mut self.release, row_params, row.line)?;
        if repeated.is_none() {
            self.note_event(row.settled_at, None);
        }
        Ok(repeated)
    }

    fn write_refund(&mut self, row: import::RefundRow) -> Result<Option<Repeated>> {
        let amount = |m: &Option<Money>| m.map(|m| Amount(m.amount));
        let currency = [row.refunded, row.sale_amount].iter().flatten().next().map(|m| m.currency);
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
            seconds(row.refunded_at),
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
        let seen = self.source_had_rows.query_row(params![source, self.file_id], |r| r.get(0))?;
        self.source_seen_before = Some((source, seen));
        Ok(seen)
    }

    /// Moves the file's latest event on to `at`, and widens its span to `span` (an order's
    /// placing; a statement row's time, for statements without a period in the preamble).
    fn note_event(&mut self, at: Option<DateTime<Utc>>, span: Option<DateTime<Utc>>) {
        self.written.latest_event = self.written.latest_event.max(at);
        if let Some(t) = span {
            self.written.first_event = Some(self.written.first_event.map_or(t, |f| f.min(t)));
            self.written.last_event = Some(self.written.last_event.map_or(t, |l| l.max(t)));
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
pub(super) const OBSERVED: &str =
    "file_id, line, order_id, label, state, countdown, countdown_secs, placed_at, paid_at,
    shipped_at, confirmed_at, amount, currency, country, items, own_latest";
const OBSERVED_PARAMS: &str = "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16";

#[cfg(test)]
mod tests {
    use crate::case::testing::{import_text, orders_csv, scratch};

    #[test]
    fn an_exact_repeat_of_a_row_is_a_duplicate_kept_once() {
        let (_dir, mut case) = scratch();
        let row = ("8100000000000001", "交易完成", "2026-10-01 10:00");
        let report = import_text(&mut case, "a.csv", &orders_csv(&[row, row]));
        assert_eq!((report.rows, report.new, report.duplicates.len()), (2, 1, 1));
        assert_eq!((report.duplicates[0].line, report.duplicates[0].repeats), (3, 2));
    }

    #[test]
    fn a_repeated_key_with_other_content_is_kept_aside_naming_the_other_line() {
        let (_dir, mut case) = scratch();
        let text = orders_csv(&[
            ("8100000000000001", "交易完成", "2026-10-01 10:00"),
            ("8100000000000001", "订单关闭", "2026-10-01 10:00"),
        ]);
        let report = import_text(&mut case, "a.csv", &text);
        assert_eq!((report.rows, report.new, report.rejected_rows.len()), (2, 1, 1));
        let kept = &report.rejected_rows[0];
        assert_eq!((kept.line, kept.column.as_str()), (3, "订单号"));
        assert!(kept.reason.to_string().starts_with("line 2 has the same 订单号"), "{}", kept.reason);
    }

    #[test]
    fn an_unknown_status_is_kept_as_unknown_and_reported_with_its_line() {
        let (_dir, mut case) = scratch();
        let report =
            import_text(&mut case, "a.csv", &orders_csv(&[("8100000000000001", "等待平台审核", "2026-10-01 10:00")]));
        assert_eq!(report.new, 1);
        assert_eq!((report.unknown_labels[0].line, report.unknown_labels[0].value.as_str()), (2, "等待平台审核"));
    }
}
