//! Text files as exports arrive: the encoding sniffed from a prefix (BOM, then strict UTF-8,
//! else GB18030, docs/formats.md), then decoded incrementally so a large CSV never sits in
//! memory; and the cell trimming every importer needs (spaces, TABs, fullwidth spaces).

use std::io::{self, Read};

use encoding_rs::{CoderResult, Decoder};

/// How many bytes the encoding is judged on: enough to meet Chinese text in any real export.
pub const SNIFF_LEN: usize = 1 << 20;

/// The encodings Closeout reads text exports in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 after a byte order mark (the BOM is dropped).
    Utf8Bom,
    /// UTF-8 without a mark: the sniffed prefix read as UTF-8.
    Utf8,
    /// A superset of GBK, which "ANSI" files on Chinese Windows are.
    Gb18030,
}

impl TextEncoding {
    /// The name `FileInfo::encoding` reports (`utf-8-bom`, `utf-8`, `gb18030`).
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8Bom => "utf-8-bom",
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Gb18030 => "gb18030",
        }
    }

    fn decoder(self) -> Decoder {
        match self {
            TextEncoding::Utf8Bom => encoding_rs::UTF_8.new_decoder_with_bom_removal(),
            TextEncoding::Utf8 => encoding_rs::UTF_8.new_decoder_without_bom_handling(),
            TextEncoding::Gb18030 => encoding_rs::GB18030.new_decoder_without_bom_handling(),
        }
    }
}

/// Reads up to `limit` bytes (fewer only at the end of the source).
pub fn read_prefix<R: Read>(source: &mut R, limit: usize) -> io::Result<Vec<u8>> {
    let mut prefix = Vec::with_capacity(limit.min(64 << 10));
    source.take(limit as u64).read_to_end(&mut prefix)?;
    Ok(prefix)
}

/// BOM → strict UTF-8 → GB18030. A multi-byte character cut off at the end of the prefix (the
/// sniffing limit, or a truncated file) still counts as UTF-8: the decoder replaces it.
pub fn sniff_encoding(prefix: &[u8]) -> TextEncoding {
    if prefix.starts_with(b"\xEF\xBB\xBF") {
        return TextEncoding::Utf8Bom;
    }
    match std::str::from_utf8(prefix) {
        Ok(_) => TextEncoding::Utf8,
        Err(e) if e.error_len().is_none() => TextEncoding::Utf8,
        Err(_) => TextEncoding::Gb18030,
    }
}

/// True when the bytes start with a UTF-16 byte order mark (Excel's "Unicode Text").
pub fn is_utf16(prefix: &[u8]) -> bool {
    prefix.starts_with(b"\xFF\xFE") || prefix.starts_with(b"\xFE\xFF")
}

/// Binary content: a NUL, or more than 1% control characters. CSV text has neither, whatever
/// its encoding (GBK and UTF-8 never use bytes below 0x20 inside a character).
pub fn looks_binary(prefix: &[u8]) -> bool {
    let sample = &prefix[..prefix.len().min(64 << 10)];
    let control = sample.iter().filter(|&&b| matches!(b, 0..=8 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F)).count();
    sample.contains(&0) || control * 100 > sample.len()
}

/// Bytes in some encoding in, UTF-8 out, a buffer at a time. Malformed input (including a
/// multi-byte character cut off at the end of the file) becomes U+FFFD, never an error.
pub struct DecodingReader<R> {
    inner: R,
    decoder: Decoder,
    input: Box<[u8]>,
    input_range: (usize, usize),
    output: Box<[u8]>,
    output_range: (usize, usize),
    input_ended: bool,
    finished: bool,
    bytes_read: u64,
    cr_as_lf: bool,
}

const BUFFER_LEN: usize = 32 << 10;

impl<R: Read> DecodingReader<R> {
    /// Reads `inner` as text in `encoding`, giving UTF-8.
    pub fn new(inner: R, encoding: TextEncoding) -> Self {
        DecodingReader {
            inner,
            decoder: encoding.decoder(),
            input: vec![0; BUFFER_LEN].into_boxed_slice(),
            input_range: (0, 0),
            // Room for the worst case of one input buffer (3 UTF-8 bytes per input byte).
            output: vec![0; BUFFER_LEN * 3 + 16].into_boxed_slice(),
            output_range: (0, 0),
            input_ended: false,
            finished: false,
            bytes_read: 0,
            cr_as_lf: false,
        }
    }

    /// Turns every CR into an LF when `on`: for files whose lines end in CR alone (old Mac
    /// software), so line-counting readers see their lines.
    pub fn cr_as_lf(mut self, on: bool) -> Self {
        self.cr_as_lf = on;
        self
    }

    /// Source bytes consumed so far (for progress; runs a buffer ahead of the decoded text).
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    fn refill_input(&mut self) -> io::Result<()> {
        let n = loop {
            match self.inner.read(&mut self.input) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        self.input_range = (0, n);
        self.bytes_read += n as u64;
        self.input_ended = n == 0;
        Ok(())
    }

    /// Decodes the next piece into the (empty) output buffer.
    fn decode_more(&mut self) -> io::Result<()> {
        if self.input_range.0 == self.input_range.1 && !self.input_ended {
            self.refill_input()?;
        }
        let (start, end) = self.input_range;
        let last = self.input_ended;
        let (result, read, written, _) = self.decoder.decode_to_utf8(&self.input[start..end], &mut self.output, last);
        self.input_range.0 += read;
        self.output_range = (0, written);
        self.finished = last && result == CoderResult::InputEmpty;
        Ok(())
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.output_range.0 == self.output_range.1 {
            if self.finished || buf.is_empty() {
                return Ok(0);
            }
            self.decode_more()?;
        }
        let (start, end) = self.output_range;
        let n = buf.len().min(end - start);
        buf[..n].copy_from_slice(&self.output[start..start + n]);
        if self.cr_as_lf {
            buf[..n].iter_mut().filter(|b| **b == b'\r').for_each(|b| *b = b'\n');
        }
        self.output_range.0 += n;
        Ok(n)
    }
}

/// Padding exports put around values: spaces, TABs (after ids, so Excel keeps them as text),
/// fullwidth and no-break spaces, and line breaks around a multi-line cell's text.
fn is_padding(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\r' | '\n')
}

/// A cell without its padding.
pub fn trim_cell(s: &str) -> &str {
    s.trim_matches(is_padding)
}

/// A cell that holds nothing: blank, padding, or a placeholder (`/`, `-`, `--`).
pub fn is_blank(s: &str) -> bool {
    matches!(trim_cell(s), "" | "/" | "-" | "--")
}

/// A header reduced for comparison: no whitespace at all (headers break lines and pad),
/// fullwidth forms as ASCII (`（` → `(`, `：` → `:`), ASCII lower case.
pub fn header_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `bytes` through the incremental reader, in reads of `chunk` bytes.
    fn decode(bytes: &[u8], chunk: usize) -> (TextEncoding, String) {
        let encoding = sniff_encoding(bytes);
        let mut reader = DecodingReader::new(bytes, encoding);
        let mut out = Vec::new();
        let mut buf = vec![0; chunk];
        loop {
            let n = reader.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        assert_eq!(reader.bytes_read(), bytes.len() as u64);
        (encoding, String::from_utf8(out).expect("the reader yields UTF-8"))
    }

    fn check(bytes: &[u8], encoding: TextEncoding, text: &str) {
        for chunk in [1, 3, 4096] {
            assert_eq!(decode(bytes, chunk), (encoding, text.to_owned()), "{bytes:?} read {chunk} at a time");
        }
    }

    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GB18030.encode(s).0.into_owned()
    }

    #[test]
    fn utf8_without_bom() {
        check("订单号,订单状态\r\n".as_bytes(), TextEncoding::Utf8, "订单号,订单状态\r\n");
    }

    #[test]
    fn utf8_bom_is_removed() {
        check("\u{feff}订单号".as_bytes(), TextEncoding::Utf8Bom, "订单号");
    }

    #[test]
    fn gbk_bytes_decode_as_gb18030() {
        check(&gbk("订单号,等待您发货\n"), TextEncoding::Gb18030, "订单号,等待您发货\n");
    }

    #[test]
    fn ascii_is_utf8() {
        check(b"a,b\n", TextEncoding::Utf8, "a,b\n");
    }

    #[test]
    fn empty_input_decodes_to_nothing() {
        check(b"", TextEncoding::Utf8, "");
    }

    #[test]
    fn utf8_cut_inside_a_character_is_still_utf8_and_ends_in_a_replacement() {
        let bytes = &"订单号".as_bytes()[..8];
        check(bytes, TextEncoding::Utf8, "订单\u{fffd}");
    }

    #[test]
    fn gbk_cut_inside_a_character_ends_in_a_replacement() {
        let mut bytes = gbk("订单号");
        bytes.push(0xB6); // the first byte of 订
        check(&bytes, TextEncoding::Gb18030, "订单号\u{fffd}");
    }

    #[test]
    fn invalid_bytes_after_the_sniffed_prefix_are_replaced() {
        let encoding = TextEncoding::Utf8;
        let mut reader = DecodingReader::new(&b"ok\xFFok"[..], encoding);
        let mut out = String::new();
        reader.read_to_string(&mut out).unwrap();
        assert_eq!(out, "ok\u{fffd}ok");
    }

    #[test]
    fn cr_line_ends_can_become_lf() {
        let mut out = String::new();
        DecodingReader::new(&b"a\rb\r"[..], TextEncoding::Utf8).cr_as_lf(true).read_to_string(&mut out).unwrap();
        assert_eq!(out, "a\nb\n");
    }

    #[test]
    fn long_input_crosses_buffer_boundaries_intact() {
        let text = "等待买家收货,CN￥ 1,234.50\n".repeat(5000);
        check(text.as_bytes(), TextEncoding::Utf8, &text);
        check(&gbk(&text), TextEncoding::Gb18030, &text);
    }

    #[test]
    fn read_prefix_stops_at_the_limit() {
        let mut src = &b"abcdef"[..];
        assert_eq!(read_prefix(&mut src, 4).unwrap(), b"abcd");
        assert_eq!(src, b"ef");
    }

    #[test]
    fn binary_is_told_from_text() {
        assert!(looks_binary(b"PK\x03\x04\x14\x00"));
        assert!(looks_binary(&[0x01, 0x02, 0x03, b'a']));
        assert!(!looks_binary("订单号,订单状态\r\n\t3031265788145237\t".as_bytes()));
        assert!(!looks_binary(&gbk("订单号,订单状态")));
        assert!(is_utf16(b"\xFF\xFEa\x00"));
    }

    #[test]
    fn trimming_removes_spaces_tabs_and_fullwidth_spaces() {
        assert_eq!(trim_cell(" \t3031265788145237\t "), "3031265788145237");
        assert_eq!(trim_cell("\u{3000}交易完成\u{a0}"), "交易完成");
        assert_eq!(trim_cell("a b"), "a b");
        assert_eq!(trim_cell("交易完成\r"), "交易完成");
        assert!(is_blank("   \t") && is_blank(" / ") && is_blank("--") && is_blank("\r\n"));
        assert!(!is_blank("0"));
    }

    #[test]
    fn header_keys_ignore_line_breaks_padding_and_fullwidth_forms() {
        assert_eq!(header_key("产品信息\n（双击单元格展开所有产品信息！）"), "产品信息(双击单元格展开所有产品信息!)");
        assert_eq!(header_key(" 订单号\t"), "订单号");
        assert_eq!(header_key("Order No."), "orderno.");
        assert_eq!(header_key("实际发货物流：运单号"), "实际发货物流:运单号");
    }
}
