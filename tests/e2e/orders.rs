//! Importing order exports in the window, and working through the open orders.

use fantoccini::Locator;
use serde_json::Value;

use super::harness::{skip, App, Desktop};
use crate::util::{closeout, path_str, sample, stdout};

#[tokio::test(flavor = "multi_thread")]
async fn import_two_exports_then_record_what_was_done_with_an_open_order() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let case = desktop.path("Maple.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Maple", "--region", "CN", "--stop-date", "2026-09-15"])
        .status
        .success());
    let app = desktop.launch(&[path_str(&case)]).await;
    app.click("task-import-orders").await;
    app.wait_testid("no-files").await;

    import_paths(&app, &[sample("订单.xlsx"), sample("orders_2026-09_2026-11.csv")]).await;
    let results = app.client().find_all(Locator::Css("[data-testid=\"import-result\"]")).await.unwrap();
    assert_eq!(results.len(), 2);
    assert!(results[0].text().await.unwrap().contains("40 rows"));
    let second = results[1].text().await.unwrap();
    assert!(second.contains("35 rows read") && second.contains("Line 108, column 订单号"), "{second}");
    assert_eq!(app.client().find_all(Locator::Css("[data-testid=\"files-table\"] tbody tr")).await.unwrap().len(), 2);
    app.wait_testid("quarantine").await;

    // The open orders, filtered to disputes, agree with the CLI.
    let doc: Value = serde_json::from_str(&stdout(&closeout(&["check", path_str(&case), "--json"]))).unwrap();
    let disputes: Vec<String> =
        doc["rules"].as_array().unwrap().iter().find(|r| r["id"] == "orders-in-dispute").unwrap()["order_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
    assert!(!disputes.is_empty());
    app.click("back-to-tasks").await;
    app.click("task-unfinished-orders").await;
    app.wait_testid("orders-table").await;
    // The rule card counts the orders (the window is sent at most 50 of their ids).
    let card = app.text("rule-orders-orders-in-dispute").await;
    assert!(card.contains(&format!("{} orders", disputes.len())), "{card}");
    // What clears an order is said, and deadlines already past are marked.
    assert!(app.text("orders-what-clears").await.contains("export them again"));
    let overdue = app.client().find_all(Locator::Css("[data-testid^=\"overdue-\"]")).await.unwrap();
    assert!(!overdue.is_empty(), "the samples' shipping deadlines (November 2026) are past");
    app.save_screenshot("unfinished-orders").await;
    app.select("orders-filter-state", "in_dispute").await;
    let rows = app.client().find_all(Locator::Css("[data-testid=\"orders-table\"] tbody tr")).await.unwrap();
    assert_eq!(rows.len(), disputes.len());
    let first = &disputes[0];
    app.select(&format!("order-action-{first}"), "dispute_answered").await;
    app.type_into(&format!("order-note-{first}"), "Offered a partial refund").await;
    app.click(&format!("order-save-{first}")).await;
    app.wait_text("notice", first).await;
    app.quit().await;

    let app = desktop.launch(&[path_str(&case)]).await;
    app.click("task-unfinished-orders").await;
    assert_eq!(app.value(&format!("order-action-{first}")).await, "dispute_answered");
    assert_eq!(app.value(&format!("order-note-{first}")).await, "Offered a partial refund");
    app.quit().await;
}

/// Imports through the same code path as the file dialog and a drop on the window.
pub(super) async fn import_paths(app: &App, files: &[std::path::PathBuf]) {
    let result = app
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             import('./screens/import.js').then((m) => m.importPaths(arguments[0])).then(() => done('ok'), (e) => done(String(e)));",
            vec![serde_json::to_value(files).unwrap()],
        )
        .await
        .unwrap();
    assert_eq!(result, "ok");
    app.wait_testid("import-results").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_layout_is_mapped_once_then_imported() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let case = desktop.path("Mapped.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Mapped", "--region", "CN"]).status.success());
    let file = desktop.path("translated.csv");
    std::fs::write(&file, "Order No,State,Buyer,Ordered\n8000000000000001,等待您发货,ZZPII,2026-09-01 02:00\n")
        .unwrap();
    let app = desktop.launch(&[path_str(&case)]).await;
    app.click("task-import-orders").await;
    import_paths(&app, std::slice::from_ref(&file)).await;
    let status = app.text("import-status").await;
    assert!(status.to_lowercase().contains("not imported"), "{status}");
    app.click("map-columns").await;
    app.wait_testid("column-map").await;
    app.select("map-order_id", "Order No").await;
    app.select("map-status", "State").await;
    app.select("map-placed_at", "Ordered").await;
    assert_eq!(app.value("map-placed_at").await, "Ordered");
    app.save_screenshot("column-map").await;
    app.click("map-save").await;
    app.wait_text("import-counts", "1 row read").await;
    assert_eq!(app.client().find_all(Locator::Css("[data-testid=\"files-table\"] tbody tr")).await.unwrap().len(), 1);
    app.quit().await;
    assert!(stdout(&closeout(&["map-columns", path_str(&case)]))
        .contains("translated.csv: order_id=Order No, status=State, placed_at=Ordered"));
}

#[tokio::test(flavor = "multi_thread")]
async fn open_orders_say_what_clears_them_and_mark_overdue_deadlines_in_chinese() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("zh_CN.UTF-8");
    let case = desktop.path("Maple.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Maple", "--region", "CN"]).status.success());
    assert!(closeout(&["import", path_str(&case), path_str(&sample("订单.xlsx"))]).status.success());
    let app = desktop.launch(&[path_str(&case)]).await;
    app.click("task-unfinished-orders").await;
    app.wait_testid("orders-table").await;
    assert!(app.text("orders-what-clears").await.contains("重新导出订单"));
    let overdue = app.client().find_all(Locator::Css("[data-testid^=\"overdue-\"]")).await.unwrap();
    assert_eq!(overdue[0].text().await.unwrap().trim(), "已逾期");
    app.save_screenshot("unfinished-orders-zh").await;
    app.quit().await;
}
