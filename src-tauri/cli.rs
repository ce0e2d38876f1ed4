//! The command line: argument parsing and printing only. Every command calls the same core
//! functions the desktop app calls. Exit codes: 0 success, 1 input rejected, 2 usage error.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser, Subcommand};

use crate::case::Case;
use crate::error::Result;
use crate::model::{Profile, ProfileInput};

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
}

/// What a command line asks for: the window, or a CLI command.
#[derive(Debug, PartialEq)]
pub enum Invocation {
    Window { case: Option<PathBuf> },
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
                let is_command = text.starts_with('-')
                    || Cli::command().get_subcommands().any(|c| c.get_name() == text);
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
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    match dispatch(cli.command) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("closeout: {e}");
            1
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
    }
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
