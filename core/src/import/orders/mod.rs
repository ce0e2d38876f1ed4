//! AliExpress Seller Center order exports (docs/formats.md): the xlsx, the old BIFF8 xls, or a CSV
//! re-save of either, in UTF-8 or GBK. The file type comes from the content, the header row from
//! its column names, and every column is mapped by name, never by position.
//!
//! Buyer personal data never leaves this module: the columns read into `OrderRow` hold none, and
//! `RowProblem::raw` shows only columns known to hold none (an allow-list, so a new personal
//! column in some future export stays out too).
//!
//! `headers` knows which column holds what; this module reads the rows.

mod headers;

use std::io::{Read, Seek};

use chrono::Duration;

use super::cells::{self, Zone};
use super::order_items::parse_items;
use super::sheet::Cell;
use super::table::{self, RowCount, Table};
use super::text;
use super::{ColumnProfile, Format, OrderFileInfo, OrderRow, Progress, Rejected, RowProblem};
use crate::model::{Currency, Money, OrderState};
use crate::text::Text;

pub use headers::{check_profile, MAPPABLE, REQUIRED};
use headers::{file_info, header_columns, is_header_again, Columns, Field};
pub(super) use headers::{is_order_header, looks_like_a_header, matches_profile, unknown_layout};

/// What a seller does about a damaged id: the original download still has it right.
/// (The key of the words.)
const REEXPORT: &str = "advice.reexport_orders";

/// What to import for orders (a catalogue key).
const ORDER_EXPORT_ADVICE: &str = "advice.order_export";

/// Reads a file that must be an order export, handing each data row to `sink` as it is read.
/// Any other file is `Rejected` before a row reaches `sink`, and named for what it is.
pub fn read_orders<R: Read + Seek>(
    source: R,
    profiles: &[ColumnProfile],
    currency: Currency,
    sink: &mut dyn FnMut(Result<OrderRow, RowProblem>),
    progress: Progress,
) -> Result<OrderFileInfo, Rejected> {
    let mut workbook = super::sheet::Workbook::new();
    let (mut table, format) = super::open_at_header(source, &mut workbook, profiles)?;
    if format != Format::AliexpressOrders {
        return Err(Rejected::new(format.described(), Text::new(ORDER_EXPORT_ADVICE)));
    }
    let encoding = table.encoding;
    read_table(&mut table, encoding, profiles, currency, sink, progress)
}

/// Reads an order export whose header row is the table's current row (as `detect` found it),
/// handing each data row to `sink` as it is read. A file that stops being readable part way
/// (an I/O error) is `Rejected` after some rows, so the caller keeps all of a file or none of
/// it. Amounts without a currency are in `currency`, the store's settlement currency.
pub(super) fn read_table(
    table: &mut impl Table,
    encoding: &'static str,
    profiles: &[ColumnProfile],
    currency: Currency,
    sink: &mut dyn FnMut(Result<OrderRow, RowProblem>),
    progress: Progress,
) -> Result<OrderFileInfo, Rejected> {
    let columns = header_columns(table, profiles).ok_or_else(|| table::header_lost(table))?;
    let mut rows = RowCount::default();
    while table.advance().map_err(|e| table::row_unreadable(&*table, e))? {
        if table.is_blank_row() || is_header_again(table, &columns) {
            continue;
        }
        // Lines count from the header's first line (expected.json "conventions").
        let line = table.line().saturating_sub(columns.header_line) + 1;
        sink(parse_order(table, &columns, currency, line));
        rows.tick(table, progress);
    }
    rows.finish(table, progress);
    Ok(file_info(&columns, encoding))
}

fn parse_order(table: &impl Table, columns: &Columns, currency: Currency, line: u64) -> Result<OrderRow, RowProblem> {
    let cell = |field| columns.get(table, field);
    let problem = |field: Field, reason: Text| RowProblem {
        line,
        column: columns.header(field).to_owned(),
        reason: Box::new(reason),
        raw: columns.raw(table),
        state: readable_state(&cell(Field::Status).as_text(), &cell(Field::AfterSales).as_text()),
    };
    let time = |field| cells::parse_time(cell(field), Zone::Pacific).map_err(|reason| problem(field, reason));

    let order_id = parse_order_id(cell(Field::OrderId)).map_err(|reason| problem(Field::OrderId, reason))?;
    let status = cell(Field::Status).as_text();
    let mut status_lines = status.lines().map(text::trim_cell).filter(|l| !l.is_empty());
    let label = status_lines.next().ok_or_else(|| problem(Field::Status, Text::new("row.status_empty")))?.to_owned();
    let countdown = status_lines.next().filter(|l| l.starts_with("剩余")).map(str::to_owned);
    let placed_at = time(Field::PlacedAt)?;
    let paid_at = time(Field::PaidAt)?;
    let shipped_at = time(Field::ShippedAt)?;
    let confirmed_at = time(Field::ConfirmedAt)?;
    let amount = order_amount(table, columns, currency).map_err(|(field, reason)| problem(field, reason))?;
    let state = order_state(&label, &cell(Field::AfterSales).as_text(), confirmed_at.is_some());
    let country = Some(cell(Field::Country).to_string()).filter(|c| !c.is_empty());
    let items = match cell(Field::Items) {
        Cell::Text(s) => parse_items(s),
        _ => Vec::new(),
    };
    Ok(OrderRow {
        line,
        order_id,
        countdown_left: countdown.as_deref().and_then(countdown_left),
        label,
        state,
        countdown,
        placed_at,
        paid_at,
        shipped_at,
        confirmed_at,
        amount,
        country,
        items,
    })
}

/// An order id is digits, as text; a number cell only where no rounding could have made it.
pub(super) fn parse_order_id(cell: Cell) -> Result<String, Text> {
    cells::parse_id(cell, false).map_err(|problem| problem.describe("id.order", REEXPORT))
}

/// The state a damaged row's status still shows, without its times (which may be what is
/// damaged): `None` where the label says nothing Closeout knows.
fn readable_state(status: &str, after_sales: &str) -> Option<OrderState> {
    let label = status.lines().map(text::trim_cell).find(|l| !l.is_empty())?;
    Some(order_state(label, after_sales, false)).filter(|state| *state != OrderState::Unknown)
}

/// docs/closure-rules.md, "Canonical order states". The after-sales column, where there is one,
/// outranks the label: a completed order can still be in dispute.
fn order_state(label: &str, after_sales: &str, confirmed: bool) -> OrderState {
    if after_sales.contains("纠纷") {
        return OrderState::InDispute;
    }
    if after_sales.contains("已取消") {
        return OrderState::Closed;
    }
    match label {
        "等待买家付款" | "PLACE_ORDER_SUCCESS" => OrderState::AwaitingPayment,
        "风控24小时" | "RISK_CONTROL" => OrderState::RiskControl,
        "买家申请取消" | "IN_CANCEL" => OrderState::CancelRequested,
        "等待您发货" | "等待发货" | "部分发货" | "WAIT_SELLER_SEND_GOODS" | "SELLER_PART_SEND_GOODS" => {
            OrderState::AwaitingShipment
        }
        "等待买家收货" | "等待买家确认收货" | "WAIT_BUYER_ACCEPT_GOODS" => OrderState::AwaitingReceipt,
        "纠纷中" | "含纠纷中的订单" | "IN_ISSUE" => OrderState::InDispute,
        "等待您确认金额" | "FUND_PROCESSING" | "WAIT_SELLER_EXAMINE_MONEY" => OrderState::FundsProcessing,
        "冻结中的订单" | "IN_FROZEN" => OrderState::Frozen,
        "交易完成" => OrderState::Completed,
        "订单关闭" | "已取消" => OrderState::Closed,
        // Ended either way: only the buyer's confirmation tells a sale from a cancellation.
        "订单结束" | "FINISH" if confirmed => OrderState::Completed,
        "订单结束" | "FINISH" => OrderState::Closed,
        _ => OrderState::Unknown,
    }
}

/// `剩余时间：3天5小时`, `剩余时间: 2天`, `剩余 5小时30分钟` → how long is left.
fn countdown_left(line: &str) -> Option<Duration> {
    const UNITS: [(&str, i64); 8] = [
        ("天", 86_400),
        ("日", 86_400),
        ("小时", 3_600),
        ("时", 3_600),
        ("分钟", 60),
        ("分", 60),
        ("秒钟", 1),
        ("秒", 1),
    ];
    let rest = line.strip_prefix("剩余时间").or_else(|| line.strip_prefix("剩余"))?;
    let mut rest = rest.trim_start_matches(|c: char| c == ':' || c == '：' || c.is_whitespace());
    let mut seconds = 0i64;
    let mut units = 0;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let n: i64 = rest[..digits].parse().ok()?;
        let after = rest[digits..].trim_start();
        let (unit, unit_seconds) = UNITS.iter().find(|(unit, _)| after.starts_with(unit))?;
        seconds = seconds.checked_add(n.checked_mul(*unit_seconds)?)?;
        rest = after[unit.len()..].trim_start();
        units += 1;
    }
    if units == 0 {
        return None;
    }
    Duration::try_seconds(seconds)
}

/// 订单金额, or 产品总金额 + 物流费用 in exports without it.
fn order_amount(table: &impl Table, columns: &Columns, currency: Currency) -> Result<Option<Money>, (Field, Text)> {
    let money = |field| cells::parse_money(columns.get(table, field), currency).map_err(|reason| (field, reason));
    if columns.has(Field::Amount) {
        return money(Field::Amount);
    }
    match (money(Field::ProductTotal)?, money(Field::ShippingFee)?) {
        (Some(goods), Some(shipping)) if goods.currency == shipping.currency => goods
            .amount
            .checked_add(shipping.amount)
            .map(|sum| Some(Money::new(sum, goods.currency)))
            .ok_or((Field::ShippingFee, Text::new("row.total_too_large"))),
        (Some(goods), Some(shipping)) => Err((
            Field::ShippingFee,
            Text::new("row.currencies_differ").with("shipping", shipping.currency).with("goods", goods.currency),
        )),
        (goods, _) => Ok(goods),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use chrono::SecondsFormat;

    use super::*;

    /// Every sink call and the outcome of one read.
    fn read_with(
        bytes: &[u8],
        profiles: &[ColumnProfile],
    ) -> (Result<OrderFileInfo, Rejected>, Vec<Result<OrderRow, RowProblem>>) {
        let mut rows = Vec::new();
        let info = read_orders(Cursor::new(bytes), profiles, Currency::CNY, &mut |row| rows.push(row), &mut |_, _| {});
        (info, rows)
    }

    fn read(bytes: &[u8]) -> (Result<OrderFileInfo, Rejected>, Vec<Result<OrderRow, RowProblem>>) {
        read_with(bytes, &[])
    }

    /// One line per file: `line id state` per row, `line !column` per problem, `; `-joined,
    /// or `rejected: what it looks like`.
    fn summary(bytes: &[u8]) -> String {
        match read(bytes) {
            (Err(rejected), _) => format!("rejected: {}", rejected.looks_like),
            (Ok(_), rows) => {
                let rows: Vec<String> = rows
                    .iter()
                    .map(|row| match row {
                        Ok(r) => format!("{} {} {}", r.line, r.order_id, r.state.as_str()),
                        Err(p) => format!("{} !{}", p.line, p.column),
                    })
                    .collect();
                rows.join("; ")
            }
        }
    }

    fn check(input: impl AsRef<[u8]>, expected: &str) {
        let input = input.as_ref();
        assert_eq!(summary(input), expected, "input {:?}", String::from_utf8_lossy(input));
    }

    const TRANSLATED: &str = "Order No,State,Buyer,Ordered\n8000000000000001,等待您发货,ZZPII,2026-09-01 02:00\n";

    fn translated_profile() -> ColumnProfile {
        let columns = [("order_id", "Order No"), ("status", "State"), ("placed_at", "Ordered")];
        ColumnProfile {
            name: "translated".into(),
            columns: columns.iter().map(|(f, h)| (f.to_string(), h.to_string())).collect(),
        }
    }

    #[test]
    fn an_unknown_layout_is_rejected_with_its_headers_to_map() {
        let (Err(rejected), rows) = read(TRANSLATED.as_bytes()) else { panic!("an unknown layout was read") };
        assert!(rows.is_empty());
        let layout = rejected.unknown_layout.expect("headers offered for mapping");
        assert_eq!(
            (layout.header_line, layout.headers),
            (1, vec!["Order No".into(), "State".into(), "Buyer".into(), "Ordered".into()])
        );
        assert!(rejected.looks_like.to_string().contains("Order No, State, Buyer, Ordered"), "{}", rejected.looks_like);
        assert!(rejected.advice.to_string().contains("订单号 (order_id)"), "{}", rejected.advice);
        // Rows of figures are not headers: nothing to map there.
        let (Err(rejected), _) = read(b"1,2,3\n4,5,6\n") else { panic!() };
        assert_eq!(rejected.unknown_layout, None);
    }

    #[test]
    fn a_saved_mapping_reads_the_layout_and_shows_only_mapped_columns() {
        let mut rows = Vec::new();
        let bad = format!("{TRANSLATED}3.03127E+15,等待您发货,ZZPII,2026-09-02 02:00\n");
        let (info, read) = read_with(bad.as_bytes(), &[translated_profile()]);
        let info = info.expect("read through the mapping");
        rows.extend(read);
        assert_eq!(info.columns.len(), 3);
        let first = rows[0].as_ref().expect("first row");
        assert_eq!((first.order_id.as_str(), first.state), ("8000000000000001", OrderState::AwaitingShipment));
        assert_eq!(utc(first.placed_at).as_deref(), Some("2026-09-01T09:00:00Z"));
        let problem = rows[1].as_ref().expect_err("damaged id");
        assert_eq!((problem.line, problem.column.as_str()), (3, "Order No"));
        assert!(!problem.raw.contains("ZZPII"), "an unmapped column was shown: {}", problem.raw);
    }

    #[test]
    fn mappings_are_checked_before_they_are_saved() {
        let headers: Vec<String> = ["Order No", "State", "Buyer", "Ordered"].map(String::from).to_vec();
        assert_eq!(check_profile(&translated_profile(), Some(&headers)), Ok(()));
        let with = |field: &str, header: &str| {
            let mut p = translated_profile();
            p.columns.push((field.into(), header.into()));
            check_profile(&p, Some(&headers))
        };
        assert!(with("country", "Shipped to").unwrap_err().to_string().contains("no column"));
        assert!(with("country", "Buyer").unwrap_err().to_string().contains("personal data"));
        assert!(with("items", "买家邮箱").unwrap_err().to_string().contains("personal data"));
        assert!(with("order_id", "Ordered").unwrap_err().to_string().contains("twice"));
        assert!(with("phone", "Buyer").unwrap_err().to_string().contains("not a field"));
        let mut p = translated_profile();
        p.columns.remove(1);
        assert!(check_profile(&p, None).unwrap_err().to_string().contains("status"));
    }

    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GB18030.encode(s).0.into_owned()
    }

    fn quoted(cell: &str) -> String {
        format!("\"{}\"", cell.replace('"', "\"\""))
    }

    /// One order with the given cells; 订单号 and 订单状态 have defaults unless given.
    fn order(cells: &[(&str, &str)]) -> Result<OrderRow, RowProblem> {
        let mut all = vec![("订单号", "3031265788145237"), ("订单状态", "交易完成")];
        for &(header, value) in cells {
            match all.iter_mut().find(|(h, _)| *h == header) {
                Some(cell) => cell.1 = value,
                None => all.push((header, value)),
            }
        }
        let header: Vec<String> = all.iter().map(|(h, _)| quoted(h)).collect();
        let row: Vec<String> = all.iter().map(|(_, v)| quoted(v)).collect();
        let csv = format!("{}\n{}\n", header.join(","), row.join(","));
        let (info, mut rows) = read(csv.as_bytes());
        assert!(info.is_ok() && rows.len() == 1, "{info:?} {rows:?}");
        rows.remove(0)
    }

    fn utc(t: Option<chrono::DateTime<chrono::Utc>>) -> Option<String> {
        t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
    }

    #[test]
    fn encodings_and_line_ends() {
        check("订单号,订单状态\n3031265788145237,交易完成\n", "2 3031265788145237 completed");
        check(
            "订单号,订单状态\r\n3031265788145237,交易完成\r\n8183162859744225,订单关闭\r\n",
            "2 3031265788145237 completed; 3 8183162859744225 closed",
        );
        check("\u{feff}订单号,订单状态\r\n3031265788145237,交易完成", "2 3031265788145237 completed");
        check(gbk("订单号,订单状态\r\n3031265788145237,等待您发货\r\n"), "2 3031265788145237 awaiting_shipment");
        check(
            "订单号,订单状态\r3031265788145237,交易完成\r\r8183162859744225,交易完成",
            "2 3031265788145237 completed; 4 8183162859744225 completed",
        );
    }

    #[test]
    fn truncated_multibyte_characters_at_the_end_do_not_stop_the_file() {
        let mut utf8 = "订单号,订单状态,收货国家\n3031265788145237,交易完成,法国".as_bytes().to_vec();
        utf8.pop();
        check(&utf8, "2 3031265788145237 completed");
        let mut gb = gbk("订单号,订单状态,收货国家\r\n3031265788145237,交易完成,法国");
        gb.pop();
        check(&gb, "2 3031265788145237 completed");
        let row = read(&gb).1.remove(0).unwrap();
        assert_eq!(row.country.as_deref(), Some("法\u{fffd}"));
    }

    #[test]
    fn headers_are_found_by_name_whatever_their_padding() {
        check(" 订单号 ,\t订单状态\t\n3031265788145237,交易完成\n", "2 3031265788145237 completed");
        check("订单状态,订单号\n交易完成,3031265788145237\n", "2 3031265788145237 completed");
        check(
            "\"订单号\",\"产品信息\n（双击单元格展开所有产品信息！）\",订单状态\n3031265788145237,,交易完成\n",
            "3 3031265788145237 completed",
        );
        check("Order No.,Order Status\n3031265788145237,FINISH\n", "2 3031265788145237 closed");
        check(
            "Order ID , ORDER STATUS\n3031265788145237,WAIT_SELLER_SEND_GOODS\n",
            "2 3031265788145237 awaiting_shipment",
        );
        check(
            "订单号，订单状态\n3031265788145237,交易完成\n",
            "rejected: a text file without any table Closeout knows",
        );
    }

    #[test]
    fn the_header_may_follow_a_preamble_and_lines_count_from_it() {
        check(
            "Seller Center,,\n导出时间：2026-11-20,,\n\n订单号,订单状态,\n3031265788145237,交易完成,\n",
            "2 3031265788145237 completed",
        );
        let (info, _) =
            read(b"a\nb\n\xe8\xae\xa2\xe5\x8d\x95\xe5\x8f\xb7,\xe8\xae\xa2\xe5\x8d\x95\xe7\x8a\xb6\xe6\x80\x81\n");
        assert_eq!(info.unwrap().header_line, 3);
        let late = format!("{}订单号,订单状态\n3031265788145237,交易完成\n", "x\n".repeat(59));
        check(&late, "2 3031265788145237 completed");
        let too_late = format!("{}订单号,订单状态\n3031265788145237,交易完成\n", "x\n".repeat(60));
        check(&too_late, "rejected: a text file without any table Closeout knows");
    }

    #[test]
    fn multi_line_records_start_where_they_start() {
        let csv = "订单号,订单状态,产品信息\n3031265788145237,\"等待您发货\n剩余时间：3天5小时\",\"【1】Mug\n(产品数量: 1)\n【2】Cup\"\n8183162859744225,交易完成,\n";
        check(csv, "2 3031265788145237 awaiting_shipment; 6 8183162859744225 completed");
        check(csv.replace('\n', "\r\n"), "2 3031265788145237 awaiting_shipment; 6 8183162859744225 completed");
    }

    #[test]
    fn blank_rows_are_skipped_and_trailing_commas_tolerated() {
        check(
            "订单号,订单状态,\n,,\n\t , ,\n3031265788145237,交易完成,\n\n,,,,\n8183162859744225,订单关闭,,,\n",
            "4 3031265788145237 completed; 7 8183162859744225 closed",
        );
    }

    #[test]
    fn joined_exports_repeat_their_header() {
        check(
            "订单号,订单状态\n3031265788145237,交易完成\n订单号,订单状态\n8183162859744225,订单关闭\n",
            "2 3031265788145237 completed; 4 8183162859744225 closed",
        );
    }

    #[test]
    fn ids_are_digit_text() {
        check("订单号,订单状态\n3031265788145237\t,交易完成\n", "2 3031265788145237 completed");
        check("订单号,订单状态\n\" 3031265788145237\t\",交易完成\n", "2 3031265788145237 completed");
        check("订单号,订单状态\n=\"3031265788145230\",交易完成\n", "2 3031265788145230 completed");
        check(
            "订单号,订单状态\n3.03127E+15,交易完成\n8183162859744225,交易完成\n",
            "2 !订单号; 3 8183162859744225 completed",
        );
        check("订单号,订单状态\n8.18316e15,交易完成\n", "2 !订单号");
        check("订单号,订单状态\nAE-123,交易完成\n", "2 !订单号");
        check("订单号,订单状态\n,交易完成\n", "2 !订单号");
        check(" 订单号 ,订单状态\n3031 2657,交易完成\n", "2 !订单号");
    }

    #[test]
    fn damaged_ids_say_how_to_get_them_back() {
        let reexport = crate::text::lookup(crate::locale::Lang::En, REEXPORT);
        let sci = parse_order_id(Cell::Text("3.03127E+15")).unwrap_err().to_string();
        assert!(sci.contains("scientific notation") && sci.contains(reexport), "{sci}");
        let number = parse_order_id(Cell::Number(3031265788145230.0)).unwrap_err().to_string();
        assert!(
            number.contains("3031265788145230")
                && number.contains("15 significant digits")
                && number.contains(reexport),
            "{number}"
        );
        assert!(!number.contains("Excel"), "nothing says this file was saved by Excel: {number}");
        assert_eq!(parse_order_id(Cell::Number(1107572502.0)), Ok("1107572502".to_owned()), "the old exports' ids");
        assert_eq!(parse_order_id(Cell::Number(3031265788145237.0)), Ok("3031265788145237".to_owned()));
        assert!(parse_order_id(Cell::Date(45658.0)).is_err());
        assert_eq!(
            parse_order_id(Cell::Text("3031265788145230")),
            Ok("3031265788145230".to_owned()),
            "text ending in 0 is fine"
        );
    }

    #[test]
    fn every_status_label_maps_to_its_state() {
        for (label, state) in [
            ("等待买家付款", OrderState::AwaitingPayment),
            ("PLACE_ORDER_SUCCESS", OrderState::AwaitingPayment),
            ("风控24小时", OrderState::RiskControl),
            ("RISK_CONTROL", OrderState::RiskControl),
            ("买家申请取消", OrderState::CancelRequested),
            ("IN_CANCEL", OrderState::CancelRequested),
            ("等待您发货", OrderState::AwaitingShipment),
            ("等待发货", OrderState::AwaitingShipment),
            ("部分发货", OrderState::AwaitingShipment),
            ("WAIT_SELLER_SEND_GOODS", OrderState::AwaitingShipment),
            ("SELLER_PART_SEND_GOODS", OrderState::AwaitingShipment),
            ("等待买家收货", OrderState::AwaitingReceipt),
            ("等待买家确认收货", OrderState::AwaitingReceipt),
            ("WAIT_BUYER_ACCEPT_GOODS", OrderState::AwaitingReceipt),
            ("纠纷中", OrderState::InDispute),
            ("含纠纷中的订单", OrderState::InDispute),
            ("IN_ISSUE", OrderState::InDispute),
            ("等待您确认金额", OrderState::FundsProcessing),
            ("FUND_PROCESSING", OrderState::FundsProcessing),
            ("WAIT_SELLER_EXAMINE_MONEY", OrderState::FundsProcessing),
            ("冻结中的订单", OrderState::Frozen),
            ("IN_FROZEN", OrderState::Frozen),
            ("交易完成", OrderState::Completed),
            ("订单关闭", OrderState::Closed),
            ("已取消", OrderState::Closed),
            ("订单结束", OrderState::Closed),
            ("FINISH", OrderState::Closed),
            ("等待平台审核", OrderState::Unknown),
            ("Awaiting shipment", OrderState::Unknown),
        ] {
            let row = order(&[("订单状态", label)]).unwrap();
            assert_eq!((row.label.as_str(), row.state), (label, state));
        }
    }

    #[test]
    fn an_ended_order_is_completed_only_when_the_buyer_confirmed() {
        let ended = |confirmed| order(&[("订单状态", "订单结束"), ("确认收货时间", confirmed)]).unwrap().state;
        assert_eq!(ended("2026-10-01 02:00"), OrderState::Completed);
        assert_eq!(ended(""), OrderState::Closed);
        let finish = order(&[("订单状态", "FINISH"), ("确认收货时间", "2026-10-01 02:00")]).unwrap();
        assert_eq!(finish.state, OrderState::Completed);
    }

    #[test]
    fn the_after_sales_column_outranks_the_label() {
        let with = |after_sales| order(&[("订单状态", "交易完成"), ("售后", after_sales)]).unwrap().state;
        assert_eq!(with("纠纷中"), OrderState::InDispute);
        assert_eq!(with("买家已发起纠纷"), OrderState::InDispute);
        assert_eq!(with("已取消"), OrderState::Closed);
        assert_eq!(with(""), OrderState::Completed);
    }

    #[test]
    fn an_empty_status_is_a_problem_not_an_unknown_label() {
        let problem = order(&[("订单状态", " \n ")]).unwrap_err();
        assert_eq!(problem.column, "订单状态");
    }

    #[test]
    fn countdowns_on_the_status_cells_second_line() {
        let countdown = |cell| {
            let row = order(&[("订单状态", cell)]).unwrap();
            (row.label, row.countdown, row.countdown_left.map(|d| d.num_seconds()))
        };
        let (day, hour, minute) = (86_400, 3_600, 60);
        for (cell, left) in [
            ("等待您发货\n剩余时间：3天5小时", Some(3 * day + 5 * hour)),
            ("等待您发货\n剩余时间: 2天", Some(2 * day)),
            ("等待您发货\n剩余时间：3天 5小时 20分", Some(3 * day + 5 * hour + 20 * minute)),
            ("等待您发货\n剩余时间：5小时30分钟", Some(5 * hour + 30 * minute)),
            ("等待您发货\n剩余时间：45分10秒", Some(45 * minute + 10)),
            ("等待您发货\r\n剩余 1天\r\n", Some(day)),
            ("等待您发货\n剩余时间：0天0小时", Some(0)),
            ("等待您发货\n剩余时间：", None),
            ("等待您发货\n剩余时间：即将超时", None),
            ("等待您发货\n剩余时间：99999999999999999天", None),
        ] {
            let (label, raw, got) = countdown(cell);
            assert_eq!(
                (label.as_str(), raw.as_deref(), got),
                ("等待您发货", cell.lines().nth(1).map(str::trim), left),
                "{cell:?}"
            );
        }
        assert_eq!(countdown("等待您发货\n买家留言"), ("等待您发货".to_owned(), None, None));
        assert_eq!(countdown("等待您发货"), ("等待您发货".to_owned(), None, None));
    }

    #[test]
    fn times_are_pacific_wall_time_with_daylight_saving() {
        let placed = |cell| order(&[("下单时间", cell)]).map(|r| utc(r.placed_at)).map_err(|p| p.column);
        for (cell, instant) in [
            ("2026-07-01 02:00", "2026-07-01T09:00:00Z"),
            ("2026-01-15 02:00", "2026-01-15T10:00:00Z"),
            ("2026-01-15 02:00:30", "2026-01-15T10:00:30Z"),
            ("2026/01/15 02:00", "2026-01-15T10:00:00Z"),
            ("2026/1/5 2:03", "2026-01-05T10:03:00Z"),
            ("2026-01-15T02:00:00", "2026-01-15T10:00:00Z"),
            ("2026-10-13", "2026-10-13T07:00:00Z"),
            // The spring gap: 02:30 never happens on 2026-03-08; read as 03:30 PDT.
            ("2026-03-08 02:30", "2026-03-08T10:30:00Z"),
            ("2026-03-08 01:59", "2026-03-08T09:59:00Z"),
            ("2026-03-08 03:00", "2026-03-08T10:00:00Z"),
            // The autumn overlap: 01:30 on 2026-11-01 happens twice; the earlier is PDT.
            ("2026-11-01 01:30", "2026-11-01T08:30:00Z"),
            ("2026-11-01 02:00", "2026-11-01T10:00:00Z"),
            (" 2026-07-01 02:00\t", "2026-07-01T09:00:00Z"),
        ] {
            assert_eq!(placed(cell), Ok(Some(instant.to_owned())), "{cell:?}");
        }
        assert_eq!(placed(""), Ok(None));
        assert_eq!(placed("yesterday"), Err("下单时间".to_owned()));
        assert_eq!(placed("2026-02-30 01:00"), Err("下单时间".to_owned()));
    }

    #[test]
    fn multi_line_time_cells_give_their_first_time() {
        let shipped = order(&[("发货时间", "已发货\n2026-10-13 02:32\n2026-10-14 01:00")]).unwrap().shipped_at;
        assert_eq!(utc(shipped).as_deref(), Some("2026-10-13T09:32:00Z"));
        let confirmed = order(&[("确认收货时间", "2026-11-04 02:16")]).unwrap().confirmed_at;
        assert_eq!(utc(confirmed).as_deref(), Some("2026-11-04T10:16:00Z"));
        assert_eq!(order(&[("付款时间", "soon")]).unwrap_err().column, "付款时间");
    }

    #[test]
    fn money_in_every_form() {
        let amount = |cell| {
            order(&[("订单金额", cell)])
                .map(|r| r.amount.map(|m| format!("{} {}", m.amount, m.currency)))
                .map_err(|p| p.column)
        };
        for (cell, money) in [
            ("CN￥ 1,234.50", "1234.50 CNY"),
            ("CN￥ 66.90", "66.90 CNY"),
            ("CN¥ 12.00", "12.00 CNY"),
            ("￥ 5", "5 CNY"),
            ("¥5.5", "5.5 CNY"),
            ("RMB 8.80", "8.80 CNY"),
            ("CNY 88.80", "88.80 CNY"),
            ("$ 12.34", "12.34 USD"),
            ("US $12.34", "12.34 USD"),
            ("US$ 1,000", "1000 USD"),
            ("12.34 USD", "12.34 USD"),
            ("€12,34", "12.34 EUR"),
            ("12,34 €", "12.34 EUR"),
            ("1.234,56 €", "1234.56 EUR"),
            ("1 234,56 EUR", "1234.56 EUR"),
            ("€ 1.234.567", "1234567 EUR"),
            ("CN￥ 1,234", "1234 CNY"),
            ("CN￥ 1,234,567.89", "1234567.89 CNY"),
            ("(US $12.34)", "12.34 USD"),
            ("CN￥ 66.90\n(€ 8,45)", "66.90 CNY"),
            ("-CN￥ 5.00", "-5.00 CNY"),
            ("CN￥ -5.00", "-5.00 CNY"),
            ("12.34 GBP", "12.34 GBP"),
        ] {
            assert_eq!(amount(cell), Ok(Some(money.to_owned())), "{cell:?}");
        }
        assert_eq!(amount(""), Ok(None));
        assert_eq!(amount("/"), Ok(None));
        for bad in ["CN￥", "CN￥ 12,5", "CN￥ 1,23,4", "zł 12", "CN￥ 12 abc", "1e5 USD", "$ 12.34.5,6,7"] {
            assert_eq!(amount(bad), Err("订单金额".to_owned()), "{bad:?}");
        }
        // Without a currency, an amount is in the store's settlement currency (the old exports' number cells).
        assert_eq!(amount("12.34"), Ok(Some("12.34 CNY".to_owned())));
        let problem = order(&[("订单金额", "zł 12")]).unwrap_err();
        assert!(
            problem.reason.to_string().contains("\"zł 12\"") && problem.reason.to_string().contains("CN￥"),
            "{}",
            problem.reason
        );
    }

    #[test]
    fn without_an_order_amount_the_products_and_shipping_add_up() {
        let amount =
            |cells: &[(&str, &str)]| order(cells).map(|r| r.amount.map(|m| m.to_string())).map_err(|p| p.column);
        assert_eq!(amount(&[("产品总金额", "$ 10.50"), ("物流费用", "$ 2.00")]), Ok(Some("12.50 USD".to_owned())));
        assert_eq!(amount(&[("产品总金额", "$ 10.50"), ("物流费用", "")]), Ok(Some("10.50 USD".to_owned())));
        assert_eq!(amount(&[("产品总金额", ""), ("物流费用", "$ 2.00")]), Ok(None));
        assert_eq!(amount(&[("产品总金额", "$ 10.50"), ("物流费用", "CN￥ 2.00")]), Err("物流费用".to_owned()));
        assert_eq!(
            amount(&[("订单金额", "$ 9.00"), ("产品总金额", "$ 10.50"), ("物流费用", "$ 2.00")]),
            Ok(Some("9.00 USD".to_owned()))
        );
    }

    #[test]
    fn an_empty_product_cell_gives_an_order_without_items() {
        assert!(order(&[("产品信息", "")]).unwrap().items.is_empty());
    }

    #[test]
    fn the_country_is_kept_as_written() {
        assert_eq!(order(&[("收货国家", " United States ")]).unwrap().country.as_deref(), Some("United States"));
        assert_eq!(order(&[("收货国家/地区", "France")]).unwrap().country.as_deref(), Some("France"));
        assert_eq!(order(&[("收货国家", "")]).unwrap().country, None);
    }

    #[test]
    fn buyer_data_never_reaches_a_row_or_a_problem() {
        let personal = [
            "买家名称",
            "买家邮箱",
            "收货地址",
            "收货人名称",
            "州/省",
            "城市",
            "地址",
            "邮编",
            "联系电话",
            "手机",
            "订单备注",
            "Buyer Name",
        ];
        let mut cells: Vec<(&str, &str)> = personal.iter().map(|&h| (h, "ZZPII")).collect();
        cells.push(("收货国家", "France"));
        let row = order(&cells).unwrap();
        assert!(!format!("{row:?}").contains("ZZPII"));
        cells.push(("订单号", "3.03127E+15"));
        let problem = order(&cells).unwrap_err();
        assert!(!format!("{problem:?}").contains("ZZPII"), "{problem:?}");
        assert_eq!(problem.raw, "3.03127E+15 | 交易完成 | France");
    }

    #[test]
    fn file_info_names_the_columns_found_and_missing() {
        let (info, _) = read("\u{feff}订单号,订单状态,下单时间,产品总金额\n".as_bytes());
        let info = info.unwrap();
        assert_eq!((info.encoding, info.header_line), ("utf-8-bom", 1));
        let columns: Vec<(&str, &str)> = info.columns.iter().map(|(f, h)| (f.as_str(), h.as_str())).collect();
        assert_eq!(
            columns,
            [
                ("order_id", "订单号"),
                ("status", "订单状态"),
                ("placed_at", "下单时间"),
                ("product_total", "产品总金额")
            ]
        );
        assert_eq!(info.missing, ["paid_at", "shipped_at", "confirmed_at", "items", "country"]);
    }

    #[test]
    fn files_that_are_not_order_exports() {
        check("", "rejected: an empty file");
        check(" \r\n\t", "rejected: an empty file");
        check("\u{feff}", "rejected: an empty text file");
        check([0x13, 0x8a, 0x00, 0xff, 0x42, 0x07, 0x99, 0x01], "rejected: random or damaged bytes");
        check(b"\xFF\xFEa\x00,\x00", "rejected: a UTF-16 text file (Excel's \"Unicode Text\")");
        assert!(summary(b"PK\x03\x04 not really a zip").starts_with("rejected: a damaged xlsx file ("));
        check(
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 short",
            "rejected: a damaged xls file (it is shorter than its header)",
        );
        check("微信支付账单明细\n交易时间,交易类型\n", "rejected: a WeChat Pay bill (微信支付账单)");
        check("订单号,商品ID,放款金额\n", "rejected: an AliExpress fund-release export (放款)");
        check(
            gbk("#支付宝账务明细查询\n账务流水号,收入金额（+元）,支出金额（-元）\n"),
            "rejected: an Alipay business ledger (账务明细)",
        );
        check("订单号,买家名称\n3031265788145237,x\n", "rejected: a text file without any table Closeout knows");
        let (rejected, rows) = read("a,b\n1,2\n".as_bytes());
        let rejected = rejected.unwrap_err();
        assert!(rejected.advice.to_string().contains("订单") && rows.is_empty(), "{rejected}");
    }
}
