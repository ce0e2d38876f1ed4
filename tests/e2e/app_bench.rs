//! The app's side of the benchmark (bench/run.sh measures the command line): cold start to the
//! first task list, and progress events per second and Cancel's latency during a 1M-row
//! import. It prints figures rather than judging them, so it runs only when asked:
//! `CLOSEOUT_BENCH_APP=1 cargo test --release --test tests app_bench -- --nocapture`.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use super::harness::{skip, Desktop};
use crate::util::{closeout, path_str, window_bin, write_orders_csv};

const RUNS: usize = 3;
const IMPORT_ROWS: u64 = 1_000_000;

fn enabled() -> bool {
    let on = std::env::var_os("CLOSEOUT_BENCH_APP").is_some_and(|v| v == "1");
    if !on {
        eprintln!("app benchmark skipped; set CLOSEOUT_BENCH_APP=1 to run it");
    }
    on
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Seconds since the app's process started (Linux: its start time in /proc against uptime).
fn seconds_since_app_started() -> f64 {
    let bin = window_bin().canonicalize().unwrap();
    let uptime: f64 =
        std::fs::read_to_string("/proc/uptime").unwrap().split_whitespace().next().unwrap().parse().unwrap();
    // SAFETY: sysconf only reads a configuration value.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let started = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter(|e| std::fs::read_link(e.path().join("exe")).is_ok_and(|exe| exe == bin))
        .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
        // The fields after the command name (which may hold spaces) start at its closing ')'.
        .filter_map(|stat| {
            stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(19)?.parse::<f64>().ok())
        })
        .fold(0.0, f64::max);
    assert!(started > 0.0, "the app's process was not found");
    uptime - started / ticks
}

fn new_case(path: &Path) {
    assert!(closeout(&["new", path_str(path), "--store", "Bench", "--region", "CN"]).status.success());
}

#[tokio::test(flavor = "multi_thread")]
async fn app_bench() {
    if skip() || !enabled() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let case = desktop.path("Bench.closeout");
    new_case(&case);

    // Cold start: from the process starting to the task list on screen.
    let mut starts = Vec::new();
    for _ in 0..RUNS {
        let app = desktop.launch(&[path_str(&case)]).await;
        app.wait_testid("tasks-progress").await;
        starts.push(seconds_since_app_started());
        app.quit().await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    // A 1M-row import: count progress updates for a few seconds, then Cancel.
    let csv = desktop.path("orders-1m.csv");
    write_orders_csv(&csv, IMPORT_ROWS);
    let (mut rates, mut cancels) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let app = desktop.launch(&[path_str(&case)]).await;
        app.click("task-import-orders").await;
        app.wait_testid("import-progress").await;
        app.client()
            .execute(
                "window.__bench = { updates: [], done: null };
                 new MutationObserver(() => window.__bench.updates.push(performance.now()))
                   .observe(document.querySelector('[data-testid=\"import-progress\"]'), { attributes: true, attributeFilter: ['value'] });
                 import('./screens/import.js').then((m) => m.importPaths([arguments[0]]))
                   .then(() => { window.__bench.done = performance.now(); });",
                vec![Value::from(path_str(&csv))],
            )
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_secs(4)).await;
        let bench = app
            .client()
            .execute(
                "const b = window.__bench; b.cancelled = performance.now();
                 document.querySelector('[data-testid=\"import-cancel\"]').click();
                 return b;",
                vec![],
            )
            .await
            .unwrap();
        let updates: Vec<f64> = bench["updates"].as_array().unwrap().iter().filter_map(Value::as_f64).collect();
        assert!(updates.len() >= 2, "no progress reached the page: {bench}");
        assert!(bench["done"].is_null(), "the import ended before Cancel; use a larger file");
        let span = (updates[updates.len() - 1] - updates[0]) / 1000.0;
        rates.push((updates.len() - 1) as f64 / span);
        let cancelled = bench["cancelled"].as_f64().unwrap();
        let done = loop {
            let done = app.client().execute("return window.__bench.done;", vec![]).await.unwrap();
            if let Some(done) = done.as_f64() {
                break done;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        cancels.push((done - cancelled) / 1000.0);
        app.quit().await;
        // A cancelled import leaves the case as it was.
        let files = closeout(&["files", path_str(&case)]);
        let listed = String::from_utf8_lossy(&files.stdout).into_owned();
        assert!(!listed.contains("orders-1m.csv"), "the cancelled file was kept: {listed} {bench} done {done}");
    }
    eprintln!(
        "app, medians of {RUNS}: cold start to the task list {:.2} s; progress updates {:.1}/s during a {}-row import; \
         Cancel took effect in {:.3} s",
        median(starts),
        median(rates),
        IMPORT_ROWS,
        median(cancels)
    );
}
