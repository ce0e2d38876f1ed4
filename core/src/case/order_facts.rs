//! What the rules know of the merged orders: the months the order exports cover, and each
//! order's state, times and deadline, folded in one pass over `orders`.

use std::collections::{BTreeSet, HashMap};

use super::sql::{text_at, Seconds};
use super::Case;
use crate::error::Result;
use crate::import::Format;
use crate::model::Profile;
use crate::rules::{OrderFacts, OrderFold, OrderTimes, YearMonth};

/// An order's deadline, for a query over `orders o`: its countdown, counted from the latest
/// event of the file it came from (the moment the export was taken, near enough).
pub(crate) const DEADLINE: &str = "CASE WHEN o.countdown_secs IS NOT NULL
    THEN (SELECT f.latest_event FROM imported_files f WHERE f.id = o.file_id) + o.countdown_secs END";

impl Case {
    /// What the rules know of the merged orders, or `None` before any order export;
    /// `released` are the orders a fund-release export shows, when one was imported.
    pub(crate) fn order_facts(
        &self,
        profile: &Profile,
        released: Option<&BTreeSet<String>>,
    ) -> Result<Option<OrderFacts>> {
        let Some(covered) = self.months_covered(profile)? else {
            return Ok(None);
        };
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
                state: r.get(1)?,
                placed_at: r.get::<_, Option<Seconds>>(2)?.map(|t| t.0),
                confirmed_at: r.get::<_, Option<Seconds>>(3)?.map(|t| t.0),
                deadline: deadline.and_then(|s| chrono::DateTime::from_timestamp(s, 0)),
            };
            fold.add(text_at(r, 0)?, times);
        }
        Ok(Some(fold.finish()))
    }

    /// The months from each order export's first order to its last, in the case's time zone;
    /// `None` when no order export was imported.
    fn months_covered(&self, profile: &Profile) -> Result<Option<BTreeSet<YearMonth>>> {
        let files: i64 = self.conn.query_row(
            "SELECT count(*) FROM imported_files WHERE format = ?1",
            [Format::AliexpressOrders],
            |r| r.get(0),
        )?;
        if files == 0 {
            return Ok(None);
        }
        let mut stmt = self.conn.prepare(
            "SELECT first_event, last_event FROM imported_files WHERE format = ?1 AND first_event IS NOT NULL",
        )?;
        let month = |t: Seconds| YearMonth::of(t.0.with_timezone(&profile.timezone).date_naive());
        let mut covered = BTreeSet::new();
        for row in
            stmt.query_map([Format::AliexpressOrders], |r| Ok((r.get::<_, Seconds>(0)?, r.get::<_, Seconds>(1)?)))?
        {
            let (first, last) = row?;
            covered.extend(month(first).through(month(last)));
        }
        Ok(Some(covered))
    }
}

#[cfg(test)]
mod tests {
    use crate::case::testing::{import_text, orders_csv, scratch};
    use crate::rules::YearMonth;

    #[test]
    fn no_order_export_means_no_order_facts() {
        let (_dir, case) = scratch();
        assert!(case.order_facts(&case.profile().unwrap(), None).unwrap().is_none());
    }

    #[test]
    fn an_export_covers_every_month_from_its_first_order_to_its_last() {
        let (_dir, mut case) = scratch();
        let text = orders_csv(&[
            ("8100000000000001", "交易完成", "2026-07-30 10:00"),
            ("8100000000000002", "等待您发货", "2026-10-02 10:00"),
        ]);
        import_text(&mut case, "a.csv", &text);
        let facts = case.order_facts(&case.profile().unwrap(), None).unwrap().unwrap();
        let months: Vec<YearMonth> = facts.covered_months.iter().copied().collect();
        assert_eq!(months.first(), Some(&YearMonth::of(chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap())));
        assert_eq!(months.len(), 4);
        assert_eq!(facts.total(), 2);
        assert_eq!(facts.open.len(), 1);
    }
}
