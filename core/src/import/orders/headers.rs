//! Which column of an order export holds what: the header names Closeout knows, the column
//! mappings a seller saves for headers it does not, and the check that keeps buyer personal
//! data out of every mapping.

use crate::import::columns::{self, Header};
use crate::import::table::Table;
use crate::import::text;
use crate::import::{ColumnProfile, OrderFileInfo, Rejected, UnknownLayout};
use crate::text::Text;

/// The current row as an order header: it names 订单号 and 订单状态, or a saved mapping's
/// headers.
pub(super) fn header_columns(table: &impl Table, profiles: &[ColumnProfile]) -> Option<Columns> {
    order_header(table).or_else(|| profiles.iter().find_map(|profile| mapped_header(table, profile)))
}

/// A header row names at least three columns, in words: no cell of it is a number.
pub(in crate::import) fn looks_like_a_header(cells: &[String]) -> bool {
    let named: Vec<&str> = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    named.len() >= 3 && named.iter().all(|c| c.chars().any(char::is_alphabetic) && c.chars().count() <= 60)
}

/// Fields a seller may map by hand, in the order the mapping form shows them.
pub const MAPPABLE: [&str; 9] =
    ["order_id", "status", "placed_at", "paid_at", "shipped_at", "confirmed_at", "amount", "items", "country"];
/// The fields a mapping must give: without its id and status an order can be neither merged nor
/// checked.
pub const REQUIRED: [&str; 2] = ["order_id", "status"];

/// Headers of buyer personal data (docs/formats.md), and words of their English names: a mapping
/// may not read them, so personal data cannot reach the case through a mapping either.
const PERSONAL_HEADERS: [&str; 10] =
    ["买家名称", "买家邮箱", "收货地址", "收货人名称", "州/省", "城市", "地址", "邮编", "联系电话", "手机"];
const PERSONAL_WORDS: [&str; 9] =
    ["buyer", "email", "address", "recipient", "phone", "mobile", "postcode", "zip", "city"];

fn is_personal(header: &str) -> bool {
    let key = text::header_key(header);
    PERSONAL_HEADERS.contains(&key.as_str()) || PERSONAL_WORDS.iter().any(|w| key.contains(w))
}

/// Checks a mapping before it is saved: known fields, each once, the required ones present,
/// every header among `headers` (when given) and none of them personal.
pub fn check_profile(profile: &ColumnProfile, headers: Option<&[String]>) -> Result<(), Text> {
    if profile.name.trim().is_empty() {
        return Err(Text::new("input.mapping_name"));
    }
    for (i, (field, header)) in profile.columns.iter().enumerate() {
        if !MAPPABLE.contains(&field.as_str()) {
            return Err(Text::new("input.mapping_unknown_field")
                .with("field", field)
                .with("fields", MAPPABLE.join(", ")));
        }
        if profile.columns[..i].iter().any(|(f, _)| f == field) {
            return Err(Text::new("input.mapping_twice").with("field", field));
        }
        if is_personal(header) {
            return Err(Text::new("input.mapping_personal").with("header", header));
        }
        if headers.is_some_and(|hs| !hs.iter().any(|h| h.trim() == header.trim())) {
            return Err(Text::new("input.mapping_no_column").with("header", header));
        }
    }
    match REQUIRED.iter().find(|r| !profile.columns.iter().any(|(f, _)| f == *r)) {
        Some(missing) => Err(Text::new("input.mapping_required").with("field", missing)),
        None => Ok(()),
    }
}

/// True when a row holds every header a saved mapping names, for telling files apart.
pub(in crate::import) fn matches_profile(cells: &[String], profile: &ColumnProfile) -> bool {
    profile.columns.iter().all(|(_, header)| column_of(cells, header).is_some())
}

fn column_of(headers: &[String], header: &str) -> Option<usize> {
    headers.iter().take(columns::MAX_COLUMNS).position(|h| h.trim() == header.trim())
}

/// True when a row's cells name an order table (订单号 and 订单状态), for telling files apart.
pub(in crate::import) fn is_order_header(cells: &[String]) -> bool {
    let fields: Vec<Field> = cells
        .iter()
        .filter_map(|c| match header_of(&text::header_key(c)) {
            Some(Header::Field(field)) => Some(field),
            _ => None,
        })
        .collect();
    fields.contains(&Field::OrderId) && fields.contains(&Field::Status)
}

/// The columns an `OrderRow` is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    OrderId,
    Status,
    /// The 2024 UI's after-sales column (纠纷…, 已取消).
    AfterSales,
    PlacedAt,
    PaidAt,
    ProductTotal,
    ShippingFee,
    Amount,
    Items,
    Country,
    ShippedAt,
    ConfirmedAt,
}

const FIELDS: [Field; 12] = [
    Field::OrderId,
    Field::Status,
    Field::AfterSales,
    Field::PlacedAt,
    Field::PaidAt,
    Field::ProductTotal,
    Field::ShippingFee,
    Field::Amount,
    Field::Items,
    Field::Country,
    Field::ShippedAt,
    Field::ConfirmedAt,
];

/// Fields whose absence the caller is told about; the others are required or only fallbacks.
const REPORTED_IF_MISSING: [Field; 7] =
    [Field::PlacedAt, Field::PaidAt, Field::ShippedAt, Field::ConfirmedAt, Field::Amount, Field::Items, Field::Country];

impl Field {
    fn named(name: &str) -> Option<Field> {
        FIELDS.into_iter().find(|f| f.name() == name)
    }

    fn name(self) -> &'static str {
        match self {
            Field::OrderId => "order_id",
            Field::Status => "status",
            Field::AfterSales => "after_sales",
            Field::PlacedAt => "placed_at",
            Field::PaidAt => "paid_at",
            Field::ProductTotal => "product_total",
            Field::ShippingFee => "shipping_fee",
            Field::Amount => "amount",
            Field::Items => "items",
            Field::Country => "country",
            Field::ShippedAt => "shipped_at",
            Field::ConfirmedAt => "confirmed_at",
        }
    }
}

impl columns::Field for Field {
    fn index(self) -> usize {
        self as usize
    }

    fn fallback_header(self) -> &'static str {
        self.name()
    }
}

/// Maps a `text::header_key`. The Chinese names are the export's (docs/formats.md); English
/// headers are unverified, so only obvious equivalents are listed.
fn header_of(key: &str) -> Option<Header<Field>> {
    let field = match key {
        "订单号" | "orderid" | "orderno." | "orderno" | "ordernumber" => Field::OrderId,
        "订单状态" | "orderstatus" => Field::Status,
        "售后" | "售后状态" | "aftersales" | "after-sales" | "after-salesstatus" => Field::AfterSales,
        "下单时间" | "ordertime" => Field::PlacedAt,
        "付款时间" | "paymenttime" => Field::PaidAt,
        "产品总金额" => Field::ProductTotal,
        "物流费用" => Field::ShippingFee,
        "订单金额" | "orderamount" => Field::Amount,
        "发货时间" | "shippingtime" => Field::ShippedAt,
        "确认收货时间" | "confirmreceipttime" => Field::ConfirmedAt,
        "country" => Field::Country,
        "负责人(业务员)" | "满立减" | "买家选择物流" | "发货期限" | "实际发货物流:运单号" => {
            return Some(Header::Shown)
        }
        // `产品信息\n（双击…）`, Jet's `产品信息_（双击…）`; `收货国家/地区` is a likely variant.
        _ if key.starts_with("产品信息") => Field::Items,
        _ if key.starts_with("收货国家") => Field::Country,
        _ => return None,
    };
    Some(Header::Field(field))
}

/// Where each field is, found from the header row.
pub(super) type Columns = columns::Columns<Field, { FIELDS.len() }>;

/// The current row as an order export's header: it names 订单号 and 订单状态.
fn order_header(table: &impl Table) -> Option<Columns> {
    let columns = Columns::from_header(table, header_of);
    is_order_table(&columns).then_some(columns)
}

/// The current row read through a saved mapping: every mapped header must be in it. Only
/// mapped columns are shown in `RowProblem::raw` (the rest may be personal).
fn mapped_header(table: &impl Table, profile: &ColumnProfile) -> Option<Columns> {
    let mut columns = Columns::headers_of(table);
    for (name, header) in &profile.columns {
        let field = Field::named(name)?;
        let col = column_of(&columns.headers, header)?;
        columns.map(field, col);
    }
    is_order_table(&columns).then_some(columns)
}

fn is_order_table(columns: &Columns) -> bool {
    columns.has(Field::OrderId) && columns.has(Field::Status)
}

/// Sellers join exports (one covers at most 3 months): a repeated header row is not data.
pub(super) fn is_header_again(table: &impl Table, columns: &Columns) -> bool {
    [Field::OrderId, Field::Status].iter().all(|&f| columns.get(table, f).as_text() == columns.header(f))
}

/// What the file's columns are, for `import --json` and the column-mapping form.
pub(super) fn file_info(columns: &Columns, encoding: &'static str) -> OrderFileInfo {
    let mapped =
        FIELDS.iter().filter(|&&f| columns.has(f)).map(|&f| (f.name().to_owned(), columns.header(f).to_owned()));
    // Without 订单金额 the amount comes from 产品总金额 (+ 物流费用).
    let found = |f| columns.has(f) || (f == Field::Amount && columns.has(Field::ProductTotal));
    let missing = REPORTED_IF_MISSING.iter().filter(|&&f| !found(f)).map(|f| f.name().to_owned());
    OrderFileInfo { encoding, header_line: columns.header_line, columns: mapped.collect(), missing: missing.collect() }
}

/// The refusal of a table no layout knows, carrying its headers so the seller can map them.
pub(in crate::import) fn unknown_layout(header_line: u64, headers: Vec<String>) -> Rejected {
    let found: Vec<&str> = headers.iter().map(|h| h.trim()).filter(|h| !h.is_empty()).collect();
    let mut rejected = Rejected::new(
        Text::new("refusal.unknown_layout").with("line", header_line).with("headers", found.join(", ")),
        Text::new("advice.unknown_layout"),
    );
    rejected.unknown_layout =
        Some(Box::new(UnknownLayout { header_line, headers, required: REQUIRED.to_vec(), fields: MAPPABLE.to_vec() }));
    rejected
}
