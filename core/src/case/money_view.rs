//! Where the money is, per currency, as the "Clear the money" steps show it: the buckets of a
//! bar (released, frozen, in transit, withdrawn), the orders not yet released, the refunds still
//! due, and the balances the seller typed in. Built on `money_facts`, so the screen and the
//! rules read the same figures.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::OptionalExtension;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::money::BalanceSnapshot;
use super::sql::{Amount, Day, Seconds};
use super::Case;
use crate::error::{Error, Result};
use crate::model::OrderState;
use crate::model::{format_amount, parse_date, Currency};
use crate::rules::{add_platform_days, BalanceSource};

/// One currency's money, amounts as strings with two decimals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CurrencyMoney {
    /// The currency every amount of this line is in.
    pub currency: Currency,
    /// Released and withdrawable (放款 / the ledger's running balance); `None` where no file
    /// and no typed balance gives it (a personal statement shows only its freezes).
    pub available: Option<String>,
    /// Frozen or held as a reserve (冻结).
    pub frozen: String,
    /// Not yet released (在途), as last typed in.
    pub in_transit: String,
    /// Owed to the platform (欠款), as last typed in.
    pub owed: String,
    /// Withdrawn to the seller's bank or Alipay account (提现 rows of the statements).
    pub withdrawn: String,
    /// Where `available` comes from, if any file or typed balance gave it.
    pub source: Option<BalanceSource>,
}

/// A completed order with no fund release yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreleasedOrder {
    /// The AliExpress order number.
    pub order_id: String,
    /// The order's (or refund's) amount, two decimals, if the file gave one.
    pub amount: Option<String>,
    /// The currency code of `amount`.
    pub currency: Option<String>,
    /// When the buyer confirmed receipt (case time zone), from which the release is counted.
    pub confirmed: Option<String>,
    /// The day the release is due at the latest: confirmation plus `funds_release_days`
    /// (platform days, as the rules count them), in the case's time zone.
    pub release_due: Option<String>,
    /// What the seller recorded doing about it (e.g. `release_chased`), and their note.
    pub recorded: Option<String>,
    /// The seller's note on the order, if any.
    pub note: Option<String>,
}

/// Everything the "Clear the money" steps show, read in one go.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MoneyView {
    /// False until a statement, a fund export or a typed-in balance exists.
    pub has_data: bool,
    /// The money formats the case holds files of, so the screen can say which files it has
    /// when none of them gives a balance.
    pub files: Vec<crate::import::Format>,
    /// One line per currency any file or typed balance mentions, by currency code.
    pub currencies: Vec<CurrencyMoney>,
    /// `None` without a fund-release export (nothing to compare with); at most the first
    /// `shown` of them, earliest confirmation first.
    pub unreleased: Option<Vec<UnreleasedOrder>>,
    /// How many completed orders have no fund release, all of them.
    pub unreleased_total: usize,
    /// Refunds still due to buyers (only order, amount and currency are filled in).
    pub pending_refunds: Vec<UnreleasedOrder>,
    /// Every balance the seller typed in, earliest `as_of` first.
    pub snapshots: Vec<BalanceSnapshot>,
    /// The id of the last of `snapshots`, which the window attaches evidence to.
    pub latest_balance: Option<i64>,
}

/// A balance as typed in a form or on the command line: amounts as text, checked here.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BalanceInput {
    /// A currency code (`CNY`, `USD`, …).
    pub currency: String,
    /// Released and withdrawable, as typed: at most two decimals; empty means zero.
    pub available: String,
    /// Frozen or held as a reserve, typed as `available` is.
    pub frozen: String,
    /// Not yet released, typed as `available` is.
    pub in_transit: String,
    /// Owed to the platform, typed as `available` is.
    pub owed: String,
    /// The day the figures were read, `YYYY-MM-DD`.
    pub as_of: String,
    /// The seller's note, free text; may be left out.
    #[serde(default)]
    pub note: String,
}

impl BalanceInput {
    /// Checks the typed values and turns them into a snapshot; an `InvalidInput` names the first
    /// that does not read. (The not-negative check is `enter_balance`'s.)
    pub fn into_snapshot(self) -> Result<BalanceSnapshot> {
        let amount = |name: &str, text: &str| -> Result<Decimal> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(Decimal::ZERO);
            }
            crate::model::parse_amount(text).filter(|d| d.scale() <= 2).ok_or_else(|| {
                Error::invalid(
                    crate::text::Text::new("input.balance_not_an_amount")
                        .with_text("name", crate::text::Text::new(name))
                        .with("value", text),
                )
            })
        };
        Ok(BalanceSnapshot {
            currency: self.currency.trim().parse()?,
            available: amount("balance.field.available", &self.available)?,
            frozen: amount("balance.field.frozen", &self.frozen)?,
            in_transit: amount("balance.field.in_transit", &self.in_transit)?,
            owed: amount("balance.field.owed", &self.owed)?,
            as_of: parse_date(self.as_of.trim())?,
            note: self.note,
        })
    }
}

impl Case {
    /// The money steps' figures; `shown` bounds the list of unreleased orders (a case may have
    /// hundreds of thousands, and the window lists each with its controls).
    pub fn money_view(&self, shown: usize) -> Result<MoneyView> {
        let snapshots = self.balance_snapshots()?;
        // The last of `snapshots`: the one the window names.
        let latest_balance = self
            .conn
            .query_row("SELECT id FROM balance_snapshots ORDER BY as_of DESC, id DESC LIMIT 1", [], |r| r.get(0))
            .optional()?;
        let Some(facts) = self.money_facts()? else {
            return Ok(MoneyView {
                has_data: false,
                files: Vec::new(),
                currencies: Vec::new(),
                unreleased: None,
                unreleased_total: 0,
                pending_refunds: Vec::new(),
                snapshots,
                latest_balance,
            });
        };
        let mut currencies: BTreeMap<Currency, CurrencyMoney> = BTreeMap::new();
        for b in &facts.balances {
            let entry = currencies.entry(b.currency).or_insert_with(|| empty(b.currency));
            entry.available = b.available.map(format_amount);
            entry.frozen = format_amount(b.frozen);
            entry.source = Some(b.source);
        }
        // The latest typed-in snapshot per currency gives what only the fund overview shows.
        for s in &snapshots {
            let entry = currencies.entry(s.currency).or_insert_with(|| empty(s.currency));
            entry.in_transit = format_amount(s.in_transit);
            entry.owed = format_amount(s.owed);
        }
        for (currency, total) in self.withdrawn()? {
            currencies.entry(currency).or_insert_with(|| empty(currency)).withdrawn = format_amount(total);
        }
        let (unreleased, unreleased_total) = match &facts.released_order_ids {
            Some(released) => {
                let (listed, total) = self.unreleased_orders(released, shown)?;
                (Some(listed), total)
            }
            None => (None, 0),
        };
        let pending_refunds = facts
            .pending_refunds
            .iter()
            .map(|r| UnreleasedOrder {
                order_id: r.order_id.clone(),
                amount: r.amount.as_ref().map(|m| format_amount(m.amount)),
                currency: r.amount.as_ref().map(|m| m.currency.as_str().to_owned()),
                confirmed: None,
                release_due: None,
                recorded: None,
                note: None,
            })
            .collect();
        Ok(MoneyView {
            has_data: true,
            files: facts.files.clone(),
            currencies: currencies.into_values().collect(),
            unreleased,
            unreleased_total,
            pending_refunds,
            snapshots,
            latest_balance,
        })
    }

    /// Every balance typed in, oldest first.
    pub fn balance_snapshots(&self) -> Result<Vec<BalanceSnapshot>> {
        let mut stmt = self.conn.prepare(
            "SELECT currency, available, frozen, in_transit, owed, as_of, note FROM balance_snapshots
             ORDER BY as_of, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(BalanceSnapshot {
                currency: r.get(0)?,
                available: r.get::<_, Amount>(1)?.0,
                frozen: r.get::<_, Amount>(2)?.0,
                in_transit: r.get::<_, Amount>(3)?.0,
                owed: r.get::<_, Amount>(4)?.0,
                as_of: r.get::<_, Day>(5)?.0,
                note: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Withdrawals per currency: statement rows going out whose kind says 提现 (each row once,
    /// however many files carry it).
    fn withdrawn(&self) -> Result<BTreeMap<Currency, Decimal>> {
        let mut stmt = self.conn.prepare(
            "SELECT currency, amount FROM statement_rows
             WHERE direction = 'expense' AND (kind LIKE '%提现%' OR description LIKE '%提现%')
             GROUP BY source, key",
        )?;
        let mut totals: BTreeMap<Currency, Decimal> = BTreeMap::new();
        for row in stmt.query_map([], |r| Ok((r.get::<_, Currency>(0)?, r.get::<_, Amount>(1)?)))? {
            let (currency, amount) = row?;
            let total = totals.entry(currency).or_default();
            *total = total.checked_add(amount.0.abs()).ok_or_else(|| self.amounts_beyond_bounds())?;
        }
        Ok(totals)
    }

    /// Completed orders no fund release shows, earliest confirmation first: the first `shown`
    /// of them, and how many there are. Only the listed ones are read whole.
    fn unreleased_orders(&self, released: &BTreeSet<String>, shown: usize) -> Result<(Vec<UnreleasedOrder>, usize)> {
        let tz = self.profile()?.timezone;
        let release_days = self.parameters()?.count("funds_release_days");
        let day = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&tz).date_naive().to_string();
        let mut stmt = self.conn.prepare(
            "SELECT o.order_id, o.amount, o.currency, o.confirmed_at, a.action, a.note
             FROM orders o LEFT JOIN order_actions a USING (order_id)
             WHERE o.state = ?1 ORDER BY o.confirmed_at, o.order_id",
        )?;
        let mut rows = stmt.query([OrderState::Completed])?;
        let (mut listed, mut total) = (Vec::new(), 0);
        while let Some(r) = rows.next()? {
            if released.contains(r.get_ref(0)?.as_str().unwrap_or_default()) {
                continue;
            }
            total += 1;
            if listed.len() < shown {
                let confirmed = r.get::<_, Option<Seconds>>(3)?.map(|t| t.0);
                listed.push(UnreleasedOrder {
                    order_id: r.get(0)?,
                    amount: r.get(1)?,
                    currency: r.get(2)?,
                    confirmed: confirmed.map(day),
                    release_due: confirmed.map(|t| day(add_platform_days(t, release_days))),
                    recorded: r.get(4)?,
                    note: r.get(5)?,
                });
            }
        }
        Ok((listed, total))
    }
}

fn empty(currency: Currency) -> CurrencyMoney {
    let zero = || format_amount(Decimal::ZERO);
    CurrencyMoney {
        currency,
        available: None,
        frozen: zero(),
        in_transit: zero(),
        owed: zero(),
        withdrawn: zero(),
        source: None,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::model::ProfileInput;

    fn case_with_orders() -> (tempfile::TempDir, Case) {
        let dir = tempfile::tempdir().unwrap();
        let profile = ProfileInput { store_name: "M".into(), region: "CN".into(), ..Default::default() };
        let mut case = Case::create(&dir.path().join("m.closeout"), &profile.into_profile().unwrap()).unwrap();
        let orders = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/samples/订单.xlsx");
        case.import_file(std::path::Path::new(orders), None, &AtomicBool::new(false), &mut |_, _| {}).unwrap();
        (dir, case)
    }

    fn input(available: &str, as_of: &str) -> BalanceInput {
        BalanceInput {
            currency: "CNY".into(),
            available: available.into(),
            frozen: "20".into(),
            in_transit: "30.5".into(),
            owed: String::new(),
            as_of: as_of.into(),
            note: "read off the fund overview".into(),
        }
    }

    #[test]
    fn balances_typed_in_are_checked_as_amounts() {
        // As Seller Center shows amounts, and as a European seller writes them.
        for typed in ["1,234.50", "1234.50", "1.234,50", "1 234,50", "1234,50"] {
            assert_eq!(
                input(typed, "2026-11-20").into_snapshot().unwrap().available,
                Decimal::new(123450, 2),
                "{typed}"
            );
        }
        for typed in ["12.345", "12,5", "1,23,4.00", "abc", "-"] {
            assert_eq!(input(typed, "2026-11-20").into_snapshot().unwrap_err().code(), "invalid_input", "{typed}");
        }
        assert_eq!(input("12", "20.11.2026").into_snapshot().unwrap_err().code(), "invalid_input");
        let s = input("12", "2026-11-20").into_snapshot().unwrap();
        assert_eq!((s.available, s.owed, s.in_transit), (Decimal::new(12, 0), Decimal::ZERO, Decimal::new(305, 1)));
    }

    #[test]
    fn the_unreleased_list_is_bounded_and_counts_them_all() {
        let (_dir, mut case) = case_with_orders();
        // Another store's releases: none of these orders is among them.
        let releases = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/samples/b_放款.xlsx");
        case.import_file(std::path::Path::new(releases), None, &AtomicBool::new(false), &mut |_, _| {}).unwrap();
        let all = case.money_view(usize::MAX).unwrap();
        let few = case.money_view(1).unwrap();
        let first = &all.unreleased.as_ref().unwrap()[0];
        let date = |d: &Option<String>| chrono::NaiveDate::parse_from_str(d.as_deref().unwrap(), "%Y-%m-%d").unwrap();
        assert_eq!((date(&first.release_due) - date(&first.confirmed)).num_days(), 15, "funds_release_days");
        let ids = |view: MoneyView| view.unreleased.unwrap().into_iter().map(|o| o.order_id).collect::<Vec<_>>();
        let total = all.unreleased_total;
        let listed = ids(all);
        assert!(listed.len() > 1, "the samples leave several completed orders unreleased: {listed:?}");
        assert_eq!((total, few.unreleased_total), (listed.len(), listed.len()));
        assert_eq!(ids(few), listed[..1]);
    }

    #[test]
    fn without_money_data_the_view_says_so() {
        let (_dir, case) = case_with_orders();
        let view = case.money_view(10).unwrap();
        assert!(!view.has_data && view.currencies.is_empty() && view.unreleased.is_none());
    }

    #[test]
    fn the_latest_typed_in_balance_fills_the_buckets() {
        let (_dir, mut case) = case_with_orders();
        case.enter_balance(&input("100", "2026-11-01").into_snapshot().unwrap()).unwrap();
        case.enter_balance(&input("80.1", "2026-11-20").into_snapshot().unwrap()).unwrap();
        let view = case.money_view(10).unwrap();
        assert!(view.has_data);
        assert_eq!(view.snapshots.len(), 2);
        let cny = &view.currencies[0];
        assert_eq!(
            (
                cny.available.as_deref().unwrap_or("-"),
                cny.frozen.as_str(),
                cny.in_transit.as_str(),
                cny.withdrawn.as_str()
            ),
            ("80.10", "20.00", "30.50", "0.00")
        );
        assert_eq!(cny.source, Some(BalanceSource::Entered));
        assert_eq!(view.unreleased, None, "no fund-release export to compare with");
    }
}
