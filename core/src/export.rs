//! Tables for the bookkeeper, in forms that survive Excel and WPS: a workbook whose order ids are
//! text (never `8.18781E+15`), dates real dates and amounts numbers in their currency's format,
//! with the header row frozen and filters on; or a CSV with a byte-order mark, so the
//! spreadsheet reads it as UTF-8, and ids that stay text.

use std::collections::HashMap;
use std::io::Write;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

use crate::case::{Case, ReconciliationRow};
use crate::error::{Error, Result};
use crate::locale::Lang;
use crate::model::{format_amount, Currency};
use crate::text::{lookup, Text};

/// Columns of the reconciliation, one row per order: the codes the CSV's header keeps (a
/// script reads them), and `reconciliation.col.<code>` the words a workbook's header shows.
const RECONCILIATION_COLUMNS: [&str; 11] = [
    "order_id",
    "state",
    "placed",
    "order_amount",
    "currency",
    "released",
    "fee",
    "affiliate",
    "cashback",
    "refunded",
    "money_status",
];

/// Writes the case's reconciliation to `out`, by its extension: `.xlsx` a workbook in `lang`,
/// `.csv` for scripts and for Excel (codes as the header, a byte-order mark, ids that stay
/// text). Returns the orders written.
pub fn write_reconciliation(case: &Case, out: &std::path::Path, lang: Lang) -> Result<u64> {
    case.check_output(out)?;
    let extension = out.extension().map(|e| e.to_string_lossy().to_lowercase());
    let csv = match extension.as_deref() {
        Some("csv") => true,
        Some("xlsx") => false,
        _ => return Err(Error::invalid(Text::new("input.export_extension"))),
    };
    let sheet = reconciliation(&case.reconciliation()?, if csv { None } else { Some(lang) });
    if csv {
        let io = |e: std::io::Error| Error::io(out, e);
        let file = std::fs::File::create(out).map_err(io)?;
        let mut file = std::io::BufWriter::new(file);
        write_csv(&sheet, &mut file).map_err(io)?;
        std::io::Write::flush(&mut file).map_err(io)?;
    } else {
        let bytes = xlsx(std::slice::from_ref(&sheet), case.today()?)?;
        std::fs::write(out, bytes).map_err(|e| Error::io(out, e))?;
    }
    Ok(sheet.rows.len() as u64)
}

/// The per-order reconciliation as a sheet: in `lang`'s words, or (`None`) with the codes a
/// script reads.
pub fn reconciliation(rows: &[ReconciliationRow], lang: Option<Lang>) -> Sheet {
    let words = |key: String, code: &str| lang.map_or_else(|| code.to_owned(), |l| lookup(l, &key).to_owned());
    let rows = rows
        .iter()
        .map(|row| {
            let money = |amount: Option<Decimal>| match (amount, row.currency) {
                (Some(a), Some(c)) => Cell::Amount(a, c),
                (Some(a), None) => Cell::Text(format_amount(a)),
                (None, _) => Cell::Empty,
            };
            vec![
                Cell::Id(row.order_id.clone()),
                Cell::Text(words(format!("order_state.{}", row.state.as_str()), row.state.as_str())),
                row.placed.map_or(Cell::Empty, Cell::Date),
                money(row.amount),
                row.currency.map_or(Cell::Empty, |c| Cell::Text(c.to_string())),
                money(row.released),
                money(row.fee),
                money(row.affiliate),
                money(row.cashback),
                money(row.refunded),
                Cell::Text(words(format!("reconciliation.status.{}", row.status), row.status)),
            ]
        })
        .collect();
    Sheet {
        name: lang.map_or("reconciliation", |l| lookup(l, "reconciliation.sheet")).to_owned(),
        headers: RECONCILIATION_COLUMNS.iter().map(|code| words(format!("reconciliation.col.{code}"), code)).collect(),
        rows,
    }
}

/// One cell, typed so each form can write it as what it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// An order or transaction id: digits that must never become a number.
    Id(String),
    /// Words or codes, as written.
    Text(String),
    /// A calendar day.
    Date(NaiveDate),
    /// An exact amount in its currency.
    Amount(Decimal, Currency),
    /// Nothing known.
    Empty,
}

/// A table: its sheet name, its header row and its rows, each as wide as the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The worksheet's tab (at most 31 characters, as Excel allows).
    pub name: String,
    /// The header row, in the language the table is for.
    pub headers: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

/// `sheets` as one workbook's bytes, dated `created`: the same tables and day give the same
/// bytes (the library dates the zip's entries 1980-01-01 itself).
pub fn xlsx(sheets: &[Sheet], created: NaiveDate) -> Result<Vec<u8>> {
    let failed = |e: XlsxError| Error::internal(Text::new("internal.workbook_failed").with("why", e));
    let mut workbook = Workbook::new();
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&excel_date(created).map_err(failed)?));
    let header = Format::new().set_bold().set_align(FormatAlign::Top).set_text_wrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut money: HashMap<Currency, Format> = HashMap::new();
    for sheet in sheets {
        let ws = workbook.add_worksheet();
        ws.set_name(&sheet.name).map_err(failed)?;
        for (col, title) in (0u16..).zip(&sheet.headers) {
            ws.write_string_with_format(0, col, title, &header).map_err(failed)?;
            ws.set_column_width(col, column_width(sheet, usize::from(col))).map_err(failed)?;
        }
        for (row, cells) in (1u32..).zip(&sheet.rows) {
            for (col, cell) in (0u16..).zip(cells) {
                match cell {
                    Cell::Id(text) | Cell::Text(text) => ws.write_string(row, col, text).map(|_| ()),
                    Cell::Date(day) => {
                        excel_date(*day).and_then(|d| ws.write_with_format(row, col, &d, &date).map(|_| ()))
                    }
                    Cell::Amount(amount, currency) => {
                        let format = money.entry(*currency).or_insert_with(|| money_format(*currency));
                        ws.write_with_format(row, col, *amount, format).map(|_| ())
                    }
                    Cell::Empty => Ok(()),
                }
                .map_err(failed)?;
            }
        }
        let last_row = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
        let last_col = u16::try_from(sheet.headers.len().saturating_sub(1)).unwrap_or(u16::MAX);
        ws.set_freeze_panes(1, 0).map_err(failed)?;
        ws.autofilter(0, 0, last_row, last_col).map_err(failed)?;
    }
    workbook.save_to_buffer().map_err(failed)
}

/// Writes `sheet` as CSV: a byte-order mark, the header row, and each id followed by a tab, as
/// Alipay writes its own ids, so a spreadsheet keeps the digits as text. Text that starts like
/// a formula is neutralised ([`csv_cell`]); dates are `YYYY-MM-DD` and amounts plain decimals.
pub fn write_csv(sheet: &Sheet, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let header: Vec<String> = sheet.headers.iter().map(|h| csv_cell(h)).collect();
    writeln!(out, "{}", header.join(","))?;
    for row in &sheet.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                Cell::Id(id) => csv_cell(&format!("{id}\t")),
                Cell::Text(text) => csv_cell(text),
                Cell::Date(day) => day.format("%Y-%m-%d").to_string(),
                Cell::Amount(amount, _) => format_amount(*amount),
                Cell::Empty => String::new(),
            })
            .collect();
        writeln!(out, "{}", cells.join(","))?;
    }
    Ok(())
}

/// A text cell for a CSV that spreadsheets open: quoted when it holds a comma, quote or line
/// break, and with a leading apostrophe when it starts like a formula (`=`, `+`, `-`, `@`, a tab
/// or a carriage return), so opening the file never runs it.
pub fn csv_cell(value: &str) -> String {
    let neutral =
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// Wide enough for the header or the longest of the first rows, within reason.
fn column_width(sheet: &Sheet, col: usize) -> f64 {
    let shown = |cell: &Cell| match cell {
        Cell::Id(t) | Cell::Text(t) => t.chars().count(),
        Cell::Date(_) => 10,
        Cell::Amount(a, _) => format_amount(*a).len() + 4,
        Cell::Empty => 0,
    };
    let longest = sheet.rows.iter().take(200).filter_map(|r| r.get(col)).map(shown).max().unwrap_or(0);
    let header = sheet.headers.get(col).map_or(0, |h| h.chars().count());
    (longest.max(header / 2).max(6) + 2).min(48) as f64
}

/// Amounts with their currency's sign (`"CN¥"#,##0.00`) or code, so a column of several
/// currencies still reads right.
fn money_format(currency: Currency) -> Format {
    let sign = currency.sign().map_or_else(|| format!("{currency} "), str::to_owned);
    Format::new().set_num_format(format!("\"{sign}\"#,##0.00;-\"{sign}\"#,##0.00"))
}

fn excel_date(day: NaiveDate) -> std::result::Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(day.year()).map_err(|_| XlsxError::DateTimeRangeError(day.to_string()))?;
    ExcelDateTime::from_ymd(year, day.month() as u8, day.day() as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Sheet {
        Sheet {
            name: "Orders".into(),
            headers: vec!["Order".into(), "Placed".into(), "Amount".into(), "Note".into()],
            rows: vec![vec![
                Cell::Id("8187812345678901".into()),
                Cell::Date(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()),
                Cell::Amount(Decimal::new(128840, 2), Currency::CNY),
                Cell::Text("=HYPERLINK(\"x\")".into()),
            ]],
        }
    }

    #[test]
    fn formula_cells_are_neutralised_and_quoted() {
        for (input, output) in [
            ("plain", "plain"),
            ("=1+1", "'=1+1"),
            ("+86 138", "'+86 138"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("=a,b", "\"'=a,b\""),
            ("\tcmd", "'\tcmd"),
            ("3288732575793139", "3288732575793139"),
            ("1288.40", "1288.40"),
        ] {
            assert_eq!(csv_cell(input), output, "{input:?}");
        }
    }

    #[test]
    fn a_csv_has_a_bom_and_ids_that_stay_text() {
        let mut out = Vec::new();
        write_csv(&sheet(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "\u{feff}Order,Placed,Amount,Note\n8187812345678901\t,2026-11-20,1288.40,\"'=HYPERLINK(\"\"x\"\")\"\n"
        );
    }

    #[test]
    fn a_workbook_keeps_ids_as_text_dates_as_dates_and_amounts_as_numbers() {
        use calamine::{open_workbook, Data, Reader, Xlsx};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let bytes = xlsx(&[sheet()], day).unwrap();
        assert_eq!(bytes, xlsx(&[sheet()], day).unwrap(), "the same bytes every time");
        std::fs::write(&path, bytes).unwrap();
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        let range = book.worksheet_range("Orders").unwrap();
        assert_eq!(range.get((0, 0)), Some(&Data::String("Order".into())));
        assert_eq!(range.get((1, 0)), Some(&Data::String("8187812345678901".into())));
        assert!(matches!(range.get((1, 1)), Some(Data::DateTime(_))), "{:?}", range.get((1, 1)));
        assert_eq!(range.get((1, 2)), Some(&Data::Float(1288.4)));
        assert_eq!(range.get((1, 3)), Some(&Data::String("=HYPERLINK(\"x\")".into())), "text, never a formula");
    }
}
