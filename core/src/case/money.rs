//! Where the money is, per currency: from the ledger's running balance, freezes in personal
//! statements, fund releases, refunds, and the balances the seller typed in.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rusqlite::params;
use rust_decimal::Decimal;
use serde::Serialize;

use super::sql::{name_list, Amount, Seconds};
use super::{now_text, Case};
use crate::error::{Error, Result};
use crate::import::{self, Format};
use crate::model::{Currency, Money, OrderState};
use crate::rules::{Balance, BalanceSource, MoneyFacts, PendingRefund};

/// Formats that carry money facts, and of those the statements.
const MONEY_FORMATS: [Format; 4] =
    [Format::AlipayPersonal, Format::AlipayLedger, Format::AliexpressFundRelease, Format::AliexpressRefunds];
const STATEMENT_FORMATS: [Format; 2] = [Format::AlipayPersonal, Format::AlipayLedger];

/// What the seller read off the Seller Center fund overview on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BalanceSnapshot {
    /// The currency of the four amounts.
    pub currency: Currency,
    /// 放款: released, available to withdraw.
    pub available: Decimal,
    /// 冻结: frozen or held as a reserve.
    pub frozen: Decimal,
    /// 在途: not yet released.
    pub in_transit: Decimal,
    /// 欠款: owed to the platform.
    pub owed: Decimal,
    /// The day the seller read the figures, in the case's time zone.
    pub as_of: NaiveDate,
    /// The seller's note on it, free text.
    pub note: String,
}

impl Case {
    /// Stores a balance the seller read off the fund overview, in `balance_snapshots`; none of the
    /// amounts may be negative. Earlier snapshots are kept. Returns its id, which attachments
    /// name.
    pub fn enter_balance(&mut self, s: &BalanceSnapshot) -> Result<i64> {
        for (name, value) in [
            ("balance.field.available", s.available),
            ("balance.field.frozen", s.frozen),
            ("balance.field.in_transit", s.in_transit),
            ("balance.field.owed", s.owed),
        ] {
            if value.is_sign_negative() {
                return Err(Error::invalid(
                    crate::text::Text::new("input.balance_negative").with_text("name", crate::text::Text::new(name)),
                ));
            }
        }
        self.conn.execute(
            "INSERT INTO balance_snapshots (currency, available, frozen, in_transit, owed, as_of, note, entered_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                s.currency,
                Amount(s.available),
                Amount(s.frozen),
                Amount(s.in_transit),
                Amount(s.owed),
                s.as_of.to_string(),
                s.note,
                now_text()
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The money facts, or `None` while no statement, fund export or balance has been given.
    pub(crate) fn money_facts(&self) -> Result<Option<MoneyFacts>> {
        let files = self.money_formats_held()?;
        let snapshots: i64 = self.conn.query_row("SELECT count(*) FROM balance_snapshots", [], |r| r.get(0))?;
        if files.is_empty() && snapshots == 0 {
            return Ok(None);
        }
        let mut balances = self.ledger_balances()?;
        let mut frozen = self.frozen_in_statements()?;
        self.add_entered_balances(&mut balances, &mut frozen)?;
        self.add_still_frozen(&mut balances, frozen)?;
        let latest_statement_end: Option<Seconds> = self.conn.query_row(
            &format!(
                "SELECT max(last_event) FROM imported_files WHERE format IN {}",
                name_list(STATEMENT_FORMATS, Format::as_str)
            ),
            [],
            |r| r.get(0),
        )?;
        Ok(Some(MoneyFacts {
            balances: balances.into_values().map(|(b, _)| b).collect(),
            released_order_ids: self.released_order_ids()?,
            pending_refunds: self.pending_refunds()?,
            latest_statement_end: latest_statement_end.map(|t| t.0),
            files,
        }))
    }

    /// The money formats the case holds at least one file of, in `Format` order.
    fn money_formats_held(&self) -> Result<Vec<Format>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT DISTINCT format FROM imported_files WHERE format IN {}",
            name_list(MONEY_FORMATS, Format::as_str)
        ))?;
        let held = stmt.query_map([], |r| r.get::<_, Format>(0))?.collect::<Result<Vec<_>, _>>()?;
        Ok(MONEY_FORMATS.into_iter().filter(|f| held.contains(f)).collect())
    }

    /// The ledger's running balance after its latest row, per currency, with that row's day.
    fn ledger_balances(&self) -> Result<Balances> {
        let tz = self.profile()?.timezone;
        let mut balances = Balances::new();
        let mut stmt = self.conn.prepare(
            "SELECT currency, balance, at FROM statement_rows WHERE balance IS NOT NULL
             GROUP BY source, key ORDER BY at, line",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, Currency>(0)?, r.get::<_, Amount>(1)?, r.get(2)?)))?;
        for row in rows {
            let (currency, balance, at): (Currency, Amount, Option<Seconds>) = row?;
            let day = at.map(|t| t.0.with_timezone(&tz).date_naive());
            let entry = Balance {
                currency,
                available: Some(balance.0),
                frozen: Decimal::ZERO,
                source: BalanceSource::Imported(Format::AlipayLedger),
            };
            balances.insert(currency, (entry, day.unwrap_or_default()));
        }
        Ok(balances)
    }

    /// Freezes and their releases in personal statements (each row once), added up per currency.
    fn frozen_in_statements(&self) -> Result<BTreeMap<Currency, Decimal>> {
        let mut frozen: BTreeMap<Currency, Decimal> = BTreeMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT currency, frozen_change FROM statement_rows WHERE frozen_change IS NOT NULL GROUP BY source, key",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, Currency>(0)?, r.get::<_, Amount>(1)?)))? {
            let (currency, change) = row?;
            let total = frozen.entry(currency).or_default();
            *total = total.checked_add(change.0).ok_or_else(|| self.amounts_beyond_bounds())?;
        }
        Ok(frozen)
    }

    /// A typed-in balance counts when it is at least as recent as the ledger; it then replaces
    /// what statements said was frozen in its currency.
    fn add_entered_balances(&self, balances: &mut Balances, frozen: &mut BTreeMap<Currency, Decimal>) -> Result<()> {
        let mut stmt =
            self.conn.prepare("SELECT currency, available, frozen, as_of FROM balance_snapshots ORDER BY as_of, id")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, Currency>(0)?, r.get::<_, Amount>(1)?, r.get::<_, Amount>(2)?, r.get::<_, String>(3)?))
        })?;
        for row in rows {
            let (currency, available, frozen_now, as_of) = row?;
            let as_of = crate::model::parse_date(&as_of)
                .map_err(|_| Error::stored(crate::text::Text::new("stored.balance_date").with("value", &as_of)))?;
            if balances.get(&currency).is_none_or(|(_, day)| as_of >= *day) {
                let entry = Balance {
                    currency,
                    available: Some(available.0),
                    frozen: frozen_now.0,
                    source: BalanceSource::Entered,
                };
                balances.insert(currency, (entry, as_of));
                frozen.remove(&currency);
            }
        }
        Ok(())
    }

    /// A personal statement has no balance: it makes an entry only for money still frozen, with
    /// no available amount, so that a freeze alone never reads as "nothing left to withdraw".
    fn add_still_frozen(&self, balances: &mut Balances, frozen: BTreeMap<Currency, Decimal>) -> Result<()> {
        for (currency, amount) in frozen {
            if amount <= Decimal::ZERO && !balances.contains_key(&currency) {
                continue;
            }
            let (entry, _) = balances.entry(currency).or_insert_with(|| {
                let source = BalanceSource::Imported(Format::AlipayPersonal);
                (Balance { currency, available: None, frozen: Decimal::ZERO, source }, NaiveDate::default())
            });
            entry.frozen =
                entry.frozen.checked_add(amount.max(Decimal::ZERO)).ok_or_else(|| self.amounts_beyond_bounds())?;
        }
        Ok(())
    }

    /// The orders a fund-release export shows, or `None` when none was imported.
    fn released_order_ids(&self) -> Result<Option<BTreeSet<String>>> {
        let release_files: i64 = self.conn.query_row(
            "SELECT count(*) FROM imported_files WHERE format = ?1",
            [Format::AliexpressFundRelease],
            |r| r.get(0),
        )?;
        if release_files == 0 {
            return Ok(None);
        }
        let mut stmt = self.conn.prepare("SELECT DISTINCT order_id FROM fund_releases")?;
        let ids = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<BTreeSet<_>, _>>()?;
        Ok(Some(ids))
    }

    /// A paid order that ended closed is owed a refund until a refund export shows it.
    fn pending_refunds(&self) -> Result<Vec<PendingRefund>> {
        let mut stmt = self.conn.prepare(
            "SELECT o.order_id, o.amount, o.currency FROM orders o
             WHERE o.state = ?1 AND o.paid_at IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.order_id)
             ORDER BY o.order_id",
        )?;
        let rows = stmt.query_map([OrderState::Closed], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<Amount>>(1)?, r.get::<_, Option<Currency>>(2)?))
        })?;
        rows.map(|row| {
            let (order_id, amount, currency) = row?;
            let amount = amount.zip(currency).map(|(a, c)| Money::new(a.0, c));
            Ok(PendingRefund { order_id, amount })
        })
        .collect()
    }
}

/// Balances per currency, each with the day it holds on (to tell which of two is newer).
type Balances = BTreeMap<Currency, (Balance, NaiveDate)>;

impl Case {
    /// The error for amounts that do not add up: only amounts no import stores any more (an
    /// older Closeout stored them) can cause it, so it names the file that brought them.
    pub(super) fn amounts_beyond_bounds(&self) -> Error {
        let beyond = |column: &str| format!("abs(CAST(coalesce({column}, '0') AS REAL)) > {}", import::MAX_AMOUNT);
        let found = self.conn.query_row(
            &format!(
                "SELECT f.id, f.name FROM imported_files f WHERE f.id IN (
                     SELECT file_id FROM statement_rows WHERE {} OR {} OR {}
                     UNION SELECT file_id FROM fund_releases WHERE {} OR {}
                     UNION SELECT file_id FROM refunds WHERE {})
                 ORDER BY f.id LIMIT 1",
                beyond("amount"),
                beyond("frozen_change"),
                beyond("balance"),
                beyond("released"),
                beyond("sale"),
                beyond("refunded"),
            ),
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        );
        match found {
            Ok((id, name)) => {
                Error::invalid(crate::text::Text::new("input.amounts_too_large_in").with("name", name).with("id", id))
            }
            Err(_) => Error::invalid(crate::text::Text::new("input.amounts_too_large")),
        }
    }
}
