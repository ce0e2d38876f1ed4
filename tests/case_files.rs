//! Opening files that are not cases: refused with a clear message, bytes untouched.

use closeout_core::case::Case;

use crate::util::foreign_files;

#[test]
fn foreign_files_are_refused_and_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    for (what, path) in foreign_files(dir.path()) {
        let before = std::fs::read(&path).unwrap();
        let err = Case::open(&path).err().expect("refused");
        assert_eq!(err.code(), "not_a_case", "{what}");
        assert!(err.to_string().contains(what), "{err} names {what}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "{what} unchanged");
        assert!(!dir.path().join(format!("{}-wal", path.display())).exists());
    }
}

#[test]
fn a_missing_case_says_so() {
    let err = Case::open(std::path::Path::new("/nonexistent/x.closeout")).err().unwrap();
    assert_eq!(err.code(), "not_found");
}

/// `export-case` writes one consistent file while the case is open elsewhere and idle (as the
/// window keeps it), with or without the seller's notes, and never over an existing file.
#[test]
fn an_exported_copy_is_one_file_with_everything_and_notes_only_when_asked() {
    use crate::util::{closeout, import_json, path_str, sample, stderr, stdout};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Maple.closeout");
    assert!(closeout(&["new", path_str(&path), "--store", "Maple", "--region", "CN"]).status.success());
    assert_eq!(import_json(&path, &[sample("订单.xlsx")], &[]).0, Some(0));
    // The window's connection stays open while the copy is made.
    let mut open = Case::open(&path).unwrap();
    let order = open.open_orders(1).unwrap().0[0].order_id.clone();
    open.record_order_action(&order, "shipped", "ZZNOTE buyer asked for the blue one").unwrap();
    let mut profile = open.profile().unwrap();
    profile.notes = "ZZNOTE of the store".into();
    open.save_profile(&profile).unwrap();

    let copy = dir.path().join("Maple for bookkeeper.closeout");
    let out = closeout(&["export-case", path_str(&path), "--out", path_str(&copy)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Wrote a copy"));
    let files = stdout(&closeout(&["files", path_str(&copy), "--json"]));
    assert!(files.contains("订单.xlsx"), "{files}");
    assert_eq!(Case::open(&copy).unwrap().profile().unwrap().notes, "ZZNOTE of the store");

    let again = closeout(&["export-case", path_str(&path), "--out", path_str(&copy)]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));

    let bare = dir.path().join("Maple without notes.closeout");
    assert!(closeout(&["export-case", path_str(&path), "--out", path_str(&bare), "--without-notes"]).status.success());
    let bytes = std::fs::read(&bare).unwrap();
    assert!(!bytes.windows(6).any(|w| w == b"ZZNOTE"), "no note is left in the copy's bytes");
    assert!(!dir.path().join("Maple without notes.closeout-wal").exists(), "the copy is one file");
    assert_eq!(Case::open(&bare).unwrap().files().unwrap().len(), 1);
    drop(open);
}
