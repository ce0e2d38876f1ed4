//! Importers: bytes in, typed rows out. Like csv-core, they know nothing of the case file,
//! SQLite or the window; `case::imports` stores what they produce.
//!
//! Every importer streams: rows are handed to a sink one at a time, so a million-row export
//! never sits in memory. A row that cannot be read is a `RowProblem` (line, column, reason,
//! raw text without personal columns), never silently dropped.

mod alipay;
mod archive;
mod budget;
mod cells;
mod columns;
mod funds;
mod lookalike;
mod order_items;
pub mod orders;
mod panics;
mod sheet;
mod table;
mod text;

pub use cells::MAX_AMOUNT;

pub use crate::model::Format;
pub use lookalike::RefusedAs;
pub use orders::check_profile as check_column_profile;

use std::fmt;
use std::io::{Read, Seek};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::{Currency, Money, OrderState};
use crate::text::Text;
use table::{Advice, Table};

/// One good row of any format.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Record {
    /// A row of an order export.
    Order(OrderRow),
    /// A row of an Alipay personal statement or business ledger.
    Statement(StatementRow),
    /// A product line of a fund-release export.
    Release(ReleaseRow),
    /// A product line of a refund export.
    Refund(RefundRow),
}

/// What reading a whole file found, beyond its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileInfo {
    /// What the file was detected as, from its header row.
    pub format: Format,
    /// How the bytes were decoded: "xlsx", "xls", "utf-8-bom", "utf-8", "gb18030".
    pub encoding: &'static str,
    /// The 1-based line (spreadsheets: row) of the header row, where `detect` found it.
    pub header_line: u64,
    /// The period a statement covers, as the lines around its table give it; `None` where
    /// they give none (the case then takes the span of its rows).
    pub period_start: Option<DateTime<Utc>>,
    /// Where a statement's period ends; `None` for AliExpress exports.
    pub period_end: Option<DateTime<Utc>>,
}

/// What reading a file needs beyond its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// The password of an encrypted zip (Alipay mails statements as AES-encrypted zips).
    pub password: Option<String>,
    /// The store's settlement currency: what amounts written without a currency are in (the
    /// fund-release and refund exports' number cells).
    pub currency: Currency,
    /// Column mappings saved in the case, for order exports whose headers are not the known ones.
    pub order_profiles: Vec<ColumnProfile>,
}

impl ReadOptions {
    /// Options for a file with no password and no saved column mappings, amounts without a
    /// currency being in `currency`.
    pub fn new(currency: Currency) -> Self {
        ReadOptions { password: None, currency, order_profiles: Vec::new() }
    }
}

/// What Closeout reads, for messages about files it does not (a catalogue key).
const READABLE: &str = "advice.readable";
const ADVICE: Advice =
    Advice { export: READABLE, again: "advice.download_again", resave: "advice.as_downloaded", unzip: "advice.unzip" };

/// Reads any file Closeout knows, detected by content, handing each row to `sink`. Nothing is
/// handed over before the format is known. A file rejected after some rows were handed over
/// (an I/O error, a statement found cut off at its end) must be dropped whole by the caller,
/// as `case::imports` does by rolling back its transaction.
pub fn read_file<R: Read + Seek>(
    mut source: R,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Result<Record, RowProblem>),
    progress: Progress,
) -> Result<FileInfo, Rejected> {
    if archive::is_archive(&mut source).map_err(table::unreadable_io)? {
        return archive::read_archive(source, options, sink, progress);
    }
    read_table_file(source, options, sink, progress)
}

/// A file that is one table (spreadsheet or text), dispatched by what its first rows say.
fn read_table_file<R: Read + Seek>(
    source: R,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Result<Record, RowProblem>),
    progress: Progress,
) -> Result<FileInfo, Rejected> {
    let mut workbook = sheet::Workbook::new();
    let (mut table, format) = open_at_header(source, &mut workbook, &options.order_profiles)?;
    let encoding = table.encoding;
    let header_line = table.line();
    let mut info = FileInfo { format, encoding, header_line, period_start: None, period_end: None };
    match format {
        Format::AliexpressOrders => {
            orders::read_table(
                &mut table,
                encoding,
                &options.order_profiles,
                options.currency,
                &mut |row| sink(row.map(Record::Order)),
                progress,
            )?;
        }
        Format::AliexpressFundRelease | Format::AliexpressRefunds => {
            funds::read_table(&mut table, format, options.currency, sink, progress)?;
        }
        Format::AlipayPersonal | Format::AlipayLedger => {
            let preamble = table.first_rows[..table.header_index].to_vec();
            let statement =
                alipay::read_table(&mut table, &preamble, &mut |row| sink(row.map(Record::Statement)), progress)?;
            (info.period_start, info.period_end) = (statement.period_start, statement.period_end);
        }
    }
    Ok(info)
}

/// Opens a table, tells its format from its first rows, and moves to its header row: the one
/// place a header is looked for, so every importer starts where `detect` found it.
fn open_at_header<'w, R: Read + Seek>(
    source: R,
    workbook: &'w mut sheet::Workbook<R>,
    profiles: &[ColumnProfile],
) -> Result<(table::Opened<'w, R>, Format), Rejected> {
    let mut table = table::open(source, workbook).map_err(|e| e.rejected(&ADVICE))?;
    let (format, header_index) = detect(&table, profiles)?;
    table.header_index = header_index;
    for _ in 0..=header_index {
        if !table.advance().map_err(|e| table::unreadable(e.message()))? {
            return Err(table::header_lost(&table));
        }
    }
    Ok((table, format))
}

/// Tells what a file is from its first rows, top down: the first row that names a known table
/// or gives away a look-alike decides. Returns the format and the header's index among the
/// rows. Look-alikes are checked first on each row: a WeChat bill shares 交易时间 and 收/支 with
/// Alipay statements, a JD bill even more.
fn detect(table: &table::Opened<'_, impl Read>, profiles: &[ColumnProfile]) -> Result<(Format, usize), Rejected> {
    let (first_rows, first_lines, noun) = (&table.first_rows, &table.first_lines, table.noun());
    for (index, row) in first_rows.iter().enumerate() {
        let keys: Vec<String> = row.iter().map(|c| text::header_key(c)).collect();
        if let Some(rejected) = lookalike::look_alike(row, &keys) {
            return Err(rejected);
        }
        let format = if orders::is_order_header(row) || profiles.iter().any(|p| orders::matches_profile(row, p)) {
            Some(Format::AliexpressOrders)
        } else {
            funds::format_of_header(&keys).or_else(|| alipay::layout_of_header(&keys).map(|layout| layout.format()))
        };
        if let Some(format) = format {
            return Ok((format, index));
        }
    }
    if first_rows.iter().all(|row| row.iter().all(String::is_empty)) {
        return Err(Rejected::new(
            Text::new(format!("refusal.empty_{noun}")),
            Text::new("advice.no_rows").with_text("readable", Text::new(READABLE)),
        ));
    }
    // A table of some other layout: offer its header row for a column mapping.
    if let Some((index, headers)) = first_rows.iter().enumerate().find(|(_, row)| orders::looks_like_a_header(row)) {
        return Err(orders::unknown_layout(first_lines[index], headers.clone()));
    }
    Err(Rejected::new(
        Text::new(format!("refusal.unknown_{noun}")),
        Text::new("advice.no_known_header").with("rows", first_rows.len()).with_text("readable", Text::new(READABLE)),
    ))
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A whole file Closeout will not import, with what it looks like and what to export instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// e.g. "a WeChat Pay bill", "random bytes", "an Excel file without an order table", as a
    /// message to put into the reader's words (boxed, as `advice`: every `Result<_, Rejected>`
    /// stays small).
    pub looks_like: Box<Text>,
    /// What to do instead, in plain words.
    pub advice: Box<Text>,
    /// A table whose columns no layout knows: its headers, so the seller can map them (boxed:
    /// rarely there, and it would make every `Result<_, Rejected>` large).
    pub unknown_layout: Option<Box<UnknownLayout>>,
    /// An encrypted zip without its password (or with a wrong one): ask for it and try again.
    pub needs_password: bool,
    /// What the file was taken for, where Closeout can name it (a look-alike, a cut-off file).
    pub refused_as: Option<RefusedAs>,
}

impl Rejected {
    /// A refusal that only says what the file looks like and what to do; no mapping is offered,
    /// no password asked for and no look-alike named.
    pub fn new(looks_like: Text, advice: Text) -> Rejected {
        Rejected {
            looks_like: Box::new(looks_like),
            advice: Box::new(advice),
            unknown_layout: None,
            needs_password: false,
            refused_as: None,
        }
    }
}

/// The header row of a table Closeout could not place, offered for a column mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnknownLayout {
    /// The 1-based line (spreadsheets: row) of the row taken for the header.
    pub header_line: u64,
    /// Every header cell as written, by column (empty cells as "").
    pub headers: Vec<String>,
    /// The fields a mapping must give (order id and status).
    pub required: Vec<&'static str>,
    /// Every field a mapping may give, in the order a form shows them.
    pub fields: Vec<&'static str>,
}

/// A seller's mapping of an unknown order layout: field name (`order_id`, `status` …) → the
/// header text of its column. Saved in the case and tried on every later order file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ColumnProfile {
    /// The seller's name for the mapping; a blank one is refused before saving.
    pub name: String,
    /// `(field, header)` pairs: a field of [`orders::MAPPABLE`] and the header of its column as
    /// the file writes it. Each field at most once; `order_id` and `status` always.
    pub columns: Vec<(String, String)>,
}

impl Rejected {
    /// The whole refusal as one message: "this looks like …. …".
    pub fn message(&self) -> Text {
        Text::new("refusal.sentence")
            .with_text("looks_like", (*self.looks_like).clone())
            .with_text("advice", (*self.advice).clone())
    }
}

impl fmt::Display for Rejected {
    /// The refusal in English, for logs and tests; people read [`Rejected::message`] in their
    /// language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message().fmt(f)
    }
}

/// A row that could not be read: where, why, and its text (personal columns left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// 1-based physical line where the record starts (spreadsheets: the row number).
    pub line: u64,
    /// The header of the offending column, as written in the file.
    pub column: String,
    /// What is wrong with the cell, and what to do where something can be done: a message put
    /// into words in the reader's language wherever the row is shown (boxed: a `Result` with a
    /// `RowProblem` is returned for every row).
    pub reason: Box<Text>,
    /// The row's cells joined with " | ", personal columns omitted.
    pub raw: String,
    /// For an order row: the state its status cell still shows, where that can be read. An
    /// order kept aside this way still counts as unfinished.
    pub state: Option<OrderState>,
}

/// One product line of an order's 产品信息 cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderItem {
    /// The product title as written, spaces collapsed; text the parser does not recognise stays
    /// here.
    pub title: String,
    /// 产品属性 (colour, size and the like), as written.
    pub attributes: Option<String>,
    /// 商家编码: the seller's own code for the product.
    pub sku: Option<String>,
    /// 产品数量: the number of pieces, `None` when not written as a number.
    pub quantity: Option<u32>,
}

/// One order as one export shows it. Buyer personal data never gets here.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderRow {
    /// Where the record starts, counted with the header row's first line as line 1 (spreadsheets:
    /// rows), so a preamble above the header does not shift it.
    pub line: u64,
    /// Text, never a number: 16 digits survive only as text.
    pub order_id: String,
    /// First line of the status cell, as written.
    pub label: String,
    /// `OrderState::Unknown` when no mapping knows the label (the caller reports it).
    pub state: OrderState,
    /// A status cell's second line (`剩余时间：3天5小时`), as written and as a duration.
    pub countdown: Option<String>,
    /// How long the countdown had left when the file was exported; the case dates the deadline
    /// from the file's latest event, since no export records when it was made.
    pub countdown_left: Option<chrono::Duration>,
    /// 下单时间, written in US Pacific wall time and read as an instant.
    pub placed_at: Option<DateTime<Utc>>,
    /// 付款时间, US Pacific; a closed order that was paid is owed a refund.
    pub paid_at: Option<DateTime<Utc>>,
    /// 发货时间, US Pacific.
    pub shipped_at: Option<DateTime<Utc>>,
    /// 确认收货时间, US Pacific: the buyer's (or the automatic) confirmation of receipt. It also tells
    /// a sale from a cancellation in an order that is only 订单结束.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// 订单金额.
    pub amount: Option<Money>,
    /// 收货国家, as written.
    pub country: Option<String>,
    /// The products of the 产品信息 cell, one per `【n】` block; empty when the export has no such
    /// column or the cell is blank.
    pub items: Vec<OrderItem>,
}

/// What reading a whole order file found, beyond the rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderFileInfo {
    /// How the bytes were decoded: "xlsx", "xls", "utf-8-bom", "utf-8", "gb18030".
    pub encoding: &'static str,
    /// 1-based line of the header record.
    pub header_line: u64,
    /// Canonical fields found, with the header text each came from.
    pub columns: Vec<(String, String)>,
    /// Canonical fields the file lacks (the import still works without them).
    pub missing: Vec<String>,
}

/// Progress of a long read, for progress bars: bytes (or rows) done of a total.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

/// Which way money moved in a statement row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Money came in (收入).
    Income,
    /// Money went out (支出).
    Expense,
    /// 不计收支, 资金转移, a freeze or its release: no change to what the seller owns.
    Neutral,
}

impl Direction {
    /// The name stored in the case, as it serialises.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Income => "income",
            Direction::Expense => "expense",
            Direction::Neutral => "neutral",
        }
    }
}

/// One row of an Alipay statement: a personal layout (A, B or C) or the business ledger 账务明细.
/// The counterparty's name and account are personal data and never get here.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementRow {
    /// `alipay-personal` or `alipay-ledger`: keys are unique within one of them.
    pub source: Format,
    /// 1-based physical line where the row starts.
    pub line: u64,
    /// The natural key: 交易号 / 交易订单号 (personal layouts), 账务流水号 (ledger).
    pub key: String,
    /// The key's column, as the layout names it.
    pub key_column: &'static str,
    /// For a refund whose key is `original_suffix`: the original's key.
    pub refund_of: Option<String>,
    /// Beijing time, as an instant.
    pub at: Option<DateTime<Utc>>,
    /// Unsigned amount; `direction` says which way it went.
    pub amount: Money,
    /// Which way `amount` went; a freeze or its release is `Neutral` whatever the columns say.
    pub direction: Direction,
    /// 交易分类 / 类型 / 业务类型, as written (e.g. 提现 for a withdrawal in the ledger).
    pub kind: String,
    /// 交易状态 / 资金状态, as written (e.g. 冻结, 解冻, 交易成功).
    pub status: String,
    /// 商品说明 / 商品名称.
    pub description: Option<String>,
    /// The ledger's running balance after this row (账户余额), where the layout has one.
    pub balance: Option<Money>,
    /// Money newly frozen (positive) or released from a freeze (negative), wherever a row says
    /// so: 资金状态 in layout A, the kind or status in the other layouts and the ledger.
    pub frozen_change: Option<Money>,
}

/// What a statement covers, from its preamble, or else from its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementInfo {
    /// "alipay-personal-a" / "-b" / "-c", or "alipay-ledger-12" / "alipay-ledger-16".
    pub layout: &'static str,
    /// Where the statement's period begins, as the lines around its table give it (起始, Beijing
    /// time, read as an instant); `None` where they give none, and the case falls back on the
    /// rows.
    pub period_start: Option<DateTime<Utc>>,
    /// Where the period ends, as those lines give it (终止).
    pub period_end: Option<DateTime<Utc>>,
}

/// One product line of an AliExpress fund-release (放款) export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReleaseRow {
    /// 1-based line (spreadsheets: row) of the product line.
    pub line: u64,
    /// 订单号, digits kept as text.
    pub order_id: String,
    /// 商品ID, digits kept as text.
    pub product_id: String,
    /// The SKU cell as written; `None` when blank.
    pub sku: Option<String>,
    /// 数量, a whole number; `None` when blank.
    pub quantity: Option<u32>,
    /// 成交金额: what the line sold for. Like every amount here, in the currency its header names
    /// (`放款金额(USD)`), else the store's settlement currency.
    pub sale_amount: Option<Money>,
    /// 放款金额: what AliExpress paid the seller for the line.
    pub released: Option<Money>,
    /// 手续费: AliExpress's commission on the line.
    pub fee: Option<Money>,
    /// 联盟佣金: the affiliate commission on the line.
    pub affiliate: Option<Money>,
    /// 返现: the cashback the export shows for the line.
    pub cashback: Option<Money>,
    /// 结算时间, US Pacific, as an instant.
    pub settled_at: Option<DateTime<Utc>>,
}

/// One product line of an AliExpress refund (退款) export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefundRow {
    /// 1-based line (spreadsheets: row) of the product line.
    pub line: u64,
    /// 订单号, digits kept as text.
    pub order_id: String,
    /// 商品ID, digits kept as text.
    pub product_id: String,
    /// The SKU cell as written; `None` when blank.
    pub sku: Option<String>,
    /// 数量, a whole number; `None` when blank.
    pub quantity: Option<u32>,
    /// 成交金额: what the line sold for, in the currency its header names, else the settlement
    /// currency.
    pub sale_amount: Option<Money>,
    /// 退款金额: what was refunded to the buyer for the line.
    pub refunded: Option<Money>,
    /// 来源: where the refund came from, as the export writes it; `None` when blank.
    pub source: Option<String>,
    /// 退款时间, US Pacific, as an instant.
    pub refunded_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GB18030.encode(s).0.into_owned()
    }

    #[test]
    fn a_direction_is_stored_by_its_serialised_name() {
        for d in [Direction::Income, Direction::Expense, Direction::Neutral] {
            assert_eq!(serde_json::to_value(d).unwrap(), d.as_str());
        }
    }

    /// `format rows` or `rejected: what it looks like`, through `read_file`.
    fn detected(bytes: &[u8]) -> String {
        let mut rows = 0;
        match read_file(Cursor::new(bytes), &ReadOptions::new(Currency::CNY), &mut |_| rows += 1, &mut |_, _| {}) {
            Ok(info) => format!("{} {rows}", info.format),
            Err(rejected) => format!("rejected: {}", rejected.looks_like),
        }
    }

    #[test]
    fn every_format_is_told_by_its_header_row() {
        assert_eq!(detected("订单号,订单状态\n3031265788145237,交易完成\n".as_bytes()), "aliexpress-orders 1");
        assert_eq!(
            detected(&gbk("#支付宝账务明细查询\n账务流水号,发生时间,收入金额（+元）,支出金额（-元）,账户余额（元）,业务类型\n1\t,2026-10-01 00:00:00,1,0,1,转账\n")),
            "alipay-ledger 1"
        );
        assert_eq!(
            detected(&gbk("交易时间,交易分类,收/支,金额,交易状态,交易订单号,\n2026-10-01 00:00:00 ,退款 ,不计收支 ,1.00 ,退款成功 ,1_2\t,\n")),
            "alipay-personal 1"
        );
        assert_eq!(
            detected("订单号,商品ID,放款金额\n3031265788145237,1005,1.00\n".as_bytes()),
            "aliexpress-fund-release 1"
        );
        assert_eq!(detected("订单号,商品ID,退款金额\n3031265788145237,1005,1.00\n".as_bytes()), "aliexpress-refunds 1");
    }

    #[test]
    fn look_alikes_are_named() {
        for (text, looks_like) in [
            ("微信支付账单明细,,,\n交易时间,交易类型,收/支,金额(元),交易单号,商户单号\n", "rejected: a WeChat Pay bill (微信支付账单)"),
            ("交易时间,交易类型,交易对方,收/支,金额(元),当前状态,交易单号,商户单号\n", "rejected: a WeChat Pay bill (微信支付账单)"),
            ("记录时间,分类,收支类型,金额,备注,账户\n2026-10-01,餐饮,支出,5,,余额\n", "rejected: an Alipay cashbook (记账本) export"),
            ("支付宝记账本导出\n日期,分类,金额\n", "rejected: an Alipay cashbook (记账本) export"),
            ("#支付宝账务汇总查询\n#账号：[2088]\n", "rejected: the summary (汇总) of an Alipay business ledger"),
            (
                "Partner_transaction_id,Transaction_id,Amount,Fee,Settlement,Currency,Payment_time,Settlement_time,Type,Status\n",
                "rejected: an Antom (Alipay merchant acquiring) settlement file",
            ),
            // JD's bill passes for Alipay's layout C: 交易时间, 金额, 收/支, 交易订单号 …
            ("交易时间,商户名称,交易说明,金额,收/付款方式,交易状态,收/支,交易分类,交易订单号,商家订单号,备注\n", "rejected: a JD bill (京东账单)"),
            ("导出信息：\n京东账号名：ZZPII1\n交易时间,交易分类,商户名称,交易说明,收/支,金额\n", "rejected: a JD bill (京东账单)"),
            // Meituan's has WeChat's 交易单号; its title names it.
            ("美团账单明细\n交易创建时间,交易类型,收/支,支付方式,订单金额,交易单号,商家单号\n", "rejected: a Meituan bill (美团账单)"),
            ("中国银行交易流水明细单\n记账日期,记账时间,币别,金额,余额,交易名称\n", "rejected: a bank statement from Bank of China (中国银行, BOC)"),
            ("记账日期,货币,交易金额,联机余额,交易摘要,对手信息\n", "rejected: a bank statement from China Merchants Bank (招商银行, CMB)"),
            ("交易日期,交易时间,摘要,金额,余额,对方户名\n", "rejected: a bank account statement"),
            ("Date,Description,Amount,Balance\n", "rejected: a bank account statement"),
            ("amazon-order-id,purchase-date,order-status\n", "rejected: an order list from Amazon"),
            ("Shipping status,Order no.,Cart no.,Order date\n", "rejected: an order list from Gmarket or Qoo10"),
            ("a,b\n1,2\n", "rejected: a text file without any table Closeout knows"),
            (" \n", "rejected: an empty file"),
        ] {
            assert_eq!(detected(text.as_bytes()), looks_like, "{text:?}");
            assert_eq!(detected(&gbk(text)), looks_like, "GBK {text:?}");
        }
        // Words of a look-alike in a data row are data: an export, or a bank's payment to WeChat.
        assert_eq!(
            detected("订单号,订单状态,产品信息\n3031265788145237,交易完成,记账本 A5\n".as_bytes()),
            "aliexpress-orders 1"
        );
        assert_eq!(
            detected(
                "交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息\n20240102,1,财付通,-10.00,1.00,微信支付\n"
                    .as_bytes()
            ),
            "rejected: a bank account statement"
        );
    }

    #[test]
    fn refusals_say_what_the_file_was_taken_for() {
        let refused = |text: &str| {
            read_file(Cursor::new(text.as_bytes()), &ReadOptions::new(Currency::CNY), &mut |_| {}, &mut |_, _| {})
                .unwrap_err()
                .refused_as
        };
        assert_eq!(refused("微信支付账单明细\n"), Some(RefusedAs::WechatPay));
        assert_eq!(refused("京东账号名：x\n"), Some(RefusedAs::Jd));
        assert_eq!(refused("记账日期,货币,交易金额,联机余额,交易摘要,对手信息\n"), Some(RefusedAs::Bank));
        assert_eq!(refused("a,b\n1,2\n"), None, "a file Closeout cannot name is not given a name");
    }

    #[test]
    fn the_header_is_found_once_anywhere_in_the_first_rows() {
        // Each importer starts where `detect` found the header, however deep (the statement
        // importer once looked 60 rows deep and the order importer 50).
        for depth in [0, 49, 55, 59] {
            let preamble = "注：导出说明\n".repeat(depth);
            let orders = format!("{preamble}订单号,订单状态\n3031265788145237,交易完成\n");
            assert_eq!(detected(orders.as_bytes()), "aliexpress-orders 1", "depth {depth}");
            let release = format!("{preamble}订单号,商品ID,放款金额\n3031265788145237,1005,1.00\n");
            assert_eq!(detected(release.as_bytes()), "aliexpress-fund-release 1", "depth {depth}");
        }
        let too_deep = format!("{}订单号,订单状态\n3031265788145237,交易完成\n", "注\n".repeat(60));
        assert_eq!(detected(too_deep.as_bytes()), "rejected: a text file without any table Closeout knows");
    }
}
