//! The Linux installer as a seller gets it (issue #9). Runs only when CLOSEOUT_DEB names a built
//! `.deb` (`scripts/test.sh` builds one with `scripts/package.sh` and sets it). Each test unpacks
//! the package with `dpkg-deb -x` into a temp folder (no root, nothing installed) and checks what
//! a seller's system would get: the menu entry, icons, the `.closeout` file association, the size,
//! and that the unpacked binary starts on the home screen and opens a case the way a double-click
//! does. The windows run under their own Xvfb with a scratch HOME (the e2e harness).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::e2e::harness::Desktop;

/// Room for the CJK font the report will embed; today's package is far below it.
const MAX_DEB_BYTES: u64 = 20 * 1024 * 1024;
const MIME_TYPE: &str = "application/x-closeout";
const ICON_SIZES: [u32; 8] = [16, 24, 32, 48, 64, 128, 256, 512];
/// An empty Xvfb screen has 1 colour, an empty window a handful; the home screen has over 1000.
const MIN_COLOURS: u64 = 200;

/// The `.deb` unpacked into a temp folder.
struct Unpacked {
    deb: PathBuf,
    root: tempfile::TempDir,
}

impl Unpacked {
    fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    /// The command line.
    fn bin(&self) -> PathBuf {
        self.path("usr/bin/closeout")
    }

    /// The window, which the menu entry and a double-click start.
    fn window(&self) -> PathBuf {
        self.path("usr/bin/closeout-app")
    }

    /// The `[Desktop Entry]` group of the one `.desktop` file in the package.
    fn desktop_entry(&self) -> (PathBuf, HashMap<String, String>) {
        let dir = self.path("usr/share/applications");
        let files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "desktop"))
            .collect();
        assert_eq!(files.len(), 1, "one menu entry in usr/share/applications: {files:?}");
        let text = std::fs::read_to_string(&files[0]).unwrap();
        let mut entry = HashMap::new();
        let mut in_group = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with('[') {
                in_group = line == "[Desktop Entry]";
            } else if in_group && !line.is_empty() && !line.starts_with('#') {
                let (key, value) = line.split_once('=').unwrap_or_else(|| panic!("not key=value: {line:?}"));
                assert!(entry.insert(key.trim().to_owned(), value.trim().to_owned()).is_none(), "{key} twice");
            }
        }
        assert!(!entry.is_empty(), "{} has a [Desktop Entry] group:\n{text}", files[0].display());
        (files[0].clone(), entry)
    }
}

/// None (and says why) unless CLOSEOUT_DEB points at a built package.
fn unpack() -> Option<Unpacked> {
    let Some(deb) = std::env::var_os("CLOSEOUT_DEB").filter(|v| !v.is_empty()) else {
        eprintln!(
            "installer test skipped: CLOSEOUT_DEB is not set; build the .deb and run \
             CLOSEOUT_DEB=\"$(bash scripts/package.sh)\" cargo test --test tests installer"
        );
        return None;
    };
    let deb = PathBuf::from(deb);
    assert!(deb.is_file(), "CLOSEOUT_DEB={} is not a file", deb.display());
    let root = tempfile::tempdir().unwrap();
    let status = Command::new("dpkg-deb").arg("-x").arg(&deb).arg(root.path()).status().expect("dpkg-deb runs");
    assert!(status.success(), "dpkg-deb -x {} failed", deb.display());
    Some(Unpacked { deb, root })
}

/// Whether the window checks can run here (they need Xvfb, tauri-driver, WebKitWebDriver).
fn windows_skipped() -> bool {
    if std::env::var_os("CLOSEOUT_SKIP_E2E").is_some_and(|v| v == "1") {
        eprintln!("installer window check skipped: CLOSEOUT_SKIP_E2E=1");
        return true;
    }
    false
}

fn control_field(deb: &Path, field: &str) -> String {
    let out = Command::new("dpkg-deb").arg("-f").arg(deb).arg(field).output().expect("dpkg-deb runs");
    assert!(out.status.success(), "dpkg-deb -f {field}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn app_version() -> String {
    let conf: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tauri.conf.json")).unwrap(),
    )
    .unwrap();
    conf["version"].as_str().unwrap().to_owned()
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.len() > 24 && bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR",
        "{path:?} is a PNG"
    );
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// How many different colours a screenshot has: 1 for an empty Xvfb screen, a handful for an
/// empty window, hundreds once text and the icon are drawn.
fn colour_count(png: &Path) -> u64 {
    let out = Command::new("identify").args(["-format", "%k"]).arg(png).output().expect("ImageMagick identify runs");
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(0)
}

/// Whether the freedesktop tools that stand in for a desktop session are here: the caches dpkg's
/// triggers would build on install, and GIO, which file managers use to pick an application.
fn desktop_tools() -> bool {
    let tools = ["update-mime-database", "update-desktop-database", "gio"];
    let missing: Vec<_> = tools.into_iter().filter(|t| Command::new(t).arg("--help").output().is_err()).collect();
    if !missing.is_empty() {
        eprintln!("desktop-integration check skipped: {missing:?} not installed (desktop-file-utils, shared-mime-info, libglib2.0-bin)");
    }
    missing.is_empty()
}

/// Does for the unpacked tree what the shared-mime-info and desktop-file-utils triggers do for
/// an installed package: builds the MIME database and the MIME-to-application cache.
fn register(deb: &Unpacked) {
    let status = Command::new("update-mime-database").arg(deb.path("usr/share/mime")).status().unwrap();
    assert!(status.success(), "update-mime-database accepts the package's MIME XML");
    let status = Command::new("update-desktop-database").arg(deb.path("usr/share/applications")).status().unwrap();
    assert!(status.success(), "update-desktop-database accepts the menu entry");
}

/// Makes `command` see the unpacked package as if installed: its share folder first in
/// XDG_DATA_DIRS and its bin folder first in PATH (GIO only offers apps whose Exec it finds).
fn as_installed<'a>(command: &'a mut Command, deb: &Unpacked) -> &'a mut Command {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![deb.path("usr/bin")];
    dirs.extend(std::env::split_paths(&path));
    command
        .env("PATH", std::env::join_paths(dirs).unwrap())
        .env("XDG_DATA_DIRS", format!("{}:/usr/share", deb.path("usr/share").display()))
        .stdin(Stdio::null())
}

fn output_text(command: &mut Command) -> String {
    let out = command.output().expect("command runs");
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// A process not started by this test (GIO starts it and lets go), stopped when dropped.
struct Foreign(u32);

impl Foreign {
    /// Waits for a process running `bin` with `arg` among its arguments.
    fn find(bin: &Path, arg: &str, within: Duration) -> Option<Foreign> {
        let bin = bin.canonicalize().unwrap();
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            for entry in std::fs::read_dir("/proc").unwrap().flatten() {
                let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
                if std::fs::read_link(entry.path().join("exe")).ok().as_deref() != Some(bin.as_path()) {
                    continue;
                }
                let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
                if cmdline.split(|b| *b == 0).any(|a| a == arg.as_bytes()) {
                    return Some(Foreign(pid));
                }
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        None
    }
}

impl Drop for Foreign {
    fn drop(&mut self) {
        let proc_dir = PathBuf::from(format!("/proc/{}", self.0));
        let _ = Command::new("kill").args(["-TERM", &self.0.to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while proc_dir.exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        if proc_dir.exists() {
            let _ = Command::new("kill").args(["-KILL", &self.0.to_string()]).status();
        }
    }
}

/// Screenshots until the screen holds a drawn window (or 30 s pass); returns the colour count.
fn wait_for_drawn_screen(desktop: &Desktop, shot: &Path, mut alive: impl FnMut() -> Result<(), String>) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        std::thread::sleep(Duration::from_millis(500));
        if let Err(why) = alive() {
            panic!("{why}");
        }
        desktop.screenshot(shot);
        if colour_count(shot) >= MIN_COLOURS || Instant::now() > deadline {
            break;
        }
    }
    // Let the page settle, then keep the final picture.
    std::thread::sleep(Duration::from_secs(2));
    desktop.screenshot(shot);
    colour_count(shot)
}

fn stop(mut child: Child) {
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn deb_is_under_the_size_limit_and_describes_closeout() {
    let Some(deb) = unpack() else { return };
    let size = std::fs::metadata(&deb.deb).unwrap().len();
    eprintln!("{}: {:.1} MB", deb.deb.display(), size as f64 / 1e6);
    assert!(size <= MAX_DEB_BYTES, "the .deb is {size} bytes; the limit is {MAX_DEB_BYTES}");

    assert_eq!(control_field(&deb.deb, "Package"), "closeout");
    assert_eq!(control_field(&deb.deb, "Version"), app_version(), "the package version is the app's");
    assert!(control_field(&deb.deb, "Description").contains("AliExpress"));
    let depends = control_field(&deb.deb, "Depends");
    assert!(depends.contains("libwebkit2gtk-4.1-0"), "Depends: {depends}");

    // Everything lands under /usr, nothing in /etc, /opt or a home folder.
    let top: Vec<String> =
        std::fs::read_dir(deb.root.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    assert_eq!(top, ["usr"], "the package installs only under /usr");

    // The installed binary is the command line too.
    let out = Command::new(deb.bin()).arg("--help").stdin(Stdio::null()).output().expect("the unpacked closeout runs");
    assert!(out.status.success(), "closeout --help: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn deb_puts_closeout_in_the_menu_with_its_icon_at_every_size() {
    let Some(deb) = unpack() else { return };
    let (file, entry) = deb.desktop_entry();
    let get = |key: &str| entry.get(key).unwrap_or_else(|| panic!("{} has no {key}=", file.display())).as_str();

    assert_eq!(get("Type"), "Application");
    assert_eq!(get("Name"), "Closeout");
    assert!(!get("Comment").is_empty());
    assert_eq!(get("Terminal"), "false");
    let exec: Vec<&str> = get("Exec").split_whitespace().collect();
    assert_eq!(exec[0], "closeout-app", "Exec starts the installed window (on PATH as /usr/bin/closeout-app)");
    assert!(deb.window().is_file(), "usr/bin/closeout-app is in the package");
    assert!(deb.bin().is_file(), "usr/bin/closeout, the command line, is in the package");
    let categories: Vec<&str> = get("Categories").split(';').collect();
    assert!(
        categories.contains(&"Finance") || categories.contains(&"Office"),
        "Categories include Finance or Office: {categories:?}"
    );

    if Command::new("desktop-file-validate").arg("--help").output().is_ok() {
        let report = output_text(Command::new("desktop-file-validate").arg(&file));
        assert!(report.trim().is_empty(), "desktop-file-validate {}:\n{report}", file.display());
    } else {
        eprintln!("desktop-file-validate skipped: desktop-file-utils is not installed");
    }

    // The bundler names the icons after the main program, the window.
    assert_eq!(get("Icon"), "closeout-app");
    for size in ICON_SIZES {
        let icon = deb.path(&format!("usr/share/icons/hicolor/{size}x{size}/apps/closeout-app.png"));
        assert_eq!(png_size(&icon), (size, size), "{}", icon.display());
    }
    let svg = std::fs::read_to_string(deb.path("usr/share/icons/hicolor/scalable/apps/closeout-app.svg")).unwrap();
    assert!(svg.contains("<svg"), "the scalable icon is an SVG");
}

#[test]
fn deb_associates_closeout_files_with_closeout() {
    let Some(deb) = unpack() else { return };
    let (file, entry) = deb.desktop_entry();

    // The menu entry takes the file a double-click hands it, and says which type it opens.
    let exec = &entry["Exec"];
    assert!(["%f", "%F", "%u", "%U"].iter().any(|code| exec.split_whitespace().any(|w| w == *code)), "Exec={exec}");
    let mime_types: Vec<&str> = entry.get("MimeType").map(String::as_str).unwrap_or("").split(';').collect();
    assert!(mime_types.contains(&MIME_TYPE), "{}: MimeType={mime_types:?}", file.display());

    // The shared-mime-info package that names *.closeout files that type.
    let xml_path = deb.path("usr/share/mime/packages/closeout.xml");
    let xml = std::fs::read_to_string(&xml_path).unwrap_or_else(|e| panic!("{}: {e}", xml_path.display()));
    assert!(xml.contains(&format!("<mime-type type=\"{MIME_TYPE}\"")), "{xml}");
    assert!(xml.contains("pattern=\"*.closeout\""), "{xml}");

    // And the desktop reads them so: with the caches built as on install, GIO (what file
    // managers ask) says a real case file is that type and Closeout is the app for it.
    if !desktop_tools() {
        return;
    }
    register(&deb);
    let scratch = tempfile::tempdir().unwrap();
    let case = scratch.path().join("Maple Craft Supplies.closeout");
    let out = Command::new(deb.bin())
        .arg("new")
        .arg(&case)
        .args(["--store", "Maple Craft Supplies", "--region", "CN", "--stop-date", "2026-09-15"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "closeout new: {}", String::from_utf8_lossy(&out.stderr));
    let gio = |args: &[&str]| {
        let mut command = Command::new("gio");
        command
            .args(args)
            .env("HOME", scratch.path())
            .env("XDG_DATA_HOME", scratch.path().join("data"))
            .env("XDG_CONFIG_HOME", scratch.path().join("config"));
        output_text(as_installed(&mut command, &deb))
    };
    let info = gio(&["info", "--attributes=standard::content-type", case.to_str().unwrap()]);
    assert!(info.contains(&format!("standard::content-type: {MIME_TYPE}")), "gio info on a case file:\n{info}");
    let handlers = gio(&["mime", MIME_TYPE]);
    let desktop_id = file.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        handlers
            .lines()
            .next()
            .is_some_and(|first| first.contains("Default application") && first.contains(&desktop_id)),
        "gio mime {MIME_TYPE} names {desktop_id} the default:\n{handlers}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unpacked_app_starts_on_the_home_screen() {
    let Some(deb) = unpack() else { return };
    if windows_skipped() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");

    // As a seller starts it from the menu: no driver, just the binary. Wait until the screen is
    // no longer empty; the picture is kept for people to look at.
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("installer-home.png");
    let log_path = desktop.path("closeout.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut child = desktop
        .command(deb.window())
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("the unpacked binary starts");
    let colours = wait_for_drawn_screen(&desktop, &shot, || match child.try_wait().unwrap() {
        None => Ok(()),
        Some(status) => Err(format!(
            "the unpacked app exited ({status}) instead of showing its window:\n{}",
            std::fs::read_to_string(&log_path).unwrap_or_default()
        )),
    });
    stop(child);
    eprintln!("screenshot of the unpacked app: {} ({colours} colours)", shot.display());
    assert!(colours >= MIN_COLOURS, "the screen stayed (nearly) blank: {colours} colours in {}", shot.display());

    // `closeout` typed in a terminal with no command starts that same window and returns.
    let out = as_installed(&mut desktop.command(deb.bin()), &deb).output().expect("the unpacked CLI runs");
    assert!(out.status.success(), "closeout (no command): {}", String::from_utf8_lossy(&out.stderr));
    let started = Foreign::find(&deb.window(), deb.window().to_str().unwrap(), Duration::from_secs(15));
    assert!(started.is_some(), "`closeout` with no command did not start the unpacked closeout-app");
    drop(started);

    // The window driven through tauri-driver: it is the home screen, in words.
    let app = desktop.launch_binary(&deb.window(), &[]).await;
    assert_eq!(app.text("new-case").await, "New case");
    app.wait_testid("open-case").await;
    app.wait_testid("no-recent").await;
    let title = app.client().find(Locator::Css(".hero h1")).await.unwrap().text().await.unwrap();
    assert!(title.contains("AliExpress"), "home title: {title:?}");
    assert_eq!(app.client().title().await.unwrap(), "Closeout");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn double_clicking_a_case_opens_it_in_the_unpacked_app() {
    let Some(deb) = unpack() else { return };
    if windows_skipped() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let case = desktop.path("Maple Craft Supplies.closeout");
    let case_str = case.to_str().unwrap();
    let out = desktop
        .command(deb.bin())
        .arg("new")
        .arg(&case)
        .args(["--store", "Maple Craft Supplies", "--region", "CN", "--stop-date", "2026-09-15"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "closeout new: {}", String::from_utf8_lossy(&out.stderr));

    // The double-click itself: `gio open` does what a file manager does with the file, through
    // the MIME database and the menu entry; the unpacked app must start with the file.
    if desktop_tools() {
        register(&deb);
        // Into a file, not a pipe: the app gio starts inherits gio's output, and reading a pipe
        // to its end would wait for the app to quit.
        let log = tempfile::NamedTempFile::new().unwrap();
        let status = as_installed(desktop.command("gio").args(["open", case_str]), &deb)
            .stdout(log.reopen().unwrap())
            .stderr(log.reopen().unwrap())
            .status()
            .expect("gio runs");
        let opened = format!("{status}: {}", std::fs::read_to_string(log.path()).unwrap_or_default());
        let Some(app) = Foreign::find(&deb.window(), case_str, Duration::from_secs(15)) else {
            panic!("gio open {case_str} did not start the unpacked closeout with the file: {opened}");
        };
        let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("installer-double-click.png");
        let proc_dir = PathBuf::from(format!("/proc/{}", app.0));
        let colours = wait_for_drawn_screen(&desktop, &shot, || {
            if proc_dir.exists() {
                Ok(())
            } else {
                Err("the app opened by gio exited".into())
            }
        });
        drop(app);
        eprintln!("screenshot after gio open: {} ({colours} colours)", shot.display());
        assert!(colours >= MIN_COLOURS, "the screen stayed (nearly) blank: {colours} colours in {}", shot.display());
    }

    // What the app shows when started that way: the menu entry's Exec line with the file in
    // place of %f, driven through tauri-driver. The case opens, not the home screen.
    let (_, entry) = deb.desktop_entry();
    let exec: Vec<&str> = entry["Exec"].split_whitespace().collect();
    assert_eq!(exec[0], "closeout-app");
    let args: Vec<&str> =
        exec[1..].iter().map(|w| if matches!(*w, "%f" | "%F" | "%u" | "%U") { case_str } else { w }).collect();
    assert!(args.contains(&case_str), "Exec={} passes the file on", entry["Exec"]);
    let app = desktop.launch_binary(&deb.window(), &args).await;
    assert_eq!(app.text("tasks-title").await, "Close your store");
    app.quit().await;
}
