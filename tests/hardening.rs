//! What keeps a seller's case safe when things go wrong: killed imports, damaged files,
//! migrations and forgets with backups, and purging personal data for good.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use closeout_core::case::{backup, Case};
use closeout_core::model::ProfileInput;

use crate::util::{closeout, path_str, sample, slow_tests_enabled, stderr, write_orders_csv, Rng};

fn new_case(dir: &Path) -> (PathBuf, Case) {
    let path = dir.join("shop.closeout");
    let profile = ProfileInput { store_name: "Shop".into(), region: "CN".into(), ..Default::default() };
    let case = Case::create(&path, &profile.into_profile().unwrap()).unwrap();
    (path, case)
}

fn import(case: &mut Case, name: &str) {
    case.import_file(&sample(name), None, &AtomicBool::new(false), &mut |_, _| {}).unwrap();
}

/// Whether `needle` is anywhere in the case file, its WAL or its backups.
pub(crate) fn lingers(case: &Path, needle: &[u8]) -> Vec<PathBuf> {
    let mut files = vec![case.to_owned(), PathBuf::from(format!("{}-wal", case.display()))];
    files.extend(backup::backups_of(case));
    files.into_iter().filter(|f| std::fs::read(f).is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle))).collect()
}

#[test]
fn a_purge_leaves_no_trace_of_notes_or_kept_aside_rows_and_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut case) = new_case(dir.path());
    import(&mut case, "orders_2026-09_2026-11.csv");
    import(&mut case, "订单.xlsx");
    let order = case.open_orders(1).unwrap().0.remove(0).order_id;
    case.record_order_action(&order, "other", "Buyer ZZNOTE asked us to call +33 6 12 34 56 78").unwrap();
    let raw = case.quarantine().unwrap()[0].raw.clone();
    let xlsx = case.files().unwrap().into_iter().find(|f| f.name == "订单.xlsx").unwrap().id;
    case.forget(xlsx).unwrap(); // makes a backup holding both
    assert!(!lingers(&path, b"ZZNOTE").is_empty() && !lingers(&path, raw.as_bytes()).is_empty());

    let out = closeout(&["purge-personal-data", path_str(&path)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(lingers(&path, b"ZZNOTE"), Vec::<PathBuf>::new(), "the note is gone from every file");
    assert_eq!(lingers(&path, raw.as_bytes()), Vec::<PathBuf>::new(), "the raw row is gone from every file");
    let case = Case::open(&path).unwrap();
    let purges = case.purges().unwrap();
    assert_eq!((purges.len(), purges[0].notes_cleared, purges[0].raw_cleared), (1, 1, 1));
    assert!(purges[0].backups_removed >= 1);
    let kept = &case.quarantine().unwrap()[0];
    assert_eq!((kept.line, kept.column.as_str(), kept.raw.as_str()), (108, "订单号", ""), "where and why stay");
    let html = path.with_extension("html");
    assert!(closeout(&["report", path_str(&path), "--out", path_str(&html), "--as-of", "2026-11-20"]).status.success());
    let html = std::fs::read_to_string(html).unwrap();
    assert!(
        html.contains("Personal data purged")
            && html.contains(&closeout_core::model::local_time(&purges[0].purged_at, case.profile().unwrap().timezone)),
        "the report records it"
    );
}

#[test]
fn forgetting_and_migrating_make_a_backup_first() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut case) = new_case(dir.path());
    import(&mut case, "b_orders.csv");
    let id = case.files().unwrap()[0].id;
    case.forget(id).unwrap();
    let backups = backup::backups_of(&path);
    assert_eq!(backups.len(), 1);
    assert_eq!(Case::open(&backups[0]).unwrap().files().unwrap().len(), 1, "the backup has the file forgotten");
    drop(case);

    // A case written by an older Closeout (schema 7, before observations were stored once).
    std::fs::copy(old_case_fixture(), &path).unwrap();
    let case = Case::open(&path).unwrap();
    assert_eq!(case.files().unwrap().len(), 5, "migrated");
    let names: Vec<String> =
        backup::backups_of(&path).iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert!(names.iter().any(|n| n.ends_with("-before-migration.closeout")), "{names:?}");
}

/// What a `check --json` decides, without the words: the verdict, its date, the orders and the
/// funds, and each rule's status, date and orders. Issue 28 (`orders-unknown-state`, the
/// windows naming the orders still to be confirmed, truer sentences, `holding_up`) changed
/// words and added a rule after the saved document was made; what it decided did not change.
fn decisions(doc: &serde_json::Value) -> serde_json::Value {
    let rules: Vec<serde_json::Value> = doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"] != "orders-unknown-state")
        .map(|r| {
            let window = r["kind"] == "window";
            serde_json::json!([
                r["id"],
                r["status"],
                r["until"],
                if window { &serde_json::Value::Null } else { &r["order_ids"] }
            ])
        })
        .collect();
    serde_json::json!([
        doc["verdict"],
        doc["earliest_closure_date"],
        doc["orders"],
        doc["funds"],
        doc["calendar"],
        rules
    ])
}

fn old_case_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases/schema-7.closeout")
}

/// The schema-7 case was made by the Closeout of that schema from five sample files (eight
/// orders in two of them), and its `check --json --as-of 2026-11-22` saved beside it: the
/// migrated case gives the same answer, every observation is still there exactly once, and
/// forgetting the file that won an order brings back the one it overrode.
#[test]
fn a_case_from_an_older_schema_gives_the_same_answers_after_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.closeout");
    std::fs::copy(old_case_fixture(), &path).unwrap();
    let out = closeout(&["check", path_str(&path), "--json", "--as-of", "2026-11-22"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut now: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // `order_count` came after that version; the rest of the document is what it said.
    for rule in now["rules"].as_array_mut().unwrap() {
        let count = rule.as_object_mut().unwrap().remove("order_count").unwrap();
        assert_eq!(count.as_u64(), Some(rule["order_ids"].as_array().unwrap().len() as u64));
    }
    let before: serde_json::Value =
        serde_json::from_slice(&std::fs::read(old_case_fixture().with_extension("check.json")).unwrap()).unwrap();
    assert_eq!(decisions(&now), decisions(&before));

    let db = rusqlite::Connection::open(&path).unwrap();
    let count = |sql: &str| db.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    // 98 observations of 90 orders: the 8 orders the second file repeated were unchanged by it.
    assert_eq!((count("SELECT count(*) FROM orders"), count("SELECT count(*) FROM order_observations")), (90, 8));
    let overridden: String = db.query_row("SELECT order_id FROM order_observations LIMIT 1", [], |r| r.get(0)).unwrap();
    let winner: i64 =
        db.query_row("SELECT file_id FROM orders WHERE order_id = ?1", [&overridden], |r| r.get(0)).unwrap();
    drop(db);
    let mut case = Case::open(&path).unwrap();
    case.forget(winner).unwrap();
    let db = rusqlite::Connection::open(&path).unwrap();
    let count = |sql: &str| db.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count("SELECT count(*) FROM order_observations"), 0, "the overridden observations came back");
    assert!(count(&format!("SELECT count(*) FROM orders WHERE order_id = '{overridden}'")) == 1);
}

#[test]
fn a_damaged_case_is_refused_with_its_latest_backup_named_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut case) = new_case(dir.path());
    import(&mut case, "orders_2026-09_2026-11.csv");
    import(&mut case, "b_orders.csv");
    case.forget(case.files().unwrap()[1].id).unwrap();
    drop(case);
    let latest = backup::backups_of(&path).pop().unwrap();
    // Checkpointed into the main file, then pages past the first overwritten: a disk error.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    drop(conn);
    let mut bytes = std::fs::read(&path).unwrap();
    let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]])); // the header's page size
    for b in &mut bytes[page..page * 4] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();

    let out = closeout(&["check", path_str(&path), "--as-of", "2026-11-20"]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains("damaged") && message.contains(path_str(&latest)), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the damaged file is left as it was");
    let err = Case::open(&path).err().unwrap();
    assert_eq!(err.code(), "damaged");
    // The window is told which backup to offer (src-tauri/app/refusal.rs sends it).
    assert!(matches!(&err, closeout_core::Error::Damaged { backup: Some(b), .. } if b == &latest), "{err:?}");
}

/// `closeout import` killed at random moments, 50 times: the case is never damaged and holds
/// all of the file or none of it.
#[test]
fn an_import_killed_at_any_moment_leaves_all_or_nothing() {
    if !slow_tests_enabled("an_import_killed_at_any_moment_leaves_all_or_nothing") {
        return;
    }
    const ROWS: u64 = 60_000;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("orders.csv");
    write_orders_csv(&csv, ROWS);
    let (path, case) = new_case(dir.path());
    drop(case);
    // How long one whole import takes here, to spread the kills over it.
    let start = std::time::Instant::now();
    let scratch = dir.path().join("timing.closeout");
    assert!(closeout(&["new", path_str(&scratch), "--store", "T"]).status.success());
    assert!(closeout(&["import", path_str(&scratch), path_str(&csv)]).status.success());
    let whole = start.elapsed();

    let mut rng = Rng(0xDEAD_BEEF);
    let (mut none, mut all) = (0, 0);
    for round in 0..50 {
        let mut child = crate::util::closeout_command()
            .args(["import", path_str(&path), path_str(&csv)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let at = whole.mul_f64(rng.below(1000) as f64 / 900.0);
        std::thread::sleep(at.min(whole + Duration::from_millis(200)));
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();

        let conn = rusqlite::Connection::open(&path).unwrap();
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "round {round}");
        let files: i64 = conn.query_row("SELECT count(*) FROM imported_files", [], |r| r.get(0)).unwrap();
        let orders: i64 = conn.query_row("SELECT count(*) FROM orders", [], |r| r.get(0)).unwrap();
        match files {
            0 => {
                assert_eq!(orders, 0, "round {round}: rows without their file");
                none += 1;
            }
            1 => {
                assert_eq!(orders, ROWS as i64, "round {round}: part of the file");
                all += 1;
                // Start the next round from an empty case again.
                let id: i64 = conn.query_row("SELECT id FROM imported_files", [], |r| r.get(0)).unwrap();
                drop(conn);
                Case::open(&path).unwrap().forget(id).unwrap();
            }
            n => panic!("round {round}: {n} files"),
        }
    }
    eprintln!("50 kills: {none} left nothing, {all} left the whole file");
    assert!(none > 0, "some kills landed mid-import");
}

#[test]
fn a_zip_bomb_is_refused_without_unpacking_it() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let (path, case) = new_case(dir.path());
    drop(case);
    let bomb = dir.path().join("statements.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("账务明细.csv", options).unwrap();
    let zeros = vec![b'0'; 1 << 20];
    for _ in 0..80 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 1 << 20, "80 MB packed small");
    let out = closeout(&["import", path_str(&path), path_str(&bomb)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unpacks to more than 64 MB"), "{}", stderr(&out));
    assert!(Case::open(&path).unwrap().files().unwrap().is_empty());
}

/// Two imports into one case at once: the second waits for the first, both land whole, and
/// neither says anything of SQLite's locks.
#[test]
fn two_imports_at_once_both_land_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (path, case) = new_case(dir.path());
    drop(case);
    let files: Vec<PathBuf> = (0..2)
        .map(|n| {
            let csv = dir.path().join(format!("orders-{n}.csv"));
            write_orders_csv(&csv, 30_000 + n);
            csv
        })
        .collect();
    let children: Vec<_> = files
        .iter()
        .map(|csv| {
            crate::util::closeout_command()
                .args(["import", path_str(&path), path_str(csv)])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let message = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{message}");
        assert!(!message.contains("locked"), "{message}");
    }
    assert_eq!(Case::open(&path).unwrap().files().unwrap().len(), 2);
}

/// A case held by another writer past the wait: the command says the case is busy, in plain
/// words, and changes nothing.
#[test]
fn a_case_another_writer_holds_is_busy_not_locked() {
    let dir = tempfile::tempdir().unwrap();
    let (path, case) = new_case(dir.path());
    drop(case);
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = closeout(&["attest", path_str(&path), "holiday-mode-on", "--done"]);
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains("The case is busy") && !message.contains("locked"), "{message}");
    assert!(Case::open(&path).unwrap().attestations().unwrap().is_empty(), "nothing was recorded");
}

/// Removing a file can be undone in place while nothing has changed since; after a change the
/// undo is refused (it would lose that change), and the case stays one consistent file.
#[test]
fn forgetting_a_file_can_be_undone_until_the_case_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut case) = new_case(dir.path());
    import(&mut case, "订单.xlsx");
    import(&mut case, "orders_2026-09_2026-11.csv");
    let before = Case::open(&path).unwrap().files().unwrap();
    let (gone, undo) = case.forget(before[1].id).unwrap();
    assert_eq!(gone.name, before[1].name);
    assert_eq!(case.files().unwrap().len(), 1);
    case.undo(&undo).unwrap();
    let names = |files: Vec<closeout_core::case::ImportedFile>| files.into_iter().map(|f| f.name).collect::<Vec<_>>();
    assert_eq!(names(case.files().unwrap()), names(before.clone()));
    let copy = dir.path().join("copy.closeout");
    std::fs::copy(&path, &copy).unwrap();
    assert_eq!(names(Case::open(&copy).unwrap().files().unwrap()), names(before.clone()), "the file alone has it");

    let (_, undo) = case.forget(before[0].id).unwrap();
    let mut profile = case.profile().unwrap();
    profile.notes = "changed after the removal".into();
    case.save_profile(&profile).unwrap();
    let refused = case.undo(&undo).unwrap_err();
    assert!(refused.to_string().contains("has changed since"), "{refused}");
    let elsewhere = dir.path().join("not-a-backup.closeout");
    std::fs::copy(&copy, &elsewhere).unwrap();
    let foreign = closeout_core::case::Undo { backup: elsewhere, mark: case.mark().unwrap() };
    assert!(case.undo(&foreign).unwrap_err().to_string().contains("not a backup of this case"));
}

/// Removing a file whose rows were dismissed, then importing the same bytes again, keeps the
/// dismissals and says so, instead of quietly reopening the rows.
#[test]
fn reimporting_a_removed_file_keeps_its_dismissals_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut case) = new_case(dir.path());
    import(&mut case, "orders_2026-09_2026-11.csv");
    let kept = case.quarantine().unwrap()[0].id;
    case.dismiss_rejection(kept, "a test order", closeout_core::rules::Who::Bookkeeper).unwrap();
    let id = case.files().unwrap()[0].id;
    case.forget(id).unwrap();
    drop(case);
    let (_, reports) = crate::util::import_json(&path, &[sample("orders_2026-09_2026-11.csv")], &[]);
    assert_eq!(reports[0]["dismissed_again"], 1, "{}", reports[0]);
    let rows = Case::open(&path).unwrap().quarantine().unwrap();
    assert_eq!(rows[0].dismissed_note.as_deref(), Some("a test order"));
    assert_eq!(rows[0].dismissed_by.as_deref(), Some("bookkeeper"), "who, too");
}

/// A copy cut short on its way (an e-mail attachment, a full USB stick) is refused as damaged,
/// in plain words and without SQLite's own message, and left as it was.
#[test]
fn a_truncated_copy_is_refused_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut case) = new_case(dir.path());
    import(&mut case, "订单.xlsx");
    drop(case);
    let bytes = std::fs::read(&path).unwrap();
    let copy = dir.path().join("cut.closeout");
    std::fs::write(&copy, &bytes[..bytes.len() / 2]).unwrap();
    let out = closeout(&["check", path_str(&copy)]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains("damaged") && !message.contains("malformed"), "{message}");
    assert_eq!(std::fs::read(&copy).unwrap(), &bytes[..bytes.len() / 2], "the copy was not written to");
}

/// A scratch tmpfs of `size` at a new folder in `dir`, for the tests of full and read-only
/// disks; `None` (and the test says it skipped) where this machine cannot mount one.
fn scratch_disk(dir: &Path, size: &str) -> Option<ScratchDisk> {
    let at = dir.join("disk");
    std::fs::create_dir_all(&at).unwrap();
    let mounted =
        Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size}"), "none", path_str(&at)]).status();
    if !mounted.is_ok_and(|s| s.success()) {
        eprintln!("skipped: no tmpfs can be mounted here");
        return None;
    }
    Some(ScratchDisk(at))
}

struct ScratchDisk(PathBuf);

impl ScratchDisk {
    fn remount_read_only(&self) {
        assert!(Command::new("mount").args(["-o", "remount,ro", path_str(&self.0)]).status().unwrap().success());
    }
}

impl Drop for ScratchDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A case on a read-only disk opens read-only and says so when asked to change: its checklist
/// and report still work, and no message is SQLite's.
#[test]
fn a_case_on_a_read_only_disk_is_read_not_changed() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = scratch_disk(dir.path(), "16m") else { return };
    let case = disk.0.join("shop.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Shop"]).status.success());
    assert!(closeout(&["import", path_str(&case), path_str(&sample("订单.xlsx"))]).status.success());
    disk.remount_read_only();
    assert!(Case::open(&case).unwrap().is_read_only());
    let check = closeout(&["check", path_str(&case), "--json"]);
    assert!(String::from_utf8_lossy(&check.stdout).contains("\"verdict\""), "{}", stderr(&check));
    let report = dir.path().join("report.html");
    assert!(closeout(&["report", path_str(&case), "--out", path_str(&report)]).status.success());
    for args in [vec!["attest", path_str(&case), "holiday-mode-on", "--done"], vec!["forget", path_str(&case), "1"]] {
        let out = closeout(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let message = stderr(&out);
        assert!(message.contains("cannot be written to") && !message.contains("database"), "{args:?}: {message}");
    }
}

/// A disk that fills up in the middle of an import: the import fails in plain words and the
/// case is as it was before.
#[test]
fn an_import_that_fills_the_disk_leaves_the_case_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = scratch_disk(dir.path(), "2m") else { return };
    let case = disk.0.join("shop.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Shop"]).status.success());
    assert!(closeout(&["import", path_str(&case), path_str(&sample("订单.xlsx"))]).status.success());
    let csv = dir.path().join("big.csv");
    write_orders_csv(&csv, 40_000);
    let out = closeout(&["import", path_str(&case), path_str(&csv)]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains("no room left on the disk"), "{message}");
    let case = Case::open(&case).unwrap();
    assert_eq!(case.files().unwrap().len(), 1, "only the first file");
}

#[test]
fn a_damaged_stored_value_is_the_case_files_fault_naming_the_case_not_the_persons() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut case) = new_case(dir.path());
    import(&mut case, "订单.xlsx");
    drop(case);
    // Another program changed one order's state to a word no Closeout writes.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE orders SET state = 'shipped-ish' WHERE order_id = (SELECT min(order_id) FROM orders)", [])
        .unwrap();
    drop(conn);
    let out = closeout(&["check", path_str(&path), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains(path_str(&path)), "names the case: {message}");
    assert!(message.contains("holds a value Closeout cannot read"), "{message}");
    assert!(message.contains("\"shipped-ish\" where an order state belongs"), "{message}");
}
