//! The seller's answers (attestations) and parameter overrides, as stored in the case file.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

use super::sql::Day;
use super::{now_text, Case};
use crate::error::{Error, Result};
use crate::rules::ruleset::{Override, RuleSet};
use crate::rules::{self, Answer, Attestation, Who, CLOSURE_APPLICATION, PROMOTIONS_ENDED};
use crate::text::Text;

/// One line of an attestation's history, as the "check your answers" page and report show it.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerRecord {
    /// The id of the rule answered (`closure-application`, …), as `closeout check` lists them.
    pub rule_id: String,
    /// `done`, `not_applicable` or `withdrawn`.
    pub answer: String,
    /// The day the person says it was done (or withdrawn), in the case's time zone.
    pub date: NaiveDate,
    /// Why, in the person's words; empty for a withdrawal.
    pub note: String,
    /// `seller` or `bookkeeper`.
    pub who: String,
    /// When it was stored, RFC 3339 in UTC to the second.
    pub recorded_at: String,
}

/// Longest note kept with an answer.
const MAX_NOTE_BYTES: usize = 10_000;

impl Case {
    /// The answer in force for each rule: the latest row, unless it is a withdrawal.
    pub fn attestations(&self) -> Result<BTreeMap<String, Attestation>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.rule_id, a.answer, a.date, a.note, a.who FROM attestations a
             WHERE a.id = (SELECT max(id) FROM attestations b WHERE b.rule_id = a.rule_id)
               AND a.answer != 'withdrawn'",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Day>(2)?, r.get(3)?, r.get::<_, Who>(4)?))
        })?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (rule_id, answer, date, note, who) = row?;
            let answer = if answer == "done" { Answer::Done } else { Answer::NotApplicable };
            out.insert(rule_id, Attestation { answer, date: date.0, note, who });
        }
        Ok(out)
    }

    /// Every answer ever given, oldest first.
    pub fn answer_history(&self) -> Result<Vec<AnswerRecord>> {
        let mut stmt =
            self.conn.prepare("SELECT rule_id, answer, date, note, who, recorded_at FROM attestations ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(AnswerRecord {
                rule_id: r.get(0)?,
                answer: r.get(1)?,
                date: r.get::<_, Day>(2)?.0,
                note: r.get(3)?,
                who: r.get(4)?,
                recorded_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records an answer after checking it may be given: a rule that applies to this store,
    /// a reason for "not applicable", and for the closure application, nothing else open
    /// as of the answer's date.
    pub fn attest(&mut self, rule_id: &str, attestation: &Attestation) -> Result<()> {
        let profile = self.profile()?;
        let def = rules::find_rule(rule_id)
            .ok_or_else(|| Error::invalid(crate::text::Text::new("input.unknown_rule").with("value", rule_id)))?;
        if !def.scope.includes(profile.region) {
            return Err(Error::invalid(
                crate::text::Text::new("input.rule_out_of_scope").with("rule", rule_id).with("region", profile.region),
            ));
        }
        if attestation.note.len() > MAX_NOTE_BYTES {
            return Err(Error::invalid(crate::text::Text::new("input.note_long").with("max", MAX_NOTE_BYTES)));
        }
        if attestation.answer == Answer::NotApplicable && attestation.note.trim().is_empty() {
            return Err(Error::invalid(crate::text::Text::new("input.say_why_not_applicable")));
        }
        let today = self.today()?;
        // "Done" on a day still to come is a promise, not a fact; only the last promotion's end
        // is naturally a day ahead.
        if attestation.answer == Answer::Done && attestation.date > today && rule_id != PROMOTIONS_ENDED {
            return Err(Error::invalid(
                Text::new("input.done_in_future").with("date", attestation.date).with("today", today),
            ));
        }
        if def.kind != rules::RuleKind::Attested {
            self.check_answer_counts(rule_id, today)?;
        }
        if rule_id == CLOSURE_APPLICATION {
            if attestation.answer == Answer::NotApplicable {
                return Err(Error::invalid(crate::text::Text::new("input.closure_always_applies")));
            }
            let evaluation = self.evaluate(attestation.date)?;
            let open: Vec<&str> = evaluation.blockers().map(|r| r.id).collect();
            if !open.is_empty() {
                let listed = open[..open.len().min(5)].join(", ");
                let text = match open.len() {
                    n if n > 5 => crate::text::Text::new("input.closure_too_early_more").with("more", n - 5),
                    _ => crate::text::Text::new("input.closure_too_early"),
                };
                return Err(Error::invalid(
                    text.with("date", attestation.date).with("count", open.len()).with("rules", listed),
                ));
            }
        }
        let answer = match attestation.answer {
            Answer::Done => "done",
            Answer::NotApplicable => "not_applicable",
        };
        self.conn.execute(
            "INSERT INTO attestations (rule_id, answer, date, note, who, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                rule_id,
                answer,
                attestation.date.to_string(),
                attestation.note,
                attestation.who.as_str(),
                now_text()
            ],
        )?;
        Ok(())
    }

    /// Refuses an answer on a data rule that imported data already decides, saying what decides
    /// it: such an answer would change nothing. A warning may be answered: that acknowledges it.
    fn check_answer_counts(&self, rule_id: &str, today: NaiveDate) -> Result<()> {
        let evaluation = self.evaluate(today)?;
        let Some(result) = evaluation.rule(rule_id) else { return Ok(()) };
        // No data yet (`not_checked`, or an earlier answer standing in for the data): the answer
        // counts, as it always has.
        let decided_by_data = !matches!(
            result.status,
            rules::Status::NotChecked | rules::Status::Attested | rules::Status::NotApplicable
        );
        if result.attestable || !decided_by_data {
            return Ok(());
        }
        let key =
            if result.status == rules::Status::Pass { "input.decided_by_data" } else { "input.decided_by_data_open" };
        Err(Error::invalid(
            Text::new(key)
                .with_text("rule", Text::new(format!("rule.{rule_id}.title")))
                .with_text("evidence", result.evidence.clone()),
        ))
    }

    /// Withdraws the answer in force for a rule; the history keeps it.
    pub fn withdraw(&mut self, rule_id: &str, date: NaiveDate, who: Who) -> Result<()> {
        if !self.attestations()?.contains_key(rule_id) {
            return Err(Error::invalid(crate::text::Text::new("input.nothing_to_withdraw").with("rule", rule_id)));
        }
        self.conn.execute(
            "INSERT INTO attestations (rule_id, answer, date, note, who, recorded_at) VALUES (?1, 'withdrawn', ?2, '', ?3, ?4)",
            params![rule_id, date.to_string(), who.as_str(), now_text()],
        )?;
        Ok(())
    }

    /// The seller's parameter overrides from `parameter_overrides`, by name.
    pub fn overrides(&self) -> Result<Vec<Override>> {
        let mut stmt = self.conn.prepare("SELECT name, value, note FROM parameter_overrides ORDER BY name")?;
        let rows = stmt.query_map([], |r| Ok(Override { name: r.get(0)?, value: r.get(1)?, note: r.get(2)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Stores an override of a shipped parameter after checking name and value, replacing any
    /// earlier one of that name.
    pub fn set_override(&mut self, name: &str, value: &str, note: &str) -> Result<()> {
        RuleSet::shipped().check_override(name, value)?;
        self.conn.execute(
            "INSERT INTO parameter_overrides (name, value, note, set_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value, note = excluded.note, set_at = excluded.set_at",
            params![name, value.trim(), note, now_text()],
        )?;
        Ok(())
    }

    /// Removes an override so the shipped value applies again; an error if there was none.
    pub fn reset_override(&mut self, name: &str) -> Result<()> {
        let removed = self.conn.execute("DELETE FROM parameter_overrides WHERE name = ?1", [name])?;
        if removed == 0 {
            return Err(Error::invalid(crate::text::Text::new("input.not_overridden").with("name", name)));
        }
        Ok(())
    }
}
