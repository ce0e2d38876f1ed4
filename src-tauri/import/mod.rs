//! Importers: bytes in, typed rows out. Like csv-core, they know nothing of the case file,
//! SQLite or the window; `case::imports` stores what they produce.
//!
//! Every importer streams: rows are handed to a sink one at a time, so a million-row export
//! never sits in memory. A row that cannot be read is a `RowProblem` (line, column, reason,
//! raw text without personal columns), never silently dropped.

pub mod orders;
mod sheet;
mod text;

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::{Money, OrderState};

/// What a file is, decided from its content (never its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Format {
    #[serde(rename = "aliexpress-orders")]
    AliexpressOrders,
    #[serde(rename = "aliexpress-fund-release")]
    AliexpressFundRelease,
    #[serde(rename = "aliexpress-refunds")]
    AliexpressRefunds,
    #[serde(rename = "alipay-personal")]
    AlipayPersonal,
    #[serde(rename = "alipay-ledger")]
    AlipayLedger,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::AliexpressOrders,
        Format::AliexpressFundRelease,
        Format::AliexpressRefunds,
        Format::AlipayPersonal,
        Format::AlipayLedger,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::AliexpressOrders => "aliexpress-orders",
            Format::AliexpressFundRelease => "aliexpress-fund-release",
            Format::AliexpressRefunds => "aliexpress-refunds",
            Format::AlipayPersonal => "alipay-personal",
            Format::AlipayLedger => "alipay-ledger",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// One good row of any format.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Record {
    Order(OrderRow),
    Statement(StatementRow),
    Release(ReleaseRow),
    Refund(RefundRow),
}

/// What reading a whole file found, beyond its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileInfo {
    pub format: Format,
    /// How the bytes were decoded: "xlsx", "xls", "utf-8-bom", "utf-8", "gb18030".
    pub encoding: &'static str,
    pub header_line: u64,
    /// The period a statement covers (from its preamble, else its rows).
    pub period_start: Option<DateTime<Utc>>,
    pub period_end: Option<DateTime<Utc>>,
}

/// Reads any file Closeout knows, detected by content, handing each row to `sink`. Nothing is
/// handed over before the format is known, so a rejected file leaves no rows behind.
pub fn read_file<R: std::io::Read + std::io::Seek>(
    source: R,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Result<Record, RowProblem>),
    progress: Progress,
) -> Result<FileInfo, Rejected> {
    let info = orders::read_orders(source, &options.order_profiles, &mut |row| sink(row.map(Record::Order)), progress)?;
    Ok(FileInfo {
        format: Format::AliexpressOrders,
        encoding: info.encoding,
        header_line: info.header_line,
        period_start: None,
        period_end: None,
    })
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A whole file Closeout will not import, with what it looks like and what to export instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// e.g. "a WeChat Pay bill", "random bytes", "an Excel file without an order table".
    pub looks_like: String,
    /// What to do instead, in plain words.
    pub advice: String,
    /// A table whose columns no layout knows: its headers, so the seller can map them.
    pub unknown_layout: Option<UnknownLayout>,
}

impl Rejected {
    pub fn new(looks_like: impl Into<String>, advice: impl Into<String>) -> Rejected {
        Rejected { looks_like: looks_like.into(), advice: advice.into(), unknown_layout: None }
    }
}

/// The header row of a table Closeout could not place, offered for a column mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnknownLayout {
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
    pub name: String,
    pub columns: Vec<(String, String)>,
}

/// What a read may use beyond the bytes.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Column mappings saved in the case, for order exports whose headers are not the known ones.
    pub order_profiles: Vec<ColumnProfile>,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "this looks like {}. {}", self.looks_like, self.advice)
    }
}

/// A row that could not be read: where, why, and its text (personal columns left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// 1-based physical line where the record starts (spreadsheets: the row number).
    pub line: u64,
    /// The header of the offending column, as written in the file.
    pub column: String,
    pub reason: String,
    /// The row's cells joined with " | ", personal columns omitted.
    pub raw: String,
}

/// One product line of an order's 产品信息 cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderItem {
    pub title: String,
    pub attributes: Option<String>,
    pub sku: Option<String>,
    pub quantity: Option<u32>,
}

/// One order as one export shows it. Buyer personal data never gets here.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderRow {
    pub line: u64,
    /// Text, never a number: 16 digits survive only as text.
    pub order_id: String,
    /// First line of the status cell, as written.
    pub label: String,
    /// `OrderState::Unknown` when no mapping knows the label (the caller reports it).
    pub state: OrderState,
    /// A status cell's second line (`剩余时间：3天5小时`), as written and as a duration.
    pub countdown: Option<String>,
    pub countdown_left: Option<chrono::Duration>,
    pub placed_at: Option<DateTime<Utc>>,
    pub paid_at: Option<DateTime<Utc>>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// 订单金额.
    pub amount: Option<Money>,
    /// 收货国家, as written.
    pub country: Option<String>,
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
    Income,
    Expense,
    /// 不计收支, 资金转移, a freeze or its release: no change to what the seller owns.
    Neutral,
}

/// One row of an Alipay statement: a personal layout (A, B or C) or the business ledger 账务明细.
/// The counterparty's name and account are personal data and never get here.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementRow {
    pub line: u64,
    /// The natural key: 交易号 / 交易订单号 (personal layouts), 账务流水号 (ledger).
    pub key: String,
    /// For a refund whose key is `original_suffix`: the original's key.
    pub refund_of: Option<String>,
    /// Beijing time, as an instant.
    pub at: Option<DateTime<Utc>>,
    /// Unsigned amount; `direction` says which way it went.
    pub amount: Money,
    pub direction: Direction,
    /// 交易分类 / 类型 / 业务类型, as written (e.g. 提现 for a withdrawal in the ledger).
    pub kind: String,
    /// 交易状态 / 资金状态, as written (e.g. 冻结, 解冻, 交易成功).
    pub status: String,
    /// 商品说明 / 商品名称.
    pub description: Option<String>,
    /// The ledger's running balance after this row (账户余额), where the layout has one.
    pub balance: Option<Money>,
    /// Money newly frozen (positive) or released from a freeze (negative), for layout A.
    pub frozen_change: Option<Money>,
}

/// What a statement covers, from its preamble, or else from its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementInfo {
    /// "alipay-personal-a" / "-b" / "-c", or "alipay-ledger-12" / "alipay-ledger-16".
    pub layout: &'static str,
    pub encoding: &'static str,
    pub header_line: u64,
    pub period_start: Option<DateTime<Utc>>,
    pub period_end: Option<DateTime<Utc>>,
}

/// One product line of an AliExpress fund-release (放款) export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReleaseRow {
    pub line: u64,
    pub order_id: String,
    pub product_id: String,
    pub sku: Option<String>,
    pub quantity: Option<u32>,
    pub sale_amount: Option<Money>,
    pub released: Option<Money>,
    pub fee: Option<Money>,
    pub affiliate: Option<Money>,
    pub cashback: Option<Money>,
    pub settled_at: Option<DateTime<Utc>>,
}

/// One product line of an AliExpress refund (退款) export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefundRow {
    pub line: u64,
    pub order_id: String,
    pub product_id: String,
    pub sku: Option<String>,
    pub quantity: Option<u32>,
    pub sale_amount: Option<Money>,
    pub refunded: Option<Money>,
    pub source: Option<String>,
    pub refunded_at: Option<DateTime<Utc>>,
}
