//! AliExpress Seller Center fund-release (放款) and refund (退款) exports (docs/formats.md):
//! xlsx files with one row per product line. Columns are found by name (only their positions
//! are verified by a public parser; the names are the samples'). Ids are text; money cells
//! are numbers without a currency, so they are in the store's settlement currency unless the
//! header or a text cell names one. Times are US Pacific, as every Seller Center export.

use super::cells::{self, Zone};
use super::columns::{self, Header};
use super::sheet::Cell;
use super::table::{self, RowCount, Table};
use super::text;
use super::{Format, Progress, Record, RefundRow, Rejected, ReleaseRow, RowProblem};
use crate::model::Currency;
use crate::text::Text;

/// How to get a damaged id back (a catalogue key).
const REEXPORT: &str = "advice.reexport_funds";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    OrderId,
    ProductId,
    Sku,
    Quantity,
    Sale,
    Released,
    Fee,
    Affiliate,
    Cashback,
    SettledAt,
    Refunded,
    Source,
    RefundedAt,
}

impl columns::Field for Field {
    fn index(self) -> usize {
        self as usize
    }
}

/// Where an export's fields are in its columns.
type Columns = columns::Columns<Field, 13>;

/// Maps a `text::header_key`.
fn header_of(key: &str) -> Option<Header<Field>> {
    // `放款金额(USD)` and the like: the name without its currency.
    let name = key.split('(').next().unwrap_or(key);
    Some(Header::Field(match name {
        "订单号" => Field::OrderId,
        "商品id" => Field::ProductId,
        "sku" => Field::Sku,
        "数量" => Field::Quantity,
        "成交金额" => Field::Sale,
        "放款金额" => Field::Released,
        "手续费" => Field::Fee,
        "联盟佣金" | "联盟" => Field::Affiliate,
        "返现" => Field::Cashback,
        "结算时间" => Field::SettledAt,
        "退款金额" => Field::Refunded,
        "来源" => Field::Source,
        "退款时间" => Field::RefundedAt,
        "商品名称" | "商品编码" | "手续费2" => return Some(Header::Shown),
        _ => return None,
    }))
}

/// Which of the two exports a header row is.
pub(super) fn format_of_header(keys: &[String]) -> Option<Format> {
    let has = |name: &str| keys.iter().any(|k| k.split('(').next() == Some(name));
    if !has("订单号") || !has("商品id") {
        return None;
    }
    if has("放款金额") {
        Some(Format::AliexpressFundRelease)
    } else if has("退款金额") {
        Some(Format::AliexpressRefunds)
    } else {
        None
    }
}

/// The columns of `format`'s export, when the current row is its header.
fn export_header(table: &impl Table, format: Format) -> Option<Columns> {
    let columns = Columns::from_header(table, header_of);
    (format_of_header(&columns.keys()) == Some(format)).then_some(columns)
}

/// `放款金额(usd)` → USD, `成交金额(元)` → CNY.
fn header_currency(key: &str) -> Option<Currency> {
    let inner = key.split_once('(')?.1.strip_suffix(')')?;
    cells::currency_of(inner)
}

/// Reads a fund-release or refund export as `format` says, handing each product line to
/// `sink`; returns the header's line.
pub(super) fn read_table(
    table: &mut impl Table,
    format: Format,
    currency: Currency,
    sink: &mut dyn FnMut(Result<Record, RowProblem>),
    progress: Progress,
) -> Result<u64, Rejected> {
    let columns = export_header(table, format).ok_or_else(|| table::header_lost(table))?;
    // The currency a money column's header names (`放款金额(USD)`), by column.
    let currencies: Vec<Option<Currency>> = columns.keys().iter().map(|k| header_currency(k)).collect();
    let mut rows = RowCount::default();
    while table.advance().map_err(|e| table::row_unreadable(&*table, e))? {
        let order_cell = columns.get(table, Field::OrderId).as_text();
        // Blank rows, a repeated header (joined exports) and a totals row carry no product line.
        if table.is_blank_row() || order_cell == columns.header(Field::OrderId) || order_cell.starts_with("合计") {
            continue;
        }
        let row = parse_row(table, &columns, &currencies, format, currency);
        sink(row);
        rows.tick(table, progress);
    }
    rows.finish(table, progress);
    Ok(columns.header_line)
}

fn parse_row(
    table: &impl Table,
    columns: &Columns,
    currencies: &[Option<Currency>],
    format: Format,
    currency: Currency,
) -> Result<Record, RowProblem> {
    let line = table.line();
    let problem = |field: Field, reason: Text| RowProblem {
        line,
        column: columns.header(field).to_owned(),
        reason: Box::new(reason),
        raw: columns.raw(table),
        state: None,
    };
    let cell = |field| columns.get(table, field);
    let money = |field| {
        let named = columns.column(field).and_then(|col| currencies.get(col).copied().flatten());
        cells::parse_money(cell(field), named.unwrap_or(currency)).map_err(|reason| problem(field, reason))
    };
    let time = |field| cells::parse_time(cell(field), Zone::Pacific).map_err(|reason| problem(field, reason));

    let order_id = cells::parse_id(cell(Field::OrderId), false)
        .map_err(|id| problem(Field::OrderId, id.describe("id.order", REEXPORT)))?;
    let product_id = parse_product_id(cell(Field::ProductId)).map_err(|reason| problem(Field::ProductId, reason))?;
    let sku = Some(cell(Field::Sku).to_string()).filter(|s| !s.is_empty());
    let quantity = parse_quantity(cell(Field::Quantity)).map_err(|reason| problem(Field::Quantity, reason))?;
    let sale_amount = money(Field::Sale)?;
    if format == Format::AliexpressFundRelease {
        Ok(Record::Release(ReleaseRow {
            line,
            order_id,
            product_id,
            sku,
            quantity,
            sale_amount,
            released: money(Field::Released)?,
            fee: money(Field::Fee)?,
            affiliate: money(Field::Affiliate)?,
            cashback: money(Field::Cashback)?,
            settled_at: time(Field::SettledAt)?,
        }))
    } else {
        Ok(Record::Refund(RefundRow {
            line,
            order_id,
            product_id,
            sku,
            quantity,
            sale_amount,
            refunded: money(Field::Refunded)?,
            source: Some(cell(Field::Source).to_string()).filter(|s| !s.is_empty()),
            refunded_at: time(Field::RefundedAt)?,
        }))
    }
}

/// A product id is digits, as text; a number cell only where no rounding could have made it.
fn parse_product_id(cell: Cell) -> Result<String, Text> {
    cells::parse_id(cell, false).map_err(|problem| problem.describe("id.product", REEXPORT))
}

fn parse_quantity(cell: Cell) -> Result<Option<u32>, Text> {
    let bad = || Text::new("row.not_a_quantity").with("value", cell);
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => Ok(Some(n as u32)),
        Cell::Text(s) => text::trim_cell(s).parse().map(Some).map_err(|_| bad()),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::super::open_at_header;
    use super::*;

    fn read(text: &str, format: Format) -> (Result<u64, Rejected>, Vec<Result<Record, RowProblem>>) {
        let (mut rows, mut workbook) = (Vec::new(), crate::import::sheet::Workbook::new());
        let info =
            open_at_header(Cursor::new(text.as_bytes().to_vec()), &mut workbook, &[]).and_then(|(mut table, found)| {
                if found != format {
                    return Err(Rejected::new(Text::verbatim(format!("a {found} file")), Text::verbatim("")));
                }
                read_table(&mut table, format, Currency::CNY, &mut |r| rows.push(r), &mut |_, _| {})
            });
        (info, rows)
    }

    /// `line order product released/refunded` per row, `line !column` per problem.
    fn summary(text: &str, format: Format) -> String {
        let (info, rows) = read(text, format);
        if let Err(rejected) = info {
            return format!("rejected: {}", rejected.looks_like);
        }
        rows.iter()
            .map(|r| match r {
                Ok(Record::Release(r)) => format!(
                    "{} {} {} {}",
                    r.line,
                    r.order_id,
                    r.product_id,
                    r.released.map_or("-".to_owned(), |m| m.to_string())
                ),
                Ok(Record::Refund(r)) => format!(
                    "{} {} {} {}",
                    r.line,
                    r.order_id,
                    r.product_id,
                    r.refunded.map_or("-".to_owned(), |m| m.to_string())
                ),
                Ok(other) => format!("{other:?}"),
                Err(p) => format!("{} !{}", p.line, p.column),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    const RELEASE: &str =
        "商品ID,商品名称,SKU,商品编码,数量,商品图片,成交金额,放款金额,手续费,联盟佣金,返现,结算时间,订单号\n";
    const REFUND: &str =
        "订单号,商品ID,商品名称,SKU,商品编码,数量,成交金额,退款金额,来源,手续费,手续费2,联盟,返现,退款时间\n";

    #[test]
    fn release_rows_by_column_name() {
        let row = "1005072463823897,Kit,12000724207057862,EK,1,https://x,56.1,53.29,2.81,0,0,2026-07-19 02:48:04,3990862869449255\n";
        assert_eq!(
            summary(&format!("{RELEASE}{row}"), Format::AliexpressFundRelease),
            "2 3990862869449255 1005072463823897 53.29 CNY"
        );
        assert_eq!(
            summary(&format!("{RELEASE}{}", row.replace("53.29", "US $53.29")), Format::AliexpressFundRelease),
            "2 3990862869449255 1005072463823897 53.29 USD"
        );
        let usd = RELEASE.replace("放款金额", "放款金额(USD)");
        assert_eq!(
            summary(&format!("{usd}{row}"), Format::AliexpressFundRelease),
            "2 3990862869449255 1005072463823897 53.29 USD"
        );
        let (_, rows) = read(&format!("{RELEASE}{row}"), Format::AliexpressFundRelease);
        let Ok(Record::Release(r)) = &rows[0] else { panic!("{rows:?}") };
        assert_eq!((r.quantity, r.sku.as_deref()), (Some(1), Some("12000724207057862")));
        assert_eq!(r.settled_at.map(|t| t.to_rfc3339()).as_deref(), Some("2026-07-19T09:48:04+00:00"));
    }

    #[test]
    fn refund_rows_and_problems() {
        let row = "8479325577502473,1005838137325355,Sewing,12000194327725951,SM,4,1660.4,1660.4,卖家取消订单,0,0,0,0,2026-07-13 04:33:28\n";
        assert_eq!(
            summary(&format!("{REFUND}{row}"), Format::AliexpressRefunds),
            "2 8479325577502473 1005838137325355 1660.40 CNY"
        );
        let bad_id = row.replace("8479325577502473", "8.47933E+15");
        assert_eq!(summary(&format!("{REFUND}{bad_id}"), Format::AliexpressRefunds), "2 !订单号");
        let bad_qty = row.replace(",4,", ",four,");
        assert_eq!(summary(&format!("{REFUND}{bad_qty}"), Format::AliexpressRefunds), "2 !数量");
        let bad_money = row.replace("1660.4,卖家", "lots,卖家");
        assert_eq!(summary(&format!("{REFUND}{bad_money}"), Format::AliexpressRefunds), "2 !退款金额");
        let total = "合计,,,,,,1660.4,1660.4,,,,,,\n";
        assert_eq!(
            summary(&format!("{REFUND}{row}\n{REFUND}{total}"), Format::AliexpressRefunds),
            "2 8479325577502473 1005838137325355 1660.40 CNY"
        );
        assert_eq!(
            summary("a,b\n", Format::AliexpressRefunds),
            "rejected: a text file without any table Closeout knows"
        );
    }

    #[test]
    fn number_cells_are_read_exactly() {
        assert_eq!(parse_product_id(Cell::Number(1005072463823897.0)), Ok("1005072463823897".to_owned()));
        assert!(parse_product_id(Cell::Number(1005072463823890.0))
            .unwrap_err()
            .to_string()
            .contains("15 significant digits"));
        assert_eq!(parse_quantity(Cell::Number(2.0)), Ok(Some(2)));
        assert!(parse_quantity(Cell::Number(2.5)).is_err());
    }

    #[test]
    fn headers_tell_the_two_exports_apart() {
        let keys = |s: &str| s.split(',').map(text::header_key).collect::<Vec<_>>();
        assert_eq!(format_of_header(&keys(RELEASE.trim())), Some(Format::AliexpressFundRelease));
        assert_eq!(format_of_header(&keys(REFUND.trim())), Some(Format::AliexpressRefunds));
        assert_eq!(format_of_header(&keys("订单号,订单状态")), None);
        assert_eq!(format_of_header(&keys("订单号,商品ID,数量")), None);
    }
}
