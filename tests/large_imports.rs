//! A million-order export imports by streaming: peak memory stays under 150 MB. And the
//! benchmark's generated files import whole.

use crate::util::{
    closeout, closeout_measured, path_str, slow_tests_enabled, stderr, write_ledger_csv, write_orders_csv,
    write_orders_xlsx,
};

/// Imports a generated million-order export and checks it all arrived within 150 MB.
fn a_million_orders_import(file_name: &str, write: fn(&std::path::Path, u64)) {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join(file_name);
    write(&export, 1_000_000);
    let case = dir.path().join("big.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Big", "--region", "CN"]).status.success());
    let (out, peak) = closeout_measured(&["import", path_str(&case), path_str(&export), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["rows"], 1_000_000);
    assert_eq!(report["files"][0]["new"], 1_000_000);
    crate::util::assert_rows_add_up(&report["files"][0]);
    assert!(peak < 150 << 20, "{file_name}: peak resident memory {} MB", peak >> 20);
    eprintln!("{file_name}: 1M orders imported; peak RSS of the import {} MB", peak >> 20);
}

#[test]
fn a_million_orders_import_in_under_150_mb() {
    if slow_tests_enabled("a_million_orders_import_in_under_150_mb") {
        a_million_orders_import("orders-1m.csv", write_orders_csv);
    }
}

/// An xlsx sheet streams like a CSV: its million rows never sit in memory at once.
#[test]
fn a_million_orders_in_a_workbook_import_in_under_150_mb() {
    if slow_tests_enabled("a_million_orders_in_a_workbook_import_in_under_150_mb") {
        a_million_orders_import("orders-1m.xlsx", write_orders_xlsx);
    }
}

/// The benchmark's generated files (bench/generate.rs) are what they claim to be: every row of
/// an order export and of a GBK ledger with its preamble, footer and totals imports as new.
#[test]
fn generated_exports_import_whole() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("gen.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Gen", "--region", "CN"]).status.success());
    let orders = dir.path().join("orders.csv");
    write_orders_csv(&orders, 700);
    let ledger = dir.path().join("ledger.csv");
    write_ledger_csv(&ledger, 1000);
    // The same generator as a workbook: its first 700 orders read exactly as the CSV's did.
    let workbook = dir.path().join("orders.xlsx");
    write_orders_xlsx(&workbook, 1500);
    let (code, report) = crate::util::import_json(&case, &[orders, ledger, workbook], &[]);
    assert_eq!(code, Some(0));
    let xlsx = &report[2];
    assert_eq!(
        (xlsx["rows"].as_u64(), xlsx["new"].as_u64(), xlsx["unchanged"].as_u64()),
        (Some(1500), Some(800), Some(700))
    );
    for (file, format, rows) in [(0, "aliexpress-orders", 700), (1, "alipay-ledger", 1000)] {
        let file = &report[file];
        assert_eq!(
            (file["format"].as_str(), file["rows"].as_u64(), file["new"].as_u64()),
            (Some(format), Some(rows), Some(rows))
        );
        assert_eq!(file["rejected_rows"], serde_json::json!([]));
    }
}
