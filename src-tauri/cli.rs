//! The command line: argument parsing and printing only. Every command calls the same core
//! functions the desktop app calls. Exit codes: 0 success, 1 input rejected, 2 usage error.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::{ArgGroup, CommandFactory, Parser, Subcommand};

use crate::calendar;
use crate::case::{read_attachment, Attachment, BalanceInput, Case, ImportStatus, Subject};
use crate::checklist::{Checklist, OrderIds};
use crate::error::{Error, Result};
use crate::import::ColumnProfile;
use crate::locale::Lang;
use crate::model::{Profile, ProfileInput};
use crate::report::{self, Paper, Report};
use crate::rules::ruleset::RuleSet;
use crate::rules::{Answer, Attestation, Who};
use crate::text::Text;

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
    /// Language of everything printed: en or zh-CN (default: the system's language)
    #[arg(long, global = true)]
    lang: Option<String>,
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
        /// Time zone for dates and deadlines: a city (Beijing, 北京, Paris) or an IANA name such as
        /// Asia/Shanghai (default: the region's)
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
        /// A file showing it (a screenshot of the fund overview): PNG, JPEG, WebP, PDF or .eml; repeatable
        #[arg(long = "attach", value_name = "FILE")]
        attach: Vec<PathBuf>,
    },
    /// Record what you did with an unfinished order (shipped, refunded, …), with a note
    OrderAction {
        case: PathBuf,
        order_id: String,
        /// One of: shipped, refunded, return_accepted, negotiated, dispute_answered, cancelled,
        /// release_chased, other
        action: String,
        #[arg(long, default_value = "")]
        note: String,
        /// A file showing it (the tracking page, the refund's confirmation): PNG, JPEG, WebP, PDF
        /// or .eml; repeatable
        #[arg(long = "attach", value_name = "FILE")]
        attach: Vec<PathBuf>,
    },
    /// Attach files as evidence to an answer, to what was recorded for an order, or to an
    /// entered balance: pictures (PNG, JPEG, WebP), PDF, or e-mails saved as .eml
    #[command(group(ArgGroup::new("subject").required(true).args(["rule", "order", "balance"])))]
    Attach {
        case: PathBuf,
        /// The rule whose answer the files show (e.g. holiday-mode-on)
        #[arg(long)]
        rule: Option<String>,
        /// The order whose recorded action the files show
        #[arg(long)]
        order: Option<String>,
        /// The entered balance the files show (its id, as `attachments` lists it)
        #[arg(long)]
        balance: Option<i64>,
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// List the files attached as evidence, with their sha256, or remove one (a backup is kept)
    Attachments {
        case: PathBuf,
        /// Remove this attachment (its id, as listed)
        #[arg(long, value_name = "ID")]
        remove: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Remove personal data the case holds (notes on orders, raw text of rows kept aside, the
    /// contents of attached files) so that it cannot be recovered from the file, and record that
    /// it was done
    PurgePersonalData { case: PathBuf },
    /// Write a copy of the case to send to someone (the bookkeeper): one file, consistent even
    /// while the window has the case open
    ExportCase {
        case: PathBuf,
        /// Where to write the copy (never over an existing file)
        #[arg(long)]
        out: PathBuf,
        /// Leave out your notes on orders, the case's notes, the raw text of kept-aside rows and the
        /// contents of attached files
        #[arg(long)]
        without_notes: bool,
    },
    /// Export the per-order money reconciliation for the bookkeeper: an Excel workbook (.xlsx,
    /// in --lang) or CSV (.csv), by the file's extension
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
        /// A file showing it (a screenshot, the platform's e-mail, a receipt): PNG, JPEG, WebP, PDF
        /// or .eml; repeatable
        #[arg(long = "attach", value_name = "FILE", conflicts_with = "withdraw")]
        attach: Vec<PathBuf>,
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
    },
    /// Export the after-closure reminders (refunds, chargebacks, records) as an iCalendar file
    Calendar {
        case: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long = "as-of")]
        as_of: Option<String>,
    },
    /// Write the closing pack for the bookkeeper: one zip with the report (PDF and HTML), a
    /// workbook of every table and the same tables as CSV, the calendar and a manifest of hashes
    ExportPack {
        case: PathBuf,
        /// FILE.zip
        #[arg(long)]
        out: PathBuf,
        #[arg(long = "as-of")]
        as_of: Option<String>,
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
    /// window; everything else is the command line, so a mistyped command (`closeout chek`) is
    /// told so on the terminal rather than opening a window on a file of that name.
    pub fn from_args(args: &[OsString]) -> Invocation {
        match args {
            [_] => Invocation::Window { case: None },
            [_, arg] => {
                let text = arg.to_string_lossy();
                let names_a_file = Path::new(arg).exists() || text.to_lowercase().ends_with(".closeout");
                let is_command = text.starts_with('-')
                    || Cli::command().get_subcommands().any(|c| c.get_name() == text)
                    || !names_a_file;
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
    let lang = match cli.lang.as_deref().map(Lang::chosen).transpose() {
        Ok(lang) => lang.unwrap_or_else(Lang::system),
        Err(e) => {
            eprintln!("closeout: {e}");
            return 1;
        }
    };
    match dispatch(cli.command, lang) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("closeout: {}", Case::damage_named(&case, e).message().render(lang));
            1
        }
    }
}

/// Prints a catalogue message in `lang`, as one line of standard output.
fn say(lang: Lang, text: Text) {
    println!("{}", text.render(lang));
}

/// Prints a catalogue message in `lang`, as one line of standard error.
fn warn(lang: Lang, text: Text) {
    eprintln!("{}", text.render(lang));
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
            | Command::Attach { case, .. }
            | Command::OrderAction { case, .. }
            | Command::Attachments { case, .. }
            | Command::Check { case, .. }
            | Command::Calendar { case, .. }
            | Command::Parameter { case, .. }
            | Command::Report { case, .. }
            | Command::ExportPack { case, .. }
            | Command::PurgePersonalData { case } => case,
        }
    }
}

fn dispatch(command: Command, lang: Lang) -> Result<()> {
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
            print_created(lang, &case, &profile);
            Ok(())
        }
        Command::Import { case, files, json, password } => import(lang, &case, &files, json, password.as_deref()),
        Command::Files { case, json } => files(lang, &case, json),
        Command::Forget { case, file_id } => {
            let (file, undo) = Case::open(&case)?.forget(file_id)?;
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
        Command::MapColumns { case, name, columns } => map_columns(lang, &case, name, &columns),
        Command::Rejections { case, dismiss, note, by, json } => {
            rejections(lang, &case, dismiss, note.as_deref(), &by, json)
        }
        Command::Balance { case, currency, available, frozen, in_transit, owed, date, note, attach } => {
            let mut case = Case::open(&case)?;
            let as_of = case.day_or_today(date.as_deref())?.to_string();
            let snapshot =
                BalanceInput { currency, available, frozen, in_transit, owed, as_of, note }.into_snapshot()?;
            let files = read_attachments(&attach)?;
            let id = case.enter_balance(&snapshot)?;
            say(
                lang,
                Text::new("cli.balance_recorded")
                    .with("currency", snapshot.currency)
                    .with("date", snapshot.as_of)
                    .with("id", id),
            );
            attach_all(lang, &mut case, &Subject::Balance(id), files)
        }
        Command::OrderAction { case, order_id, action, note, attach } => {
            let mut case = Case::open(&case)?;
            let files = read_attachments(&attach)?;
            case.record_order_action(&order_id, &action, &note)?;
            let words = Text::new(format!("order_action.{action}"));
            say(lang, Text::new("cli.order_action_recorded").with("id", &order_id).with_text("action", words));
            attach_all(lang, &mut case, &Subject::Order(order_id), files)
        }
        Command::Attach { case, rule, order, balance, files } => {
            let subject = match (rule, order, balance) {
                (Some(rule), _, _) => Subject::Rule(rule),
                (_, Some(order), _) => Subject::Order(order),
                (_, _, Some(id)) => Subject::Balance(id),
                (None, None, None) => unreachable!("clap requires one of --rule, --order, --balance"),
            };
            let files = read_attachments(&files)?;
            attach_all(lang, &mut Case::open(&case)?, &subject, files)
        }
        Command::Attachments { case, remove, json } => attachments(lang, &case, remove, json),
        Command::PurgePersonalData { case } => purge_personal_data(lang, &case),
        Command::ExportCase { case: path, out, without_notes } => {
            Case::open(&path)?.export_copy(&out, without_notes)?;
            let key = if without_notes { "cli.copy_written_without_notes" } else { "cli.copy_written" };
            say(lang, Text::new(key).with("case", path.display()).with("out", out.display()));
            Ok(())
        }
        Command::Reconciliation { case, out } => {
            let rows = Case::open(&case)?.export_reconciliation(&out, lang)?;
            say(lang, Text::new("cli.reconciliation_written").with("out", out.display()).with("rows", rows));
            Ok(())
        }
        Command::Attest { case, rule_id, done, not_applicable: _, withdraw, date, note, by, attach } => {
            let answer = (!withdraw).then_some(if done { Answer::Done } else { Answer::NotApplicable });
            attest(lang, &case, &rule_id, answer, date.as_deref(), note, &by, &attach)
        }
        Command::Check { case, as_of, json } => {
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
        Command::Calendar { case, out, as_of } => {
            let case = Case::open(&case)?;
            let as_of = case.day_or_today(as_of.as_deref())?;
            let checklist = Checklist::of(&case, as_of)?;
            let ics = calendar::to_ics(&checklist.calendar, &case.profile()?, as_of, lang);
            case.check_output(&out)?;
            std::fs::write(&out, ics).map_err(|e| Error::io(&out, e))?;
            let dated = checklist.calendar.iter().filter(|c| c.date.is_some()).count();
            say(
                lang,
                Text::new("cli.calendar_written")
                    .with("out", out.display())
                    .with("dated", dated)
                    .with("count", checklist.calendar.len()),
            );
            Ok(())
        }
        Command::ExportPack { case, out, as_of } => {
            let case = Case::open(&case)?;
            let as_of = case.day_or_today(as_of.as_deref())?;
            let count = crate::pack::write(&case, as_of, lang, &out)?;
            say(
                lang,
                Text::new("cli.pack_written").with("out", out.display()).with("as_of", as_of).with("count", count),
            );
            Ok(())
        }
        Command::Report { case, out, as_of, paper } => {
            let paper = Paper::chosen(paper.as_deref())?;
            report::Format::of(&out)?;
            let case = Case::open(&case)?;
            let as_of = case.day_or_today(as_of.as_deref())?;
            let report = Report::build(&case, as_of, lang, paper)?;
            case.check_output(&out)?;
            report.write(&out)?;
            say(
                lang,
                Text::new("cli.report_written")
                    .with("out", out.display())
                    .with("date", as_of)
                    .with("verdict", &report.verdict),
            );
            Ok(())
        }
        Command::Parameter { case, name, value, reset, note, json } => {
            parameter(lang, &case, name, value, reset, &note, json)
        }
    }
}

/// `files`: the imported files, as a list or JSON.
fn files(lang: Lang, case: &Path, json: bool) -> Result<()> {
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

/// `map-columns`: saves a mapping, or lists the saved ones.
fn map_columns(lang: Lang, case: &Path, name: Option<String>, columns: &[String]) -> Result<()> {
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
fn rejections(lang: Lang, case: &Path, dismiss: Option<i64>, note: Option<&str>, by: &str, json: bool) -> Result<()> {
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

/// `attest`: records an answer (with its files), or withdraws one when `answer` is `None`.
#[allow(clippy::too_many_arguments)] // one per option of the command
fn attest(
    lang: Lang,
    case: &Path,
    rule_id: &str,
    answer: Option<Answer>,
    date: Option<&str>,
    note: Option<String>,
    by: &str,
    attach: &[PathBuf],
) -> Result<()> {
    let mut case = Case::open(case)?;
    let date = case.day_or_today(date)?;
    let who = Who::named(by)?;
    let title = crate::checklist::title(rule_id, lang);
    let Some(answer) = answer else {
        case.withdraw(rule_id, date, who)?;
        say(lang, Text::new("cli.withdrawn").with("title", title).with("rule", rule_id));
        return Ok(());
    };
    let files = read_attachments(attach)?;
    case.attest(rule_id, &Attestation { answer, date, note: note.unwrap_or_default(), who })?;
    let key = if answer == Answer::Done { "cli.recorded_done" } else { "cli.recorded_not_applicable" };
    say(lang, Text::new(key).with("title", title).with("rule", rule_id).with("date", date));
    attach_all(lang, &mut case, &Subject::Rule(rule_id.to_owned()), files)
}

/// Every file named, read and checked before anything is recorded, so a file that cannot be
/// attached stops the command with nothing changed.
fn read_attachments(paths: &[PathBuf]) -> Result<Vec<(String, Vec<u8>)>> {
    paths.iter().map(|path| read_attachment(path)).collect()
}

fn attach_all(lang: Lang, case: &mut Case, subject: &Subject, files: Vec<(String, Vec<u8>)>) -> Result<()> {
    for (name, bytes) in files {
        let (attachment, new) = case.attach(subject, &name, &bytes)?;
        let key = if new { "cli.attached" } else { "cli.already_attached" };
        say(lang, attachment_text(key, &attachment, lang));
    }
    Ok(())
}

fn attachment_text(key: &str, a: &Attachment, lang: Lang) -> Text {
    Text::new(key)
        .with("id", a.id)
        .with("name", &a.name)
        .with("type", a.mime)
        .with("size", a.size)
        .with("sha256", &a.sha256)
        .with("subject", crate::checklist::attachment_subject(a, lang))
}

/// `attachments`: lists them (or JSON), or removes one.
fn attachments(lang: Lang, case: &Path, remove: Option<i64>, json: bool) -> Result<()> {
    let mut case = Case::open(case)?;
    if let Some(id) = remove {
        let (removed, undo) = case.remove_attachment(id)?;
        say(lang, attachment_text("cli.detached", &removed, lang).with("backup", undo.backup.display()));
        return Ok(());
    }
    let all = case.attachments()?;
    if json {
        return print_json(&serde_json::json!({ "attachments": all }));
    }
    if all.is_empty() {
        say(lang, Text::new("cli.no_attachments"));
    }
    for a in &all {
        let key = if a.kept { "cli.attachment_line" } else { "cli.attachment_line_purged" };
        say(lang, attachment_text(key, a, lang));
    }
    Ok(())
}

/// `parameter`: changes or resets one of the rule set's parameters, or lists them.
fn parameter(
    lang: Lang,
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
            say(lang, Text::new("cli.parameter_set").with("name", &name).with("value", value.trim()));
        }
        (Some(name), None, true) => {
            case.reset_override(&name)?;
            say(lang, Text::new("cli.parameter_reset").with("name", name));
        }
        (Some(name), None, false) => {
            return Err(Error::invalid(Text::new("input.parameter_needs_value").with("name", name)));
        }
        (None, _, _) => print_parameters(lang, &case, json)?,
        (Some(_), Some(_), true) => unreachable!("clap rejects --reset with a value"),
    }
    Ok(())
}

/// `purge-personal-data`: removes what personal data the case holds, for good.
fn purge_personal_data(lang: Lang, case: &Path) -> Result<()> {
    let record = Case::open(case)?.purge_personal_data()?;
    say(
        lang,
        Text::new("cli.purged")
            .with("at", &record.purged_at)
            .with("notes", record.notes_cleared)
            .with("rows", record.raw_cleared)
            .with("attachments", record.attachments_cleared)
            .with("backups", record.backups_removed),
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
fn import(lang: Lang, case: &Path, files: &[PathBuf], json: bool, password: Option<&str>) -> Result<()> {
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
            warn(
                lang,
                Text::new("cli.duplicate").with("path", path).with("line", row.line).with("repeats", row.repeats),
            );
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
    if json {
        print_json(&serde_json::json!({ "files": reports }))?;
    } else {
        for r in &reports {
            let path = r.path.as_str();
            let summary = match r.status {
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
            };
            say(lang, summary);
        }
    }
    if reports.iter().any(|r| r.status == ImportStatus::Rejected) {
        return Err(Error::invalid(Text::new("input.some_not_imported")));
    }
    Ok(())
}

fn print_parameters(lang: Lang, case: &Case, json: bool) -> Result<()> {
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
    say(lang, Text::new("cli.ruleset").with("version", &set.version));
    for row in rows {
        let marker = if row["overridden"] == true { "*" } else { " " };
        let unit = row["unit"].as_str().unwrap_or_default();
        let unit_key = format!("unit.{}", unit.replace(' ', "_"));
        let unit = if crate::text::has(&unit_key) { Text::new(unit_key).render(lang) } else { unit.to_owned() };
        println!(
            "{marker} {:<30} {:>8} {:<13} {}",
            row["name"].as_str().unwrap_or_default(),
            row["value"].as_str().unwrap_or_default(),
            unit,
            row["source"].as_str().unwrap_or_default()
        );
    }
    if !overrides.is_empty() {
        say(lang, Text::new("cli.changed_for_case"));
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
        assert_eq!(Invocation::from_args(&args(&["closeout", "chek"])), Invocation::Command, "a typo");
        let file = std::env::current_exe().unwrap();
        assert_eq!(
            Invocation::from_args(&[OsString::from("closeout"), file.clone().into()]),
            Invocation::Window { case: Some(file) },
            "any file a file manager hands over"
        );
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
