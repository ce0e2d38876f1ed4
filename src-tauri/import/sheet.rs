//! Spreadsheets (xlsx, and the old BIFF8 xls) through calamine: the first sheet as rows of
//! small cells that keep what the importer must tell apart, such as a text id from a numeric
//! one that Excel may have rounded.
//!
//! A seller's file must never bring the app down, and calamine trusts sizes written inside a
//! file: a damaged one can make it panic, allocate terabytes or loop forever. So panics are
//! caught, cells are kept sparse (a stray cell at XFD1048576 costs one cell, not the grid up to
//! it), and an xls's structure is checked (`xls_guard`) before calamine sees it.

use std::borrow::Cow;
use std::fmt;
use std::io::{Read, Seek, SeekFrom};

use calamine::{Data, ExcelDateTime, ExcelDateTimeType, Reader, Xls, Xlsx};
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
    pub fn sniff(prefix: &[u8]) -> Option<Kind> {
        if prefix.starts_with(b"PK\x03\x04") {
            Some(Kind::Zip)
        } else if prefix.starts_with(OLE_SIGNATURE) {
            Some(Kind::Ole)
        } else {
            None
        }
    }

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
    Text(&'a str),
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

    fn of(data: &'a Data) -> Cell<'a> {
        match data {
            Data::Empty => Cell::Empty,
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::text(s),
            Data::Int(i) => Cell::Number(*i as f64),
            Data::Float(f) => Cell::Number(*f),
            Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }),
            Data::DateTime(d) => date_serial(d).map_or(Cell::Number(d.as_f64()), Cell::Date),
            // An error cell (#N/A…) holds no value.
            Data::Error(_) => Cell::Empty,
        }
    }

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
    /// The workbook is damaged: what is wrong, in calamine's words or ours.
    Damaged(String),
}

/// The first sheet of a workbook: its rows that have cells, each with its cells by column.
pub struct Sheet {
    rows: Vec<SheetRow>,
    width: usize,
}

struct SheetRow {
    /// 0-based row index in the sheet.
    index: u32,
    /// Sorted by column.
    cells: Vec<(u32, Data)>,
}

impl Sheet {
    pub fn open<R: Read + Seek>(source: R, kind: Kind) -> Result<Sheet, OpenError> {
        // calamine panics on some damaged files (unchecked indexing and pops); that is one more
        // kind of damage here.
        let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match kind {
            Kind::Zip => read_xlsx(source),
            Kind::Ole => read_xls(source),
        }));
        opened.unwrap_or_else(|_| Err(OpenError::Damaged("its structure is broken".to_owned())))
    }

    /// Builds the rows from cells in any order, leaving out empty ones.
    fn from_cells(mut cells: Vec<((u32, u32), Data)>) -> Sheet {
        cells.retain(|(_, data)| !matches!(data, Data::Empty));
        cells.sort_by_key(|&(pos, _)| pos);
        let width = cells.iter().map(|&((_, col), _)| col as usize + 1).max().unwrap_or(0);
        let mut rows: Vec<SheetRow> = Vec::new();
        for ((row, col), data) in cells {
            match rows.last_mut() {
                Some(last) if last.index == row => last.cells.push((col, data)),
                _ => rows.push(SheetRow { index: row, cells: vec![(col, data)] }),
            }
        }
        Sheet { rows, width }
    }

    /// Rows that have cells.
    pub fn height(&self) -> usize {
        self.rows.len()
    }

    /// One past the rightmost column with a cell (which can be far right in a damaged file).
    pub fn width(&self) -> usize {
        self.width
    }

    /// 1-based spreadsheet row number of row `row`.
    pub fn row_number(&self, row: usize) -> u64 {
        self.rows.get(row).map_or(0, |r| u64::from(r.index) + 1)
    }

    pub fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        let Some(row) = self.rows.get(row) else { return Cell::Empty };
        match row.cells.binary_search_by_key(&col, |&(c, _)| c as usize) {
            Ok(at) => Cell::of(&row.cells[at].1),
            Err(_) => Cell::Empty,
        }
    }

    /// True when every cell of row `row` is empty, without walking to `width`.
    pub fn is_blank_row(&self, row: usize) -> bool {
        self.rows.get(row).is_none_or(|r| r.cells.iter().all(|(_, data)| Cell::of(data).is_empty()))
    }
}

fn read_xlsx<R: Read + Seek>(source: R) -> Result<Sheet, OpenError> {
    let mut workbook = Xlsx::new(source).map_err(|e| match e {
        calamine::XlsxError::FileNotFound(_) | calamine::XlsxError::RelationshipNotFound => OpenError::NotAWorkbook,
        calamine::XlsxError::Password => OpenError::Protected,
        other => OpenError::Damaged(other.to_string()),
    })?;
    let name = workbook.sheet_names().into_iter().next().ok_or(OpenError::NoSheet)?;
    // The cell reader, not `worksheet_range`: a range is a dense grid as large as the cells'
    // extent, so one cell far away would allocate billions.
    let mut reader = workbook.worksheet_cells_reader(&name).map_err(|e| match e {
        calamine::XlsxError::NotAWorksheet(_) => OpenError::NoSheet,
        other => OpenError::Damaged(other.to_string()),
    })?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|e| OpenError::Damaged(e.to_string()))? {
        cells.push((cell.get_position(), Data::from(cell.get_value().clone())));
    }
    Ok(Sheet::from_cells(cells))
}

/// xls files are read whole: they are small (65,536 rows at most) and the guard needs them.
fn read_xls<R: Read + Seek>(mut source: R) -> Result<Sheet, OpenError> {
    let mut bytes = Vec::new();
    source
        .seek(SeekFrom::Start(0))
        .and_then(|_| source.read_to_end(&mut bytes))
        .map_err(|e| OpenError::Damaged(e.to_string()))?;
    xls_guard::check(&bytes)?;
    let mut workbook = Xls::new(std::io::Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsError::Cfb(_) => OpenError::NotAWorkbook,
        calamine::XlsError::Password => OpenError::Protected,
        other => OpenError::Damaged(other.to_string()),
    })?;
    let range = match workbook.worksheet_range_at(0) {
        None => return Err(OpenError::NoSheet),
        Some(range) => range.map_err(|e| OpenError::Damaged(e.to_string()))?,
    };
    // `cells()` counts from the range's first cell; the sheet keeps absolute positions.
    let (top, left) = range.start().unwrap_or((0, 0));
    let cells = range.cells().map(|(row, col, data)| ((top + row as u32, left + col as u32), data.clone())).collect();
    Ok(Sheet::from_cells(cells))
}

/// Walks an xls's OLE structure and BIFF records the way calamine 0.30 will, and refuses what
/// would make calamine allocate without bound or loop: sector numbers outside the file, sector
/// chains that never end, sizes larger than the file, and cell extents no export has. Each check
/// names the calamine code it protects (`cfb.rs`, `xls.rs`).
mod xls_guard {
    use super::OpenError;

    const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
    /// Sector numbers from here up are markers, not sectors (cfb.rs `RESERVED_SECTORS`).
    const RESERVED: u32 = 0xFFFF_FFFA;
    /// DIFAT entries from here up are skipped (cfb.rs `DIFSECT`).
    const DIFSECT: u32 = 0xFFFF_FFFC;
    /// Streams shorter than this live in the mini stream (cfb.rs `get_stream`).
    const MINI_CUTOFF: usize = 4096;
    /// The grid calamine allocates for a sheet: 2M cells, 65,536 rows (all an xls holds) of 32
    /// columns (an order export has 26 or 27).
    const MAX_CELLS: u64 = 1 << 21;

    fn damaged(why: &str) -> OpenError {
        OpenError::Damaged(why.to_owned())
    }

    fn u16_at(b: &[u8], at: usize) -> Option<u16> {
        Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
    }

    fn u32_at(b: &[u8], at: usize) -> Option<u32> {
        Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
    }

    fn words(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
        b.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
    }

    /// Fixed-size blocks of a byte string; the last may be short, as calamine reads it.
    struct Sectors<'a> {
        data: &'a [u8],
        size: usize,
    }

    impl<'a> Sectors<'a> {
        fn count(&self) -> usize {
            self.data.len().div_ceil(self.size)
        }

        fn get(&self, id: u32) -> Result<&'a [u8], OpenError> {
            let start = (id as usize).checked_mul(self.size).filter(|&s| s < self.data.len());
            let start = start.ok_or_else(|| damaged("a sector number points outside the file"))?;
            Ok(&self.data[start..(start + self.size).min(self.data.len())])
        }

        /// The bytes of the chain starting at `id` (cfb.rs `get_chain`), cut to `len` if given.
        fn chain(&self, mut id: u32, fat: &[u32], len: Option<usize>) -> Result<Vec<u8>, OpenError> {
            let mut bytes = Vec::new();
            let mut steps = 0;
            while id != ENDOFCHAIN {
                // A chain that ends visits each sector once at most.
                steps += 1;
                if steps > self.count() {
                    return Err(damaged("a sector chain loops or never ends"));
                }
                bytes.extend_from_slice(self.get(id)?);
                id = *fat.get(id as usize).ok_or_else(|| damaged("a sector chain leaves the allocation table"))?;
            }
            if let Some(len) = len {
                bytes.truncate(len);
            }
            Ok(bytes)
        }
    }

    struct Entry {
        name: String,
        start: u32,
        len: usize,
    }

    pub fn check(file: &[u8]) -> Result<(), OpenError> {
        let header = file.get(..512).ok_or_else(|| damaged("it is shorter than its header"))?;
        let field = |at| u32_at(header, at).map_or(0, |v| v as usize);
        let sector_size = match u16_at(header, 30) {
            Some(9) => 512,
            Some(12) => 4096,
            _ => return Err(damaged("its sector size is invalid")),
        };
        let body = file.get(sector_size..).ok_or_else(|| damaged("it is shorter than its header"))?;
        let sectors = Sectors { data: body, size: sector_size };
        // Capacities calamine reserves from header fields (cfb.rs `Header::from_reader`, `new`);
        // the DIFAT length is read from offset 62, as calamine does.
        let (dir_len, fat_len, mini_fat_len, difat_len) = (field(40), field(44), field(64), field(62));
        let fits = |n: usize, unit: usize| n.checked_mul(unit).is_some_and(|b| b <= file.len());
        if !fits(dir_len, sector_size)
            || !fits(mini_fat_len, sector_size)
            || fat_len > sectors.count()
            || difat_len > 1 << 24
        {
            return Err(damaged("its header gives sizes larger than the file"));
        }
        let fat = allocation_table(header, &sectors)?;
        let dir_bytes = sectors.chain(u32_at(header, 48).unwrap_or(ENDOFCHAIN), &fat, None)?;
        let entries: Vec<Entry> = dir_bytes
            .chunks(128)
            .map(|c| entry(c, sector_size))
            .collect::<Option<_>>()
            .ok_or_else(|| damaged("a directory entry is cut short"))?;
        let root = entries.first().ok_or_else(|| damaged("it has no directory"))?;
        let (mini_fat, mini_stream) = if mini_fat_len > 0 {
            if !fits(root.len, 1) {
                return Err(damaged("its mini stream is larger than the file"));
            }
            let mini_stream = sectors.chain(root.start, &fat, Some(root.len))?;
            let mini_fat = sectors.chain(u32_at(header, 60).unwrap_or(ENDOFCHAIN), &fat, None)?;
            (words(&mini_fat).collect(), mini_stream)
        } else {
            (Vec::new(), Vec::new())
        };
        if entries.iter().any(|e| e.name == "_VBA_PROJECT_CUR") {
            return Err(damaged("it contains macros, which order exports never do"));
        }
        let workbook =
            entries.iter().find(|e| e.name == "Workbook").or_else(|| entries.iter().find(|e| e.name == "Book"));
        let Some(workbook) = workbook else { return Ok(()) }; // calamine reports it missing
        let stream = if workbook.len < MINI_CUTOFF {
            Sectors { data: &mini_stream, size: 64 }.chain(workbook.start, &mini_fat, Some(workbook.len))?
        } else if fits(workbook.len, 1) {
            sectors.chain(workbook.start, &fat, Some(workbook.len))?
        } else {
            return Err(damaged("its workbook stream is larger than the file"));
        };
        check_biff(&stream)
    }

    /// The FAT, gathered through the DIFAT as cfb.rs `Cfb::new` does.
    fn allocation_table(header: &[u8], sectors: &Sectors) -> Result<Vec<u32>, OpenError> {
        let mut difat: Vec<u32> = words(&header[76..512]).collect();
        let mut next = u32_at(header, 68).unwrap_or(ENDOFCHAIN);
        let mut steps = 0;
        while next < RESERVED {
            steps += 1;
            if steps > sectors.count() {
                return Err(damaged("its sector table chain loops"));
            }
            let sector = sectors.get(next)?;
            if sector.len() % 4 != 0 {
                return Err(damaged("its sector table is cut short"));
            }
            difat.extend(words(sector));
            next = difat.pop().ok_or_else(|| damaged("its sector table is empty"))?;
        }
        let mut fat = Vec::new();
        for id in difat.into_iter().filter(|&id| id < DIFSECT) {
            let sector = sectors.get(id)?;
            if sector.len() % 4 != 0 {
                return Err(damaged("its sector table is cut short"));
            }
            fat.extend(words(sector));
        }
        Ok(fat)
    }

    /// A 128-byte directory entry (cfb.rs `Directory::from_slice`).
    fn entry(c: &[u8], sector_size: usize) -> Option<Entry> {
        let units: Vec<u16> = c.get(..64)?.chunks_exact(2).map(|u| u16::from_le_bytes([u[0], u[1]])).collect();
        let name: String =
            char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')).take_while(|&c| c != '\0').collect();
        let len = if sector_size == 512 {
            u32_at(c, 120)? as usize
        } else {
            usize::try_from(u64::from_le_bytes(c.get(120..128)?.try_into().ok()?)).ok()?
        };
        Some(Entry { name, start: u32_at(c, 116)?, len })
    }

    /// BIFF records: (type, data), stopping where a record would run past the stream.
    fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
        let mut rest = stream;
        std::iter::from_fn(move || {
            let (typ, len) = (u16_at(rest, 0)?, u16_at(rest, 2)? as usize);
            let data = rest.get(4..4 + len)?;
            rest = &rest[4 + len..];
            Some((typ, data))
        })
    }

    /// The extent of each sheet's cells and its DIMENSIONS record (xls.rs `parse_workbook`, which
    /// reserves and fills a grid of that size).
    fn check_biff(stream: &[u8]) -> Result<(), OpenError> {
        let sheets: Vec<usize> = records(stream)
            .take_while(|&(typ, _)| typ != 0x000A)
            .filter(|&(typ, _)| typ == 0x0085)
            .filter_map(|(_, data)| u32_at(data, 0).map(|pos| pos as usize))
            .collect();
        for pos in sheets {
            let Some(sheet) = stream.get(pos..) else { continue }; // calamine fails on it
            let mut extent = Extent::default();
            for (typ, data) in records(sheet).take_while(|&(typ, _)| typ != 0x000A) {
                match typ {
                    0x0200 => dimensions_fit(data)?,
                    0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                        extent.add(u16_at(data, 0), u16_at(data, 2), u16_at(data, 2));
                    }
                    0x00BD => extent.add(
                        u16_at(data, 0),
                        u16_at(data, 2),
                        data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
                    ),
                    _ => {}
                }
            }
            if extent.cells() > MAX_CELLS {
                return Err(damaged("its cells spread over more rows and columns than a sheet holds"));
            }
        }
        Ok(())
    }

    /// xls.rs `parse_dimensions` and the reserve that follows it.
    fn dimensions_fit(data: &[u8]) -> Result<(), OpenError> {
        let fields = match data.len() {
            10 => (u16_at(data, 0).map(u32::from), u16_at(data, 2).map(u32::from), u16_at(data, 4), u16_at(data, 6)),
            14 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 8), u16_at(data, 10)),
            _ => return Ok(()), // calamine rejects the record
        };
        let (Some(first_row), Some(last_row), Some(first_col), Some(last_col)) = fields else { return Ok(()) };
        // As calamine reads it: a first column past 0xFF or after the last one means 0, and a
        // last row or column of 0 means a one-cell sheet.
        let first_col = if first_col > 0xFF || last_col < first_col { 0 } else { first_col };
        if last_row == 0 || last_col == 0 {
            return Ok(());
        }
        let rows = i64::from(last_row) - i64::from(first_row);
        let cols = i64::from(last_col) - i64::from(first_col);
        if rows < 1 || cols < 1 || (rows as u64).saturating_mul(cols as u64) > MAX_CELLS {
            return Err(damaged("its sheet size is impossible"));
        }
        Ok(())
    }

    #[derive(Default)]
    struct Extent {
        rows: Option<(u16, u16)>,
        cols: Option<(u16, u16)>,
    }

    impl Extent {
        fn add(&mut self, row: Option<u16>, first_col: Option<u16>, last_col: Option<u16>) {
            let widen = |span: Option<(u16, u16)>, lo: u16, hi: u16| match span {
                Some((a, b)) => Some((a.min(lo), b.max(hi))),
                None => Some((lo, hi)),
            };
            if let (Some(row), Some(first), Some(last)) = (row, first_col, last_col) {
                self.rows = widen(self.rows, row, row);
                self.cols = widen(self.cols, first.min(last), first.max(last));
            }
        }

        fn cells(&self) -> u64 {
            let span = |s: Option<(u16, u16)>| s.map_or(0, |(lo, hi)| u64::from(hi - lo) + 1);
            span(self.rows) * span(self.cols)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/samples").join(name);
        std::fs::read(path).unwrap()
    }

    fn open(name: &str, kind: Kind) -> Result<Sheet, OpenError> {
        Sheet::open(std::io::Cursor::new(sample(name)), kind)
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
        let sheet = open("订单.xlsx", Kind::Zip).unwrap();
        assert_eq!(sheet.cell(0, 0), Cell::Text("订单号"));
        assert!(matches!(sheet.cell(1, 0), Cell::Text(id) if id.len() == 16));
        assert_eq!((sheet.row_number(0), sheet.height(), sheet.width()), (1, 41, 27));
        assert_eq!(sheet.cell(99, 0), Cell::Empty);
    }

    #[test]
    fn xls_times_are_date_cells() {
        let sheet = open("orders_2025.xls", Kind::Ole).unwrap();
        let placed = (0..sheet.width()).find(|&c| sheet.cell(0, c) == Cell::Text("下单时间")).unwrap();
        assert!(matches!(sheet.cell(1, placed), Cell::Date(_)), "{:?}", sheet.cell(1, placed));
    }

    #[test]
    fn sparse_rows_keep_their_row_numbers_and_skip_empty_cells() {
        let sheet = Sheet::from_cells(vec![
            ((7, 2), Data::String("c".into())),
            ((2, 0), Data::String("a".into())),
            ((2, 16_383), Data::Float(1.0)),
            ((5, 1), Data::Empty),
        ]);
        assert_eq!((sheet.height(), sheet.width()), (2, 16_384));
        assert_eq!((sheet.row_number(0), sheet.row_number(1)), (3, 8));
        assert_eq!(
            (sheet.cell(0, 0), sheet.cell(0, 16_383), sheet.cell(1, 2)),
            (Cell::Text("a"), Cell::Number(1.0), Cell::Text("c"))
        );
        assert!(!sheet.is_blank_row(0) && sheet.is_blank_row(5));
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
            Sheet::open(std::io::Cursor::new(b), Kind::Ole)
        };
        // A DIFAT entry far outside the file (calamine would grow a buffer to terabytes).
        assert!(matches!(patched(76, &[0xF0, 0xFF, 0xFF, 0xF0]), Err(OpenError::Damaged(_))));
        // The directory chain starting at a sector that does not exist.
        assert!(matches!(patched(48, &[0xF9, 0xFF, 0xFF, 0x7F]), Err(OpenError::Damaged(_))));
        // A header shorter than 512 bytes, and an impossible sector size.
        assert!(matches!(Sheet::open(std::io::Cursor::new(&good[..300]), Kind::Ole), Err(OpenError::Damaged(_))));
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
