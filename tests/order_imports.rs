//! Importing order exports into a case, through the CLI and the core: what scenario A of the
//! samples must give, independence from import order, re-imports, forget, privacy, atomicity.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use closeout_core::case::{Case, ImportStatus};
use closeout_core::checklist::Checklist;
use closeout_core::locale::Lang;
use closeout_core::model::{parse_date, ProfileInput};
use serde_json::Value;

use crate::util::{closeout, path_str, sample, stderr, stdout};

const ORDER_FILES: [&str; 4] = ["订单.xlsx", "orders_2026-09_2026-11.csv", "orders_gbk_unknown.csv", "orders_2025.xls"];

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(sample("expected.json")).unwrap()).unwrap()
}

fn scenario_a_case(dir: &Path) -> PathBuf {
    crate::util::scenario_a_case(dir, "a.closeout")
}

fn import_json(case: &Path, files: &[&str]) -> (Option<i32>, Value) {
    let paths: Vec<PathBuf> = files.iter().map(|f| sample(f)).collect();
    let (code, reports) = crate::util::import_json(case, &paths, &[]);
    (code, serde_json::json!({ "files": reports }))
}

fn check(case: &Path) -> Value {
    let out = closeout(&["check", path_str(case), "--as-of", "2026-11-20", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn rule<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["rules"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap()
}

#[test]
fn scenario_a_order_exports_give_what_the_samples_say() {
    let dir = tempfile::tempdir().unwrap();
    let case = scenario_a_case(dir.path());
    let (code, doc) = import_json(&case, &ORDER_FILES);
    assert_eq!(code, Some(0), "{doc}");
    let exp = expected();
    for (report, name) in doc["files"].as_array().unwrap().iter().zip(ORDER_FILES) {
        let e = &exp["files"][name];
        assert_eq!(report["status"], "imported", "{name}");
        assert_eq!(report["format"], "aliexpress-orders", "{name}");
        assert_eq!(report["rows"], crate::util::rows_read(e), "{name}");
        assert_eq!(report["rejected_rows"].as_array().unwrap().len() as u64, e["rejected"].as_u64().unwrap(), "{name}");
        for (got, want) in
            report["rejected_rows"].as_array().unwrap().iter().zip(e["rejected_rows"].as_array().unwrap())
        {
            assert_eq!((&got["line"], &got["column"]), (&want["line"], &want["column"]), "{name}");
        }
        let labels = report["unknown_labels"].as_array().unwrap();
        assert_eq!(labels.len(), e["unknown_labels"].as_array().unwrap().len(), "{name}");
        for (got, want) in labels.iter().zip(e["unknown_labels"].as_array().unwrap()) {
            assert_eq!((&got["line"], &got["column"], &got["value"]), (&want["line"], &want["column"], &want["value"]));
        }
    }
    let csv = &doc["files"][1];
    let forward = &exp["files"]["orders_2026-09_2026-11.csv"]["forward_import_counts"];
    assert_eq!(
        (&csv["new"], &csv["updated"], &csv["unchanged"]),
        (&forward["new"], &forward["updated"], &forward["unchanged"])
    );

    let doc = check(&case);
    let a = &exp["scenario_A"];
    assert_eq!(doc["orders"]["total"], a["orders"]["total"]);
    for (state, count) in a["orders"]["by_state"].as_object().unwrap() {
        assert_eq!(doc["orders"]["by_state"][state].as_u64().unwrap_or(0), count.as_u64().unwrap(), "{state}");
    }
    for id in [
        "orders-awaiting-payment",
        "orders-awaiting-shipment",
        "orders-awaiting-receipt",
        "orders-in-dispute",
        "orders-risk-control",
        "orders-frozen",
    ] {
        let want = &a["rules"][id];
        assert_eq!(rule(&doc, id)["status"], want["status"], "{id}");
        assert_eq!(rule(&doc, id)["order_ids"], want["order_ids"], "{id}");
    }
    assert_eq!(rule(&doc, "buyer-protection-window")["status"], "blocked");
    assert_eq!(rule(&doc, "buyer-protection-window")["until"], a["rules"]["buyer-protection-window"]["until"]);
    let after = rule(&doc, "orders-after-stop-date");
    assert_eq!(after["status"], "warning");
    assert_eq!(after["order_ids"], a["rules"]["orders-after-stop-date"]["order_ids"]);
    let coverage = rule(&doc, "order-export-coverage");
    assert_eq!(coverage["status"], "warning");
    assert!(coverage["evidence"].as_str().unwrap().contains("15 months"), "{}", coverage["evidence"]);
    assert!(coverage["evidence"].as_str().unwrap().contains("2025-04 – 2026-06"));
    let rejections = rule(&doc, "import-rejections");
    assert_eq!(rejections["status"], "blocked");
    assert!(rejections["evidence"].as_str().unwrap().contains("orders_2026-09_2026-11.csv:108"));
    assert_eq!(doc["verdict"], "not_ready");
    assert_eq!(doc["earliest_closure_date"], Value::Null);

    // Each order's final state, as the samples give it.
    let case = Case::open(&case).unwrap();
    let (open, _) = case.open_orders(1000).unwrap();
    for order in open {
        assert_eq!(a["order_states"][&order.order_id], order.state.as_str(), "{}", order.order_id);
    }
}

/// All 24 orders in which the four overlapping exports can be imported give one answer.
#[test]
fn import_order_never_changes_the_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let as_of = parse_date("2026-11-20").unwrap();
    let mut reference: Option<Value> = None;
    for (n, order) in permutations(&ORDER_FILES).into_iter().enumerate() {
        let path = dir.path().join(format!("p{n}.closeout"));
        let profile = ProfileInput {
            store_name: "Maple".into(),
            region: "CN".into(),
            stop_date: Some("2026-09-15".into()),
            ..Default::default()
        }
        .into_profile()
        .unwrap();
        let mut case = Case::create(&path, &profile).unwrap();
        for name in &order {
            case.import_file(&sample(name), None, &AtomicBool::new(false), &mut |_, _| {}).unwrap();
        }
        let doc = Checklist::of(&case, as_of).unwrap().into_json(Lang::En, closeout_core::checklist::OrderIds::All);
        match &reference {
            None => reference = Some(doc),
            Some(first) => assert_eq!(&doc, first, "import order {order:?} changed the result"),
        }
    }
}

/// `check --json` lists every order id of a rule; the window is sent the first few and the count.
#[test]
fn the_window_gets_the_first_order_ids_and_how_many_there_are() {
    use closeout_core::checklist::OrderIds;
    let dir = tempfile::tempdir().unwrap();
    let profile = ProfileInput { store_name: "Maple".into(), region: "CN".into(), ..Default::default() };
    let mut case = Case::create(&dir.path().join("w.closeout"), &profile.into_profile().unwrap()).unwrap();
    case.import_file(&sample("orders_2026-09_2026-11.csv"), None, &AtomicBool::new(false), &mut |_, _| {}).unwrap();
    let as_of = parse_date("2026-11-20").unwrap();
    let all = Checklist::of(&case, as_of).unwrap().into_json(Lang::En, OrderIds::All);
    let first = Checklist::of(&case, as_of).unwrap().into_json(Lang::En, OrderIds::First(1));
    let mut listed = 0;
    for (a, f) in all["rules"].as_array().unwrap().iter().zip(first["rules"].as_array().unwrap()) {
        let ids = a["order_ids"].as_array().unwrap();
        assert_eq!(
            (a["order_count"].as_u64(), f["order_count"].as_u64()),
            (Some(ids.len() as u64), Some(ids.len() as u64))
        );
        assert_eq!(f["order_ids"].as_array().unwrap().as_slice(), &ids[..ids.len().min(1)], "{}", a["id"]);
        listed += ids.len();
    }
    assert!(listed > 3, "the sample has rules with several orders ({listed})");
}

fn permutations(items: &[&'static str]) -> Vec<Vec<&'static str>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut tail in permutations(&rest) {
            tail.insert(0, first);
            out.push(tail);
        }
    }
    out
}

#[test]
fn the_same_bytes_twice_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let case = scenario_a_case(dir.path());
    import_json(&case, &["订单.xlsx"]);
    let before = check(&case);
    let (code, doc) = import_json(&case, &["订单.xlsx"]);
    assert_eq!(code, Some(0));
    assert_eq!(doc["files"][0]["status"], "already-imported");
    assert_eq!(check(&case), before);
    let out = closeout(&["files", path_str(&case), "--json"]);
    let files: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(files["files"].as_array().unwrap().len(), 1);
    assert_eq!(files["files"][0]["sha256"], expected()["files"]["订单.xlsx"]["sha256"]);
}

#[test]
fn forgetting_a_file_takes_back_only_what_it_brought() {
    let dir = tempfile::tempdir().unwrap();
    let case = scenario_a_case(dir.path());
    import_json(&case, &["订单.xlsx"]);
    let xlsx_only = check(&case);
    import_json(&case, &["orders_2026-09_2026-11.csv"]);
    assert_ne!(check(&case), xlsx_only);
    let out = closeout(&["forget", path_str(&case), "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(check(&case), xlsx_only, "the overlapping orders are back to what 订单.xlsx says");
    assert!(closeout(&["forget", path_str(&case), "1"]).status.success());
    assert_eq!(rule(&check(&case), "orders-frozen")["status"], "not_checked", "no order data left");
    assert_eq!(closeout(&["forget", path_str(&case), "99"]).status.code(), Some(1));
}

#[test]
fn buyer_personal_data_never_reaches_the_case_file() {
    let dir = tempfile::tempdir().unwrap();
    let case = scenario_a_case(dir.path());
    let (_, _) = import_json(
        &case,
        &["订单.xlsx", "orders_2026-09_2026-11.csv", "orders_gbk_unknown.csv", "orders_2025.xls", "b_orders.csv"],
    );
    let marker = expected()["scenario_A"]["pii"]["marker"].as_str().unwrap().to_owned();
    for suffix in ["", "-wal"] {
        let path = PathBuf::from(format!("{}{suffix}", case.display()));
        if let Ok(bytes) = std::fs::read(&path) {
            assert!(!bytes.windows(marker.len()).any(|w| w == marker.as_bytes()), "{} holds {marker}", path.display());
        }
    }
}

#[test]
fn a_cancelled_import_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.closeout");
    let mut case = Case::create(
        &path,
        &ProfileInput { store_name: "C".into(), region: "CN".into(), ..Default::default() }.into_profile().unwrap(),
    )
    .unwrap();
    let err = case
        .import_file(&sample("orders_2026-09_2026-11.csv"), None, &AtomicBool::new(true), &mut |_, _| {})
        .unwrap_err();
    assert_eq!(err.code(), "cancelled");
    assert!(case.files().unwrap().is_empty());
    assert!(case.quarantine().unwrap().is_empty());
    assert_eq!(case.open_orders(10).unwrap().1, 0);
    let report =
        case.import_file(&sample("orders_2026-09_2026-11.csv"), None, &AtomicBool::new(false), &mut |_, _| {}).unwrap();
    assert_eq!(report.status, ImportStatus::Imported, "the same file imports afterwards");
}

#[test]
fn files_that_are_not_order_exports_are_refused_and_the_rest_imported() {
    let dir = tempfile::tempdir().unwrap();
    let case = scenario_a_case(dir.path());
    let (code, doc) = import_json(&case, &["garbage.xlsx", "b_orders.csv", "wechat_bill.csv"]);
    assert_eq!(code, Some(1));
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files[0]["status"], "rejected");
    assert!(files[0]["error"].as_str().unwrap().len() > 10);
    assert_eq!(files[1]["status"], "imported");
    assert_eq!(files[2]["status"], "rejected");
    assert!(files[2]["error"].as_str().unwrap().contains("WeChat"), "{}", files[2]["error"]);
    let listed: Value = serde_json::from_str(&stdout(&closeout(&["files", path_str(&case), "--json"]))).unwrap();
    assert_eq!(listed["files"].as_array().unwrap().len(), 1, "nothing kept from rejected files");
}

#[test]
fn scenario_b_orders_set_the_buyer_protection_date() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("b.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "B", "--region", "CN", "--stop-date", "2026-10-31"])
        .status
        .success());
    let (code, _) = import_json(&case, &["b_orders.csv"]);
    assert_eq!(code, Some(0));
    let doc = check(&case);
    let window = rule(&doc, "buyer-protection-window");
    assert_eq!((window["status"].as_str(), window["until"].as_str()), (Some("blocked"), Some("2026-11-21")));
    assert_eq!(rule(&doc, "orders-after-stop-date")["status"], "pass");
    assert_eq!(doc["orders"]["total"], 12);
}

#[test]
fn kept_aside_rows_can_be_dismissed_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let case = scenario_a_case(dir.path());
    import_json(&case, &["orders_2026-09_2026-11.csv"]);
    let out = closeout(&["rejections", path_str(&case), "--json"]);
    let rows: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let row = &rows["rejected_rows"][0];
    assert_eq!(row["line"], 108);
    assert!(!row["raw"].as_str().unwrap().contains("ZZPII"), "no personal columns in the raw text");
    let id = row["id"].to_string();
    assert_eq!(
        closeout(&["rejections", path_str(&case), "--dismiss", &id]).status.code(),
        Some(2),
        "a note is required"
    );
    assert!(closeout(&[
        "rejections",
        path_str(&case),
        "--dismiss",
        &id,
        "--note",
        "re-exported; order is in the xlsx"
    ])
    .status
    .success());
    // Dismissed, the row is still evidence: its status shows an order awaiting receipt
    // (CN¥219.90), and dismissing the row finishes no order, so it still blocks.
    let checked = check(&case);
    let rejections = rule(&checked, "import-rejections");
    assert_eq!(rejections["status"], "blocked", "{rejections}");
    assert!(rejections["evidence"].as_str().unwrap().contains("unfinished"), "{rejections}");
}

#[test]
fn an_unknown_layout_is_named_then_imported_through_a_saved_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let case = scenario_a_case(dir.path());
    let file = dir.path().join("translated.csv");
    std::fs::write(
        &file,
        "Order No,State,Buyer email,Ordered,Total\n8000000000000001,等待您发货,ZZPII,2026-09-01 02:00,US $12.50\n",
    )
    .unwrap();
    let import = || {
        let out = closeout(&["import", path_str(&case), path_str(&file), "--json"]);
        (out.status.code(), serde_json::from_str::<Value>(&stdout(&out)).unwrap())
    };
    let (code, doc) = import();
    assert_eq!(code, Some(1));
    let report = &doc["files"][0];
    let error = report["error"].as_str().unwrap();
    assert!(error.contains("Order No, State, Buyer email, Ordered, Total"), "names what it found: {error}");
    assert!(
        error.contains("订单号 (order_id)") && error.contains("订单状态 (status)"),
        "names what it missed: {error}"
    );
    assert_eq!(report["unknown_layout"]["headers"][0], "Order No");

    let map = |columns: &[&str]| {
        let mut args = vec!["map-columns", path_str(&case), "--name", "Translated"];
        args.extend(columns);
        closeout(&args)
    };
    let refused = map(&["order_id=Order No", "status=State", "country=Buyer email"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("personal data"), "{}", stderr(&refused));
    assert!(map(&["order_id=Order No", "status=State", "placed_at=Ordered", "amount=Total"]).status.success());
    let listed = stdout(&closeout(&["map-columns", path_str(&case)]));
    assert!(listed.contains("Translated: order_id=Order No, status=State"), "{listed}");

    let (code, doc) = import();
    assert_eq!(code, Some(0), "{doc}");
    assert_eq!((doc["files"][0]["status"].as_str(), doc["files"][0]["new"].as_u64()), (Some("imported"), Some(1)));
    let checked = check(&case);
    assert_eq!(rule(&checked, "orders-awaiting-shipment")["order_ids"][0], "8000000000000001");
    assert!(!std::fs::read(&case).unwrap().windows(5).any(|w| w == b"ZZPII"), "personal data stayed out");
}

/// Fuzzed files through the whole import: each is kept whole (its rows all counted) or not at
/// all, and what earlier files brought is never disturbed.
#[test]
fn a_damaged_file_is_imported_whole_or_not_at_all() {
    use crate::import_orders::ORDER_SAMPLES;
    use crate::util::{fuzz_input, sample_bytes, Rng};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.closeout");
    let profile = ProfileInput { store_name: "F".into(), region: "CN".into(), ..Default::default() };
    let mut case = Case::create(&path, &profile.into_profile().unwrap()).unwrap();
    let samples: Vec<Vec<u8>> = ORDER_SAMPLES.iter().map(|n| sample_bytes(n)).collect();
    let db = rusqlite::Connection::open(&path).unwrap();
    let count = |sql: &str| db.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    let mut rng = Rng(0xC10_5E0F);
    let (mut imported, mut rejected) = (0, 0);
    for n in 0..120 {
        let file = dir.path().join(format!("fuzz-{n}.csv"));
        std::fs::write(&file, fuzz_input(&mut rng, &samples)).unwrap();
        // Each observation is stored once: as its order when it wins, as an observation if not.
        let observations = "SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_observations)";
        let (files, before) = (count("SELECT count(*) FROM imported_files"), count(observations));
        let report = case.import_file(&file, None, &AtomicBool::new(false), &mut |_, _| {}).unwrap();
        let kept = count(observations) - before;
        match report.status {
            ImportStatus::Rejected => {
                rejected += 1;
                assert_eq!((count("SELECT count(*) FROM imported_files"), kept), (files, 0), "file {n} left rows");
            }
            ImportStatus::Imported => {
                imported += 1;
                let stored = count(
                    "SELECT coalesce(sum(rows), 0) FROM imported_files WHERE id = (SELECT max(id) FROM imported_files)",
                );
                assert_eq!(stored as u64, report.rows, "file {n}");
                assert!(kept as u64 <= report.rows, "file {n}: more observations than rows");
            }
            ImportStatus::AlreadyImported => assert_eq!(kept, 0),
        }
    }
    assert!(imported > 10 && rejected > 10, "the fuzz reached both outcomes: {imported} imported, {rejected} rejected");
}

#[test]
fn a_cancel_in_the_middle_of_a_large_import_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("orders.csv");
    crate::util::write_orders_csv(&csv, 200_000);
    let path = dir.path().join("c.closeout");
    let profile = ProfileInput { store_name: "C".into(), region: "CN".into(), ..Default::default() };
    let mut case = Case::create(&path, &profile.into_profile().unwrap()).unwrap();
    let cancel = AtomicBool::new(false);
    let mut progressed = 0;
    let outcome = case.import_file(&csv, None, &cancel, &mut |done, total| {
        progressed += 1;
        if done > total / 10 {
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    });
    assert!(progressed > 1, "progress came before the cancel");
    assert_eq!(outcome.map(|r| r.status).unwrap_err().code(), "cancelled");
    assert!(case.files().unwrap().is_empty(), "nothing of the cancelled file was kept");
    assert_eq!(case.open_orders(10).unwrap().1, 0);
}
