//! The Windows installer as a seller gets it, under Wine (scripts/test-windows.sh builds it,
//! names it in CLOSEOUT_WINDOWS_SETUP and gives Wine a prefix of its own): a silent per-user
//! install, its files, Start-menu entry, file association and Apps entry, the installed command
//! line on sample files with Chinese names, an upgrade over itself, and an uninstall that
//! removes the app and keeps the cases. The window itself needs WebView2, which Wine has not:
//! only a real Windows machine shows it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::util::{path_str, sample, stderr};

fn wine(program: &Path, args: &[&str]) -> Output {
    Command::new("wine").arg(program).args(args).env("WINEDEBUG", "-all").output().expect("wine runs")
}

/// A value under HKEY_CURRENT_USER, as `reg query` prints it.
fn registry(key: &str, value: Option<&str>) -> Option<String> {
    let mut command = Command::new("wine");
    command.args(["reg", "query", &format!("HKEY_CURRENT_USER\\{key}")]).env("WINEDEBUG", "-all");
    match value {
        Some(name) => command.args(["/v", name]),
        None => command.arg("/ve"),
    };
    let out = command.output().expect("wine reg runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = text.lines().find(|l| l.contains("REG_SZ") || l.contains("REG_EXPAND_SZ") || l.contains("REG_DWORD"))?;
    let (_, data) = line.split_once("REG_")?;
    Some(data.split_once(char::is_whitespace).map_or("", |(_, d)| d).trim().to_owned())
}

/// The Unix path of a Windows one, or the other way round (`winepath -u` / `-w`).
fn winepath(how: &str, path: &str) -> String {
    let out = Command::new("winepath").args([how, path]).env("WINEDEBUG", "-all").output().expect("winepath");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn unix_path(windows: &str) -> PathBuf {
    PathBuf::from(winepath("-u", windows))
}

fn install(setup: &Path) {
    let out = wine(setup, &["/S"]);
    assert!(out.status.success(), "install: {}", stderr(&out));
}

#[test]
fn the_windows_installer_installs_runs_and_uninstalls_under_wine() {
    let Some(setup) = std::env::var_os("CLOSEOUT_WINDOWS_SETUP").map(PathBuf::from) else {
        eprintln!("the Windows installer test needs CLOSEOUT_WINDOWS_SETUP (scripts/test-windows.sh sets it)");
        return;
    };
    let size = std::fs::metadata(&setup).unwrap().len();
    assert!(size <= 15 << 20, "the installer is {} MB", size >> 20);
    install(&setup);

    let dir = registry("Software\\Closeout", Some("InstallDir")).expect("the install folder is recorded");
    assert!(dir.ends_with("\\AppData\\Local\\Programs\\Closeout"), "per user: {dir}");
    let installed = unix_path(&dir);
    for file in ["closeout.exe", "closeout.com", "WebView2Loader.dll", "closeout.ico", "uninstall.exe"] {
        assert!(installed.join(file).is_file(), "{file} in {}", installed.display());
    }
    let programs = registry("Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders", Some("Programs"))
        .expect("the Start menu's folder");
    assert!(unix_path(&format!("{programs}\\Closeout.lnk")).is_file(), "a Start-menu entry in {programs}");
    assert_eq!(registry("Software\\Classes\\.closeout", None).as_deref(), Some("app.closeout.desktop.case"));
    assert_eq!(registry("Software\\Classes\\app.closeout.desktop.case", None).as_deref(), Some("Closeout case"));
    let open = registry("Software\\Classes\\app.closeout.desktop.case\\shell\\open\\command", None).unwrap();
    assert_eq!(open, format!("\"{dir}\\closeout.exe\" \"%1\""));
    let apps = "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\app.closeout.desktop";
    assert_eq!(registry(apps, Some("DisplayVersion")).as_deref(), Some(env!("CARGO_PKG_VERSION")));
    assert!(registry("Environment", Some("Path")).is_some_and(|p| p.contains(&dir)), "on the user's PATH");

    // The command line as cmd finds it (closeout.com): a case, two samples, check, a PDF.
    let cli = installed.join("closeout.com");
    let version = wine(&cli, &["--version"]);
    assert!(String::from_utf8_lossy(&version.stdout).contains(env!("CARGO_PKG_VERSION")), "{}", stderr(&version));
    // Two words: one alone would be a case file to open in the window.
    let usage = wine(&cli, &["frobnicate", "now"]);
    assert_eq!(usage.status.code(), Some(2), "a usage error's exit code reaches the shell: {}", stderr(&usage));
    assert!(stderr(&usage).contains("frobnicate"), "and its message: {}", stderr(&usage));
    let work = tempfile::tempdir().unwrap();
    let case = work.path().join("店铺.closeout");
    assert!(wine(&cli, &["new", path_str(&case), "--store", "店铺", "--region", "CN"]).status.success());
    let imported =
        wine(&cli, &["import", path_str(&case), path_str(&sample("订单.xlsx")), path_str(&sample("b_orders.csv"))]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    let check = wine(&cli, &["check", path_str(&case), "--json", "--as-of", "2026-12-01"]);
    assert!(matches!(check.status.code(), Some(0 | 1)), "{}", stderr(&check));
    let checklist: serde_json::Value = serde_json::from_slice(&check.stdout).expect("check --json prints JSON");
    assert!(checklist["rules"].as_array().is_some_and(|r| !r.is_empty()), "{checklist}");
    // A path as Windows writes it, with a drive and backslashes, names the same case.
    let backslashed = winepath("-w", path_str(&case));
    assert!(backslashed.contains('\\'), "{backslashed}");
    let files = wine(&cli, &["files", &backslashed, "--json"]);
    assert!(files.status.success(), "{}", stderr(&files));
    assert!(String::from_utf8_lossy(&files.stdout).contains("订单.xlsx"), "both files listed");
    let pdf = work.path().join("报告.pdf");
    let report = wine(&cli, &["report", path_str(&case), "--out", path_str(&pdf), "--lang", "zh-CN"]);
    assert!(report.status.success(), "{}", stderr(&report));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    // An upgrade in place, then the uninstaller: a case kept in the app's own folder stays too.
    install(&setup);
    assert!(installed.join("closeout.exe").is_file());
    let kept = installed.join("kept.closeout");
    std::fs::copy(&case, &kept).unwrap();
    let out = wine(&installed.join("uninstall.exe"), &["/S"]);
    assert!(out.status.success(), "uninstall: {}", stderr(&out));
    // The uninstaller runs from a copy of itself and returns at once: wait for it.
    let started = Instant::now();
    while installed.join("closeout.exe").exists() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(!installed.join("closeout.exe").exists() && !installed.join("closeout.com").exists());
    assert!(kept.is_file() && case.is_file(), "cases are never removed");
    assert_eq!(registry("Software\\Classes\\.closeout", None), None);
    assert_eq!(registry(apps, Some("DisplayVersion")), None);
    std::fs::remove_file(&kept).unwrap();
}
