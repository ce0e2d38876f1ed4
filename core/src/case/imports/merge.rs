//! Merging a file's orders with what earlier files said. Each file's view of an order is an
//! *observation*, stored once: `orders` holds, per order, the observation with the most recent
//! information, and `order_observations` the others (kept so that forgetting a file can bring
//! back what it overrode). "Most recent" is a sortable key (the observation's latest event,
//! then the file's latest event, then whether the state is final, then its merge rank, then the
//! file's hash), so the merged result is the same whatever order files arrive in.

use rusqlite::Transaction;

use super::writer::OBSERVED;
use super::FileReport;
use crate::case::sql::terminal_states;
use crate::error::Result;
use crate::import::Format;

/// Releases and refunds already in the case from another file are unchanged; the rest are new
/// (these formats record events, which do not change once they happened). A product line's
/// identity is its order, product and SKU: two SKUs of one product are two lines. (Statement
/// rows are counted as they are written: a ledger has a million of them.)
pub(super) fn count_deduplicated(
    tx: &Transaction<'_>,
    format: Format,
    file_id: i64,
    report: &mut FileReport,
) -> Result<()> {
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

/// The merge key of the observation `o` from file `f`, whose state ranks `s` (`state_rank`,
/// holding `OrderState::merge_rank`), term by term: greater wins.
fn merge_key_terms(o: &str, f: &str, s: &str) -> [String; 5] {
    [
        format!("coalesce({o}.own_latest, 0)"),
        format!("coalesce({f}.latest_event, 0)"),
        format!("{o}.state IN {}", terminal_states()),
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
pub(super) fn merge_file(tx: &Transaction<'_>, file_id: i64, new_orders: u64, report: &mut FileReport) -> Result<()> {
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
pub(in crate::case) fn promote_best_observations(tx: &Transaction<'_>) -> Result<()> {
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

/// How final a state is, the merge key's fourth term: between two observations alike in
/// time, the further one wins. The `state_rank` table the merge joins is kept equal to this
/// (`schema::migrate`).
pub(in crate::case) fn merge_rank(state: crate::model::OrderState) -> i64 {
    use crate::model::OrderState::*;
    match state {
        Unknown => 0,
        AwaitingPayment => 1,
        RiskControl => 2,
        CancelRequested => 3,
        AwaitingShipment => 4,
        AwaitingReceipt => 5,
        FundsProcessing => 6,
        Frozen => 7,
        InDispute => 8,
        Completed => 9,
        Closed => 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::testing::{import_text, orders_csv, scratch};
    use crate::model::OrderState;

    #[test]
    fn the_stored_ranks_are_the_merge_ranks() {
        let (_dir, case) = scratch();
        let mut stmt = case.conn().prepare("SELECT state, rank FROM state_rank").unwrap();
        let stored: Vec<(OrderState, i64)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!(stored.len(), OrderState::ALL.len());
        for (state, rank) in stored {
            assert_eq!(rank, merge_rank(state), "{state:?}");
        }
    }

    fn state_of(case: &crate::case::Case, order_id: &str) -> OrderState {
        case.conn().query_row("SELECT state FROM orders WHERE order_id = ?1", [order_id], |r| r.get(0)).unwrap()
    }

    #[test]
    fn the_most_recent_information_wins_whatever_order_files_arrive_in() {
        let early = orders_csv(&[("8100000000000001", "等待您发货", "2026-10-01 10:00")]);
        let later = orders_csv(&[
            ("8100000000000001", "交易完成", "2026-10-01 10:00"),
            ("8100000000000002", "等待您发货", "2026-10-05 10:00"),
        ]);
        for files in [[("a.csv", &early), ("b.csv", &later)], [("b.csv", &later), ("a.csv", &early)]] {
            let (_dir, mut case) = scratch();
            let reports: Vec<_> = files.iter().map(|(name, text)| import_text(&mut case, name, text)).collect();
            assert_eq!(state_of(&case, "8100000000000001"), OrderState::Completed, "{files:?}");
            let second = &reports[1];
            assert_eq!(second.rows, second.new + second.updated + second.unchanged, "{second:?}");
        }
    }

    #[test]
    fn an_order_seen_again_unchanged_is_counted_unchanged_not_updated() {
        let (_dir, mut case) = scratch();
        let text = orders_csv(&[("8100000000000001", "交易完成", "2026-10-01 10:00")]);
        import_text(&mut case, "a.csv", &text);
        let again = import_text(
            &mut case,
            "a-again.csv",
            &format!("{text}8100000000000009,交易完成,2026-10-02 10:00,CN￥ 1.00\n"),
        );
        assert_eq!((again.new, again.updated, again.unchanged), (1, 0, 1));
    }
}
