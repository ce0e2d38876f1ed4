//! Where an importer's fields sit in a file, read from its header row. The order, statement
//! and fund importers share it; each only says what its header names mean.

use std::marker::PhantomData;

use super::sheet::Cell;
use super::table::Table;
use super::text;

/// Columns read of a header row: no export comes near this many.
pub(super) const MAX_COLUMNS: usize = 256;

/// One of an importer's fields.
pub(super) trait Field: Copy {
    /// Its place among the importer's fields (the enum's discriminant).
    fn index(self) -> usize;

    /// What a message calls the field's column when the file has none.
    fn fallback_header(self) -> &'static str {
        "?"
    }
}

/// What a header row's cell (as a `text::header_key`) says about its column.
pub(super) enum Header<F> {
    /// The column holds this field, and a kept-aside row may show it.
    Field(F),
    /// A known column with nothing personal in it: shown in `RowProblem::raw`, not read.
    Shown,
}

/// An importer's `N` fields found in a file's columns.
pub(super) struct Columns<F, const N: usize> {
    index: [Option<usize>; N],
    /// Every header as written (trimmed), by column.
    pub headers: Vec<String>,
    /// Columns `RowProblem::raw` may show; any other column may hold personal data.
    shown: Vec<usize>,
    /// Where the header row is.
    pub header_line: u64,
    field: PhantomData<F>,
}

impl<F: Field, const N: usize> Columns<F, N> {
    /// The current row as headers, no field found yet.
    pub fn headers_of(table: &impl Table) -> Self {
        Columns {
            index: [None; N],
            headers: (0..table.width().min(MAX_COLUMNS)).map(|col| table.cell(col).to_string()).collect(),
            shown: Vec::new(),
            header_line: table.line(),
            field: PhantomData,
        }
    }

    /// The current row as a header row; `header_of` reads each header's key. The first column
    /// of a field wins.
    pub fn from_header(table: &impl Table, header_of: impl Fn(&str) -> Option<Header<F>>) -> Self {
        let mut columns = Self::headers_of(table);
        for (col, key) in columns.keys().iter().enumerate() {
            match header_of(key) {
                Some(Header::Field(field)) => {
                    columns.index[field.index()].get_or_insert(col);
                    columns.shown.push(col);
                }
                Some(Header::Shown) => columns.shown.push(col),
                None => {}
            }
        }
        columns
    }

    /// Puts `field` in column `col`, as a saved column mapping says.
    pub fn map(&mut self, field: F, col: usize) {
        self.index[field.index()] = Some(col);
        self.shown.push(col);
        self.shown.sort_unstable();
    }

    /// The headers as `text::header_key`s, by column.
    pub fn keys(&self) -> Vec<String> {
        self.headers.iter().map(|h| text::header_key(h)).collect()
    }

    /// The 0-based column the field was found in; `None` when the file lacks it.
    pub fn column(&self, field: F) -> Option<usize> {
        self.index[field.index()]
    }

    /// Whether the file has a column for the field.
    pub fn has(&self, field: F) -> bool {
        self.column(field).is_some()
    }

    /// The field's cell in the table's current row; `Empty` when the file lacks the column.
    pub fn get<'t>(&self, table: &'t impl Table, field: F) -> Cell<'t> {
        self.column(field).map_or(Cell::Empty, |col| table.cell(col))
    }

    /// The field's cell as trimmed text.
    pub fn text(&self, table: &impl Table, field: F) -> String {
        self.get(table, field).as_text().into_owned()
    }

    /// The header of the field's column, as the file writes it.
    pub fn header(&self, field: F) -> &str {
        self.column(field).and_then(|col| self.headers.get(col)).map_or(field.fallback_header(), String::as_str)
    }

    /// The column after the last one read: a row shorter than this was cut.
    pub fn needed_width(&self) -> usize {
        self.index.iter().flatten().max().map_or(0, |&col| col + 1)
    }

    /// The row's harmless cells, for a kept-aside row.
    pub fn raw(&self, table: &impl Table) -> String {
        let cells: Vec<String> = self.shown.iter().map(|&col| table.cell(col).to_string()).collect();
        cells.join(" | ")
    }
}
