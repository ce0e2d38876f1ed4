//! The real-world corpus (`tests/fixtures/real/`): anonymised copies of the shapes of files
//! people published. Each file, imported through the command line into a case of its own,
//! gives what its `corpus.json` entry says; a refused one leaves its case as it was.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{closeout, import_json, path_str, stdout};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real")
}

fn corpus() -> Vec<(String, Value)> {
    let text = std::fs::read_to_string(corpus_dir().join("corpus.json")).expect("corpus.json");
    let doc: serde_json::Map<String, Value> = serde_json::from_str(&text).expect("corpus.json is JSON");
    doc.into_iter().collect()
}

fn json_of(args: &[&str]) -> Value {
    let out = closeout(args);
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// Checks one imported file's report, and what the case then holds, against its entry.
fn check_imported(name: &str, want: &Value, report: &Value, case: &Path) {
    assert_eq!(report["status"], "imported", "{name}: {report}");
    assert_eq!(report["format"], want["format"], "{name}");
    for (key, got) in [
        ("rows", report["rows"].as_u64()),
        ("rejected_rows", report["rejected_rows"].as_array().map(|a| a.len() as u64)),
        ("duplicates", report["duplicates"].as_array().map(|a| a.len() as u64)),
    ] {
        assert_eq!(got, want[key].as_u64(), "{name}: {key} in {report}");
    }
    let files = json_of(&["files", path_str(case), "--json"]);
    assert_eq!(files["files"][0]["rows"], want["rows"], "{name}: `files` counts what was read");
    if want["format"] != "aliexpress-orders" {
        return;
    }
    let checked = json_of(&["check", path_str(case), "--as-of", "2026-12-01", "--json"]);
    let orders = &checked["orders"];
    let rows = want["rows"].as_u64().unwrap() - want["rejected_rows"].as_u64().unwrap();
    let expected_orders = want["orders"].as_u64().unwrap_or(rows - want["duplicates"].as_u64().unwrap());
    assert_eq!(orders["total"].as_u64(), Some(expected_orders), "{name}: {orders}");
    let by_state: serde_json::Map<String, Value> = orders["by_state"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, n)| n.as_u64() != Some(0))
        .map(|(state, n)| (state.clone(), n.clone()))
        .collect();
    assert_eq!(Value::Object(by_state), want["by_state"], "{name}");
    let ids: Vec<&str> = checked["rules"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|rule| rule["order_ids"].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .collect();
    for id in want["order_ids_sample"].as_array().unwrap() {
        assert!(ids.contains(&id.as_str().unwrap()), "{name}: order {id} is listed as text, digit for digit");
    }
}

/// Checks a refused file: named for what it is, and nothing of it in the case.
fn check_refused(name: &str, want: &Value, report: &Value, case: &Path) {
    assert_eq!(report["status"], "rejected", "{name}: {report}");
    assert_eq!(report["refused_as"], want["looks_like"], "{name}: {report}");
    let error = report["error"].as_str().unwrap();
    for key in ["bank", "marketplace"] {
        if let Some(named) = want[key].as_str() {
            assert!(error.contains(named), "{name}: the message names {named}: {error}");
        }
    }
    let files = json_of(&["files", path_str(case), "--json"]);
    assert_eq!(files["files"].as_array().map(Vec::len), Some(0), "{name}: nothing kept");
    let rejections = json_of(&["rejections", path_str(case), "--json"]);
    assert_eq!(rejections["rejected_rows"].as_array().map(Vec::len), Some(0), "{name}");
}

#[test]
fn every_file_of_the_corpus_gives_what_its_entry_says() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus();
    assert!(corpus.len() >= 30, "the corpus lost files: {}", corpus.len());
    for (n, (name, want)) in corpus.iter().enumerate() {
        let case = dir.path().join(format!("{n}.closeout"));
        assert!(closeout(&["new", path_str(&case), "--store", "Corpus", "--region", "CN"]).status.success());
        let (code, reports) = import_json(&case, &[corpus_dir().join(name)], &[]);
        let report = &reports[0];
        match want["expect"].as_str() {
            Some("imported") => {
                assert_eq!(code, Some(0), "{name}: {report}");
                check_imported(name, want, report, &case);
            }
            Some("rejected") => {
                assert_eq!(code, Some(1), "{name}: {report}");
                check_refused(name, want, report, &case);
            }
            other => panic!("{name}: expect is {other:?}"),
        }
    }
}

#[test]
fn every_corpus_file_has_a_readme_row_and_a_source() {
    let readme = std::fs::read_to_string(corpus_dir().join("README.md")).unwrap();
    for (name, want) in corpus() {
        assert!(corpus_dir().join(&name).is_file(), "{name} is listed but missing");
        assert!(readme.contains(&format!("| `{name}` |")), "{name} has no README row");
        let source = &want["source"];
        assert!(
            source["repo"].is_string() || source["page"].is_string() || source["derived_from"].is_string(),
            "{name}"
        );
    }
}

/// A file's text: a spreadsheet's cells, or a text file decoded as UTF-8 or GBK.
fn text_of(path: &Path) -> String {
    use calamine::Reader;
    let bytes = std::fs::read(path).unwrap();
    if bytes.starts_with(b"PK") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        let mut book = calamine::open_workbook_auto(path).unwrap();
        let sheets: Vec<String> = book.sheet_names().to_vec();
        let mut text = String::new();
        for sheet in sheets {
            for row in book.worksheet_range(&sheet).unwrap().rows() {
                for cell in row {
                    text.push_str(&cell.to_string());
                    text.push(',');
                }
                text.push('\n');
            }
        }
        return text;
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(&bytes).0.into_owned(),
    }
}

/// Mainland mobile numbers: 11 digits from 13… to 19…, not inside a longer number, and not a
/// placeholder such as 13800000000.
fn phone_numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let digit_at = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_some_and(char::is_ascii_digit);
    (0..chars.len().saturating_sub(10))
        .filter(|&start| {
            let run = &chars[start..start + 11];
            run[0] == '1'
                && ('3'..='9').contains(&run[1])
                && run.iter().all(char::is_ascii_digit)
                && !digit_at(start.checked_sub(1))
                && !digit_at(Some(start + 11))
                && !run[3..].iter().all(|&c| c == '0')
        })
        .map(|start| chars[start..start + 11].iter().collect())
        .collect()
}

#[test]
fn no_corpus_file_holds_a_phone_number_or_an_e_mail_address() {
    assert_eq!(phone_numbers("tel 13912345678, id 2021113022001484131436316311"), ["13912345678"]);
    for (name, _) in corpus() {
        let text = text_of(&corpus_dir().join(&name));
        assert_eq!(phone_numbers(&text), Vec::<String>::new(), "{name}");
        for word in text.split(|c: char| c.is_whitespace() || ",\"\t[]:：".contains(c)) {
            if let Some((user, domain)) = word.split_once('@') {
                // Masked as Alipay masks (`zhi***@`), or placeholders (`xx@`, `faker@faker.com`).
                let placeholder = domain.starts_with("example.") || domain == "faker.com";
                let masked = user.contains('*') || user.chars().all(|c| c == 'x') || placeholder;
                assert!(masked || !domain.contains('.'), "{name}: an e-mail address {word}");
            }
        }
    }
}
