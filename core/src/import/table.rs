//! Any export as rows: a spreadsheet's first sheet, or a text file decoded as it streams and
//! split by a CSV reader. Every importer reads through `Table`, so each finds its header by
//! column names and reports lines the same way, whatever the file type.

use std::cell::Cell as Shared;
use std::fmt;
use std::io::{Chain, Cursor, Read, Seek, SeekFrom};
use std::rc::Rc;

use super::sheet::{Cell, Kind, OpenError, Sheet, SheetRow, Workbook};
use super::text::{self, DecodingReader};
use super::Rejected;
use crate::text::Text;

/// Rows looked at to tell what a file is (headers sit in the first few dozen).
const PEEK_ROWS: usize = 60;
/// No row of a real export comes near this; past it, the file is damaged (an unclosed quote
/// makes the rest of the file one record).
const MAX_RECORD_BYTES: usize = 4 << 20;
/// Cells kept of each peeked row.
const PEEK_COLUMNS: usize = 64;

/// Why the next row of a table could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum RowError {
    /// A CSV record past `MAX_RECORD_BYTES`, starting on `line`.
    TooLong { line: u64 },
    /// The CSV reader (in its own words) or the sheet stopped.
    Unreadable(Text),
}

impl RowError {
    /// What went wrong, as a message.
    pub fn message(&self) -> Text {
        match self {
            RowError::TooLong { line } => {
                Text::new("refusal.record_too_long").with("line", line).with("mb", MAX_RECORD_BYTES >> 20)
            }
            RowError::Unreadable(why) => why.clone(),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message().fmt(f)
    }
}

/// The file refused because its row after `table`'s current line could not be read.
pub(super) fn row_unreadable(table: &impl Table, e: RowError) -> Rejected {
    unreadable(Text::new("refusal.after_line").with("line", table.line()).with_text("why", e.message()))
}

/// A file's rows, one at a time; the current row's cells are read in place, so a CSV reuses
/// one record buffer for the whole file.
pub(super) trait Table {
    /// Moves to the next row; `Ok(false)` at the end.
    fn advance(&mut self) -> Result<bool, RowError>;
    /// 1-based physical line (CSV) or row number (spreadsheet) where the current row starts.
    fn line(&self) -> u64;
    /// The current record's width for a CSV; for a spreadsheet the widest row read so far, so a
    /// row whose last cells are empty is not taken for a cut one.
    fn width(&self) -> usize;
    /// The current row's cell in 0-based column `col`; `Empty` past the row's end.
    fn cell(&self, col: usize) -> Cell<'_>;
    /// Done and total, in bytes (CSV) or rows (spreadsheet).
    fn progress(&self) -> (u64, u64);
    /// What the file is, for the keys of messages about it: "text" (a text file), "spreadsheet".
    fn noun(&self) -> &'static str;

    /// A row of blank cells carries no data (exports leave them between blocks).
    fn is_blank_row(&self) -> bool {
        (0..self.width()).all(|col| self.cell(col).is_empty())
    }
}

/// Rows handed over between two progress reports: often enough for a smooth bar, rarely
/// enough to cost nothing.
const PROGRESS_EVERY_ROWS: u64 = 1000;

/// Counts the rows an importer hands over and reports progress as it goes.
#[derive(Default)]
pub(super) struct RowCount(pub u64);

impl RowCount {
    /// Counts one row handed over, and reports progress every thousand rows.
    pub fn tick(&mut self, table: &impl Table, progress: &mut dyn FnMut(u64, u64)) {
        self.0 += 1;
        if self.0.is_multiple_of(PROGRESS_EVERY_ROWS) {
            let (done, total) = table.progress();
            progress(done, total);
        }
    }

    /// The last report: all of it.
    pub fn finish(&self, table: &impl Table, progress: &mut dyn FnMut(u64, u64)) {
        let (_, total) = table.progress();
        progress(total, total);
    }
}

/// A text export as CSV records, decoded as it streams; one record buffer serves the whole
/// file.
pub(super) struct CsvTable<R: Read> {
    reader: csv::Reader<RecordLimit<std::io::Chain<DecodingReader<R>, &'static [u8]>>>,
    record: csv::StringRecord,
    /// Bytes the reader pulled for the record being read (shared with its `RecordLimit`).
    pulled: Rc<Shared<usize>>,
    total: u64,
    line: u64,
}

/// Bytes csv may pull for one record beyond `MAX_RECORD_BYTES`: its own buffer, refilled.
const RECORD_SLACK: usize = 64 << 10;

/// Stops giving bytes once one record has pulled more than `MAX_RECORD_BYTES` (and csv's
/// buffer): csv would otherwise hold a record that never ends (an unclosed quote) in memory
/// whole before the importer could see how long it is.
struct RecordLimit<R> {
    inner: R,
    pulled: Rc<Shared<usize>>,
}

impl<R: Read> Read for RecordLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pulled.get() > MAX_RECORD_BYTES + RECORD_SLACK {
            return Err(std::io::Error::other("a record longer than the limit"));
        }
        let n = self.inner.read(buf)?;
        self.pulled.set(self.pulled.get() + n);
        Ok(n)
    }
}

impl<R: Read> CsvTable<R> {
    fn new(source: R, encoding: text::TextEncoding, cr_line_ends: bool, total: u64) -> Self {
        let decoded = DecodingReader::new(source, encoding).cr_as_lf(cr_line_ends);
        let pulled = Rc::new(Shared::new(0));
        let limited = RecordLimit { inner: decoded.chain(&b"\n"[..]), pulled: Rc::clone(&pulled) };
        // Records end at LF only (the CR of a CRLF stays on the last cell, which trims it), and one
        // more LF ends the input, so every record's end line is where its terminator was.
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(limited);
        CsvTable { reader, record: csv::StringRecord::new(), pulled, total, line: 0 }
    }
}

impl<R: Read> Table for CsvTable<R> {
    fn advance(&mut self) -> Result<bool, RowError> {
        let read_from = self.reader.position().line();
        self.pulled.set(0);
        let read = self.reader.read_record(&mut self.record);
        if self.record.as_slice().len() > MAX_RECORD_BYTES || self.pulled.get() > MAX_RECORD_BYTES + RECORD_SLACK {
            return Err(RowError::TooLong { line: read_from });
        }
        let more = read.map_err(|e| RowError::Unreadable(Text::verbatim(e.to_string())))?;
        // csv dates a record from where reading began, before any blank lines it skipped; so
        // count back from its end: the terminator's LF and the LFs inside quoted cells.
        let inside = self.record.as_slice().bytes().filter(|&b| b == b'\n').count() as u64;
        self.line = self.reader.position().line().saturating_sub(inside + 1).max(read_from);
        Ok(more)
    }

    fn line(&self) -> u64 {
        self.line
    }

    fn width(&self) -> usize {
        self.record.len()
    }

    fn cell(&self, col: usize) -> Cell<'_> {
        self.record.get(col).map_or(Cell::Empty, Cell::text)
    }

    fn progress(&self) -> (u64, u64) {
        (self.reader.get_ref().inner.get_ref().0.bytes_read().min(self.total), self.total)
    }

    fn noun(&self) -> &'static str {
        "text"
    }
}

/// A spreadsheet's first sheet as a table; the rows peeked at to tell the format are read
/// again from memory, since the sheet streams only once.
pub(super) struct SheetTable<'w> {
    sheet: Sheet<'w>,
    current: SheetRow<'w>,
    /// Rows read while peeking, kept to be read again (the sheet streams once).
    peeked: Vec<SheetRow<'w>>,
    replay: std::vec::IntoIter<SheetRow<'w>>,
    peeking: bool,
}

impl<'w> SheetTable<'w> {
    fn new(sheet: Sheet<'w>) -> Self {
        let (peeked, replay) = (Vec::new(), Vec::new().into_iter());
        SheetTable { sheet, current: SheetRow::default(), peeked, replay, peeking: true }
    }

    /// After the peek, reading starts again from the first row.
    fn rewind(&mut self) {
        self.peeking = false;
        self.replay = std::mem::take(&mut self.peeked).into_iter();
    }
}

impl Table for SheetTable<'_> {
    fn advance(&mut self) -> Result<bool, RowError> {
        if let Some(row) = self.replay.next() {
            self.current = row;
            return Ok(true);
        }
        let more = self.sheet.next_row(&mut self.current).map_err(RowError::Unreadable)?;
        if more && self.peeking {
            self.peeked.push(self.current.clone());
        }
        Ok(more)
    }

    fn line(&self) -> u64 {
        self.current.number()
    }

    fn width(&self) -> usize {
        self.sheet.width()
    }

    fn cell(&self, col: usize) -> Cell<'_> {
        self.current.cell(col)
    }

    fn progress(&self) -> (u64, u64) {
        let (read, total) = self.sheet.progress();
        let ahead = self.replay.len() as u64;
        (read - ahead, total)
    }

    fn noun(&self) -> &'static str {
        "spreadsheet"
    }

    fn is_blank_row(&self) -> bool {
        self.current.is_blank()
    }
}

/// A file opened as a table, whichever kind it is.
pub(super) enum FileTable<'w, R: Read> {
    /// Boxed: a CSV reader's buffers are large beside a sheet's handle.
    Csv(Box<CsvTable<Chain<Cursor<Vec<u8>>, R>>>),
    Sheet(SheetTable<'w>),
}

/// An opened file: its rows, how it was decoded, and its first rows as text for telling what
/// it is before any importer reads it.
pub(super) struct Opened<'w, R: Read> {
    pub table: FileTable<'w, R>,
    /// "xlsx", "xls", "utf-8-bom", "utf-8", "gb18030".
    pub encoding: &'static str,
    /// Up to `PEEK_ROWS` first rows, cells trimmed: every importer's header is among them.
    pub first_rows: Vec<Vec<String>>,
    /// The line (or row number) each of `first_rows` starts on.
    pub first_lines: Vec<u64>,
    /// Which of `first_rows` is the header, once `detect` has found it.
    pub header_index: usize,
}

/// Why a file cannot be read as a table at all.
#[derive(Debug)]
pub(super) enum OpenFailure {
    Unreadable(Text),
    Empty,
    Utf16,
    Binary,
    Sheet(Kind, OpenError),
}

/// Words for a rejection, per importer: what to export, and what to do about a bad copy.
pub(super) struct Advice {
    /// What to import instead, in full sentences (each field a catalogue key).
    pub export: &'static str,
    /// For a damaged copy: fetch the original again.
    pub again: &'static str,
    /// For a UTF-16 re-save.
    pub resave: &'static str,
    /// For a zip that is not a workbook.
    pub unzip: &'static str,
}

impl OpenFailure {
    /// The refusal a person reads: what the file looks like, with the importer's advice.
    pub fn rejected(self, advice: &Advice) -> Rejected {
        let export = || Text::new(advice.export);
        let again = || Text::new(advice.again);
        match self {
            OpenFailure::Unreadable(why) => unreadable(why),
            OpenFailure::Empty => Rejected::new(
                Text::new("refusal.empty_file"),
                Text::new("advice.nothing_in_it").with_text("readable", export()),
            ),
            OpenFailure::Utf16 => Rejected::new(Text::new("refusal.utf16"), Text::new(advice.resave)),
            OpenFailure::Binary => Rejected::new(
                Text::new("refusal.binary"),
                Text::new("advice.not_a_table").with_text("readable", export()),
            ),
            OpenFailure::Sheet(kind, e) => match (e, kind) {
                (OpenError::NotAWorkbook, Kind::Zip) => Rejected::new(
                    Text::new("refusal.zip_not_workbook"),
                    Text::new("advice.two").with_text("first", Text::new(advice.unzip)).with_text("second", export()),
                ),
                (OpenError::NotAWorkbook, Kind::Ole) => {
                    Rejected::new(Text::new("refusal.office_not_workbook"), export())
                }
                (OpenError::Protected, _) => Rejected::new(Text::new("refusal.protected_workbook"), again()),
                (OpenError::NoSheet, _) => Rejected::new(Text::new("refusal.no_sheet"), export()),
                (OpenError::Damaged(why), kind) => Rejected::new(
                    Text::new("refusal.damaged_sheet").with("kind", kind.name()).with_text("why", why),
                    again(),
                ),
                (OpenError::BeyondLimits(overrun), _) => overrun.rejected(again()),
            },
        }
    }
}

/// The refusal for a file that could not be read at all (an I/O error, or it vanished).
pub(super) fn unreadable(why: Text) -> Rejected {
    Rejected::new(Text::new("refusal.unreadable").with_text("why", why), Text::new("advice.check_readable"))
}

/// [`unreadable`], for an I/O error in the words of the system.
pub(super) fn unreadable_io(e: std::io::Error) -> Rejected {
    unreadable(Text::of_io(&e))
}

/// Opens a spreadsheet (by its first bytes) or a text file (encoding sniffed: BOM, UTF-8,
/// GB18030). A CSV and an xlsx sheet stream: memory stays flat however long they are. An xlsx
/// workbook is kept in `workbook`, which its sheet borrows.
pub(super) fn open<'w, R: Read + Seek>(
    mut source: R,
    workbook: &'w mut Workbook<R>,
) -> Result<Opened<'w, R>, OpenFailure> {
    let io = |e: std::io::Error| OpenFailure::Unreadable(Text::of_io(&e));
    let total = source.seek(SeekFrom::End(0)).map_err(io)?;
    source.seek(SeekFrom::Start(0)).map_err(io)?;
    let prefix = text::read_prefix(&mut source, text::SNIFF_LEN).map_err(io)?;
    if let Some(kind) = Kind::sniff(&prefix) {
        source.seek(SeekFrom::Start(0)).map_err(io)?;
        let sheet = Sheet::open(source, kind, workbook).map_err(|e| OpenFailure::Sheet(kind, e))?;
        let mut table = SheetTable::new(sheet);
        let (first_rows, first_lines) = peek(&mut table);
        table.rewind();
        let table = FileTable::Sheet(table);
        return Ok(Opened { table, encoding: kind.name(), first_rows, first_lines, header_index: 0 });
    }
    if prefix.iter().all(u8::is_ascii_whitespace) {
        return Err(OpenFailure::Empty);
    } else if text::is_utf16(&prefix) {
        return Err(OpenFailure::Utf16);
    } else if text::looks_binary(&prefix) {
        return Err(OpenFailure::Binary);
    }
    let encoding = text::sniff_encoding(&prefix);
    // csv counts lines by LF: a file with CR line ends alone (old Mac Excel) gets LFs.
    let cr_line_ends = !prefix.contains(&b'\n') && prefix.contains(&b'\r');
    let (first_rows, first_lines) = peek(&mut CsvTable::new(&prefix[..], encoding, cr_line_ends, total));
    let table =
        FileTable::Csv(Box::new(CsvTable::new(Cursor::new(prefix).chain(source), encoding, cr_line_ends, total)));
    Ok(Opened { table, encoding: encoding.name(), first_rows, first_lines, header_index: 0 })
}

/// The first rows as trimmed text, and their lines (stopping quietly where the text stops
/// being CSV).
fn peek(table: &mut impl Table) -> (Vec<Vec<String>>, Vec<u64>) {
    let (mut rows, mut lines) = (Vec::new(), Vec::new());
    while rows.len() < PEEK_ROWS && table.advance().unwrap_or(false) {
        rows.push((0..table.width().min(PEEK_COLUMNS)).map(|col| table.cell(col).to_string()).collect());
        lines.push(table.line());
    }
    (rows, lines)
}

/// The header `detect` found is not where it was when the importer reads it: the file changed
/// while it was read, or its first rows read differently the second time.
pub(super) fn header_lost(table: &impl Table) -> Rejected {
    unreadable(Text::new("refusal.header_lost").with("line", table.line()))
}

impl<R: Read> Table for Opened<'_, R> {
    fn advance(&mut self) -> Result<bool, RowError> {
        match &mut self.table {
            FileTable::Csv(t) => t.advance(),
            FileTable::Sheet(t) => t.advance(),
        }
    }

    fn line(&self) -> u64 {
        match &self.table {
            FileTable::Csv(t) => t.line(),
            FileTable::Sheet(t) => t.line(),
        }
    }

    fn width(&self) -> usize {
        match &self.table {
            FileTable::Csv(t) => t.width(),
            FileTable::Sheet(t) => t.width(),
        }
    }

    fn cell(&self, col: usize) -> Cell<'_> {
        match &self.table {
            FileTable::Csv(t) => t.cell(col),
            FileTable::Sheet(t) => t.cell(col),
        }
    }

    fn progress(&self) -> (u64, u64) {
        match &self.table {
            FileTable::Csv(t) => t.progress(),
            FileTable::Sheet(t) => t.progress(),
        }
    }

    fn noun(&self) -> &'static str {
        match &self.table {
            FileTable::Csv(t) => t.noun(),
            FileTable::Sheet(t) => t.noun(),
        }
    }

    fn is_blank_row(&self) -> bool {
        match &self.table {
            FileTable::Csv(t) => t.is_blank_row(),
            FileTable::Sheet(t) => t.is_blank_row(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Opens bytes; a workbook, if they are one, is kept for the test's whole run.
    fn open(bytes: impl Into<Vec<u8>>) -> Result<Opened<'static, Cursor<Vec<u8>>>, OpenFailure> {
        super::open(Cursor::new(bytes.into()), Box::leak(Box::new(Workbook::new())))
    }

    fn rows(bytes: &[u8]) -> Vec<(u64, Vec<String>)> {
        let mut opened = open(bytes).unwrap();
        let mut out = Vec::new();
        while opened.advance().unwrap() {
            if opened.is_blank_row() {
                continue;
            }
            out.push((opened.line(), (0..opened.width()).map(|c| opened.cell(c).to_string()).collect()));
        }
        out
    }

    #[test]
    fn lines_count_physical_lines_whatever_the_line_ends() {
        let want = |a: &str, b: &str| vec![(1, vec!["a".to_owned(), a.to_owned()]), (3, vec![b.to_owned()])];
        assert_eq!(rows(b"a,1\n\nb\n"), want("1", "b"));
        assert_eq!(rows(b"a,1\r\n\r\nb"), want("1", "b"));
        assert_eq!(rows(b"a,1\r\rb\r"), want("1", "b"));
        assert_eq!(rows("a,\"1\n2\"\nb\n".as_bytes())[1].0, 3);
    }

    #[test]
    fn a_quote_that_never_closes_is_an_error_not_a_huge_row() {
        for size in [MAX_RECORD_BYTES + 100, 4 * MAX_RECORD_BYTES] {
            let mut bytes = b"a,b\n1,\"".to_vec();
            bytes.resize(size, b'x');
            let mut opened = open(bytes).unwrap_or_else(|_| panic!("opens"));
            let FileTable::Csv(table) = &mut opened.table else { panic!("a CSV") };
            assert_eq!(table.advance(), Ok(true));
            let err = table.advance().unwrap_err();
            assert_eq!(err, RowError::TooLong { line: 2 });
            assert!(err.to_string().contains("never closes"), "{err}");
            // Reading stopped at the limit: the record never held the rest of the file.
            assert!(table.record.as_slice().len() <= MAX_RECORD_BYTES + RECORD_SLACK, "{size}");
        }
    }

    #[test]
    fn a_record_just_under_the_limit_is_read_whole() {
        let mut bytes = b"a,b\n1,\"".to_vec();
        bytes.resize(MAX_RECORD_BYTES - 100, b'x');
        bytes.extend_from_slice(b"\"\n2,3\n");
        let rows = rows(&bytes);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].1[1].len(), MAX_RECORD_BYTES - 100 - 7);
        assert_eq!(rows[2], (3, vec!["2".to_owned(), "3".to_owned()]));
    }

    #[test]
    fn the_first_rows_are_peeked_without_being_consumed() {
        let opened = open(b"x\ty, z \n1\n".to_vec()).unwrap();
        assert_eq!(opened.first_rows, vec![vec!["x\ty".to_owned(), "z".to_owned()], vec!["1".to_owned()]]);
        assert_eq!(rows(b"x\ty, z \n1\n").len(), 2);
    }

    #[test]
    fn files_that_are_no_table() {
        assert!(matches!(open(b" \r\n".to_vec()), Err(OpenFailure::Empty)));
        assert!(matches!(open(b"\xFF\xFEa\x00".to_vec()), Err(OpenFailure::Utf16)));
        assert!(matches!(open(vec![0, 1, 2, 3]), Err(OpenFailure::Binary)));
        assert!(matches!(open(b"PK\x03\x04junk".to_vec()), Err(OpenFailure::Sheet(Kind::Zip, _))));
    }

    #[test]
    fn a_sheet_streams_after_its_peek_and_counts_its_rows() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/samples/订单.xlsx");
        let mut opened = open(std::fs::read(path).unwrap()).unwrap();
        assert_eq!(opened.first_rows.len(), 41);
        // The peeked rows are read again, from the first; progress counts them once.
        assert_eq!((opened.advance(), opened.line(), opened.progress()), (Ok(true), 1, (1, 41)));
        assert_eq!(opened.cell(0).to_string(), opened.first_rows[0][0]);
        let mut rows = 1;
        while opened.advance().unwrap() {
            rows += 1;
        }
        assert_eq!((rows, opened.progress()), (41, (41, 41)));
    }
}
