//! The "Finish orders" step: the orders still open, what to do with each, and what the seller
//! recorded doing.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::order_facts::DEADLINE;
use super::sql::{terminal_states, Seconds};
use super::{now_text, Case};
use crate::error::{Error, Result};
use crate::model::OrderState;

/// What a seller can record having done with an open order.
pub const ACTIONS: &[&str] = &[
    "shipped",
    "refunded",
    "return_accepted",
    "negotiated",
    "dispute_answered",
    "cancelled",
    "release_chased",
    "seen_finished",
    "other",
];

/// The action that says Seller Center shows an order of unknown status as finished: the one
/// record that settles such an order without a newer export.
pub const SEEN_FINISHED: &str = "seen_finished";

/// An order not yet completed or closed, as the "Finish orders" step and the report list it.
#[derive(Debug, Clone, Serialize)]
pub struct OpenOrder {
    /// The AliExpress order number.
    pub order_id: String,
    /// Where the order stands, from the latest export that had it.
    pub state: OrderState,
    /// The status text as that export wrote it (Chinese or English).
    pub label: String,
    /// Dates in the case's time zone.
    pub placed: Option<String>,
    /// When the order's countdown runs out (`YYYY-MM-DD HH:MM`): the export's countdown counted
    /// from the moment the export was taken; `None` where it showed none.
    pub deadline: Option<String>,
    /// The order's amount as stored, decimal text.
    pub amount: Option<String>,
    /// The currency code of `amount`.
    pub currency: Option<String>,
    /// The product titles, as the export wrote them (text, never markup).
    pub products: Vec<String>,
    /// What the seller should do, as an action key the UI words.
    pub suggested: &'static str,
    /// What the seller recorded doing, one of `ACTIONS`, if anything.
    pub recorded: Option<String>,
    /// The seller's note with that record.
    pub note: Option<String>,
}

/// An order as a rule lists it in the window: when it was placed, where it stands, how much.
#[derive(Debug, Clone, Serialize)]
pub struct OrderLine {
    /// The AliExpress order number.
    pub order_id: String,
    /// Where the order stands, from the latest export that had it.
    pub state: OrderState,
    /// The day it was placed, in the case's time zone (`YYYY-MM-DD`).
    pub placed: Option<String>,
    /// The order's amount as stored, decimal text.
    pub amount: Option<String>,
    /// The currency code of `amount`.
    pub currency: Option<String>,
}

/// The part of a stored product line (`import::OrderItem` as JSON) the order table shows.
#[derive(Deserialize)]
struct StoredItem {
    title: String,
}

/// The usual next move for an order in this state (from the seller guidance).
pub fn suggested_action(state: OrderState) -> &'static str {
    match state {
        OrderState::AwaitingPayment => "wait_or_cancel",
        OrderState::RiskControl => "wait_risk_check",
        OrderState::CancelRequested => "accept_or_refuse",
        OrderState::AwaitingShipment => "ship_or_refund",
        OrderState::AwaitingReceipt => "wait_for_receipt",
        OrderState::InDispute => "answer_dispute",
        OrderState::FundsProcessing => "confirm_amount",
        OrderState::Frozen => "contact_support",
        OrderState::Unknown => "check_status",
        OrderState::Completed | OrderState::Closed => "none",
    }
}

/// At most this many orders are listed one by one, in the window and in the report: enough
/// for any store closing by hand, few enough for a page to stay quick. Counts are always whole.
pub const ORDERS_LISTED: usize = 2_000;

impl Case {
    /// Every order not yet completed or closed, earliest deadline first, at most `limit`.
    pub fn open_orders(&self, limit: usize) -> Result<(Vec<OpenOrder>, usize)> {
        let tz = self.profile()?.timezone;
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM orders WHERE state NOT IN {}", terminal_states()),
            [],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT o.order_id, o.state, o.label, o.placed_at, {DEADLINE} AS deadline, o.amount, o.currency,
                    a.action, a.note, o.items
             FROM orders o LEFT JOIN order_actions a USING (order_id)
             WHERE o.state NOT IN {}
             ORDER BY deadline IS NULL, deadline, o.placed_at, o.order_id
             LIMIT ?1",
            terminal_states()
        ))?;
        let date = |t: Option<Seconds>| t.map(|t| t.0.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string());
        let rows = stmt.query_map([limit as i64], |r| {
            let state: OrderState = r.get(1)?;
            let items: Vec<StoredItem> = serde_json::from_str(&r.get::<_, String>(9)?)
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(9, rusqlite::types::Type::Text, Box::new(e)))?;
            Ok(OpenOrder {
                order_id: r.get(0)?,
                state,
                label: r.get(2)?,
                placed: date(r.get(3)?),
                deadline: date(r.get(4)?),
                amount: r.get(5)?,
                currency: r.get(6)?,
                products: items.into_iter().map(|i| i.title).collect(),
                suggested: suggested_action(state),
                recorded: r.get(7)?,
                note: r.get(8)?,
            })
        })?;
        Ok((rows.collect::<Result<_, _>>()?, total as usize))
    }

    /// The orders with these ids, in the order given; an id the case does not hold is left
    /// out (a rule lists only orders of the case). At most `ORDERS_LISTED` are read.
    pub fn order_lines(&self, ids: &[String]) -> Result<Vec<OrderLine>> {
        let tz = self.profile()?.timezone;
        let mut stmt =
            self.conn.prepare("SELECT order_id, state, placed_at, amount, currency FROM orders WHERE order_id = ?1")?;
        let mut lines = Vec::new();
        for id in ids.iter().take(ORDERS_LISTED) {
            let line = stmt
                .query_row([id], |r| {
                    Ok(OrderLine {
                        order_id: r.get(0)?,
                        state: r.get(1)?,
                        placed: r
                            .get::<_, Option<Seconds>>(2)?
                            .map(|t| t.0.with_timezone(&tz).format("%Y-%m-%d").to_string()),
                        amount: r.get(3)?,
                        currency: r.get(4)?,
                    })
                })
                .optional()?;
            lines.extend(line);
        }
        Ok(lines)
    }

    /// Orders of unknown status the seller recorded as finished in Seller Center.
    pub(crate) fn orders_seen_finished(&self) -> Result<std::collections::BTreeSet<String>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT a.order_id FROM order_actions a JOIN orders o USING (order_id)
             WHERE a.action = ?1 AND o.state NOT IN {}",
            terminal_states()
        ))?;
        let ids = stmt.query_map([SEEN_FINISHED], |r| r.get::<_, String>(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// Records what the seller did with an order (the order's state changes only with a new export).
    pub fn record_order_action(&mut self, order_id: &str, action: &str, note: &str) -> Result<()> {
        if !ACTIONS.contains(&action) {
            return Err(Error::invalid(
                crate::text::Text::new("input.unknown_action")
                    .with("value", action)
                    .with("actions", ACTIONS.join(", ")),
            ));
        }
        if note.len() > 10_000 {
            return Err(Error::invalid(crate::text::Text::new("input.note_long").with("max", "10,000")));
        }
        let known: i64 =
            self.conn.query_row("SELECT count(*) FROM orders WHERE order_id = ?1", [order_id], |r| r.get(0))?;
        if known == 0 {
            return Err(Error::invalid(crate::text::Text::new("input.no_such_order").with("value", order_id)));
        }
        self.conn.execute(
            "INSERT INTO order_actions (order_id, action, note, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (order_id) DO UPDATE SET action = excluded.action, note = excluded.note, updated_at = excluded.updated_at",
            params![order_id, action, note, now_text()],
        )?;
        Ok(())
    }
}
