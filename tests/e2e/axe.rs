//! axe-core, run inside the real window on the screens a seller walks through, in English and in
//! Chinese, finds no WCAG 2.2 A/AA violation. scripts/deps.sh --test fetches the pinned axe-core
//! from the npm registry into ~/.cache/closeout-axe.

use std::path::PathBuf;

use super::harness::{skip, App, Desktop};
use crate::util::{closeout, path_str, sample};

const AXE_VERSION: &str = "4.14.1";

fn axe_source() -> String {
    let path = std::env::var_os("CLOSEOUT_AXE").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").expect("HOME is set"))
            .join(format!(".cache/closeout-axe/{AXE_VERSION}/axe.min.js"))
    });
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; scripts/deps.sh --test fetches axe-core", path.display()))
}

/// The violations axe finds on the page as it is now, as "rule: target" lines.
async fn violations(app: &App, axe: &str) -> Vec<String> {
    app.client().execute(axe, vec![]).await.expect("axe-core loads in the window");
    let run = "const done = arguments[arguments.length - 1];
               axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                 .then((r) => done(r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`))))
                 .catch((e) => done([`axe failed: ${e}`]));";
    let found = app.client().execute_async(run, vec![]).await.expect("axe-core runs");
    found.as_array().unwrap().iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect()
}

async fn no_violations_in(locale: &'static str) {
    if skip() {
        return;
    }
    let axe = axe_source();
    let desktop = Desktop::new(locale);
    let case = desktop.path("Axe.closeout");
    let new = ["new", path_str(&case), "--store", "Lantern Shop", "--region", "CN", "--stop-date", "2026-10-01"];
    assert!(closeout(&new).status.success());
    assert!(closeout(&["import", path_str(&case), path_str(&sample("订单.xlsx"))]).status.success());
    let app = desktop.launch(&[path_str(&case)]).await;

    // axe finds what it should: an image with no text alternative, put in and taken out again.
    app.wait_testid("verdict").await;
    let probe = "const i = document.createElement('img'); i.id = 'axe-probe'; document.body.append(i);";
    app.client().execute(probe, vec![]).await.unwrap();
    let caught = violations(&app, &axe).await;
    assert!(caught.iter().any(|v| v.starts_with("image-alt")), "axe sees an image with no alt: {caught:?}");
    app.client().execute("document.getElementById('axe-probe').remove();", vec![]).await.unwrap();

    let mut found: Vec<String> = Vec::new();
    found.extend(violations(&app, &axe).await.into_iter().map(|v| format!("task list: {v}")));
    let screens: [(&str, &str); 4] = [
        ("task-closure-notice", "answer-form-closure-notice"),
        ("task-new-orders", "rule-orders-after-stop-date"),
        ("task-unfinished-orders", "order-rules"),
        ("task-balance-withdrawn", "rule-balance-withdrawn"),
    ];
    for (task, shown) in screens {
        app.click(task).await;
        app.wait_testid(shown).await;
        found.extend(violations(&app, &axe).await.into_iter().map(|v| format!("{task}: {v}")));
        app.click("back-to-tasks").await;
        app.wait_testid("verdict").await;
    }
    app.click("open-report").await;
    app.wait_testid("report-preview").await;
    found.extend(violations(&app, &axe).await.into_iter().map(|v| format!("report: {v}")));
    assert!(found.is_empty(), "axe-core finds {} violations:\n{}", found.len(), found.join("\n"));
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_violation_in_english() {
    no_violations_in("en_US.UTF-8").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_violation_in_chinese() {
    no_violations_in("zh_CN.UTF-8").await;
}
