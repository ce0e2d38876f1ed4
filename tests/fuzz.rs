//! The fuzz targets (`closeout_core::fuzz_targets`), run on stable for a few seconds each inside the
//! test command: the samples and the real-world corpus as seeds, mutated by a small
//! deterministic mutator. The coverage-guided campaign is cargo-fuzz's (`fuzz/`, README); this
//! keeps every target running and every past finding fixed. A finding is saved under
//! `target/fuzz-findings/` and fails the test; it then belongs in `regression`.
//!
//! CLOSEOUT_FUZZ_SECONDS sets the time per target (default 3).

use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use closeout_core::fuzz_targets as targets;

/// Every fixture file a seller could have, by extension.
fn fixtures(extensions: &[&str]) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    for dir in ["samples", "real", "quirks"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            if extensions.contains(&ext.as_str()) {
                files.push(std::fs::read(&path).unwrap());
            }
        }
    }
    assert!(!files.is_empty(), "no seeds for {extensions:?}");
    files
}

/// The sheet (and shared strings) of each xlsx fixture, as `read_sheet_xml` takes them.
fn sheet_seeds() -> Vec<Vec<u8>> {
    fixtures(&["xlsx"])
        .into_iter()
        .filter_map(|bytes| {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
            let mut part = |name: &str| {
                let mut out = Vec::new();
                zip.by_name(name).ok()?.read_to_end(&mut out).ok()?;
                Some(out)
            };
            let mut seed = part("xl/worksheets/sheet1.xml")?;
            if let Some(strings) = part("xl/sharedStrings.xml") {
                seed.extend_from_slice(b"\xFF\x00");
                seed.extend_from_slice(&strings);
            }
            Some(seed)
        })
        .collect()
}

/// xorshift64*: the same mutations every run, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that mean something to one of the formats.
const INTERESTING: &[u8] = b"\0\xFF\",\n\r\t<>/=&;#-.0123456789\x80\xE4";

/// One to four mutations of `input`, sometimes spliced with `other`.
fn mutate(rng: &mut Rng, input: &mut Vec<u8>, other: &[u8]) {
    for _ in 0..1 + rng.below(4) {
        let len = input.len();
        match rng.below(7) {
            0 if len > 0 => input[rng.below(len)] ^= 1 << rng.below(8),
            1 if len > 0 => input[rng.below(len)] = INTERESTING[rng.below(INTERESTING.len())],
            2 if len > 0 => {
                let at = rng.below(len);
                input.drain(at..(at + 1 + rng.below(64)).min(len));
            }
            3 if len > 0 => {
                let at = rng.below(len);
                let piece = input[at..(at + 1 + rng.below(256)).min(len)].to_vec();
                let to = rng.below(input.len());
                input.splice(to..to, piece);
            }
            4 => {
                let at = rng.below(len + 1);
                input.insert(at, INTERESTING[rng.below(INTERESTING.len())]);
            }
            5 if len > 0 => input.truncate(rng.below(len)),
            _ if !other.is_empty() => {
                let (from, at) = (rng.below(other.len()), rng.below(len + 1));
                let piece = &other[from..(from + 1 + rng.below(512)).min(other.len())];
                input.splice(at..at, piece.iter().copied());
            }
            _ => {}
        }
    }
}

fn seconds_per_target() -> Duration {
    let seconds = std::env::var("CLOSEOUT_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3.0);
    Duration::from_secs_f64(seconds)
}

/// Runs `target` on every seed, then on mutations of them until the time is up.
fn fuzz(name: &str, seeds: Vec<Vec<u8>>, target: fn(&[u8])) {
    let (budget, started) = (seconds_per_target(), Instant::now());
    // Each target its own sequence, the same every run.
    let mut rng = Rng(name.bytes().fold(0x5EED_0FC1_05E0_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)));
    let mut runs = 0u64;
    let mut input = Vec::new();
    while runs < seeds.len() as u64 || started.elapsed() < budget {
        let seed = &seeds[runs as usize % seeds.len()];
        input.clear();
        input.extend_from_slice(seed);
        if runs >= seeds.len() as u64 {
            let other = rng.below(seeds.len());
            mutate(&mut rng, &mut input, &seeds[other]);
        }
        if catch_unwind(AssertUnwindSafe(|| target(&input))).is_err() {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-findings");
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("{name}-{runs}"));
            std::fs::write(&path, &input).unwrap();
            panic!("{name}: run {runs} failed; its input is saved as {}", path.display());
        }
        runs += 1;
    }
    let rate = runs as f64 / started.elapsed().as_secs_f64();
    eprintln!("fuzz {name}: {runs} runs over {} seeds, {rate:.0} runs/s, no finding", seeds.len());
}

#[test]
fn csv() {
    fuzz("csv", fixtures(&["csv"]), targets::read_bytes);
}

#[test]
fn xlsx() {
    fuzz("xlsx", fixtures(&["xlsx"]), targets::read_bytes);
}

#[test]
fn xls() {
    fuzz("xls", fixtures(&["xls"]), targets::read_bytes);
}

#[test]
fn zip() {
    fuzz("zip", fixtures(&["zip"]), targets::read_bytes);
}

#[test]
fn sheet_xml() {
    fuzz("sheet_xml", sheet_seeds(), targets::read_sheet_xml);
}

#[test]
fn zip_members() {
    fuzz("zip_members", fixtures(&["csv"]), targets::read_zip_members);
}

#[test]
fn import_check() {
    fuzz("import_check", fixtures(&["csv", "xlsx", "xls", "zip"]), targets::import_then_check);
}
