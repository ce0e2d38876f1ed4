//! The command line, run as a bookkeeper's script runs it.

use crate::util::{closeout, foreign_files, path_str, stderr, stdout};

#[test]
fn version_and_help() {
    let out = closeout(&["--version"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out).trim(), format!("closeout {}", closeout_core::VERSION));
    let out = closeout(&["--help"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("new"));
}

/// The command line is the core alone: no window toolkit is linked into it, so a server without
/// one runs it, and no command pays for loading one.
#[test]
#[cfg(target_os = "linux")]
fn the_command_line_links_no_window_toolkit() {
    let Ok(out) = std::process::Command::new("ldd").arg(crate::util::closeout_bin()).output() else {
        eprintln!("ldd is not installed; skipped");
        return;
    };
    let libraries = String::from_utf8_lossy(&out.stdout).to_lowercase();
    assert!(out.status.success() && libraries.contains("libc.so"), "ldd: {libraries}");
    for toolkit in ["webkit", "gtk", "javascriptcore", "soup"] {
        assert!(!libraries.contains(toolkit), "the CLI links {toolkit}:\n{libraries}");
    }
}

#[test]
fn new_creates_once_and_then_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("a.closeout");
    let out = closeout(&["new", path_str(&case), "--store", "Demo", "--region", "CN"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Asia/Shanghai"));
    let before = std::fs::read(&case).unwrap();

    let out = closeout(&["new", path_str(&case), "--store", "Other", "--region", "FR"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&case).unwrap(), before);
}

#[test]
fn new_refuses_to_overwrite_foreign_files() {
    let dir = tempfile::tempdir().unwrap();
    for (what, path) in foreign_files(dir.path()) {
        let before = std::fs::read(&path).unwrap();
        let out = closeout(&["new", path_str(&path), "--store", "Demo"]);
        assert_eq!(out.status.code(), Some(1), "{what}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "{what} unchanged");
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(closeout(&["new"]).status.code(), Some(2));
    assert_eq!(closeout(&["new", "x.closeout"]).status.code(), Some(2));
}
