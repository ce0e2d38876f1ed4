//! Evidence behind an answer: files the seller attaches to an attestation, a recorded order
//! action or an entered balance (a Seller Center screenshot, the platform's e-mail, the bank's
//! receipt). The bytes live inside the case, stored once per sha256 however often they are
//! attached; what a file is comes from its first bytes, never its name, and markup (SVG, HTML)
//! is refused, so nothing attached can ever be rendered as a page.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{now_text, Case, Undo};
use crate::error::{Error, Result};
use crate::text::Text;

/// The largest file one attachment may be: a phone's screenshot is 1–5 MB, a bank's PDF receipt
/// far less.
pub const MAX_ATTACHMENT_BYTES: u64 = 10 * MIB;
/// What all of a case's attachments together may take, so the case stays a file people can
/// copy and send.
pub const MAX_CASE_ATTACHMENT_BYTES: u64 = 50 * MIB;
const MIB: u64 = 1024 * 1024;
/// Longest file name kept, in characters.
const MAX_NAME_CHARS: usize = 120;

/// What an attachment is evidence for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// The answer in force for a rule (its id).
    Rule(String),
    /// What the seller recorded doing with an order (its number).
    Order(String),
    /// A balance read off the fund overview (its row in `balance_snapshots`).
    Balance(i64),
}

impl Subject {
    /// `rule`, `order` or `balance`: the kind as stored and as the CLI and IPC name it.
    pub fn kind(&self) -> &'static str {
        match self {
            Subject::Rule(_) => "rule",
            Subject::Order(_) => "order",
            Subject::Balance(_) => "balance",
        }
    }

    /// The rule id, order number or balance id, as text.
    pub fn key(&self) -> String {
        match self {
            Subject::Rule(id) | Subject::Order(id) => id.clone(),
            Subject::Balance(id) => id.to_string(),
        }
    }

    /// A subject from its kind and key, as the window sends them.
    pub fn named(kind: &str, key: &str) -> Result<Subject> {
        let key = key.trim();
        match kind {
            "rule" => Ok(Subject::Rule(key.to_owned())),
            "order" => Ok(Subject::Order(key.to_owned())),
            "balance" => key
                .parse()
                .map(Subject::Balance)
                .map_err(|_| Error::invalid(Text::new("input.no_such_balance").with("value", key))),
            other => Err(Error::invalid(Text::new("input.attachment_subject").with("value", other))),
        }
    }
}

/// The kinds of file an attachment may be, told apart by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaType {
    /// A PNG picture (what screenshot tools save).
    Png,
    /// A JPEG photo.
    Jpeg,
    /// A WebP picture (what browsers often save).
    Webp,
    /// A PDF document (a bank's receipt).
    Pdf,
    /// An e-mail saved as a file (RFC 5322, `.eml`).
    Email,
}

impl MediaType {
    /// Its MIME type, as stored and as the report and pack list it.
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Png => "image/png",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Webp => "image/webp",
            MediaType::Pdf => "application/pdf",
            MediaType::Email => "message/rfc822",
        }
    }

    /// The file name extension that opens it as what it is, whatever name it came with.
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Png => "png",
            MediaType::Jpeg => "jpg",
            MediaType::Webp => "webp",
            MediaType::Pdf => "pdf",
            MediaType::Email => "eml",
        }
    }

    /// Whether it is a picture a thumbnail can be drawn from.
    pub fn is_image(self) -> bool {
        matches!(self, MediaType::Png | MediaType::Jpeg | MediaType::Webp)
    }

    fn from_mime(mime: &str) -> Option<MediaType> {
        [MediaType::Png, MediaType::Jpeg, MediaType::Webp, MediaType::Pdf, MediaType::Email]
            .into_iter()
            .find(|m| m.mime() == mime)
    }
}

/// What a file is, from its first bytes; why not, as a message naming the file, when it is none
/// of `MediaType` (markup named as such: it is never shown, only refused).
pub fn sniff(name: &str, bytes: &[u8]) -> std::result::Result<MediaType, Text> {
    let refuse = |key: &str| Err(Text::new(key).with("name", name));
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(MediaType::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(MediaType::Jpeg);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(MediaType::Webp);
    }
    if bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && [&b"heic"[..], b"heix", b"mif1", b"heif"].contains(&&bytes[8..12])
    {
        return refuse("input.attachment_heic");
    }
    let head = &bytes[..bytes.len().min(4096)];
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = &text[text.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(text.len())..];
    if text.starts_with(b"%PDF-") {
        return Ok(MediaType::Pdf);
    }
    if text.starts_with(b"<") {
        let lower = text.to_ascii_lowercase();
        let svg = memchr::memmem::find(&lower, b"<svg").is_some();
        return refuse(if svg { "input.attachment_svg" } else { "input.attachment_markup" });
    }
    if is_email(text) {
        return Ok(MediaType::Email);
    }
    refuse("input.attachment_type")
}

/// An e-mail starts with header fields (`Name: value`, folded lines indented) up to a blank line,
/// among them who sent it and a date, subject or message id.
fn is_email(text: &[u8]) -> bool {
    let mut names = Vec::new();
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if (i == 0 && line.starts_with(b"From ")) || line[0] == b' ' || line[0] == b'\t' {
            continue; // an mbox separator, or a folded header line
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else { return false };
        let name = &line[..colon];
        if name.is_empty() || !name.iter().all(|b| b.is_ascii_graphic()) {
            return false;
        }
        names.push(name.to_ascii_lowercase());
    }
    let has = |n: &[u8]| names.iter().any(|name| name == n);
    has(b"from") && (has(b"date") || has(b"subject") || has(b"message-id"))
}

/// One attached file, as the window, the report and the pack list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    /// Its row id: what `detach` and the window's Remove name.
    pub id: i64,
    /// `rule`, `order` or `balance`.
    pub subject: &'static str,
    /// The rule id, order number or balance id it is evidence for.
    pub subject_key: String,
    /// For a balance: its currency and the day it was read (`CNY 2026-11-20`), to name it by.
    pub balance: Option<String>,
    /// The file's name as it was attached (its folder dropped): text, never markup.
    pub name: String,
    /// What its bytes are.
    pub media_type: MediaType,
    /// Its MIME type (`image/png`, …).
    pub mime: &'static str,
    /// Bytes.
    pub size: u64,
    /// The sha256 of its bytes, lower-case hex: what a signer can check the file against.
    pub sha256: String,
    /// When it was attached, RFC 3339 in UTC to the second.
    pub added_at: String,
    /// False once a purge of personal data removed its contents (the record and hash stay).
    pub kept: bool,
}

/// A file name as shown: its folder dropped, control characters gone, at most
/// `MAX_NAME_CHARS` characters (its extension kept).
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim();
    if cleaned.chars().count() <= MAX_NAME_CHARS {
        return if cleaned.is_empty() { "attachment".to_owned() } else { cleaned.to_owned() };
    }
    let ext: String = match cleaned.rfind('.') {
        Some(dot) if cleaned.len() - dot <= 8 => cleaned[dot..].to_owned(),
        _ => String::new(),
    };
    let stem: String = cleaned.chars().take(MAX_NAME_CHARS - ext.chars().count()).collect();
    format!("{stem}{ext}")
}

/// A file to attach: its name and bytes, once known to be a kind an attachment may be and within
/// the per-file limit (checked before it is read), so that a command can refuse a file before
/// it records the answer the file is for.
pub fn read_attachment(path: &std::path::Path) -> Result<(String, Vec<u8>)> {
    let name = clean_name(&path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
    let size = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
    if size > MAX_ATTACHMENT_BYTES {
        return Err(too_large(&name, size));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if bytes.is_empty() {
        return Err(Error::invalid(Text::new("input.attachment_empty").with("name", &name)));
    }
    sniff(&name, &bytes).map_err(Error::invalid)?;
    Ok((name, bytes))
}

fn too_large(name: &str, size: u64) -> Error {
    Error::invalid(
        Text::new("input.attachment_too_large")
            .with("name", name)
            .with("size", megabytes(size))
            .with("max", megabytes(MAX_ATTACHMENT_BYTES)),
    )
}

/// Megabytes for a message, one decimal.
fn megabytes(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / MIB as f64)
}

const SELECT: &str = "SELECT a.id, a.subject, a.subject_key, a.name, a.media_type, a.size, a.sha256, a.added_at,
                             b.bytes IS NOT NULL, s.currency || ' ' || s.as_of
                      FROM attachments a JOIN attachment_blobs b USING (sha256)
                      LEFT JOIN balance_snapshots s ON a.subject = 'balance' AND s.id = CAST(a.subject_key AS INTEGER)";

fn attachment_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Attachment> {
    let kind: String = r.get(1)?;
    let mime: String = r.get(4)?;
    let bad =
        |what: &str| rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, what.to_owned().into());
    let media_type = MediaType::from_mime(&mime).ok_or_else(|| bad("a media type"))?;
    let subject = ["rule", "order", "balance"].into_iter().find(|k| *k == kind).ok_or_else(|| bad("a subject"))?;
    Ok(Attachment {
        id: r.get(0)?,
        subject,
        subject_key: r.get(2)?,
        balance: r.get(9)?,
        name: r.get(3)?,
        media_type,
        mime: media_type.mime(),
        size: r.get::<_, i64>(5)? as u64,
        sha256: r.get(6)?,
        added_at: r.get(7)?,
        kept: r.get(8)?,
    })
}

impl Case {
    /// Attaches `bytes`, a file called `name`, to `subject`, which must exist (an answer in force,
    /// a recorded order action, an entered balance). The same bytes on the same subject are one
    /// attachment: the second time returns the first, with `false`.
    pub fn attach(&mut self, subject: &Subject, name: &str, bytes: &[u8]) -> Result<(Attachment, bool)> {
        let name = clean_name(name);
        self.check_subject(subject)?;
        if bytes.is_empty() {
            return Err(Error::invalid(Text::new("input.attachment_empty").with("name", &name)));
        }
        if bytes.len() as u64 > MAX_ATTACHMENT_BYTES {
            return Err(too_large(&name, bytes.len() as u64));
        }
        let media_type = sniff(&name, bytes).map_err(Error::invalid)?;
        let sha256: String = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
        let tx = self.conn.transaction()?;
        let existing = tx
            .query_row(
                "SELECT id FROM attachments WHERE subject = ?1 AND subject_key = ?2 AND sha256 = ?3",
                params![subject.kind(), subject.key(), sha256],
                |r| r.get::<_, i64>(0),
            )
            .optional()?;
        let stored: Option<bool> = tx
            .query_row("SELECT bytes IS NOT NULL FROM attachment_blobs WHERE sha256 = ?1", [&sha256], |r| r.get(0))
            .optional()?;
        if stored != Some(true) {
            let used: i64 =
                tx.query_row("SELECT coalesce(sum(length(bytes)), 0) FROM attachment_blobs", [], |r| r.get(0))?;
            if used as u64 + bytes.len() as u64 > MAX_CASE_ATTACHMENT_BYTES {
                return Err(Error::invalid(
                    Text::new("input.attachment_case_full")
                        .with("name", &name)
                        .with("used", megabytes(used as u64))
                        .with("max", megabytes(MAX_CASE_ATTACHMENT_BYTES)),
                ));
            }
            // A purge emptied these bytes; attaching them again brings them back.
            tx.execute(
                "INSERT INTO attachment_blobs (sha256, bytes) VALUES (?1, ?2)
                 ON CONFLICT (sha256) DO UPDATE SET bytes = excluded.bytes",
                params![sha256, bytes],
            )?;
        }
        let id = match existing {
            Some(id) => id,
            None => {
                tx.execute(
                    "INSERT INTO attachments (subject, subject_key, name, media_type, size, sha256, added_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        subject.kind(),
                        subject.key(),
                        name,
                        media_type.mime(),
                        bytes.len() as i64,
                        sha256,
                        now_text()
                    ],
                )?;
                tx.last_insert_rowid()
            }
        };
        tx.commit()?;
        Ok((self.attachment(id)?, existing.is_none()))
    }

    /// The answer an attachment would be evidence for must be there.
    fn check_subject(&self, subject: &Subject) -> Result<()> {
        let (sql, missing) = match subject {
            Subject::Rule(_) => (
                "SELECT count(*) FROM attestations a WHERE rule_id = ?1 AND answer != 'withdrawn'
                                  AND id = (SELECT max(id) FROM attestations b WHERE b.rule_id = a.rule_id)",
                "input.attach_needs_answer",
            ),
            Subject::Order(_) => {
                ("SELECT count(*) FROM order_actions WHERE order_id = ?1", "input.attach_needs_action")
            }
            Subject::Balance(_) => ("SELECT count(*) FROM balance_snapshots WHERE id = ?1", "input.no_such_balance"),
        };
        let found: i64 = self.conn.query_row(sql, [subject.key()], |r| r.get(0))?;
        if found == 0 {
            return Err(Error::invalid(Text::new(missing).with("value", subject.key())));
        }
        Ok(())
    }

    /// Every attachment, in the order they were added.
    pub fn attachments(&self) -> Result<Vec<Attachment>> {
        let mut stmt = self.conn.prepare(&format!("{SELECT} ORDER BY a.id"))?;
        let rows = stmt.query_map([], attachment_of)?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// One attachment by id.
    pub fn attachment(&self, id: i64) -> Result<Attachment> {
        self.conn
            .query_row(&format!("{SELECT} WHERE a.id = ?1"), [id], attachment_of)
            .optional()?
            .ok_or_else(|| Error::invalid(Text::new("input.no_such_attachment").with("id", id)))
    }

    /// An attachment's bytes; `None` once a purge removed them.
    pub fn attachment_bytes(&self, id: i64) -> Result<(Attachment, Option<Vec<u8>>)> {
        let attachment = self.attachment(id)?;
        let bytes = self.attachment_contents(&attachment)?;
        Ok((attachment, bytes))
    }

    /// The bytes of an attachment already listed; `None` once a purge removed them.
    pub fn attachment_contents(&self, attachment: &Attachment) -> Result<Option<Vec<u8>>> {
        let sql = "SELECT bytes FROM attachment_blobs WHERE sha256 = ?1";
        Ok(self.conn.query_row(sql, [&attachment.sha256], |r| r.get(0))?)
    }

    /// Removes an attachment (and its bytes, when nothing else is attached with them), with an
    /// undo: the case is backed up first.
    pub fn remove_attachment(&mut self, id: i64) -> Result<(Attachment, Undo)> {
        let attachment = self.attachment(id)?;
        let backup = self.backup("before-detach")?;
        // Zeroed, not only unlinked: a screenshot removed by mistake may show a buyer.
        self.conn.pragma_update(None, "secure_delete", true)?;
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM attachments WHERE id = ?1", [id])?;
        tx.execute(
            "DELETE FROM attachment_blobs WHERE sha256 = ?1
               AND NOT EXISTS (SELECT 1 FROM attachments WHERE sha256 = ?1)",
            [&attachment.sha256],
        )?;
        tx.commit()?;
        Ok((attachment, Undo { backup, mark: self.mark()? }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::testing::scratch;
    use crate::rules::{Answer, Attestation, Who};

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    fn answered() -> (tempfile::TempDir, Case) {
        let (dir, mut case) = scratch();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let attestation = Attestation { answer: Answer::Done, date, note: String::new(), who: Who::Seller };
        case.attest("holiday-mode-on", &attestation).unwrap();
        (dir, case)
    }

    fn holiday() -> Subject {
        Subject::Rule("holiday-mode-on".into())
    }

    #[test]
    fn files_are_told_apart_by_their_bytes() {
        let sniffed = |bytes: &[u8]| sniff("f", bytes).map_err(|t| t.key);
        assert_eq!(sniffed(PNG), Ok(MediaType::Png));
        assert_eq!(sniffed(b"\xFF\xD8\xFF\xE0\0\x10JFIF"), Ok(MediaType::Jpeg));
        assert_eq!(sniffed(b"RIFF\x10\0\0\0WEBPVP8 "), Ok(MediaType::Webp));
        assert_eq!(sniffed(b"%PDF-1.7\n"), Ok(MediaType::Pdf));
        assert_eq!(sniffed(b"From: a@b.c\r\nSubject: closed\r\n\r\nbody"), Ok(MediaType::Email));
        assert_eq!(sniffed(b"Received: x\n\tfolded\nFrom: a\nDate: 1\n\n"), Ok(MediaType::Email));
        assert_eq!(sniffed(b"\xEF\xBB\xBF <?xml version='1.0'?><SVG onload='x'>"), Err("input.attachment_svg".into()));
        assert_eq!(sniffed(b"<!doctype html><p>hi"), Err("input.attachment_markup".into()));
        assert_eq!(sniffed(b"\0\0\0\x18ftypheic"), Err("input.attachment_heic".into()));
        assert_eq!(sniffed(b"GIF89a"), Err("input.attachment_type".into()));
        assert_eq!(sniffed(b"Subject: no sender\n\n"), Err("input.attachment_type".into()));
        assert_eq!(sniffed(b"hello: world\nthis is prose\n"), Err("input.attachment_type".into()));
    }

    #[test]
    fn names_lose_their_folder_and_control_characters_and_keep_their_extension() {
        assert_eq!(clean_name("C:\\Users\\me\\Desktop\\shot\u{7}.png"), "shot.png");
        assert_eq!(clean_name("/tmp/"), "attachment");
        let long = clean_name(&format!("{}.png", "截".repeat(300)));
        assert_eq!(long.chars().count(), MAX_NAME_CHARS);
        assert!(long.ends_with("截.png"));
    }

    #[test]
    fn the_same_bytes_are_stored_once_and_attached_once_per_answer() {
        let (_dir, mut case) = answered();
        let (first, new) = case.attach(&holiday(), "shot.png", PNG).unwrap();
        assert!(new);
        assert_eq!((first.mime, first.size, first.kept), ("image/png", PNG.len() as u64, true));
        assert_eq!(first.sha256.len(), 64);
        let (again, new) = case.attach(&holiday(), "renamed.png", PNG).unwrap();
        assert_eq!((again.id, new), (first.id, false));
        case.conn.execute("INSERT INTO order_actions VALUES ('8187810000000001', 'shipped', '', 'now')", []).unwrap();
        let (other, new) = case.attach(&Subject::Order("8187810000000001".into()), "shot.png", PNG).unwrap();
        assert!(new && other.id != first.id && other.sha256 == first.sha256);
        let blobs: i64 = case.conn.query_row("SELECT count(*) FROM attachment_blobs", [], |r| r.get(0)).unwrap();
        assert_eq!((case.attachments().unwrap().len(), blobs), (2, 1));
    }

    #[test]
    fn an_attachment_needs_its_answer_and_a_size_within_the_limits() {
        let (_dir, mut case) = answered();
        let refused = |case: &mut Case, subject: &Subject, bytes: &[u8]| match case.attach(subject, "f.png", bytes) {
            Err(Error::InvalidInput(text)) => text.key,
            other => panic!("{other:?}"),
        };
        assert_eq!(refused(&mut case, &Subject::Rule("refunds-done".into()), PNG), "input.attach_needs_answer");
        assert_eq!(refused(&mut case, &Subject::Order("1".into()), PNG), "input.attach_needs_action");
        assert_eq!(refused(&mut case, &Subject::Balance(7), PNG), "input.no_such_balance");
        assert_eq!(refused(&mut case, &holiday(), b""), "input.attachment_empty");
        let big = [PNG, &vec![0; MAX_ATTACHMENT_BYTES as usize]].concat();
        assert_eq!(refused(&mut case, &holiday(), &big), "input.attachment_too_large");
        for i in 0..MAX_CASE_ATTACHMENT_BYTES / MAX_ATTACHMENT_BYTES {
            let mut bytes = [PNG, &vec![0; MAX_ATTACHMENT_BYTES as usize - PNG.len()]].concat();
            bytes[PNG.len()] = i as u8;
            case.attach(&holiday(), "f.png", &bytes).unwrap();
        }
        assert_eq!(refused(&mut case, &holiday(), &[PNG, b"one more"].concat()), "input.attachment_case_full");
    }

    #[test]
    fn removing_an_attachment_drops_unshared_bytes_and_can_be_undone() {
        let (_dir, mut case) = answered();
        let (attached, _) = case.attach(&holiday(), "shot.png", PNG).unwrap();
        let (removed, undo) = case.remove_attachment(attached.id).unwrap();
        assert_eq!(removed, attached);
        let blobs: i64 = case.conn.query_row("SELECT count(*) FROM attachment_blobs", [], |r| r.get(0)).unwrap();
        assert_eq!((case.attachments().unwrap().len(), blobs), (0, 0));
        case.undo(&undo).unwrap();
        assert_eq!(case.attachment_bytes(attached.id).unwrap(), (attached, Some(PNG.to_vec())));
    }
}
