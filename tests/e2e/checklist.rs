//! Answering steps in the window: the answers survive a restart and the task list agrees
//! with `closeout check`.

use std::collections::BTreeSet;

use fantoccini::Locator;
use serde_json::Value;

use super::harness::{skip, Desktop};
use crate::util::{closeout, path_str, stdout};

#[tokio::test(flavor = "multi_thread")]
async fn answers_persist_and_the_task_list_agrees_with_the_cli() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let case = desktop.path("Shop.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Lantern Shop", "--region", "CN"]).status.success());

    let app = desktop.launch(&[path_str(&case)]).await;
    assert_eq!(app.wait_testid("verdict").await.attr("data-verdict").await.unwrap().as_deref(), Some("not_ready"));
    assert!(app.text("verdict-sentence").await.starts_with("Not ready"));
    assert_eq!(app.text("task-status-closure-application").await.to_lowercase(), "cannot start yet");

    app.click("task-inventory-cleared").await;
    app.click("answer-done-inventory-cleared").await;
    app.type_into("answer-note-inventory-cleared", "Sold off the last stock").await;
    app.click("answer-save-inventory-cleared").await;
    app.wait_text("notice", "Answer saved").await;
    assert!(app.text("rule-status-inventory-cleared").await.to_lowercase().contains("confirmed"));

    app.click("back-to-tasks").await;
    app.click("task-promotions-ended").await;
    app.click("answer-not_applicable-promotions-ended").await;
    app.type_into("answer-note-promotions-ended", "Never joined a promotion").await;
    app.select("answer-who-promotions-ended", "bookkeeper").await;
    app.click("answer-save-promotions-ended").await;
    app.wait_text("notice", "Answer saved").await;
    assert!(app.text("rule-status-promotions-ended").await.to_lowercase().contains("not applicable"));
    app.quit().await;

    // Restart on the same case.
    let app = desktop.launch(&[path_str(&case)]).await;
    assert_eq!(app.text("task-status-inventory-cleared").await.to_lowercase(), "done");
    assert_eq!(app.text("task-status-promotions-ended").await.to_lowercase(), "done");
    assert!(app.text("tasks-progress").await.starts_with("2 of "));

    // The task list and the CLI tell the same story.
    let out = closeout(&["check", path_str(&case), "--json"]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let verdict = app.wait_testid("verdict").await.attr("data-verdict").await.unwrap();
    assert_eq!(verdict.as_deref(), doc["verdict"].as_str());
    let settled = |id: &str| {
        let r = doc["rules"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap();
        matches!(r["status"].as_str(), Some("pass" | "attested" | "not_applicable" | "warning"))
    };
    let mut ui_done = BTreeSet::new();
    for el in app.client().find_all(Locator::Css("[data-testid^=\"task-status-\"]")).await.unwrap() {
        let testid = el.attr("data-testid").await.unwrap().unwrap();
        if el.text().await.unwrap().to_lowercase() == "done" {
            ui_done.insert(testid.trim_start_matches("task-status-").to_owned());
        }
    }
    assert_eq!(ui_done, BTreeSet::from(["inventory-cleared".to_owned(), "promotions-ended".to_owned()]));
    assert!(settled("inventory-cleared") && settled("promotions-ended"));
    assert!(!settled("listings-marked"));

    // Check your answers lists both, each with a Change link back to its step.
    app.click("check-answers").await;
    assert!(app.text("answer-row-inventory-cleared").await.contains("Sold off the last stock"));
    assert!(app.text("answer-row-promotions-ended").await.contains("Bookkeeper"));
    app.click("change-promotions-ended").await;
    app.click("withdraw-promotions-ended").await;
    app.wait_text("notice", "withdrawn").await;
    app.wait_testid("answer-form-promotions-ended").await;
    app.quit().await;

    let out = closeout(&["check", path_str(&case), "--json"]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let r = doc["rules"].as_array().unwrap().iter().find(|r| r["id"] == "promotions-ended").unwrap();
    assert_eq!(r["status"], "not_checked", "withdrawn in the window, seen by the CLI");
}
