//! The closure checklist: a pure function of (facts, parameters, as-of date) → evaluation.
//! Nothing here reads a file, a clock or a database; the caller passes everything in.

mod answers;
mod facts;
mod money;
pub mod ruleset;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

pub use answers::list_of;
pub use facts::*;
use ruleset::Parameters;

use crate::model::{OrderState, Region, Scope};
use crate::text::Text;

/// Where a rule stands on the as-of date. `Blocked` and `NotChecked` keep the store from closing;
/// the others let it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The imported data shows the rule met, or its waiting period is over.
    Pass,
    /// Something still stands in the way: open orders, money left, a waiting period not yet over.
    Blocked,
    /// Worth a look before closing, but not in the way (orders after the stop date, months no
    /// export covers).
    Warning,
    /// A person said it is done, and no imported data decides the rule.
    Attested,
    /// Neither data nor an answer yet; it counts against the verdict like `Blocked`.
    NotChecked,
    /// A person said the rule does not apply to this store.
    NotApplicable,
}

impl Status {
    /// The snake_case name `check --json` prints and message keys use (`rule_status.<name>`), as
    /// the status serialises.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Blocked => "blocked",
            Status::Warning => "warning",
            Status::Attested => "attested",
            Status::NotChecked => "not_checked",
            Status::NotApplicable => "not_applicable",
        }
    }

    /// Settled as far as the verdict is concerned.
    pub fn is_settled(self) -> bool {
        !matches!(self, Status::Blocked | Status::NotChecked)
    }
}

/// How a rule is decided, which says whether an answer can settle it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Decided from imported files (or attested while there are none).
    Data,
    /// A waiting period: blocked until a date, then passes by itself.
    Window,
    /// Only the seller can confirm it.
    Attested,
}

/// One rule of the checklist as shipped: what it is called, how it is decided, for which stores,
/// and on whose authority.
pub struct RuleDef {
    /// A stable kebab-case id (`orders-in-dispute`): what answers are stored under, what
    /// `check --json` prints, and the key of the rule's words in the catalogues.
    pub id: &'static str,
    /// Whether data, a waiting period or only the seller decides it.
    pub kind: RuleKind,
    /// The stores it applies to; the others are not checked against it at all.
    pub scope: Scope,
    /// Where the rule comes from (docs/closure-rules.md, "Sources and confidence").
    pub source: &'static str,
}

const fn rule(id: &'static str, kind: RuleKind, source: &'static str) -> RuleDef {
    RuleDef { id, kind, scope: Scope::All, source }
}

const STATES: &str = "[official] AliExpress order states (Open Platform order_status)";
const GUIDES: &str = "[seed] store-closure guides";

/// Every rule of docs/closure-rules.md, in the order the checklist shows them.
pub const RULES: &[RuleDef] = &[
    rule("orders-awaiting-payment", RuleKind::Data, STATES),
    rule("orders-risk-control", RuleKind::Data, STATES),
    rule("orders-cancel-requested", RuleKind::Data, STATES),
    rule("orders-awaiting-shipment", RuleKind::Data, STATES),
    rule("orders-awaiting-receipt", RuleKind::Data, STATES),
    rule("orders-in-dispute", RuleKind::Data, STATES),
    rule("orders-funds-processing", RuleKind::Data, STATES),
    rule("orders-frozen", RuleKind::Data, STATES),
    rule("orders-unknown-state", RuleKind::Data, STATES),
    rule("buyer-protection-window", RuleKind::Window, "[seed] AliExpress seller FAQ §50, §61, §70"),
    RuleDef {
        id: "eu-withdrawal-window",
        kind: RuleKind::Window,
        scope: Scope::Eu,
        source: "[seed] AliExpress seller FAQ §57",
    },
    rule("orders-after-stop-date", RuleKind::Data, GUIDES),
    rule("order-export-coverage", RuleKind::Data, "[seed] AliExpress seller FAQ §60"),
    rule("import-rejections", RuleKind::Data, "Closeout: every row of every file is accounted for"),
    rule("balance-withdrawn", RuleKind::Data, "[seed] store-closure guides; AliExpress seller FAQ §70, §74"),
    rule("frozen-funds", RuleKind::Data, "[official] Alipay International Account agreement"),
    rule("unsettled-orders", RuleKind::Data, "[seed] AliExpress seller FAQ §70"),
    rule("refunds-completed", RuleKind::Data, "[seed] AliExpress seller FAQ §58"),
    rule("statement-coverage", RuleKind::Data, "Closeout: statements must cover the last order activity"),
    rule("inventory-cleared", RuleKind::Attested, GUIDES),
    rule("promotions-ended", RuleKind::Attested, "[seed] AliExpress seller FAQ §80, §82"),
    rule("holiday-mode-on", RuleKind::Attested, "[seed] AliExpress seller FAQ §19"),
    rule("listings-marked", RuleKind::Attested, GUIDES),
    rule(
        "partners-terminated",
        RuleKind::Attested,
        "[seed] store-closure guides; [secondary] affiliate programme terms",
    ),
    rule("subscriptions-cancelled", RuleKind::Attested, GUIDES),
    rule("platform-debts-paid", RuleKind::Attested, "[seed] closure process guide"),
    rule("penalties-cleared", RuleKind::Attested, "[seed] AliExpress seller FAQ §65-66"),
    rule("withdrawal-account-valid", RuleKind::Attested, "[seed] AliExpress seller FAQ §70, §74"),
    rule("return-address-kept", RuleKind::Attested, "[seed] AliExpress seller FAQ §55"),
    rule("customers-notified", RuleKind::Attested, GUIDES),
    RuleDef {
        id: CLOSURE_NOTICE,
        kind: RuleKind::Attested,
        scope: Scope::China,
        source: "[official] PRC E-Commerce Law (2018), Art. 16",
    },
    rule("records-downloaded", RuleKind::Attested, "[seed] AliExpress seller FAQ §60, §75"),
    rule("personal-data-deleted", RuleKind::Attested, GUIDES),
    RuleDef {
        id: "eu-vat-final-return",
        kind: RuleKind::Attested,
        scope: Scope::Eu,
        source: "[secondary] EU VAT and OSS rules",
    },
    RuleDef {
        id: "fr-epr-final-declaration",
        kind: RuleKind::Attested,
        scope: Scope::France,
        source: "[secondary] French EPR (REP) rules",
    },
    rule("closure-application", RuleKind::Attested, "[seed] closure process guide"),
];

/// The rule that applies to close the store; it waits for every other rule.
pub const CLOSURE_APPLICATION: &str = "closure-application";

/// The notice on the store's homepage that it will stop its business (CN stores): it must stay
/// up `closure_notice_days` before the store closes.
pub const CLOSURE_NOTICE: &str = "closure-notice";

/// The one attested rule whose date may lie ahead: the day the last promotion ends.
pub const PROMOTIONS_ENDED: &str = "promotions-ended";

/// The rule with this id, for checking an id before an answer is stored under it; `None` for an
/// unknown id.
pub fn find_rule(id: &str) -> Option<&'static RuleDef> {
    RULES.iter().find(|r| r.id == id)
}

/// The rules a store of `region` is checked against.
pub fn applicable(region: Region) -> impl Iterator<Item = &'static RuleDef> {
    RULES.iter().filter(move |r| r.scope.includes(region))
}

/// The checklist's answer in one word: may the closure application be made on the as-of date?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every rule other than the closure application itself is settled.
    Ready,
    /// Some rule is blocked or not checked yet.
    NotReady,
}

/// One rule's result on the as-of date, still as message keys so each face words it in its own
/// language.
#[derive(Debug, Clone, Serialize)]
pub struct RuleResult {
    /// The rule's id, as in [`RULES`].
    pub id: &'static str,
    /// How the rule is decided, as in [`RULES`].
    pub kind: RuleKind,
    /// Where the rule stands.
    pub status: Status,
    /// Where the rule comes from, with its confidence label (`[seed]`, `[official]` …).
    pub source: &'static str,
    /// What the rule found: counts, dates, the answer and who gave it.
    pub evidence: Text,
    /// What to do next; `action.none` once there is nothing left to do.
    pub action: Text,
    /// When a time window ends (window rules only).
    pub until: Option<NaiveDate>,
    /// Orders behind a blocked or warning order rule, sorted.
    pub order_ids: Vec<String>,
    /// The answer that decided the status, when one did; an answer outranked by imported data is
    /// not shown.
    pub attestation: Option<Attestation>,
    /// Whether a person's answer can decide this rule now: attested rules, and data rules
    /// while no imported data decides them.
    pub attestable: bool,
    /// Parameters this result used that the case overrides.
    pub overridden: Vec<String>,
}

impl RuleResult {
    /// Blocked only until a known day: a waiting period, nothing for anyone to do but wait.
    pub fn is_waiting(&self) -> bool {
        self.status == Status::Blocked && self.until.is_some()
    }

    /// A warning the seller has read and answered with a note: it still shows, but no longer
    /// asks to be checked.
    pub fn is_acknowledged(&self) -> bool {
        self.status == Status::Warning && self.attestation.is_some()
    }
}

/// How many orders the case holds, per state, for `check --json` and the window.
#[derive(Debug, Clone, Serialize)]
pub struct OrderSummary {
    /// Every order, in any state.
    pub total: usize,
    /// Orders per state name ([`OrderState::as_str`]); every known state is listed, with 0 where
    /// none is in it, and `unknown` only when some order is.
    pub by_state: BTreeMap<&'static str, usize>,
}

/// Every applicable rule evaluated on one date, and what they add up to.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// The date evaluated for, a day in the case's time zone.
    pub as_of: NaiveDate,
    /// Whether the store may apply for closure on `as_of`.
    pub verdict: Verdict,
    /// `as_of` when ready; the day the last waiting period ends when only waiting periods stand
    /// in the way; `None` while anything else does.
    pub earliest_closure_date: Option<NaiveDate>,
    /// One result per rule whose scope includes the store's region, each id once, in [`RULES`]
    /// order.
    pub rules: Vec<RuleResult>,
    /// The orders per state, all zero before any order export.
    pub orders: OrderSummary,
    /// The latest known balance per currency (the ledger's, a typed-in one, or what a personal
    /// statement shows frozen); empty while none is known.
    pub funds: Vec<Balance>,
    /// Whether the closure application may be made: every other rule settled.
    pub closure_application_can_start: bool,
}

impl Evaluation {
    /// The result of the rule with this id; `None` if the store's region does not have it.
    pub fn rule(&self, id: &str) -> Option<&RuleResult> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Rules other than the closure application that still stand in the way.
    pub fn blockers(&self) -> impl Iterator<Item = &RuleResult> {
        self.rules.iter().filter(|r| r.id != CLOSURE_APPLICATION && !r.status.is_settled())
    }
}

/// Evaluates every rule that applies to the case's region, as of `as_of`.
pub fn evaluate(facts: &Facts, params: &Parameters, as_of: NaiveDate) -> Evaluation {
    let ctx = Ctx { facts, params, as_of, tz: facts.profile.timezone };
    let mut rules: Vec<RuleResult> = applicable(facts.profile.region).map(|def| ctx.evaluate(def)).collect();

    let unsettled: Vec<&RuleResult> =
        rules.iter().filter(|r| r.id != CLOSURE_APPLICATION && !r.status.is_settled()).collect();
    let can_start = unsettled.is_empty();
    let verdict = if can_start { Verdict::Ready } else { Verdict::NotReady };
    let earliest_closure_date = if can_start {
        Some(as_of)
    } else if unsettled.iter().all(|r| r.is_waiting()) {
        unsettled.iter().filter_map(|r| r.until).max()
    } else {
        None
    };
    if let Some(app) = rules.iter_mut().find(|r| r.id == CLOSURE_APPLICATION) {
        if app.attestation.is_none() && !can_start {
            app.action = Text::new("rule.closure-application.action_wait");
            app.attestable = false;
        }
    }

    Evaluation {
        as_of,
        verdict,
        earliest_closure_date,
        orders: order_summary(facts.orders.as_ref()),
        funds: facts.money.as_ref().map(|m| m.balances.clone()).unwrap_or_default(),
        closure_application_can_start: can_start,
        rules,
    }
}

fn order_summary(orders: Option<&OrderFacts>) -> OrderSummary {
    let mut by_state: BTreeMap<&'static str, usize> = OrderState::KNOWN.iter().map(|s| (s.as_str(), 0)).collect();
    let counts = orders.map(|o| &o.by_state).into_iter().flatten();
    by_state.extend(counts.map(|(state, count)| (state.as_str(), *count)));
    OrderSummary { total: orders.map_or(0, OrderFacts::total), by_state }
}

struct Ctx<'a> {
    facts: &'a Facts,
    params: &'a Parameters,
    as_of: NaiveDate,
    tz: Tz,
}

/// The outcome of one rule before it is dressed with its id and attestation.
struct Outcome {
    status: Status,
    evidence: Text,
    action: Text,
    until: Option<NaiveDate>,
    order_ids: Vec<String>,
    params: &'static [&'static str],
    /// The person's answer decided it (or, on a warning, acknowledged it), so the result shows
    /// that answer.
    answered: bool,
}

impl Outcome {
    fn new(status: Status, evidence: Text, action: Text) -> Outcome {
        Outcome { status, evidence, action, until: None, order_ids: Vec::new(), params: &[], answered: false }
    }

    fn pass(evidence: Text) -> Outcome {
        Outcome::new(Status::Pass, evidence, Text::new("action.none"))
    }

    /// The same outcome, naming the orders behind it.
    fn listing(self, order_ids: Vec<String>) -> Outcome {
        Outcome { order_ids, ..self }
    }
}

impl Ctx<'_> {
    fn evaluate(&self, def: &'static RuleDef) -> RuleResult {
        let attestation = self.facts.attestations.get(def.id).cloned();
        let from_data = match def.kind {
            RuleKind::Attested => None,
            RuleKind::Data | RuleKind::Window => self.decide_from_data(def.id),
        };
        // Only an import can say its rows were read: there is nothing to vouch for before one.
        // A warning can always be answered: the answer acknowledges it, with a note.
        let warns = from_data.as_ref().is_some_and(|o| o.status == Status::Warning);
        let attestable =
            warns || (from_data.is_none() && !(def.kind == RuleKind::Data && data_family(def.id) == "imports"));
        let outcome = match def.kind {
            RuleKind::Attested => self.attested_outcome(def.id, attestation.as_ref()),
            RuleKind::Data | RuleKind::Window => match from_data {
                Some(outcome) => {
                    // Either answer acknowledges a warning ("checked", or "these were test
                    // orders"): the note is what the signer reads.
                    Outcome { answered: warns && attestation.is_some(), ..outcome }
                }
                // No data: the seller's word stands in for it, or the rule is not checked.
                None => match &attestation {
                    Some(a) => self.attested_outcome(def.id, Some(a)),
                    None => self.no_data(def.id),
                },
            },
        };
        let overridden =
            outcome.params.iter().filter(|p| self.params.is_overridden(p)).map(|p| p.to_string()).collect();
        // An attestation shows only where it decided (or acknowledged) the status.
        let attestation = attestation.filter(|_| outcome.answered);
        RuleResult {
            id: def.id,
            kind: def.kind,
            status: outcome.status,
            source: def.source,
            evidence: outcome.evidence,
            action: outcome.action,
            until: outcome.until,
            order_ids: outcome.order_ids,
            attestation,
            attestable,
            overridden,
        }
    }

    /// The rule decided from imported data, or `None` when the data it needs is missing.
    fn decide_from_data(&self, id: &str) -> Option<Outcome> {
        let orders = self.facts.orders.as_ref();
        let money = self.facts.money.as_ref();
        match id {
            "buyer-protection-window" => Some(self.window(orders?, &["buyer_protection_days"])),
            "eu-withdrawal-window" => Some(self.window(orders?, &["eu_withdrawal_days"])),
            "orders-after-stop-date" => Some(self.after_stop_date(orders?)),
            "order-export-coverage" => Some(self.export_coverage(orders?)),
            "import-rejections" => {
                (orders.is_some() || money.is_some() || !self.facts.rejections.is_empty()).then(|| self.rejections())
            }
            "balance-withdrawn" => self.balance_withdrawn(money?),
            "frozen-funds" => self.frozen_funds(money?),
            "unsettled-orders" => self.unsettled_orders(orders?),
            "refunds-completed" => Some(money::refunds_completed(money?)),
            "statement-coverage" => self.statement_coverage(orders, money?),
            "orders-unknown-state" => Some(self.unknown_orders(orders?)),
            order_rule => Some(self.orders_in_state(orders?, order_state_of(order_rule)?, order_rule)),
        }
    }

    fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.tz).date_naive()
    }

    fn orders_in_state(&self, orders: &OrderFacts, state: OrderState, id: &str) -> Outcome {
        let matching: Vec<&OrderFact> = orders.open.iter().filter(|o| o.state == state).collect();
        if matching.is_empty() {
            return Outcome::pass(Text::new("evidence.orders_none"));
        }
        let action = Text::new(format!("rule.{id}.action"))
            .with("dispute_days", self.params.count("dispute_answer_days"))
            .with("refund_days", self.params.count("cancel_refund_days"));
        let params: &'static [&'static str] = match state {
            OrderState::InDispute => &["dispute_answer_days"],
            OrderState::CancelRequested => &["cancel_refund_days"],
            _ => &[],
        };
        let evidence = match matching.iter().filter_map(|o| o.deadline).min() {
            Some(first) => Text::new("evidence.orders_some_deadline").with("deadline", self.local_date(first)),
            None => Text::new("evidence.orders_some"),
        };
        Outcome {
            order_ids: sorted_ids(matching.iter().map(|o| o.id.as_str())),
            params,
            ..Outcome::new(Status::Blocked, evidence.with("count", matching.len()), action)
        }
    }

    /// Orders of a status Closeout does not know: nobody can tell what they still need, so they
    /// hold closure up until a later export names their status or the seller records that
    /// Seller Center shows them finished.
    fn unknown_orders(&self, orders: &OrderFacts) -> Outcome {
        let unknown = orders.open.iter().filter(|o| o.state == OrderState::Unknown);
        let ids = sorted_ids(unknown.filter(|o| !self.facts.seen_finished.contains(&o.id)).map(|o| o.id.as_str()));
        if ids.is_empty() {
            return Outcome::pass(Text::new("evidence.orders_none"));
        }
        Outcome::new(
            Status::Blocked,
            Text::new("evidence.unknown_orders").with("count", ids.len()),
            Text::new("rule.orders-unknown-state.action"),
        )
        .listing(ids)
    }

    /// A waiting period counted from the latest buyer confirmation, in platform (Pacific)
    /// calendar days, and ending on a date in the case's time zone. Open orders nobody has
    /// confirmed yet will each start a window of their own, so while there are any the window
    /// is not over: it ends on the current window's day at the earliest, and past that day no
    /// end is known. `params` names the parameter holding the window's length in days.
    fn window(&self, orders: &OrderFacts, params: &'static [&'static str]) -> Outcome {
        let days = self.params.count(params[0]);
        // An order of unknown status the seller saw finished in Seller Center will never be
        // confirmed in an export: it starts no window.
        let unconfirmed = orders.open.iter().filter(|o| o.confirmed_at.is_none());
        let pending =
            sorted_ids(unconfirmed.filter(|o| !self.facts.seen_finished.contains(&o.id)).map(|o| o.id.as_str()));
        let Some(latest) = &orders.latest_confirmation else {
            if pending.is_empty() {
                return Outcome { params, ..Outcome::pass(Text::new("evidence.window_no_confirmations")) };
            }
            let evidence = Text::new("evidence.window_pending").with("count", pending.len());
            let action = Text::new("action.wait_for_confirmations").with("days", days);
            return Outcome { params, ..Outcome::new(Status::Blocked, evidence, action).listing(pending) };
        };
        let until = self.local_date(add_platform_days(latest.0, days));
        let evidence = |key: &str| {
            Text::new(key)
                .with("confirmed", self.local_date(latest.0))
                .with("order", &latest.1)
                .with("days", days)
                .with("until", until)
                .with("count", pending.len())
        };
        if !pending.is_empty() {
            let action = Text::new("action.wait_for_confirmations").with("days", days);
            let outcome = Outcome::new(Status::Blocked, evidence("evidence.window_pending_after"), action);
            let until = (self.as_of < until).then_some(until);
            return Outcome { until, params, ..outcome.listing(pending) };
        }
        let (status, action) = if self.as_of < until {
            (Status::Blocked, Text::new("action.wait_until").with("until", until))
        } else {
            (Status::Pass, Text::new("action.none"))
        };
        Outcome { until: Some(until), params, ..Outcome::new(status, evidence("evidence.window"), action) }
    }

    fn after_stop_date(&self, orders: &OrderFacts) -> Outcome {
        let Some(stop) = self.facts.profile.stop_date else {
            return Outcome::new(
                Status::NotChecked,
                Text::new("evidence.no_stop_date"),
                Text::new("action.enter_stop_date"),
            );
        };
        let late = &orders.placed_after_stop;
        if late.is_empty() {
            return Outcome::pass(Text::new("evidence.no_orders_after_stop").with("date", stop));
        }
        Outcome {
            order_ids: sorted_ids(late.iter().map(String::as_str)),
            ..Outcome::new(
                Status::Warning,
                Text::new("evidence.orders_after_stop").with("count", late.len()).with("date", stop),
                Text::new("rule.orders-after-stop-date.action"),
            )
        }
    }

    fn export_coverage(&self, orders: &OrderFacts) -> Outcome {
        // Local time only moves with the instant, so the first and last orders bound the months.
        let Some((first, last)) = orders.placed_span else {
            return Outcome::pass(Text::new("evidence.coverage_empty"));
        };
        let (first, last) = (YearMonth::of(self.local_date(first)), YearMonth::of(self.local_date(last)));
        let missing: Vec<String> =
            first.through(last).filter(|m| !orders.covered_months.contains(m)).map(|m| m.to_string()).collect();
        if missing.is_empty() {
            return Outcome::pass(Text::new("evidence.coverage_full").with("first", first).with("last", last));
        }
        Outcome {
            params: &["export_months_per_file"],
            ..Outcome::new(
                Status::Warning,
                Text::new("evidence.coverage_gaps").with("count", missing.len()).with("months", month_ranges(&missing)),
                Text::new("rule.order-export-coverage.action")
                    .with("months", self.params.count("export_months_per_file")),
            )
        }
    }

    /// Open rows block, and so does a dismissed row whose status shows an unfinished order;
    /// other dismissed rows leave a warning that lists them with their notes.
    fn rejections(&self) -> Outcome {
        let (dismissed, open): (Vec<&Rejection>, Vec<&Rejection>) =
            self.facts.rejections.iter().partition(|r| r.dismissed_note.is_some());
        let unfinished: Vec<&Rejection> = dismissed.iter().copied().filter(|r| r.unfinished_order).collect();
        // `file:line`, which reads the same in every language (the evaluation has none).
        let listed = |rows: &[&Rejection], with_note: bool| {
            let places: Vec<String> = rows
                .iter()
                .take(5)
                .map(|r| match (&r.dismissed_note, with_note) {
                    (Some(note), true) => format!("{}:{} ({note})", r.file, r.line),
                    _ => format!("{}:{}", r.file, r.line),
                })
                .collect();
            let more = if rows.len() > 5 { format!(" (+{})", rows.len() - 5) } else { String::new() };
            format!("{}{more}", places.join("; "))
        };
        if !open.is_empty() {
            return Outcome::new(
                Status::Blocked,
                Text::new("evidence.rejections").with("count", open.len()).with("where", listed(&open, false)),
                Text::new("rule.import-rejections.action"),
            );
        }
        if !unfinished.is_empty() {
            return Outcome::new(
                Status::Blocked,
                Text::new("evidence.rejections_unfinished")
                    .with("count", unfinished.len())
                    .with("where", listed(&unfinished, true)),
                Text::new("rule.import-rejections.unfinished_action"),
            );
        }
        if dismissed.is_empty() {
            return Outcome::pass(Text::new("evidence.no_rejections"));
        }
        Outcome::new(
            Status::Warning,
            Text::new("evidence.rejections_dismissed")
                .with("count", dismissed.len())
                .with("where", listed(&dismissed, true)),
            Text::new("rule.import-rejections.dismissed_action"),
        )
    }

    fn unsettled_orders(&self, orders: &OrderFacts) -> Option<Outcome> {
        let unsettled = orders.unreleased.as_ref()?;
        if unsettled.is_empty() {
            return Some(Outcome::pass(Text::new("evidence.all_released")));
        }
        Some(Outcome {
            order_ids: sorted_ids(unsettled.iter().map(String::as_str)),
            params: &["funds_release_days"],
            ..Outcome::new(
                Status::Blocked,
                Text::new("evidence.unreleased").with("count", unsettled.len()),
                Text::new("rule.unsettled-orders.action").with("release_days", self.params.count("funds_release_days")),
            )
        })
    }
}

/// Which import a data rule waits for, to word its "no data yet" message.
fn data_family(id: &str) -> &'static str {
    match id {
        "balance-withdrawn" | "frozen-funds" | "unsettled-orders" | "refunds-completed" | "statement-coverage" => {
            "money"
        }
        "import-rejections" => "imports",
        _ => "orders",
    }
}

fn order_state_of(rule_id: &str) -> Option<OrderState> {
    Some(match rule_id {
        "orders-awaiting-payment" => OrderState::AwaitingPayment,
        "orders-risk-control" => OrderState::RiskControl,
        "orders-cancel-requested" => OrderState::CancelRequested,
        "orders-awaiting-shipment" => OrderState::AwaitingShipment,
        "orders-awaiting-receipt" => OrderState::AwaitingReceipt,
        "orders-in-dispute" => OrderState::InDispute,
        "orders-funds-processing" => OrderState::FundsProcessing,
        "orders-frozen" => OrderState::Frozen,
        _ => return None,
    })
}

fn sorted_ids<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter().map(str::to_owned).collect()
}

/// Adds calendar days on the platform's clock (US Pacific, with daylight saving), so "15 days
/// after confirmation" means the same wall-clock time 15 days later, as AliExpress counts it.
pub fn add_platform_days(t: DateTime<Utc>, days: i64) -> DateTime<Utc> {
    let pacific = chrono_tz::America::Los_Angeles;
    let local = t.with_timezone(&pacific).naive_local() + Duration::days(days);
    match pacific.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        // In the autumn overlap take the later instant; never end a window early.
        chrono::LocalResult::Ambiguous(_, later) => later.with_timezone(&Utc),
        // A spring-forward gap: the hour does not exist; the first instant after it.
        chrono::LocalResult::None => pacific
            .from_local_datetime(&(local + Duration::hours(1)))
            .latest()
            .map_or(t + Duration::days(days), |t| t.with_timezone(&Utc)),
    }
}

/// "2025-04 – 2026-06, 2026-09" from a sorted list of months.
fn month_ranges(months: &[String]) -> String {
    let parsed: Vec<YearMonth> = months
        .iter()
        .filter_map(|m| {
            let (y, mo) = m.split_once('-')?;
            Some(YearMonth { year: y.parse().ok()?, month: mo.parse().ok()? })
        })
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < parsed.len() {
        let start = parsed[i];
        let mut end = start;
        while i + 1 < parsed.len() && parsed[i + 1] == end.next() {
            i += 1;
            end = parsed[i];
        }
        out.push(if start == end { start.to_string() } else { format!("{start} – {end}") });
        i += 1;
    }
    out.join(", ")
}

/// Weekdays after `date`, for "about 10 working days" estimates.
pub fn add_working_days(date: NaiveDate, days: i64) -> NaiveDate {
    let mut d = date;
    let mut left = days;
    while left > 0 {
        d = d.succ_opt().expect("dates stay in range");
        if d.weekday().num_days_from_monday() < 5 {
            left -= 1;
        }
    }
    d
}

#[cfg(test)]
mod tests;
