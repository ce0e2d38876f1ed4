//! The closure readiness report: a third presenter of the checklist (beside `check --json` and
//! the terminal summary). `Report::build` gathers the evaluation, the calendar and the case's
//! records into one model, already put into words in one language; `html` and
//! `pdf` only lay that model out, so they cannot disagree with each other or with `check`.
//!
//! Nothing here reads a clock: every date comes from the as-of date or the case file.
//!
//! This module holds the model; `build` fills it from a case.

mod build;
pub mod charts;
pub mod document;
pub mod html;
pub mod pdf;

use std::path::Path;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::import;
use crate::locale::Lang;
use crate::model::Region;
use crate::rules::Status;
use crate::text::lookup;

/// Paper the report is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 inches.
    Letter,
}

impl Paper {
    /// `a4` or `letter`, in any case, with spaces around; `None` for anything else.
    pub fn parse(s: &str) -> Option<Paper> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" => Some(Paper::A4),
            "letter" => Some(Paper::Letter),
            _ => None,
        }
    }

    /// The paper a person asked for (`--paper`, the window's select), or none to use the
    /// region's; anything else is refused with what to write.
    pub fn chosen(asked: Option<&str>) -> Result<Option<Paper>> {
        asked
            .map(|p| {
                Paper::parse(p)
                    .ok_or_else(|| Error::invalid(crate::text::Text::new("input.unknown_paper").with("value", p)))
            })
            .transpose()
    }

    /// Letter where it is the norm (a US store), A4 everywhere else.
    pub fn for_region(region: Region) -> Paper {
        if region == Region::US {
            Paper::Letter
        } else {
            Paper::A4
        }
    }

    /// Width and height in PDF points (1/72 inch).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// The name CSS's `@page { size: … }` takes for it.
    pub fn css_name(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "letter",
        }
    }
}

/// The whole report, in words, ready to lay out.
#[derive(Debug, Clone)]
pub struct Report {
    /// The language every word of the report is in.
    pub lang: Lang,
    /// The paper it is laid out for: the one asked for, or the region's.
    pub paper: Paper,
    /// The day the checklist was evaluated for, in the case's time zone.
    pub as_of: NaiveDate,
    /// The Closeout that wrote it (`VERSION`).
    pub closeout_version: &'static str,
    /// The version of the shipped rule set it was checked against.
    pub ruleset_version: String,
    /// The case file's name (not its folder, which says nothing to a reader).
    pub case_file: String,
    /// The store's name, from the profile.
    pub store: String,
    /// The store's region, in words.
    pub region: String,
    /// The case's time zone, as an IANA name (`Asia/Shanghai`).
    pub timezone: String,
    /// True when the verdict is that the store can apply to close.
    pub ready: bool,
    /// The verdict in one sentence.
    pub verdict: String,
    /// The earliest closure date in words, or why it is not known.
    pub earliest: String,
    /// What holds closure up, blocked rules first (the order of `check`'s summary): the one
    /// count the cover shows.
    pub blockers: Vec<RuleLine>,
    /// What is worth a look but holds nothing up.
    pub warnings: Vec<RuleLine>,
    /// Every rule, in checklist order.
    pub rules: Vec<RuleLine>,
    /// The orders still to finish.
    pub orders: OrdersSection,
    /// The money still in the account, per currency.
    pub money: MoneySection,
    /// The waiting windows, for the timeline chart.
    pub timeline: Timeline,
    /// Which months the imports cover, for the coverage chart.
    pub coverage: Coverage,
    /// Every imported file, in import order.
    pub files: Vec<FileLine>,
    /// Every answer given, withdrawals included, oldest first.
    pub answers: Vec<AnswerLine>,
    /// Every file attached as evidence, by what it is evidence for.
    pub attachments: Vec<AttachmentLine>,
    /// The parameters this case changed, beside their shipped values.
    pub overrides: Vec<OverrideLine>,
    /// The reminders for after the closure.
    pub calendar: Vec<CalendarLine>,
    /// Each purge of personal data from the case, with its date.
    pub purges: Vec<crate::case::PurgeRecord>,
    /// Every kept-aside row the person dismissed, with their note and when (its reason in
    /// the report's language).
    pub dismissals: Vec<crate::case::QuarantinedRow<String>>,
}

/// One rule's result, in words.
#[derive(Debug, Clone)]
pub struct RuleLine {
    /// The rule's id.
    pub id: &'static str,
    /// The rule's title in the report's language.
    pub title: String,
    /// Where the rule stands.
    pub status: Status,
    /// The status in words and as a symbol, so it survives black-and-white printing.
    pub status_text: String,
    /// The status's symbol (`✓`, `✕`, …), from `symbol`.
    pub symbol: &'static str,
    /// What the rule found, in a sentence.
    pub evidence: String,
    /// What to do next, in a sentence.
    pub action: String,
    /// The date a window ends, or the earliest deadline among the rule's orders.
    pub deadline: Option<String>,
    /// Where the rule's figures come from, a line each.
    pub provenance: Vec<String>,
}

/// The unfinished orders, as the report's order table lists them.
#[derive(Debug, Clone)]
pub struct OrdersSection {
    /// Whether any order export is imported; without one the table would be misleadingly empty.
    pub imported: bool,
    /// At most `ORDERS_LISTED` orders, earliest deadline first.
    pub rows: Vec<OrderLine>,
    /// Unfinished orders in all (rows may hold fewer).
    pub total: usize,
}

/// One unfinished order, in words; an empty field is one the case does not know.
#[derive(Debug, Clone)]
pub struct OrderLine {
    /// The AliExpress order number.
    pub order_id: String,
    /// Its state, in words.
    pub state: String,
    /// When it was placed, `YYYY-MM-DD HH:MM` in the case's time zone.
    pub placed: String,
    /// When its countdown runs out, as `placed`.
    pub deadline: String,
    /// Its amount with the currency code (`12.50 CNY`).
    pub amount: String,
    /// Its product titles, as the export wrote them.
    pub products: Vec<String>,
    /// The usual next move for its state, in words.
    pub suggested: String,
    /// What the seller recorded doing, with their note in brackets.
    pub recorded: String,
}

/// The money per currency, or why there is none.
#[derive(Debug, Clone)]
pub struct MoneySection {
    /// One line per currency the checklist knows a balance of.
    pub rows: Vec<MoneyLine>,
    /// Said when `rows` is empty: which imports would fill it.
    pub missing: Option<String>,
}

/// One currency's balance, amounts with two decimals.
#[derive(Debug, Clone)]
pub struct MoneyLine {
    /// The currency code.
    pub currency: String,
    /// Released and withdrawable.
    pub available: String,
    /// Frozen or held as a reserve.
    pub frozen: String,
    /// Where the figures come from: a typed-in balance or an imported file, in words.
    pub provenance: String,
}

/// When each waiting period ends, today, and the earliest closure date.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// The as-of date, marked on the chart.
    pub today: NaiveDate,
    /// The earliest closure date, if known.
    pub earliest: Option<NaiveDate>,
    /// Every waiting window whose end is known, in checklist order.
    pub windows: Vec<TimelineWindow>,
}

/// One waiting period of the checklist.
#[derive(Debug, Clone)]
pub struct TimelineWindow {
    /// The rule's title, in words.
    pub title: String,
    /// The day the window ends.
    pub until: NaiveDate,
}

/// Which months the imported order exports and statements cover, from the first to the last.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// Every month from the first covered to the last, `YYYY-MM`.
    pub months: Vec<String>,
    /// One row for order exports, one for statements.
    pub rows: Vec<CoverageRow>,
}

/// Which months one kind of file covers.
#[derive(Debug, Clone)]
pub struct CoverageRow {
    /// The kind of file, in words.
    pub label: String,
    /// One flag per month of `Coverage::months`.
    pub covered: Vec<bool>,
    /// How many files of that kind are imported.
    pub files: usize,
    /// The uncovered months between this row's first and last covered month, in words.
    pub gaps: Vec<String>,
}

/// One imported file, as the report's file list shows it.
#[derive(Debug, Clone)]
pub struct FileLine {
    /// The file's name as imported.
    pub name: String,
    /// What it was read as, in words.
    pub format: String,
    /// Its size in bytes.
    pub size: u64,
    /// Data rows read; of those, kept aside and exact repeats kept once.
    pub rows: u64,
    /// Rows kept aside.
    pub rejected: u64,
    /// Exact repeats, kept once.
    pub duplicates: u64,
    /// The SHA-256 of its bytes, lowercase hex, so a reader can check it is the same file.
    pub sha256: String,
    /// When it was imported, RFC 3339 in UTC.
    pub imported_at: String,
}

/// One answer of the history, in words.
#[derive(Debug, Clone)]
pub struct AnswerLine {
    /// The title of the rule answered.
    pub rule: String,
    /// Done, not applicable or withdrawn, in words.
    pub answer: String,
    /// The day the person gave, in the case's time zone.
    pub date: NaiveDate,
    /// Their note, as typed.
    pub note: String,
    /// Seller or bookkeeper, in words.
    pub who: String,
}

/// One attached file, in words, with the picture when it is one a thumbnail can be drawn from.
#[derive(Debug, Clone)]
pub struct AttachmentLine {
    /// What it is evidence for: the rule's title, the order, the balance.
    pub subject: String,
    /// The file's name as attached (text, never markup).
    pub name: String,
    /// Its MIME type.
    pub mime: &'static str,
    /// What kind of file it is, in words ("PNG picture").
    pub kind: String,
    /// Bytes.
    pub size: u64,
    /// The sha256 of its bytes.
    pub sha256: String,
    /// When it was attached, in the case's time zone.
    pub added_at: String,
    /// False once a purge removed its contents.
    pub kept: bool,
    /// The picture, for a PNG, JPEG or WebP still kept and of a size a reader can draw.
    pub thumbnail: Option<Thumbnail>,
}

/// A picture to draw small: its bytes as attached and its size in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Thumbnail {
    /// What the bytes are (an image type).
    pub media_type: crate::case::MediaType,
    /// The file's bytes, drawn scaled down (never re-encoded here).
    pub bytes: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// One parameter the case overrides.
#[derive(Debug, Clone)]
pub struct OverrideLine {
    /// The parameter's name in the rule set.
    pub name: String,
    /// The case's value, as typed.
    pub value: String,
    /// The rule set's value.
    pub shipped: String,
    /// The unit both values are in, as the rule set names it.
    pub unit: String,
    /// Why the seller changed it.
    pub note: String,
}

/// One reminder for after the closure.
#[derive(Debug, Clone)]
pub struct CalendarLine {
    /// What to do, in words.
    pub title: String,
    /// When: a date, marked when projected, or that it is not known yet.
    pub date: String,
    /// What the date is counted from, in words.
    pub basis: String,
}

impl Report {
    /// Writes the report as HTML or PDF, chosen by the file's extension.
    pub fn write(&self, out: &Path) -> Result<()> {
        let bytes = match Format::of(out)? {
            Format::Html => html::render(self).into_bytes(),
            Format::Pdf => pdf::render(self)?,
        };
        std::fs::write(out, bytes).map_err(|e| Error::io(out, e))
    }

    /// The label of `key` in the report's language.
    pub fn t(&self, key: &str) -> String {
        lookup(self.lang, key).to_owned()
    }
}

/// What `--out` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A web page, one file with its styles and charts inside.
    Html,
    /// A PDF, laid out for the report's paper.
    Pdf,
}

impl Format {
    /// The format a file name asks for: `.html`/`.htm` or `.pdf`, in any case; anything else is
    /// refused with what to write.
    pub fn of(path: &Path) -> Result<Format> {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("html" | "htm") => Ok(Format::Html),
            Some("pdf") => Ok(Format::Pdf),
            _ => Err(Error::invalid(crate::text::Text::new("input.report_extension").with("path", path.display()))),
        }
    }
}

/// A status as a symbol from the embedded font, so status reads without colour.
pub fn symbol(status: Status) -> &'static str {
    match status {
        Status::Pass | Status::Attested => "✓",
        Status::Blocked => "✕",
        Status::Warning => "▲",
        Status::NotChecked => "○",
        Status::NotApplicable => "–",
    }
}

/// A file format's name in words, or its id where the catalogue has none.
/// A format's name in `lang` (`订单导出文件`), or its id where the catalogue has none.
pub fn format_name(format: import::Format, lang: Lang) -> String {
    let key = format!("format.{}", format.as_str());
    if crate::text::has(&key) {
        lookup(lang, &key).to_owned()
    } else {
        format.as_str().to_owned()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// A report with no data, for the renderers' unit tests.
    pub(crate) fn empty_report() -> Report {
        Report {
            lang: Lang::En,
            paper: Paper::A4,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            closeout_version: crate::VERSION,
            ruleset_version: "test".into(),
            case_file: "shop.closeout".into(),
            store: "Shop".into(),
            region: "Mainland China".into(),
            timezone: "Asia/Shanghai".into(),
            ready: false,
            verdict: "Not ready".into(),
            earliest: "unknown".into(),
            blockers: Vec::new(),
            warnings: Vec::new(),
            rules: Vec::new(),
            orders: OrdersSection { imported: false, rows: Vec::new(), total: 0 },
            money: MoneySection { rows: Vec::new(), missing: Some("none".into()) },
            timeline: Timeline {
                today: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                earliest: None,
                windows: Vec::new(),
            },
            coverage: Coverage { months: Vec::new(), rows: Vec::new() },
            files: Vec::new(),
            answers: Vec::new(),
            attachments: Vec::new(),
            overrides: Vec::new(),
            calendar: Vec::new(),
            purges: Vec::new(),
            dismissals: Vec::new(),
        }
    }

    #[test]
    fn every_status_has_a_distinct_symbol_but_settled_ones() {
        let all = [
            Status::Pass,
            Status::Blocked,
            Status::Warning,
            Status::Attested,
            Status::NotChecked,
            Status::NotApplicable,
        ];
        let symbols: BTreeSet<&str> = all.iter().map(|s| symbol(*s)).collect();
        assert_eq!(symbols.len(), 5, "pass and attested share ✓; the others differ");
    }

    #[test]
    fn the_extension_decides_the_format() {
        assert_eq!(Format::of(Path::new("r.PDF")).unwrap(), Format::Pdf);
        assert_eq!(Format::of(Path::new("r.html")).unwrap(), Format::Html);
        assert_eq!(Format::of(Path::new("r.txt")).unwrap_err().code(), "invalid_input");
        assert_eq!(Format::of(Path::new("report")).unwrap_err().code(), "invalid_input");
    }

    #[test]
    fn paper_follows_the_region_unless_chosen() {
        assert_eq!(Paper::for_region(Region::US), Paper::Letter);
        assert_eq!(Paper::for_region(Region::CN), Paper::A4);
        assert_eq!(Paper::parse("Letter"), Some(Paper::Letter));
        assert_eq!(Paper::parse("A5"), None);
    }
}
