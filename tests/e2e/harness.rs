//! One isolated desktop per test: an Xvfb display, a tauri-driver, fresh HOME and XDG folders,
//! and a WebDriver session on the app. Everything is torn down on drop, tauri-driver by SIGTERM
//! so WebKitWebDriver releases its port.

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

use crate::util::window_bin;

pub fn skip() -> bool {
    if std::env::var_os("CLOSEOUT_SKIP_E2E").is_some_and(|v| v == "1") {
        eprintln!("end-to-end test skipped: CLOSEOUT_SKIP_E2E=1");
        return true;
    }
    false
}

/// A scratch user: HOME and XDG dirs in one temp folder, kept across app restarts.
pub struct Desktop {
    pub home: tempfile::TempDir,
    xvfb: Child,
    display: String,
    lang: &'static str,
    /// A private D-Bus session bus (address, daemon), for tests of the single-instance handover.
    bus: Option<(String, Child)>,
}

impl Desktop {
    pub fn new(lang: &'static str) -> Desktop {
        let home = tempfile::tempdir().unwrap();
        let (xvfb, display) = start_xvfb();
        Desktop { home, xvfb, display, lang, bus: None }
    }

    /// A desktop with its own session bus, as a logged-in user has.
    pub fn with_session_bus(lang: &'static str) -> Desktop {
        let mut desktop = Desktop::new(lang);
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon starts (Debian package dbus)");
        let address = first_line(&mut daemon);
        assert!(address.starts_with("unix:"), "dbus-daemon printed its address: {address:?}");
        desktop.bus = Some((address, daemon));
        desktop
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.home.path().join(rel)
    }

    /// A command that runs `program` as this scratch user on this display.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        command
            .env("DISPLAY", &self.display)
            .env("HOME", self.home.path())
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("LANG", self.lang)
            .env("LC_ALL", self.lang)
            .env_remove("LANGUAGE");
        match &self.bus {
            Some((address, _)) => command.env("DBUS_SESSION_BUS_ADDRESS", address),
            // No bus unless the test asks for one: each test's app stays on its own.
            None => command.env_remove("DBUS_SESSION_BUS_ADDRESS").env("XDG_RUNTIME_DIR", self.path("run")),
        };
        command
    }

    /// Starts the app (with `args`) and connects a WebDriver session to it.
    pub async fn launch(&self, args: &[&str]) -> App {
        self.launch_binary(&window_bin(), args).await
    }

    /// Like `launch`, for another build of the app (the one unpacked from the installer).
    /// Starts the app under a fresh tauri-driver. A session that has not started within a minute
    /// (seen once in some hundred launches: the app relaunched at once on the same case never
    /// answered, and the test waited forever) is abandoned and started once more, said on
    /// stderr, so such a hang fails or recovers instead of stalling the test command.
    pub async fn launch_binary(&self, bin: &Path, args: &[&str]) -> App {
        for attempt in 1..=2 {
            match tokio::time::timeout(Duration::from_secs(60), self.start_session(bin, args)).await {
                Ok(app) => return app,
                Err(_) => eprintln!("the app's WebDriver session did not start within 60 s (attempt {attempt})"),
            }
        }
        panic!("the app's WebDriver session did not start twice in a row");
    }

    async fn start_session(&self, bin: &Path, args: &[&str]) -> App {
        let port = free_port();
        let native_port = free_port();
        let driver_bin = which("tauri-driver");
        let mut driver = self
            .command(driver_bin)
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tauri-driver starts");
        wait_for_port(port, &mut driver);
        // Owned by an App from here, so tauri-driver is stopped on drop even if the session
        // never starts (the timeout above drops this future).
        let mut app = App { client: None, driver };

        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), serde_json::json!({ "application": bin, "args": args }));
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("WebDriver session on the app");
        app.client = Some(client);
        app.wait_testid("language").await;
        app
    }

    /// A PNG of the whole screen, for looking at what the test saw.
    pub fn screenshot(&self, out: &Path) {
        let _ = Command::new("import")
            .args(["-window", "root", out.to_str().unwrap()])
            .env("DISPLAY", &self.display)
            .status();
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        if let Some((_, daemon)) = &mut self.bus {
            let _ = daemon.kill();
            let _ = daemon.wait();
        }
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

pub struct App {
    client: Option<Client>,
    driver: Child,
}

impl App {
    pub fn client(&self) -> &Client {
        self.client.as_ref().unwrap()
    }

    pub async fn wait_testid(&self, testid: &str) -> Element {
        self.client()
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(&format!("[data-testid=\"{testid}\"]")))
            .await
            .unwrap_or_else(|e| panic!("element {testid} did not appear: {e}"))
    }

    pub async fn click(&self, testid: &str) {
        self.wait_testid(testid).await.click().await.unwrap();
    }

    pub async fn text(&self, testid: &str) -> String {
        self.wait_testid(testid).await.text().await.unwrap()
    }

    /// Waits until the element's text contains `needle` (screens render asynchronously).
    pub async fn wait_text(&self, testid: &str, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let text = match self.client().find(Locator::Css(&format!("[data-testid=\"{testid}\"]"))).await {
                Ok(el) => el.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(needle) {
                return text;
            }
            assert!(Instant::now() < deadline, "{testid} never showed {needle:?}; it shows {text:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn type_into(&self, testid: &str, text: &str) {
        let el = self.wait_testid(testid).await;
        el.clear().await.unwrap();
        el.send_keys(text).await.unwrap();
    }

    /// Sets a field's value as a picker would (date inputs differ between WebKit builds).
    pub async fn set_value(&self, testid: &str, value: &str) {
        let el = self.wait_testid(testid).await;
        self.client()
            .execute(
                "arguments[0].value = arguments[1];
                 arguments[0].dispatchEvent(new Event('input', {bubbles: true}));
                 arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                vec![serde_json::to_value(&el).unwrap(), value.into()],
            )
            .await
            .unwrap();
    }

    pub async fn select(&self, testid: &str, value: &str) {
        self.wait_testid(testid).await.select_by_value(value).await.unwrap();
    }

    pub async fn value(&self, testid: &str) -> String {
        self.wait_testid(testid).await.prop("value").await.unwrap().unwrap_or_default()
    }

    /// With CLOSEOUT_SCREENSHOTS set to a folder, saves what the window shows there as NAME.png,
    /// for a person to look at.
    pub async fn save_screenshot(&self, name: &str) {
        if let Some(dir) = std::env::var_os("CLOSEOUT_SCREENSHOTS") {
            // WebKit paints a changed page a frame or two later; a shot taken at once is blank.
            self.client()
                .execute_async(
                    "const done = arguments[arguments.length - 1];
                     requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300)));",
                    vec![],
                )
                .await
                .unwrap();
            let png = self.client().screenshot().await.expect("a screenshot of the window");
            std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).expect("screenshot saved");
        }
    }

    /// Makes the page's next file dialog of kind `open` or `save` answer `path`: WebDriver cannot
    /// drive the native dialog, so the dialog plugin's function stands in for it, and everything
    /// from the click that opens it on is the app's own.
    pub async fn answer_dialog(&self, kind: &str, path: &str) {
        let script = "window.__TAURI__.dialog[arguments[0]] = async () => arguments[1];
                      return window.__TAURI__.dialog[arguments[0]].length === 0;";
        let replaced = self.client().execute(script, vec![kind.into(), path.into()]).await.unwrap();
        assert_eq!(replaced, true, "the page's dialog plugin can be stood in for");
    }

    /// Calls an app command the way the page does (`ui/lib/ipc.js`): what it returned, or the
    /// `{code, message}` it failed with.
    pub async fn call(&self, command: &str, args: serde_json::Value) -> Result<serde_json::Value, serde_json::Value> {
        let answer = self
            .client()
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 import('./lib/ipc.js').then((ipc) => ipc.call(arguments[0], arguments[1]))
                   .then((v) => done({ ok: v ?? null }), (e) => done({ err: e }));",
                vec![command.into(), args],
            )
            .await
            .unwrap();
        match answer.get("err") {
            Some(err) => Err(err.clone()),
            None => Ok(answer["ok"].clone()),
        }
    }

    /// Ends the session (the app quits) and the driver.
    pub async fn quit(mut self) {
        if let Some(client) = self.client.take() {
            let _ = client.close().await;
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // SIGTERM lets tauri-driver stop WebKitWebDriver and free the native port.
        let _ = Command::new("kill").args(["-TERM", &self.driver.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.driver.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn which(bin: &str) -> PathBuf {
    let candidates = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin")));
    for dir in candidates {
        let path = dir.join(bin);
        if path.is_file() {
            return path;
        }
    }
    panic!("{bin} is not installed: run `bash scripts/test.sh`, which installs it (or set CLOSEOUT_SKIP_E2E=1)");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn wait_for_port(port: u16, driver: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = driver.try_wait() {
            let mut err = String::new();
            let _ = driver.stderr.take().unwrap().read_to_string(&mut err);
            panic!("tauri-driver exited ({status}): {err}");
        }
        assert!(Instant::now() < deadline, "tauri-driver did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts Xvfb on a display it picks itself (-displayfd) and returns ":N".
fn start_xvfb() -> (Child, String) {
    let xvfb = which("Xvfb");
    let mut child = Command::new(xvfb)
        .args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let number = first_line(&mut child);
    assert!(!number.trim().is_empty(), "Xvfb reported no display number");
    (child, format!(":{}", number.trim()))
}

/// The first line a child prints (read a byte at a time: the rest stays in the pipe, unread).
fn first_line(child: &mut Child) -> String {
    let mut out = child.stdout.take().expect("stdout is piped");
    let (mut line, mut byte) = (String::new(), [0u8; 1]);
    while out.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
        line.push(byte[0] as char);
    }
    line
}
