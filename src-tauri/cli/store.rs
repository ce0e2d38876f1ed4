//! Commands that build up what the case holds: `new`, `import`, `files`, `forget`,
//! `map-columns`, `rejections`.

use std::path::{Path, PathBuf};

use closeout_core::case::{Case, FileReport, ImportStatus};
use closeout_core::error::{Error, Result};
use closeout_core::import::ColumnProfile;
use closeout_core::locale::Lang;
use closeout_core::model::{Profile, ProfileInput};
use closeout_core::rules::Who;
use closeout_core::text::Text;

use crate::{print_json, say, warn};

/// `new`: creates a case file (never over an existing file).
pub(crate) fn new_case(
    lang: Lang,
    case: &Path,
    store_name: String,
    region: String,
    timezone: Option<String>,
    stop_date: Option<String>,
    currency: Option<String>,
) -> Result<()> {
    let profile = ProfileInput { store_name, region, timezone, settlement_currency: currency, stop_date, notes: None }
        .into_profile()?;
    Case::create(case, &profile)?;
    print_created(lang, case, &profile);
    Ok(())
}

/// Imports each file in its own transaction; a rejected file does not stop the others.
pub(crate) fn import(lang: Lang, case: &Path, files: &[PathBuf], json: bool, password: Option<&str>) -> Result<()> {
    let mut case = Case::open(case)?;
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let mut last_shown = vec![0u64; files.len()];
    let reports = case.import_files(files, password, &cancel, &mut |index, done, total| {
        // Large files only, every 10%: a bookkeeper sees it move, a script's log stays short.
        if total > 8 << 20 && done * 10 / total.max(1) > last_shown[index] {
            last_shown[index] = done * 10 / total.max(1);
            eprintln!("{}: {}%", files[index].display(), last_shown[index] * 10);
        }
    })?;
    let reports: Vec<_> = reports.into_iter().map(|r| r.spoken(lang)).collect();
    for r in &reports {
        warn_problems(lang, r);
    }
    if json {
        print_json(&serde_json::json!({ "files": reports }))?;
    } else {
        for r in &reports {
            say(lang, summary(r));
        }
    }
    if reports.iter().any(|r| r.status == ImportStatus::Rejected) {
        return Err(Error::invalid(Text::new("input.some_not_imported")));
    }
    Ok(())
}

/// Warns, on standard error, of each row a file's import kept aside, counted as a duplicate,
/// found dismissed before, or read with an unknown status, and of a file not imported.
fn warn_problems(lang: Lang, r: &FileReport<String>) {
    let path = r.path.as_str();
    for row in &r.rejected_rows {
        warn(
            lang,
            Text::new("cli.at_cell")
                .with("path", path)
                .with("line", row.line)
                .with("column", &row.column)
                .with("reason", &row.reason),
        );
    }
    for row in &r.duplicates {
        warn(lang, Text::new("cli.duplicate").with("path", path).with("line", row.line).with("repeats", row.repeats));
    }
    if r.dismissed_again > 0 {
        warn(lang, Text::new("cli.dismissed_again").with("path", path).with("count", r.dismissed_again));
    }
    for label in &r.unknown_labels {
        warn(
            lang,
            Text::new("cli.unknown_status")
                .with("path", path)
                .with("line", label.line)
                .with("column", &label.column)
                .with("value", &label.value),
        );
    }
    if let Some(error) = &r.error {
        warn(lang, Text::new("cli.not_imported_because").with("path", path).with("error", error));
        if r.needs_password {
            warn(lang, Text::new("cli.needs_password").with("path", path));
        }
    }
}

/// One line saying what the import of one file did.
fn summary(r: &FileReport<String>) -> Text {
    let path = r.path.as_str();
    match r.status {
        ImportStatus::Imported => {
            let mut counts = Text::new("cli.imported")
                .with("path", path)
                .with("rows", r.rows)
                .with("format", r.format.map_or("?", |f| f.as_str()))
                .with("new", r.new)
                .with("updated", r.updated)
                .with("unchanged", r.unchanged);
            counts = match r.duplicates.len() {
                0 => counts.with("duplicates", ""),
                n => counts.with_text("duplicates", Text::new("cli.imported_duplicates").with("count", n)),
            };
            match r.rejected_rows.len() {
                0 => counts.with("kept_aside", ""),
                n => counts.with_text("kept_aside", Text::new("cli.imported_kept_aside").with("count", n)),
            }
        }
        ImportStatus::AlreadyImported => Text::new("cli.already_imported").with("path", path),
        ImportStatus::Rejected => Text::new("cli.not_imported").with("path", path),
    }
}

/// `files`: the imported files, as a list or JSON.
pub(crate) fn files(lang: Lang, case: &Path, json: bool) -> Result<()> {
    let files = Case::open(case)?.files()?;
    if json {
        print_json(&serde_json::json!({ "files": files }))?;
    } else if files.is_empty() {
        say(lang, Text::new("cli.no_files"));
    } else {
        for f in files {
            let counts = Text::new("cli.file_counts")
                .with("size", f.size)
                .with("rows", f.rows)
                .with("rejected", f.rejected)
                .with("duplicates", f.duplicates);
            println!(
                "{:>4}  {}  {}  {}  {}  sha256 {}",
                f.id,
                f.name,
                f.format,
                counts.render(lang),
                f.imported_at,
                f.sha256
            );
        }
    }
    Ok(())
}

/// `forget`: removes one imported file and what came only from it (a backup is kept).
pub(crate) fn forget(lang: Lang, case: &Path, file_id: i64) -> Result<()> {
    let (file, undo) = Case::open(case)?.forget(file_id)?;
    say(
        lang,
        Text::new("cli.forgot")
            .with("name", &file.name)
            .with("id", file.id)
            .with("rows", file.rows)
            .with("backup", undo.backup.display()),
    );
    Ok(())
}

/// `map-columns`: saves a mapping, or lists the saved ones.
pub(crate) fn map_columns(lang: Lang, case: &Path, name: Option<String>, columns: &[String]) -> Result<()> {
    let mut case = Case::open(case)?;
    let Some(name) = name else {
        for profile in case.column_profiles()? {
            let pairs: Vec<String> = profile.columns.iter().map(|(f, h)| format!("{f}={h}")).collect();
            println!("{}: {}", profile.name, pairs.join(", "));
        }
        return Ok(());
    };
    let columns = columns
        .iter()
        .map(|pair| match pair.split_once('=') {
            Some((field, header)) => Ok((field.trim().to_owned(), header.to_owned())),
            None => Err(Error::invalid(Text::new("input.mapping_pair").with("pair", pair))),
        })
        .collect::<Result<Vec<_>>>()?;
    case.save_column_profile(&ColumnProfile { name: name.clone(), columns })?;
    say(lang, Text::new("cli.mapping_saved").with("name", name));
    Ok(())
}

/// `rejections`: dismisses a kept-aside row, or lists them.
pub(crate) fn rejections(
    lang: Lang,
    case: &Path,
    dismiss: Option<i64>,
    note: Option<&str>,
    by: &str,
    json: bool,
) -> Result<()> {
    let mut case = Case::open(case)?;
    if let Some(id) = dismiss {
        case.dismiss_rejection(id, note.unwrap_or_default(), Who::named(by)?)?;
        say(lang, Text::new("cli.dismissed").with("id", id));
        return Ok(());
    }
    let rows: Vec<_> = case.quarantine()?.into_iter().map(|r| r.spoken(lang)).collect();
    if json {
        print_json(&serde_json::json!({ "rejected_rows": rows }))?;
    } else if rows.is_empty() {
        say(lang, Text::new("cli.no_rejections"));
    } else {
        for r in rows {
            let state = match r.dismissed_note.as_deref() {
                Some(note) => Text::new("cli.row_dismissed").with("note", note),
                None => Text::new("cli.row_open"),
            };
            let line = Text::new("cli.rejection_line")
                .with("file", &r.file)
                .with("line", r.line)
                .with("column", &r.column)
                .with("reason", &r.reason)
                .with_text("state", state);
            println!("{:>4}  {}\n      {}", r.id, line.render(lang), r.raw);
        }
    }
    Ok(())
}

fn print_created(lang: Lang, path: &Path, profile: &Profile) {
    say(
        lang,
        Text::new("cli.created")
            .with("path", path.display())
            .with("store", &profile.store_name)
            .with("region", profile.region)
            .with("timezone", profile.timezone.name())
            .with("currency", profile.settlement_currency),
    );
}
