//! What the rules look at: a snapshot of the case, read once from the case file. The rules see
//! only these plain values, never the database.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::{Currency, Money, OrderState, Profile};

#[derive(Debug, Clone)]
pub struct Facts {
    pub profile: Profile,
    /// `None` until an order export has been imported.
    pub orders: Option<OrderFacts>,
    /// `None` until a statement or fund export has been imported.
    pub money: Option<MoneyFacts>,
    /// Rows that could not be read and are not yet resolved.
    pub rejections: Vec<Rejection>,
    /// The answer in force for each rule (withdrawn ones are absent).
    pub attestations: BTreeMap<String, Attestation>,
}

#[derive(Debug, Clone, Default)]
pub struct OrderFacts {
    pub orders: Vec<OrderFact>,
    /// Months some imported order export covers (from its first to its last order).
    pub covered_months: BTreeSet<YearMonth>,
}

#[derive(Debug, Clone)]
pub struct OrderFact {
    pub id: String,
    pub state: OrderState,
    pub placed_at: Option<DateTime<Utc>>,
    /// When the buyer confirmed receipt (or it was confirmed automatically).
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The countdown the platform gave the seller, where the export shows one.
    pub deadline: Option<DateTime<Utc>>,
    pub amount: Option<Money>,
}

impl OrderFact {
    /// The latest moment anything is known to have happened to the order.
    pub fn last_activity(&self) -> Option<DateTime<Utc>> {
        self.placed_at.into_iter().chain(self.confirmed_at).max()
    }
}

#[derive(Debug, Clone, Default)]
pub struct MoneyFacts {
    /// Latest known balance per currency.
    pub balances: Vec<Balance>,
    /// Orders a fund-release export shows as released; `None` without such an export.
    pub released_order_ids: Option<BTreeSet<String>>,
    pub pending_refunds: Vec<PendingRefund>,
    /// Where the latest imported statement ends.
    pub latest_statement_end: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Balance {
    pub currency: Currency,
    pub available: Decimal,
    pub frozen: Decimal,
    /// Where the figure comes from: a format name, or `entered` for a snapshot the seller typed.
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct PendingRefund {
    pub order_id: String,
    pub amount: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejection {
    pub file: String,
    pub line: u64,
    pub column: String,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Done,
    NotApplicable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    Seller,
    Bookkeeper,
}

impl Who {
    pub fn parse(s: &str) -> Option<Who> {
        match s.trim().to_ascii_lowercase().as_str() {
            "seller" => Some(Who::Seller),
            "bookkeeper" => Some(Who::Bookkeeper),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Who::Seller => "seller",
            Who::Bookkeeper => "bookkeeper",
        }
    }
}

/// A person's answer for a rule: done or not applicable, on a date, with a note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attestation {
    pub answer: Answer,
    pub date: NaiveDate,
    pub note: String,
    pub who: Who,
}

/// A calendar month, as coverage is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn of(date: NaiveDate) -> YearMonth {
        YearMonth { year: date.year(), month: date.month() }
    }

    pub fn next(self) -> YearMonth {
        if self.month == 12 {
            YearMonth { year: self.year + 1, month: 1 }
        } else {
            YearMonth { year: self.year, month: self.month + 1 }
        }
    }

    /// Every month from `self` to `last`, both included.
    pub fn through(self, last: YearMonth) -> impl Iterator<Item = YearMonth> {
        std::iter::successors(Some(self), move |m| Some(m.next()).filter(|n| *n <= last))
            .take_while(move |m| *m <= last)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_run_across_years() {
        let from = YearMonth { year: 2025, month: 11 };
        let to = YearMonth { year: 2026, month: 2 };
        let months: Vec<String> = from.through(to).map(|m| m.to_string()).collect();
        assert_eq!(months, ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert_eq!(to.through(from).count(), 0);
    }
}
