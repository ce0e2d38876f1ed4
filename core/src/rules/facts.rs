//! What the rules look at: a snapshot of the case, read once from the case file. The rules see
//! only these plain values, never the database.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::{Currency, Money, OrderState, Profile};

/// Everything the rules are given about one case, read from the case file in one go: the profile,
/// what the imports showed, and the answers in force.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The store: its region picks the rules, its time zone turns instants into days.
    pub profile: Profile,
    /// `None` until an order export has been imported.
    pub orders: Option<OrderFacts>,
    /// `None` until a statement or fund export has been imported or a balance typed in.
    pub money: Option<MoneyFacts>,
    /// Every row kept aside, dismissed ones too: a dismissal is evidence the checklist shows.
    pub rejections: Vec<Rejection>,
    /// The answer in force for each rule (withdrawn ones are absent).
    pub attestations: BTreeMap<String, Attestation>,
    /// Orders of a status Closeout does not know that the seller looked up in Seller Center and
    /// recorded as finished there (order action `seen_finished`).
    pub seen_finished: BTreeSet<String>,
}

/// What the rules need to know of the orders, gathered in one pass (a case may hold a million):
/// counts, a few extremes, and in full only the orders still open and those the seller must
/// act on. `OrderFold` gathers it.
#[derive(Debug, Clone, Default)]
pub struct OrderFacts {
    /// Orders per state.
    pub by_state: BTreeMap<OrderState, usize>,
    /// Every order not yet completed or closed.
    pub open: Vec<OrderFact>,
    /// The latest buyer confirmation, and its order (the greatest id among equal times).
    pub latest_confirmation: Option<(DateTime<Utc>, String)>,
    /// When the first and the last order were placed.
    pub placed_span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// The latest moment anything is known to have happened to an order.
    pub last_activity: Option<DateTime<Utc>>,
    /// Orders placed on a local day after the profile's stop date (none without a stop date).
    pub placed_after_stop: Vec<String>,
    /// Completed orders no fund-release export shows; `None` without such an export.
    pub unreleased: Option<Vec<String>>,
    /// Months some imported order export covers (from its first to its last order).
    pub covered_months: BTreeSet<YearMonth>,
}

impl OrderFacts {
    /// Orders in any state.
    pub fn total(&self) -> usize {
        self.by_state.values().sum()
    }
}

/// An order still open, as the rules see it.
#[derive(Debug, Clone)]
pub struct OrderFact {
    /// The order's id, digits kept as text; what a rule lists.
    pub id: String,
    /// Its canonical state; never a terminal one here.
    pub state: OrderState,
    /// When it was placed, where the export says.
    pub placed_at: Option<DateTime<Utc>>,
    /// When the buyer confirmed receipt (or it was confirmed automatically).
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The countdown the platform gave the seller, where the export shows one.
    pub deadline: Option<DateTime<Utc>>,
}

/// Gathers `OrderFacts` one order at a time, copying an order's id only where the facts keep it.
pub struct OrderFold<'a> {
    facts: OrderFacts,
    /// Orders per state, by the state's place in `OrderState::ALL` (a map costs more per order).
    counts: [usize; OrderState::ALL.len()],
    stop: Option<(NaiveDate, Tz)>,
    released: Option<&'a BTreeSet<String>>,
}

impl<'a> OrderFold<'a> {
    /// `released`: the orders a fund-release export shows, when one was imported.
    pub fn new(profile: &Profile, released: Option<&'a BTreeSet<String>>, covered_months: BTreeSet<YearMonth>) -> Self {
        OrderFold {
            facts: OrderFacts { unreleased: released.map(|_| Vec::new()), covered_months, ..OrderFacts::default() },
            counts: [0; OrderState::ALL.len()],
            stop: profile.stop_date.map(|day| (day, profile.timezone)),
            released,
        }
    }

    /// Counts one order, and copies its id only where the facts list it: open, placed after the
    /// stop date, or completed with no fund release.
    pub fn add(&mut self, id: &str, order: OrderTimes) {
        let OrderTimes { state, placed_at, confirmed_at, deadline } = order;
        let facts = &mut self.facts;
        self.counts[state.index()] += 1;
        if let Some(t) = confirmed_at {
            if facts.latest_confirmation.as_ref().is_none_or(|(latest, latest_id)| (t, id) > (*latest, latest_id)) {
                facts.latest_confirmation = Some((t, id.to_owned()));
            }
        }
        if let Some(t) = placed_at {
            facts.placed_span = Some(facts.placed_span.map_or((t, t), |(first, last)| (first.min(t), last.max(t))));
            if self.stop.is_some_and(|(day, tz)| is_after_day(t, day, tz)) {
                facts.placed_after_stop.push(id.to_owned());
            }
        }
        facts.last_activity = facts.last_activity.max(placed_at.max(confirmed_at));
        if let (Some(released), Some(unreleased)) = (self.released, facts.unreleased.as_mut()) {
            if state == OrderState::Completed && !released.contains(id) {
                unreleased.push(id.to_owned());
            }
        }
        if !state.is_terminal() {
            facts.open.push(OrderFact { id: id.to_owned(), state, placed_at, confirmed_at, deadline });
        }
    }

    /// The facts, once every order has been added.
    pub fn finish(mut self) -> OrderFacts {
        let counted = OrderState::ALL.into_iter().zip(self.counts).filter(|&(_, n)| n > 0);
        self.facts.by_state = counted.collect();
        self.facts
    }
}

/// An order's state and times, as `OrderFold::add` takes them.
#[derive(Debug, Clone, Copy)]
pub struct OrderTimes {
    /// The order's canonical state, as stored.
    pub state: OrderState,
    /// When it was placed; the stop-date rule and the export coverage read it.
    pub placed_at: Option<DateTime<Utc>>,
    /// When receipt was confirmed; the latest confirmation starts the waiting periods.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// When the platform's countdown ends: its file's latest event plus the time the countdown
    /// had left.
    pub deadline: Option<DateTime<Utc>>,
}

/// Whether `t` falls on a day after `day` in `tz`. No zone is more than 14 hours from UTC, so
/// only instants that close to the day's end need the (slow) conversion to local time.
fn is_after_day(t: DateTime<Utc>, day: NaiveDate, tz: Tz) -> bool {
    let end = day.succ_opt().unwrap_or(day).and_time(chrono::NaiveTime::MIN).and_utc();
    let margin = chrono::Duration::hours(14);
    if t < end - margin {
        false
    } else if t >= end + margin {
        true
    } else {
        t.with_timezone(&tz).date_naive() > day
    }
}

/// What the rules need to know of the money: balances, fund releases, refunds still owed and how
/// far the statements reach.
#[derive(Debug, Clone, Default)]
pub struct MoneyFacts {
    /// Latest known balance per currency.
    pub balances: Vec<Balance>,
    /// Orders a fund-release export shows as released; `None` without such an export.
    pub released_order_ids: Option<BTreeSet<String>>,
    /// Paid orders that ended closed and that no refund export shows refunded, by order id.
    pub pending_refunds: Vec<PendingRefund>,
    /// Where the latest imported statement ends.
    pub latest_statement_end: Option<DateTime<Utc>>,
    /// The money formats the case holds files of, each once, in `Format` order; empty when the
    /// money facts come only from typed balances.
    pub files: Vec<crate::model::Format>,
}

/// What the account holds in one currency, as the latest source of it says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Balance {
    /// The currency of both amounts.
    pub currency: Currency,
    /// What can be withdrawn now, exact; `None` where the source reads no balance (a personal
    /// statement shows only what it froze), so an unknown balance never reads as 0.00.
    pub available: Option<Decimal>,
    /// What is held back and cannot be withdrawn yet, exact.
    pub frozen: Decimal,
    /// Where the figure comes from.
    pub source: BalanceSource,
}

/// Where a balance figure comes from: a file of a format, or the seller's own typing. Shown
/// and serialised as the format's name, or `entered`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BalanceSource {
    /// A file of this format: the ledger's running balance, or a personal statement's freezes.
    Imported(crate::model::Format),
    /// A snapshot the seller read off the Seller Center fund overview and typed in.
    Entered,
}

impl BalanceSource {
    /// The name `check --json` gives the source.
    pub fn as_str(self) -> &'static str {
        match self {
            BalanceSource::Imported(format) => format.as_str(),
            BalanceSource::Entered => "entered",
        }
    }
}

impl Serialize for BalanceSource {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A paid order that ended closed with no refund export showing it refunded: the buyer may still
/// be owed the money.
#[derive(Debug, Clone)]
pub struct PendingRefund {
    /// The order's id, digits kept as text.
    pub order_id: String,
    /// Its 订单金额, where the export gave one.
    pub amount: Option<Money>,
}

/// A row an import kept aside, as the import-rejections rule and the report see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejection {
    /// The name of the file it came from, as imported.
    pub file: String,
    /// Where in that file the row starts, as its importer counts lines.
    pub line: u64,
    /// The header of the column that could not be read.
    pub column: String,
    /// What was wrong, as a message (rows stored by older versions: as written).
    pub reason: crate::text::Text,
    /// The row is an order whose status still shows it unfinished: it counts until a readable
    /// export replaces it, dismissed or not.
    pub unfinished_order: bool,
    /// Why the person said the row does not matter, once they dismissed it.
    pub dismissed_note: Option<String>,
}

/// What a person answered for a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// It is done.
    Done,
    /// It does not apply to this store; the note must say why.
    NotApplicable,
}

/// Who gave an answer; the evidence names them, so a reader knows whose word a rule rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    /// The seller who runs the store.
    Seller,
    /// Someone keeping the store's books, answering for the seller.
    Bookkeeper,
}

impl Who {
    /// `seller` or `bookkeeper`, in any case and with spaces around, as the CLI and the window
    /// send it; `None` for anything else.
    pub fn parse(s: &str) -> Option<Who> {
        match s.trim().to_ascii_lowercase().as_str() {
            "seller" => Some(Who::Seller),
            "bookkeeper" => Some(Who::Bookkeeper),
            _ => None,
        }
    }

    /// The person someone named (`--by`, the window's answer forms).
    pub fn named(s: &str) -> crate::error::Result<Who> {
        Who::parse(s).ok_or_else(|| {
            crate::error::Error::invalid(crate::text::Text::new("input.unknown_person").with("value", s))
        })
    }

    /// The name stored in the case and used in message keys, as it serialises.
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
    /// Whether it is done or does not apply.
    pub answer: Answer,
    /// The day the answer is for, as the person gives it (not when it was recorded); for the
    /// closure application, the day the reminders count from.
    pub date: NaiveDate,
    /// The person's own words; never empty for [`Answer::NotApplicable`].
    pub note: String,
    /// Who gave it: the seller, or their bookkeeper.
    pub who: Who,
}

/// A calendar month, as coverage is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// The calendar year.
    pub year: i32,
    /// 1 for January to 12 for December.
    pub month: u32,
}

impl YearMonth {
    /// The month `date` falls in.
    pub fn of(date: NaiveDate) -> YearMonth {
        YearMonth { year: date.year(), month: date.month() }
    }

    /// The month after, December rolling over into January.
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
    fn a_day_ends_at_local_midnight_whatever_the_zone() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        // Shanghai is UTC+8: its 8 March begins at 16:00 UTC on the 7th.
        let shanghai = chrono_tz::Asia::Shanghai;
        assert!(!is_after_day(at("2026-03-07T15:59:59Z"), day, shanghai));
        assert!(is_after_day(at("2026-03-07T16:00:00Z"), day, shanghai));
        // Kiritimati is UTC+14, Pago Pago UTC-11: both ends of the margin.
        assert!(is_after_day(at("2026-03-07T10:00:00Z"), day, chrono_tz::Pacific::Kiritimati));
        assert!(!is_after_day(at("2026-03-08T10:59:59Z"), day, chrono_tz::Pacific::Pago_Pago));
        assert!(is_after_day(at("2026-03-08T11:00:00Z"), day, chrono_tz::Pacific::Pago_Pago));
        assert!(is_after_day(at("2026-03-09T00:00:00Z"), day, chrono_tz::UTC));
        assert!(!is_after_day(at("2026-01-01T00:00:00Z"), day, chrono_tz::UTC));
    }

    #[test]
    fn months_run_across_years() {
        let from = YearMonth { year: 2025, month: 11 };
        let to = YearMonth { year: 2026, month: 2 };
        let months: Vec<String> = from.through(to).map(|m| m.to_string()).collect();
        assert_eq!(months, ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert_eq!(to.through(from).count(), 0);
    }
}
