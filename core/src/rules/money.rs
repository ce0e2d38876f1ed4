//! The money rules: what is left to withdraw (with the fee it will cost), what is frozen, the
//! refunds still owed, and how far the statements reach.

use rust_decimal::Decimal;

use super::{list_of, Balance, Ctx, MoneyFacts, OrderFacts, Outcome, Status};
use crate::model::{Currency, Money};
use crate::text::Text;

impl Ctx<'_> {
    pub(super) fn balance_withdrawn(&self, money: &MoneyFacts) -> Option<Outcome> {
        if money.balances.is_empty() {
            return None;
        }
        // Only a balance someone read counts: a statement's freeze alone says nothing of it.
        let read: Vec<&Balance> = money.balances.iter().filter(|b| b.available.is_some()).collect();
        if read.is_empty() {
            return None;
        }
        let left: Vec<&Balance> = read.into_iter().filter(|b| b.available > Some(Decimal::ZERO)).collect();
        if left.is_empty() {
            return Some(Outcome::pass(Text::new("evidence.balance_zero")));
        }
        let amounts = left
            .iter()
            .map(|b| Money::new(b.available.unwrap_or_default(), b.currency).shown())
            .collect::<Vec<_>>()
            .join(", ");
        let (fee, params) = self.withdrawal_fee(&left);
        Some(Outcome {
            params,
            ..Outcome::new(
                Status::Blocked,
                Text::new("evidence.balance_left").with("amounts", &amounts),
                Text::new("rule.balance-withdrawn.action").with("amounts", &amounts).with_text("fee", fee),
            )
        })
    }

    /// The fee estimate in words; which schedule applies depends on the region. The CN minimum
    /// is in dollars and Closeout converts nothing: a dollar balance gets its fee, never below
    /// the minimum; another currency gets the rate and the minimum, as stated.
    fn withdrawal_fee(&self, left: &[&Balance]) -> (Text, &'static [&'static str]) {
        if self.facts.profile.region.is_eu() {
            let near = Money::new(self.params.decimal("withdrawal_fee_eu_bank_eur"), Currency::EUR);
            let far = Money::new(self.params.decimal("withdrawal_fee_other_eur"), Currency::EUR);
            let fee = Text::new("fee.eu").with("near", near.shown()).with("far", far.shown());
            (fee, &["withdrawal_fee_eu_bank_eur", "withdrawal_fee_other_eur"])
        } else {
            let rate = self.params.decimal("withdrawal_fee_cn_rate");
            let min = self.params.decimal("withdrawal_fee_cn_min_usd");
            let fee = |b: &&Balance| {
                let amount = b.available.unwrap_or_default();
                if b.currency == Currency::USD {
                    Text::verbatim(Money::new((amount * rate).max(min), Currency::USD).shown())
                } else {
                    Text::new("fee.rate_with_minimum")
                        .with("rate", (rate * Decimal::ONE_HUNDRED).normalize())
                        .with("amount", Money::new(amount, b.currency).shown())
                        .with("min", Money::new(min, Currency::USD).shown())
                }
            };
            (list_of(left.iter().map(fee).collect()), &["withdrawal_fee_cn_rate", "withdrawal_fee_cn_min_usd"])
        }
    }

    pub(super) fn statement_coverage(&self, orders: Option<&OrderFacts>, money: &MoneyFacts) -> Option<Outcome> {
        let end = money.latest_statement_end?;
        let last = orders.and_then(|o| o.last_activity);
        Some(match last {
            Some(last) if last > end => Outcome::new(
                Status::Warning,
                Text::new("evidence.statement_behind")
                    .with("end", self.local_date(end))
                    .with("last", self.local_date(last)),
                Text::new("rule.statement-coverage.action").with("last", self.local_date(last)),
            ),
            _ => Outcome::pass(Text::new("evidence.statement_covers").with("end", self.local_date(end))),
        })
    }

    pub(super) fn frozen_funds(&self, money: &MoneyFacts) -> Option<Outcome> {
        if money.balances.is_empty() {
            return None;
        }
        let frozen: Vec<String> = money
            .balances
            .iter()
            .filter(|b| b.frozen > Decimal::ZERO)
            .map(|b| Money::new(b.frozen, b.currency).shown())
            .collect();
        if frozen.is_empty() {
            return Some(Outcome::pass(Text::new("evidence.nothing_frozen")));
        }
        Some(Outcome {
            params: &["penalty_freeze_days"],
            ..Outcome::new(
                Status::Blocked,
                Text::new("evidence.frozen").with("amounts", frozen.join(", ")),
                Text::new("rule.frozen-funds.action").with("freeze_days", self.params.count("penalty_freeze_days")),
            )
        })
    }
}

pub(super) fn refunds_completed(money: &MoneyFacts) -> Outcome {
    if money.pending_refunds.is_empty() {
        return Outcome::pass(Text::new("evidence.no_pending_refunds"));
    }
    let mut ids: Vec<String> = money.pending_refunds.iter().map(|r| r.order_id.clone()).collect();
    ids.sort();
    ids.dedup();
    Outcome {
        order_ids: ids,
        ..Outcome::new(
            Status::Blocked,
            Text::new("evidence.pending_refunds").with("count", money.pending_refunds.len()),
            Text::new("rule.refunds-completed.action"),
        )
    }
}
