//! Opening files that are not cases: refused with a clear message, bytes untouched.

use closeout::case::Case;

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
