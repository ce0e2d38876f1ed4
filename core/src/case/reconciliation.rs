//! The per-order reconciliation a bookkeeper checks, as the case holds it: what each order was
//! worth, what was released (and the fees), what was refunded, and where its money stands. The
//! export puts it into a sheet (`export::reconciliation`).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::sql::Seconds;
use super::Case;
use crate::error::Result;
use crate::model::{Currency, OrderState};

/// One order's money, as the case's imports give it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReconciliationRow {
    /// The order id.
    pub order_id: String,
    /// Its status, as the newest export shows it.
    pub state: OrderState,
    /// The day it was placed, in the case's time zone.
    pub placed: Option<NaiveDate>,
    /// Its amount, as the order export gives it.
    pub amount: Option<Decimal>,
    /// The order's currency, where the export names one.
    pub currency: Option<Currency>,
    /// Released, its fee, affiliate commission and cashback, summed over its product lines
    /// (`None`: no fund-release row has it).
    pub released: Option<Decimal>,
    /// The fee on the release.
    pub fee: Option<Decimal>,
    /// The affiliate commission on the release.
    pub affiliate: Option<Decimal>,
    /// The cashback on the release.
    pub cashback: Option<Decimal>,
    /// Refunded, summed over its product lines (`None`: no refund row has it).
    pub refunded: Option<Decimal>,
    /// Where its money stands: a code (`reconciliation.status.<code>` is its words).
    pub status: &'static str,
}

impl Case {
    /// Every order's money, by the day it was placed, then its id.
    pub fn reconciliation(&self) -> Result<Vec<ReconciliationRow>> {
        let tz = self.profile()?.timezone;
        let mut stmt = self.conn.prepare(
            "SELECT o.order_id, o.state, o.placed_at, o.amount, o.currency,
                    (SELECT group_concat(released, ' ') FROM (SELECT DISTINCT product_id, sku, released FROM fund_releases f WHERE f.order_id = o.order_id)),
                    (SELECT group_concat(fee, ' ') FROM (SELECT DISTINCT product_id, sku, fee FROM fund_releases f WHERE f.order_id = o.order_id)),
                    (SELECT group_concat(affiliate, ' ') FROM (SELECT DISTINCT product_id, sku, affiliate FROM fund_releases f WHERE f.order_id = o.order_id)),
                    (SELECT group_concat(cashback, ' ') FROM (SELECT DISTINCT product_id, sku, cashback FROM fund_releases f WHERE f.order_id = o.order_id)),
                    (SELECT group_concat(refunded, ' ') FROM (SELECT DISTINCT product_id, sku, refunded FROM refunds r WHERE r.order_id = o.order_id)),
                    EXISTS (SELECT 1 FROM fund_releases f WHERE f.order_id = o.order_id),
                    EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.order_id),
                    o.paid_at IS NOT NULL
             FROM orders o ORDER BY o.placed_at, o.order_id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let state: OrderState = r.get(1)?;
            let (released, refunded, paid): (bool, bool, bool) = (r.get(10)?, r.get(11)?, r.get(12)?);
            let status = match state {
                _ if refunded => "refunded",
                OrderState::Completed if released => "released",
                OrderState::Completed => "not_released",
                OrderState::Closed if paid => "refund_pending",
                OrderState::Closed => "nothing_due",
                _ => "open",
            };
            let summed =
                |i: usize| -> Result<Option<Decimal>> { sum(r.get(i)?).ok_or_else(|| self.amounts_beyond_bounds()) };
            out.push(ReconciliationRow {
                order_id: r.get(0)?,
                state,
                placed: r.get::<_, Option<Seconds>>(2)?.map(|t| t.0.with_timezone(&tz).date_naive()),
                amount: r.get::<_, Option<String>>(3)?.and_then(|a| a.parse().ok()),
                currency: r.get::<_, Option<String>>(4)?.and_then(|c| c.parse().ok()),
                released: summed(5)?,
                fee: summed(6)?,
                affiliate: summed(7)?,
                cashback: summed(8)?,
                refunded: summed(9)?,
                status,
            });
        }
        Ok(out)
    }
}

/// Adds up the space-separated amounts SQLite gathered (product lines of one order): `None`
/// when they are not amounts that add up, `Some(None)` when there were none.
fn sum(amounts: Option<String>) -> Option<Option<Decimal>> {
    let Some(amounts) = amounts else { return Some(None) };
    let mut total = Decimal::ZERO;
    for a in amounts.split_whitespace() {
        total = total.checked_add(a.parse().ok()?)?;
    }
    Some(Some(total))
}
