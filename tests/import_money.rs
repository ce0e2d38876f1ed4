//! The money importers end to end: every statement and fund sample through `closeout import`,
//! what expected.json says each gives, the balances `check --json` then reports, encrypted
//! zips, and that no input panics or leaves part of a file behind.

use std::io::{Cursor, Write as _};
use std::path::{Path, PathBuf};

use closeout_core::import::{read_file, ReadOptions, Record, RowProblem};
use closeout_core::model::Currency;
use serde_json::Value;

use crate::util::{closeout, fuzz_input, path_str, sample, sample_bytes, stderr, stdout, Rng};

const LEDGER: &str = "20880098765432105678_20261101_账务明细.csv";
const PERSONAL_C: &str = "支付宝交易明细(20260901-20261031).csv";

/// Samples that import as money, with their expected format.
const MONEY_SAMPLES: [&str; 9] = [
    LEDGER,
    "b_ledger.csv",
    PERSONAL_C,
    "alipay_record_20211201.csv",
    "alipay_app_2022.csv",
    "ledger.zip",
    "放款.xlsx",
    "退款.xlsx",
    "b_放款.xlsx",
];

fn expected() -> Value {
    serde_json::from_slice(&sample_bytes("expected.json")).unwrap()
}

/// A new CN case in Asia/Shanghai.
fn new_case(dir: &Path, stop_date: Option<&str>) -> PathBuf {
    let case = dir.join("store.closeout");
    let mut args = vec!["new", path_str(&case), "--store", "Maple Craft Supplies (枫叶手工)", "--region", "CN"];
    args.extend(["--timezone", "Asia/Shanghai"]);
    if let Some(date) = stop_date {
        args.extend(["--stop-date", date]);
    }
    let out = closeout(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    case
}

fn import(case: &Path, files: &[PathBuf], extra: &[&str]) -> (Option<i32>, Vec<Value>) {
    crate::util::import_json(case, files, extra)
}

fn check(case: &Path, as_of: &str) -> Value {
    let out = closeout(&["check", path_str(case), "--as-of", as_of, "--json"]);
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn rule<'a>(check: &'a Value, id: &str) -> &'a Value {
    check["rules"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("no rule {id}"))
}

fn files_in(case: &Path) -> Vec<Value> {
    let out = closeout(&["files", path_str(case), "--json"]);
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    json["files"].as_array().unwrap().clone()
}

#[test]
fn every_money_sample_imports_as_expected_json_says() {
    let exp = expected();
    for name in MONEY_SAMPLES {
        let e = &exp["files"][name];
        let dir = tempfile::tempdir().unwrap();
        let case = new_case(dir.path(), None);
        let (code, reports) = import(&case, &[sample(name)], &[]);
        let report = &reports[0];
        assert_eq!(code, Some(0), "{name}: {report}");
        assert_eq!(report["status"], "imported", "{name}: {report}");
        assert_eq!(report["format"], e["format"], "{name}");
        assert_eq!(report["rows"], crate::util::rows_read(e), "{name}: rows");
        assert_eq!(report["rejected_rows"].as_array().unwrap().len() as u64, e["rejected"].as_u64().unwrap(), "{name}");
        if let Some(balance) = e["final_balance"].as_str() {
            let funds = &check(&case, "2026-11-20")["funds"];
            assert_eq!(funds[0]["available"], balance, "{name}: {funds}");
            assert_eq!(
                (funds[0]["currency"].as_str(), funds[0]["source"].as_str()),
                (Some("CNY"), Some("alipay-ledger"))
            );
        }
        let files = files_in(&case);
        assert_eq!(files[0]["rows"], crate::util::rows_read(e), "{name}: files lists what was read");
    }
}

#[test]
fn the_ledger_zip_next_to_the_plain_ledger_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), None);
    let (code, reports) = import(&case, &[sample(LEDGER), sample("ledger.zip")], &[]);
    assert_eq!(code, Some(0));
    assert_eq!((reports[0]["new"].as_u64(), reports[0]["unchanged"].as_u64()), (Some(14), Some(0)));
    assert_eq!((reports[1]["new"].as_u64(), reports[1]["unchanged"].as_u64()), (Some(0), Some(14)));
    assert_eq!(check(&case, "2026-11-20")["funds"][0]["available"], "1288.40");
    // Imported again, the same bytes change nothing.
    let (_, again) = import(&case, &[sample("ledger.zip")], &[]);
    assert_eq!(again[0]["status"], "already-imported");
}

#[test]
fn files_that_must_be_refused_leave_nothing_behind() {
    for (name, looks_like) in [
        ("truncated_alipay.csv", "cut off"),
        ("garbage.xlsx", "random or damaged bytes"),
        ("wechat_bill.csv", "WeChat Pay bill"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let case = new_case(dir.path(), None);
        let (code, reports) = import(&case, &[sample(name)], &[]);
        let report = &reports[0];
        assert_eq!(code, Some(1), "{name}");
        assert_eq!((report["status"].as_str(), report["rows"].as_u64()), (Some("rejected"), Some(0)), "{name}");
        let error = report["error"].as_str().unwrap();
        assert!(error.contains(looks_like), "{name}: {error}");
        assert!(files_in(&case).is_empty(), "{name}: nothing kept");
    }
    let truncated = {
        let dir = tempfile::tempdir().unwrap();
        let case = new_case(dir.path(), None);
        import(&case, &[sample("truncated_alipay.csv")], &[]).1.remove(0)
    };
    let line = expected()["files"]["truncated_alipay.csv"]["if_imported"]["rejected_line"].as_u64().unwrap();
    assert!(truncated["error"].as_str().unwrap().contains(&format!("line {line}")), "{truncated}");
    assert!(!truncated["error"].as_str().unwrap().contains("WeChat"));
    let wechat = {
        let dir = tempfile::tempdir().unwrap();
        let case = new_case(dir.path(), None);
        import(&case, &[sample("wechat_bill.csv")], &[]).1.remove(0)
    };
    assert!(wechat["error"].as_str().unwrap().contains("Import the Alipay statement"), "{wechat}");
    assert_eq!(wechat["refused_as"], "wechat-pay", "{wechat}");
}

/// A ledger ending at `balance` after one income row.
fn ledger_ending_at(dir: &Path, balance: &str) -> PathBuf {
    let text = format!(
        "#支付宝账务明细查询\r\n#账号：[2088]\r\n#起始日期：[2026年11月01日 00:00:00]   终止日期：[2026年12月01日 00:00:00]\r\n\
         #-----账务明细列表-----\r\n账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注\r\n\
         2026110100000000000000000001\t,1\t,\t,货款\t,2026-11-01 10:00:00,某**\t,{balance},0.00,{balance},支付宝,交易付款,\r\n\
         #-----账务明细列表结束-----,,,\r\n#支出合计：0笔，共0.00元,,,\r\n#收入合计：1笔，共{balance}元,,,\r\n"
    );
    let path = dir.join(format!("ledger_{balance}.csv"));
    std::fs::write(&path, encoding_rs::GB18030.encode(&text).0).unwrap();
    path
}

#[test]
fn balance_withdrawn_blocks_with_the_ledgers_last_balance_and_passes_at_zero() {
    for (balance, status) in [("12.34", "blocked"), ("0.00", "pass")] {
        let dir = tempfile::tempdir().unwrap();
        let case = new_case(dir.path(), None);
        let (code, _) = import(&case, &[ledger_ending_at(dir.path(), balance)], &[]);
        assert_eq!(code, Some(0));
        let check = check(&case, "2026-12-05");
        let rule = rule(&check, "balance-withdrawn");
        assert_eq!(rule["status"], status, "{balance}: {rule}");
        assert_eq!(check["funds"][0]["available"], balance);
        if status == "blocked" {
            assert!(rule["evidence"].as_str().unwrap().contains("CN¥12.34"), "{rule}");
        }
    }
    // The samples: the October ledger leaves 1288.40, scenario B's ends with a withdrawal.
    for (name, status) in [(LEDGER, "blocked"), ("b_ledger.csv", "pass")] {
        let dir = tempfile::tempdir().unwrap();
        let case = new_case(dir.path(), None);
        import(&case, &[sample(name)], &[]);
        let check = check(&case, "2026-11-20");
        assert_eq!(rule(&check, "balance-withdrawn")["status"], status, "{name}");
        assert_eq!(rule(&check, "frozen-funds")["status"], "pass", "{name}");
    }
}

#[test]
fn freezes_in_a_personal_statement_are_neither_income_nor_balance() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), None);
    import(&case, &[sample("alipay_record_20211201.csv")], &[]);
    // The deposit was frozen and released again: no money is known to be left anywhere, and a
    // personal statement shows no balance, so the balance is not taken as withdrawn.
    let check_personal = check(&case, "2026-11-20");
    assert_eq!(check_personal["funds"], serde_json::json!([]));
    assert_ne!(rule(&check_personal, "balance-withdrawn")["status"], "pass");
    import(&case, &[sample(LEDGER)], &[]);
    let check = check(&case, "2026-11-20");
    assert_eq!(rule(&check, "frozen-funds")["status"], "pass");
    assert_eq!(
        (check["funds"][0]["available"].as_str(), check["funds"][0]["frozen"].as_str()),
        (Some("1288.40"), Some("0.00"))
    );
}

#[test]
fn scenario_a_money_rules() {
    let exp = expected();
    let a = &exp["scenario_A"];
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), Some("2026-09-15"));
    let files: Vec<PathBuf> =
        a["import_order"].as_array().unwrap().iter().map(|n| sample(n.as_str().unwrap())).collect();
    let (_, reports) = import(&case, &files, &[]);
    for report in &reports {
        assert_eq!(report["status"], "imported", "{report}");
    }
    let check = check(&case, a["as_of"].as_str().unwrap());
    assert_eq!(check["funds"], a["funds"]);
    let withdrawn = rule(&check, "balance-withdrawn");
    assert_eq!(withdrawn["status"], "blocked");
    assert!(withdrawn["evidence"].as_str().unwrap().contains("CN¥1,288.40"), "{withdrawn}");
    let unsettled = rule(&check, "unsettled-orders");
    assert_eq!(unsettled["status"], "blocked");
    assert_eq!(unsettled["order_ids"], a["unsettled_order_ids"]);
    assert_eq!(rule(&check, "frozen-funds")["status"], "pass");
    assert_eq!(rule(&check, "statement-coverage")["status"], "warning");
}

#[test]
fn scenario_b_money_rules_pass() {
    let exp = expected();
    let b = &exp["scenario_B"];
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), Some("2026-10-31"));
    let files: Vec<PathBuf> = b["files"].as_array().unwrap().iter().map(|n| sample(n.as_str().unwrap())).collect();
    let (code, _) = import(&case, &files, &[]);
    assert_eq!(code, Some(0));
    let check = check(&case, "2026-11-22");
    assert_eq!(check["funds"][0]["available"], b["final_balance"]);
    for id in ["balance-withdrawn", "frozen-funds", "unsettled-orders", "statement-coverage"] {
        assert_eq!(rule(&check, id)["status"], "pass", "{id}: {}", rule(&check, id));
    }
}

/// A zip of one member, AES-256 encrypted with `password`, written by the zip crate.
pub fn encrypted_zip(dir: &Path, member: &str, bytes: &[u8], password: &str) -> PathBuf {
    use zip::write::SimpleFileOptions;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().with_aes_encryption(zip::AesMode::Aes256, password);
    writer.start_file(member, options).unwrap();
    writer.write_all(bytes).unwrap();
    let path = dir.join("支付宝交易明细(20260901-20261031).zip");
    std::fs::write(&path, writer.finish().unwrap().into_inner()).unwrap();
    path
}

#[test]
fn an_encrypted_statement_zip_asks_for_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), None);
    let zip = encrypted_zip(dir.path(), PERSONAL_C, &sample_bytes(PERSONAL_C), "8Hx2pQ");
    let (code, reports) = import(&case, std::slice::from_ref(&zip), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(reports[0]["needs_password"], true, "{}", reports[0]);
    assert!(reports[0]["error"].as_str().unwrap().contains("encrypted"));
    let (code, reports) = import(&case, std::slice::from_ref(&zip), &["--password", "wrong"]);
    assert_eq!((code, &reports[0]["needs_password"]), (Some(1), &Value::Bool(true)));
    assert!(files_in(&case).is_empty());
    let out = closeout(&["import", path_str(&case), path_str(&zip)]);
    assert!(stderr(&out).contains("--password"), "{}", stderr(&out));
    let (code, reports) = import(&case, &[zip], &["--password", "8Hx2pQ"]);
    assert_eq!(code, Some(0), "{}", reports[0]);
    assert_eq!((reports[0]["format"].as_str(), reports[0]["rows"].as_u64()), (Some("alipay-personal"), Some(12)));
    assert!(reports[0].get("needs_password").is_none(), "only said when true");
}

#[test]
fn personal_statements_pair_refunds_and_keep_no_counterparty() {
    let options = ReadOptions::new(Currency::CNY);
    for (name, refunds) in [(PERSONAL_C, 2), ("alipay_record_20211201.csv", 1), ("alipay_app_2022.csv", 2)] {
        let mut rows = Vec::new();
        let info = read_file(Cursor::new(sample_bytes(name)), &options, &mut |r| rows.push(r), &mut |_, _| {});
        let info = info.unwrap_or_else(|e| panic!("{name}: {e}"));
        let rows: Vec<_> = rows
            .into_iter()
            .map(|r| match r {
                Ok(Record::Statement(row)) => row,
                other => panic!("{name}: {other:?}"),
            })
            .collect();
        let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        let paired: Vec<_> = rows.iter().filter_map(|r| r.refund_of.as_deref()).collect();
        assert_eq!(paired.len(), refunds, "{name}");
        assert!(paired.iter().all(|original| keys.contains(original)), "{name}: each refund's original is in the file");
        for personal in ["菜鸟网络", "cai***", "138****", "林**", "186******", "王**"] {
            assert!(!format!("{rows:?}").contains(personal), "{name}: {personal}");
        }
        assert!(rows.iter().all(|r| r.key.bytes().all(|b| b.is_ascii_digit() || b == b'_')), "{name}: ids trimmed");
        assert_eq!(info.header_line, expected()["files"][name]["header_line"].as_u64().unwrap(), "{name}");
    }
}

fn fuzz_samples() -> Vec<Vec<u8>> {
    MONEY_SAMPLES
        .iter()
        .chain(&["truncated_alipay.csv", "wechat_bill.csv", "garbage.xlsx"])
        .map(|n| sample_bytes(n))
        .collect()
}

#[test]
fn no_input_makes_the_reader_panic() {
    let samples = fuzz_samples();
    let mut rng = Rng(0x5EED_0A11_09A7);
    let options = ReadOptions { password: Some("pw".to_owned()), ..ReadOptions::new(Currency::CNY) };
    for case in 0..1500 {
        let bytes = fuzz_input(&mut rng, &samples);
        let outcome = std::panic::catch_unwind(|| {
            let mut rows: Vec<Result<Record, RowProblem>> = Vec::new();
            let info = read_file(Cursor::new(&bytes), &options, &mut |r| rows.push(r), &mut |_, _| {});
            (info, rows)
        });
        let (info, rows) = outcome.unwrap_or_else(|_| panic!("case {case} panicked on {} bytes", bytes.len()));
        if info.is_ok() {
            for row in rows {
                match row {
                    Ok(Record::Statement(r)) => assert!(!r.key.is_empty() && r.line > 0, "case {case}"),
                    Ok(Record::Release(r)) => assert!(!r.order_id.is_empty() && r.line > 0, "case {case}"),
                    Ok(Record::Refund(r)) => assert!(!r.order_id.is_empty() && r.line > 0, "case {case}"),
                    Ok(Record::Order(r)) => assert!(!r.order_id.is_empty(), "case {case}"),
                    Err(p) => assert!(p.line > 0 && !p.column.is_empty(), "case {case}: {p:?}"),
                }
            }
        }
    }
}

#[test]
fn no_damaged_file_is_half_imported_through_the_cli() {
    let samples = fuzz_samples();
    let mut rng = Rng(0x0C0F_FEE1_50DD);
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), None);
    for n in 0..40 {
        let path = dir.path().join(format!("damaged_{n}.csv"));
        std::fs::write(&path, fuzz_input(&mut rng, &samples)).unwrap();
        let before = files_in(&case).len();
        let (code, reports) = import(&case, std::slice::from_ref(&path), &[]);
        let report = &reports[0];
        assert!(matches!(code, Some(0 | 1)), "case {n}: exit {code:?}");
        let files = files_in(&case);
        match report["status"].as_str().unwrap() {
            "rejected" => {
                assert_eq!(files.len(), before, "case {n}: a rejected file keeps nothing");
                assert_eq!(report["rows"], 0, "case {n}");
            }
            "imported" => {
                let stored = files.last().unwrap();
                assert_eq!(stored["rows"], report["rows"], "case {n}");
                assert_eq!(stored["rejected"].as_u64(), Some(report["rejected_rows"].as_array().unwrap().len() as u64));
            }
            "already-imported" => assert_eq!(files.len(), before),
            other => panic!("case {n}: {other}"),
        }
    }
}

#[test]
fn two_skus_of_one_product_are_two_lines_and_a_repeat_file_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), None);
    let orders = dir.path().join("orders.csv");
    std::fs::write(&orders, "订单号,订单状态,订单金额\n8000000000000001,交易完成,CN￥ 30.00\n").unwrap();
    let releases = "订单号,商品ID,SKU,放款金额,结算时间\n\
                    8000000000000001,1005001,Red,10.00,2026-10-01 02:00\n\
                    8000000000000001,1005001,Blue,20.00,2026-10-01 02:00\n";
    let (first, second) = (dir.path().join("放款-1.csv"), dir.path().join("放款-2.csv"));
    std::fs::write(&first, releases).unwrap();
    std::fs::write(&second, format!("{releases}\n")).unwrap(); // the same lines, other bytes
    let (code, reports) = import(&case, &[orders, first, second], &[]);
    assert_eq!(code, Some(0), "{reports:?}");
    assert_eq!((reports[1]["rows"].as_u64(), reports[1]["new"].as_u64()), (Some(2), Some(2)));
    assert_eq!((reports[2]["new"].as_u64(), reports[2]["unchanged"].as_u64()), (Some(0), Some(2)));
    let out = dir.path().join("reconciliation.csv");
    assert!(closeout(&["reconciliation", path_str(&case), "--out", path_str(&out)]).status.success());
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.lines().nth(1).unwrap().contains(",30.00,CNY,30.00,"), "both SKUs released, once each: {csv}");
}

/// Two ledgers that overlap, the second repeating a transaction number: what the first file
/// brought is unchanged, a repeated line is one row, and the balance comes out once.
#[test]
fn overlapping_ledgers_count_only_the_rows_no_file_had() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), None);
    let bytes = std::fs::read(sample("b_ledger.csv")).unwrap();
    let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    // The footer's totals go: they count the whole statement's records.
    let (head, rows, foot) = (&lines[..5], &lines[5..14], &[lines[14], lines[17]][..]);
    let file = |name: &str, picked: Vec<&[u8]>| {
        let path = dir.path().join(name);
        std::fs::write(&path, [head, picked.as_slice(), foot].concat().concat()).unwrap();
        path
    };
    let first = file("first.csv", rows[..5].to_vec());
    let second = file("second.csv", [&rows[3..], &rows[8..]].concat());
    let (code, reports) = import(&case, &[first, second], &[]);
    assert_eq!(code, Some(0), "{reports:?}");
    let counts = |r: &Value| (r["rows"].as_u64(), r["new"].as_u64(), r["unchanged"].as_u64());
    assert_eq!(counts(&reports[0]), (Some(5), Some(5), Some(0)));
    assert_eq!(counts(&reports[1]), (Some(7), Some(4), Some(2)), "{}", reports[1]);
    let whole = dir.path().join("whole");
    std::fs::create_dir(&whole).unwrap();
    let whole = new_case(&whole, None);
    import(&whole, &[sample("b_ledger.csv")], &[]);
    let funds = check(&case, "2026-11-20")["funds"].clone();
    assert!(funds[0]["available"].is_string(), "{funds}");
    assert_eq!(funds, check(&whole, "2026-11-20")["funds"]);
}

/// A product line repeated exactly is one release counted as a duplicate; two releases of one
/// product line with different amounts are two events, both kept.
#[test]
fn a_release_repeated_exactly_is_a_duplicate_and_two_releases_are_two() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), None);
    let file = dir.path().join("放款.csv");
    let line = |amount: &str| format!("3031265788145237,1005072463823897,{amount},2026-10-01 02:00:00\n");
    let text = format!("订单号,商品ID,放款金额,结算时间\n{}{}{}", line("10.00"), line("10.00"), line("4.50"));
    std::fs::write(&file, text).unwrap();
    let (code, reports) = import(&case, &[file], &[]);
    let report = &reports[0];
    assert_eq!(code, Some(0), "{report}");
    assert_eq!((report["rows"].as_u64(), report["new"].as_u64()), (Some(3), Some(2)), "{report}");
    assert_eq!(report["duplicates"], serde_json::json!([{ "line": 3, "repeats": 2 }]));
    assert_eq!(files_in(&case)[0]["duplicates"], 1);
}

/// The reconciliation a bookkeeper opens in Excel: a workbook in the chosen language whose order
/// ids are the very ids `check --json` lists, as text; the CSV twin starts with a byte-order
/// mark; a name that is neither is refused.
#[test]
fn the_reconciliation_workbook_keeps_ids_as_text_in_the_chosen_language() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), None);
    assert!(closeout(&["import", path_str(&case), path_str(&sample("订单.xlsx")), path_str(&sample("放款.xlsx"))])
        .status
        .success());
    let book = dir.path().join("对账.xlsx");
    let out = closeout(&["reconciliation", path_str(&case), "--out", path_str(&book), "--lang", "zh-CN"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let sheet = workbook.worksheet_range("对账").unwrap();
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("订单号".into())));
    let ids = crate::util::ids_in_first_column(&sheet);
    let listed: Vec<String> = check(&case, "2026-11-20")["rules"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["order_ids"].as_array().unwrap().iter().map(|id| id.as_str().unwrap().to_owned()))
        .collect();
    assert!(!listed.is_empty() && listed.iter().all(|id| ids.contains(id)), "{listed:?} in {ids:?}");
    assert!(matches!(sheet.get((1, 3)), Some(Data::Float(_)) | Some(Data::Empty)), "amounts are numbers");

    let csv = dir.path().join("r.csv");
    assert!(closeout(&["reconciliation", path_str(&case), "--out", path_str(&csv)]).status.success());
    assert!(std::fs::read_to_string(&csv).unwrap().starts_with("\u{feff}order_id,"));
    let txt = dir.path().join("r.txt");
    let refused = closeout(&["reconciliation", path_str(&case), "--out", path_str(&txt)]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains(".xlsx or .csv") && !txt.exists(), "{}", stderr(&refused));
}

/// A balance typed the way Seller Center shows it, with thousands separators, or with a comma
/// as the decimal mark, is the amount it says.
#[test]
fn a_balance_typed_with_separators_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), None);
    let args = ["balance", path_str(&case), "--currency", "CNY", "--available", "1,288.40", "--frozen", "1.000,50"];
    let out = closeout(&[&args[..], &["--date", "2026-11-20"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let funds = &check(&case, "2026-11-20")["funds"][0];
    assert_eq!((funds["available"].as_str(), funds["frozen"].as_str()), (Some("1288.40"), Some("1000.50")), "{funds}");
}

/// Issue 28: a store outside mainland China is often paid to a bank. Its bank statement is
/// refused with its own way through (a typed balance), not sent to Alipay's Chinese menus; a
/// CN store still hears where the Alipay statement is.
#[test]
fn a_bank_statement_is_refused_with_the_way_through_for_the_stores_region() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("releve.csv");
    std::fs::write(&bank, "Date,Description,Amount,Balance\n2026-11-02,ALIEXPRESS PAYOUT,120.00,1500.00\n").unwrap();
    let fr = dir.path().join("fr.closeout");
    let new = ["new", path_str(&fr), "--store", "Atelier", "--region", "FR"];
    assert!(closeout(&new).status.success());
    let (_, reports) = import(&fr, std::slice::from_ref(&bank), &["--lang", "en"]);
    let said = reports[0]["error"].as_str().unwrap();
    assert_eq!(reports[0]["refused_as"], "bank");
    assert!(said.contains("you need no statement") && !said.contains("支付宝"), "{said}");
    let (_, reports) = import(&new_case(dir.path(), None), &[bank], &["--lang", "en"]);
    assert!(reports[0]["error"].as_str().unwrap().contains("支付宝"), "{}", reports[0]["error"]);
}

/// Issue 28: a personal statement alone reads no balance. `check --json` gives its currency no
/// available amount (null, never 0.00), `balance-withdrawn` says which files carry none, and the
/// money screen is told which files the case holds, to say the same.
#[test]
fn a_personal_statement_alone_reads_no_balance_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), Some("2026-10-31"));
    let (code, _) = import(&case, &[sample("支付宝交易明细(20260901-20261031).csv")], &[]);
    assert_eq!(code, Some(0));
    let doc = check(&case, "2026-11-20");
    for fund in doc["funds"].as_array().unwrap() {
        assert_eq!(fund["available"], Value::Null, "{fund}");
    }
    let balance = rule(&doc, "balance-withdrawn");
    assert_eq!(balance["status"], "not_checked");
    assert!(balance["evidence"].as_str().unwrap().contains("carry no balance"), "{}", balance["evidence"]);
    let view = closeout_core::case::Case::open(&case).unwrap().money_view(10).unwrap();
    assert!(view.has_data);
    assert_eq!(view.files, [closeout_core::import::Format::AlipayPersonal]);
    assert!(view.currencies.iter().all(|c| c.available.is_none()));
}

/// Issue 28's acceptance on the scenario files: scenario B imported and every step answered, a
/// CN store still waits the 30 days of its closure notice (PRC E-Commerce Law, Art. 16) from the
/// day it went up, and is ready on the day they end; without the notice it is never ready.
#[test]
fn scenario_b_answered_waits_for_its_closure_notice() {
    let exp = expected();
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), Some("2026-10-31"));
    let files: Vec<PathBuf> =
        exp["scenario_B"]["files"].as_array().unwrap().iter().map(|n| sample(n.as_str().unwrap())).collect();
    assert_eq!(import(&case, &files, &[]).0, Some(0));
    for r in check(&case, "2026-11-26")["rules"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        let open = matches!(r["status"].as_str(), Some("not_checked" | "blocked"));
        if open && r["attestable"] == true && !["closure-notice", "closure-application"].contains(&id) {
            let day = if id == "holiday-mode-on" { "2026-11-01" } else { "2026-11-19" };
            let out = closeout(&["attest", path_str(&case), id, "--done", "--date", day, "--note", "checked"]);
            assert!(out.status.success(), "{id}: {}", stderr(&out));
        }
    }
    let without = check(&case, "2026-12-10");
    assert_eq!(without["verdict"], "not_ready", "{}", without["holding_up"]);
    assert_eq!(without["holding_up"].as_array().unwrap().len(), 1, "only the notice: {}", without["holding_up"]);

    let out = closeout(&["attest", path_str(&case), "closure-notice", "--done", "--date", "2026-11-10"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = check(&case, "2026-11-26");
    assert_eq!(doc["verdict"], "not_ready");
    assert_eq!(
        (rule(&doc, "closure-notice")["status"].as_str(), rule(&doc, "closure-notice")["until"].as_str()),
        (Some("blocked"), Some("2026-12-10"))
    );
    assert_eq!(doc["earliest_closure_date"], "2026-12-10");
    assert_eq!(check(&case, "2026-12-10")["verdict"], "ready");
}
