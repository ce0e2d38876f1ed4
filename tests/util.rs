//! Shared helpers: run the real `closeout` binary, make scratch folders and foreign files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn closeout_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_closeout"))
}

/// Runs `closeout ARGS…` and returns its output; never inherits the caller's stdin.
pub fn closeout(args: &[&str]) -> Output {
    Command::new(closeout_bin()).args(args).stdin(std::process::Stdio::null()).output().expect("closeout binary runs")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

/// Files that are not Closeout cases, as a seller might pick them by mistake.
pub fn foreign_files(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    let png = dir.join("photo.closeout");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde").unwrap();
    let empty = dir.join("empty.closeout");
    std::fs::write(&empty, b"").unwrap();
    let foreign = dir.join("other-app.sqlite");
    {
        let conn = rusqlite::Connection::open(&foreign).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello');").unwrap();
    }
    vec![("a PNG image", png), ("an empty file", empty), ("an SQLite database of some other program", foreign)]
}
