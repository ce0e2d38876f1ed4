//! The command line: argument parsing and printing only. Every command calls the same core
//! functions the desktop app calls. Exit codes: 0 success, 1 input rejected, 2 usage error.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::{ArgGroup, CommandFactory, Parser, Subcommand};

use crate::calendar;
use crate::case::{BalanceInput, Case, ImportStatus};
use crate::checklist::{Checklist, OrderIds};
use crate::error::{Error, Result};
use crate::import::ColumnProfile;
use crate::locale::Lang;
use crate::model::{Profile, ProfileInput};
use crate::report::{self, Paper, Report};
use crate::rules::ruleset::RuleSet;
use crate::rules::{Answer, Attestation, Who};

#[derive(Parser, Debug)]
#[command(
    name = "closeout",
    version,
    about = "Close an AliExpress store step by step: orders, money, partners, records.",
    long_about = "Close an AliExpress store step by step: orders, money, partners, records.\n\n\
                  Without arguments Closeout opens its window; `closeout CASE.closeout` opens the \
                  window on that case. With a command it works on the command line."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create a new case file for a store being closed (never overwrites a file)
    New {
        /// Path of the case file to create, e.g. mystore.closeout
        case: PathBuf,
        /// The store's name as buyers see it
        #[arg(long)]
        store: String,
        /// Where the store is registered: CN, EU, FR, ES, IT, US or OTHER
        #[arg(long, default_value = "CN")]
        region: String,
        /// IANA time zone for dates and deadlines (default: the region's)
        #[arg(long)]
        timezone: Option<String>,
        /// The day the store stopped taking new orders (YYYY-MM-DD)
        #[arg(long = "stop-date")]
        stop_date: Option<String>,
        /// Settlement currency (default: the region's, e.g. CNY for CN)
        #[arg(long)]
        currency: Option<String>,
    },
    /// Import order, fund-release and refund exports and Alipay statements (xlsx, xls, csv, zip):
    /// each file's format is detected from its content
    Import {
        case: PathBuf,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON document (docs/cli.md) instead of a summary
        #[arg(long)]
        json: bool,
        /// The password of an encrypted zip (Alipay sends statements as one)
        #[arg(long)]
        password: Option<String>,
    },
    /// List the imported files: name, format, size, sha256, rows, imported at
    Files {
        case: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Remove one imported file and every row that came only from it
    Forget {
        case: PathBuf,
        /// The file's id, as `closeout files` lists it
        file_id: i64,
    },
    /// Map the columns of an order file in a layout Closeout does not know, e.g.
    /// `map-columns CASE --name "Translated export" order_id="Order No" status=State`; without
    /// mappings, list the saved ones. Later imports try every saved mapping.
    MapColumns {
        case: PathBuf,
        /// A name for the mapping (saving one with a used name replaces it)
        #[arg(long, requires = "columns")]
        name: Option<String>,
        /// FIELD=HEADER pairs; fields: order_id, status, placed_at, paid_at, shipped_at,
        /// confirmed_at, amount, items, country
        columns: Vec<String>,
    },
    /// List rows that could not be read, or dismiss one with a note
    Rejections {
        case: PathBuf,
        /// Dismiss this row (its id as listed) instead of re-importing a fixed file
        #[arg(long, requires = "note")]
        dismiss: Option<i64>,
        #[arg(long)]
        note: Option<String>,
        /// Who dismisses: seller or bookkeeper
        #[arg(long, default_value = "seller")]
        by: String,
        #[arg(long)]
        json: bool,
    },
    /// Record a balance read off the Seller Center fund overview (when no statement carries one)
    Balance {
        case: PathBuf,
        #[arg(long)]
        currency: String,
        /// 放款: released, available to withdraw
        #[arg(long)]
        available: String,
        /// 冻结: frozen or held as a reserve
        #[arg(long, default_value = "0")]
        frozen: String,
        /// 在途: not yet released
        #[arg(long = "in-transit", default_value = "0")]
        in_transit: String,
        /// 欠款: owed to the platform
        #[arg(long, default_value = "0")]
        owed: String,
        /// The day it was read (YYYY-MM-DD; default today)
        #[arg(long)]
        date: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Remove personal data the case holds (notes on orders, raw text of rows kept aside) so
    /// that it cannot be recovered from the file, and record that it was done
    PurgePersonalData { case: PathBuf },
    /// Write a copy of the case to send to someone (the bookkeeper): one file, consistent even
    /// while the window has the case open
    ExportCase {
        case: PathBuf,
        /// Where to write the copy (never over an existing file)
        #[arg(long)]
        out: PathBuf,
        /// Leave out your notes on orders, the case's notes and the raw text of kept-aside rows
        #[arg(long)]
        without_notes: bool,
    },
    /// Export the per-order money reconciliation as CSV (for the bookkeeper)
    Reconciliation {
        case: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Record that a step is done or does not apply (or withdraw that answer)
    #[command(group(ArgGroup::new("answer").required(true).args(["done", "not_applicable", "withdraw"])))]
    Attest {
        case: PathBuf,
        /// The rule id, as `closeout check` lists them (e.g. holiday-mode-on)
        rule_id: String,
        #[arg(long)]
        done: bool,
        /// It does not apply to this store (say why with --note)
        #[arg(long = "not-applicable")]
        not_applicable: bool,
        /// Withdraw the answer in force; the history keeps it
        #[arg(long)]
        withdraw: bool,
        /// The day it was done (YYYY-MM-DD; default today in the case's time zone)
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// Who answers: seller or bookkeeper
        #[arg(long, default_value = "seller")]
        by: String,
    },
    /// Evaluate the closure checklist: the verdict, what blocks it, the earliest closure date
    Check {
        case: PathBuf,
        /// Evaluate as of this day (YYYY-MM-DD; default today in the case's time zone)
        #[arg(long = "as-of")]
        as_of: Option<String>,
        /// Print one JSON document (docs/cli.md) instead of a summary
        #[arg(long)]
        json: bool,
        /// Language of titles, evidence and actions: en or zh-CN
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Export the after-closure reminders (refunds, chargebacks, records) as an iCalendar file
    Calendar {
        case: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long = "as-of")]
        as_of: Option<String>,
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Write the closure readiness report (blockers first) as PDF or HTML, by the file's extension
    Report {
        case: PathBuf,
        /// FILE.pdf or FILE.html
        #[arg(long)]
        out: PathBuf,
        /// Report as of this day (YYYY-MM-DD; default today in the case's time zone)
        #[arg(long = "as-of")]
        as_of: Option<String>,
        /// Language of the report: en or zh-CN
        #[arg(long, default_value = "en")]
        lang: String,
        /// Paper: a4 or letter (default: letter for a US store, else a4)
        #[arg(long)]
        paper: Option<String>,
    },
    /// List the rule set's parameters, or change one for this case (with --note saying why)
    Parameter {
        case: PathBuf,
        /// Parameter to change (e.g. buyer_protection_days); omit to list them all
        name: Option<String>,
        /// Its new value for this case
        value: Option<String>,
        /// Go back to the shipped value
        #[arg(long, conflicts_with = "value")]
        reset: bool,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
}

/// What a command line asks for: the window, or a CLI command.
#[derive(Debug, PartialEq)]
pub enum Invocation {
    /// Open the window, on `case` if a file was given.
    Window {
        /// The case file given on the command line, if any.
        case: Option<PathBuf>,
    },
    /// Run a command-line command (`run` parses it).
    Command,
}

impl Invocation {
    /// `closeout` and `closeout FILE` (as a file manager or a double-click starts it) open the
    /// window; everything else is the command line.
    pub fn from_args(args: &[OsString]) -> Invocation {
        match args {
            [_] => Invocation::Window { case: None },
            [_, arg] => {
                let text = arg.to_string_lossy();
                let is_command =
                    text.starts_with('-') || Cli::command().get_subcommands().any(|c| c.get_name() == text);
                if is_command {
                    Invocation::Command
                } else {
                    Invocation::Window { case: Some(PathBuf::from(arg)) }
                }
            }
            _ => Invocation::Command,
        }
    }
}

/// Runs a CLI invocation and returns the process exit code.
pub fn run(args: Vec<OsString>) -> i32 {
    quiet_on_closed_pipe();
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let case = cli.command.case().to_owned();
    match dispatch(cli.command) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("closeout: {}", Case::damage_named(&case, e));
            1
        }
    }
}

impl Command {
    /// The case file every subcommand works on.
    fn case(&self) -> &Path {
        match self {
            Command::New { case, .. }
            | Command::Import { case, .. }
            | Command::Files { case, .. }
            | Command::Forget { case, .. }
            | Command::MapColumns { case, .. }
            | Command::Rejections { case, .. }
            | Command::Balance { case, .. }
            | Command::Reconciliation { case, .. }
            | Command::ExportCase { case, .. }
            | Command::Attest { case, .. }
            | Command::Check { case, .. }
            | Command::Calendar { case, .. }
            | Command::Parameter { case, .. }
            | Command::Report { case, .. }
            | Command::PurgePersonalData { case } => case,
        }
    }
}

fn dispatch(command: Command) -> Result<()> {
    match command {
        Command::New { case, store, region, timezone, stop_date, currency } => {
            let profile = ProfileInput {
                store_name: store,
                region,
                timezone,
                settlement_currency: currency,
                stop_date,
                notes: None,
            }
            .into_profile()?;
            Case::create(&case, &profile)?;
            print_created(&case, &profile);
            Ok(())
        }
        Command::Import { case, files, json, password } => import(&case, &files, json, password.as_deref()),
        Command::Files { case, json } => files(&case, json),
        Command::Forget { case, file_id } => {
            let (file, undo) = Case::open(&case)?.forget(file_id)?;
            println!(
                "Forgot {} (id {}): {} rows and everything only it brought. The case as it was before is in {}.",
                file.name,
                file.id,
                file.rows,
                undo.backup.display()
            );
            Ok(())
        }
        Command::MapColumns { case, name, columns } => map_columns(&case, name, &columns),
        Command::Rejections { case, dismiss, note, by, json } => rejections(&case, dismiss, note.as_deref(), &by, json),
        Command::Balance { case, currency, available, frozen, in_transit, owed, date, note } => {
            let mut case = Case::open(&case)?;
            let as_of = case.day_or_today(date.as_deref())?.to_string();
            let snapshot =
                BalanceInput { currency, available, frozen, in_transit, owed, as_of, note }.into_snapshot()?;
            case.enter_balance(&snapshot)?;
            println!("Recorded the {} balance as of {}.", snapshot.currency, snapshot.as_of);
            Ok(())
        }
        Command::PurgePersonalData { case } => purge_personal_data(&case),
        Command::ExportCase { case: path, out, without_notes } => {
            Case::open(&path)?.export_copy(&out, without_notes)?;
            let notes = if without_notes { " without notes" } else { "" };
            println!("Wrote a copy of {} to {}{notes}. The original is unchanged.", path.display(), out.display());
            Ok(())
        }
        Command::Reconciliation { case, out } => {
            let rows = Case::open(&case)?.export_reconciliation(&out)?;
            println!("Wrote {} ({rows} orders).", out.display());
            Ok(())
        }
        Command::Attest { case, rule_id, done, not_applicable: _, withdraw, date, note, by } => {
            attest(&case, &rule_id, done, withdraw, date.as_deref(), note, &by)
        }
        Command::Check { case, as_of, json, lang } => {
            let lang = Lang::chosen(&lang)?;
            let case = Case::open(&case)?;
            let as_of = case.day_or_today(as_of.as_deref())?;
            let checklist = Checklist::of(&case, as_of)?;
            if json {
                print_json(&checklist.into_json(lang, OrderIds::All))?;
            } else {
                print!("{}", checklist.to_text(lang));
            }
            Ok(())
        }
        Command::Calendar { case, out, as_of, lang } => {
            let lang = Lang::chosen(&lang)?;
            let case = Case::open(&case)?;
            let as_of = case.day_or_today(as_of.as_deref())?;
            let checklist = Checklist::of(&case, as_of)?;
            let ics = calendar::to_ics(&checklist.calendar, &case.profile()?, as_of, lang);
            case.check_output(&out)?;
            std::fs::write(&out, ics).map_err(|e| Error::io(&out, e))?;
            let dated = checklist.calendar.iter().filter(|c| c.date.is_some()).count();
            println!("Wrote {} ({dated} of {} reminders have a date).", out.display(), checklist.calendar.len());
            Ok(())
        }
        Command::Report { case, out, as_of, lang, paper } => {
            let lang = Lang::chosen(&lang)?;
            let paper = Paper::chosen(paper.as_deref())?;
            report::Format::of(&out)?;
            let case = Case::open(&case)?;
            let as_of = case.day_or_today(as_of.as_deref())?;
            let report = Report::build(&case, as_of, lang, paper)?;
            case.check_output(&out)?;
            report.write(&out)?;
            println!("Wrote {} (as of {as_of}): {}", out.display(), report.verdict);
            Ok(())
        }
        Command::Parameter { case, name, value, reset, note, json } => {
            parameter(&case, name, value, reset, &note, json)
        }
    }
}

/// `files`: the imported files, as a list or JSON.
fn files(case: &Path, json: bool) -> Result<()> {
    let files = Case::open(case)?.files()?;
    if json {
        print_json(&serde_json::json!({ "files": files }))?;
    } else if files.is_empty() {
        println!("No files imported yet.");
    } else {
        for f in files {
            println!(
                "{:>4}  {}  {}  {} bytes  {} rows  {} rejected  {} duplicates  {}  sha256 {}",
                f.id, f.name, f.format, f.size, f.rows, f.rejected, f.duplicates, f.imported_at, f.sha256
            );
        }
    }
    Ok(())
}

/// `map-columns`: saves a mapping, or lists the saved ones.
fn map_columns(case: &Path, name: Option<String>, columns: &[String]) -> Result<()> {
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
            None => Err(Error::invalid(format!("{pair}: write FIELD=HEADER, e.g. order_id=\"Order No\""))),
        })
        .collect::<Result<Vec<_>>>()?;
    case.save_column_profile(&ColumnProfile { name: name.clone(), columns })?;
    println!("Saved the column mapping {name}; import the file again to use it.");
    Ok(())
}

/// `rejections`: dismisses a kept-aside row, or lists them.
fn rejections(case: &Path, dismiss: Option<i64>, note: Option<&str>, by: &str, json: bool) -> Result<()> {
    let mut case = Case::open(case)?;
    if let Some(id) = dismiss {
        case.dismiss_rejection(id, note.unwrap_or_default(), Who::named(by)?)?;
        println!("Dismissed row {id}.");
        return Ok(());
    }
    let rows = case.quarantine()?;
    if json {
        print_json(&serde_json::json!({ "rejected_rows": rows }))?;
    } else if rows.is_empty() {
        println!("No rows kept aside.");
    } else {
        for r in rows {
            let state = r.dismissed_note.as_deref().map_or("open".to_owned(), |n| format!("dismissed: {n}"));
            println!(
                "{:>4}  {} line {}, column {}: {} [{state}]\n      {}",
                r.id, r.file, r.line, r.column, r.reason, r.raw
            );
        }
    }
    Ok(())
}

/// `attest`: records an answer for a rule, or withdraws it.
fn attest(
    case: &Path,
    rule_id: &str,
    done: bool,
    withdraw: bool,
    date: Option<&str>,
    note: Option<String>,
    by: &str,
) -> Result<()> {
    let mut case = Case::open(case)?;
    let date = case.day_or_today(date)?;
    let who = Who::named(by)?;
    let title = crate::checklist::title(rule_id, Lang::En);
    if withdraw {
        case.withdraw(rule_id, date, who)?;
        println!("Withdrawn: {title} [{rule_id}].");
    } else {
        let answer = if done { Answer::Done } else { Answer::NotApplicable };
        case.attest(rule_id, &Attestation { answer, date, note: note.unwrap_or_default(), who })?;
        let said = if done { "done" } else { "not applicable" };
        println!("Recorded: {title} [{rule_id}]: {said} on {date}.");
    }
    Ok(())
}

/// `parameter`: changes or resets one of the rule set's parameters, or lists them.
fn parameter(
    case: &Path,
    name: Option<String>,
    value: Option<String>,
    reset: bool,
    note: &str,
    json: bool,
) -> Result<()> {
    let mut case = Case::open(case)?;
    match (name, value, reset) {
        (Some(name), Some(value), false) => {
            case.set_override(&name, &value, note)?;
            println!("{name} = {} for this case.", value.trim());
        }
        (Some(name), None, true) => {
            case.reset_override(&name)?;
            println!("{name} is back to the shipped value.");
        }
        (Some(name), None, false) => {
            return Err(Error::invalid(format!("give a value for {name}, or --reset")));
        }
        (None, _, _) => print_parameters(&case, json)?,
        (Some(_), Some(_), true) => unreachable!("clap rejects --reset with a value"),
    }
    Ok(())
}

/// `purge-personal-data`: removes what personal data the case holds, for good.
fn purge_personal_data(case: &Path) -> Result<()> {
    let record = Case::open(case)?.purge_personal_data()?;
    println!(
        "Purged {}: {} order notes and {} kept-aside rows cleared, {} backups removed (they held the cleared text), the file \
         rewritten so nothing can be recovered from it.",
        record.purged_at, record.notes_cleared, record.raw_cleared, record.backups_removed
    );
    Ok(())
}

/// `closeout check CASE | head` must end quietly when `head` closes the pipe, as other
/// command-line tools do, rather than panic on the failed write.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Writes a JSON document to standard output, indented, streamed through one buffer.
fn print_json(doc: &serde_json::Value) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, doc)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush())
        .map_err(|e| Error::io(Path::new("standard output"), e))
}

/// Imports each file in its own transaction; a rejected file does not stop the others.
fn import(case: &Path, files: &[PathBuf], json: bool, password: Option<&str>) -> Result<()> {
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
    for r in &reports {
        for row in &r.rejected_rows {
            eprintln!("{}: line {}, column {}: {}", r.path, row.line, row.column, row.reason);
        }
        for row in &r.duplicates {
            eprintln!("{}: line {} repeats line {} exactly; kept once", r.path, row.line, row.repeats);
        }
        if r.dismissed_again > 0 {
            eprintln!(
                "{}: {} kept-aside rows were dismissed when this file was imported before; they stay dismissed, with \
                 their notes",
                r.path, r.dismissed_again
            );
        }
        for label in &r.unknown_labels {
            eprintln!(
                "{}: line {}, column {}: unknown status {:?}, kept as unknown",
                r.path, label.line, label.column, label.value
            );
        }
        if let Some(error) = &r.error {
            eprintln!("{}: not imported: {error}", r.path);
            if r.needs_password {
                eprintln!("{}: this zip is encrypted; give its password with --password", r.path);
            }
        }
    }
    if json {
        print_json(&serde_json::json!({ "files": reports }))?;
    } else {
        for r in &reports {
            match r.status {
                ImportStatus::Imported => println!(
                    "{}: {} rows of {} ({} new, {} updated, {} unchanged{}{})",
                    r.path,
                    r.rows,
                    r.format.map_or("?", |f| f.as_str()),
                    r.new,
                    r.updated,
                    r.unchanged,
                    match r.duplicates.len() {
                        0 => String::new(),
                        n => format!(", {n} duplicates kept once"),
                    },
                    match r.rejected_rows.len() {
                        0 => String::new(),
                        n => format!(", {n} kept aside"),
                    }
                ),
                ImportStatus::AlreadyImported => println!("{}: already imported; nothing changed", r.path),
                ImportStatus::Rejected => println!("{}: not imported", r.path),
            }
        }
    }
    if reports.iter().any(|r| r.status == ImportStatus::Rejected) {
        return Err(Error::invalid("some files were not imported (see above); the others were"));
    }
    Ok(())
}

fn print_parameters(case: &Case, json: bool) -> Result<()> {
    let set = RuleSet::shipped();
    let overrides = case.overrides()?;
    let rows: Vec<serde_json::Value> = set
        .parameters
        .iter()
        .map(|(name, def)| {
            let o = overrides.iter().find(|o| &o.name == name);
            serde_json::json!({
                "name": name,
                "value": o.map_or(&def.value, |o| &o.value),
                "shipped_value": def.value,
                "overridden": o.is_some(),
                "note": o.map(|o| o.note.as_str()),
                "unit": def.unit,
                "description": def.description,
                "source": def.source,
                "checked": def.checked,
            })
        })
        .collect();
    if json {
        let doc = serde_json::json!({"ruleset_version": set.version, "parameters": rows});
        print_json(&doc)?;
        return Ok(());
    }
    println!("Rule set {}", set.version);
    for row in rows {
        let marker = if row["overridden"] == true { "*" } else { " " };
        println!(
            "{marker} {:<30} {:>8} {:<13} {}",
            row["name"].as_str().unwrap_or_default(),
            row["value"].as_str().unwrap_or_default(),
            row["unit"].as_str().unwrap_or_default(),
            row["source"].as_str().unwrap_or_default()
        );
    }
    if !overrides.is_empty() {
        println!("* changed for this case");
    }
    Ok(())
}

fn print_created(path: &Path, profile: &Profile) {
    println!(
        "Created {} for {} (region {}, time zone {}, currency {}).",
        path.display(),
        profile.store_name,
        profile.region,
        profile.timezone.name(),
        profile.settlement_currency
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn invocations() {
        assert_eq!(Invocation::from_args(&args(&["closeout"])), Invocation::Window { case: None });
        assert_eq!(
            Invocation::from_args(&args(&["closeout", "shop.closeout"])),
            Invocation::Window { case: Some("shop.closeout".into()) }
        );
        assert_eq!(Invocation::from_args(&args(&["closeout", "--version"])), Invocation::Command);
        assert_eq!(Invocation::from_args(&args(&["closeout", "new"])), Invocation::Command);
        assert_eq!(Invocation::from_args(&args(&["closeout", "new", "a"])), Invocation::Command);
    }

    #[test]
    fn usage_errors_exit_2() {
        assert_eq!(run(args(&["closeout", "new"])), 2);
        assert_eq!(run(args(&["closeout", "frobnicate", "x"])), 2);
    }

    #[test]
    fn bad_values_exit_1() {
        let dir = tempfile::tempdir().unwrap();
        let case = dir.path().join("a.closeout");
        let case = case.to_str().unwrap();
        assert_eq!(run(args(&["closeout", "new", case, "--store", "D", "--region", "XX"])), 1);
        assert_eq!(run(args(&["closeout", "new", case, "--store", "D", "--timezone", "Mars/Base"])), 1);
        assert_eq!(run(args(&["closeout", "new", case, "--store", "D", "--stop-date", "15/09/2026"])), 1);
        assert!(!dir.path().join("a.closeout").exists(), "nothing created on bad input");
    }
}
