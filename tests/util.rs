//! Shared helpers: run the real `closeout` binary, make scratch folders and foreign files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "../bench/generate.rs"]
mod generate;
pub use generate::{write_ledger_csv, write_orders_csv, write_orders_xlsx};

/// The command line, `closeout`.
pub fn closeout_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_closeout"))
}

/// The window, `closeout-app` (built with the `desktop` feature only).
#[cfg(feature = "desktop")]
pub fn window_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_closeout-app"))
}

/// The `closeout` binary in the C locale: it speaks English whatever the machine's language,
/// so tests that read its words do not depend on where they run (`--lang` picks another).
pub fn closeout_command() -> Command {
    let mut command = Command::new(closeout_bin());
    command.env("LC_ALL", "C").env("LANG", "C");
    command
}

/// Runs `closeout ARGS…` and returns its output; never inherits the caller's stdin.
pub fn closeout(args: &[&str]) -> Output {
    closeout_command().args(args).stdin(std::process::Stdio::null()).output().expect("closeout binary runs")
}

/// `closeout import CASE FILES… --json [extra…]`: the exit code and each file's report, each
/// checked to count every row it read exactly once.
pub fn import_json(case: &Path, files: &[PathBuf], extra: &[&str]) -> (Option<i32>, Vec<serde_json::Value>) {
    let mut args = vec!["import", path_str(case)];
    args.extend(files.iter().map(|f| path_str(f)));
    args.push("--json");
    args.extend(extra);
    let out = closeout(&args);
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    let reports = json["files"].as_array().expect("a files array").clone();
    reports.iter().for_each(assert_rows_add_up);
    (out.status.code(), reports)
}

/// Every data row of a file is counted once: new, updated, unchanged, duplicate or kept aside.
pub fn assert_rows_add_up(report: &serde_json::Value) {
    let n = |key: &str| report[key].as_u64().unwrap_or_else(|| panic!("{key} in {report}"));
    let listed = |key: &str| report[key].as_array().unwrap_or_else(|| panic!("{key} in {report}")).len() as u64;
    assert_eq!(
        n("rows"),
        n("new") + n("updated") + n("unchanged") + listed("duplicates") + listed("rejected_rows"),
        "rows = new + updated + unchanged + duplicates + rejected rows: {report}"
    );
}

/// The samples' `expected.json` counts the good rows and the rejected ones apart; a report's
/// `rows` counts every data row read.
pub fn rows_read(expected: &serde_json::Value) -> u64 {
    expected["rows"].as_u64().expect("rows") + expected["rejected"].as_u64().unwrap_or(0)
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

/// Slow tests run when CLOSEOUT_SLOW_TESTS=1 (the README's test command sets it).
pub fn slow_tests_enabled(name: &str) -> bool {
    let on = std::env::var_os("CLOSEOUT_SLOW_TESTS").is_some_and(|v| v == "1");
    if !on {
        eprintln!("{name}: skipped; set CLOSEOUT_SLOW_TESTS=1 to run it");
    }
    on
}

/// Runs `closeout ARGS…` and returns its output and its own peak resident memory, read from
/// `/proc/PID/status` (VmHWM) while it runs. Not from wait4 or RUSAGE_CHILDREN: Linux counts
/// the parent's peak in a spawned child's `ru_maxrss` (the child shares the parent's memory until
/// exec), so in a busy test binary they report the test binary, not the import.
pub fn closeout_measured(args: &[&str]) -> (Output, u64) {
    let child = closeout_command()
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("closeout binary runs");
    let status = format!("/proc/{}/status", child.id());
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut peak_kb = 0u64;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let hwm = std::fs::read_to_string(&status).ok().and_then(|text| {
                    let line = text.lines().find(|l| l.starts_with("VmHWM:"))?.to_owned();
                    line.split_whitespace().nth(1)?.parse::<u64>().ok()
                });
                peak_kb = peak_kb.max(hwm.unwrap_or(0));
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            peak_kb * 1024
        })
    };
    let output = child.wait_with_output().expect("closeout binary ends");
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    (output, watcher.join().unwrap())
}

/// A sample file of tests/fixtures/samples (described in its README.md).
pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/samples").join(name)
}

pub fn sample_bytes(name: &str) -> Vec<u8> {
    std::fs::read(sample(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// xorshift64*: a deterministic stream of pseudo-random numbers, so a failure reproduces.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Random bytes, and the samples truncated (CSV structure bytes and `#` favoured), with bytes flipped, or with a slice repeated.
pub fn fuzz_input(rng: &mut Rng, samples: &[Vec<u8>]) -> Vec<u8> {
    let sample = &samples[rng.below(samples.len())];
    let mut bytes = match rng.below(5) {
        0 => (0..rng.below(2048)).map(|_| rng.next() as u8).collect(),
        1 => sample[..rng.below(sample.len() + 1)].to_vec(),
        2 => {
            let (from, to) = (rng.below(sample.len()), rng.below(sample.len()));
            let (from, to) = (from.min(to), from.max(to));
            [&sample[..to], &sample[from..]].concat()
        }
        _ => sample.clone(),
    };
    for _ in 0..rng.below(8) {
        let at = rng.below(bytes.len());
        if let Some(b) = bytes.get_mut(at) {
            *b = match rng.below(5) {
                0 => rng.next() as u8,
                1 => b',',
                2 => b'"',
                3 => b'#',
                _ => b'\n',
            };
        }
    }
    bytes
}

/// The samples' store (Maple Craft Supplies, CN, stopped 2026-09-15) as a new case in `dir`.
pub fn scenario_a_case(dir: &Path, file_name: &str) -> PathBuf {
    let case = dir.join(file_name);
    let out = closeout(&[
        "new",
        path_str(&case),
        "--store",
        "Maple Craft Supplies (枫叶手工)",
        "--region",
        "CN",
        "--timezone",
        "Asia/Shanghai",
        "--stop-date",
        "2026-09-15",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    case
}

/// Words a Chinese message may keep in Latin letters. Everything else in Latin letters is
/// English that should have been translated.
///
/// - Names of products and formats, written so on the seller's screen whatever the language:
///   Closeout, Excel, Office, Unicode, SQLite, Antom, Shopee, Gmarket, Qoo10, IANA, WebP (a
///   picture format, named so on every screen), and file types as the file names end (zip,
///   xlsx, html; shorter ones pass as words too short to flag).
///   (Alipay, AliExpress and WeChat are *not* allowed: Chinese says 支付宝, 速卖通, 微信.)
/// - Values a person types on the command line, which the messages name as they must be typed:
///   seller, bookkeeper, done, letter, en.
/// - Besides this list, `english_runs` lets through: anything in quotes (“…”, "…", `…`), since
///   that is a value as written (a cell, a typed value, a command); tokens with a digit or with
///   `/ . _ - + :` in them (ids, numbers, dates, file names and paths, format ids such as
///   aliexpress-orders, zone names, --flags); and all-capital acronyms (CSV, GBK, ID, MB, CNY,
///   UTF, PDF, CASE …).
const ALLOWED: [&str; 18] = [
    "closeout",
    "webp",
    "excel",
    "office",
    "unicode",
    "sqlite",
    "antom",
    "shopee",
    "gmarket",
    "iana",
    "seller",
    "bookkeeper",
    "done",
    "letter",
    "en",
    "zip",
    "xlsx",
    "html",
];

/// The runs of English in `text`: two or more Latin words of two letters or more in a row
/// (separated by spaces only), or one such word of four letters or more, after what
/// `ALLOWED` says may stay is taken out.
pub fn english_runs(text: &str) -> Vec<String> {
    let text = without_quoted(text);
    let mut runs = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, runs: &mut Vec<String>| {
        if run.len() >= 2 || run.first().is_some_and(|w| w.len() >= 4) {
            runs.push(run.join(" "));
        }
        run.clear();
    };
    let is_token_char = |c: char| c.is_ascii_alphanumeric() || "_./\\-+:".contains(c);
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let start = rest.find(is_token_char).unwrap_or(rest.len());
        // Only spaces between two words keep them in one run.
        if !rest[..start].chars().all(|c| c == ' ') {
            flush(&mut run, &mut runs);
        }
        rest = &rest[start..];
        let end = rest.find(|c: char| !is_token_char(c)).unwrap_or(rest.len());
        let token = rest[..end].trim_end_matches(['.', ':']);
        let english = token.len() >= 2
            && token.chars().all(|c| c.is_ascii_alphabetic())
            && !token.chars().all(|c| c.is_ascii_uppercase())
            && !ALLOWED.contains(&token.to_ascii_lowercase().as_str());
        if english {
            run.push(token.to_owned());
        } else if !token.is_empty() {
            flush(&mut run, &mut runs);
        }
        rest = &rest[end..];
    }
    flush(&mut run, &mut runs);
    runs
}

/// `text` without what is quoted in it: values as written, never translated.
fn without_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut closing: Option<char> = None;
    for c in text.chars() {
        match closing {
            Some(close) if c == close => closing = None,
            Some(_) => {}
            None => match c {
                '“' => closing = Some('”'),
                '"' => closing = Some('"'),
                '`' => closing = Some('`'),
                c => out.push(c),
            },
        }
    }
    out
}

/// Whether `text` holds any Chinese character.
pub fn has_han(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The first column of a worksheet below its header: order ids, each of which must be a text
/// cell (a number cell is the `8.18781E+15` damage a workbook must never do).
pub fn ids_in_first_column(sheet: &calamine::Range<calamine::Data>) -> std::collections::BTreeSet<String> {
    sheet
        .rows()
        .skip(1)
        .map(|row| match &row[0] {
            calamine::Data::String(id) => id.clone(),
            other => panic!("an order id that is not text: {other:?}"),
        })
        .collect()
}
