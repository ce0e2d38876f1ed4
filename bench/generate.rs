//! Generated exports for the tests and the benchmark: one generator, included by both
//! (`tests/util.rs` and `bench/main.rs` name this file with `#[path]`). It uses only crates the
//! core already depends on (chrono, encoding_rs, zip) and the core's own minimal workbook.
//! Deterministic, so runs compare.

// Amounts in cents are grouped as yuan_cents (500_000_00 is 500,000.00 yuan).
#![allow(clippy::inconsistent_digit_grouping)]

use std::io::Write;
use std::path::Path;

/// The 27 Chinese headers of a Seller Center order export.
const ORDER_HEADERS: [&str; 27] = [
    "订单号",
    "订单状态",
    "负责人(业务员)",
    "买家名称",
    "买家邮箱",
    "下单时间",
    "付款时间",
    "产品总金额",
    "物流费用",
    "订单金额",
    "满立减",
    "产品信息\n（双击单元格展开所有产品信息！）",
    "订单备注",
    "收货地址",
    "收货人名称",
    "收货国家",
    "州/省",
    "城市",
    "地址",
    "邮编",
    "联系电话",
    "手机",
    "买家选择物流",
    "发货期限",
    "实际发货物流:运单号",
    "发货时间",
    "确认收货时间",
];

/// Order `i` of a generated export, cell by cell, in a spread of states. Personal columns hold
/// the ZZPII marker.
fn order_cells(i: u64) -> [String; 27] {
    let states =
        ["交易完成", "交易完成", "交易完成", "订单关闭", "等待买家收货", "等待您发货\n剩余时间：3天5小时", "纠纷中"];
    let id = 3_000_000_000_000_000 + i * 7919 % 1_000_000_000_000_000;
    let (day, month) = (1 + (i % 28), 1 + (i / 28) % 12);
    let state = states[(i % states.len() as u64) as usize];
    let confirmed =
        if state == "交易完成" { format!("2026-{month:02}-{:02} 04:00", day.min(27) + 1) } else { String::new() };
    let pii = || "ZZPII".to_owned();
    [
        id.to_string(),
        state.to_owned(),
        "staff".to_owned(),
        pii(),
        pii(),
        format!("2026-{month:02}-{day:02} 02:{:02}", i % 60),
        format!("2026-{month:02}-{day:02} 03:00"),
        format!("CN￥ {}.50", 100 + i % 900),
        "CN￥ 0.00".to_owned(),
        format!("CN￥ 1,{:03}.50", i % 1000),
        String::new(),
        format!("【1】Item {i} (产品属性: red) (商家编码: SKU{i}) (产品数量: 2)"),
        String::new(),
        pii(),
        pii(),
        "France".to_owned(),
        pii(),
        pii(),
        pii(),
        pii(),
        pii(),
        pii(),
        "AliExpress Standard".to_owned(),
        String::new(),
        String::new(),
        format!("2026-{month:02}-{day:02} 05:00"),
        confirmed,
    ]
}

/// Writes a Seller Center order export (UTF-8 CSV, the 27 Chinese headers) with `n` orders.
pub fn write_orders_csv(path: &Path, n: u64) {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
    let mut line = String::with_capacity(1024);
    let mut put = |cells: &[&str], out: &mut std::io::BufWriter<std::fs::File>| {
        line.clear();
        for (col, cell) in cells.iter().enumerate() {
            if col > 0 {
                line.push(',');
            }
            if cell.contains([',', '"', '\n']) {
                line.push('"');
                line.push_str(&cell.replace('"', "\"\""));
                line.push('"');
            } else {
                line.push_str(cell);
            }
        }
        line.push('\n');
        out.write_all(line.as_bytes()).unwrap();
    };
    put(&ORDER_HEADERS, &mut out);
    for i in 0..n {
        let cells = order_cells(i);
        put(&cells.each_ref().map(String::as_str), &mut out);
    }
    out.flush().unwrap();
}

/// Writes the same export as an xlsx workbook, as Seller Center's exporter does: one sheet of
/// inline-string cells (numbers as text, so ids keep their digits).
pub fn write_orders_xlsx(path: &Path, n: u64) {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(std::fs::File::create(path).unwrap()));
    let deflated = SimpleFileOptions::default().compression_level(Some(1));
    for (name, xml) in closeout_core::fuzz_targets::WORKBOOK_PARTS {
        zip.start_file(name, deflated).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", deflated.large_file(true)).unwrap();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, zip);
    // The dimension comes first, as exporters write it (the import's progress bar reads it).
    let dimension = format!("A1:{}{}", column_name(ORDER_HEADERS.len() - 1), n + 1);
    write!(out, r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>"#).unwrap();
    let mut row = String::with_capacity(4096);
    let mut put = |number: u64, cells: &[&str], out: &mut dyn Write| {
        row.clear();
        row.push_str(&format!("<row r=\"{number}\">"));
        for (col, cell) in cells.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            let escaped = cell.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            row.push_str(&format!(
                "<c r=\"{}{number}\" t=\"inlineStr\"><is><t>{escaped}</t></is></c>",
                column_name(col)
            ));
        }
        row.push_str("</row>");
        out.write_all(row.as_bytes()).unwrap();
    };
    put(1, &ORDER_HEADERS, &mut out);
    for i in 0..n {
        let cells = order_cells(i);
        put(i + 2, &cells.each_ref().map(String::as_str), &mut out);
    }
    out.write_all(b"</sheetData></worksheet>").unwrap();
    let zip = out.into_inner().unwrap_or_else(|_| panic!("flushing the sheet"));
    zip.finish().unwrap().flush().unwrap();
}

/// A column's letters: 0 is A, 26 is AA.
fn column_name(col: usize) -> String {
    let (mut col, mut name) = (col + 1, Vec::new());
    while col > 0 {
        name.push(b'A' + ((col - 1) % 26) as u8);
        col = (col - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap()
}

/// Writes an Alipay business ledger (账务明细, classic 12 columns) of `n` rows as Alipay sends it
/// (docs/formats.md, the business ledger): GBK, CRLF, a `#` preamble with the period, TAB-padded ids, a running
/// balance, and a `#` footer whose totals count every row. Rows are 30 s apart from 2026-01-01
/// (Beijing time); income (AliExpress payouts) and expenses (transfers, fees, withdrawals) mix.
pub fn write_ledger_csv(path: &Path, n: u64) {
    const STEP_SECONDS: u64 = 30;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
    let mut line = String::with_capacity(512);
    let put = |out: &mut std::io::BufWriter<std::fs::File>, line: &mut String| {
        line.push_str("\r\n");
        out.write_all(&encoding_rs::GBK.encode(line).0).unwrap();
        line.clear();
    };
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
    let at = |i: u64| start + chrono::Duration::seconds((i * STEP_SECONDS) as i64);
    let (first, end) =
        (at(0).format("%Y年%m月%d日"), (at(n).date() + chrono::Duration::days(1)).format("%Y年%m月%d日"));
    line.push_str("#支付宝账务明细查询");
    put(&mut out, &mut line);
    line.push_str("#账号：[20880098765432105678]");
    put(&mut out, &mut line);
    line.push_str(&format!("#起始日期：[{first} 00:00:00]   终止日期：[{end} 00:00:00]"));
    put(&mut out, &mut line);
    line.push_str("#-----------------------------------------账务明细列表----------------------------------------");
    put(&mut out, &mut line);
    line.push_str("账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注");
    put(&mut out, &mut line);

    // Cents, so the balance and the totals add up exactly.
    let mut balance: i64 = 500_000_00;
    let (mut income_rows, mut income_total, mut expense_rows, mut expense_total) = (0u64, 0i64, 0u64, 0i64);
    let cents = |c: i64| format!("{}.{:02}", c / 100, c % 100);
    for i in 0..n {
        let time = at(i);
        let day = time.format("%Y%m%d");
        let key = format!("{day}{:018}", 100_000_000_000_000_000 + i * 7_919);
        let business = format!("{day}2200{:016}", 1_000_000_000_000_000 + i * 104_729);
        let (merchant, product, counterparty, income, expense, kind, note) = match i % 10 {
            0..=5 => (
                format!("T200P{:019}", 6_000_000_000_000_000_000 + i * 15_485_863),
                "速卖通货款结算",
                "Alipay Singapore E-Commerce Private Limited (settle***@aliexpress.com)",
                5_00 + (i as i64 * 7_919) % 500_00,
                0,
                "交易付款",
                "跨境收款",
            ),
            6 | 7 => (
                String::new(),
                "转账到个人账户",
                "周** (139****0027)",
                0,
                1_00 + (i as i64 * 31) % 300_00,
                "转账",
                "备用金",
            ),
            8 => (
                String::new(),
                "服务费",
                "支付宝（中国）网络技术有限公司 (fee***@alipay.com)",
                0,
                1_00 + (i as i64 * 13) % 30_00,
                "收费",
                "交易服务费",
            ),
            _ => (
                String::new(),
                "提现-招商银行(8705)",
                "招商银行 (6225****8705)",
                0,
                10_00 + (i as i64 * 17) % 900_00,
                "提现",
                "",
            ),
        };
        balance += income - expense;
        if income > 0 {
            income_rows += 1;
            income_total += income;
        } else {
            expense_rows += 1;
            expense_total += expense;
        }
        line.push_str(&format!(
            "{key}\t,{business}\t,{merchant}\t,{product}\t,{},{counterparty}\t,{},{},{},支付宝,{kind},{note}",
            time.format("%Y-%m-%d %H:%M:%S"),
            cents(income),
            cents(expense),
            cents(balance)
        ));
        put(&mut out, &mut line);
    }
    let commas = ",".repeat(11);
    line.push_str(&format!(
        "#----------------------------------------账务明细列表结束------------------------------------{commas}"
    ));
    put(&mut out, &mut line);
    line.push_str(&format!("#支出合计：{expense_rows}笔，共{}元{commas}", cents(expense_total)));
    put(&mut out, &mut line);
    line.push_str(&format!("#收入合计：{income_rows}笔，共{}元{commas}", cents(income_total)));
    put(&mut out, &mut line);
    line.push_str(&format!("#导出时间：[{end} 09:12:33]{commas}"));
    put(&mut out, &mut line);
    out.flush().unwrap();
}
