//! Real-world files through the window: an old Seller Center export that lists orders twice, an
//! Alipay statement whose rows share a transaction number, and a JD bill, in both languages.

use fantoccini::Locator;

use super::harness::{skip, App, Desktop};
use super::orders::import_paths;
use crate::util::{closeout, path_str};

fn real(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real").join(name)
}

/// What one language's window says of the three files.
struct Words {
    locale: &'static str,
    orders_counted: &'static str,
    statement_counted: &'static str,
    jd_refused: &'static str,
}

async fn result_texts(app: &App) -> Vec<String> {
    let mut texts = Vec::new();
    for result in app.client().find_all(Locator::Css("[data-testid=\"import-result\"]")).await.unwrap() {
        texts.push(result.text().await.unwrap());
    }
    texts
}

async fn every_row_is_counted_in_the_window(words: Words) {
    let desktop = Desktop::new(words.locale);
    let case = desktop.path("Real.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Real", "--region", "CN", "--currency", "USD"])
        .status
        .success());
    let app = desktop.launch(&[path_str(&case)]).await;
    let suffix = if words.locale.starts_with("zh") { "zh" } else { "en" };

    app.click("task-import-orders").await;
    import_paths(&app, &[real("ae2013_669.xls"), real("jd_2024.csv")]).await;
    let results = result_texts(&app).await;
    assert!(results[0].contains(words.orders_counted), "{}", results[0]);
    let repeats = app.client().find_all(Locator::Css("[data-testid=\"import-duplicate-row\"]")).await.unwrap();
    assert_eq!(repeats.len(), 6);
    assert!(results[1].contains(words.jd_refused), "{}", results[1]);
    let file_id = app.client().find(Locator::Css("[data-testid=\"files-table\"] tbody tr")).await.unwrap();
    assert!(file_id.text().await.unwrap().contains("669"));
    app.save_screenshot(&format!("import-real-orders-{suffix}")).await;
    let script = "document.querySelectorAll('[data-testid=\"import-result\"]')[1].scrollIntoView()";
    app.client().execute(script, vec![]).await.unwrap();
    app.save_screenshot(&format!("import-real-refused-{suffix}")).await;

    app.click("back-to-tasks").await;
    app.click("task-import-money").await;
    import_paths(&app, &[real("alipay_a_2021_123456.csv")]).await;
    let statement = app.text("import-result").await;
    assert!(statement.contains(words.statement_counted), "{statement}");
    let kept = app.client().find_all(Locator::Css("[data-testid=\"import-rejected-row\"]")).await.unwrap();
    assert_eq!(kept.len(), 2);
    app.save_screenshot(&format!("import-real-statement-{suffix}")).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn real_files_are_counted_row_by_row_in_english() {
    if skip() {
        return;
    }
    every_row_is_counted_in_the_window(Words {
        locale: "en_US.UTF-8",
        orders_counted: "669 rows read (AliExpress order export): 663 new, 6 exact repeats kept once.",
        statement_counted: "7 rows read (Alipay statement (交易明细)): 5 new, 2 kept aside.",
        jd_refused: "JD",
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn real_files_are_counted_row_by_row_in_chinese() {
    if skip() {
        return;
    }
    every_row_is_counted_in_the_window(Words {
        locale: "zh_CN.UTF-8",
        orders_counted: "读取 669 行（速卖通订单导出）：新增 663，完全重复（只保留一次）6。",
        statement_counted: "新增 5，单独保存 2。",
        jd_refused: "未导入",
    })
    .await;
}
