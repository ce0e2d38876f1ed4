//! The checklist as people and scripts read it: the evaluation, the after-closure calendar and
//! the parameters in force, put into words in one language. `check --json`, the window and the
//! report all print from this.

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::calendar::{self, CalendarItem};
use crate::case::Case;
use crate::error::Result;
use crate::locale::Lang;
use crate::model::format_amount;
use crate::rules::ruleset::{Override, RuleSet};
use crate::rules::{Evaluation, Facts, RuleResult, Status, Verdict};
use crate::text::{lookup, Text};

/// Everything `check` prints about a case on one date, evaluated once so the JSON, the
/// terminal summary, the window and the report cannot disagree.
pub struct Checklist {
    /// What the rules were given (the report lists the open orders' deadlines from it).
    pub facts: Facts,
    /// Every rule's result for the store's region, and the verdict they add up to.
    pub evaluation: Evaluation,
    /// The after-closure reminders for the store's region, dated from the recorded or projected
    /// closure.
    pub calendar: Vec<CalendarItem>,
    /// The case's changes to shipped parameters, printed so a reader knows the result rests on
    /// them.
    pub overrides: Vec<Override>,
}

impl Checklist {
    /// Reads the case's facts and parameters and evaluates them as of `as_of`, a date in the
    /// case's time zone that the caller chose (the core reads no clock).
    pub fn of(case: &Case, as_of: NaiveDate) -> Result<Checklist> {
        let facts = case.facts()?;
        let params = case.parameters()?;
        let evaluation = crate::rules::evaluate(&facts, &params, as_of);
        let calendar = calendar::items(&facts, &params, &evaluation);
        Ok(Checklist { facts, evaluation, calendar, overrides: params.overrides })
    }

    /// The `check --json` document of docs/cli.md, with Closeout's additions
    /// (kind, source, attestation, overridden parameters, the rule set, the calendar).
    pub fn into_json(self, lang: Lang, ids: OrderIds) -> Value {
        let e = self.evaluation;
        let set = RuleSet::shipped();
        let holding_up: Vec<Value> = e
            .blockers()
            .map(|r| json!({ "id": r.id, "status": r.status.as_str(), "until": r.until.map(|d| d.to_string()) }))
            .collect();
        json!({
            "as_of": e.as_of.to_string(),
            "verdict": match e.verdict { Verdict::Ready => "ready", Verdict::NotReady => "not_ready" },
            "earliest_closure_date": e.earliest_closure_date.map(|d| d.to_string()),
            "closure_application_can_start": e.closure_application_can_start,
            "holding_up": holding_up,
            "rules": e.rules.into_iter().map(|r| rule_json(r, lang, ids)).collect::<Vec<_>>(),
            "orders": { "total": e.orders.total, "by_state": e.orders.by_state },
            "funds": e.funds.iter().map(|b| json!({
                "currency": b.currency.as_str(),
                "available": b.available.map(format_amount),
                "frozen": format_amount(b.frozen),
                "source": b.source,
            })).collect::<Vec<_>>(),
            "ruleset": {
                "version": set.version,
                "overrides": self.overrides.iter().map(|o| json!({
                    "name": o.name,
                    "value": o.value,
                    "shipped_value": set.parameters.get(&o.name).map(|p| p.value.clone()),
                    "note": o.note,
                })).collect::<Vec<_>>(),
            },
            "calendar": self.calendar.iter().map(|c| json!({
                "id": c.id,
                "title": c.title(lang),
                "date": c.date.map(|d| d.to_string()),
                "projected": c.projected,
                "basis": c.basis.render(lang),
            })).collect::<Vec<_>>(),
        })
    }

    /// A readable summary for the terminal: the verdict, then blockers first.
    pub fn to_text(&self, lang: Lang) -> String {
        let e = &self.evaluation;
        let t = |key: &str| lookup(lang, key).to_owned();
        let mut out = String::new();
        let verdict = verdict(e);
        out.push_str(&format!(
            "{}\n{}\n",
            verdict.render(lang),
            Text::new("check.as_of").with("date", e.as_of).render(lang)
        ));
        out.push_str(&format!("{}\n", holding_up(e).render(lang)));
        for (status, heading) in [
            (Status::Blocked, "check.heading.blocked"),
            (Status::NotChecked, "check.heading.not_checked"),
            (Status::Warning, "check.heading.warning"),
        ] {
            let rules: Vec<&RuleResult> = e.rules.iter().filter(|r| r.status == status).collect();
            if rules.is_empty() {
                continue;
            }
            out.push_str(&format!("\n{} ({})\n", t(heading), rules.len()));
            for r in rules {
                out.push_str(&format!("  ✗ {}  [{}]\n", title(r.id, lang), r.id));
                out.push_str(&format!("      {}\n", r.evidence.render(lang)));
                if let Some(until) = r.until {
                    out.push_str(&format!("      {}\n", Text::new("check.until").with("date", until).render(lang)));
                }
                if !r.order_ids.is_empty() {
                    out.push_str(&format!(
                        "      {}\n",
                        Text::new("check.orders").with("ids", short_list(&r.order_ids)).render(lang)
                    ));
                }
                out.push_str(&format!("      → {}\n", r.action.render(lang)));
            }
        }
        let settled: Vec<&RuleResult> = e
            .rules
            .iter()
            .filter(|r| matches!(r.status, Status::Pass | Status::Attested | Status::NotApplicable))
            .collect();
        if !settled.is_empty() {
            out.push_str(&format!("\n{} ({})\n", t("check.heading.settled"), settled.len()));
            for r in settled {
                out.push_str(&format!(
                    "  ✓ {}  [{}: {}]\n",
                    title(r.id, lang),
                    r.id,
                    t(&format!("rule_status.{}", r.status.as_str()))
                ));
            }
        }
        if !self.overrides.is_empty() {
            out.push_str(&format!("\n{}\n", t("check.heading.overrides")));
            for o in &self.overrides {
                out.push_str(&format!("  {} = {}  ({})\n", o.name, o.value, o.note));
            }
        }
        out
    }
}

/// The verdict in one sentence: ready, not ready until a date, or not ready.
pub fn verdict(e: &Evaluation) -> Text {
    match (e.verdict, e.earliest_closure_date) {
        (Verdict::Ready, _) => Text::new("check.ready").with("date", e.as_of),
        (Verdict::NotReady, Some(d)) => Text::new("check.not_ready_until").with("date", d),
        (Verdict::NotReady, None) => Text::new("check.not_ready"),
    }
}

/// How many things hold closure up, each named: the one count the banner, the task list, the
/// report and the terminal all show.
pub fn holding_up(e: &Evaluation) -> Text {
    let names: Vec<Text> = e.blockers().map(|r| Text::new(format!("rule.{}.title", r.id))).collect();
    match names.len() {
        0 => Text::new("check.holding_up_none"),
        n => Text::new("check.holding_up").with("count", n).with_text("names", crate::rules::list_of(names)),
    }
}

/// A rule's title in `lang`, from the catalogue's `rule.<id>.title`.
pub fn title(rule_id: &str, lang: Lang) -> String {
    lookup(lang, &format!("rule.{rule_id}.title")).to_owned()
}

/// What an attachment is evidence for, in words: the rule's title, the order, or the balance.
pub fn attachment_subject(a: &crate::case::Attachment, lang: Lang) -> String {
    match a.subject {
        "rule" => title(&a.subject_key, lang),
        "order" => Text::new("attachment.subject.order").with("id", &a.subject_key).render(lang),
        _ => Text::new("attachment.subject.balance")
            .with("what", a.balance.as_deref().unwrap_or(&a.subject_key))
            .render(lang),
    }
}

/// How many of a rule's order ids its JSON lists; `order_count` always says how many there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderIds {
    /// Every one (`check --json`).
    All,
    /// The first few: the window shows a few and the count, and a case may have a million.
    First(usize),
}

/// One rule's JSON; its order ids (up to a million of them) are moved in, not copied.
fn rule_json(mut r: RuleResult, lang: Lang, ids: OrderIds) -> Value {
    let order_count = r.order_ids.len();
    if let OrderIds::First(n) = ids {
        r.order_ids.truncate(n);
    }
    let mut rule = json!({
        "id": r.id,
        "status": r.status.as_str(),
        "title": title(r.id, lang),
        "evidence": r.evidence.render(lang),
        "action": r.action.render(lang),
        "until": r.until.map(|d| d.to_string()),
        "order_ids": [],
        "order_count": order_count,
        "kind": r.kind,
        "source": r.source,
        "attestation": r.attestation.as_ref().map(|a| json!({
            "answer": a.answer,
            "date": a.date.to_string(),
            "note": a.note,
            "who": a.who,
        })),
        "attestable": r.attestable,
        "overridden_parameters": r.overridden,
    });
    rule["order_ids"] = Value::from(r.order_ids);
    rule
}

/// The first ids and a count of the rest, for terminal lines.
fn short_list(ids: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut s = ids.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if ids.len() > SHOWN {
        s.push_str(&format!(" … (+{})", ids.len() - SHOWN));
    }
    s
}
