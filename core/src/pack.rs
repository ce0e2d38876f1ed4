//! The closing pack: everything the bookkeeper and the signer receive, in one zip. The report
//! (PDF and HTML), a workbook of the case's tables with the same tables as CSV, the
//! after-closure calendar, the files attached as evidence and a manifest of hashes. The same
//! case, as-of date and language give the same zip, byte for byte: nothing in it reads the
//! clock, and every entry is dated the as-of day.

use std::io::Write;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::calendar;
use crate::case::{Attachment, Case};
use crate::checklist::Checklist;
use crate::error::{Error, Result};
use crate::export::{self, Cell, Sheet};
use crate::locale::Lang;
use crate::report::{self, Report};
use crate::text::{lookup, Text};

/// What the manifest says of the pack: the versions that made it, the day it holds on, and the
/// sha256 of every file in it and of every file the case imported.
#[derive(Debug, Serialize)]
pub struct Manifest {
    /// The Closeout that wrote the pack.
    pub closeout_version: &'static str,
    /// The rule set the checklist was evaluated with.
    pub ruleset_version: String,
    /// The day everything in the pack holds on.
    pub as_of: NaiveDate,
    /// The language of the report and the tables.
    pub lang: &'static str,
    /// The store.
    pub store: String,
    /// Every other file in the pack, in the order written.
    pub files: Vec<Hashed>,
    /// Every file imported into the case: where the figures come from.
    pub sources: Vec<Hashed>,
}

/// A file and its sha256.
#[derive(Debug, Serialize)]
pub struct Hashed {
    /// Its name (in the pack, or as imported).
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Lower-case hex.
    pub sha256: String,
}

/// Writes the closing pack of `case` as of `as_of`, in `lang`, to `out` (a `.zip`, never the
/// case itself); returns how many files it holds. Written beside `out` and then moved into place,
/// so a failure leaves no half-written zip.
pub fn write(case: &Case, as_of: NaiveDate, lang: Lang, out: &Path) -> Result<usize> {
    if !out.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) {
        return Err(Error::invalid(Text::new("input.pack_extension")));
    }
    case.check_output(out)?;
    let members = members(case, as_of, lang)?;
    let count = members.len();
    let bytes = zip(&members, as_of).map_err(|e| Error::internal(Text::new("internal.pack_failed").with("why", e)))?;
    let partial = out.with_extension("zip.partial");
    std::fs::write(&partial, bytes).map_err(|e| Error::io(&partial, e))?;
    std::fs::rename(&partial, out).map_err(|e| Error::io(out, e))?;
    Ok(count)
}

/// The pack's files, in the order they are written, the manifest last.
fn members(case: &Case, as_of: NaiveDate, lang: Lang) -> Result<Vec<(String, Vec<u8>)>> {
    let checklist = Checklist::of(case, as_of)?;
    let report = Report::of(case, &checklist, as_of, lang, None)?;
    let attached = attached_files(case)?;
    let sheets = sheets(case, &report, &checklist, &attached, lang)?;
    let mut members = vec![
        ("report.pdf".to_owned(), report::pdf::render(&report)?),
        ("report.html".to_owned(), report::html::render(&report).into_bytes()),
        ("closeout.xlsx".to_owned(), export::xlsx(&sheets, as_of)?),
    ];
    for (file, sheet) in SHEET_FILES.iter().zip(&sheets) {
        let mut csv = Vec::new();
        export::write_csv(sheet, &mut csv).expect("writing to memory does not fail");
        members.push((format!("csv/{file}.csv"), csv));
    }
    let ics = calendar::to_ics(&checklist.calendar, &case.profile()?, as_of, lang);
    members.push(("calendar.ics".to_owned(), ics.into_bytes()));
    members.extend(attached.into_iter().flatten());
    let manifest = Manifest {
        closeout_version: crate::VERSION,
        ruleset_version: report.ruleset_version.clone(),
        as_of,
        lang: lang.tag(),
        store: report.store.clone(),
        files: members.iter().map(|(name, bytes)| hashed(name, bytes)).collect(),
        sources: case.files()?.into_iter().map(|f| Hashed { name: f.name, size: f.size, sha256: f.sha256 }).collect(),
    };
    let json = serde_json::to_vec_pretty(&manifest).expect("the manifest serialises");
    members.push(("manifest.json".to_owned(), json));
    Ok(members)
}

/// The CSV file of each sheet, in `sheets`' order.
const SHEET_FILES: [&str; 7] =
    ["checklist", "unfinished-orders", "reconciliation", "money", "imported-files", "answers", "attachments"];

/// For every attachment, in `Case::attachments` order: where its file goes in the pack and its
/// bytes, or `None` once a purge removed them.
type Attached = Vec<Option<(String, Vec<u8>)>>;

fn attached_files(case: &Case) -> Result<Attached> {
    case.attachments()?.iter().map(|a| Ok(case.attachment_contents(a)?.map(|bytes| (pack_path(a), bytes)))).collect()
}

/// `attachments/007-name.png`: numbered so two files of one name stay apart, the extension
/// the one its bytes are, and no character a Windows or Mac folder refuses.
fn pack_path(a: &Attachment) -> String {
    let stem = a.name.rsplit_once('.').map_or(a.name.as_str(), |(stem, _)| stem);
    let safe: String =
        stem.chars().map(|c| if c.is_control() || r#"<>:"/\|?*"#.contains(c) { '_' } else { c }).collect();
    let safe = safe.trim_matches(['.', ' ']);
    format!("attachments/{:03}-{}.{}", a.id, if safe.is_empty() { "file" } else { safe }, a.media_type.extension())
}

/// The workbook's sheets, in `lang` and in `SHEET_FILES` order: the checklist, the unfinished
/// orders, the reconciliation, money by currency, the imported files, the seller's answers and
/// the attached files.
fn sheets(case: &Case, report: &Report, checklist: &Checklist, attached: &Attached, lang: Lang) -> Result<Vec<Sheet>> {
    Ok(vec![
        checklist_sheet(report, lang),
        orders_sheet(report, lang),
        export::reconciliation(&case.reconciliation()?, Some(lang)),
        money_sheet(report, checklist, lang),
        files_sheet(case, checklist.facts.profile.timezone, lang)?,
        answers_sheet(report, lang),
        attachments_sheet(report, attached, lang),
    ])
}

/// A sheet whose name and column headers are catalogue keys, put into `lang`.
fn sheet(lang: Lang, name: &str, headers: &[&str], rows: Vec<Vec<Cell>>) -> Sheet {
    let t = |key: &str| lookup(lang, key).to_owned();
    Sheet { name: t(name), headers: headers.iter().map(|h| t(h)).collect(), rows }
}

/// Text as a cell, where nothing said is an empty cell rather than an empty string.
fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_owned())
    }
}

/// Every rule's result, as the report words it.
fn checklist_sheet(report: &Report, lang: Lang) -> Sheet {
    let rows = report
        .rules
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.status_text.clone()),
                Cell::Text(r.title.clone()),
                text(&r.evidence),
                text(&r.action),
                r.deadline.as_deref().map_or(Cell::Empty, text),
                text(&r.provenance.join("; ")),
                Cell::Text(r.id.to_owned()),
            ]
        })
        .collect();
    let headers = [
        "report.col.status",
        "report.col.rule",
        "report.col.evidence",
        "pack.col.action",
        "report.col.deadline",
        "report.col.provenance",
        "report.col.identifier",
    ];
    sheet(lang, "pack.sheet.checklist", &headers, rows)
}

/// The unfinished orders the report lists.
fn orders_sheet(report: &Report, lang: Lang) -> Sheet {
    let rows = report
        .orders
        .rows
        .iter()
        .map(|o| {
            vec![
                Cell::Id(o.order_id.clone()),
                text(&o.state),
                text(&o.placed),
                text(&o.deadline),
                text(&o.amount),
                text(&o.products.join("; ")),
                text(&o.suggested),
                text(&o.recorded),
            ]
        })
        .collect();
    let headers = [
        "orders.col.id",
        "orders.col.state",
        "orders.col.placed",
        "orders.col.deadline",
        "orders.col.amount",
        "report.col.products",
        "orders.col.suggested",
        "orders.col.done",
    ];
    sheet(lang, "pack.sheet.orders", &headers, rows)
}

/// The balance per currency, as amounts a spreadsheet can add up.
fn money_sheet(report: &Report, checklist: &Checklist, lang: Lang) -> Sheet {
    let rows = checklist
        .evaluation
        .funds
        .iter()
        .zip(&report.money.rows)
        .map(|(b, line)| {
            vec![
                Cell::Text(b.currency.to_string()),
                b.available.map_or(Cell::Empty, |a| Cell::Amount(a, b.currency)),
                Cell::Amount(b.frozen, b.currency),
                text(&line.provenance),
            ]
        })
        .collect();
    let headers = ["report.col.currency", "report.col.available", "report.col.frozen", "report.col.provenance"];
    sheet(lang, "pack.sheet.money", &headers, rows)
}

/// Every imported file, its import time in the case's zone `tz`.
fn files_sheet(case: &Case, tz: chrono_tz::Tz, lang: Lang) -> Result<Sheet> {
    let rows = case
        .files()?
        .into_iter()
        .map(|f| {
            vec![
                Cell::Text(f.name),
                Cell::Text(report::format_name(f.format, lang)),
                Cell::Text(f.size.to_string()),
                Cell::Text(f.rows.to_string()),
                Cell::Text(f.rejected.to_string()),
                Cell::Text(f.duplicates.to_string()),
                Cell::Text(crate::model::local_time(&f.imported_at, tz)),
                Cell::Id(f.sha256),
            ]
        })
        .collect();
    let headers = [
        "files.name",
        "files.format",
        "files.size",
        "files.rows",
        "pack.col.kept_aside",
        "files.duplicates",
        "files.imported",
        "files.sha256",
    ];
    Ok(sheet(lang, "pack.sheet.files", &headers, rows))
}

/// Every answer the seller gave, oldest first.
fn answers_sheet(report: &Report, lang: Lang) -> Sheet {
    let rows = report
        .answers
        .iter()
        .map(|a| vec![Cell::Text(a.rule.clone()), text(&a.answer), Cell::Date(a.date), text(&a.who), text(&a.note)])
        .collect();
    let headers = ["report.col.rule", "report.col.answer", "report.col.date", "report.col.who", "report.col.note"];
    sheet(lang, "pack.sheet.answers", &headers, rows)
}

/// Every attachment and where its file is in the pack, or that a purge removed it.
fn attachments_sheet(report: &Report, attached: &Attached, lang: Lang) -> Sheet {
    let purged = || lookup(lang, "report.attachments.purged").to_owned();
    let rows = report
        .attachments
        .iter()
        .zip(attached)
        .map(|(line, file)| {
            vec![
                Cell::Text(line.subject.clone()),
                Cell::Text(line.name.clone()),
                Cell::Text(line.mime.to_owned()),
                Cell::Text(line.size.to_string()),
                Cell::Id(line.sha256.clone()),
                Cell::Text(line.added_at.clone()),
                Cell::Text(file.as_ref().map_or_else(purged, |(path, _)| path.clone())),
            ]
        })
        .collect();
    let headers = [
        "report.col.answer_for",
        "files.name",
        "report.col.type",
        "files.size",
        "files.sha256",
        "report.col.attached",
        "pack.col.in_pack",
    ];
    sheet(lang, "pack.sheet.attachments", &headers, rows)
}

fn hashed(name: &str, bytes: &[u8]) -> Hashed {
    let digest = Sha256::digest(bytes);
    Hashed {
        name: name.to_owned(),
        size: bytes.len() as u64,
        sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
    }
}

/// The members as one zip, each dated `day` at midnight so the bytes depend on nothing else.
fn zip(members: &[(String, Vec<u8>)], day: NaiveDate) -> zip::result::ZipResult<Vec<u8>> {
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(day.year()).unwrap_or(1980),
        day.month() as u8,
        day.day() as u8,
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        writer.start_file(name.as_str(), options)?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}
