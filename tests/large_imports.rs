//! A million-order export imports by streaming: peak memory stays under 150 MB.

use crate::util::{closeout, path_str, peak_child_rss_bytes, slow_tests_enabled, stderr, write_orders_csv};

#[test]
fn a_million_orders_import_in_under_150_mb() {
    if !slow_tests_enabled("a_million_orders_import_in_under_150_mb") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("orders-1m.csv");
    write_orders_csv(&csv, 1_000_000);
    let case = dir.path().join("big.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Big", "--region", "CN"]).status.success());
    let out = closeout(&["import", path_str(&case), path_str(&csv), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["rows"], 1_000_000);
    assert_eq!(report["files"][0]["new"], 1_000_000);
    let peak = peak_child_rss_bytes();
    assert!(peak < 150 << 20, "peak resident memory {} MB", peak >> 20);
    eprintln!("1M orders imported; peak child RSS {} MB", peak >> 20);
}
