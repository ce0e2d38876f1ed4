//! The import benchmark (`bash bench/run.sh`): generated order exports of 10k, 100k and 1M rows
//! and a 1M-row Alipay ledger, each imported by `closeout import` and, as the reference, by the
//! sqlite3 shell's `.import --csv` into an on-disk table of the same columns; then `check` and
//! `report` on the 1M-order case. Every figure is the median of `--runs` runs, measured side by
//! side in one run; the table is printed and appended to `bench/results/DATE-MACHINE.md`.
//!
//! Usage: bench [--runs N] [--sizes 10000,100000,1000000] [--ledger ROWS] [--xlsx ROWS]
//!        [--baseline BIN] --closeout BIN
//! `--xlsx` is the size of the order export as an xlsx workbook (0: none); its reference is the
//! sqlite3 shell importing the same orders as CSV.
//! `--baseline` measures a second closeout build (say, the one before a change) beside it.

#[path = "generate.rs"]
mod generate;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Options {
    closeout: PathBuf,
    baseline: Option<PathBuf>,
    runs: usize,
    sizes: Vec<u64>,
    ledger: u64,
    xlsx: u64,
}

fn options() -> Options {
    let mut o = Options {
        closeout: PathBuf::new(),
        baseline: None,
        runs: 3,
        sizes: vec![10_000, 100_000, 1_000_000],
        ledger: 1_000_000,
        xlsx: 1_000_000,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage(&format!("{arg} needs a value")));
        match arg.as_str() {
            "--closeout" => o.closeout = PathBuf::from(value()),
            "--baseline" => o.baseline = Some(PathBuf::from(value())),
            "--runs" => o.runs = value().parse().unwrap_or_else(|_| usage("--runs takes a number")),
            "--sizes" => {
                o.sizes =
                    value().split(',').map(|s| s.parse().unwrap_or_else(|_| usage("--sizes takes numbers"))).collect()
            }
            "--ledger" => o.ledger = value().parse().unwrap_or_else(|_| usage("--ledger takes a number")),
            "--xlsx" => o.xlsx = value().parse().unwrap_or_else(|_| usage("--xlsx takes a number")),
            _ => usage(&format!("unknown argument {arg}")),
        }
    }
    if o.closeout.as_os_str().is_empty() {
        usage("--closeout BIN is required");
    }
    o.runs = o.runs.max(1);
    o
}

fn usage(why: &str) -> ! {
    eprintln!("bench: {why}\nusage: bench --closeout BIN [--baseline BIN] [--runs N] [--sizes 10000,100000,1000000] [--ledger ROWS] [--xlsx ROWS]");
    std::process::exit(2);
}

/// One finished child: how long it took, its peak resident memory and what it printed.
struct Run {
    wall: Duration,
    peak_rss: u64,
    stdout: String,
}

/// Runs `command` to the end with its stdin from `input` (a file) and its stdout to a file;
/// the peak RSS is the child's own (wait4), not this process's.
fn measure(command: &mut Command, input: Option<&Path>, scratch: &Path) -> Run {
    let (out_path, err_path) = (scratch.join("stdout.txt"), scratch.join("stderr.txt"));
    let stdin = match input {
        Some(path) => Stdio::from(std::fs::File::open(path).unwrap()),
        None => Stdio::null(),
    };
    // Each run starts with nothing left to write back: otherwise the previous run's dirty pages
    // are flushed during this one and its fsyncs wait for them (it decided the 10k figures).
    // SAFETY: sync(2) takes no arguments and cannot fail.
    unsafe { libc::sync() };
    let started = Instant::now();
    // Reaped by wait4 below, which also gives the child's own resource usage.
    #[allow(clippy::zombie_processes)]
    let child = command
        .stdin(stdin)
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: wait4 on our own child fills `status` and `usage`; `child` is not waited on again.
    let usage = unsafe {
        assert_eq!(libc::wait4(pid, &mut status, 0, usage.as_mut_ptr()), pid, "wait4");
        usage.assume_init()
    };
    let wall = started.elapsed();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "{command:?} failed: {stderr}");
    Run { wall, peak_rss: usage.ru_maxrss as u64 * 1024, stdout: std::fs::read_to_string(&out_path).unwrap() }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// A data file to import: how it is made and how the sqlite3 shell reads the same bytes.
struct Dataset {
    name: String,
    path: PathBuf,
    /// The CSV the sqlite3 shell imports: the file itself, or the same rows as CSV.
    reference: PathBuf,
    rows: u64,
    /// Columns of the reference table, and lines before the first data row.
    columns: usize,
    skip: usize,
}

fn datasets(o: &Options, data: &Path) -> Vec<Dataset> {
    let mut sets = Vec::new();
    for &n in &o.sizes {
        let path = data.join(format!("orders-{n}.csv"));
        if !path.exists() {
            eprintln!("generating {}", path.display());
            generate::write_orders_csv(&path, n);
        }
        sets.push(Dataset {
            name: format!("orders {}", human(n)),
            reference: path.clone(),
            path,
            rows: n,
            columns: 27,
            skip: 1,
        });
    }
    if o.ledger > 0 {
        let path = data.join(format!("ledger-{}.csv", o.ledger));
        if !path.exists() {
            eprintln!("generating {}", path.display());
            generate::write_ledger_csv(&path, o.ledger);
        }
        // The reference skips the 4 `#` lines and the header; the footer's 4 lines become rows
        // of it (they have the 12 cells), which the shell imports without complaint.
        sets.push(Dataset {
            name: format!("ledger {}", human(o.ledger)),
            reference: path.clone(),
            path,
            rows: o.ledger,
            columns: 12,
            skip: 5,
        });
    }
    if o.xlsx > 0 {
        let (path, csv) = (data.join(format!("orders-{}.xlsx", o.xlsx)), data.join(format!("orders-{}.csv", o.xlsx)));
        for (file, write) in
            [(&path, generate::write_orders_xlsx as fn(&Path, u64)), (&csv, generate::write_orders_csv)]
        {
            if !file.exists() {
                eprintln!("generating {}", file.display());
                write(file, o.xlsx);
            }
        }
        let name = format!("workbook (xlsx) {}", human(o.xlsx));
        sets.push(Dataset { name, path, reference: csv, rows: o.xlsx, columns: 27, skip: 1 });
    }
    sets
}

fn human(n: u64) -> String {
    match n {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

/// A new case with the settlement currency the generated files use.
fn new_case(closeout: &Path, case: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", case.display()));
    }
    let status = Command::new(closeout)
        .args(["new", case.to_str().unwrap(), "--store", "Bench", "--region", "CN"])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "closeout new failed");
}

/// `closeout import`, checked: every row read and new.
fn closeout_import(closeout: &Path, set: &Dataset, case: &Path, scratch: &Path) -> Run {
    new_case(closeout, case);
    let run = measure(
        Command::new(closeout).args(["import", case.to_str().unwrap(), set.path.to_str().unwrap(), "--json"]),
        None,
        scratch,
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("import --json prints JSON");
    let file = &report["files"][0];
    assert_eq!(file["status"], "imported", "{file}");
    assert_eq!(file["rows"], set.rows, "{}: rows", set.name);
    assert_eq!(file["new"], set.rows, "{}: new", set.name);
    run
}

/// The sqlite3 shell's `.import --csv` of the same file into a fresh on-disk table with the
/// same number of columns, in the shell's default durability (rollback journal, synchronous
/// FULL), in one transaction as `.import` does.
fn sqlite_import(set: &Dataset, scratch: &Path) -> Run {
    let db = scratch.join("reference.sqlite");
    for suffix in ["", "-journal", "-wal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let columns: Vec<String> = (1..=set.columns).map(|c| format!("c{c} TEXT")).collect();
    let script = scratch.join("reference.sql");
    std::fs::write(
        &script,
        format!(
            "CREATE TABLE t ({});\n.import --csv --skip {} '{}' t\n",
            columns.join(", "),
            set.skip,
            set.reference.display()
        ),
    )
    .unwrap();
    let run = measure(Command::new("sqlite3").arg(&db).arg("-bail"), Some(&script), scratch);
    let count = Command::new("sqlite3").arg(&db).arg("SELECT count(*) FROM t").output().unwrap();
    let count: u64 = String::from_utf8_lossy(&count.stdout).trim().parse().unwrap();
    assert!(count >= set.rows, "{}: the reference imported {count} rows", set.name);
    run
}

struct ImportRow {
    name: String,
    rows: u64,
    closeout: f64,
    closeout_rss: u64,
    baseline: Option<(f64, u64)>,
    sqlite: f64,
}

fn main() {
    let o = options();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("bench/data");
    let scratch = data.join("work");
    std::fs::create_dir_all(&scratch).unwrap();
    let case = scratch.join("bench.closeout");
    let base_case = scratch.join("baseline.closeout");

    let sets = datasets(&o, &data);
    let mut rows = Vec::new();
    for set in &sets {
        let (mut ours, mut rss, mut base, mut base_rss, mut reference) = (vec![], 0, vec![], 0, vec![]);
        // One round unmeasured: it deletes what the previous dataset left (hundreds of MB, whose
        // freeing the first measured fsyncs would otherwise wait for) and warms the page cache.
        closeout_import(&o.closeout, set, &case, &scratch);
        if let Some(b) = &o.baseline {
            closeout_import(b, set, &base_case, &scratch);
        }
        sqlite_import(set, &scratch);
        for run in 0..o.runs {
            // Alternate who goes first, so neither always meets a warm or cold page cache.
            let order = if run % 2 == 0 { [0, 1, 2] } else { [2, 1, 0] };
            for who in order {
                match who {
                    0 => {
                        let r = closeout_import(&o.closeout, set, &case, &scratch);
                        ours.push(r.wall.as_secs_f64());
                        rss = rss.max(r.peak_rss);
                    }
                    1 => {
                        if let Some(b) = &o.baseline {
                            let r = closeout_import(b, set, &base_case, &scratch);
                            base.push(r.wall.as_secs_f64());
                            base_rss = base_rss.max(r.peak_rss);
                        }
                    }
                    _ => reference.push(sqlite_import(set, &scratch).wall.as_secs_f64()),
                }
            }
            eprintln!("{}: run {} of {} done", set.name, run + 1, o.runs);
        }
        rows.push(ImportRow {
            name: set.name.clone(),
            rows: set.rows,
            closeout: median(ours),
            closeout_rss: rss,
            baseline: o.baseline.as_ref().map(|_| (median(base), base_rss)),
            sqlite: median(reference),
        });
    }

    // check and report on the largest order case (imported once more, then left in place).
    let largest = sets.iter().filter(|s| s.name.starts_with("orders")).max_by_key(|s| s.rows);
    let mut after_import = Vec::new();
    if let Some(set) = largest {
        closeout_import(&o.closeout, set, &case, &scratch);
        if let Some(b) = &o.baseline {
            closeout_import(b, set, &base_case, &scratch);
        }
        let timed = |bin: &Path, case: &Path, args: &[&str]| {
            let mut times = Vec::new();
            for _ in 0..o.runs {
                let mut command = Command::new(bin);
                command.arg(args[0]).arg(case).args(&args[1..]);
                times.push(measure(&mut command, None, &scratch).wall.as_secs_f64());
            }
            median(times)
        };
        let check = ["check", "--json", "--as-of", "2026-12-31"];
        let mut line = format!("check --json, {}: {:.3} s", set.name, timed(&o.closeout, &case, &check));
        if let Some(b) = &o.baseline {
            let _ = write!(line, " (baseline {:.3} s)", timed(b, &base_case, &check));
        }
        after_import.push(line);
        let has_report = Command::new(&o.closeout)
            .args(["report", "--help"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if has_report {
            let pdf = scratch.join("report.pdf");
            let out = ["report", "--out", pdf.to_str().unwrap()];
            after_import.push(format!("report (PDF), {}: {:.3} s", set.name, timed(&o.closeout, &case, &out)));
        } else {
            after_import.push("report: not available in this build".to_owned());
        }
    }
    after_import.push(
        "app (cold start to the task list, progress events/s and cancel latency during a 1M-row import): \
         not measured here; run `CLOSEOUT_BENCH_APP=1 cargo test --release --test tests app_bench -- --nocapture` \
         with the desktop build"
            .to_owned(),
    );

    let table = render(&o, &rows, &after_import);
    println!("{table}");
    save(root, &o, &table);
}

fn render(o: &Options, rows: &[ImportRow], notes: &[String]) -> String {
    let mut t = String::new();
    let baseline = o.baseline.is_some();
    let _ = writeln!(t, "Medians of {} runs; rows/s counts data rows; peak RSS is the largest of the runs.\n", o.runs);
    let _ = write!(t, "| file | rows | closeout s | closeout rows/s | peak RSS MB |");
    if baseline {
        t.push_str(" baseline s | baseline rows/s | baseline RSS MB |");
    }
    t.push_str(" sqlite3 .import s | sqlite3 rows/s | closeout ÷ sqlite3 |\n|---|---:|---:|---:|---:|");
    if baseline {
        t.push_str("---:|---:|---:|");
    }
    t.push_str("---:|---:|---:|\n");
    for r in rows {
        let rate = |s: f64| r.rows as f64 / s;
        let _ = write!(
            t,
            "| {} | {} | {:.3} | {:.0} | {} |",
            r.name,
            r.rows,
            r.closeout,
            rate(r.closeout),
            r.closeout_rss >> 20
        );
        if let Some((s, rss)) = r.baseline {
            let _ = write!(t, " {s:.3} | {:.0} | {} |", rate(s), rss >> 20);
        }
        let _ = writeln!(t, " {:.3} | {:.0} | {:.2}× |", r.sqlite, rate(r.sqlite), r.sqlite / r.closeout);
    }
    t.push('\n');
    for line in notes {
        let _ = writeln!(t, "- {line}");
    }
    t
}

/// What the figures were measured on, read off this machine.
fn machine() -> (String, String) {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, m)| m.trim().to_owned()))
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kb: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|r| r.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    let gib = (mem_kb as f64 / 1024.0 / 1024.0).round() as u64;
    let slug: String = format!("{cores}core-{model}-{gib}g")
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let command = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    let kernel = command("uname", &["-sr"]);
    let sqlite = command("sqlite3", &["--version"]);
    let sqlite = sqlite.split_whitespace().next().unwrap_or("?").to_owned();
    let commit = command("git", &["rev-parse", "--short", "HEAD"]);
    let note = format!(
        "{cores} cores ({model}), {gib} GiB memory, {kernel}; sqlite3 shell {sqlite}; closeout at {commit}{}",
        if command("git", &["status", "--porcelain", "--untracked-files=no"]).is_empty() {
            ""
        } else {
            " with local changes"
        }
    );
    (slug.split('-').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("-"), note)
}

/// Appends this run to `bench/results/DATE-MACHINE.md` (a day's runs on a machine share one).
fn save(root: &Path, o: &Options, table: &str) {
    let (slug, note) = machine();
    let now = command_date();
    let dir = root.join("bench/results");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{}-{slug}.md", &now[..10]));
    let mut text =
        std::fs::read_to_string(&path).unwrap_or_else(|_| format!("# Benchmark, {} on {slug}\n", &now[..10]));
    let _ = write!(
        text,
        "\n## Run of {now}\n\nMachine: {note}. Command: `bash bench/run.sh --runs {}{}`.\n\n{table}",
        o.runs,
        if o.baseline.is_some() { " --baseline BIN" } else { "" }
    );
    std::fs::write(&path, text).unwrap();
    eprintln!("results appended to {}", path.display());
}

/// Now, UTC, as `YYYY-MM-DD HH:MM UTC`.
fn command_date() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string()
}
