//! Building the report's model: the checklist's results, the case's orders, money, files,
//! answers and attachments, put into words in one language.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use super::{
    format_name, symbol, AnswerLine, AttachmentLine, CalendarLine, Coverage, CoverageRow, FileLine, MoneyLine,
    MoneySection, OrderLine, OrdersSection, OverrideLine, Paper, Report, RuleLine, Thumbnail, Timeline, TimelineWindow,
};
use crate::case::{Case, OpenOrder, PurgeRecord, QuarantinedRow};
use crate::checklist::{self, Checklist};
use crate::error::Result;
use crate::import;
use crate::locale::Lang;
use crate::model::{grouped_amount, local_time, Money};
use crate::rules::ruleset::RuleSet;
use crate::rules::{BalanceSource, Evaluation, RuleKind, RuleResult, Status, Verdict, YearMonth};
use crate::text::{lookup, Text};

impl Report {
    /// Everything the report shows for `case` as of `as_of`, in `lang`.
    pub fn build(case: &Case, as_of: NaiveDate, lang: Lang, paper: Option<Paper>) -> Result<Report> {
        Report::of(case, &Checklist::of(case, as_of)?, as_of, lang, paper)
    }

    /// The report of a checklist already evaluated as of `as_of` (the closing pack needs the
    /// checklist too, and evaluating reads every order).
    pub fn of(
        case: &Case,
        checklist: &Checklist,
        as_of: NaiveDate,
        lang: Lang,
        paper: Option<Paper>,
    ) -> Result<Report> {
        let profile = &checklist.facts.profile;
        let e = &checklist.evaluation;
        let (open_orders, open_total) = case.open_orders(crate::case::ORDERS_LISTED)?;
        // Every open order's deadline as a date in the case's zone, whether listed or not.
        let open = checklist.facts.orders.as_ref().map_or(&[][..], |o| o.open.as_slice());
        let deadlines: HashMap<&str, NaiveDate> = open
            .iter()
            .filter_map(|o| Some((o.id.as_str(), o.deadline?.with_timezone(&profile.timezone).date_naive())))
            .collect();
        let entered_balance = e.funds.iter().any(|b| b.source == BalanceSource::Entered);
        let rules: Vec<RuleLine> = e.rules.iter().map(|r| rule_line(r, lang, &deadlines, entered_balance)).collect();
        // The closure application waits for the others; it is in the checklist, not a blocker.
        let in_status = |statuses: &[Status]| -> Vec<RuleLine> {
            let others = rules.iter().filter(|r| r.id != crate::rules::CLOSURE_APPLICATION);
            statuses.iter().flat_map(|&status| others.clone().filter(move |r| r.status == status).cloned()).collect()
        };
        let blockers = in_status(&[Status::Blocked, Status::NotChecked]);
        let warnings = in_status(&[Status::Warning]);
        let earliest = match e.earliest_closure_date {
            Some(d) => d.to_string(),
            None => lookup(lang, "report.earliest_unknown").to_owned(),
        };
        let set = RuleSet::shipped();

        Ok(Report {
            lang,
            paper: paper.unwrap_or_else(|| Paper::for_region(profile.region)),
            as_of,
            closeout_version: crate::VERSION,
            ruleset_version: set.version.clone(),
            case_file: case.path().file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            store: profile.store_name.clone(),
            region: lookup(lang, &format!("region.{}", profile.region)).to_owned(),
            timezone: profile.timezone.name().to_owned(),
            ready: e.verdict == Verdict::Ready,
            verdict: checklist::verdict(e).render(lang),
            earliest,
            blockers,
            warnings,
            rules,
            orders: OrdersSection {
                imported: checklist.facts.orders.is_some(),
                total: open_total,
                rows: open_orders.into_iter().map(|o| order_line(o, lang)).collect(),
            },
            money: money_section(e, lang),
            timeline: timeline(e, as_of, lang),
            coverage: coverage(case, lang)?,
            files: file_lines(case, lang, profile.timezone)?,
            answers: answer_lines(case, lang)?,
            attachments: attachment_lines(case, lang, profile.timezone)?,
            overrides: override_lines(checklist, set),
            calendar: calendar_lines(checklist, lang),
            purges: case
                .purges()?
                .into_iter()
                .map(|p| PurgeRecord { purged_at: local_time(&p.purged_at, profile.timezone), ..p })
                .collect(),
            dismissals: case
                .quarantine()?
                .into_iter()
                .filter(|r| r.dismissed_note.is_some())
                .map(|r| r.spoken(lang))
                .map(|r| QuarantinedRow {
                    dismissed_at: r.dismissed_at.as_deref().map(|at| local_time(at, profile.timezone)),
                    ..r
                })
                .collect(),
        })
    }
}

/// One unfinished order as the report lists it, in `lang`.
fn order_line(o: OpenOrder, lang: Lang) -> OrderLine {
    OrderLine {
        state: lookup(lang, &format!("order_state.{}", o.state.as_str())).to_owned(),
        placed: o.placed.unwrap_or_default(),
        deadline: o.deadline.unwrap_or_default(),
        amount: match (o.amount, o.currency) {
            (Some(a), Some(c)) => match (a.parse(), c.parse()) {
                (Ok(amount), Ok(currency)) => Money::new(amount, currency).shown(),
                _ => format!("{a} {c}"),
            },
            (Some(a), None) => a,
            _ => String::new(),
        },
        products: o.products,
        suggested: lookup(lang, &format!("suggested.{}", o.suggested)).to_owned(),
        recorded: match (o.recorded, o.note) {
            (Some(a), Some(n)) if !n.is_empty() => {
                format!("{} ({n})", lookup(lang, &format!("order_action.{a}")))
            }
            (Some(a), _) => lookup(lang, &format!("order_action.{a}")).to_owned(),
            (None, _) => String::new(),
        },
        order_id: o.order_id,
    }
}

/// Money per currency, or why there is none.
fn money_section(e: &Evaluation, lang: Lang) -> MoneySection {
    MoneySection {
        missing: e.funds.is_empty().then(|| lookup(lang, "report.money.missing").to_owned()),
        rows: e
            .funds
            .iter()
            .map(|b| MoneyLine {
                currency: b.currency.to_string(),
                available: b.available.map_or_else(|| lookup(lang, "money.not_read").to_owned(), grouped_amount),
                frozen: grouped_amount(b.frozen),
                provenance: balance_provenance(b.source, lang),
            })
            .collect(),
    }
}

/// Today, the earliest closure date and every waiting window, for the timeline chart.
fn timeline(e: &Evaluation, as_of: NaiveDate, lang: Lang) -> Timeline {
    Timeline {
        today: as_of,
        earliest: e.earliest_closure_date,
        windows: e
            .rules
            .iter()
            .filter(|r| r.kind == RuleKind::Window)
            .filter_map(|r| Some(TimelineWindow { title: checklist::title(r.id, lang), until: r.until? }))
            .collect(),
    }
}

/// The imported files, with their formats named in `lang` and import times in the zone `tz`.
fn file_lines(case: &Case, lang: Lang, tz: chrono_tz::Tz) -> Result<Vec<FileLine>> {
    Ok(case
        .files()?
        .into_iter()
        .map(|f| FileLine {
            format: format_name(f.format, lang),
            name: f.name,
            size: f.size,
            rows: f.rows,
            rejected: f.rejected,
            duplicates: f.duplicates,
            sha256: f.sha256,
            imported_at: local_time(&f.imported_at, tz),
        })
        .collect())
}

/// Every answer given, oldest first.
fn answer_lines(case: &Case, lang: Lang) -> Result<Vec<AnswerLine>> {
    Ok(case
        .answer_history()?
        .into_iter()
        .map(|a| AnswerLine {
            rule: checklist::title(&a.rule_id, lang),
            answer: lookup(lang, &format!("answers.kind.{}", a.answer)).to_owned(),
            date: a.date,
            who: lookup(lang, &format!("who.{}", a.who)).to_owned(),
            note: a.note,
        })
        .collect())
}

/// Every attachment, with a thumbnail for each picture still kept.
fn attachment_lines(case: &Case, lang: Lang, tz: chrono_tz::Tz) -> Result<Vec<AttachmentLine>> {
    case.attachments()?
        .into_iter()
        .map(|a| {
            let thumbnail = match a.media_type.is_image() && a.kept {
                true => thumbnail(a.media_type, case.attachment_contents(&a)?),
                false => None,
            };
            Ok(AttachmentLine {
                subject: checklist::attachment_subject(&a, lang),
                added_at: local_time(&a.added_at, tz),
                mime: a.mime,
                kind: lookup(lang, &format!("attach.type.{}", a.mime.rsplit('/').next().unwrap_or_default()))
                    .to_owned(),
                size: a.size,
                kept: a.kept,
                thumbnail,
                name: a.name,
                sha256: a.sha256,
            })
        })
        .collect()
}

/// Pictures larger than this many pixels get no thumbnail: decoding one takes four bytes a
/// pixel, and a phone's screenshot is about three million.
const MAX_THUMBNAIL_PIXELS: u64 = 30_000_000;

/// A picture's thumbnail, unless its header gives no size or too large a one.
fn thumbnail(media_type: crate::case::MediaType, bytes: Option<Vec<u8>>) -> Option<Thumbnail> {
    let bytes = bytes?;
    let size = imagesize::blob_size(&bytes).ok()?;
    let (width, height) = (u32::try_from(size.width).ok()?, u32::try_from(size.height).ok()?);
    let pixels = u64::from(width) * u64::from(height);
    (pixels > 0 && pixels <= MAX_THUMBNAIL_PIXELS).then_some(Thumbnail { media_type, bytes, width, height })
}

/// The parameters changed for this case, beside their shipped values.
fn override_lines(checklist: &Checklist, set: &RuleSet) -> Vec<OverrideLine> {
    checklist
        .overrides
        .iter()
        .map(|o| {
            let def = set.parameters.get(&o.name);
            OverrideLine {
                name: o.name.clone(),
                value: o.value.clone(),
                shipped: def.map(|d| d.value.clone()).unwrap_or_default(),
                unit: def.map(|d| d.unit.clone()).unwrap_or_default(),
                note: o.note.clone(),
            }
        })
        .collect()
}

/// The after-closure reminders, a projected date said so.
fn calendar_lines(checklist: &Checklist, lang: Lang) -> Vec<CalendarLine> {
    checklist
        .calendar
        .iter()
        .map(|c| CalendarLine {
            title: c.title(lang),
            date: match c.date {
                Some(d) if c.projected => format!("{d} ({})", lookup(lang, "calendar.projected")),
                Some(d) => d.to_string(),
                None => lookup(lang, "report.date_unknown").to_owned(),
            },
            basis: c.basis.render(lang),
        })
        .collect()
}

fn rule_line(r: &RuleResult, lang: Lang, deadlines: &HashMap<&str, NaiveDate>, entered_balance: bool) -> RuleLine {
    let deadline = r.until.or_else(|| r.order_ids.iter().filter_map(|id| deadlines.get(id.as_str())).min().copied());
    RuleLine {
        id: r.id,
        title: checklist::title(r.id, lang),
        status: r.status,
        status_text: lookup(lang, &format!("rule_status.{}", r.status.as_str())).to_owned(),
        symbol: symbol(r.status),
        evidence: r.evidence.render(lang),
        action: r.action.render(lang),
        deadline: deadline.map(|d| d.to_string()),
        provenance: provenance(r, lang, entered_balance),
    }
}

/// Where a result's figures come from, read off the result itself: a person's answer, imported
/// data, a date computed from data and the rule set, and the parameters the case overrides.
fn provenance(r: &RuleResult, lang: Lang, entered_balance: bool) -> Vec<String> {
    let p = |text: Text| text.render(lang);
    let mut out = Vec::new();
    if let (Some(a), true) = (&r.attestation, r.is_acknowledged()) {
        // The data still warns; the signer reads what the person found, in their words.
        let who = lookup(lang, &format!("who.{}", a.who.as_str())).to_owned();
        out.push(p(Text::new("report.provenance.imported")));
        out.push(p(Text::new("report.provenance.acknowledged")
            .with("who", who)
            .with("date", a.date)
            .with("note", &a.note)));
    } else if let Some(a) = &r.attestation {
        let who = lookup(lang, &format!("who.{}", a.who.as_str())).to_owned();
        out.push(p(Text::new("report.provenance.entered").with("who", who).with("date", a.date)));
    } else if r.status == Status::NotChecked {
        out.push(p(Text::new("report.provenance.missing")));
    } else if r.kind != RuleKind::Attested {
        out.push(p(Text::new("report.provenance.imported")));
        if entered_balance && matches!(r.id, "balance-withdrawn" | "frozen-funds") {
            out.push(p(Text::new("report.provenance.entered_balance")));
        }
        if r.until.is_some() {
            out.push(p(Text::new("report.provenance.computed")));
        }
    }
    let set = RuleSet::shipped();
    for name in &r.overridden {
        let shipped = set.parameters.get(name).map(|d| d.value.as_str()).unwrap_or_default();
        out.push(p(Text::new("report.provenance.overridden").with("name", name).with("shipped", shipped)));
    }
    out
}

fn balance_provenance(source: BalanceSource, lang: Lang) -> String {
    match source {
        BalanceSource::Entered => lookup(lang, "report.provenance.entered_balance").to_owned(),
        BalanceSource::Imported(format) => {
            Text::new("report.provenance.imported_from").with("format", format_name(format, lang)).render(lang)
        }
    }
}

/// Which months order exports and statements cover, from the first month either covers to the
/// last.
fn coverage(case: &Case, lang: Lang) -> Result<Coverage> {
    let periods = case.file_periods()?;
    let kinds: [(&str, &[import::Format]); 2] = [
        ("report.coverage.orders", &[import::Format::AliexpressOrders]),
        ("report.coverage.statements", &[import::Format::AlipayPersonal, import::Format::AlipayLedger]),
    ];
    let mut covered: Vec<(BTreeSet<YearMonth>, usize)> = Vec::new();
    for (_, formats) in kinds {
        let mine: Vec<_> = periods.iter().filter(|p| formats.contains(&p.format)).collect();
        let months =
            mine.iter().flat_map(|p| YearMonth::of(p.first).through(YearMonth::of(p.last))).collect::<BTreeSet<_>>();
        covered.push((months, mine.len()));
    }
    let all: BTreeSet<YearMonth> = covered.iter().flat_map(|(m, _)| m.iter().copied()).collect();
    let months: Vec<YearMonth> = match (all.first(), all.last()) {
        (Some(first), Some(last)) => first.through(*last).collect(),
        _ => Vec::new(),
    };
    let rows = kinds
        .iter()
        .zip(covered)
        .map(|((label, _), (set, files))| {
            let inside = |m: &YearMonth| set.first().is_some_and(|f| f <= m) && set.last().is_some_and(|l| m <= l);
            CoverageRow {
                label: lookup(lang, label).to_owned(),
                covered: months.iter().map(|m| set.contains(m)).collect(),
                files,
                gaps: months.iter().filter(|m| inside(m) && !set.contains(m)).map(|m| m.to_string()).collect(),
            }
        })
        .collect();
    Ok(Coverage { months: months.iter().map(|m| m.to_string()).collect(), rows })
}
