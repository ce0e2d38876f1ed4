//! The seller's answers as the rules read them: an attested rule answered or not, the dated
//! answers whose day starts or ends a wait, and what a data rule says while its data is missing.

use chrono::{Duration, NaiveDate};

use super::{data_family, Answer, Attestation, Ctx, Outcome, Status, CLOSURE_NOTICE, PROMOTIONS_ENDED};
use crate::text::Text;

impl Ctx<'_> {
    pub(super) fn attested_outcome(&self, id: &str, attestation: Option<&Attestation>) -> Outcome {
        let Some(a) = attestation else {
            return self.unanswered(id);
        };
        if a.answer == Answer::Done {
            if let Some(wait) = self.wait_after_answer(id, a.date) {
                return Outcome { answered: true, ..self.dated_outcome(id, a, wait) };
            }
        }
        let (status, answer) = match a.answer {
            Answer::Done => (Status::Attested, "attested"),
            Answer::NotApplicable => (Status::NotApplicable, "not_applicable"),
        };
        let evidence =
            Text::new(format!("evidence.{answer}.{}", a.who.as_str())).with("date", a.date).with("note", &a.note);
        Outcome { answered: true, ..Outcome::new(status, evidence, Text::new("action.none")) }
    }

    /// An attested rule nobody has answered yet; the closure notice says how far posting it
    /// today would put the earliest closure date.
    fn unanswered(&self, id: &str) -> Outcome {
        let days = self.params.count("closure_notice_days");
        let (evidence, params): (Text, &'static [&'static str]) = match id {
            CLOSURE_NOTICE => (
                Text::new("evidence.closure_notice_unposted")
                    .with("date", self.as_of + Duration::days(days))
                    .with("days", days),
                &["closure_notice_days"],
            ),
            "holiday-mode-on" => (Text::new("evidence.not_confirmed"), &["holiday_mode_hours"]),
            _ => (Text::new("evidence.not_confirmed"), &[]),
        };
        let action = Text::new(format!("rule.{id}.action"))
            .with("hours", self.params.count("holiday_mode_hours"))
            .with("days", days);
        Outcome { params, ..Outcome::new(Status::NotChecked, evidence, action) }
    }

    /// The day a "done" answer stops holding closure up, for the rules whose answer starts or
    /// ends a wait, with the parameter that sets it: the closure notice must stay up
    /// `closure_notice_days` from the day it was posted; holiday mode takes `holiday_mode_hours`
    /// (counted in whole days, as the windows are) from the day it was switched on; the last
    /// promotion ends on the day given.
    fn wait_after_answer(&self, id: &str, date: NaiveDate) -> Option<(NaiveDate, &'static [&'static str])> {
        match id {
            CLOSURE_NOTICE => {
                Some((date + Duration::days(self.params.count("closure_notice_days")), &["closure_notice_days"]))
            }
            "holiday-mode-on" => {
                let days = (self.params.count("holiday_mode_hours") + 23) / 24;
                Some((date + Duration::days(days), &["holiday_mode_hours"]))
            }
            PROMOTIONS_ENDED => Some((date, &[])),
            _ => None,
        }
    }

    /// A dated answer: blocked until its day, then passed (the notice's period is over) or
    /// attested (the seller's word that holiday mode is on, the promotions over).
    fn dated_outcome(&self, id: &str, a: &Attestation, wait: (NaiveDate, &'static [&'static str])) -> Outcome {
        let (until, params) = wait;
        let waiting = self.as_of < until;
        let evidence = Text::new(format!("evidence.dated.{id}.{}", if waiting { "waiting" } else { "over" }))
            .with("date", a.date)
            .with("until", until)
            .with("days", self.params.count("closure_notice_days"))
            .with("hours", self.params.count("holiday_mode_hours"))
            .with("note", &a.note);
        let (status, action) = match (waiting, id) {
            (true, _) => (Status::Blocked, Text::new("action.wait_until").with("until", until)),
            (false, CLOSURE_NOTICE) => (Status::Pass, Text::new("action.none")),
            (false, _) => (Status::Attested, Text::new("action.none")),
        };
        Outcome { until: Some(until), params, ..Outcome::new(status, evidence, action) }
    }

    /// A data rule with none of the data it needs, and no answer: what is missing, in words that
    /// match what the case does hold (statements without a balance are not "nothing imported").
    pub(super) fn no_data(&self, id: &str) -> Outcome {
        let family = data_family(id);
        let money = self.facts.money.as_ref();
        let region = if self.facts.profile.region == crate::model::Region::CN { "cn" } else { "other" };
        let (evidence, action) = match (id, money) {
            ("balance-withdrawn" | "frozen-funds", Some(m)) => (
                if m.files.is_empty() {
                    Text::new("evidence.no_balance_read")
                } else {
                    Text::new("evidence.no_balance_in_files").with_text("files", money_file_names(&m.files))
                },
                Text::new(format!("action.no_balance.{region}")),
            ),
            ("unsettled-orders", Some(m)) if m.released_order_ids.is_none() => {
                (Text::new("evidence.no_release_export"), Text::new("action.import_release_export"))
            }
            ("unsettled-orders", Some(_)) => (Text::new("evidence.no_data.orders"), Text::new("action.no_data.orders")),
            ("statement-coverage", Some(_)) => {
                (Text::new("evidence.no_statement"), Text::new(format!("action.no_statement.{region}")))
            }
            _ if family == "money" => {
                (Text::new("evidence.no_data.money"), Text::new(format!("action.no_data.money_{region}")))
            }
            _ => (Text::new(format!("evidence.no_data.{family}")), Text::new(format!("action.no_data.{family}"))),
        };
        Outcome::new(Status::NotChecked, evidence, action)
    }
}

/// The money files a case holds, named in the catalogue's words (`format.<name>`).
fn money_file_names(files: &[crate::model::Format]) -> Text {
    list_of(files.iter().map(|f| Text::new(format!("format.{}", f.as_str()))).collect())
}

/// Items joined as the language joins a list ("a, b and c", "a、b和c"), by CLDR's list
/// patterns (`list.two`, and `list.start`, `list.middle`, `list.end` for three or more), each
/// pattern holding the next item and the rest of the list.
pub fn list_of(mut items: Vec<Text>) -> Text {
    let pair = |key: &str, first: Text, rest: Text| Text::new(key).with_text("first", first).with_text("rest", rest);
    let Some(last) = items.pop() else { return Text::verbatim("") };
    let Some(before_last) = items.pop() else { return last };
    if items.is_empty() {
        return pair("list.two", before_last, last);
    }
    let mut rest = pair("list.end", before_last, last);
    while items.len() > 1 {
        let item = items.pop().expect("more than one item left");
        rest = pair("list.middle", item, rest);
    }
    pair("list.start", items.pop().expect("one item left"), rest)
}
