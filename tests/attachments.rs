//! Evidence attached to answers, as the seller and the bookkeeper use it from the command line:
//! what is kept and what is refused (markup never), what the report and the closing pack show of
//! it, and what a purge leaves.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::hardening::lingers;
use crate::pack::{members, sha256};
use crate::report::pdftotext;
use crate::util::{closeout, english_runs, path_str, stderr, stdout};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/attachments").join(name)
}

fn new_case(dir: &Path) -> PathBuf {
    let case = dir.join("shop.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Maple", "--region", "CN"]).status.success());
    case
}

fn holiday_with(case: &Path, files: &[&str]) -> std::process::Output {
    let mut args = vec!["attest", path_str(case), "holiday-mode-on", "--done", "--date", "2026-11-19"];
    args.extend(["--note", "switched on in Seller Center", "--lang", "en"]);
    let paths: Vec<PathBuf> = files.iter().map(|f| fixture(f)).collect();
    for p in &paths {
        args.extend(["--attach", path_str(p)]);
    }
    closeout(&args)
}

fn listed(case: &Path) -> Vec<Value> {
    let out = closeout(&["attachments", path_str(case), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str::<Value>(&stdout(&out)).unwrap()["attachments"].as_array().unwrap().clone()
}

/// How many images a PDF embeds (krilla writes its dictionaries uncompressed).
fn images_in(pdf: &Path) -> usize {
    let bytes = std::fs::read(pdf).unwrap();
    bytes.windows(14).filter(|w| w == b"/Subtype/Image").count()
}

fn report(case: &Path, out: &Path, lang: &str) -> String {
    let run = closeout(&["report", path_str(case), "--out", path_str(out), "--as-of", "2026-11-20", "--lang", lang]);
    assert!(run.status.success(), "{}", stderr(&run));
    std::fs::read_to_string(out).unwrap_or_default()
}

#[test]
fn an_attested_screenshot_is_in_the_report_with_its_sha256_and_its_picture() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path());
    let run = holiday_with(&case, &["holiday-mode.png", "closure-confirmation.eml"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let png = std::fs::read(fixture("holiday-mode.png")).unwrap();
    let hash = sha256(&png);
    assert!(stdout(&run).contains(&hash), "the CLI says the hash: {}", stdout(&run));
    let all = listed(&case);
    assert_eq!(all.len(), 2);
    assert_eq!((all[0]["subject"].as_str(), all[0]["subject_key"].as_str()), (Some("rule"), Some("holiday-mode-on")));
    assert_eq!((all[0]["mime"].as_str(), all[0]["size"].as_u64()), (Some("image/png"), Some(png.len() as u64)));
    assert_eq!(all[1]["mime"], "message/rfc822");

    let html = report(&case, &dir.path().join("r.html"), "en");
    assert!(html.contains("Evidence attached") && html.contains(&hash) && html.contains("closure-confirmation.eml"));
    assert_eq!(html.matches("<img src=\"data:image/png;base64,").count(), 1, "one thumbnail: the e-mail has none");
    assert!(html.contains("img-src data:"), "the report's CSP lets in data: pictures and nothing else");
    let pdf = dir.path().join("r.pdf");
    report(&case, &pdf, "zh-CN");
    if let Some(text) = pdftotext(&pdf) {
        // A hash wraps within its cell: both ends are there.
        assert!(text.contains("所附凭证") && text.contains(&hash[..24]) && text.contains(&hash[40..]), "{text}");
    }
    assert_eq!(images_in(&pdf), 1, "the picture is in the PDF");
}

#[test]
fn markup_and_unknown_files_are_refused_before_the_answer_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path());
    for (file, says) in [("hostile.svg", "SVG"), ("saved-page.html", "web page")] {
        let run = holiday_with(&case, &["holiday-mode.png", file]);
        assert_eq!(run.status.code(), Some(1), "{file}");
        assert!(stderr(&run).contains(says) && stderr(&run).contains(file), "{}", stderr(&run));
    }
    let check = closeout(&["check", path_str(&case), "--json"]);
    let json: Value = serde_json::from_str(&stdout(&check)).unwrap();
    let holiday = json["rules"].as_array().unwrap().iter().find(|r| r["id"] == "holiday-mode-on").unwrap();
    assert_eq!(holiday["status"], "not_checked", "nothing was recorded: the answer waits for files that can be kept");
    assert!(listed(&case).is_empty());
    // In Chinese, every word of the refusal is Chinese.
    let run = closeout(&[
        "attest",
        path_str(&case),
        "holiday-mode-on",
        "--done",
        "--attach",
        path_str(&fixture("hostile.svg")),
        "--lang",
        "zh-CN",
    ]);
    assert_eq!(english_runs(&stderr(&run)), Vec::<String>::new(), "{}", stderr(&run));
    // Nor can a refused file reach a report or a pack some other way.
    assert!(holiday_with(&case, &["holiday-mode.png"]).status.success());
    let html = report(&case, &dir.path().join("r.html"), "en");
    assert!(!html.contains("onload") && !html.contains("pwned") && !html.contains("<script"));
}

#[test]
fn the_same_file_is_kept_once_and_a_removal_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path());
    assert!(holiday_with(&case, &["holiday-mode.png"]).status.success());
    let again = holiday_with(&case, &["holiday-mode.png"]);
    assert!(stdout(&again).contains("already attached"), "{}", stdout(&again));
    let balance = ["balance", path_str(&case), "--currency", "CNY", "--available", "0", "--lang", "en"];
    let receipt = fixture("holiday-mode.png");
    let run = closeout(&[&balance[..], &["--attach", path_str(&receipt)]].concat());
    assert!(run.status.success() && stdout(&run).contains("Balance CNY"), "{}", stdout(&run));
    let all = listed(&case);
    assert_eq!(all.len(), 2, "one per answer");
    assert_eq!(all[0]["sha256"], all[1]["sha256"]);
    let id = all[0]["id"].to_string();
    let removed = closeout(&["attachments", path_str(&case), "--remove", &id, "--lang", "en"]);
    assert!(removed.status.success() && stdout(&removed).contains("before-detach"), "{}", stdout(&removed));
    assert_eq!(listed(&case).len(), 1);
    let missing = closeout(&["attachments", path_str(&case), "--remove", &id, "--lang", "en"]);
    assert_eq!((missing.status.code(), stderr(&missing).contains("No attachment has id")), (Some(1), true));
}

#[test]
fn an_order_action_and_an_unanswered_rule_take_files_only_once_answered() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path());
    let shot = fixture("tracking.webp");
    let early = closeout(&["attach", path_str(&case), "--rule", "refunds-done", path_str(&shot), "--lang", "en"]);
    assert_eq!(early.status.code(), Some(1));
    assert!(stderr(&early).contains("first"), "{}", stderr(&early));
    let orders = dir.path().join("orders.csv");
    std::fs::write(
        &orders,
        "订单号,订单状态,下单时间,订单金额\n8187810000000001,等待您发货,2026-11-01 10:00:00,CN￥ 10.00\n",
    )
    .unwrap();
    assert!(closeout(&["import", path_str(&case), path_str(&orders)]).status.success());
    let args =
        ["order-action", path_str(&case), "8187810000000001", "shipped", "--attach", path_str(&shot), "--lang", "en"];
    let run = closeout(&args);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).contains("Order 8187810000000001"), "{}", stdout(&run));
    assert_eq!(listed(&case)[0]["mime"], "image/webp");
}

#[test]
fn the_pack_holds_the_files_and_lists_them_with_hashes_that_match() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path());
    assert!(holiday_with(&case, &["holiday-mode.png", "bank-receipt.pdf", "receipt.jpg"]).status.success());
    let zip = dir.path().join("pack.zip");
    let again = dir.path().join("again.zip");
    for out in [&zip, &again] {
        let run = closeout(&["export-pack", path_str(&case), "--out", path_str(out), "--as-of", "2026-11-20"]);
        assert!(run.status.success(), "{}", stderr(&run));
    }
    assert_eq!(std::fs::read(&zip).unwrap(), std::fs::read(&again).unwrap(), "attachments too: byte for byte");
    let members = members(&zip);
    let manifest: Value = serde_json::from_slice(&members.last().unwrap().1).unwrap();
    for (name, fixture_name) in [
        ("attachments/001-holiday-mode.png", "holiday-mode.png"),
        ("attachments/002-bank-receipt.pdf", "bank-receipt.pdf"),
        ("attachments/003-receipt.jpg", "receipt.jpg"),
    ] {
        let (_, bytes) = members.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} in the pack"));
        assert_eq!(bytes, &std::fs::read(fixture(fixture_name)).unwrap(), "{name} as attached");
        let entry = manifest["files"].as_array().unwrap().iter().find(|f| f["name"] == name).unwrap();
        assert_eq!(entry["sha256"].as_str(), Some(sha256(bytes).as_str()));
    }
    let (_, csv) = members.iter().find(|(n, _)| n == "csv/attachments.csv").unwrap();
    let csv = String::from_utf8(csv.clone()).unwrap();
    assert!(csv.starts_with('\u{feff}'), "Excel reads it as UTF-8");
    assert!(
        csv.contains(&format!("{}\t", sha256(&std::fs::read(fixture("receipt.jpg")).unwrap()))),
        "a hash stays text"
    );
}

#[test]
fn a_purge_empties_attachments_but_keeps_their_records_and_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path());
    assert!(holiday_with(&case, &["holiday-mode.png"]).status.success());
    let png = std::fs::read(fixture("holiday-mode.png")).unwrap();
    let marker = &png[png.len() / 2..png.len() / 2 + 48];
    assert!(!lingers(&case, marker).is_empty(), "stored inside the case");
    let copy = dir.path().join("for-someone.closeout");
    assert!(closeout(&["export-case", path_str(&case), "--out", path_str(&copy), "--without-notes"]).status.success());
    assert_eq!(lingers(&copy, marker), Vec::<PathBuf>::new(), "a copy without notes leaves the pictures out too");
    let purge = closeout(&["purge-personal-data", path_str(&case), "--lang", "en"]);
    assert!(purge.status.success(), "{}", stderr(&purge));
    assert!(stdout(&purge).contains("1 attached file"), "the purge says so: {}", stdout(&purge));
    assert_eq!(lingers(&case, marker), Vec::<PathBuf>::new(), "the picture's bytes are gone from every file");
    let all = listed(&case);
    assert_eq!(
        (all.len(), all[0]["kept"].as_bool(), all[0]["sha256"].as_str()),
        (1, Some(false), Some(sha256(&png).as_str()))
    );
    let html = report(&case, &dir.path().join("r.html"), "en");
    assert!(html.contains("contents removed") && html.contains(&sha256(&png)) && !html.contains("data:image/png"));
    let zip = dir.path().join("pack.zip");
    assert!(closeout(&["export-pack", path_str(&case), "--out", path_str(&zip)]).status.success());
    assert!(!members(&zip).iter().any(|(n, _)| n.starts_with("attachments/")));
}

#[test]
fn a_file_over_the_limit_is_refused_with_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path());
    let big = dir.path().join("huge-scan.png");
    let mut bytes = std::fs::read(fixture("holiday-mode.png")).unwrap();
    bytes.resize(11 * 1024 * 1024, 0);
    std::fs::write(&big, bytes).unwrap();
    let run =
        closeout(&["attest", path_str(&case), "holiday-mode-on", "--done", "--attach", path_str(&big), "--lang", "en"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("huge-scan.png is 11.0 MB") && stderr(&run).contains("at most 10.0 MB"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_picture_that_does_not_decode_leaves_a_box_and_the_report_is_still_written() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path());
    // A real header (480 × 300) whose image data is cut off.
    let png = std::fs::read(fixture("holiday-mode.png")).unwrap();
    let cut = dir.path().join("cut.png");
    std::fs::write(&cut, &png[..200]).unwrap();
    let run = closeout(&["attest", path_str(&case), "holiday-mode-on", "--done", "--attach", path_str(&cut)]);
    assert!(run.status.success(), "{}", stderr(&run));
    let pdf = dir.path().join("r.pdf");
    report(&case, &pdf, "en");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    assert_eq!(images_in(&pdf), 0, "a grey box instead");
    if let Some(text) = pdftotext(&pdf) {
        assert!(text.contains("cut.png"), "the file is still listed");
    }
}
