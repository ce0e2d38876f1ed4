//! The command line, `closeout`: argument parsing and printing only, over the core alone (no
//! Tauri crate is linked in). Every command calls the same core functions the window calls.
//! Without arguments, or with a case file alone, it starts the window, `closeout-app`, beside it.
//! Exit codes: 0 success, 1 input rejected, 2 usage error, 3 internal failure (docs/cli.md).

mod answers;
mod args;
mod outputs;
mod store;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use clap::{CommandFactory, Parser};
use closeout_core::case::{Case, Subject};
use closeout_core::error::{Error, Result};
use closeout_core::locale::Lang;
use closeout_core::rules::Answer;
use closeout_core::text::Text;

use args::{Cli, Command};

fn main() {
    let args: Vec<OsString> = std::env::args_os().collect();
    match Invocation::from_args(&args) {
        Invocation::Window { case } => std::process::exit(start_window(case.as_deref())),
        Invocation::Command => std::process::exit(run(args)),
    }
}

/// What a command line asks for: the window, or a CLI command.
#[derive(Debug, PartialEq)]
enum Invocation {
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
    fn from_args(args: &[OsString]) -> Invocation {
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

/// Starts the window binary installed beside this one, on `case` if given, and returns at once.
fn start_window(case: Option<&Path>) -> i32 {
    let window = window_binary();
    let mut command = std::process::Command::new(&window);
    // Detached from this terminal: the window outlives this program and must not hold its
    // output open (a script reading it would wait for the window to close).
    command.args(case).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    match command.spawn() {
        Ok(_) => 0,
        Err(e) => {
            let lang = Lang::system();
            eprintln!("closeout: {}", Error::io(&window, e).message().render(lang));
            2
        }
    }
}

/// The window's program beside this one: `closeout-app`, or on Windows `closeout.exe` when this
/// is the installed `closeout.com` (packaging/windows/closeout.nsi).
fn window_binary() -> PathBuf {
    let this = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("closeout"));
    let app = this.with_file_name(format!("closeout-app{}", std::env::consts::EXE_SUFFIX));
    if cfg!(windows) && !app.exists() {
        return this.with_file_name("closeout.exe");
    }
    app
}

/// Runs a CLI invocation and returns the process exit code.
fn run(args: Vec<OsString>) -> i32 {
    quiet_on_closed_pipe();
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let case = cli.command.case().to_owned();
    let lang = match cli.lang.as_deref().map(closeout_core::model::parse_language).transpose() {
        Ok(lang) => lang.unwrap_or_else(Lang::system),
        Err(e) => {
            eprintln!("closeout: {e}");
            return 1;
        }
    };
    match dispatch(cli.command, lang) {
        Ok(()) => 0,
        Err(e) => {
            // Closeout's own failure is not the person's input: its own status, for scripts.
            let status = if matches!(e, Error::Internal(_)) { 3 } else { 1 };
            eprintln!("closeout: {}", Case::damage_named(&case, e).message().render(lang));
            status
        }
    }
}

/// Hands each command to the one function that carries it out.
fn dispatch(command: Command, lang: Lang) -> Result<()> {
    match command {
        Command::New { case, store, region, timezone, stop_date, currency } => {
            store::new_case(lang, &case, store, region, timezone, stop_date, currency)
        }
        Command::Import { case, files, json, password } => {
            store::import(lang, &case, &files, json, password.as_deref())
        }
        Command::Files { case, json } => store::files(lang, &case, json),
        Command::Forget { case, file_id } => store::forget(lang, &case, file_id),
        Command::MapColumns { case, name, columns } => store::map_columns(lang, &case, name, &columns),
        Command::Rejections { case, dismiss, note, by, json } => {
            store::rejections(lang, &case, dismiss, note.as_deref(), &by, json)
        }
        Command::Balance(options) => answers::balance(lang, options),
        Command::OrderAction { case, order_id, action, note, attach } => {
            answers::order_action(lang, &case, order_id, &action, &note, &attach)
        }
        Command::Attach { case, rule, order, balance, files } => {
            let subject = match (rule, order, balance) {
                (Some(rule), _, _) => Subject::Rule(rule),
                (_, Some(order), _) => Subject::Order(order),
                (_, _, Some(id)) => Subject::Balance(id),
                (None, None, None) => unreachable!("clap requires one of --rule, --order, --balance"),
            };
            answers::attach(lang, &case, subject, &files)
        }
        Command::Attachments { case, remove, json } => answers::attachments(lang, &case, remove, json),
        Command::Attest { case, rule_id, done, not_applicable: _, withdraw, date, note, by, attach } => {
            let answer = (!withdraw).then_some(if done { Answer::Done } else { Answer::NotApplicable });
            answers::attest(lang, &case, &rule_id, answer, date.as_deref(), note, &by, &attach)
        }
        Command::Parameter { case, name, value, reset, note, json } => {
            answers::parameter(lang, &case, name, value, reset, &note, json)
        }
        Command::PurgePersonalData { case } => answers::purge_personal_data(lang, &case),
        Command::Check { case, as_of, json } => outputs::check(lang, &case, as_of.as_deref(), json),
        Command::Calendar { case, out, as_of } => outputs::calendar(lang, &case, &out, as_of.as_deref()),
        Command::ExportPack { case, out, as_of } => outputs::export_pack(lang, &case, &out, as_of.as_deref()),
        Command::Report { case, out, as_of, paper } => {
            outputs::report(lang, &case, &out, as_of.as_deref(), paper.as_deref())
        }
        Command::Reconciliation { case, out } => outputs::reconciliation(lang, &case, &out),
        Command::ExportCase { case, out, without_notes } => outputs::export_case(lang, &case, &out, without_notes),
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
