//! The readiness report in the window: the preview shows imported text literally (the hostile
//! product titles of 订单.xlsx), nothing in it runs, and Save as PDF writes the PDF.

use super::harness::{skip, Desktop};
use crate::util::{closeout, path_str, sample};

#[tokio::test(flavor = "multi_thread")]
async fn the_report_preview_shows_hostile_titles_as_text_and_saves_a_pdf() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let case = desktop.path("Report.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Maple <b>Craft</b>", "--region", "CN"]).status.success());
    assert!(closeout(&["import", path_str(&case), path_str(&sample("订单.xlsx"))]).status.success());
    let app = desktop.launch(&[path_str(&case)]).await;
    app.click("open-report").await;
    app.wait_testid("report-preview").await;
    app.set_value("report-as-of", "2026-11-20").await;
    let seen = app
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const host = document.querySelector('[data-testid=\"report-preview\"]');
             const look = () => {
               const root = host.shadowRoot;
               const text = root ? root.textContent : '';
               if (!text.includes('2026-11-20')) return setTimeout(look, 100);
               done({
                 text,
                 scripts: root.querySelectorAll('script').length,
                 handlers: [...root.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
                 bold: root.querySelectorAll('b').length,
                 alerted: Boolean(window.__alerted),
               });
             };
             window.alert = () => { window.__alerted = true; };
             look();",
            vec![],
        )
        .await
        .unwrap();
    let text = seen["text"].as_str().unwrap();
    assert!(text.contains("<script>alert(2)</script>"), "the title shows literally");
    assert!(text.contains("<img src=x onerror=alert(1)>Phone case"));
    assert!(text.contains("Maple <b>Craft</b>"), "the store name too");
    assert_eq!(
        (seen["scripts"].as_u64(), seen["handlers"].as_u64(), seen["bold"].as_u64()),
        (Some(0), Some(0), Some(0))
    );
    assert_eq!(seen["alerted"], false);
    app.save_screenshot("report").await;

    // The save dialog's answer goes to this command.
    let pdf = desktop.path("report.pdf");
    let saved =
        app.call("save_report", serde_json::json!({ "path": path_str(&pdf), "asOf": "2026-11-20", "paper": null }));
    assert_eq!(saved.await, Ok(serde_json::Value::Null));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    // The closing pack, by its button, the save dialog answering.
    let zip = desktop.path("pack.zip");
    app.answer_dialog("save", path_str(&zip)).await;
    app.click("report-pack").await;
    assert!(app.wait_text("notice", "closing pack").await.contains("pack.zip"));
    let archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    assert!(archive.file_names().any(|n| n == "closeout.xlsx") && archive.file_names().any(|n| n == "manifest.json"));
    app.quit().await;
}

/// Print… opens the system's print dialog: `window.print()` does nothing in WebKitGTK under
/// Tauri, so the button asks the webview to print, and GTK's dialog appears over the window.
#[tokio::test(flavor = "multi_thread")]
async fn print_opens_the_print_dialog() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let case = desktop.path("Print.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Maple", "--region", "CN"]).status.success());
    let app = desktop.launch(&[path_str(&case)]).await;
    app.click("open-report").await;
    app.wait_testid("report-preview").await;
    let windows = || {
        let out = desktop.command("xwininfo").args(["-root", "-tree"]).output().expect("xwininfo (x11-utils) runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(!windows().contains("\"Print\""), "no print dialog before the click");
    app.click("report-print").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while !windows().contains("\"Print\"") {
        assert!(std::time::Instant::now() < deadline, "no print dialog opened: {}", windows());
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let error = app.client().execute("return document.getElementById('error').hidden", vec![]).await.unwrap();
    assert_eq!(error, serde_json::json!(true), "Print… said no error");
    app.quit().await;
}
