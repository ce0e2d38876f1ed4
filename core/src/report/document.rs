//! The report as a sequence of blocks (headings, paragraphs, tables, charts), in reading order,
//! blockers first. The HTML and the PDF both render this one sequence, so they hold the same
//! words in the same order; each only decides how a block looks and where pages break.

use super::charts::{self, Chart};
use super::{Report, RuleLine};
use crate::rules::Status;
use crate::text::Text;

/// One piece of the report, in words already; the renderers decide only how it looks.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The report's title (once, on the cover).
    Title(String),
    /// A section heading.
    Heading(String),
    /// A paragraph, in one of the few styles the report uses.
    Para(String, Style),
    /// Label and value pairs (the cover, the versions).
    Facts(Vec<(String, String)>),
    /// A table: the rules, the orders, the files, …
    Table(Table),
    /// A chart (timeline, coverage), drawn as shapes by `charts`.
    Chart(Chart),
    /// Attached pictures drawn small, each with its caption.
    Pictures(Vec<Picture>),
    /// One signature box per person: name, signature, date.
    Signatures {
        /// Who signs, one box each (the seller, the bookkeeper).
        people: Vec<String>,
        /// The labels of each box's lines, in order.
        fields: Vec<String>,
    },
}

/// One thumbnail of the evidence section.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// What it shows and for what: the answer and the file's name.
    pub caption: String,
    /// The picture itself.
    pub thumbnail: super::Thumbnail,
}

/// How a paragraph looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Body text.
    Normal,
    /// The verdict on the cover.
    Verdict {
        /// True for a "ready to close" verdict, shown differently from a "not yet".
        ready: bool,
    },
    /// Said instead of an empty table.
    Missing,
    /// Smaller print, for notes such as "and N more orders".
    Small,
}

/// A table with a header row.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// A stable name (a CSS class and a test hook).
    pub name: &'static str,
    /// Its columns, left to right.
    pub columns: Vec<Column>,
    /// Its body rows, in reading order.
    pub rows: Vec<Row>,
}

/// One column of a `Table`.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Its header text.
    pub label: String,
    /// Share of the table's width.
    pub width: f32,
    /// Hashes and ids: monospace-like, broken anywhere.
    pub code: bool,
}

/// One body row of a `Table`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// One text per column; `\n` separates lines within a cell.
    pub cells: Vec<String>,
    /// Its background tint.
    pub tone: Tone,
}

/// A row's background tint. It only repeats what the status column says in words and symbols.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// No tint: a row with no status.
    Plain,
    /// A blocked rule.
    Blocked,
    /// A warning.
    Warning,
    /// A rule not yet checked (no data, no answer).
    Open,
    /// A rule passed, answered or not applicable.
    Settled,
}

impl Tone {
    /// The tint for a rule's status.
    pub fn of(status: Status) -> Tone {
        match status {
            Status::Blocked => Tone::Blocked,
            Status::Warning => Tone::Warning,
            Status::NotChecked => Tone::Open,
            Status::Pass | Status::Attested | Status::NotApplicable => Tone::Settled,
        }
    }

    /// The tone's name, as the HTML's class and the tests use it.
    pub fn name(self) -> &'static str {
        match self {
            Tone::Plain => "plain",
            Tone::Blocked => "blocked",
            Tone::Warning => "warning",
            Tone::Open => "open",
            Tone::Settled => "settled",
        }
    }
}

fn col(label: &str, width: f32) -> Column {
    Column { label: label.to_owned(), width, code: false }
}

fn code(label: &str, width: f32) -> Column {
    Column { label: label.to_owned(), width, code: true }
}

fn plain(cells: Vec<String>) -> Row {
    Row { cells, tone: Tone::Plain }
}

fn status_cell(r: &RuleLine) -> String {
    format!("{} {}", r.symbol, r.status_text)
}

/// The report, block by block, section by section in the order it reads.
pub fn blocks(r: &Report) -> Vec<Block> {
    let sections: [fn(&Report, &mut Vec<Block>); 16] = [
        cover,
        blockers,
        checklist,
        unfinished_orders,
        money,
        charts,
        sources,
        answers,
        attachments,
        overrides,
        dismissals,
        purges,
        calendar,
        versions,
        signatures,
        identifiers,
    ];
    let mut out = Vec::new();
    for section in sections {
        section(r, &mut out);
    }
    out
}

/// The cover: the verdict and the facts a signer checks first.
fn cover(r: &Report, out: &mut Vec<Block>) {
    let t = |key: &str| r.t(key).to_owned();
    out.push(Block::Title(t("report.title")));
    out.push(Block::Para(r.store.clone(), Style::Normal));
    out.push(Block::Para(r.verdict.clone(), Style::Verdict { ready: r.ready }));
    out.push(Block::Facts(vec![
        (t("report.cover.store"), r.store.clone()),
        (t("report.cover.region"), format!("{} ({})", r.region, r.timezone)),
        (t("report.cover.as_of"), r.as_of.to_string()),
        (t("report.cover.earliest"), r.earliest.clone()),
        (t("report.cover.blocking"), r.blockers.len().to_string()),
        (
            t("report.cover.prepared_for"),
            Text::new("report.cover.prepared_for_value").with("store", &r.store).render(r.lang),
        ),
        (
            t("report.cover.prepared_by"),
            Text::new("report.cover.prepared_by_value")
                .with("version", r.closeout_version)
                .with("file", &r.case_file)
                .render(r.lang),
        ),
    ]));
}

/// What blocks closure, and what to do; then what is worth a look but blocks nothing.
fn blockers(r: &Report, out: &mut Vec<Block>) {
    let t = |key: &str| r.t(key).to_owned();
    out.push(Block::Heading(t("report.blockers.title")));
    if r.blockers.is_empty() {
        out.push(Block::Para(t("report.blockers.none"), Style::Missing));
    } else {
        out.push(Block::Table(rule_table(r, "blockers", &r.blockers)));
    }
    if !r.warnings.is_empty() {
        out.push(Block::Heading(t("report.warnings.title")));
        out.push(Block::Table(rule_table(r, "warnings", &r.warnings)));
    }
}

/// Rules as rows: status, title, evidence and action, deadline.
fn rule_table(r: &Report, name: &'static str, lines: &[RuleLine]) -> Table {
    let t = |key: &str| r.t(key).to_owned();
    Table {
        name,
        columns: vec![
            col(&t("report.col.status"), 0.14),
            col(&t("report.col.rule"), 0.22),
            col(&t("report.col.action"), 0.50),
            col(&t("report.col.deadline"), 0.14),
        ],
        rows: lines
            .iter()
            .map(|b| Row {
                cells: vec![
                    status_cell(b),
                    b.title.clone(),
                    format!("{}\n{}", b.evidence, b.action),
                    b.deadline.clone().unwrap_or_else(|| "—".into()),
                ],
                tone: Tone::of(b.status),
            })
            .collect(),
    }
}

/// The checklist, every rule.
fn checklist(r: &Report, out: &mut Vec<Block>) {
    let t = |key: &str| r.t(key).to_owned();
    out.push(Block::Heading(t("report.checklist.title")));
    // Said once here rather than on every imported row.
    out.push(Block::Para(t("report.checklist.imported_note"), Style::Small));
    out.push(Block::Table(Table {
        name: "checklist",
        columns: vec![
            col(&t("report.col.status"), 0.14),
            col(&t("report.col.rule"), 0.24),
            col(&t("report.col.evidence"), 0.40),
            col(&t("report.col.provenance"), 0.22),
        ],
        rows: r
            .rules
            .iter()
            .map(|rule| Row {
                cells: vec![status_cell(rule), rule.title.clone(), rule.evidence.clone(), rule.provenance.join("\n")],
                tone: Tone::of(rule.status),
            })
            .collect(),
    }));
}

/// Unfinished orders, the first `ORDERS_LISTED` of them.
fn unfinished_orders(r: &Report, out: &mut Vec<Block>) {
    let t = |key: &str| r.t(key).to_owned();
    out.push(Block::Heading(t("report.orders.title")));
    if !r.orders.imported {
        out.push(Block::Para(t("report.orders.no_data"), Style::Missing));
    } else if r.orders.rows.is_empty() {
        out.push(Block::Para(t("report.orders.none"), Style::Missing));
    } else {
        out.push(Block::Para(
            Text::new("report.orders.count").with("count", r.orders.total).render(r.lang),
            Style::Normal,
        ));
        out.push(Block::Table(Table {
            name: "orders",
            columns: vec![
                code(&t("orders.col.id"), 0.17),
                col(&t("orders.col.state"), 0.13),
                col(&t("report.col.products"), 0.27),
                col(&t("orders.col.amount"), 0.12),
                col(&t("orders.col.deadline"), 0.12),
                col(&t("orders.col.suggested"), 0.19),
            ],
            rows: r
                .orders
                .rows
                .iter()
                .map(|o| {
                    let suggested = if o.recorded.is_empty() {
                        o.suggested.clone()
                    } else {
                        format!("{}\n{}", o.suggested, o.recorded)
                    };
                    plain(vec![
                        o.order_id.clone(),
                        o.state.clone(),
                        o.products.join("\n"),
                        o.amount.clone(),
                        o.deadline.clone(),
                        suggested,
                    ])
                })
                .collect(),
        }));
        if r.orders.total > r.orders.rows.len() {
            let more = Text::new("report.orders.more").with("count", r.orders.total - r.orders.rows.len());
            out.push(Block::Para(more.render(r.lang), Style::Small));
        }
    }
}

/// Money per currency.
fn money(r: &Report, out: &mut Vec<Block>) {
    let t = |key: &str| r.t(key).to_owned();
    out.push(Block::Heading(t("report.money.title")));
    match &r.money.missing {
        Some(missing) => out.push(Block::Para(missing.clone(), Style::Missing)),
        None => out.push(Block::Table(Table {
            name: "money",
            columns: vec![
                col(&t("report.col.currency"), 0.15),
                col(&t("report.col.available"), 0.2),
                col(&t("report.col.frozen"), 0.2),
                col(&t("report.col.provenance"), 0.45),
            ],
            rows: r
                .money
                .rows
                .iter()
                .map(|m| plain(vec![m.currency.clone(), m.available.clone(), m.frozen.clone(), m.provenance.clone()]))
                .collect(),
        })),
    }
}

/// The two charts: the timeline and what the imports cover.
fn charts(r: &Report, out: &mut Vec<Block>) {
    let t = |key: &str| r.t(key).to_owned();
    out.push(Block::Heading(t("report.timeline.title")));
    match charts::timeline(&r.timeline, r) {
        Some(chart) => out.push(Block::Chart(chart)),
        None => out.push(Block::Para(t("report.timeline.none"), Style::Missing)),
    }
    out.push(Block::Heading(t("report.coverage.title")));
    match charts::coverage(&r.coverage, r) {
        Some(chart) => {
            out.push(Block::Chart(chart));
            for row in r.coverage.rows.iter().filter(|row| !row.gaps.is_empty()) {
                let gaps =
                    Text::new("report.coverage.gaps").with("what", &row.label).with("months", row.gaps.join(", "));
                out.push(Block::Para(gaps.render(r.lang), Style::Normal));
            }
        }
        None => out.push(Block::Para(t("report.coverage.empty"), Style::Missing)),
    }
}

/// What the report rests on: the imported files.
fn sources(r: &Report, out: &mut Vec<Block>) {
    let t = |key: &str| r.t(key).to_owned();
    out.push(Block::Heading(t("report.files.title")));
    if r.files.is_empty() {
        out.push(Block::Para(t("report.files.none"), Style::Missing));
    } else {
        out.push(Block::Table(Table {
            name: "files",
            columns: vec![
                col(&t("files.name"), 0.22),
                col(&t("files.format"), 0.16),
                col(&t("files.size"), 0.09),
                col(&t("files.rows"), 0.07),
                code(&t("files.sha256"), 0.30),
                col(&t("files.imported"), 0.16),
            ],
            rows: r
                .files
                .iter()
                .map(|f| {
                    let key = match (f.rejected > 0, f.duplicates > 0) {
                        (false, false) => None,
                        (true, false) => Some("report.files.rows_rejected"),
                        (false, true) => Some("report.files.rows_duplicates"),
                        (true, true) => Some("report.files.rows_rejected_duplicates"),
                    };
                    let rows = match key {
                        Some(key) => Text::new(key)
                            .with("rows", f.rows)
                            .with("rejected", f.rejected)
                            .with("duplicates", f.duplicates)
                            .render(r.lang),
                        None => f.rows.to_string(),
                    };
                    plain(vec![
                        f.name.clone(),
                        f.format.clone(),
                        f.size.to_string(),
                        rows,
                        f.sha256.clone(),
                        f.imported_at.clone(),
                    ])
                })
                .collect(),
        }));
    }
}

/// The seller's and bookkeeper's answers.
fn answers(r: &Report, out: &mut Vec<Block>) {
    let t = |key: &str| r.t(key).to_owned();
    out.push(Block::Heading(t("report.answers.title")));
    if r.answers.is_empty() {
        out.push(Block::Para(t("report.answers.none"), Style::Missing));
    } else {
        out.push(Block::Table(Table {
            name: "answers",
            columns: vec![
                col(&t("report.col.date"), 0.13),
                col(&t("report.col.rule"), 0.27),
                col(&t("report.col.answer"), 0.14),
                col(&t("report.col.note"), 0.32),
                col(&t("report.col.who"), 0.14),
            ],
            rows: r
                .answers
                .iter()
                .map(|a| {
                    plain(vec![a.date.to_string(), a.rule.clone(), a.answer.clone(), a.note.clone(), a.who.clone()])
                })
                .collect(),
        }));
    }
}

/// The files attached as evidence: a table of every one, then the pictures.
fn attachments(r: &Report, out: &mut Vec<Block>) {
    let t = |key: &str| r.t(key).to_owned();
    out.push(Block::Heading(t("report.attachments.title")));
    if r.attachments.is_empty() {
        out.push(Block::Para(t("report.attachments.none"), Style::Missing));
        return;
    }
    out.push(Block::Table(Table {
        name: "attachments",
        columns: vec![
            col(&t("report.col.answer_for"), 0.2),
            col(&t("files.name"), 0.2),
            col(&t("report.col.type"), 0.12),
            col(&t("files.size"), 0.09),
            code(&t("files.sha256"), 0.27),
            col(&t("report.col.attached"), 0.12),
        ],
        rows: r
            .attachments
            .iter()
            .map(|a| {
                let name = match a.kept {
                    true => a.name.clone(),
                    false => format!("{}\n{}", a.name, t("report.attachments.purged")),
                };
                plain(vec![
                    a.subject.clone(),
                    name,
                    a.kind.clone(),
                    a.size.to_string(),
                    a.sha256.clone(),
                    a.added_at.clone(),
                ])
            })
            .collect(),
    }));
    out.push(Block::Para(t("report.attachments.check"), Style::Small));
    let pictures: Vec<Picture> = r
        .attachments
        .iter()
        .filter_map(|a| {
            let thumbnail = a.thumbnail.clone()?;
            Some(Picture { caption: format!("{} — {}", a.subject, a.name), thumbnail })
        })
        .collect();
    if !pictures.is_empty() {
        out.push(Block::Pictures(pictures));
    }
}

/// Parameters changed for this case, with why.
fn overrides(r: &Report, out: &mut Vec<Block>) {
    let t = |key: &str| r.t(key).to_owned();
    out.push(Block::Heading(t("report.overrides.title")));
    if r.overrides.is_empty() {
        out.push(Block::Para(t("report.overrides.none"), Style::Missing));
    } else {
        out.push(Block::Table(Table {
            name: "overrides",
            columns: vec![
                code(&t("report.col.parameter"), 0.28),
                col(&t("report.col.value"), 0.14),
                col(&t("report.col.shipped"), 0.14),
                col(&t("report.col.note"), 0.44),
            ],
            rows: r
                .overrides
                .iter()
                .map(|o| {
                    plain(vec![
                        o.name.clone(),
                        format!("{} {}", o.value, o.unit),
                        format!("{} {}", o.shipped, o.unit),
                        o.note.clone(),
                    ])
                })
                .collect(),
        }));
    }
}

/// Kept-aside rows dismissed, with the reasons given.
fn dismissals(r: &Report, out: &mut Vec<Block>) {
    let t = |key: &str| r.t(key).to_owned();
    out.push(Block::Heading(t("report.dismissals.title")));
    if r.dismissals.is_empty() {
        out.push(Block::Para(t("report.dismissals.none"), Style::Missing));
    } else {
        out.push(Block::Table(Table {
            name: "dismissals",
            columns: vec![
                col(&t("files.name"), 0.18),
                col(&t("report.dismissals.where"), 0.3),
                col(&t("report.dismissals.note"), 0.26),
                col(&t("report.col.date"), 0.14),
                col(&t("report.dismissals.who"), 0.12),
            ],
            rows: r
                .dismissals
                .iter()
                .map(|d| {
                    let place = Text::new("import.where")
                        .with("line", d.line)
                        .with("column", &d.column)
                        .with("reason", &d.reason)
                        .render(r.lang);
                    let at = d.dismissed_at.as_deref().unwrap_or_default();
                    plain(vec![
                        d.file.clone(),
                        place,
                        d.dismissed_note.clone().unwrap_or_default(),
                        at.to_owned(),
                        d.dismissed_by.as_deref().map(|who| t(&format!("who.{who}"))).unwrap_or_default(),
                    ])
                })
                .collect(),
        }));
    }
}

/// When personal data was purged.
fn purges(r: &Report, out: &mut Vec<Block>) {
    let t = |key: &str| r.t(key).to_owned();
    out.push(Block::Heading(t("report.purges.title")));
    if r.purges.is_empty() {
        out.push(Block::Para(t("report.purges.none"), Style::Missing));
    } else {
        out.push(Block::Table(Table {
            name: "purges",
            columns: vec![
                col(&t("report.col.date"), 0.28),
                col(&t("report.purges.notes"), 0.18),
                col(&t("report.purges.rows"), 0.18),
                col(&t("report.purges.attachments"), 0.18),
                col(&t("report.purges.backups"), 0.18),
            ],
            rows: r
                .purges
                .iter()
                .map(|p| {
                    plain(vec![
                        p.purged_at.clone(),
                        p.notes_cleared.to_string(),
                        p.raw_cleared.to_string(),
                        p.attachments_cleared.to_string(),
                        p.backups_removed.to_string(),
                    ])
                })
                .collect(),
        }));
    }
}

/// The after-closure reminders.
fn calendar(r: &Report, out: &mut Vec<Block>) {
    let t = |key: &str| r.t(key).to_owned();
    out.push(Block::Heading(t("report.calendar.title")));
    out.push(Block::Table(Table {
        name: "calendar",
        columns: vec![
            col(&t("report.col.reminder"), 0.28),
            col(&t("report.col.date"), 0.2),
            col(&t("report.col.basis"), 0.52),
        ],
        rows: r.calendar.iter().map(|c| plain(vec![c.title.clone(), c.date.clone(), c.basis.clone()])).collect(),
    }));
}

/// The versions the report was made with.
fn versions(r: &Report, out: &mut Vec<Block>) {
    let t = |key: &str| r.t(key).to_owned();
    out.push(Block::Heading(t("report.versions.title")));
    out.push(Block::Facts(vec![
        (t("report.versions.closeout"), r.closeout_version.to_owned()),
        (t("report.versions.ruleset"), r.ruleset_version.clone()),
        (t("report.versions.case"), r.case_file.clone()),
    ]));
}

/// The appendix: each step's identifier, for whoever matches the report to `check --json`;
/// the signer reads titles only.
fn identifiers(r: &Report, out: &mut Vec<Block>) {
    let t = |key: &str| r.t(key).to_owned();
    out.push(Block::Heading(t("report.identifiers.title")));
    out.push(Block::Para(t("report.identifiers.about"), Style::Small));
    out.push(Block::Table(Table {
        name: "identifiers",
        columns: vec![col(&t("report.col.rule"), 0.55), code(&t("report.col.identifier"), 0.45)],
        rows: r.rules.iter().map(|rule| plain(vec![rule.title.clone(), rule.id.to_owned()])).collect(),
    }));
}

/// The signature blocks.
fn signatures(r: &Report, out: &mut Vec<Block>) {
    let t = |key: &str| r.t(key).to_owned();
    out.push(Block::Heading(t("report.signatures.title")));
    out.push(Block::Para(t("report.signatures.statement"), Style::Normal));
    out.push(Block::Signatures {
        people: vec![t("who.seller"), t("who.bookkeeper")],
        fields: vec![t("report.signatures.name"), t("report.signatures.signature"), t("report.signatures.date")],
    });
}
