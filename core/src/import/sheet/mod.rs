//! Spreadsheets (xlsx, and the old BIFF8 xls) through calamine: the first sheet as rows of
//! small cells that keep what the importer must tell apart, such as a text id from a numeric
//! one that Excel may have rounded. An xlsx sheet streams, row by row, from calamine's cell
//! reader; an xls (65,536 rows at most) is read whole.
//!
//! A seller's file must never bring the app down, and calamine trusts sizes written inside a
//! file: a damaged one can make it panic, allocate terabytes or loop forever. So panics are
//! caught (and kept off the terminal, `panics`), cells are kept sparse (a stray cell at
//! XFD1048576 costs one cell, not the grid up to it), an xlsx is scanned against its budget
//! (`budget`) and an xls's structure checked (`xls_guard`) before calamine sees them.

use std::borrow::Cow;
use std::fmt;
use std::io::{Read, Seek, SeekFrom};

use calamine::{Data, DataRef, ExcelDateTime, ExcelDateTimeType, Reader, Xls, Xlsx, XlsxError};

use super::budget::{self, Overrun};
use super::panics;
use crate::text::Text;
use chrono::{Duration, NaiveDate, NaiveDateTime};

/// A spreadsheet container, recognised by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A zip archive; an xlsx if it holds a workbook.
    Zip,
    /// An OLE compound file; an xls if it holds a BIFF workbook.
    Ole,
}

const OLE_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

impl Kind {
    /// The container a file's first bytes announce; `None` for anything else (a text file,
    /// perhaps).
    pub fn sniff(prefix: &[u8]) -> Option<Kind> {
        if prefix.starts_with(b"PK\x03\x04") {
            Some(Kind::Zip)
        } else if prefix.starts_with(OLE_SIGNATURE) {
            Some(Kind::Ole)
        } else {
            None
        }
    }

    /// What the workbook inside is called, in `FileInfo::encoding` and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Zip => "xlsx",
            Kind::Ole => "xls",
        }
    }
}

/// One cell, as much as the importers need to know of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Nothing, padding only, or a placeholder.
    Empty,
    /// Text as the file holds it, untrimmed (a boolean cell reads `TRUE` or `FALSE`).
    Text(&'a str),
    /// A number cell: an id in one may have lost digits past Excel's 15 significant ones.
    Number(f64),
    /// A date-formatted cell: its serial in the 1900 date system (days since 1899-12-30).
    Date(f64),
}

impl<'a> Cell<'a> {
    /// A text cell, or `Empty` when it holds nothing.
    pub fn text(s: &'a str) -> Cell<'a> {
        if super::text::is_blank(s) {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    fn of(data: &'a DataRef<'_>) -> Cell<'a> {
        match data {
            DataRef::Empty => Cell::Empty,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::text(s),
            DataRef::SharedString(s) => Cell::text(s),
            DataRef::Int(i) => Cell::Number(*i as f64),
            DataRef::Float(f) => Cell::Number(*f),
            DataRef::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }),
            DataRef::DateTime(d) => date_serial(d).map_or(Cell::Number(d.as_f64()), Cell::Date),
            // An error cell (#N/A…) holds no value.
            DataRef::Error(_) => Cell::Empty,
        }
    }

    /// Whether the cell holds nothing an importer could read.
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as text, trimmed; borrowed from the row unless it is a number or a date (the
    /// importers read millions of cells, so a copy each costs).
    pub fn as_text(&self) -> Cow<'a, str> {
        match *self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) => Cow::Borrowed(super::text::trim_cell(s)),
            Cell::Number(_) | Cell::Date(_) => Cow::Owned(self.to_string()),
        }
    }
}

impl fmt::Display for Cell<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Empty => Ok(()),
            Cell::Text(s) => f.write_str(super::text::trim_cell(s)),
            // f64's Display never uses an exponent: 3031265788145230 prints whole.
            Cell::Number(n) => write!(f, "{n}"),
            Cell::Date(serial) => match serial_to_datetime(*serial) {
                Some(t) => write!(f, "{}", t.format("%Y-%m-%d %H:%M:%S")),
                None => write!(f, "{serial}"),
            },
        }
    }
}

/// A date cell's serial in the 1900 system; `None` for durations (`[h]:mm` cells).
fn date_serial(d: &ExcelDateTime) -> Option<f64> {
    // calamine (without its chrono feature) hides the date system and kind, but compares them:
    // rebuilding the value each way tells which one this cell is.
    let value = d.as_f64();
    let as_kind = |kind, is_1904| ExcelDateTime::new(value, kind, is_1904) == *d;
    if as_kind(ExcelDateTimeType::DateTime, false) {
        Some(value)
    } else if as_kind(ExcelDateTimeType::DateTime, true) {
        // 1904-01-01 is serial 0 there, 1462 in the 1900 system.
        Some(value + 1462.0)
    } else {
        None
    }
}

/// The wall time a 1900-system serial stands for, to the nearest second; `None` out of range
/// (before 1900-03-01, where Excel's phantom 1900-02-29 makes serials ambiguous, or after 9999).
pub fn serial_to_datetime(serial: f64) -> Option<NaiveDateTime> {
    if !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let seconds = (serial * 86_400.0).round() as i64;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    epoch.checked_add_signed(Duration::seconds(seconds))
}

/// Why a spreadsheet could not be opened.
#[derive(Debug)]
pub enum OpenError {
    /// The container is fine but holds no workbook (a zip of other files, a Word document…).
    NotAWorkbook,
    /// A password-protected workbook.
    Protected,
    /// A workbook without any sheet (or whose first sheet is a chart).
    NoSheet,
    /// The workbook is damaged: what is wrong, in calamine's words (as written) or ours.
    Damaged(Text),
    /// The workbook unpacks to more than any export (`budget`).
    BeyondLimits(Overrun),
}

/// Where an xlsx workbook lives while its first sheet is read: calamine's cell reader borrows
/// it, so it belongs to the caller, beside the sheet.
pub struct Workbook<R: Read + Seek>(Option<Xlsx<R>>);

impl<R: Read + Seek> Workbook<R> {
    /// A place with no workbook in it yet; `Sheet::open` fills it for an xlsx.
    pub fn new() -> Self {
        Workbook(None)
    }
}

/// One row that has cells: its 0-based index in the sheet and its cells, sorted by column.
/// Empty cells are left out, so a stray cell at XFD1 costs one cell, not a row of 16,384.
#[derive(Debug, Clone, Default)]
pub struct SheetRow<'w> {
    index: u32,
    cells: Vec<(u32, DataRef<'w>)>,
}

impl<'w> SheetRow<'w> {
    /// 1-based spreadsheet row number.
    pub fn number(&self) -> u64 {
        u64::from(self.index) + 1
    }

    /// The cell in 0-based column `col`; `Empty` where the row has none.
    pub fn cell(&self, col: usize) -> Cell<'_> {
        match self.cells.binary_search_by_key(&col, |&(c, _)| c as usize) {
            Ok(at) => Cell::of(&self.cells[at].1),
            Err(_) => Cell::Empty,
        }
    }

    /// True when every cell is empty, without walking the row's width.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|(_, data)| Cell::of(data).is_empty())
    }

    fn push(&mut self, col: u32, data: DataRef<'w>) {
        if !matches!(data, DataRef::Empty) {
            self.cells.push((col, data));
        }
    }
}

/// The first sheet of a workbook, row by row. An xlsx sheet streams from calamine's cell reader
/// (a million-row export never sits in memory); an xls is small (65,536 rows at most) and is
/// read whole.
pub struct Sheet<'w> {
    rows: Rows<'w>,
    /// One past the rightmost column seen so far (a sheet's width, not a row's: a row whose
    /// last cells are empty is not cut short).
    width: usize,
    /// Rows handed over, and how many the sheet says it has (for progress only).
    read: u64,
    expected: u64,
}

/// A cell at its (row, column), 0-based.
type Placed<'w> = ((u32, u32), DataRef<'w>);

type NextCell<'w> = Box<dyn FnMut() -> Result<Option<calamine::Cell<DataRef<'w>>>, XlsxError> + 'w>;

enum Rows<'w> {
    Stream(Cells<'w>),
    Whole(std::vec::IntoIter<SheetRow<'w>>),
}

/// calamine's cells one by one, each row's first cell read while the row before ends.
struct Cells<'w> {
    next: NextCell<'w>,
    /// The first cell of the next row, read when the current row ended.
    pending: Option<Placed<'w>>,
    ended: bool,
    /// A panic or an error in calamine: nothing more is read.
    broken: bool,
}

impl<'w> Cells<'w> {
    fn new(next: NextCell<'w>) -> Self {
        Cells { next, pending: None, ended: false, broken: false }
    }

    fn next(&mut self) -> Result<Option<Placed<'w>>, String> {
        if let Some(cell) = self.pending.take() {
            return Ok(Some(cell));
        }
        if self.ended {
            return Ok(None);
        }
        let cell = (self.next)().map_err(|e| e.to_string())?;
        self.ended = cell.is_none();
        Ok(cell.map(|cell| (cell.get_position(), cell.get_value().clone())))
    }

    /// Gathers the cells of the next row that has any into `row`; `Ok(false)` at the end.
    fn read_row(&mut self, row: &mut SheetRow<'w>) -> Result<bool, String> {
        row.cells.clear();
        let mut index = None;
        while let Some(((at, col), data)) = self.next()? {
            match index {
                // Rows of empty cells only are not rows that have cells.
                Some(current) if current != at && row.cells.is_empty() => index = Some(at),
                Some(current) if current != at => {
                    self.pending = Some(((at, col), data));
                    break;
                }
                None => index = Some(at),
                _ => {}
            }
            row.push(col, data);
        }
        let Some(index) = index.filter(|_| !row.cells.is_empty()) else { return Ok(false) };
        row.index = index;
        if !row.cells.is_sorted_by_key(|&(col, _)| col) {
            row.cells.sort_by_key(|&(col, _)| col);
        }
        Ok(true)
    }
}

impl<'w> Sheet<'w> {
    /// Opens the first sheet of a workbook of `kind`, after its budget (xlsx) or structure (xls)
    /// check; a calamine panic on a damaged file comes back as `Damaged`.
    pub fn open<R: Read + Seek>(source: R, kind: Kind, workbook: &'w mut Workbook<R>) -> Result<Sheet<'w>, OpenError> {
        // calamine panics on some damaged files (unchecked indexing and pops); that is one more
        // kind of damage here.
        let opened = panics::caught(|| match kind {
            Kind::Zip => read_xlsx(source, workbook),
            Kind::Ole => read_xls(source),
        });
        opened.unwrap_or_else(|| Err(OpenError::Damaged(Text::new("refusal.structure_broken"))))
    }

    /// Reads the next row that has cells into `row`; `Ok(false)` at the end.
    pub fn next_row(&mut self, row: &mut SheetRow<'w>) -> Result<bool, Text> {
        let more = match &mut self.rows {
            Rows::Whole(rows) => match rows.next() {
                Some(next) => {
                    *row = next;
                    true
                }
                None => false,
            },
            Rows::Stream(cells) => {
                if cells.broken {
                    return Err(Text::new("refusal.sheet_unreadable"));
                }
                let read = panics::caught(|| cells.read_row(row).map_err(Text::verbatim))
                    .unwrap_or_else(|| Err(Text::new("refusal.structure_broken")));
                cells.broken = read.is_err();
                read?
            }
        };
        if more {
            self.read += 1;
            let last = row.cells.last().map_or(0, |&(col, _)| col as usize + 1);
            self.width = self.width.max(last);
        }
        Ok(more)
    }

    /// One past the rightmost column any row read so far has a cell in.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Rows read, and rows in all (as the sheet's own dimension says, for a progress bar).
    pub fn progress(&self) -> (u64, u64) {
        (self.read, self.expected.max(self.read))
    }
}

fn read_xlsx<'w, R: Read + Seek>(mut source: R, workbook: &'w mut Workbook<R>) -> Result<Sheet<'w>, OpenError> {
    budget::check_workbook(&mut source).map_err(OpenError::BeyondLimits)?;
    let opened = Xlsx::new(source).map_err(|e| match e {
        calamine::XlsxError::FileNotFound(_) | calamine::XlsxError::RelationshipNotFound => OpenError::NotAWorkbook,
        calamine::XlsxError::Password => OpenError::Protected,
        other => OpenError::Damaged(xlsx_damage(other)),
    })?;
    let workbook = workbook.0.insert(opened);
    let name = workbook.sheet_names().into_iter().next().ok_or(OpenError::NoSheet)?;
    // The cell reader, not `worksheet_range`: a range is a dense grid as large as the cells'
    // extent, so one cell far away would allocate billions.
    let mut reader = workbook.worksheet_cells_reader(&name).map_err(|e| match e {
        calamine::XlsxError::NotAWorksheet(_) => OpenError::NoSheet,
        other => OpenError::Damaged(xlsx_damage(other)),
    })?;
    let dimensions = reader.dimensions();
    let expected = if dimensions.end.0 < 1 << 20 { u64::from(dimensions.end.0) + 1 } else { 0 };
    let next: NextCell<'w> = Box::new(move || reader.next_cell());
    Ok(Sheet { rows: Rows::Stream(Cells::new(next)), width: 0, read: 0, expected })
}

/// What is wrong with a damaged xlsx: its zip or its XML said in our words, anything rarer
/// in calamine's.
fn xlsx_damage(e: XlsxError) -> Text {
    match e {
        XlsxError::Zip(_) => Text::new("refusal.zip_broken"),
        XlsxError::Xml(_) | XlsxError::XmlAttr(_) | XlsxError::XmlEof(_) => Text::new("refusal.xml_broken"),
        other => Text::verbatim(other.to_string()),
    }
}

/// xls files are read whole: they are small (65,536 rows at most) and the guard needs them.
fn read_xls<'w, R: Read + Seek>(mut source: R) -> Result<Sheet<'w>, OpenError> {
    let mut bytes = Vec::new();
    source
        .seek(SeekFrom::Start(0))
        .and_then(|_| source.read_to_end(&mut bytes))
        .map_err(|e| OpenError::Damaged(Text::verbatim(e.to_string())))?;
    xls_guard::check(&bytes)?;
    let mut workbook = Xls::new(std::io::Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsError::Cfb(_) => OpenError::NotAWorkbook,
        calamine::XlsError::Password => OpenError::Protected,
        other => OpenError::Damaged(Text::verbatim(other.to_string())),
    })?;
    let range = match workbook.worksheet_range_at(0) {
        None => return Err(OpenError::NoSheet),
        Some(range) => range.map_err(|e| OpenError::Damaged(Text::verbatim(e.to_string())))?,
    };
    // `cells()` counts from the range's first cell; the sheet keeps absolute positions.
    let (top, left) = range.start().unwrap_or((0, 0));
    let rows = rows_of(range.cells().map(|(row, col, data)| ((top + row as u32, left + col as u32), owned(data))));
    let expected = rows.len() as u64;
    Ok(Sheet { rows: Rows::Whole(rows.into_iter()), width: 0, read: 0, expected })
}

/// Rows from cells in row order, leaving out rows without cells.
fn rows_of<'w>(cells: impl Iterator<Item = Placed<'w>>) -> Vec<SheetRow<'w>> {
    let mut rows: Vec<SheetRow<'w>> = Vec::new();
    for ((index, col), data) in cells {
        match rows.last_mut() {
            Some(last) if last.index == index => last.push(col, data),
            _ => {
                let mut row = SheetRow { index, cells: Vec::new() };
                row.push(col, data);
                rows.push(row);
            }
        }
    }
    rows.retain(|row| !row.cells.is_empty());
    rows
}

/// An xls cell as the xlsx reader gives cells.
fn owned(data: &Data) -> DataRef<'static> {
    match data {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::String(s.clone()),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

mod xls_guard;

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/samples").join(name);
        std::fs::read(path).unwrap()
    }

    fn open(name: &str, kind: Kind) -> Result<Sheet<'static>, OpenError> {
        Sheet::open(std::io::Cursor::new(sample(name)), kind, Box::leak(Box::new(Workbook::new())))
    }

    /// Every row of a sheet, and its width after the last.
    fn rows(mut sheet: Sheet<'static>) -> (Vec<SheetRow<'static>>, usize) {
        let (mut rows, mut row) = (Vec::new(), SheetRow::default());
        while sheet.next_row(&mut row).unwrap() {
            rows.push(row.clone());
        }
        (rows, sheet.width())
    }

    /// A streaming sheet over these cells, in this order.
    fn stream(cells: Vec<Placed<'static>>) -> Sheet<'static> {
        let mut cells = cells.into_iter();
        let next: NextCell<'static> =
            Box::new(move || Ok(cells.next().map(|(pos, data)| calamine::Cell::new(pos, data))));
        Sheet { rows: Rows::Stream(Cells::new(next)), width: 0, read: 0, expected: 0 }
    }

    #[test]
    fn containers_are_recognised_by_their_first_bytes() {
        assert_eq!(Kind::sniff(b"PK\x03\x04rest"), Some(Kind::Zip));
        assert_eq!(Kind::sniff(OLE_SIGNATURE), Some(Kind::Ole));
        assert_eq!(Kind::sniff(b"PK"), None);
        assert_eq!(Kind::sniff("订单号".as_bytes()), None);
    }

    #[test]
    fn serials_become_wall_times() {
        let t = |s| serial_to_datetime(s).map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string());
        assert_eq!(t(45658.0).as_deref(), Some("2025-01-01 00:00:00"));
        assert_eq!(t(45658.0 + (2.0 * 3600.0 + 5.0 * 60.0) / 86400.0).as_deref(), Some("2025-01-01 02:05:00"));
        assert_eq!(t(f64::NAN), None);
        assert_eq!(t(-1.0), None);
        assert_eq!(t(1e12), None);
    }

    #[test]
    fn date_cells_in_the_1904_system_are_moved_to_1900() {
        let d = ExcelDateTime::new(44196.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(date_serial(&d), Some(45658.0));
        let duration = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(date_serial(&duration), None);
    }

    #[test]
    fn xlsx_ids_are_text_cells() {
        let (rows, width) = rows(open("订单.xlsx", Kind::Zip).unwrap());
        assert_eq!(rows[0].cell(0), Cell::Text("订单号"));
        assert!(matches!(rows[1].cell(0), Cell::Text(id) if id.len() == 16));
        assert_eq!((rows[0].number(), rows.len(), width), (1, 41, 27));
        assert_eq!(rows[1].cell(99), Cell::Empty);
    }

    #[test]
    fn xls_times_are_date_cells() {
        let (rows, width) = rows(open("orders_2025.xls", Kind::Ole).unwrap());
        let placed = (0..width).find(|&c| rows[0].cell(c) == Cell::Text("下单时间")).unwrap();
        assert!(matches!(rows[1].cell(placed), Cell::Date(_)), "{:?}", rows[1].cell(placed));
    }

    #[test]
    fn streamed_rows_keep_their_row_numbers_and_skip_empty_cells() {
        let (rows, width) = rows(stream(vec![
            ((2, 16_383), DataRef::Float(1.0)),
            ((2, 0), DataRef::SharedString("a")),
            ((5, 1), DataRef::Empty),
            ((7, 2), DataRef::String("c".into())),
            ((7, 3), DataRef::String(" ".into())),
        ]));
        assert_eq!((rows.len(), width), (2, 16_384));
        assert_eq!((rows[0].number(), rows[1].number()), (3, 8));
        assert_eq!(
            (rows[0].cell(0), rows[0].cell(16_383), rows[1].cell(2), rows[1].cell(3)),
            (Cell::Text("a"), Cell::Number(1.0), Cell::Text("c"), Cell::Empty)
        );
        assert!(!rows[0].is_blank() && SheetRow::default().is_blank());
    }

    #[test]
    fn a_sheet_that_breaks_part_way_stays_broken() {
        let mut calls = 0;
        let next: NextCell<'static> = Box::new(move || {
            calls += 1;
            match calls {
                1 => Ok(Some(calamine::Cell::new((0, 0), DataRef::Int(1)))),
                2 => Ok(Some(calamine::Cell::new((1, 0), DataRef::Int(2)))),
                _ => panic!("calamine indexes out of bounds"),
            }
        });
        let mut sheet = Sheet { rows: Rows::Stream(Cells::new(next)), width: 0, read: 0, expected: 0 };
        let mut row = SheetRow::default();
        assert_eq!(sheet.next_row(&mut row), Ok(true));
        assert!(sheet.next_row(&mut row).is_err());
        assert!(sheet.next_row(&mut row).unwrap_err().to_string().contains("could not be read further"));
    }

    #[test]
    fn a_zip_without_a_workbook_is_not_a_workbook() {
        assert!(matches!(open("ledger.zip", Kind::Zip), Err(OpenError::NotAWorkbook)));
    }

    #[test]
    fn damaged_xls_structures_are_refused_before_calamine_reads_them() {
        let good = sample("orders_2025.xls");
        assert!(xls_guard::check(&good).is_ok());
        let patched = |at: usize, bytes: &[u8]| {
            let mut b = good.clone();
            b[at..at + bytes.len()].copy_from_slice(bytes);
            Sheet::open(std::io::Cursor::new(b), Kind::Ole, Box::leak(Box::new(Workbook::new())))
        };
        // A DIFAT entry far outside the file (calamine would grow a buffer to terabytes).
        assert!(matches!(patched(76, &[0xF0, 0xFF, 0xFF, 0xF0]), Err(OpenError::Damaged(_))));
        // The directory chain starting at a sector that does not exist.
        assert!(matches!(patched(48, &[0xF9, 0xFF, 0xFF, 0x7F]), Err(OpenError::Damaged(_))));
        // A header shorter than 512 bytes, and an impossible sector size.
        assert!(matches!(
            Sheet::open(std::io::Cursor::new(good[..300].to_vec()), Kind::Ole, &mut Workbook::new()),
            Err(OpenError::Damaged(_))
        ));
        assert!(matches!(patched(30, &[7, 0]), Err(OpenError::Damaged(_))));
    }

    #[test]
    fn cells_print_as_a_person_reads_them() {
        assert_eq!(Cell::Number(3031265788145230.0).to_string(), "3031265788145230");
        assert_eq!(Cell::Text(" a\t").to_string(), "a");
        assert_eq!(Cell::text(" / "), Cell::Empty);
        assert_eq!(Cell::Date(45658.5).to_string(), "2025-01-01 12:00:00");
    }
}
