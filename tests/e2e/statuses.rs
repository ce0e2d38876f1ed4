//! Statuses that tell the truth: a step whose rule warns asks to be checked, and says what to
//! check, in English and in Chinese; one count at the top says what still blocks closing; and
//! Apply to close lists the steps still open, each a link to it.

use super::harness::{skip, Desktop};
use crate::util::{closeout, path_str};

/// A case that stopped selling on 2026-10-01, with one order from before and one from after.
fn case_with_an_order_after_the_stop(desktop: &Desktop) -> std::path::PathBuf {
    let case = desktop.path("Shop.closeout");
    let new = ["new", path_str(&case), "--store", "Lantern Shop", "--region", "CN", "--stop-date", "2026-10-01"];
    assert!(closeout(&new).status.success());
    let orders = desktop.path("orders.csv");
    std::fs::write(
        &orders,
        "订单号,订单状态,下单时间,订单金额\n8100000000000001,交易完成,2026-09-20 10:00,CN￥ 10.00\n\
         8100000000000002,交易完成,2026-10-20 10:00,\"CN￥ 1,288.40\"\n",
    )
    .unwrap();
    assert!(closeout(&["import", path_str(&case), path_str(&orders)]).status.success());
    case
}

async fn a_warning_asks_to_be_checked_in(locale: &'static str, check_this: &str, placed_after: &str, shot: &str) {
    if skip() {
        return;
    }
    let desktop = Desktop::new(locale);
    let case = case_with_an_order_after_the_stop(&desktop);
    let app = desktop.launch(&[path_str(&case)]).await;
    assert_eq!(app.text("task-status-new-orders").await.to_lowercase(), check_this);
    assert!(app.text("task-check-new-orders").await.contains(placed_after), "says what to check");
    let progress = app.text("tasks-progress").await;
    assert!(progress.contains(" · "), "one count at the top: {progress}");
    app.save_screenshot(shot).await;
    let scroll = "document.querySelector('[data-testid=\"task-check-new-orders\"]').scrollIntoView({block: 'center'})";
    app.client().execute(scroll, vec![]).await.unwrap();
    app.save_screenshot(&format!("{shot}-task")).await;

    // Apply to close says which steps are still open, each a way to it.
    app.click("task-closure-application").await;
    app.wait_testid("still-open").await;
    app.save_screenshot(&format!("{shot}-apply")).await;
    assert!(app.text("still-open").await.contains(&app.text("still-open-holiday-mode-on").await));
    app.click("still-open-holiday-mode-on").await;
    app.wait_testid("answer-form-holiday-mode-on").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_step_with_a_warning_asks_to_be_checked_in_english() {
    a_warning_asks_to_be_checked_in("en_US.UTF-8", "check this", "placed after 2026-10-01", "check-this").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_step_with_a_warning_asks_to_be_checked_in_chinese() {
    a_warning_asks_to_be_checked_in("zh_CN.UTF-8", "请核对", "2026-10-01", "check-this-zh").await;
}
