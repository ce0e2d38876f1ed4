//! The window when things go wrong: the CLI changes the case beside it, a case file is damaged,
//! commands get nonsense, and personal data is purged from the Protect personal data step.

use closeout_core::case::Case;
use serde_json::json;

use super::harness::{skip, Desktop};
use crate::util::{closeout, path_str, sample};

#[tokio::test(flavor = "multi_thread")]
async fn the_window_notices_the_cli_and_refuses_nonsense_with_a_code_and_a_message() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let case = desktop.path("Shared.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Shared", "--region", "CN"]).status.success());
    let app = desktop.launch(&[path_str(&case)]).await;
    app.wait_testid("task-import-orders").await;
    assert!(closeout(&["import", path_str(&case), path_str(&sample("b_orders.csv"))]).status.success());
    app.wait_text("notice", "changed outside this window").await;
    assert!(!app.text("task-status-import-orders").await.to_lowercase().contains("not started"));

    let huge = "x".repeat(1 << 20);
    for (command, args) in [
        ("open_case", json!({ "path": "relative.closeout" })),
        ("open_case", json!({ "path": huge })),
        ("open_case", json!({ "path": "/nonexistent/dir/x.closeout" })),
        ("import_files", json!({ "paths": [], "password": null, "onProgress": null })),
        ("save_report", json!({ "path": path_str(&desktop.path("r.exe")), "asOf": "2026-11-20", "paper": null })),
        ("report_html", json!({ "asOf": "20.11.2026", "paper": null })),
        ("record_order_action", json!({ "orderId": "1", "action": "shipped", "note": huge })),
        (
            "attest",
            json!({ "ruleId": "no-such-rule", "answer": "done", "date": "2026-11-20", "note": "", "who": "seller" }),
        ),
    ] {
        let answer = app.call(command, args).await;
        let err = answer.as_ref().expect_err(command);
        assert!(err["code"].is_string() && err["message"].as_str().is_some_and(|m| !m.is_empty()), "{command}: {err}");
    }
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn personal_data_is_purged_from_the_protect_step_and_recorded() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let case = desktop.path("Purge.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Purge", "--region", "CN"]).status.success());
    assert!(
        closeout(&["import", path_str(&case), path_str(&sample("orders_2026-09_2026-11.csv"))]).status.code()
            == Some(0)
    );
    let app = desktop.launch(&[path_str(&case)]).await;
    app.click("task-personal-data-deleted").await;
    app.wait_testid("purge").await;
    // Nothing goes on the first click: a confirmation says what goes and what stays.
    app.click("purge-now").await;
    let confirm = app.text("purge-confirm").await;
    assert!(confirm.contains("What goes") && confirm.contains("What stays") && confirm.contains("cannot be undone"));
    app.save_screenshot("purge-confirm").await;
    app.click("purge-confirm-no").await;
    app.wait_testid("purge-now").await;
    assert!(Case::open(&case).unwrap().purges().unwrap().is_empty(), "Cancel purged nothing");
    app.click("purge-now").await;
    app.click("purge-confirm-yes").await;
    let record = app.wait_text("purge-records", "Cleared on").await;
    assert!(record.contains("1 kept-aside row,") && record.contains("1 backup removed"), "{record}");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_case_offers_a_copy_of_its_latest_backup() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let case = desktop.path("Damaged.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Damaged", "--region", "CN"]).status.success());
    assert!(closeout(&["import", path_str(&case), path_str(&sample("b_orders.csv"))]).status.success());
    assert!(closeout(&["forget", path_str(&case), "1"]).status.success()); // leaves a backup
    let mut bytes = std::fs::read(&case).unwrap();
    for b in &mut bytes[4096..4096 * 4] {
        *b = 0xA5;
    }
    std::fs::write(&case, &bytes).unwrap();
    let app = desktop.launch(&[path_str(&case)]).await;
    app.wait_text("error", "damaged").await;
    app.click("restore-backup").await;
    app.wait_text("notice", "copy of the latest backup").await;
    app.wait_testid("task-import-orders").await;
    assert_eq!(std::fs::read(&case).unwrap(), bytes, "the damaged file was left as it was");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn removing_a_file_and_dismissing_a_row_can_be_undone() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let case = desktop.path("Undo.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Undo", "--region", "CN"]).status.success());
    let csv = sample("orders_2026-09_2026-11.csv");
    assert!(
        closeout(&["import", path_str(&case), path_str(&csv), path_str(&sample("订单.xlsx"))]).status.code() == Some(0)
    );
    let app = desktop.launch(&[path_str(&case)]).await;
    app.click("task-import-orders").await;
    let kept = Case::open(&case).unwrap().quarantine().unwrap()[0].id;
    app.type_into(&format!("dismiss-note-{kept}"), "A test order").await;
    app.click(&format!("dismiss-{kept}")).await;
    app.wait_text("notice", "Dismissed line").await;
    app.click("undo").await;
    app.wait_text("notice", "Undone").await;
    app.wait_testid(&format!("kept-{kept}")).await;
    assert_eq!(Case::open(&case).unwrap().quarantine().unwrap()[0].dismissed_note, None);

    app.click("forget-1").await;
    app.wait_text("notice", "Removed orders_2026-09_2026-11.csv").await;
    app.save_screenshot("remove-undo").await;
    assert_eq!(Case::open(&case).unwrap().files().unwrap().len(), 1);
    app.click("undo").await;
    app.wait_text("notice", "Undone").await;
    app.wait_testid("forget-1").await;
    assert_eq!(Case::open(&case).unwrap().files().unwrap().len(), 2);
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn restoring_a_backup_while_the_case_is_open_leaves_the_case_whole() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let case = desktop.path("Restore.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Restore", "--region", "CN"]).status.success());
    let files = [sample("b_orders.csv"), sample("订单.xlsx")];
    assert!(closeout(&["import", path_str(&case), path_str(&files[0]), path_str(&files[1])]).status.success());
    assert!(closeout(&["forget", path_str(&case), "1"]).status.success()); // leaves a backup of both files
    let backup = closeout_core::case::backup::backups_of(&case).pop().expect("a backup");
    let app = desktop.launch(&[path_str(&case)]).await;
    app.wait_testid("task-import-orders").await;
    let restored = app.call("restore_backup", json!({ "backup": path_str(&backup) })).await.expect("restored");
    let restored_path = std::path::PathBuf::from(restored["path"].as_str().unwrap());
    assert_ne!(restored_path, case, "the restore is a new file beside the case");
    app.wait_testid("task-import-orders").await;
    app.quit().await;
    assert_eq!(Case::open(&restored_path).unwrap().files().unwrap().len(), 2, "the backup's two files");
    let original = Case::open(&case).unwrap();
    assert_eq!(original.files().unwrap().len(), 1, "the case itself is as it was");
    let conn = rusqlite::Connection::open(&case).unwrap();
    assert_eq!(conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).unwrap(), "ok");
}

/// The purge confirmation and an undo notice in Chinese, every word from the catalogue.
#[tokio::test(flavor = "multi_thread")]
async fn the_purge_confirmation_and_undo_read_in_chinese() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("zh_CN.UTF-8");
    let case = desktop.path("清除.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "清除", "--region", "CN"]).status.success());
    let csv = sample("orders_2026-09_2026-11.csv");
    assert_eq!(closeout(&["import", path_str(&case), path_str(&csv)]).status.code(), Some(0));
    let app = desktop.launch(&[path_str(&case)]).await;
    app.click("task-personal-data-deleted").await;
    app.click("purge-now").await;
    let confirm = app.text("purge-confirm").await;
    assert!(confirm.contains("现在清除个人信息吗") && confirm.contains("此操作无法撤销"), "{confirm}");
    app.save_screenshot("purge-confirm-zh").await;
    app.click("purge-confirm-no").await;
    app.click("back-to-tasks").await;
    app.click("task-import-orders").await;
    let kept = Case::open(&case).unwrap().quarantine().unwrap()[0].id;
    // Enter in the note dismisses, as the button does.
    app.type_into(&format!("dismiss-note-{kept}"), "测试订单\u{E007}").await;
    let notice = app.wait_text("notice", "已忽略").await;
    assert!(notice.contains("撤销"), "{notice}");
    app.save_screenshot("dismiss-undo-zh").await;
    app.quit().await;
}

/// A workbook that unpacks to gigabytes is refused in the person's language, and the case goes on.
async fn a_workbook_bomb_is_refused_in_words(locale: &'static str, says: &str) {
    let desktop = Desktop::new(locale);
    let case = desktop.path("Bomb.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Bomb", "--region", "CN"]).status.success());
    let bomb = desktop.path("whitespace.xlsx");
    let blank = crate::bombs::repeat(b" ", 1 << 20);
    crate::bombs::write_workbook(&bomb, crate::bombs::sheet_of(&blank, 2048), crate::bombs::strings_of(b"", 0));
    let app = desktop.launch(&[path_str(&case)]).await;
    app.click("task-import-orders").await;
    super::orders::import_paths(&app, &[bomb, sample("b_orders.csv")]).await;
    let refused = app.text("import-error").await;
    assert!(refused.contains(says), "{refused}");
    let results = app.client().find_all(fantoccini::Locator::Css("[data-testid=\"import-status\"]")).await.unwrap();
    assert_eq!(results.len(), 2, "the other file is imported beside it");
    let suffix = if locale.starts_with("zh") { "zh" } else { "en" };
    app.save_screenshot(&format!("import-bomb-{suffix}")).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_workbook_bomb_is_refused_in_english() {
    if skip() {
        return;
    }
    a_workbook_bomb_is_refused_in_words("en_US.UTF-8", "This file is not an export Closeout knows").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_workbook_bomb_is_refused_in_chinese() {
    if skip() {
        return;
    }
    a_workbook_bomb_is_refused_in_words("zh_CN.UTF-8", "这不是 Closeout 认识的导出文件").await;
}
