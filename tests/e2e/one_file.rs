//! The case is one file: a copy of the .closeout alone, taken while the window is open and
//! idle or after it closed, has everything done in the window; Send to the bookkeeper writes
//! such a copy from the window.

use super::harness::{skip, Desktop};
use super::orders::import_paths;
use crate::util::{closeout, path_str, sample, stdout};

/// What `check --json` and `files --json` say of a case, for comparing a copy with its original.
fn summary(case: &std::path::Path) -> (serde_json::Value, serde_json::Value) {
    let check = closeout(&["check", path_str(case), "--as-of", "2026-11-20", "--json"]);
    let files = closeout(&["files", path_str(case), "--json"]);
    let parse = |out: &std::process::Output| serde_json::from_str(&stdout(out)).expect("JSON");
    (parse(&check), parse(&files))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_copy_of_the_case_file_alone_has_everything_done_in_the_window() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let app = desktop.launch(&[]).await;
    app.click("new-case").await;
    app.type_into("profile-store-name", "Copy Shop").await;
    app.click("new-case-create").await;
    app.wait_testid("tasks-title").await;
    app.click("task-import-orders").await;
    import_paths(&app, &[sample("订单.xlsx")]).await;
    app.click("back-to-tasks").await;
    app.click("task-inventory-cleared").await;
    app.click("answer-done-inventory-cleared").await;
    app.type_into("answer-note-inventory-cleared", "Sold off the last stock").await;
    app.click("answer-save-inventory-cleared").await;
    app.wait_text("notice", "Answer saved").await;
    app.click("back-to-tasks").await;
    app.wait_testid("send-copy").await;

    let case = desktop.path("Closeout/Copy Shop.closeout");
    let while_open = desktop.path("elsewhere/while-open.closeout");
    std::fs::create_dir_all(while_open.parent().unwrap()).unwrap();
    std::fs::copy(&case, &while_open).unwrap();
    let (check, files) = summary(&while_open);
    assert_eq!(files["files"][0]["name"], "订单.xlsx", "the import is in the copy: {files}");
    let holiday = check["rules"].as_array().unwrap().iter().find(|r| r["id"] == "inventory-cleared").unwrap();
    assert_eq!(holiday["status"], "attested", "the answer is in the copy: {holiday}");

    // Send to the bookkeeper: the dialog proposes a name beside the case that is not the original's.
    let proposed = app.call("copy_path", serde_json::json!({})).await.unwrap();
    let proposed = proposed.as_str().unwrap();
    assert!(proposed.ends_with(".closeout") && proposed.contains("copy for the bookkeeper"), "{proposed}");
    assert_ne!(proposed, path_str(&case));
    let sent = desktop.path("elsewhere/for-the-bookkeeper.closeout");
    let exported = app.call("export_case", serde_json::json!({ "path": path_str(&sent), "withoutNotes": true }));
    assert_eq!(exported.await, Ok(serde_json::Value::Null));
    assert_eq!(summary(&sent).1["files"], files["files"]);
    // The driver ends the window as a logout or SIGTERM would, with no chance to tidy up: a
    // -wal may be left beside the case, but the case file alone already has everything.
    app.quit().await;
    let after_close = desktop.path("elsewhere/after-close.closeout");
    std::fs::copy(&case, &after_close).unwrap();
    assert_eq!(summary(&after_close), summary(&case));
    assert_eq!(summary(&after_close).0, check);
}

/// The Send-to-bookkeeper section at the foot of the task list, in both languages.
#[tokio::test(flavor = "multi_thread")]
async fn the_task_list_offers_a_copy_for_the_bookkeeper_in_both_languages() {
    if skip() {
        return;
    }
    for (locale, title, name) in [
        ("en_US.UTF-8", "Send the case to your bookkeeper", "send-copy-en"),
        ("zh_CN.UTF-8", "把档案发给会计", "send-copy-zh"),
    ] {
        let desktop = Desktop::new(locale);
        let case = desktop.path("Lantern.closeout");
        assert!(closeout(&["new", path_str(&case), "--store", "Lantern", "--region", "CN"]).status.success());
        let app = desktop.launch(&[path_str(&case)]).await;
        let section = app.wait_testid("send-copy").await;
        assert!(section.text().await.unwrap().contains(title));
        app.client()
            .execute("document.querySelector('[data-testid=\"send-copy\"]').scrollIntoView()", vec![])
            .await
            .unwrap();
        app.save_screenshot(name).await;
        app.quit().await;
    }
}
