//! The fuzz targets' bodies: any bytes through what an import does with a seller's file. Shared
//! by the cargo-fuzz campaign (`fuzz/`, nightly) and the stable time-boxed run inside the test
//! command (`tests/fuzz.rs`), so both try the same entry points. Each returns normally for any
//! input; a panic, an abort or a broken invariant (asserted here) is a finding.

use std::io::{Cursor, Write};
use std::path::Path;
use std::sync::atomic::AtomicBool;

use crate::case::Case;
use crate::import::{self, ReadOptions, Record, RowProblem};
use crate::model::Currency;

/// Splits a fuzz input into parts where it holds this byte pair (rare in real files).
const SEPARATOR: &[u8] = b"\xFF\x00";

/// Detection and parse of a file's bytes, as `import` reads them: every problem row names its
/// line, progress never passes its total, and a refusal says what the file looks like and
/// what to do.
pub fn read_bytes(bytes: &[u8]) {
    let options = ReadOptions::new(Currency::CNY);
    let outcome = import::read_file(
        Cursor::new(bytes),
        &options,
        &mut |row: Result<Record, RowProblem>| {
            if let Err(problem) = row {
                assert!(problem.line > 0, "a problem without its line: {problem:?}");
            }
        },
        &mut |done, total| assert!(done <= total, "progress {done} of {total}"),
    );
    if let Err(rejected) = outcome {
        assert!(!rejected.looks_like.to_string().is_empty() && !rejected.advice.to_string().is_empty(), "{rejected:?}");
    }
}

/// The input as the first sheet of a workbook (and, after a separator, its shared strings):
/// the zip is always whole, so every run reaches the XML readers.
pub fn read_sheet_xml(bytes: &[u8]) {
    let mut parts = split(bytes);
    let sheet = parts.next().unwrap_or_default();
    let strings = parts.next();
    let mut members: Vec<(&str, &[u8])> = WORKBOOK_PARTS.iter().map(|&(name, xml)| (name, xml.as_bytes())).collect();
    members.push(("xl/worksheets/sheet1.xml", sheet));
    if let Some(strings) = strings {
        members.push(("xl/sharedStrings.xml", strings));
    }
    read_bytes(&zip_of(&members));
}

/// The input as the members of a zip (split at separators), as Alipay sends statements.
pub fn read_zip_members(bytes: &[u8]) {
    let names = ["账务明细(汇总).csv", "20880012_账务明细.csv", "支付宝交易明细.csv", "b.csv"];
    let members: Vec<(&str, &[u8])> = names.iter().copied().zip(split(bytes)).collect();
    read_bytes(&zip_of(&members));
}

/// Import into a scratch case, then everything a seller does next: check, calendar, money,
/// report. None of it may fail on what an import let in; the rows an import reports add up.
pub fn import_then_check(bytes: &[u8]) {
    let dir = Scratch::new();
    let file = dir.0.join("export");
    std::fs::write(&file, bytes).expect("the input written");
    let mut case = scratch_case(&dir.0);
    let report = case.import_file(&file, None, &AtomicBool::new(false), &mut |_, _| {}).expect("an import");
    let counted = report.new
        + report.updated
        + report.unchanged
        + report.duplicates.len() as u64
        + report.rejected_rows.len() as u64;
    assert_eq!(report.rows, counted, "rows = new + updated + unchanged + duplicates + rejected rows");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).expect("a date");
    case.money_view(20).expect("money after an import");
    // The report is built from the checklist `check` prints, calendar included.
    let report = crate::report::Report::build(&case, as_of, crate::locale::Lang::En, None).expect("a report");
    assert!(!crate::report::html::render(&report).is_empty());
}

/// A folder of its own for one run, removed after it (the core has no tempfile crate).
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("closeout-fuzz-{}-{run}", std::process::id()));
        std::fs::create_dir_all(&path).expect("a scratch folder");
        Scratch(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch_case(dir: &Path) -> Case {
    let profile = crate::model::ProfileInput { store_name: "Fuzz".into(), region: "CN".into(), ..Default::default() };
    Case::create(&dir.join("fuzz.closeout"), &profile.into_profile().expect("a profile")).expect("a case")
}

fn split(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(bytes);
    std::iter::from_fn(move || {
        let now = rest?;
        match now.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
            Some(at) => {
                rest = Some(&now[at + SEPARATOR.len()..]);
                Some(&now[..at])
            }
            None => {
                rest = None;
                Some(now)
            }
        }
    })
}

/// A zip of these members, stored (no compression: the fuzzer's bytes are what is read).
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in members {
        zip.start_file(*name, stored).expect("a member");
        zip.write_all(bytes).expect("its bytes");
    }
    zip.finish().expect("the zip").into_inner()
}

/// A workbook's parts other than its sheet (`xl/worksheets/sheet1.xml`) and shared strings:
/// the least Excel and calamine need. The benchmark's generator and the bomb tests build on it.
pub const WORKBOOK_PARTS: [(&str, &str); 4] = [
    (
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    ),
    (
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    ),
    (
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="订单" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    ),
    (
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    ),
];
