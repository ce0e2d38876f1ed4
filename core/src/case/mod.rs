//! A case: one store being closed, kept in one SQLite file.
//!
//! Opening never writes to a file before it is known to be a Closeout case of a schema this
//! build understands: the SQLite header is read by hand first, so a PNG, an empty file or
//! another program's database stays byte-identical.

mod answers;
mod attachments;
pub mod backup;
mod files;
mod imports;
mod money;
mod money_view;
mod order_actions;
mod order_facts;
mod purge;
mod reconciliation;
mod schema;
mod sql;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use crate::error::{Error, Result};
use crate::model::{parse_date, Profile};
use crate::rules::ruleset::{Parameters, RuleSet};
use crate::rules::{self, Evaluation, Facts};
use crate::text::Text;

pub use answers::AnswerRecord;
pub use attachments::{read_attachment, sniff, Attachment, MediaType, Subject};
pub use backup::{Mark, Undo};
pub use imports::{FilePeriod, FileReport, ImportStatus, ImportedFile, QuarantinedRow};
pub use money::BalanceSnapshot;
pub use money_view::{BalanceInput, CurrencyMoney, MoneyView, UnreleasedOrder};
pub use order_actions::{suggested_action, OpenOrder, OrderLine, ACTIONS, ORDERS_LISTED};
pub use purge::PurgeRecord;
pub use reconciliation::ReconciliationRow;
pub use schema::{latest_version, APPLICATION_ID};

/// The file name extension of case files.
pub const EXTENSION: &str = "closeout";

/// An open case file: one SQLite connection to it, on which every read and write of the case
/// goes (the methods are spread over the `case` submodules).
pub struct Case {
    conn: Connection,
    path: PathBuf,
    /// Opened from a read-only disk or folder: it can be read and reported on, not changed.
    read_only: bool,
}

impl Case {
    /// Creates a new case file at `path`; refuses to touch an existing file.
    pub fn create(path: &Path, profile: &Profile) -> Result<Case> {
        profile.validate()?;
        // create_new makes the existence check and the creation one atomic step.
        match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(Error::AlreadyExists { path: path.to_owned() })
            }
            Err(e) => return Err(Error::io(path, e)),
        }
        let result = (|| {
            let mut conn = Connection::open(path)?;
            // Set before the first write, for good: a million-order import writes and later
            // scans a fifth fewer bytes of page overhead and splits a quarter as many pages.
            conn.pragma_update(None, "page_size", PAGE_SIZE)?;
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
            configure(&conn)?;
            schema::migrate(&mut conn)?;
            let now = now_text();
            conn.execute(
                "INSERT INTO profile (id, store_name, region, timezone, settlement_currency,
                                      stop_date, notes, created_at, updated_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                params![
                    profile.store_name.trim(),
                    profile.region.as_str(),
                    profile.timezone.name(),
                    profile.settlement_currency.as_str(),
                    profile.stop_date.map(|d| d.to_string()),
                    profile.notes,
                    now,
                ],
            )?;
            Ok(Case { conn, path: path.to_owned(), read_only: false })
        })();
        if result.is_err() {
            // Leave nothing half-made behind: the file did not exist before.
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
        result
    }

    /// Opens an existing case, migrating it forward if it is older than this build.
    pub fn open(path: &Path) -> Result<Case> {
        let header = read_header(path)?;
        if header.application_id != APPLICATION_ID {
            return Err(Error::NotACase { path: path.to_owned(), what: Text::new("foreign.sqlite") });
        }
        if header.user_version > latest_version() {
            return Err(Error::NewerSchema {
                path: path.to_owned(),
                found: header.user_version,
                supported: latest_version(),
            });
        }
        if on_read_only_disk(path) {
            return Case::open_read_only(path, header.user_version);
        }
        let opened = (|| {
            let conn =
                Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
            configure(&conn)?;
            let mut case = Case { conn, path: path.to_owned(), read_only: false };
            if header.user_version < latest_version() {
                case.backup("before-migration")?;
            }
            schema::migrate(&mut case.conn)?;
            case.profile()?; // reads the schema and the first pages: most damage shows here
            Ok(case)
        })();
        opened.map_err(|e| Case::damage_named(path, e))
    }

    /// A case on a read-only disk (a CD, a locked USB stick, a read-only share): nothing can
    /// write beside it, so SQLite is told the file cannot change (`immutable`) and needs no
    /// -wal or -shm. A case too old to read without migrating cannot be opened there.
    fn open_read_only(path: &Path, user_version: i64) -> Result<Case> {
        if user_version < latest_version() {
            return Err(Error::ReadOnly { path: path.to_owned() });
        }
        let opened = (|| {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(format!("file:{}?immutable=1", uri_path(path)), flags)?;
            conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
            let case = Case { conn, path: path.to_owned(), read_only: true };
            case.profile()?;
            Ok(case)
        })();
        opened.map_err(|e| Case::damage_named(path, e))
    }

    /// True when the case was opened from a read-only disk or folder.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Turns SQLite's "damaged" into an error that names the latest backup, a damaged stored
    /// value into one that names the case, and any failure to write a case on a read-only disk
    /// into `ReadOnly`; others pass.
    pub fn damage_named(path: &Path, e: Error) -> Error {
        match e {
            Error::Database(ref db) if backup::is_damage(db.as_ref()) => backup::damaged(path),
            Error::StoredValue { path: None, what } => Error::StoredValue { path: Some(path.to_owned()), what },
            Error::Database(_) | Error::Io { .. } if on_read_only_disk(path) => {
                Error::ReadOnly { path: path.to_owned() }
            }
            other => other,
        }
    }

    /// Where the case file is, as it was given to `create` or `open`.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Refuses an export's file when it is the case file itself (or its `-wal` or `-shm`):
    /// `--out` given the case's own name would otherwise destroy the case.
    pub fn check_output(&self, out: &Path) -> Result<()> {
        let same = |a: &Path, b: &Path| matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b);
        for suffix in ["", "-wal", "-shm"] {
            if same(out, Path::new(&format!("{}{suffix}", self.path.display()))) {
                return Err(Error::invalid(Text::new("input.output_is_case").with("path", out.display())));
            }
        }
        Ok(())
    }

    /// Today in the case's time zone: the one place either face reads the clock.
    pub fn today(&self) -> Result<NaiveDate> {
        Ok(Utc::now().with_timezone(&self.profile()?.timezone).date_naive())
    }

    /// The day a person gave (`YYYY-MM-DD`), or today in the case's time zone.
    pub fn day_or_today(&self, given: Option<&str>) -> Result<NaiveDate> {
        given.map_or_else(|| self.today(), parse_date)
    }

    /// Changes whenever another connection commits to this case (never for this one's own
    /// commits): how the window notices a `closeout import` run beside it.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// The store's profile, the one row of the `profile` table.
    pub fn profile(&self) -> Result<Profile> {
        let row = self
            .conn
            .query_row(
                "SELECT store_name, region, timezone, settlement_currency, stop_date, notes
                 FROM profile WHERE id = 1",
                [],
                |r| {
                    Ok(Profile {
                        store_name: r.get(0)?,
                        region: r.get(1)?,
                        timezone: r.get::<_, sql::Zone>(2)?.0,
                        settlement_currency: r.get(3)?,
                        stop_date: r.get::<_, Option<sql::Day>>(4)?.map(|d| d.0),
                        notes: r.get(5)?,
                    })
                },
            )
            .optional()?;
        row.ok_or_else(|| Error::stored(crate::text::Text::new("stored.no_profile")))
    }

    /// Replaces the store's profile after checking it, the store name trimmed.
    pub fn save_profile(&mut self, profile: &Profile) -> Result<()> {
        profile.validate()?;
        self.conn.execute(
            "UPDATE profile SET store_name = ?1, region = ?2, timezone = ?3,
                    settlement_currency = ?4, stop_date = ?5, notes = ?6, updated_at = ?7
             WHERE id = 1",
            params![
                profile.store_name.trim(),
                profile.region.as_str(),
                profile.timezone.name(),
                profile.settlement_currency.as_str(),
                profile.stop_date.map(|d| d.to_string()),
                profile.notes,
                now_text(),
            ],
        )?;
        Ok(())
    }

    /// Everything the rules look at, read in one go.
    pub fn facts(&self) -> Result<Facts> {
        let profile = self.profile()?;
        let money = self.money_facts()?;
        let released = money.as_ref().and_then(|m| m.released_order_ids.as_ref());
        Ok(Facts {
            orders: self.order_facts(&profile, released)?,
            profile,
            money,
            rejections: self.rejections()?,
            attestations: self.attestations()?,
            seen_finished: self.orders_seen_finished()?,
        })
    }

    /// The shipped rule set's parameters, with the seller's overrides applied.
    pub fn parameters(&self) -> Result<Parameters> {
        RuleSet::shipped().resolve(&self.overrides()?)
    }

    /// Runs every rule over the case's facts as of `as_of` (a day in the case's time zone).
    pub fn evaluate(&self, as_of: NaiveDate) -> Result<Evaluation> {
        Ok(rules::evaluate(&self.facts()?, &self.parameters()?, as_of))
    }

    #[cfg(test)]
    fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// Durability and integrity settings every connection gets.
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // The case is a document people copy and e-mail: every commit is copied from the WAL into
    // the case file at once (SQLite's default waits for 1000 pages), so whenever no write is
    // under way the .closeout alone holds everything, even if the process is then killed.
    // A large import still writes its pages twice, as it did at its commit before.
    conn.pragma_update(None, "wal_autocheckpoint", 1)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Reads map the file instead of copying each page: the checklist reads every order.
    conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
    Ok(())
}

/// The first case file name in `folder` that is free: `stem.closeout`, then `stem (2).closeout`
/// and on, so a new case or a copy never lands on an existing file.
pub fn free_case_path(folder: &Path, stem: &str) -> PathBuf {
    let candidate = |n: u32| match n {
        1 => folder.join(format!("{stem}.{EXTENSION}")),
        n => folder.join(format!("{stem} ({n}).{EXTENSION}")),
    };
    (1..).map(candidate).find(|p| !p.exists()).expect("some name is free")
}

/// True when the case's disk or folder refuses writes (EROFS, or the file's own permissions).
fn on_read_only_disk(path: &Path) -> bool {
    match std::fs::OpenOptions::new().write(true).open(path) {
        Ok(_) => false,
        Err(e) => matches!(e.kind(), std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied),
    }
}

/// A path for an SQLite `file:` URI: the characters a URI gives meaning to, escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => out.push_str(&format!("%{:02X}", c as u32)),
            '\\' => out.push('/'),
            c => out.push(c),
        }
    }
    out
}

/// The page size of new case files (SQLite's default is 4096; older cases keep theirs).
const PAGE_SIZE: i64 = 16_384;

/// How much of the case file reads may map: a million orders take about 200 MB.
const MMAP_BYTES: i64 = 1 << 30;

fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

struct Header {
    application_id: i32,
    user_version: i64,
}

/// Reads the 100-byte SQLite header without opening the file through SQLite.
fn read_header(path: &Path) -> Result<Header> {
    let not_a_case = |what: &str| Error::NotACase { path: path.to_owned(), what: Text::new(what) };
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(not_a_case("foreign.folder"));
    }
    if meta.len() == 0 {
        return Err(not_a_case("foreign.empty"));
    }
    let mut buf = [0u8; 100];
    let mut read = 0;
    while read < buf.len() {
        match file.read(&mut buf[read..]).map_err(|e| Error::io(path, e))? {
            0 => break,
            n => read += n,
        }
    }
    if read < 100 || &buf[..16] != b"SQLite format 3\0" {
        return Err(not_a_case(describe_foreign(&buf[..read])));
    }
    Ok(Header {
        user_version: i64::from(u32::from_be_bytes(buf[60..64].try_into().unwrap())),
        application_id: i32::from_be_bytes(buf[68..72].try_into().unwrap()),
    })
}

/// The key of a few words on what a non-case file looks like, so the message can help.
fn describe_foreign(head: &[u8]) -> &'static str {
    if head.starts_with(b"\x89PNG") {
        "foreign.png"
    } else if head.starts_with(b"PK\x03\x04") {
        "foreign.zip"
    } else if head.starts_with(b"%PDF") {
        "foreign.pdf"
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "foreign.ole"
    } else if std::str::from_utf8(head).is_ok() || head.iter().all(|b| *b >= 0x09) {
        "foreign.text"
    } else {
        "foreign.unknown"
    }
}

/// Scratch cases for the unit tests of the case's rooms.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::model::Region;

    /// A new, empty case in a folder of its own (removed when the folder guard drops).
    pub fn scratch() -> (tempfile::TempDir, Case) {
        let dir = tempfile::tempdir().unwrap();
        let case = Case::create(&dir.path().join("t.closeout"), &Profile::new("T", Region::CN).unwrap()).unwrap();
        (dir, case)
    }

    /// Imports `text` as a file called `name`, written beside the case.
    pub fn import_text(case: &mut Case, name: &str, text: &str) -> super::FileReport {
        let path = case.path().with_file_name(name);
        std::fs::write(&path, text).unwrap();
        case.import_file(&path, None, &std::sync::atomic::AtomicBool::new(false), &mut |_, _| {}).unwrap()
    }

    /// A minimal order export: a header and one row per `(order id, status, placed at)`.
    pub fn orders_csv(rows: &[(&str, &str, &str)]) -> String {
        let mut text = String::from("订单号,订单状态,下单时间,订单金额\n");
        for (id, status, placed) in rows {
            text.push_str(&format!("{id},{status},{placed},CN￥ 10.00\n"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Region;

    fn temp_case() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.closeout");
        (dir, path)
    }

    #[test]
    fn create_then_open_keeps_the_profile() {
        let (_dir, path) = temp_case();
        let profile = Profile::new("Demo", Region::CN).unwrap();
        drop(Case::create(&path, &profile).unwrap());
        let case = Case::open(&path).unwrap();
        assert_eq!(case.profile().unwrap(), profile);
    }

    #[test]
    fn case_files_are_durable_strict_and_identified() {
        let (_dir, path) = temp_case();
        let case = Case::create(&path, &Profile::new("Demo", Region::CN).unwrap()).unwrap();
        let c = case.conn();
        let get = |p: &str| c.pragma_query_value(None, p, |r| r.get::<_, rusqlite::types::Value>(0)).unwrap();
        assert_eq!(get("journal_mode"), rusqlite::types::Value::Text("wal".into()));
        assert_eq!(get("synchronous"), rusqlite::types::Value::Integer(2));
        assert_eq!(get("wal_autocheckpoint"), rusqlite::types::Value::Integer(1));
        assert_eq!(get("foreign_keys"), rusqlite::types::Value::Integer(1));
        assert_eq!(get("application_id"), rusqlite::types::Value::Integer(APPLICATION_ID.into()));
        assert_eq!(get("user_version"), rusqlite::types::Value::Integer(latest_version()));
        assert_eq!(get("page_size"), rusqlite::types::Value::Integer(PAGE_SIZE));
        let not_strict: i64 = c
            .query_row(
                "SELECT count(*) FROM sqlite_schema s JOIN pragma_table_list t ON t.name = s.name
                 WHERE s.type = 'table' AND s.name NOT LIKE 'sqlite_%' AND t.strict = 0",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(not_strict, 0, "every table is STRICT");
    }

    /// A copy of the .closeout alone, taken while the case is open and idle, has every change.
    #[test]
    fn the_case_file_alone_holds_every_commit_while_the_case_is_open() {
        let (dir, path) = temp_case();
        let mut case = Case::create(&path, &Profile::new("Demo", Region::CN).unwrap()).unwrap();
        for n in 0..20 {
            let mut profile = case.profile().unwrap();
            profile.notes = format!("answer {n}");
            case.save_profile(&profile).unwrap();
        }
        let copy = dir.path().join("copy.closeout");
        std::fs::copy(&path, &copy).unwrap();
        assert!(path.with_extension("closeout-wal").exists(), "the original is still open in WAL mode");
        assert_eq!(Case::open(&copy).unwrap().profile().unwrap().notes, "answer 19");
        drop(case);
    }

    #[test]
    fn create_refuses_an_existing_file() {
        let (_dir, path) = temp_case();
        std::fs::write(&path, b"keep me").unwrap();
        let err = Case::create(&path, &Profile::new("Demo", Region::CN).unwrap()).err().unwrap();
        assert_eq!(err.code(), "already_exists");
        assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
    }

    #[test]
    fn saving_the_profile_persists() {
        let (_dir, path) = temp_case();
        let mut case = Case::create(&path, &Profile::new("Demo", Region::CN).unwrap()).unwrap();
        let mut p = case.profile().unwrap();
        p.notes = "closing before the new year".into();
        p.stop_date = Some(parse_date("2026-09-15").unwrap());
        case.save_profile(&p).unwrap();
        drop(case);
        assert_eq!(Case::open(&path).unwrap().profile().unwrap(), p);
    }

    #[test]
    fn newer_schema_is_refused_untouched() {
        let (_dir, path) = temp_case();
        drop(Case::create(&path, &Profile::new("Demo", Region::CN).unwrap()).unwrap());
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", latest_version() + 1).unwrap();
            conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Case::open(&path).err().unwrap();
        assert_eq!(err.code(), "newer_schema");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn foreign_files_are_described() {
        let said = |head: &[u8]| Text::new(describe_foreign(head)).to_string();
        assert_eq!(said(b"\x89PNG\r\n\x1a\n"), "a PNG image");
        assert_eq!(said(b"PK\x03\x04rest"), "a zip archive or an Excel/Office file");
        assert_eq!(said("订单号,状态".as_bytes()), "a text file");
    }
}
