//! The "Clear the money" steps in the window: a balance typed in from Seller Center fills the
//! chart and blocks the withdrawal step with that amount; the reconciliation exports as a
//! workbook, or as CSV.

use calamine::Reader;
use fantoccini::Locator;
use serde_json::Value;

use super::harness::{skip, Desktop};
use super::orders::import_paths;
use crate::import_money::encrypted_zip;
use crate::util::{closeout, path_str, sample, sample_bytes, stdout};

#[tokio::test(flavor = "multi_thread")]
async fn a_balance_typed_in_shows_where_the_money_is_and_blocks_the_withdrawal() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let case = desktop.path("Money.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Money", "--region", "CN"]).status.success());
    assert!(closeout(&["import", path_str(&case), path_str(&sample("订单.xlsx"))]).status.success());
    let app = desktop.launch(&[path_str(&case)]).await;
    app.click("task-balance-withdrawn").await;
    app.wait_testid("money-empty").await;
    app.type_into("balance-available", "1,288.40").await;
    app.type_into("balance-frozen", "100").await;
    app.set_value("balance-as_of", "2026-11-20").await;
    app.type_into("balance-note", "=HYPERLINK(\"x\")").await;
    app.click("balance-save").await;
    assert_eq!(app.wait_text("money-CNY-available", "1,288.40").await, "CN¥1,288.40");
    assert_eq!(app.text("money-CNY-frozen").await, "CN¥100.00");
    app.save_screenshot("money").await;

    // Another store's release export, imported beside the window: none of these completed
    // orders is in it, so each is listed with the day its release was due, the earliest first.
    assert!(closeout(&["import", path_str(&case), path_str(&sample("b_放款.xlsx"))]).status.success());
    // The window notices within its two-second look; moving on before it could race its redraw.
    app.wait_text("notice", "changed outside").await;
    app.click("back-to-tasks").await; // a screen with a form is not redrawn under the seller's hands
    app.click("task-balance-withdrawn").await;
    app.wait_testid("unreleased-table").await;
    let due = app.client().find(Locator::Css("[data-testid^=\"release-due-\"]")).await.unwrap().text().await.unwrap();
    assert!(due.contains("overdue"), "the earliest confirmation's release was due weeks ago: {due}");
    app.save_screenshot("money-unreleased").await;

    let doc: Value =
        serde_json::from_str(&stdout(&closeout(&["check", path_str(&case), "--as-of", "2026-11-20", "--json"])))
            .unwrap();
    let withdrawn = doc["rules"].as_array().unwrap().iter().find(|r| r["id"] == "balance-withdrawn").unwrap();
    assert_eq!(withdrawn["status"], "blocked");
    assert!(withdrawn["evidence"].as_str().unwrap().contains("CN¥1,288.40"), "{withdrawn}");
    assert_eq!(doc["funds"][0]["available"], "1288.40");

    // The save dialog's answer goes to this command: a workbook by default, with the window's
    // words and the ids as text; a CSV when the name says so, with a byte-order mark.
    let book = desktop.path("reconciliation.xlsx");
    let rows = app.call("export_reconciliation", serde_json::json!({ "path": path_str(&book) })).await;
    assert_eq!(rows, Ok(40.into()), "one row per order of 订单.xlsx");
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let sheet = workbook.worksheet_range("Reconciliation").unwrap();
    assert_eq!(sheet.height(), 41);
    assert_eq!(sheet.get((0, 0)), Some(&calamine::Data::String("Order".into())));
    let first = sheet.get((1, 0));
    assert!(matches!(first, Some(calamine::Data::String(id)) if id.len() == 16), "an id as text: {first:?}");
    let out = desktop.path("reconciliation.csv");
    let rows = app.call("export_reconciliation", serde_json::json!({ "path": path_str(&out) })).await;
    assert_eq!(rows, Ok(40.into()));
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(csv.lines().count(), 41);
    assert!(csv.starts_with("\u{feff}order_id,state,placed,order_amount"));
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn statements_import_in_the_window_and_a_locked_zip_asks_for_its_password() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let case = desktop.path("Ledger.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Ledger", "--region", "CN"]).status.success());
    let statement = sample_bytes("支付宝交易明细(20260901-20261031).csv");
    let locked = encrypted_zip(&desktop.path(""), "交易明细.csv", &statement, "s3cret");
    let app = desktop.launch(&[path_str(&case)]).await;
    app.click("task-import-money").await;
    app.wait_testid("no-files").await;
    import_paths(&app, &[sample("20880098765432105678_20261101_账务明细.csv"), sample("放款.xlsx"), locked]).await;
    let results = app.client().find_all(Locator::Css("[data-testid=\"import-result\"]")).await.unwrap();
    assert!(results[0].text().await.unwrap().contains("14 rows read (Alipay business ledger"));
    assert!(results[1].text().await.unwrap().contains("53 rows read (AliExpress fund-release export"));
    app.type_into("zip-password", "s3cret").await;
    app.click("zip-password-submit").await;
    app.wait_text("import-counts", "12 rows read (Alipay statement").await;
    assert_eq!(app.client().find_all(Locator::Css("[data-testid=\"files-table\"] tbody tr")).await.unwrap().len(), 3);

    app.click("back-to-tasks").await;
    app.click("task-balance-withdrawn").await;
    assert_eq!(app.wait_text("money-CNY-available", "1,288.40").await, "CN¥1,288.40");
    app.save_screenshot("money-ledger").await;
    app.quit().await;
}
