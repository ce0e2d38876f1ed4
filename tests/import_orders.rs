//! The order importer on its own, through its public function: what each order sample must give
//! (expected.json), what it must refuse, that no buyer data gets out, and that no input panics.

use std::collections::BTreeMap;
use std::io::Cursor;

use closeout_core::import::orders::read_orders;
use closeout_core::import::{OrderFileInfo, OrderRow, Rejected, RowProblem};
use closeout_core::model::{Currency, OrderState};
use serde_json::Value;

use crate::util::{fuzz_input, sample_bytes, Rng};

pub const ORDER_SAMPLES: [&str; 5] =
    ["订单.xlsx", "orders_2026-09_2026-11.csv", "orders_gbk_unknown.csv", "orders_2025.xls", "b_orders.csv"];

fn expected() -> Value {
    serde_json::from_slice(&sample_bytes("expected.json")).unwrap()
}

/// Everything one read gives: the file's info (or why it was refused) and every row.
struct Read {
    info: Result<OrderFileInfo, Rejected>,
    rows: Vec<OrderRow>,
    problems: Vec<RowProblem>,
    progress_calls: usize,
}

fn read(bytes: &[u8]) -> Read {
    let (mut rows, mut problems, mut progress_calls) = (Vec::new(), Vec::new(), 0);
    let info = read_orders(
        Cursor::new(bytes),
        &[],
        Currency::CNY,
        &mut |row| match row {
            Ok(row) => rows.push(row),
            Err(problem) => problems.push(problem),
        },
        &mut |done, total| {
            assert!(done <= total, "progress {done} of {total}");
            progress_calls += 1;
        },
    );
    Read { info, rows, problems, progress_calls }
}

fn read_sample(name: &str) -> Read {
    let read = read(&sample_bytes(name));
    if let Err(rejected) = &read.info {
        panic!("{name} was rejected: {rejected}");
    }
    read
}

/// The months a file covers: from its earliest to its latest order time (Pacific, which the
/// samples keep on the same date in UTC).
fn coverage(rows: &[OrderRow]) -> Vec<String> {
    let months: Vec<String> = rows.iter().filter_map(|r| r.placed_at).map(|t| t.format("%Y-%m").to_string()).collect();
    vec![months.iter().min().cloned().unwrap_or_default(), months.iter().max().cloned().unwrap_or_default()]
}

#[test]
fn every_order_sample_gives_what_expected_json_says() {
    let exp = expected();
    for name in ORDER_SAMPLES {
        let e = &exp["files"][name];
        let read = read_sample(name);
        assert_eq!(read.rows.len() as u64, e["rows"].as_u64().unwrap(), "{name}: rows");
        let rejected: Vec<(u64, &str)> = read.problems.iter().map(|p| (p.line, p.column.as_str())).collect();
        let want: Vec<(u64, &str)> = e["rejected_rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["line"].as_u64().unwrap(), r["column"].as_str().unwrap()))
            .collect();
        assert_eq!(rejected, want, "{name}: rejected rows");
        let unknown: Vec<(u64, &str, &str)> = read
            .rows
            .iter()
            .filter(|r| r.state == OrderState::Unknown)
            .map(|r| (r.line, r.label.as_str(), r.order_id.as_str()))
            .collect();
        let want: Vec<(u64, &str, &str)> = e["unknown_labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| (u["line"].as_u64().unwrap(), u["value"].as_str().unwrap(), u["order_id"].as_str().unwrap()))
            .collect();
        assert_eq!(unknown, want, "{name}: unknown labels");
        let want: Vec<String> = serde_json::from_value(e["coverage"].clone()).unwrap();
        assert_eq!(coverage(&read.rows), want, "{name}: coverage");
        assert!(read.progress_calls > 0, "{name}: progress is reported");
    }
}

#[test]
fn scenario_a_rows_have_the_expected_states() {
    let exp = expected();
    let finals = exp["scenario_A"]["order_states"].as_object().unwrap();
    // Orders in both 订单.xlsx and the later CSV: the first file shows the older label.
    let older: BTreeMap<&str, &str> = exp["scenario_A_order_independence"]["overlap"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["order_id"].as_str().unwrap(), o["file1_label"].as_str().unwrap()))
        .collect();
    let mut merged: BTreeMap<String, OrderState> = BTreeMap::new();
    for name in ["orders_2025.xls", "orders_gbk_unknown.csv", "订单.xlsx", "orders_2026-09_2026-11.csv"] {
        for row in read_sample(name).rows {
            match older.get(row.order_id.as_str()) {
                Some(label) if name == "订单.xlsx" => assert_eq!(row.label, *label, "{name} {}", row.order_id),
                _ => assert_eq!(row.state.as_str(), finals[&row.order_id], "{name} {} ({})", row.order_id, row.label),
            }
            merged.insert(row.order_id, row.state);
        }
    }
    let mut by_state: BTreeMap<&str, u64> = BTreeMap::new();
    for state in merged.values() {
        *by_state.entry(state.as_str()).or_default() += 1;
    }
    let want = exp["scenario_A"]["orders"]["by_state"].as_object().unwrap();
    for (state, count) in want {
        assert_eq!(by_state.get(state.as_str()).copied().unwrap_or(0), count.as_u64().unwrap(), "{state}");
    }
    assert_eq!(merged.len() as u64, exp["scenario_A"]["orders"]["total"].as_u64().unwrap());
}

#[test]
fn scenario_b_orders_are_all_completed_or_closed() {
    let exp = expected();
    let rows = read_sample("b_orders.csv").rows;
    for (state, count) in exp["scenario_B"]["orders"]["by_state"].as_object().unwrap() {
        let got = rows.iter().filter(|r| r.state.as_str() == state).count() as u64;
        assert_eq!(got, count.as_u64().unwrap(), "{state}");
    }
    let latest = rows.iter().filter_map(|r| r.confirmed_at).max().unwrap();
    let pacific = latest.with_timezone(&chrono_tz::America::Los_Angeles).format("%Y-%m-%d %H:%M").to_string();
    assert_eq!(pacific, exp["scenario_B"]["latest_confirm_pacific"].as_str().unwrap());
}

#[test]
fn sample_rows_carry_ids_money_items_and_countdowns() {
    let read = read_sample("订单.xlsx");
    let info = read.info.unwrap();
    assert_eq!((info.encoding, info.header_line), ("xlsx", 1));
    assert!(info.missing.is_empty(), "{:?}", info.missing);
    assert!(info.columns.iter().any(|(field, header)| field == "items" && header.starts_with("产品信息\n")));
    assert!(read.rows.iter().all(|r| r.order_id.len() == 16 && !r.items.is_empty() && r.amount.is_some()));
    assert!(read.rows.iter().any(|r| r.amount.is_some_and(|m| m.amount >= 1000.into())), "thousands separators");
    assert!(read.rows.iter().any(|r| r.items.len() > 1), "multi-item orders");
    assert!(read.rows.iter().all(|r| r.items.iter().all(|i| i.quantity.is_some() && i.sku.is_some())));
    let countdowns: Vec<&OrderRow> = read.rows.iter().filter(|r| r.countdown.is_some()).collect();
    assert!(!countdowns.is_empty() && countdowns.iter().all(|r| r.countdown_left.is_some()));
    for (id, title) in [
        ("3409289052747564", "<img src=x onerror=alert(1)>Phone case"),
        ("3283480656709018", "<script>alert(2)</script>"),
    ] {
        let row = read.rows.iter().find(|r| r.order_id == id).unwrap();
        assert_eq!(row.items[0].title, title, "hostile titles are kept as text, as written");
    }

    let xls = read_sample("orders_2025.xls");
    assert_eq!(xls.info.as_ref().unwrap().encoding, "xls");
    assert!(xls.rows.iter().all(|r| r.placed_at.is_some()), "date cells become instants");

    let csv = read_sample("orders_2026-09_2026-11.csv");
    assert_eq!(csv.info.as_ref().unwrap().encoding, "utf-8-bom");
    let damaged = &csv.problems[0];
    assert!(
        damaged.reason.to_string().contains("3.03127E+15") && damaged.reason.to_string().contains("Seller Center"),
        "{}",
        damaged.reason
    );
    assert_eq!(read_sample("orders_gbk_unknown.csv").info.unwrap().encoding, "gb18030");
    assert_eq!(read_sample("b_orders.csv").info.unwrap().encoding, "utf-8");
}

#[test]
fn no_buyer_data_leaves_the_importer() {
    for name in ORDER_SAMPLES {
        let read = read_sample(name);
        for row in &read.rows {
            assert!(!format!("{row:?}").contains("ZZPII"), "{name}: {row:?}");
        }
        for problem in &read.problems {
            assert!(!format!("{problem:?}").contains("ZZPII"), "{name}: {problem:?}");
        }
        assert!(!format!("{:?}", read.info).contains("ZZPII"));
    }
}

#[test]
fn files_that_are_not_order_exports_are_rejected_with_what_they_look_like() {
    for (name, looks_like) in [
        ("garbage.xlsx", "random or damaged bytes"),
        ("wechat_bill.csv", "WeChat Pay bill"),
        ("支付宝交易明细(20260901-20261031).csv", "Alipay statement"),
        ("alipay_record_20211201.csv", "Alipay statement"),
        ("alipay_app_2022.csv", "Alipay statement"),
        ("truncated_alipay.csv", "Alipay statement"),
        ("20880098765432105678_20261101_账务明细.csv", "Alipay business ledger"),
        ("b_ledger.csv", "Alipay business ledger"),
        ("ledger.zip", "zip archive"),
        ("放款.xlsx", "fund-release export"),
        ("退款.xlsx", "refund export"),
    ] {
        let read = read(&sample_bytes(name));
        let rejected = read.info.expect_err(name);
        assert!(rejected.looks_like.to_string().contains(looks_like), "{name}: {rejected}");
        // What to export instead: the order export, or for a look-alike the statement to import.
        assert!(
            rejected.advice.to_string().contains("Seller Center") || rejected.refused_as.is_some(),
            "{name}: {rejected}"
        );
        assert!(read.rows.is_empty() && read.problems.is_empty(), "{name}: nothing reaches the sink");
    }
    assert_eq!(read(b"").info.unwrap_err().looks_like.to_string(), "an empty file");
}

#[test]
fn no_input_makes_the_importer_panic() {
    let names = ORDER_SAMPLES.iter().chain(&["garbage.xlsx", "wechat_bill.csv", "truncated_alipay.csv", "放款.xlsx"]);
    let samples: Vec<Vec<u8>> = names.map(|n| sample_bytes(n)).collect();
    let mut rng = Rng(0x5EED_0FC1_05E0);
    for case in 0..2000 {
        let bytes = fuzz_input(&mut rng, &samples);
        let outcome = std::panic::catch_unwind(|| read(&bytes));
        let read = outcome.unwrap_or_else(|_| panic!("case {case} panicked on {} bytes", bytes.len()));
        if read.info.is_ok() {
            assert!(read.rows.iter().all(|r| !r.order_id.is_empty() && r.line > 0), "case {case}");
        }
    }
}
