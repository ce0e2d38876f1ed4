//! Files made to hurt: small on disk, gigabytes unpacked. Each is refused (or read) within
//! 500 MB and 30 s, with exit 0 or 1 and a message, and no panic reaches the terminal.
//!
//! The bombs are built here without inflating anything: one chunk is deflated once, ending in a
//! full flush (the compressor forgets it), so its bytes can be repeated as often as wanted and
//! still inflate to the chunk each time; the CRC of the whole is combined from the chunk's.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use flate2::{Compress, Compression, FlushCompress};

use crate::util::{closeout, closeout_measured, path_str, slow_tests_enabled, stderr};

/// A member: `head`, then `chunk` `times` over, then `tail`.
pub(crate) struct Member<'a> {
    name: &'a str,
    head: &'a [u8],
    chunk: &'a [u8],
    times: u64,
    tail: &'a [u8],
}

impl Member<'_> {
    fn plain<'a>(name: &'a str, text: &'a [u8]) -> Member<'a> {
        Member { name, head: text, chunk: b"", times: 0, tail: b"" }
    }

    fn size(&self) -> u64 {
        (self.head.len() + self.tail.len()) as u64 + self.chunk.len() as u64 * self.times
    }
}

/// Raw deflate of `data`, ending in a full flush (`last`: in the final block instead).
fn deflate(data: &[u8], last: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 1024);
    let mut compress = Compress::new(Compression::new(6), false);
    let flush = if last { FlushCompress::Finish } else { FlushCompress::Full };
    compress.compress_vec(data, &mut out, flush).unwrap();
    assert_eq!(compress.total_in(), data.len() as u64, "the output buffer was large enough");
    out
}

/// Writes a zip of these members (deflated, sizes in the headers, no zip64: each under 4 GiB).
fn write_zip(path: &Path, members: &[Member]) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let (mut central, mut offset) = (Vec::new(), 0u64);
    for m in members {
        assert!(m.size() < u32::MAX as u64, "{} needs zip64", m.name);
        let (head, chunk, tail) = (deflate(m.head, false), deflate(m.chunk, false), deflate(m.tail, true));
        let mut crc = crc32fast::Hasher::new();
        crc.update(m.head);
        let mut chunk_crc = crc32fast::Hasher::new();
        chunk_crc.update(m.chunk);
        for _ in 0..m.times {
            crc.combine(&chunk_crc);
        }
        crc.update(m.tail);
        let crc = crc.finalize();
        let packed = (head.len() + tail.len()) as u64 + chunk.len() as u64 * m.times;
        let fields = |out: &mut Vec<u8>| {
            // Version 2.0, flags (bit 11: UTF-8 name), deflate, no time, CRC and sizes.
            for v in [20u16, 1 << 11, 8, 0, 0] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            for v in [crc, packed as u32, m.size() as u32] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            out.extend_from_slice(&(m.name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
        };
        let mut local = b"PK\x03\x04".to_vec();
        fields(&mut local);
        local.extend_from_slice(m.name.as_bytes());
        file.write_all(&local).unwrap();
        file.write_all(&head).unwrap();
        for _ in 0..m.times {
            file.write_all(&chunk).unwrap();
        }
        file.write_all(&tail).unwrap();
        central.extend_from_slice(b"PK\x01\x02\x14\x00");
        fields(&mut central);
        // Comment length, disk, internal and external attributes, then the local header's offset.
        central.extend_from_slice(&[0; 10]);
        central.extend_from_slice(&(offset as u32).to_le_bytes());
        central.extend_from_slice(m.name.as_bytes());
        offset += local.len() as u64 + packed;
    }
    let mut end = b"PK\x05\x06\0\0\0\0".to_vec();
    for v in [members.len() as u16, members.len() as u16] {
        end.extend_from_slice(&v.to_le_bytes());
    }
    end.extend_from_slice(&(central.len() as u32).to_le_bytes());
    end.extend_from_slice(&(offset as u32).to_le_bytes());
    end.extend_from_slice(&0u16.to_le_bytes());
    file.write_all(&central).unwrap();
    file.write_all(&end).unwrap();
    file.flush().unwrap();
}

const SHEET_HEAD: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
const SHEET_TAIL: &[u8] = b"</sheetData></worksheet>";

/// A workbook whose sheet is `sheet` and whose shared strings are `strings`.
pub(crate) fn write_workbook(path: &Path, sheet: Member, strings: Member) {
    let mut parts: Vec<Member> = closeout_core::fuzz_targets::WORKBOOK_PARTS
        .iter()
        .map(|&(name, xml)| Member::plain(name, xml.as_bytes()))
        .collect();
    parts.extend([strings, sheet]);
    write_zip(path, &parts);
}

pub(crate) fn sheet_of<'a>(chunk: &'a [u8], times: u64) -> Member<'a> {
    Member { name: "xl/worksheets/sheet1.xml", head: SHEET_HEAD, chunk, times, tail: SHEET_TAIL }
}

const SST_HEAD: &[u8] = br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</t></si>"#;

pub(crate) fn strings_of<'a>(chunk: &'a [u8], times: u64) -> Member<'a> {
    Member { name: "xl/sharedStrings.xml", head: SST_HEAD, chunk, times, tail: b"</sst>" }
}

/// `chunk` repeated to about `bytes`.
pub(crate) fn repeat(pattern: &[u8], bytes: usize) -> Vec<u8> {
    pattern.iter().copied().cycle().take(bytes - bytes % pattern.len()).collect()
}

/// Imports `bomb` into a new case and checks it was dealt with in bounds; returns the message.
fn import_in_bounds(dir: &Path, bomb: &Path) -> String {
    let case = dir.join("bomb.closeout");
    let _ = std::fs::remove_file(&case);
    assert!(closeout(&["new", path_str(&case), "--store", "Bomb", "--region", "CN"]).status.success());
    let started = Instant::now();
    let (out, peak) = closeout_measured(&["import", path_str(&case), path_str(bomb)]);
    let took = started.elapsed();
    let (name, err) = (bomb.file_name().unwrap().to_string_lossy().into_owned(), stderr(&out));
    let size = std::fs::metadata(bomb).unwrap().len();
    eprintln!(
        "{name}: {} KB on disk, exit {:?}, {took:.1?}, peak {} MB: {}",
        size >> 10,
        out.status.code(),
        peak >> 20,
        err.trim()
    );
    assert!(matches!(out.status.code(), Some(0 | 1)), "{name}: exit {:?}: {err}", out.status.code());
    assert!(peak < 500 << 20, "{name}: peak resident memory {} MB", peak >> 20);
    assert!(took < Duration::from_secs(30), "{name}: took {took:?}");
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{name}: {err}");
    err
}

#[test]
fn workbook_bombs_are_refused_in_bounds() {
    if !slow_tests_enabled("workbook_bombs_are_refused_in_bounds") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mib = 1 << 20;
    let empty_cells = repeat(b"<row><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/></row>", mib);
    let blank = repeat(b" ", mib);
    let long_string = repeat("长".as_bytes(), mib);
    let many_strings = repeat(b"<si><t/></si>", mib);
    let zeros = repeat(b"\0", mib);
    let one_long = [SST_HEAD, b"<si><t>"].concat();
    let bombs: [(&str, Member, Member, &str); 5] = [
        ("empty_cells.xlsx", sheet_of(&empty_cells, 4000), strings_of(b"", 0), "million cells"),
        ("whitespace.xlsx", sheet_of(&blank, 2048), strings_of(b"", 0), "longer than"),
        (
            "long_shared_string.xlsx",
            sheet_of(b"", 0),
            Member { head: &one_long, tail: b"</t></si></sst>", ..strings_of(&long_string, 1536) },
            "longer than",
        ),
        ("many_shared_strings.xlsx", sheet_of(b"", 0), strings_of(&many_strings, 260), "million shared strings"),
        ("huge_part.xlsx", sheet_of(&zeros, 2100), strings_of(b"", 0), "longer than"),
    ];
    for (name, sheet, strings, says) in bombs {
        let path = dir.path().join(name);
        write_workbook(&path, sheet, strings);
        let message = import_in_bounds(dir.path(), &path);
        assert!(message.contains(says) && message.contains("not an export Closeout knows"), "{name}: {message}");
    }
}

#[test]
fn zip_bombs_are_refused_in_bounds() {
    if !slow_tests_enabled("zip_bombs_are_refused_in_bounds") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mib = 1 << 20;
    let header = "账务流水号,发生时间,收入金额（+元）,支出金额（-元）,账户余额（元）,业务类型\n".as_bytes();
    let rows = repeat("1\t,2026-10-01 08:00:00,1.00,0.00,1.00,转账\n".as_bytes(), mib);
    let names: Vec<String> = (0..100).map(|i| format!("账务明细{i}.csv")).collect();
    let many: Vec<Member> =
        names.iter().map(|name| Member { name, head: header, chunk: &rows, times: 63, tail: b"" }).collect();
    let many_path = dir.path().join("many_members.zip");
    write_zip(&many_path, &many);
    let message = import_in_bounds(dir.path(), &many_path);
    assert!(message.contains("unpacking to more than 256 MB"), "{message}");
    let huge_path = dir.path().join("huge_member.zip");
    write_zip(&huge_path, &[Member { name: "账务明细.csv", head: header, chunk: &rows, times: 2048, tail: b"" }]);
    let message = import_in_bounds(dir.path(), &huge_path);
    assert!(message.contains("unpacks to more than 64 MB"), "{message}");
}
