//! One test per bug fixed, each naming the commit that fixed it (as ripgrep's
//! `tests/regression.rs` does), so a bug that comes back says what it was.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{closeout, import_json, path_str};

fn real(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real").join(name)
}

fn quirk(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quirks").join(name)
}

/// A new case in `dir` and the reports of importing `files` into it.
fn imported(dir: &Path, files: &[PathBuf]) -> (Option<i32>, Vec<Value>) {
    let case = dir.join("r.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "R", "--region", "CN"]).status.success());
    import_json(&case, files, &[])
}

fn reasons(report: &Value) -> Vec<(u64, String, String)> {
    report["rejected_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (r["line"].as_u64().unwrap(), r["column"].as_str().unwrap().into(), r["reason"].as_str().unwrap().into())
        })
        .collect()
}

/// 59cb66b: every number-cell order id was refused as "maybe rounded by Excel", so an old
/// Seller Center .xls export (10-digit ids in number cells) imported no order at all.
#[test]
fn old_xls_exports_with_number_cell_ids_import_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let (code, reports) = imported(dir.path(), &[real("ae2013_mixed_184.xls")]);
    assert_eq!(code, Some(0));
    assert_eq!((reports[0]["rows"].as_u64(), reports[0]["new"].as_u64()), (Some(184), Some(184)), "{}", reports[0]);
    assert!(reasons(&reports[0]).is_empty());
}

/// 59cb66b: only what a spreadsheet could have rounded is kept aside, and the reason does not
/// claim the file was saved by Excel.
#[test]
fn sixteen_digit_number_ids_ending_in_zero_are_kept_aside_with_a_reason_that_fits() {
    let dir = tempfile::tempdir().unwrap();
    let (code, reports) = imported(dir.path(), &[quirk("number_ids_16.xlsx")]);
    assert_eq!(code, Some(0));
    let report = &reports[0];
    assert_eq!((report["rows"].as_u64(), report["new"].as_u64()), (Some(4), Some(2)), "{report}");
    let kept = reasons(report);
    assert_eq!(
        kept.iter().map(|(line, column, _)| (*line, column.as_str())).collect::<Vec<_>>(),
        [(3, "订单号"), (4, "订单号")]
    );
    for (_, _, reason) in &kept {
        assert!(reason.contains("may have lost its last digits") && !reason.contains("Excel"), "{reason}");
    }
}

/// 59cb66b: a JD (京东) bill has Alipay's columns and imported as an Alipay statement.
#[test]
fn a_jd_bill_is_refused_as_a_jd_bill() {
    for name in ["jd_2024.csv", "jd_2021.csv"] {
        let dir = tempfile::tempdir().unwrap();
        let (code, reports) = imported(dir.path(), &[real(name)]);
        assert_eq!((code, reports[0]["refused_as"].as_str()), (Some(1), Some("jd")), "{name}: {}", reports[0]);
        assert!(reports[0]["error"].as_str().unwrap().contains("JD (京东)"));
    }
}

/// 59cb66b: a Meituan (美团) bill was refused as "a WeChat Pay bill".
#[test]
fn a_meituan_bill_is_not_called_a_wechat_bill() {
    let dir = tempfile::tempdir().unwrap();
    let (_, reports) = imported(dir.path(), &[real("meituan_2025.csv")]);
    let error = reports[0]["error"].as_str().unwrap();
    assert!(error.contains("Meituan") && !error.contains("WeChat"), "{error}");
}

/// 59cb66b: three rows sharing 交易号 123456 (KFC, McDonald's, a fund's interest) were stored as
/// one, and the report's counts added up to the one kept.
#[test]
fn rows_sharing_a_transaction_number_are_never_merged() {
    let dir = tempfile::tempdir().unwrap();
    let (_, reports) = imported(dir.path(), &[real("alipay_a_2021_123456.csv")]);
    let report = &reports[0];
    assert_eq!((report["rows"].as_u64(), report["new"].as_u64()), (Some(7), Some(5)), "{report}");
    for (line, column, reason) in reasons(report) {
        assert!([7, 8].contains(&line) && column == "交易号" && reason.contains("line 6"), "{line} {column}: {reason}");
    }
}

/// 59cb66b: an order listed twice in one file was counted as two rows and stored once, so
/// nothing said a row had been folded into another.
#[test]
fn an_order_listed_twice_is_counted_as_a_duplicate_of_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let (_, reports) = imported(dir.path(), &[real("ae2013_669.xls")]);
    let duplicates: Vec<(u64, u64)> = reports[0]["duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["repeats"].as_u64().unwrap()))
        .collect();
    assert_eq!(duplicates, [(600, 396), (638, 414), (643, 419), (645, 420), (646, 421), (670, 426)]);
}

/// 59cb66b: `detect` looked 60 rows deep and the order importer 50, so an export whose header
/// sat on rows 51 to 60 was recognised and then refused.
#[test]
fn a_header_below_row_fifty_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("late-header.csv");
    let preamble = "导出说明\n".repeat(55);
    std::fs::write(&file, format!("{preamble}订单号,订单状态\n3031265788145237,交易完成\n")).unwrap();
    let (code, reports) = imported(dir.path(), &[file]);
    assert_eq!((code, reports[0]["new"].as_u64()), (Some(0), Some(1)), "{}", reports[0]);
}

/// 91fbf01 (issue 16): a statement whose 冻结 rows carry 79228162514264337593543950335 imported,
/// and from then on every `check`, `report` and `calendar` panicked adding it up ("Addition
/// overflowed"). Such rows are now kept aside at import, and a case an older version filled
/// with them says which file to remove instead of panicking.
#[test]
fn absurd_amounts_are_kept_aside_and_never_break_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let statement = dir.path().join("absurd.csv");
    let head = "支付宝交易记录明细查询\n账号:[186******53]\n起始日期:[2021-11-01 00:00:00]    终止日期:[2021-12-01 00:00:00]\n\
                ---------------------------------交易记录明细列表------------------------------------\n\
                交易号,商家订单号,交易创建时间,付款时间,最近修改时间,交易来源地,类型,交易对方,商品名称,金额（元）,收/支,交易状态,服务费（元）,成功退款（元）,备注,资金状态,\n";
    let row = |key: u32| {
        format!("{key}\t,,2021-11-02 10:00:00,,,其他,即时到账交易,x,冻结,79228162514264337593543950335,,冻结成功,0,0,,冻结,\n")
    };
    let text = format!("{head}{}{}{}\n共2笔记录\n", row(1), row(2), "-".repeat(84));
    std::fs::write(&statement, encoding_rs::GB18030.encode(&text).0).unwrap();
    let (code, reports) = imported(dir.path(), &[statement]);
    assert_eq!(code, Some(0), "{}", reports[0]);
    assert_eq!(reasons(&reports[0]).len(), 2, "both rows kept aside: {}", reports[0]);
    for (_, _, reason) in reasons(&reports[0]) {
        assert!(reason.contains("more than any statement"), "{reason}");
    }
    let case = dir.path().join("r.closeout");
    let calendar = dir.path().join("c.ics");
    let report = dir.path().join("r.html");
    for args in [
        vec!["check", path_str(&case), "--json"],
        vec!["calendar", path_str(&case), "--out", path_str(&calendar)],
        vec!["report", path_str(&case), "--out", path_str(&report)],
    ] {
        assert!(closeout(&args).status.code().is_some_and(|c| c <= 1), "{args:?}");
    }

    // What an older version stored: the same amounts, in the case itself.
    let db = rusqlite::Connection::open(&case).unwrap();
    db.execute(
        "INSERT INTO statement_rows (source, key, file_id, line, at, amount, currency, direction, kind, status,
                                     frozen_change)
         SELECT 'alipay-personal', 'k' || n, 1, n, 0, '79228162514264337593543950335', 'CNY', 'neutral', '', '冻结',
                '79228162514264337593543950335'
         FROM (SELECT 1 AS n UNION SELECT 2)",
        [],
    )
    .unwrap();
    drop(db);
    let out = closeout(&["check", path_str(&case)]);
    assert_eq!(out.status.code(), Some(1), "an error, not a panic");
    let message = crate::util::stderr(&out);
    assert!(message.contains("absurd.csv (file 1)") && message.contains("forget"), "{message}");
}

/// e176e82 (issue 16): a workbook that made calamine panic was refused as
/// damaged, but the default panic hook printed "thread … panicked at calamine …" above the
/// message first. Now the person sees the message alone.
#[test]
fn a_dependency_panic_reaches_the_terminal_as_a_damaged_file_only() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("r.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "R", "--region", "CN"]).status.success());
    let out = closeout(&["import", path_str(&case), path_str(&quirk("reversed_dimension.xlsx"))]);
    assert_eq!(out.status.code(), Some(1));
    let message = crate::util::stderr(&out);
    assert!(message.contains("damaged xlsx file"), "{message}");
    assert!(!message.contains("panicked") && !message.contains("RUST_BACKTRACE"), "{message}");
}
