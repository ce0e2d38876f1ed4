//! After closure: the dates still worth a reminder (deposit and annual-fee refunds, late
//! chargebacks, how long to keep records), and their export as an iCalendar file.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::model::{Profile, Scope};
use crate::rules::ruleset::Parameters;
use crate::rules::{add_working_days, Answer, Evaluation, Facts, CLOSURE_APPLICATION};
use crate::text::Text;

/// One after-closure reminder: what it is, when it falls and how that date was worked out.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarItem {
    /// A stable slug (`deposit-refund`, `late-chargebacks`, …): it picks the catalogue's
    /// `calendar.<id>.title` and makes the event's UID in the .ics.
    pub id: &'static str,
    /// `None` until the closure date is known.
    pub date: Option<NaiveDate>,
    /// The date rests on the projected earliest closure date, not a recorded application.
    pub projected: bool,
    /// How the date follows from the closure or last order date and the rule set's parameter,
    /// or why it is not known yet; the event's description.
    pub basis: Text,
}

impl CalendarItem {
    /// The reminder's title in `lang`.
    pub fn title(&self, lang: crate::locale::Lang) -> String {
        Text::new(format!("calendar.{}.title", self.id)).render(lang)
    }
}

/// The calendar items for a store of this profile.
pub fn items(facts: &Facts, params: &Parameters, evaluation: &Evaluation) -> Vec<CalendarItem> {
    // The real application date once recorded, else the projected earliest closure date.
    let applied =
        facts.attestations.get(CLOSURE_APPLICATION).filter(|a| a.answer == Answer::Done).map(|a| (a.date, false));
    let closure = applied.or(evaluation.earliest_closure_date.map(|d| (d, true)));
    let projected = closure.is_some_and(|(_, p)| p);
    let last_order = facts
        .orders
        .as_ref()
        .and_then(|o| o.last_activity)
        .map(|t| t.with_timezone(&facts.profile.timezone).date_naive());

    let mut out = Vec::new();
    let mut push = |id, scope: Scope, date: Option<NaiveDate>, basis: Text| {
        if scope.includes(facts.profile.region) {
            out.push(CalendarItem { id, date, projected: date.is_some() && projected, basis });
        }
    };
    let from_closure = |key: &str, n: i64| match closure {
        Some((date, _)) => Text::new(key).with("date", date).with("n", n),
        None => Text::new("calendar.basis.unknown"),
    };

    let working = params.count("deposit_refund_working_days");
    push(
        "deposit-refund",
        Scope::China,
        closure.map(|(d, _)| add_working_days(d, working)),
        from_closure("calendar.deposit-refund.basis", working),
    );
    let fee_days = params.count("annual_fee_refund_days");
    push(
        "annual-fee-refund",
        Scope::China,
        closure.map(|(d, _)| d + Duration::days(fee_days)),
        from_closure("calendar.annual-fee-refund.basis", fee_days),
    );
    let chargeback_days = params.count("late_chargeback_days");
    let chargeback_from = last_order.or(closure.map(|(d, _)| d));
    push(
        "late-chargebacks",
        Scope::All,
        chargeback_from.map(|d| d + Duration::days(chargeback_days)),
        match chargeback_from {
            Some(d) => Text::new("calendar.late-chargebacks.basis").with("date", d).with("n", chargeback_days),
            None => Text::new("calendar.basis.unknown"),
        },
    );
    let years = params.count("records_retention_years");
    push(
        "records-retention",
        Scope::All,
        closure.map(|(d, _)| add_years(d, years as i32)),
        from_closure("calendar.records-retention.basis", years),
    );
    out
}

fn add_years(date: NaiveDate, years: i32) -> NaiveDate {
    // 29 February becomes 28 February in a year without it.
    date.with_year(date.year() + years)
        .or_else(|| NaiveDate::from_ymd_opt(date.year() + years, date.month(), 28))
        .expect("a valid date")
}

/// An iCalendar (RFC 5545) file with one all-day event per dated item. Deterministic: the
/// stamp is the as-of date, and UIDs derive from the store and the item.
pub fn to_ics(items: &[CalendarItem], profile: &Profile, as_of: NaiveDate, lang: crate::locale::Lang) -> String {
    let mut out = String::new();
    let mut line = |s: &str| fold_into(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(&format!("PRODID:-//Closeout//Closeout {}//EN", crate::VERSION));
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    let store_key: String = profile.store_name.bytes().map(|b| format!("{b:02x}")).take(32).collect();
    for item in items {
        let Some(date) = item.date else { continue };
        let title = item.title(lang);
        line("BEGIN:VEVENT");
        line(&format!("UID:{}-{}@closeout", item.id, store_key));
        line(&format!("DTSTAMP:{}T000000Z", as_of.format("%Y%m%d")));
        line(&format!("DTSTART;VALUE=DATE:{}", date.format("%Y%m%d")));
        line(&format!("DTEND;VALUE=DATE:{}", (date + Duration::days(1)).format("%Y%m%d")));
        line(&format!("SUMMARY:{}", escape(&format!("{} — {}", title, profile.store_name))));
        line(&format!("DESCRIPTION:{}", escape(&item.basis.render(lang))));
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\r', "").replace('\n', "\\n")
}

/// Appends `content` as lines of at most 75 octets, continuation lines starting with a space,
/// never splitting a UTF-8 character; every line ends in CRLF.
fn fold_into(out: &mut String, content: &str) {
    let mut width = 0;
    for ch in content.chars() {
        let len = ch.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_on_character_boundaries() {
        let mut out = String::new();
        fold_into(&mut out, &format!("SUMMARY:{}", "枫".repeat(40)));
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), format!("SUMMARY:{}", "枫".repeat(40)));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn leap_days_carry_to_the_28th() {
        let d = NaiveDate::from_ymd_opt(2028, 2, 29).unwrap();
        assert_eq!(add_years(d, 10), NaiveDate::from_ymd_opt(2038, 2, 28).unwrap());
    }
}
