//! Every sentence the CLI prints comes from the catalogue in the language asked for: the real
//! binary, run with `--lang zh-CN` (or a Chinese system locale) on files a seller picks by
//! mistake and on values typed wrong, prints Chinese with no English run of words.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::{closeout, english_runs, has_han, path_str, sample, stderr, stdout};

/// Asserts everything `out` printed is Chinese, names what was run if not.
fn assert_chinese(what: &str, out: &Output) {
    let text = format!("{}{}", stdout(out), stderr(out));
    assert!(has_han(&text), "{what}: no Chinese in {text:?}");
    let runs = english_runs(&text);
    assert!(runs.is_empty(), "{what}: English in a zh-CN message: {runs:?}\n{text}");
}

fn new_case(dir: &Path) -> PathBuf {
    let case = dir.join("shop.closeout");
    let out = closeout(&["new", path_str(&case), "--store", "Shop", "--lang", "zh-CN"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_chinese("new", &out);
    case
}

#[test]
fn the_checker_finds_english_and_lets_ids_names_and_values_through() {
    assert_eq!(english_runs("a.csv：未导入：this looks like a WeChat bill"), ["this looks like", "WeChat bill"]);
    assert_eq!(english_runs("第 108 行，“订单号”列：订单号“3.03127E+15”是科学计数法"), Vec::<String>::new());
    assert_eq!(english_runs("/tmp/x/订单.xlsx：aliexpress-orders 共 35 行（新增 34）"), Vec::<String>::new());
    assert_eq!(english_runs("未知的时区“Atlantis”：请使用 IANA 时区名称，如 Asia/Shanghai"), Vec::<String>::new());
    assert_eq!(english_runs("Closeout 能读取 CSV 文件和 zip 压缩包"), Vec::<String>::new());
    assert_eq!(english_runs("已撤回：the step"), ["the step"]);
    assert_eq!(english_runs("备注 note"), ["note"], "one word of four letters");
    assert_eq!(english_runs("状态 ok"), Vec::<String>::new(), "one short word alone may be an id");
}

#[test]
fn refused_files_are_explained_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path());
    for (name, says) in
        [("wechat_bill.csv", "微信支付账单"), ("garbage.xlsx", "已损坏"), ("truncated_alipay.csv", "截断")]
    {
        let out = closeout(&["import", path_str(&case), "--lang", "zh-CN", path_str(&sample(name))]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{name}: {}", stderr(&out));
        assert_chinese(name, &out);
    }
    // A folder picked instead of a file: the system's reason is said in Chinese too.
    let folder = dir.path().join("exports");
    std::fs::create_dir(&folder).unwrap();
    let out = closeout(&["import", path_str(&case), "--lang", "zh-CN", path_str(&folder)]);
    assert!(stderr(&out).contains("这是一个文件夹"), "{}", stderr(&out));
    assert_chinese("a folder", &out);
    // Spreadsheets cut short: what is wrong inside them is said in Chinese too.
    for (name, from, keep, says) in
        [("cut.xls", "orders_2025.xls", 1500, "扇区"), ("cut.xlsx", "订单.xlsx", 3000, "zip 结构已损坏")]
    {
        let file = dir.path().join(name);
        std::fs::write(&file, &crate::util::sample_bytes(from)[..keep]).unwrap();
        let out = closeout(&["import", path_str(&case), "--lang", "zh-CN", path_str(&file)]);
        assert!(stderr(&out).contains(says), "{name}: {}", stderr(&out));
        assert_chinese(name, &out);
    }
}

#[test]
fn a_row_damaged_by_excel_is_kept_aside_in_the_readers_language() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path());
    let orders = sample("orders_2026-09_2026-11.csv");
    let out = closeout(&["import", path_str(&case), "--lang", "zh-CN", path_str(&orders)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("第 108 行，“订单号”列：订单号“3.03127E+15”是科学计数法"), "{}", stderr(&out));
    assert_chinese("import with a damaged row", &out);

    // Stored without a language: listed later in either one.
    let zh = closeout(&["rejections", path_str(&case), "--lang", "zh-CN"]);
    let listed = stdout(&zh);
    // Each row is listed with its text below it, as the file has it (product titles stay as
    // written): only the first line is words of Closeout's.
    let said = listed.lines().next().unwrap_or_default();
    assert!(said.contains("科学计数法") && said.ends_with("[待处理]"), "{listed}");
    assert!(english_runs(said).is_empty(), "{said}");
    let en = closeout(&["rejections", path_str(&case), "--lang", "en", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&en)).unwrap();
    let reason = json["rejected_rows"][0]["reason"].as_str().expect("the reason is a string, as docs/cli.md says");
    assert!(reason.starts_with("the order id \"3.03127E+15\" is in scientific notation"), "{reason}");
}

#[test]
fn import_json_keeps_its_strings_in_the_language_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path());
    let files = [sample("orders_2026-09_2026-11.csv"), sample("wechat_bill.csv")];
    let (code, reports) = crate::util::import_json(&case, &files, &["--lang", "zh-CN"]);
    assert_eq!(code, Some(1));
    let reason = reports[0]["rejected_rows"][0]["reason"].as_str().unwrap();
    let error = reports[1]["error"].as_str().unwrap();
    assert!(reason.contains("科学计数法") && english_runs(reason).is_empty(), "{reason}");
    assert!(error.starts_with("这看起来是微信支付账单") && english_runs(error).is_empty(), "{error}");
}

#[test]
fn values_typed_wrong_are_refused_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.closeout");
    let out = closeout(&["new", path_str(&other), "--store", "S", "--timezone", "Atlantis", "--lang", "zh-CN"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("未知的时区“Atlantis”"), "{}", stderr(&out));
    assert_chinese("an unknown time zone", &out);

    let case = new_case(dir.path());
    let c = path_str(&case);
    for (what, args) in [
        ("a balance that is not an amount", vec!["balance", c, "--currency", "CNY", "--available", "abc"]),
        ("not applicable without a note", vec!["attest", c, "holiday-mode-on", "--not-applicable"]),
        ("a date that is not one", vec!["check", c, "--as-of", "15/09/2026"]),
        ("an unknown parameter", vec!["parameter", c, "no_such_parameter", "3"]),
        ("an unknown rule", vec!["attest", c, "no-such-rule", "--done"]),
    ] {
        let mut args = args;
        args.extend(["--lang", "zh-CN"]);
        let out = closeout(&args);
        assert_eq!(out.status.code(), Some(1), "{what}: {}", stderr(&out));
        assert_chinese(what, &out);
    }
}

/// Unix only: there the locale is the environment's; Windows (and Wine) take it from the user's
/// settings, which a test cannot set for one process.
#[cfg(unix)]
#[test]
fn without_lang_the_system_locale_decides() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("a.closeout");
    let args = ["new", path_str(&case), "--store", "S", "--timezone", "Atlantis"];
    let zh = crate::util::closeout_command()
        .args(args)
        .env("LC_ALL", "zh_CN.UTF-8")
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert!(stderr(&zh).contains("未知的时区"), "{}", stderr(&zh));
    let en = closeout(&args);
    assert!(stderr(&en).contains("Unknown time zone \"Atlantis\""), "{}", stderr(&en));
    let chosen = crate::util::closeout_command()
        .args(args)
        .args(["--lang", "en"])
        .env("LC_ALL", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert!(stderr(&chosen).contains("Unknown time zone"), "--lang outranks the locale: {}", stderr(&chosen));
}

#[test]
fn a_time_zone_is_found_by_its_city_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    for (city, zone) in [("Beijing", "Asia/Shanghai"), ("巴黎", "Europe/Paris")] {
        let case = dir.path().join(format!("{zone}.closeout").replace('/', "-"));
        let out = closeout(&["new", path_str(&case), "--store", "S", "--timezone", city]);
        assert!(out.status.success(), "{city}: {}", stderr(&out));
        assert_eq!(closeout_core::case::Case::open(&case).unwrap().profile().unwrap().timezone.name(), zone);
    }
}
