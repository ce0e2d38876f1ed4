//! The closing pack: one zip the bookkeeper opens, the same bytes for the same case and day,
//! its workbook's ids as text, its CSVs readable by Excel, and a manifest whose hashes hold.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::util::{closeout, path_str, sample, stderr, stdout};

fn case_with_orders_and_money(dir: &Path) -> std::path::PathBuf {
    let case = dir.join("shop.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Maple", "--region", "CN", "--stop-date", "2026-11-01"])
        .status
        .success());
    let files = [sample("订单.xlsx"), sample("放款.xlsx"), sample("20880098765432105678_20261101_账务明细.csv")];
    let mut args = vec!["import", path_str(&case)];
    args.extend(files.iter().map(|f| path_str(f)));
    assert!(closeout(&args).status.success());
    let attest =
        ["attest", path_str(&case), "holiday-mode-on", "--done", "--date", "2026-11-02", "--note", "switched on"];
    assert!(closeout(&attest).status.success());
    case
}

fn pack(case: &Path, out: &Path) {
    let args = ["export-pack", path_str(case), "--out", path_str(out), "--as-of", "2026-11-20", "--lang", "zh-CN"];
    let run = closeout(&args);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).contains("manifest.json"), "{}", stdout(&run));
}

pub(crate) fn members(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().to_owned(), bytes)
        })
        .collect()
}

pub(crate) fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_same_case_and_day_give_the_same_zip() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_orders_and_money(dir.path());
    let (a, b) = (dir.path().join("a.zip"), dir.path().join("b.zip"));
    pack(&case, &a);
    pack(&case, &b);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "byte for byte");
    let names: Vec<String> = members(&a).into_iter().map(|(name, _)| name).collect();
    for wanted in
        ["report.pdf", "report.html", "closeout.xlsx", "csv/reconciliation.csv", "calendar.ics", "manifest.json"]
    {
        assert!(names.iter().any(|n| n == wanted), "{wanted} in {names:?}");
    }
}

#[test]
fn the_manifest_hashes_every_file_and_every_source() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_orders_and_money(dir.path());
    let zip = dir.path().join("pack.zip");
    pack(&case, &zip);
    let members = members(&zip);
    let manifest: Value = serde_json::from_slice(&members.last().unwrap().1).unwrap();
    assert_eq!(manifest["as_of"], "2026-11-20");
    let listed = manifest["files"].as_array().unwrap();
    assert_eq!(listed.len(), members.len() - 1, "every file but the manifest itself");
    for ((name, bytes), entry) in members.iter().zip(listed) {
        assert_eq!(entry["name"], name.as_str());
        assert_eq!(entry["sha256"], sha256(bytes), "{name}");
        if name.ends_with(".csv") {
            assert!(bytes.starts_with("\u{feff}".as_bytes()), "{name} starts with a byte-order mark");
        }
    }
    let files: Value = serde_json::from_str(&stdout(&closeout(&["files", path_str(&case), "--json"]))).unwrap();
    let imported: BTreeSet<&str> =
        files["files"].as_array().unwrap().iter().map(|f| f["sha256"].as_str().unwrap()).collect();
    let sources: BTreeSet<&str> =
        manifest["sources"].as_array().unwrap().iter().map(|f| f["sha256"].as_str().unwrap()).collect();
    assert_eq!(sources, imported);
}

#[test]
fn the_workbook_keeps_the_order_ids_check_lists_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_orders_and_money(dir.path());
    let zip = dir.path().join("pack.zip");
    pack(&case, &zip);
    let book = members(&zip).into_iter().find(|(name, _)| name == "closeout.xlsx").unwrap().1;
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(book)).unwrap();
    let orders = workbook.worksheet_range("未完成的订单").unwrap();
    assert_eq!(orders.get((0, 0)), Some(&Data::String("订单号".into())));
    let in_book = crate::util::ids_in_first_column(&orders);
    let check: Value =
        serde_json::from_str(&stdout(&closeout(&["check", path_str(&case), "--as-of", "2026-11-20", "--json"])))
            .unwrap();
    let open: BTreeSet<String> = check["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"].as_str().unwrap().starts_with("orders-"))
        .flat_map(|r| r["order_ids"].as_array().unwrap().iter().map(|id| id.as_str().unwrap().to_owned()))
        .collect();
    assert!(!open.is_empty() && open.is_subset(&in_book), "{open:?} ⊂ {in_book:?}");
    let money = workbook.worksheet_range("资金").unwrap();
    assert!(matches!(money.get((1, 1)), Some(Data::Float(_))), "amounts are numbers: {:?}", money.get((1, 1)));
}

#[test]
fn a_pack_not_named_zip_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_orders_and_money(dir.path());
    let out = dir.path().join("pack.pdf");
    let run = closeout(&["export-pack", path_str(&case), "--out", path_str(&out), "--lang", "en"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains(".zip") && !out.exists(), "{}", stderr(&run));
}
