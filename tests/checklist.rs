//! The checklist through the CLI, as a bookkeeper's script drives it.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{closeout, path_str, stderr, stdout};

fn new_case(dir: &Path, region: &str) -> PathBuf {
    let case = dir.join(format!("{region}.closeout"));
    let out = closeout(&["new", path_str(&case), "--store", "Demo", "--region", region, "--stop-date", "2026-10-31"]);
    assert!(out.status.success(), "{}", stderr(&out));
    case
}

fn check(case: &Path, as_of: &str) -> Value {
    let out = closeout(&["check", path_str(case), "--as-of", as_of, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("one JSON document")
}

fn rule_ids(doc: &Value) -> Vec<String> {
    doc["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect()
}

fn rule<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["rules"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("{id} listed"))
}

/// The day a test says a rule was done: the closure notice went up, and holiday mode was
/// switched on, long enough ago for their waits to be over by 2026-11-20.
fn done_on(rule_id: &str, day: &'static str) -> &'static str {
    if rule_id == "closure-notice" || rule_id == "holiday-mode-on" {
        "2026-10-01"
    } else {
        day
    }
}

fn attest(case: &Path, rule_id: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["attest", path_str(case), rule_id];
    args.extend_from_slice(extra);
    closeout(&args)
}

#[test]
fn a_new_cn_case_lists_each_cn_rule_once_and_is_not_ready() {
    let dir = tempfile::tempdir().unwrap();
    let doc = check(&new_case(dir.path(), "CN"), "2026-11-20");
    let ids = rule_ids(&doc);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "each rule once");
    assert_eq!(ids.len(), 33);
    assert!(ids.iter().all(|id| !id.starts_with("eu-") && !id.starts_with("fr-")));
    assert_eq!(doc["verdict"], "not_ready");
    assert_eq!(doc["earliest_closure_date"], Value::Null);
    assert_eq!(doc["as_of"], "2026-11-20");
    for r in doc["rules"].as_array().unwrap() {
        assert_eq!(r["status"], "not_checked", "{} never passes without data", r["id"]);
        for field in ["title", "evidence", "action"] {
            assert!(!r[field].as_str().unwrap().is_empty(), "{} has {field}", r["id"]);
        }
        assert!(r.get("until").is_some() && r["order_ids"].is_array());
    }
    assert_eq!(doc["orders"]["total"], 0);
    assert!(doc["funds"].as_array().unwrap().is_empty());
}

#[test]
fn a_fr_case_adds_the_eu_and_french_rules() {
    let dir = tempfile::tempdir().unwrap();
    let ids = rule_ids(&check(&new_case(dir.path(), "FR"), "2026-11-20"));
    for id in ["eu-withdrawal-window", "eu-vat-final-return", "fr-epr-final-declaration", "closure-application"] {
        assert!(ids.contains(&id.to_owned()), "{id}");
    }
    assert_eq!(ids.len(), 35);
}

#[test]
fn ready_once_everything_is_answered_and_not_ready_again_when_one_is_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "CN");
    let doc = check(&case, "2026-11-20");
    // With no files imported, the data rules are confirmed by hand, with a note.
    for id in rule_ids(&doc).iter().filter(|id| *id != "closure-application") {
        let out =
            attest(&case, id, &["--done", "--date", done_on(id, "2026-11-19"), "--note", "checked in Seller Center"]);
        assert!(out.status.success(), "{id}: {}", stderr(&out));
    }
    let doc = check(&case, "2026-11-20");
    assert_eq!(doc["verdict"], "ready");
    assert_eq!(doc["earliest_closure_date"], "2026-11-20");
    assert_eq!(rule(&doc, "holiday-mode-on")["status"], "attested");
    assert_eq!(rule(&doc, "holiday-mode-on")["attestation"]["who"], "seller");

    let out = attest(&case, "records-downloaded", &["--withdraw"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = check(&case, "2026-11-20");
    assert_eq!(doc["verdict"], "not_ready");
    assert_eq!(rule(&doc, "records-downloaded")["status"], "not_checked");
}

#[test]
fn the_closure_application_waits_for_everything_else() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "CN");
    let out = attest(&case, "closure-application", &["--done", "--date", "2026-11-20"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("every other step"), "{}", stderr(&out));

    for id in rule_ids(&check(&case, "2026-11-20")).iter().filter(|id| *id != "closure-application") {
        assert!(attest(&case, id, &["--done", "--date", done_on(id, "2026-11-19")]).status.success());
    }
    let out = attest(&case, "closure-application", &["--done", "--date", "2026-11-20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = check(&case, "2026-11-20");
    assert_eq!(rule(&doc, "closure-application")["status"], "attested");

    // The after-closure calendar now has dates, and exports as iCalendar.
    let ics = dir.path().join("after.ics");
    let out = closeout(&["calendar", path_str(&case), "--out", path_str(&ics), "--as-of", "2026-11-20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 4, "deposit, annual fee, chargebacks, records");
    assert!(text.contains("DTSTART;VALUE=DATE:20261204"), "deposit: 10 working days after 2026-11-20");
    assert!(text.contains("DTSTART;VALUE=DATE:20261220"), "annual fee: 30 days after");
    assert!(text.contains("DTSTART;VALUE=DATE:20361120"), "records: 10 years after");
    assert!(text.lines().all(|l| l.len() <= 75));
}

#[test]
fn answers_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "CN");
    for (args, code, says) in [
        (vec!["nope", "--done"], 1, "Unknown rule"),
        (vec!["eu-vat-final-return", "--done"], 1, "does not apply"),
        (vec!["promotions-ended", "--not-applicable"], 1, "in the note"),
        (vec!["promotions-ended", "--done", "--date", "20/11/2026"], 1, "YYYY-MM-DD"),
        (vec!["promotions-ended", "--done", "--by", "cat"], 1, "seller or bookkeeper"),
        (vec!["promotions-ended", "--withdraw"], 1, "no answer to withdraw"),
        (vec!["promotions-ended"], 2, ""),
        (vec!["promotions-ended", "--done", "--not-applicable"], 2, ""),
    ] {
        let mut full = vec!["attest", path_str(&case)];
        full.extend(args.iter().copied());
        let out = closeout(&full);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn parameters_can_be_overridden_per_case_and_show_in_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "CN");
    let out = closeout(&["parameter", path_str(&case), "buyer_protection_days", "20", "--note", "support said 20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = check(&case, "2026-11-20");
    assert_eq!(doc["ruleset"]["overrides"][0]["name"], "buyer_protection_days");
    assert_eq!(doc["ruleset"]["overrides"][0]["shipped_value"], "15");
    assert_eq!(closeout(&["parameter", path_str(&case), "buyer_protection_days", "1.5"]).status.code(), Some(1));
    assert_eq!(closeout(&["parameter", path_str(&case), "no_such", "3"]).status.code(), Some(1));
    let out = closeout(&["parameter", path_str(&case), "--json"]);
    let list: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let row = list["parameters"].as_array().unwrap().iter().find(|p| p["name"] == "buyer_protection_days").unwrap();
    assert_eq!((row["value"].as_str(), row["overridden"].as_bool()), (Some("20"), Some(true)));
    assert!(closeout(&["parameter", path_str(&case), "buyer_protection_days", "--reset"]).status.success());
    assert!(check(&case, "2026-11-20")["ruleset"]["overrides"].as_array().unwrap().is_empty());
}

#[test]
fn the_human_summary_puts_blockers_first_and_speaks_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "CN");
    assert!(attest(&case, "inventory-cleared", &["--done"]).status.success());
    let out = closeout(&["check", path_str(&case), "--as-of", "2026-11-20"]);
    let text = stdout(&out);
    assert!(text.starts_with("Not ready to close"), "{text}");
    assert!(text.find("Not checked yet").unwrap() < text.find("Settled").unwrap());
    let out = closeout(&["check", path_str(&case), "--as-of", "2026-11-20", "--lang", "zh-CN"]);
    assert!(stdout(&out).contains("暂不能关店"), "{}", stdout(&out));
    assert_eq!(closeout(&["check", path_str(&case), "--lang", "fr"]).status.code(), Some(1));
}

/// Issue 28's acceptance: the closure notice's 30 days (PRC E-Commerce Law, Art. 16) hold a CN
/// store up, and the earliest closure date is the day they end.
#[test]
fn a_cn_store_waits_thirty_days_after_its_closure_notice() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "CN");
    for id in rule_ids(&check(&case, "2026-11-20"))
        .iter()
        .filter(|id| !["closure-application", "closure-notice"].contains(&id.as_str()))
    {
        let out = attest(&case, id, &["--done", "--date", "2026-11-19", "--note", "checked"]);
        assert!(out.status.success(), "{id}: {}", stderr(&out));
    }
    let doc = check(&case, "2026-11-26");
    assert_eq!(doc["verdict"], "not_ready", "without the notice the store is not ready");
    assert_eq!(rule(&doc, "closure-notice")["status"], "not_checked");
    assert!(rule(&doc, "closure-notice")["evidence"].as_str().unwrap().contains("2026-12-26"));

    let out = attest(&case, "closure-notice", &["--done", "--date", "2026-11-10"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = check(&case, "2026-11-26");
    assert_eq!(doc["verdict"], "not_ready");
    assert_eq!(rule(&doc, "closure-notice")["status"], "blocked");
    assert_eq!(rule(&doc, "closure-notice")["until"], "2026-12-10");
    assert_eq!(doc["earliest_closure_date"], "2026-12-10");
    assert_eq!(
        doc["holding_up"],
        serde_json::json!([{"id": "closure-notice", "status": "blocked", "until": "2026-12-10"}])
    );
    let doc = check(&case, "2026-12-10");
    assert_eq!(doc["verdict"], "ready");
    assert_eq!(rule(&doc, "closure-notice")["status"], "pass");
}

#[test]
fn a_done_answer_dated_in_the_future_is_refused_but_the_last_promotion_may_end_ahead() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "CN");
    for lang in ["en", "zh-CN"] {
        let out = attest(&case, "closure-notice", &["--done", "--date", "2099-01-01", "--lang", lang]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("2099-01-01"), "{}", stderr(&out));
    }
    assert_eq!(rule(&check(&case, "2026-11-20"), "closure-notice")["status"], "not_checked", "nothing recorded");
    let out = attest(&case, "promotions-ended", &["--done", "--date", "2099-01-01"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = check(&case, "2026-11-20");
    assert_eq!(
        (rule(&doc, "promotions-ended")["status"].as_str(), rule(&doc, "promotions-ended")["until"].as_str()),
        (Some("blocked"), Some("2099-01-01"))
    );
}

#[test]
fn the_summary_names_what_holds_closure_up_with_the_same_count_as_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "CN");
    let doc = check(&case, "2026-11-20");
    let count = doc["holding_up"].as_array().unwrap().len();
    assert_eq!(count, 32, "every rule but the closure application, before any answer");
    let out = closeout(&["check", path_str(&case), "--as-of", "2026-11-20", "--lang", "en"]);
    assert!(stdout(&out).contains(&format!("{count} things hold closure up: ")), "{}", stdout(&out));
}

/// One count, three faces: `check --json`'s `holding_up`, the terminal's summary line and the
/// report's cover say the same number (the window's banner is compared in tests/e2e/verdict.rs).
#[test]
fn the_json_the_summary_and_the_report_count_the_same_things() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "FR");
    for id in ["inventory-cleared", "listings-marked", "records-downloaded"] {
        assert!(attest(&case, id, &["--done", "--date", "2026-11-19"]).status.success());
    }
    let count = check(&case, "2026-11-20")["holding_up"].as_array().unwrap().len();
    let summary = stdout(&closeout(&["check", path_str(&case), "--as-of", "2026-11-20", "--lang", "en"]));
    assert!(summary.contains(&format!("\n{count} things hold closure up: ")), "{summary}");
    let html = dir.path().join("report.html");
    let out = closeout(&["report", path_str(&case), "--out", path_str(&html), "--as-of", "2026-11-20", "--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = std::fs::read_to_string(&html).unwrap();
    assert!(report.contains(&format!("<dt>Things holding closure up</dt><dd>{count}</dd>")), "cover says {count}");
}
