//! The verdict a person can sign, in the window, in English and in Chinese: the banner names
//! each thing that holds closure up (the CLI's `holding_up`, the same count), a dated answer
//! starts its wait and the step shows as waiting, and an as-of date that does not read is said
//! at its field on the report screen instead of becoming today.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::harness::{skip, App, Desktop};
use crate::util::{closeout, english_runs, path_str, stdout};

fn word(lang: &str, key: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("ui/i18n/{lang}.json"));
    let words: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    words[key].as_str().unwrap_or_else(|| panic!("{key} is in the catalogue")).to_owned()
}

/// A CN store with every step answered but the closure notice (and the application itself).
fn case_waiting_for_its_notice(desktop: &Desktop) -> PathBuf {
    let case = desktop.path("Notice.closeout");
    let new = ["new", path_str(&case), "--store", "Lantern Shop", "--region", "CN", "--stop-date", "2026-10-31"];
    assert!(closeout(&new).status.success());
    let doc = check_json(&case);
    for rule in doc["rules"].as_array().unwrap() {
        let id = rule["id"].as_str().unwrap();
        if id != "closure-application" && id != "closure-notice" {
            let out = closeout(&["attest", path_str(&case), id, "--done", "--date", "2026-11-19", "--note", "checked"]);
            assert!(out.status.success(), "{id}");
        }
    }
    case
}

fn check_json(case: &Path) -> Value {
    serde_json::from_str(&stdout(&closeout(&["check", path_str(case), "--json"]))).unwrap()
}

async fn holding_up_count(app: &App) -> usize {
    let list = app.wait_testid("holding-up").await;
    list.attr("data-count").await.unwrap().unwrap().parse().unwrap()
}

async fn the_banner_names_what_holds_closure_up_in(locale: &'static str, lang: &str, shot: &str) {
    if skip() {
        return;
    }
    let desktop = Desktop::new(locale);
    let case = case_waiting_for_its_notice(&desktop);
    let app = desktop.launch(&[path_str(&case)]).await;

    // One thing holds closure up, named in the banner, the same list as the CLI's.
    let cli = check_json(&case);
    assert_eq!(holding_up_count(&app).await, cli["holding_up"].as_array().unwrap().len());
    assert_eq!(holding_up_count(&app).await, 1);
    let named = app.text("holding-up-closure-notice").await;
    assert_eq!(named, word(lang, "rule.closure-notice.title"));
    assert!(app.text("tasks-progress").await.contains('1'));
    app.save_screenshot(&format!("{shot}-before")).await;

    // The banner's link leads to the step; its date field says which day it asks for.
    app.click("holding-up-closure-notice").await;
    app.wait_testid("answer-form-closure-notice").await;
    let label = app
        .client()
        .execute("return document.querySelector('label[for=\"date-closure-notice\"]').textContent;", vec![]);
    assert_eq!(label.await.unwrap(), Value::from(word(lang, "answer.date.closure-notice")));
    app.save_screenshot(&format!("{shot}-step")).await;
    app.click("answer-done-closure-notice").await;
    app.click("answer-save-closure-notice").await;
    // Saved once the answer shows where the form was; only then has the case got it.
    app.wait_testid("answer-given-closure-notice").await;

    // Posted today: a 30-day wait, shown as waiting, with its end in the banner.
    let cli = check_json(&case);
    let until = cli["holding_up"][0]["until"].as_str().expect("the notice's wait has an end").to_owned();
    app.click("back-to-tasks").await;
    // The tag is set in capitals by the style sheet; the words are the catalogue's.
    let waiting = word(lang, "status.waiting").to_uppercase();
    let status = app.wait_text("task-status-closure-notice", &waiting).await;
    assert_eq!(status, waiting);
    let named = app.text("holding-up-closure-notice").await;
    assert!(named.contains(&until[..4]), "the end of the wait, {until}, is named: {named}");
    let verdict = app.wait_testid("verdict").await.attr("data-verdict").await.unwrap();
    assert_eq!(verdict.as_deref(), Some("not_ready"));
    if lang == "zh-CN" {
        let banner = app.text("verdict").await;
        assert!(english_runs(&banner).is_empty(), "no English in the Chinese banner: {banner}");
    }
    app.save_screenshot(&format!("{shot}-waiting")).await;

    // The report's as-of date, typed so that it does not read, is said at its field.
    app.click("open-report").await;
    app.wait_testid("report-preview").await;
    app.set_value("report-as-of", "31/31/2026").await;
    let error = app.wait_text("field-error-report-as-of", &word(lang, "date.invalid")).await;
    assert!(error.contains(&word(lang, "date.invalid")));
    app.save_screenshot(&format!("{shot}-report-date")).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_banner_names_what_holds_closure_up_in_english() {
    the_banner_names_what_holds_closure_up_in("en_US.UTF-8", "en", "holding-up").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_banner_names_what_holds_closure_up_in_chinese() {
    the_banner_names_what_holds_closure_up_in("zh_CN.UTF-8", "zh-CN", "holding-up-zh").await;
}
