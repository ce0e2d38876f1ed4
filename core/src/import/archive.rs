//! Zips as Alipay delivers statements (docs/formats.md): the business ledger's
//! `csv.zip` (summary member first, member names in GBK without the UTF-8 flag) and the
//! personal statement's AES-encrypted zip. The summary (汇总) is skipped; every other member
//! must be a file Closeout reads, all of one format, and is read as if imported on its own.
//!
//! A workbook (xlsx) is a zip too: only a zip without a workbook part comes here.

use std::io::{Cursor, Read, Seek, SeekFrom};

use zip::result::ZipError;
use zip::ZipArchive;

use super::budget::Overrun;
use super::panics;
use super::{FileInfo, Progress, ReadOptions, Record, Rejected, RowProblem};
use crate::text::Text;

/// A statement is a few MB at most; a member unpacking to more is not one (or is a zip bomb).
/// Members are read into memory one at a time, so this also bounds what a zip can cost; and
/// all of them together unpack to `MAX_ARCHIVE_BYTES` at most, so a zip of many members takes
/// seconds, not minutes.
const MAX_MEMBER_BYTES: u64 = 64 << 20;
const MAX_ARCHIVE_BYTES: u64 = 256 << 20;
const MAX_MEMBERS: usize = 100;

/// What to import instead of a zip that is not one Alipay sent.
fn zip_advice() -> Text {
    Text::new("advice.zip")
}

/// True for a zip archive that holds no workbook. The source is left at its start.
pub(super) fn is_archive<R: Read + Seek>(source: &mut R) -> std::io::Result<bool> {
    source.seek(SeekFrom::Start(0))?;
    let mut magic = [0u8; 4];
    let read = source.read(&mut magic)?;
    source.seek(SeekFrom::Start(0))?;
    if read < 4 || &magic != b"PK\x03\x04" {
        return Ok(false);
    }
    let opened = panics::caught(|| ZipArchive::new(&mut *source).map(|a| is_workbook(&a)));
    source.seek(SeekFrom::Start(0))?;
    // A zip the zip reader cannot open goes on as a (damaged) workbook, which says so.
    Ok(matches!(opened, Some(Ok(false))))
}

fn is_workbook<R: Read + Seek>(archive: &ZipArchive<R>) -> bool {
    archive.file_names().any(|name| name == "[Content_Types].xml" || name.starts_with("xl/"))
}

/// Reads every statement member of a zip, in the zip's order, one member in memory at a time.
pub(super) fn read_archive<R: Read + Seek>(
    source: R,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Result<super::Record, RowProblem>),
    progress: Progress,
) -> Result<FileInfo, Rejected> {
    let mut archive = Members::open(source, options.password.as_deref())?;
    let mut summaries = 0;
    let mut merged: Option<FileInfo> = None;
    while let Some(member) = archive.next()? {
        if member.is_summary() {
            summaries += 1;
            continue;
        }
        let info = read_member(member, archive.several, options, sink, progress)?;
        merged = Some(match merged {
            None => info,
            Some(first) if first.format != info.format => {
                return Err(Rejected::new(
                    Text::new("refusal.zip_mixed").with("first", first.format).with("second", info.format),
                    Text::new("advice.unzip_each"),
                ))
            }
            Some(first) => FileInfo {
                period_start: first.period_start.min(info.period_start).or(first.period_start).or(info.period_start),
                period_end: first.period_end.max(info.period_end),
                ..first
            },
        });
    }
    merged.ok_or_else(|| {
        if summaries == 0 {
            Rejected::new(Text::new("refusal.zip_empty"), zip_advice())
        } else {
            Rejected::new(Text::new("refusal.zip_only_summary"), Text::new("advice.zip_only_summary"))
        }
    })
}

/// Reads one member as if it were imported on its own; with several, each problem names it.
fn read_member(
    member: Member,
    several: bool,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Result<super::Record, RowProblem>),
    progress: Progress,
) -> Result<FileInfo, Rejected> {
    let name = member.name;
    super::read_table_file(
        Cursor::new(member.bytes),
        options,
        &mut |row: Result<Record, RowProblem>| {
            sink(row.map_err(|mut problem| {
                if several {
                    problem.reason =
                        Box::new(Text::new("row.in_member").with("member", &name).with_text("reason", *problem.reason));
                }
                problem
            }))
        },
        progress,
    )
    .map_err(|rejected| Rejected {
        looks_like: Box::new(
            Text::new("refusal.zip_member").with("name", &name).with_text("inner", *rejected.looks_like),
        ),
        ..rejected
    })
}

struct Member {
    name: String,
    bytes: Vec<u8>,
}

impl Member {
    /// The ledger's summary: named `…(汇总).csv`, starting `#支付宝账务汇总查询`.
    fn is_summary(&self) -> bool {
        let head = &self.bytes[..self.bytes.len().min(256)];
        let (text, _, _) = encoding_rs::GB18030.decode(head);
        let (utf8, _, _) = encoding_rs::UTF_8.decode(head);
        self.name.contains("汇总") || text.contains("账务汇总") || utf8.contains("账务汇总")
    }
}

/// A zip's file members, unpacked one at a time within the budgets above.
struct Members<'p, R: Read + Seek> {
    archive: ZipArchive<R>,
    password: Option<&'p str>,
    next: usize,
    /// Bytes all members may still unpack to.
    left: u64,
    /// More than one member that is not a summary by its name: problems name their member.
    several: bool,
}

impl<'p, R: Read + Seek> Members<'p, R> {
    fn open(source: R, password: Option<&'p str>) -> Result<Self, Rejected> {
        let mut archive = panics::caught(|| ZipArchive::new(source))
            .ok_or_else(|| damaged(Text::new("refusal.structure_broken")))?
            .map_err(|e| damaged(Text::verbatim(e.to_string())))?;
        if archive.len() > MAX_MEMBERS {
            return Err(Rejected::new(Text::new("refusal.zip_many").with("files", archive.len()), zip_advice()));
        }
        // The sizes a zip declares can lie (reading is bounded anyway), but a bomb that tells
        // the truth is refused before anything is unpacked.
        let mut declared = 0u64;
        for i in 0..archive.len() {
            let Ok(member) = archive.by_index_raw(i) else { continue };
            let (name, size) = (member_name(member.name_raw()), member.size());
            if size > MAX_MEMBER_BYTES {
                return Err(member_too_large(&name));
            }
            declared += size;
        }
        if declared > MAX_ARCHIVE_BYTES {
            return Err(archive_too_large());
        }
        let details = archive.file_names().filter(|name| !name.ends_with('/') && !name.contains("汇总")).count();
        Ok(Members { archive, password, next: 0, left: MAX_ARCHIVE_BYTES, several: details > 1 })
    }

    /// The next file member, unpacked; `None` after the last.
    fn next(&mut self) -> Result<Option<Member>, Rejected> {
        while self.next < self.archive.len() {
            let i = self.next;
            self.next += 1;
            let unpacked = panics::caught(|| self.unpack(i))
                .unwrap_or_else(|| Err(damaged(Text::new("refusal.structure_broken"))));
            if let Some(member) = unpacked? {
                return Ok(Some(member));
            }
        }
        Ok(None)
    }

    /// Member `i`'s name and bytes; `None` for a folder.
    fn unpack(&mut self, i: usize) -> Result<Option<Member>, Rejected> {
        let (name, encrypted, is_dir) = {
            let raw = self.archive.by_index_raw(i).map_err(|e| damaged(Text::verbatim(e.to_string())))?;
            (member_name(raw.name_raw()), raw.encrypted(), raw.is_dir())
        };
        if is_dir {
            return Ok(None);
        }
        let file = match (encrypted, self.password) {
            (true, None) => return Err(needs_password("refusal.zip_encrypted", "advice.needs_password")),
            (true, Some(password)) => self.archive.by_index_decrypt(i, password.as_bytes()),
            (false, _) => self.archive.by_index(i),
        };
        let file = file.map_err(|e| match e {
            ZipError::InvalidPassword => wrong_password(),
            ZipError::UnsupportedArchive(what) => {
                Rejected::new(Text::new("refusal.zip_unsupported").with("what", what), zip_advice())
            }
            other => damaged(Text::verbatim(other.to_string())),
        })?;
        let allowed = MAX_MEMBER_BYTES.min(self.left);
        let mut bytes = Vec::new();
        match file.take(allowed + 1).read_to_end(&mut bytes) {
            // A wrong password passes the old ZipCrypto check one time in 256; the data's
            // checksum then fails.
            Err(_) if encrypted => return Err(wrong_password()),
            Err(e) => return Err(super::table::unreadable_io(e)),
            Ok(_) if bytes.len() as u64 > allowed => {
                return Err(if allowed == self.left { archive_too_large() } else { member_too_large(&name) })
            }
            Ok(_) => {}
        }
        self.left -= bytes.len() as u64;
        Ok(Some(Member { name, bytes }))
    }
}

/// Member names are UTF-8 when flagged so, else (Chinese Windows zips) GBK bytes.
fn member_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(name) => name.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(raw).0.into_owned(),
    }
}

fn member_too_large(name: &str) -> Rejected {
    Overrun(Text::new("overrun.zip_member").with("name", name).with("mb", MAX_MEMBER_BYTES >> 20))
        .rejected(zip_advice())
}

fn archive_too_large() -> Rejected {
    Overrun(Text::new("overrun.zip").with("mb", MAX_ARCHIVE_BYTES >> 20)).rejected(zip_advice())
}

fn damaged(why: Text) -> Rejected {
    Rejected::new(Text::new("refusal.zip_damaged").with_text("why", why), zip_advice())
}

/// An encrypted zip refused for its password: what it looks like and why (catalogue keys).
fn needs_password(looks_like: &str, why: &str) -> Rejected {
    Rejected {
        needs_password: true,
        ..Rejected::new(Text::new(looks_like), Text::new("advice.give_password").with_text("why", Text::new(why)))
    }
}

fn wrong_password() -> Rejected {
    needs_password("refusal.zip_wrong_password", "advice.wrong_password")
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;
    use zip::AesMode;

    use super::*;
    use crate::import::{Format, Record};
    use crate::model::Currency;

    const LEDGER: &str = "账务流水号,发生时间,收入金额（+元）,支出金额（-元）,账户余额（元）,业务类型\n1\t,2026-10-01 08:00:00,1.00,0.00,1.00,转账\n";

    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GB18030.encode(s).0.into_owned()
    }

    /// A zip of (name, bytes, password) members, written by the zip crate.
    fn zip_of(members: &[(&str, &[u8], Option<&str>)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes, password) in members {
            let options = SimpleFileOptions::default();
            let options = match password {
                Some(p) => options.with_aes_encryption(AesMode::Aes256, p),
                None => options,
            };
            writer.start_file(*name, options).unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn read(bytes: &[u8], password: Option<&str>) -> (Result<FileInfo, Rejected>, Vec<Result<Record, RowProblem>>) {
        let options = ReadOptions { password: password.map(str::to_owned), ..ReadOptions::new(Currency::CNY) };
        let mut rows = Vec::new();
        let info =
            super::super::read_file(Cursor::new(bytes.to_vec()), &options, &mut |r| rows.push(r), &mut |_, _| {});
        (info, rows)
    }

    #[test]
    fn the_summary_member_is_skipped_and_the_detail_read() {
        let zip = zip_of(&[
            ("x_账务明细(汇总).csv", &gbk("#支付宝账务汇总查询\n"), None),
            ("x_账务明细.csv", &gbk(LEDGER), None),
        ]);
        let (info, rows) = read(&zip, None);
        assert_eq!(info.unwrap().format, Format::AlipayLedger);
        assert_eq!(rows.len(), 1);
        let only_summary = zip_of(&[("x_账务明细(汇总).csv", &gbk("#支付宝账务汇总查询\n"), None)]);
        assert!(read(&only_summary, None).0.unwrap_err().looks_like.to_string().contains("only the summary"));
    }

    #[test]
    fn an_encrypted_zip_needs_its_password() {
        let zip = zip_of(&[("支付宝交易明细(20260901-20261031).csv", LEDGER.as_bytes(), Some("s3cret"))]);
        let (rejected, rows) = read(&zip, None);
        let rejected = rejected.unwrap_err();
        assert!(rejected.needs_password && rows.is_empty(), "{rejected}");
        assert!(rejected.to_string().contains("password"));
        let (wrong, rows) = read(&zip, Some("guess"));
        assert!(wrong.unwrap_err().needs_password && rows.is_empty());
        let (info, rows) = read(&zip, Some("s3cret"));
        assert_eq!((info.unwrap().format, rows.len()), (Format::AlipayLedger, 1));
    }

    #[test]
    fn members_that_are_not_statements_reject_the_zip() {
        let zip = zip_of(&[("a.csv", &gbk(LEDGER), None), ("readme.txt", b"hello", None)]);
        let (rejected, _) = read(&zip, None);
        assert!(rejected.unwrap_err().looks_like.to_string().starts_with("a zip archive whose member readme.txt is"));
        let mixed =
            zip_of(&[("a.csv", &gbk(LEDGER), None), ("b.csv", "订单号,订单状态\n1,交易完成\n".as_bytes(), None)]);
        assert!(read(&mixed, None).0.unwrap_err().looks_like.to_string().starts_with("a zip archive mixing"));
        assert!(read(&zip_of(&[]), None).0.is_err());
    }

    #[test]
    fn gbk_member_names_are_decoded() {
        assert_eq!(member_name(&gbk("账务明细(汇总).csv")), "账务明细(汇总).csv");
        assert_eq!(member_name("a.csv".as_bytes()), "a.csv");
    }
}
