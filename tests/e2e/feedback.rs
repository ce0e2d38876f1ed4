//! Feedback where the seller acts (WCAG 2.2 AA), in English and in Chinese: a notice shows beside
//! the control that caused it; saving with nothing chosen says so at the field; focus lands on
//! the new evidence, on Undo after a removal, and never on the page's body; a withdrawn answer
//! comes back with Undo; "Save and continue" opens the next task; an import's result and a
//! refusal are put in the page's live regions; a skip link leads past the orders table.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::harness::{skip, App, Desktop};
use super::journeys::shown_words;
use crate::util::{closeout, english_runs, path_str, sample, stdout};

/// The window's catalogue in `lang`, read as the window reads it.
fn catalogue(lang: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("ui/i18n/{lang}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

struct Lang {
    locale: &'static str,
    store: &'static str,
    /// A note the seller types with an answer.
    note: &'static str,
    words: Value,
    suffix: &'static str,
}

impl Lang {
    fn word(&self, key: &str) -> String {
        self.words[key].as_str().unwrap_or_else(|| panic!("{key} is in the catalogue")).to_owned()
    }
}

/// The data-testid of the focused element ("BODY" when focus fell to the page).
async fn focused(app: &App) -> String {
    let script = "const a = document.activeElement; return a?.dataset?.testid ?? a?.tagName ?? '';";
    app.client().execute(script, vec![]).await.unwrap().as_str().unwrap_or_default().to_owned()
}

async fn wait_focus(app: &App, testid: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = focused(app).await;
        if now == testid {
            return;
        }
        assert!(Instant::now() < deadline, "focus should be on {testid}, it is on {now}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Whether the shown element `inner` sits inside the element `outer`.
async fn inside(app: &App, inner: &str, outer: &str) -> bool {
    let script = "const n = document.querySelector(`[data-testid=\"${arguments[0]}\"]`);
                  return Boolean(n && !n.hidden && n.closest(`[data-testid=\"${arguments[1]}\"]`));";
    app.client().execute(script, vec![inner.into(), outer.into()]).await.unwrap() == json!(true)
}

/// Waits until the (visually hidden) live region `testid` holds `needle`; its text.
async fn wait_live(app: &App, testid: &str, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let script = "return document.querySelector(`[data-testid=\"${arguments[0]}\"]`).textContent;";
        let text = app.client().execute(script, vec![testid.into()]).await.unwrap();
        let text = text.as_str().unwrap_or_default().to_owned();
        if text.contains(needle) {
            return text;
        }
        assert!(Instant::now() < deadline, "{testid} never held {needle:?}; it holds {text:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Saves the screen as `shot`; in Chinese, fails on any run of English words on it.
async fn look(app: &App, lang: &Lang, shot: &str) {
    app.save_screenshot(&format!("{shot}{}", lang.suffix)).await;
    if !lang.suffix.is_empty() {
        let runs = english_runs(&shown_words(app).await);
        assert!(runs.is_empty(), "{shot}: English on a Chinese screen: {runs:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn feedback_lands_where_the_seller_acts_in_english() {
    if skip() {
        return;
    }
    feedback(Lang {
        locale: "en_US.UTF-8",
        store: "Lantern Shop",
        note: "No listings left",
        words: catalogue("en"),
        suffix: "",
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn feedback_lands_where_the_seller_acts_in_chinese() {
    if skip() {
        return;
    }
    feedback(Lang {
        locale: "zh_CN.UTF-8",
        store: "灯笼小铺",
        note: "已没有在售商品",
        words: catalogue("zh-CN"),
        suffix: "-zh",
    })
    .await;
}

async fn feedback(lang: Lang) {
    let desktop = Desktop::new(lang.locale);
    let case = desktop.path("Feedback.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", lang.store, "--region", "CN"]).status.success());
    let app = desktop.launch(&[path_str(&case)]).await;
    imports_are_announced(&app, &lang).await;
    orders_say_it_at_the_row(&app, &lang).await;
    answers_say_it_at_the_field(&app, &lang).await;
    evidence_takes_focus(&app, &lang).await;
    withdrawing_can_be_undone(&app, &lang, &case).await;
    a_copy_is_saved_beside_its_button(&app, &desktop).await;
    app.quit().await;
}

async fn imports_are_announced(app: &App, lang: &Lang) {
    app.click("task-import-orders").await;
    super::orders::import_paths(app, &[sample("订单.xlsx")]).await;
    let counts = app.text("import-counts").await;
    let said = wait_live(app, "live-status", &counts).await;
    assert!(said.contains("订单.xlsx"), "the file is named: {said}");
    super::orders::import_paths(app, &[sample("wechat_bill.csv")]).await;
    let refusal = app.text("import-error").await;
    assert!(wait_live(app, "live-alert", &refusal).await.contains("wechat_bill.csv"));
    let roles = app
        .client()
        .execute(
            "return ['live-status', 'live-alert'].map((id) => document.getElementById(id).getAttribute('role'));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(roles, json!(["status", "alert"]));
    look(app, lang, "feedback-import").await;
    app.click("back-to-tasks").await;
}

async fn orders_say_it_at_the_row(app: &App, lang: &Lang) {
    let open = app.call("open_orders", json!({})).await.unwrap();
    let id = open["orders"][0]["order_id"].as_str().unwrap().to_owned();
    app.click("task-unfinished-orders").await;
    app.wait_testid("orders-table").await;
    // The skip link takes focus past the table, to the rule cards.
    app.click("skip-to-rules").await;
    wait_focus(app, "order-rules").await;
    // Save with nothing chosen: said at the field, in the order's row, and focus goes there.
    app.click(&format!("order-save-{id}")).await;
    let error = app.wait_text(&format!("order-action-error-{id}"), &lang.word("orders.choose_action_first")).await;
    assert_eq!(error, lang.word("orders.choose_action_first"));
    assert!(inside(app, &format!("order-action-error-{id}"), &format!("order-row-{id}")).await);
    wait_focus(app, &format!("order-action-{id}")).await;
    look(app, lang, "feedback-order-unchosen").await;
    app.select(&format!("order-action-{id}"), "shipped").await;
    app.click(&format!("order-save-{id}")).await;
    app.wait_text("notice", &id).await;
    assert!(inside(app, "notice", &format!("order-row-{id}")).await, "the notice is in the order's row");
    assert!(app.wait_testid(&format!("order-action-error-{id}")).await.text().await.unwrap().is_empty());
    app.click("back-to-tasks").await;

    // A balance: the notice shows by its Save button, which keeps focus after the redraw.
    app.click("task-balance-withdrawn").await;
    app.type_into("balance-available", "10").await;
    app.click("balance-save").await;
    app.wait_text("balance-history", "1").await;
    assert!(inside(app, "notice", "balance-form").await, "the notice is by the balance's Save");
    wait_focus(app, "balance-save").await;
    look(app, lang, "feedback-balance").await;
    app.click("back-to-tasks").await;
}

async fn answers_say_it_at_the_field(app: &App, lang: &Lang) {
    app.click("task-holiday-mode-on").await;
    let checked = app.client().execute("return document.querySelectorAll('input[type=radio]:checked').length", vec![]);
    assert_eq!(checked.await.unwrap(), json!(0), "no answer is chosen for the seller");
    app.click("answer-save-holiday-mode-on").await;
    let error = app.text("field-error-answer-done-holiday-mode-on").await;
    assert!(error.contains(&lang.word("answer.choose_first")), "{error}");
    assert!(inside(app, "field-error-answer-done-holiday-mode-on", "answer-form-holiday-mode-on").await);
    look(app, lang, "feedback-answer-unchosen").await;

    // Save and continue: the next task in the list opens.
    app.click("answer-done-holiday-mode-on").await;
    app.click("answer-continue-holiday-mode-on").await;
    app.wait_text("step-title", &lang.word("task.listings-marked.title")).await;
    app.wait_testid("answer-form-listings-marked").await;
    let view = app.call("case_view", json!({})).await.unwrap();
    let rule = view["checklist"]["rules"].as_array().unwrap().iter().find(|r| r["id"] == "holiday-mode-on").unwrap();
    assert_eq!(rule["attestation"]["answer"], "done");

    // Save: the answer shows where the form was, with focus on it and the notice beside it.
    app.click("answer-not_applicable-listings-marked").await;
    app.type_into("answer-note-listings-marked", lang.note).await;
    app.click("answer-save-listings-marked").await;
    app.wait_text("notice", &lang.word("answer.saved")).await;
    wait_focus(app, "answer-given-listings-marked").await;
    assert!(inside(app, "notice", "rule-listings-marked").await, "the notice is on the rule's card");
}

async fn evidence_takes_focus(app: &App, lang: &Lang) {
    let png = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/attachments/holiday-mode.png");
    app.answer_dialog("open", path_str(&png)).await;
    app.click("attach-rule-listings-marked").await;
    app.wait_testid("attachment-1").await;
    wait_focus(app, "attachment-1").await;
    assert!(inside(app, "notice", "rule-listings-marked").await);
    look(app, lang, "feedback-evidence").await;
    app.click("attachment-remove-1").await;
    wait_focus(app, "undo").await;
    assert!(inside(app, "notice", "rule-listings-marked").await, "Undo is beside the evidence");
    app.click("undo").await;
    app.wait_text("notice", &lang.word("undo.done")).await;
    wait_focus(app, "attachment-1").await;
}

async fn withdrawing_can_be_undone(app: &App, lang: &Lang, case: &Path) {
    app.click("withdraw-listings-marked").await;
    app.wait_testid("answer-form-listings-marked").await;
    app.wait_text("notice", &lang.word("answer.withdrawn")).await;
    wait_focus(app, "undo").await;
    look(app, lang, "feedback-withdrawn").await;
    app.click("undo").await;
    app.wait_text("answer-given-listings-marked", lang.note).await;
    wait_focus(app, "answer-given-listings-marked").await;
    let out = closeout(&["check", path_str(case), "--json"]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rule = doc["rules"].as_array().unwrap().iter().find(|r| r["id"] == "listings-marked").unwrap();
    assert_eq!(rule["status"], "not_applicable", "the answer is back, as the CLI sees it");
    let view = app.call("case_view", json!({})).await.unwrap();
    // The history: the answer, its withdrawal, and the same answer again with its note, date and who.
    let given: Vec<&Value> = view["answers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["rule_id"] == "listings-marked" && a["answer"] != "withdrawn")
        .collect();
    assert_eq!(given.len(), 2, "{given:?}");
    let same = |a: &Value| (a["answer"].clone(), a["note"].clone(), a["date"].clone(), a["who"].clone());
    assert_eq!(same(given[0]), same(given[1]));
    assert_eq!(given[0]["note"], lang.note);
    app.click("back-to-tasks").await;
}

async fn a_copy_is_saved_beside_its_button(app: &App, desktop: &Desktop) {
    let copy = desktop.path("copy.closeout");
    app.answer_dialog("save", path_str(&copy)).await;
    app.click("export-case").await;
    app.wait_text("notice", "copy.closeout").await;
    assert!(inside(app, "notice", "send-copy").await, "the notice is by the button, not at the top");
    assert!(copy.exists());
}
