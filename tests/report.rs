//! `closeout report`: a fixed case built from the samples through the CLI, reported as HTML and
//! PDF. Same case, as-of and language → the same bytes; hostile product titles stay text; the
//! PDF (read back with poppler's `pdftotext`) holds what a signer must see, in either language.
//!
//! The HTML snapshot is `tests/snapshots/report_en.html`; `UPDATE_SNAPSHOTS=1` rewrites it.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::util::{closeout, path_str, sample, stderr, stdout};

const AS_OF: &str = "2026-11-20";

fn run(args: &[&str]) -> String {
    let out = closeout(args);
    assert!(out.status.success(), "closeout {args:?}: {}", stderr(&out));
    stdout(&out)
}

/// The fixed case: Maple Craft Supplies, two order exports, two answers, one override.
fn fixed_case(dir: &Path) -> PathBuf {
    let case = crate::util::scenario_a_case(dir, "maple.closeout");
    let c = path_str(&case);
    let (a, b) = (sample("订单.xlsx"), sample("orders_2026-09_2026-11.csv"));
    run(&["import", c, path_str(&a), path_str(&b)]);
    run(&["attest", c, "holiday-mode-on", "--done", "--date", "2026-11-02", "--note", "switched on in Seller Center"]);
    run(&[
        "attest",
        c,
        "promotions-ended",
        "--not-applicable",
        "--date",
        "2026-11-03",
        "--note",
        "never joined one <b>really</b>",
        "--by",
        "bookkeeper",
    ]);
    run(&["parameter", c, "buyer_protection_days", "20", "--note", "per AliExpress support"]);
    case
}

fn report(case: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["report", path_str(case), "--as-of", AS_OF, "--out", path_str(out)];
    args.extend(extra);
    run(&args);
}

fn check_json(case: &Path, lang: &str) -> Value {
    serde_json::from_str(&run(&["check", path_str(case), "--as-of", AS_OF, "--json", "--lang", lang])).unwrap()
}

/// The report with the one thing that differs between two builds of the same case (the
/// import time of each file) replaced by a fixed text.
fn without_import_times(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // An import time reads as the case's local time with its zone: 2026-11-30 10:51 (Asia/Shanghai).
    while let Some(i) = rest.find(" (") {
        let (head, tail) = rest.split_at(i);
        let stamp = head.len() >= 16 && head.is_char_boundary(head.len() - 16) && {
            let s = &head[head.len() - 16..];
            is_date(&s[..10])
                && s.as_bytes()[10] == b' '
                && s[11..].bytes().enumerate().all(|(k, b)| if k == 2 { b == b':' } else { b.is_ascii_digit() })
        };
        match (stamp, tail.find(')')) {
            (true, Some(close)) => {
                out.push_str(&head[..head.len() - 16]);
                out.push_str("IMPORTED-AT");
                rest = &tail[close + 1..];
            }
            _ => {
                out.push_str(head);
                out.push_str(" (");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_date(s: &str) -> bool {
    s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() })
}

/// The PDF's text, by poppler's pdftotext. The Windows run (under Wine) has no pdftotext: there
/// the tests stop after the PDF's bytes, and its text is checked by the Linux run.
pub(crate) fn pdftotext(pdf: &Path) -> Option<String> {
    let out = match Command::new("pdftotext").args(["-layout", path_str(pdf), "-"]).output() {
        Err(e) if cfg!(windows) && e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("pdftotext is not here: the PDF's text is checked on Linux");
            return None;
        }
        out => out.expect("pdftotext (poppler-utils) is installed"),
    };
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8(out.stdout).unwrap())
}

#[test]
fn html_is_byte_identical_across_runs_and_matches_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let case = fixed_case(dir.path());
    let (one, two) = (dir.path().join("one.html"), dir.path().join("two.html"));
    report(&case, &one, &[]);
    report(&case, &two, &[]);
    let html = std::fs::read_to_string(&one).unwrap();
    assert_eq!(html, std::fs::read_to_string(&two).unwrap(), "same case, as-of and language: same bytes");

    let snapshot = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/report_en.html");
    let got = without_import_times(&html);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
        std::fs::write(&snapshot, &got).unwrap();
    }
    let want =
        std::fs::read_to_string(&snapshot).expect("tests/snapshots/report_en.html; UPDATE_SNAPSHOTS=1 writes it");
    if got != want {
        let line = got.lines().zip(want.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "the report differs from tests/snapshots/report_en.html from line {}:\n got: {}\nwant: {}\n(UPDATE_SNAPSHOTS=1 accepts the new output)",
            line + 1,
            got.lines().nth(line).unwrap_or(""),
            want.lines().nth(line).unwrap_or("")
        );
    }
}

#[test]
fn hostile_titles_are_text_in_the_html() {
    let dir = tempfile::tempdir().unwrap();
    let case = fixed_case(dir.path());
    let out = dir.path().join("r.html");
    report(&case, &out, &[]);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("&lt;script&gt;alert(2)&lt;/script&gt;"), "the script title shows as text");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;Phone case"), "the img title shows as text");
    assert!(html.contains("never joined one &lt;b&gt;really&lt;/b&gt;"), "notes are text too");
    // Every tag in the document is one the report itself writes, and none has an event handler.
    const TAGS: &[&str] = &[
        "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "br", "dl", "dt",
        "dd", "div", "table", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "figure", "svg", "rect", "line",
        "text",
    ];
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap();
        let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap();
        assert!(TAGS.contains(&name), "a live <{tag}> in the report");
        let lower = tag.to_ascii_lowercase();
        assert!(
            !lower.contains(" on") || !lower.split(' ').any(|a| a.starts_with("on")),
            "an event handler in <{tag}>"
        );
    }
    assert!(html.contains("Content-Security-Policy"), "scripts are forbidden besides");
}

#[test]
fn html_carries_print_rules_and_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let case = fixed_case(dir.path());
    let (a4, letter) = (dir.path().join("a4.html"), dir.path().join("letter.html"));
    report(&case, &a4, &[]);
    report(&case, &letter, &["--paper", "letter"]);
    let html = std::fs::read_to_string(&a4).unwrap();
    for needle in [
        "size: A4",
        "thead { display: table-header-group; }",
        "tr { break-inside: avoid;",
        "counter(pages)",
        "Closure readiness report",
        "Unfinished orders",
        "Money per currency",
        "No statement, fund export or balance imported yet",
        "When the waiting periods end",
        "Months the imported files cover",
        "<svg",
        "Input files",
        "Answers given",
        "Parameters changed for this case",
        "buyer_protection_days",
        "After closure",
        "Signatures",
        "✕ blocked",
    ] {
        assert!(html.contains(needle), "the HTML lacks {needle:?}");
    }
    assert!(std::fs::read_to_string(&letter).unwrap().contains("size: letter"));
    // Blockers come before the full checklist.
    assert!(html.find("What blocks closure").unwrap() < html.find("The closure checklist").unwrap());
}

#[test]
fn pdf_holds_the_store_the_verdict_and_every_blocked_rule() {
    let dir = tempfile::tempdir().unwrap();
    let case = fixed_case(dir.path());
    let (one, two) = (dir.path().join("one.pdf"), dir.path().join("two.pdf"));
    report(&case, &one, &[]);
    report(&case, &two, &[]);
    let bytes = std::fs::read(&one).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(bytes, std::fs::read(&two).unwrap(), "same case, as-of and language: the same PDF");
    let Some(text) = pdftotext(&one) else { return };
    assert_eq!(Some(&text), pdftotext(&two).as_ref());

    let check = check_json(&case, "en");
    assert!(text.contains("Maple Craft Supplies (枫叶手工)"));
    assert!(text.contains("Not ready to close: some steps need your action first."), "the verdict");
    assert!(text.contains("Not known yet: some steps need your action first."), "the earliest date, or why not");
    let blocked: Vec<&Value> = check["rules"].as_array().unwrap().iter().filter(|r| r["status"] == "blocked").collect();
    assert!(!blocked.is_empty());
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for rule in blocked {
        let title = rule["title"].as_str().unwrap();
        assert!(flat.contains(title), "blocked rule {title:?} is in the PDF");
    }
    assert!(flat.contains("<script>alert(2)</script>"), "hostile titles print as text");
    let pages = text.matches('\u{c}').count();
    assert!(flat.contains(&format!("Page {pages} of {pages}")), "page N of M");
}

#[test]
fn a_us_store_gets_letter_paper_and_the_as_of_creation_date() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("done.closeout");
    let c = path_str(&case);
    run(&["new", c, "--store", "Only Waiting Ltd", "--region", "US"]);
    let orders = sample("orders_2026-09_2026-11.csv");
    run(&["import", c, path_str(&orders)]);
    let check = check_json(&case, "en");
    let pdf = dir.path().join("r.pdf");
    report(&case, &pdf, &[]);
    let Some(text) = pdftotext(&pdf) else { return };
    if let Some(date) = check["earliest_closure_date"].as_str() {
        assert!(text.contains(date), "the earliest date {date}");
    }
    let info = Command::new("pdfinfo").arg(path_str(&pdf)).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("612 x 792"), "a US store gets Letter: {info}");
    assert!(info.contains("Nov 20") && info.contains("2026"), "the creation date is the as-of date: {info}");
}

#[test]
fn the_chinese_report_is_chinese_with_the_glyphs_embedded() {
    let dir = tempfile::tempdir().unwrap();
    let case = fixed_case(dir.path());
    let pdf = dir.path().join("zh.pdf");
    report(&case, &pdf, &["--lang", "zh-CN"]);
    let Some(text) = pdftotext(&pdf) else { return };
    for needle in ["关店准备情况报告", "暂不能关店：有些步骤需要您先处理。", "阻碍关店的事项及处理办法", "枫叶手工"]
    {
        assert!(text.contains(needle), "the zh-CN PDF lacks {needle:?}");
    }
    let check = check_json(&case, "zh-CN");
    let flat = text.split_whitespace().collect::<String>();
    for rule in check["rules"].as_array().unwrap().iter().filter(|r| r["status"] == "blocked") {
        let title: String = rule["title"].as_str().unwrap().split_whitespace().collect();
        assert!(flat.contains(&title), "blocked rule {title:?}");
    }
    // The font travels inside the PDF, subset: no machine needs it installed.
    let fonts = Command::new("pdffonts").arg(path_str(&pdf)).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.contains("WenQuanYiMicroHei") && fonts.contains("yes yes yes"), "{fonts}");
    let html = dir.path().join("zh.html");
    report(&case, &html, &["--lang", "zh-CN"]);
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">") && html.contains("第 \" counter(page)"));
}

#[test]
fn bad_arguments_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let case = fixed_case(dir.path());
    for (name, extra, said) in [
        ("r.txt", vec![], "FILE.pdf or FILE.html"),
        ("r.pdf", vec!["--lang", "fr"], "use en or zh-CN"),
        ("r.pdf", vec!["--paper", "a5"], "use a4 or letter"),
        ("r.pdf", vec!["--as-of", "20/11/2026"], "20/11/2026"),
    ] {
        let out_path = dir.path().join(name);
        let mut args = vec!["report", path_str(&case), "--out", path_str(&out_path)];
        args.extend(extra);
        let out = closeout(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(said), "{args:?}: {}", stderr(&out));
        assert!(!out_path.exists(), "{args:?} wrote a file");
    }
    assert_eq!(closeout(&["report", path_str(&case)]).status.code(), Some(2), "--out is required");
}

/// A dismissed row stays evidence: the checklist lists it with its note (and, being an order
/// still awaiting receipt, it still blocks), and the report lists it with its note, date and who.
#[test]
fn a_dismissal_stays_in_the_checklist_and_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let case = fixed_case(dir.path());
    let c = path_str(&case);
    let listed: Value = serde_json::from_str(&run(&["rejections", c, "--json"])).unwrap();
    let id = listed["rejected_rows"][0]["id"].as_i64().unwrap().to_string();
    run(&["rejections", c, "--dismiss", &id, "--note", "a test order, never paid", "--by", "bookkeeper"]);
    let checked = check_json(&case, "en");
    let rule = checked["rules"].as_array().unwrap().iter().find(|r| r["id"] == "import-rejections").unwrap();
    assert_eq!(rule["status"], "blocked", "{rule}");
    assert!(rule["evidence"].as_str().unwrap().contains("a test order, never paid"), "{rule}");
    let html = dir.path().join("r.html");
    report(&case, &html, &[]);
    let text = std::fs::read_to_string(&html).unwrap();
    let section = &text[text.find("Rows dismissed").expect("a section of dismissals")..];
    assert!(section.contains("a test order, never paid") && section.contains("orders_2026-09_2026-11.csv"));
    assert!(section.contains("Bookkeeper"), "who dismissed it");
    assert!(section.contains("is in scientific notation"), "the row's reason, in the report's language");
    // The same stored reason in a Chinese report: kept without a language, worded in the report's.
    let zh = dir.path().join("zh.html");
    report(&case, &zh, &["--lang", "zh-CN"]);
    let text = std::fs::read_to_string(&zh).unwrap();
    let section = &text[text.find("已忽略的行").expect("a section of dismissals")..];
    assert!(section.contains("是科学计数法") && !section.contains("scientific notation"), "{section}");
}

/// Issue 28: a warning the seller acknowledged stays a warning in the report, listed apart from
/// what blocks closure, with who looked into it, when, and their note.
#[test]
fn an_acknowledged_warning_shows_its_note_apart_from_the_blockers() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("c.closeout");
    let new = ["new", path_str(&case), "--store", "S", "--region", "CN", "--stop-date", "2026-10-01"];
    assert!(closeout(&new).status.success());
    let orders = dir.path().join("orders.csv");
    std::fs::write(&orders, "订单号,订单状态,下单时间\n8100000000000001,交易完成,2026-09-20 10:00\n8100000000000002,交易完成,2026-10-20 10:00\n").unwrap();
    assert!(closeout(&["import", path_str(&case), path_str(&orders)]).status.success());
    let note = "ZZACK an order I chose to fulfil";
    let out = closeout(&[
        "attest",
        path_str(&case),
        "orders-after-stop-date",
        "--done",
        "--date",
        "2026-11-19",
        "--note",
        note,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = dir.path().join("r.html");
    let out = closeout(&["report", path_str(&case), "--out", path_str(&html), "--as-of", "2026-11-20", "--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = std::fs::read_to_string(&html).unwrap();
    let warnings = report.find("Worth a look (does not block closure)").expect("a section of its own");
    assert!(report[warnings..].contains("No orders after you stopped selling"));
    assert!(report.contains(&format!("Looked into: Seller, 2026-11-19. {note}")));
}
