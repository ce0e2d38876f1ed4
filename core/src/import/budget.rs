//! What one file may unpack to, whatever its size on disk. A workbook is a zip of XML parts and
//! calamine trusts them: it holds every shared string in memory, and its XML reader buffers a
//! text run or a tag whole, so a 2 MB file can unpack to gigabytes of one whitespace run. Each
//! part is scanned here first, as it inflates, in a fixed amount of memory, and a workbook that
//! goes beyond what any real export comes near is refused before calamine reads it.
//!
//! The bounds, and why (a real 1M-row order export with 27 columns of inline text is about
//! 1.5 GB of sheet XML; Excel itself stops at 1,048,576 rows and 16,384 columns):
//! - a sheet part inflates to 2 GiB at most, any other part to 64 MiB, shared strings to 256 MiB,
//!   the whole workbook to 2.5 GiB, in 1,000 parts at most;
//! - 32M cells in a sheet (1,048,576 rows of 32 columns; an order export has 27), 16,384 in a
//!   row;
//! - 4M shared strings (calamine keeps each as a `String`: about 200 MB at most);
//! - a text run or a tag of 1 MiB (Excel holds 32,767 characters in a cell), elements nested
//!   64 deep (a sheet nests 7).

use std::io::{Read, Seek, SeekFrom};

use zip::ZipArchive;

use super::panics;
use super::Rejected;
use crate::text::Text;

const MIB: u64 = 1 << 20;
const SHEET_PART_BYTES: u64 = 2048 * MIB;
const OTHER_PART_BYTES: u64 = 64 * MIB;
const SHARED_STRINGS_BYTES: u64 = 256 * MIB;
const WORKBOOK_BYTES: u64 = 2560 * MIB;
const WORKBOOK_PARTS: usize = 1000;
const SHEET_CELLS: u64 = 32 << 20;
const ROW_CELLS: u64 = 16_384;
const SHARED_STRINGS: u64 = 4 << 20;
const RUN_BYTES: u64 = MIB;
const DEPTH: u32 = 64;

/// A bound a file went beyond: what, in a few words ("its sheet xl/worksheets/sheet1.xml
/// unpacks to more than 2048 MB").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overrun(pub Text);

impl Overrun {
    /// The refusal: not an export Closeout knows, whatever it claims to be.
    pub fn rejected(self, advice: Text) -> Rejected {
        Rejected {
            refused_as: Some(super::RefusedAs::BeyondLimits),
            ..Rejected::new(Text::new("refusal.beyond_limits").with_text("what", self.0), advice)
        }
    }
}

/// Scans every XML part of a workbook (a zip), within the bounds above. The source is left at
/// its start. A zip the zip reader cannot open passes: calamine then says it is damaged.
pub(super) fn check_workbook<R: Read + Seek>(source: &mut R) -> Result<(), Overrun> {
    let scanned = panics::caught(|| scan_workbook(&mut *source)).unwrap_or(Ok(()));
    source.seek(SeekFrom::Start(0)).map_err(|e| Overrun(Text::verbatim(e.to_string())))?;
    scanned
}

fn scan_workbook<R: Read + Seek>(source: R) -> Result<(), Overrun> {
    let Ok(mut archive) = ZipArchive::new(source) else { return Ok(()) };
    if archive.len() > WORKBOOK_PARTS {
        return Err(Overrun(Text::new("overrun.parts").with("parts", archive.len())));
    }
    let mut left = WORKBOOK_BYTES;
    let mut chunk = vec![0u8; 64 << 10];
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index(i) else { return Ok(()) };
        let name = part.name().to_owned();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let limits = Limits::of(&name);
        let mut scan = XmlScan::new(&name, limits);
        let mut part = part.take(limits.bytes.min(left) + 1);
        loop {
            match part.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => scan.feed(&chunk[..n])?,
                // Damage, not size: calamine reads the part again and says what is wrong.
                Err(_) => return Ok(()),
            }
        }
        if scan.bytes > limits.bytes.min(left) {
            return Err(if scan.bytes > left {
                Overrun(Text::new("overrun.workbook").with("mb", WORKBOOK_BYTES / MIB))
            } else {
                Overrun(Text::new("overrun.part").with("part", &name).with("mb", limits.bytes / MIB))
            });
        }
        left -= scan.bytes;
    }
    Ok(())
}

/// The bounds of one part, by what it is.
#[derive(Debug, Clone, Copy)]
struct Limits {
    bytes: u64,
    counts: Counts,
}

/// The elements a part holds that are counted against a bound of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Counts {
    Nothing,
    /// `c` in a sheet, in all and per `row`.
    Cells,
    /// `si` in the shared strings.
    SharedStrings,
}

impl Counts {
    /// The element's local name, its bound and what a message calls it.
    fn element(self) -> Option<(&'static [u8], u64, &'static str)> {
        match self {
            Counts::Nothing => None,
            Counts::Cells => Some((b"c", SHEET_CELLS, "cells")),
            Counts::SharedStrings => Some((b"si", SHARED_STRINGS, "shared_strings")),
        }
    }
}

impl Limits {
    fn of(name: &str) -> Limits {
        if name.starts_with("xl/worksheets/") && !name.contains("_rels") {
            Limits { bytes: SHEET_PART_BYTES, counts: Counts::Cells }
        } else if name.eq_ignore_ascii_case("xl/sharedStrings.xml") {
            Limits { bytes: SHARED_STRINGS_BYTES, counts: Counts::SharedStrings }
        } else {
            Limits { bytes: OTHER_PART_BYTES, counts: Counts::Nothing }
        }
    }
}

/// A byte-level walk over XML, good enough to bound it (not to parse it): runs between tags,
/// tag lengths, nesting, and how many elements of one name there are.
struct XmlScan<'a> {
    part: &'a str,
    limits: Limits,
    bytes: u64,
    in_tag: bool,
    /// Bytes of the current text run or tag.
    run: u64,
    /// The start of the current tag's name (with its `/`, `?` or `!`), and whether it is
    /// still being read.
    name: [u8; 16],
    name_len: usize,
    naming: bool,
    /// The tag's last byte before `>`: `/` for an element that closes itself.
    last: u8,
    depth: u32,
    counted: u64,
    row_cells: u64,
}

impl<'a> XmlScan<'a> {
    fn new(part: &'a str, limits: Limits) -> XmlScan<'a> {
        XmlScan {
            part,
            limits,
            bytes: 0,
            in_tag: false,
            run: 0,
            name: [0; 16],
            name_len: 0,
            naming: false,
            last: 0,
            depth: 0,
            counted: 0,
            row_cells: 0,
        }
    }

    fn feed(&mut self, mut chunk: &[u8]) -> Result<(), Overrun> {
        self.bytes += chunk.len() as u64;
        while !chunk.is_empty() {
            let stop = if self.in_tag { b'>' } else { b'<' };
            let found = memchr::memchr(stop, chunk);
            let span = &chunk[..found.unwrap_or(chunk.len())];
            self.run += span.len() as u64;
            if self.run > RUN_BYTES {
                let key = if self.in_tag { "overrun.tag" } else { "overrun.text" };
                return Err(Overrun(Text::new(key).with("part", self.part).with("mb", RUN_BYTES / MIB)));
            }
            if self.in_tag {
                self.read_name(span);
                if let Some(&last) = span.last() {
                    self.last = last;
                }
            }
            let Some(at) = found else { break };
            if self.in_tag {
                self.end_tag()?;
            } else {
                (self.name_len, self.naming, self.last) = (0, true, 0);
            }
            self.in_tag = !self.in_tag;
            self.run = 0;
            chunk = &chunk[at + 1..];
        }
        Ok(())
    }

    fn read_name(&mut self, span: &[u8]) {
        for &b in span {
            let first = self.name_len == 0 && matches!(b, b'/' | b'?' | b'!');
            if !self.naming
                || !(first || b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-' | b'.'))
                || self.name_len == self.name.len()
            {
                self.naming = false;
                return;
            }
            self.name[self.name_len] = b;
            self.name_len += 1;
        }
    }

    fn end_tag(&mut self) -> Result<(), Overrun> {
        let (buf, len) = (self.name, self.name_len);
        let name = &buf[..len];
        match name.first() {
            Some(b'?' | b'!') => {}
            Some(b'/') => self.depth = self.depth.saturating_sub(1),
            _ => {
                if self.last != b'/' {
                    self.depth += 1;
                    if self.depth > DEPTH {
                        return Err(Overrun(Text::new("overrun.depth").with("part", self.part).with("depth", DEPTH)));
                    }
                }
                // A prefix (`x:c`) does not change what an element is.
                let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
                if local == b"row" {
                    self.row_cells = 0;
                } else if let Some((element, limit, noun)) = self.limits.counts.element() {
                    if local == element {
                        self.count_one(limit, noun)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn count_one(&mut self, limit: u64, noun: &str) -> Result<(), Overrun> {
        self.counted += 1;
        if self.counted > limit {
            return Err(Overrun(
                Text::new(format!("overrun.{noun}")).with("millions", limit >> 20).with("part", self.part),
            ));
        }
        if self.limits.counts == Counts::Cells {
            self.row_cells += 1;
            if self.row_cells > ROW_CELLS {
                return Err(Overrun(Text::new("overrun.row").with("cells", ROW_CELLS).with("part", self.part)));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scans `xml` as part `part`, fed in chunks of `chunk` bytes (bounds are met across them).
    fn scan(part: &str, xml: &str, chunk: usize) -> Result<(u64, u32), Overrun> {
        let mut scan = XmlScan::new(part, Limits::of(part));
        for piece in xml.as_bytes().chunks(chunk) {
            scan.feed(piece)?;
        }
        Ok((scan.counted, scan.depth))
    }

    const SHEET: &str = "xl/worksheets/sheet1.xml";

    #[test]
    fn cells_strings_and_nesting_are_counted_across_chunks() {
        let sheet = r#"<?xml version="1.0"?><x:worksheet><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c/><cell/></x:row></x:sheetData></x:worksheet>"#;
        for chunk in [1, 3, 7, 1 << 16] {
            assert_eq!(scan(SHEET, sheet, chunk), Ok((2, 0)), "chunks of {chunk}");
        }
        assert_eq!(scan("xl/sharedStrings.xml", "<sst><si><t>a</t></si><si/><sheet/>", 2), Ok((2, 1)));
        // Other parts count nothing.
        assert_eq!(scan("xl/styles.xml", "<styleSheet><c/></styleSheet>", 5), Ok((0, 0)));
    }

    #[test]
    fn beyond_a_bound_is_an_overrun_that_names_it() {
        let deep = "<a>".repeat(DEPTH as usize + 1);
        assert!(scan("xl/workbook.xml", &deep, 64).unwrap_err().0.to_string().contains("nested more than 64 deep"));
        let wide = format!("<row>{}</row>", "<c/>".repeat(ROW_CELLS as usize + 1));
        assert!(scan(SHEET, &wide, 4096).unwrap_err().0.to_string().contains("a row of more than 16384 cells"));
        let rows = format!("<row>{}</row>", "<c/>".repeat(ROW_CELLS as usize)).repeat(2);
        assert_eq!(scan(SHEET, &rows, 4096), Ok((2 * ROW_CELLS, 0)));
        let run = " ".repeat(RUN_BYTES as usize + 1);
        assert!(scan(SHEET, &format!("<a>{run}</a>"), 1 << 16)
            .unwrap_err()
            .0
            .to_string()
            .contains("a text in xl/worksheets/sheet1.xml"));
        assert!(scan(SHEET, &format!("<a b=\"{run}\"/>"), 1 << 16).unwrap_err().0.to_string().contains("a tag in"));
    }

    #[test]
    fn a_workbook_within_bounds_passes_and_the_source_is_rewound() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/samples/订单.xlsx");
        let mut file = std::fs::File::open(path).unwrap();
        assert_eq!(check_workbook(&mut file), Ok(()));
        assert_eq!(file.stream_position().unwrap(), 0);
        // Not a zip at all: calamine says what is wrong with it.
        assert_eq!(check_workbook(&mut std::io::Cursor::new(b"PK\x03\x04junk".to_vec())), Ok(()));
    }

    #[test]
    fn an_overrun_is_refused_as_beyond_limits() {
        let rejected = Overrun(Text::new("overrun.row").with("cells", 16384).with("part", "x"))
            .rejected(Text::new("advice.download_again"));
        assert_eq!(rejected.refused_as, Some(crate::import::RefusedAs::BeyondLimits));
        assert!(rejected.looks_like.to_string().contains("not an export Closeout knows"), "{}", rejected.looks_like);
    }
}
