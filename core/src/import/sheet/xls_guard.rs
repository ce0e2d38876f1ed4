//! Walks an xls's OLE structure and BIFF records the way calamine 0.30 will, and refuses what
//! would make calamine allocate without bound or loop: sector numbers outside the file, sector
//! chains that never end, sizes larger than the file, and cell extents no export has. Each check
//! names the calamine code it protects (`cfb.rs`, `xls.rs`).

use super::OpenError;
use crate::text::Text;

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

/// The file refused as damaged, for the reason the key `why` names.
fn damaged(why: &str) -> OpenError {
    OpenError::Damaged(Text::new(why))
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
        let start = start.ok_or_else(|| damaged("xls.sector_outside_file"))?;
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
                return Err(damaged("xls.sector_chain_loops"));
            }
            bytes.extend_from_slice(self.get(id)?);
            id = *fat.get(id as usize).ok_or_else(|| damaged("xls.sector_chain_leaves_table"))?;
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

/// Checks a whole xls file before calamine reads it: `Damaged`, saying what is wrong, where its
/// structure would make calamine allocate without bound or loop.
pub fn check(file: &[u8]) -> Result<(), OpenError> {
    let header = file.get(..512).ok_or_else(|| damaged("xls.shorter_than_header"))?;
    let field = |at| u32_at(header, at).map_or(0, |v| v as usize);
    let sector_size = match u16_at(header, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Err(damaged("xls.sector_size_invalid")),
    };
    let body = file.get(sector_size..).ok_or_else(|| damaged("xls.shorter_than_header"))?;
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
        return Err(damaged("xls.header_sizes_too_large"));
    }
    let fat = allocation_table(header, &sectors)?;
    let dir_bytes = sectors.chain(u32_at(header, 48).unwrap_or(ENDOFCHAIN), &fat, None)?;
    let entries: Vec<Entry> = dir_bytes
        .chunks(128)
        .map(|c| entry(c, sector_size))
        .collect::<Option<_>>()
        .ok_or_else(|| damaged("xls.directory_entry_cut"))?;
    let root = entries.first().ok_or_else(|| damaged("xls.no_directory"))?;
    let (mini_fat, mini_stream) = if mini_fat_len > 0 {
        if !fits(root.len, 1) {
            return Err(damaged("xls.mini_stream_too_large"));
        }
        let mini_stream = sectors.chain(root.start, &fat, Some(root.len))?;
        let mini_fat = sectors.chain(u32_at(header, 60).unwrap_or(ENDOFCHAIN), &fat, None)?;
        (words(&mini_fat).collect(), mini_stream)
    } else {
        (Vec::new(), Vec::new())
    };
    if entries.iter().any(|e| e.name == "_VBA_PROJECT_CUR") {
        return Err(damaged("xls.macros"));
    }
    let workbook = entries.iter().find(|e| e.name == "Workbook").or_else(|| entries.iter().find(|e| e.name == "Book"));
    let Some(workbook) = workbook else { return Ok(()) }; // calamine reports it missing
    let stream = if workbook.len < MINI_CUTOFF {
        Sectors { data: &mini_stream, size: 64 }.chain(workbook.start, &mini_fat, Some(workbook.len))?
    } else if fits(workbook.len, 1) {
        sectors.chain(workbook.start, &fat, Some(workbook.len))?
    } else {
        return Err(damaged("xls.workbook_stream_too_large"));
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
            return Err(damaged("xls.sector_table_loops"));
        }
        let sector = sectors.get(next)?;
        if sector.len() % 4 != 0 {
            return Err(damaged("xls.sector_table_cut"));
        }
        difat.extend(words(sector));
        next = difat.pop().ok_or_else(|| damaged("xls.sector_table_empty"))?;
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|&id| id < DIFSECT) {
        let sector = sectors.get(id)?;
        if sector.len() % 4 != 0 {
            return Err(damaged("xls.sector_table_cut"));
        }
        fat.extend(words(sector));
    }
    Ok(fat)
}

/// A 128-byte directory entry (cfb.rs `Directory::from_slice`).
fn entry(c: &[u8], sector_size: usize) -> Option<Entry> {
    let units: Vec<u16> = c.get(..64)?.chunks_exact(2).map(|u| u16::from_le_bytes([u[0], u[1]])).collect();
    let name: String = char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')).take_while(|&c| c != '\0').collect();
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
            return Err(damaged("xls.cells_beyond_sheet"));
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
        return Err(damaged("xls.sheet_size_impossible"));
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
