//! What the command line accepts: clap's derive structs, and nothing else.

use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "closeout",
    version,
    about = "Close an AliExpress store step by step: orders, money, partners, records.",
    long_about = "Close an AliExpress store step by step: orders, money, partners, records.\n\n\
                  Without arguments Closeout opens its window; `closeout CASE.closeout` opens the \
                  window on that case. With a command it works on the command line."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// Language of everything printed: en or zh-CN (default: the system's language)
    #[arg(long, global = true)]
    pub(crate) lang: Option<String>,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
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
    Balance(BalanceArgs),
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

impl Command {
    /// The case file every subcommand works on.
    pub(crate) fn case(&self) -> &Path {
        match self {
            Command::New { case, .. }
            | Command::Import { case, .. }
            | Command::Files { case, .. }
            | Command::Forget { case, .. }
            | Command::MapColumns { case, .. }
            | Command::Rejections { case, .. }
            | Command::Balance(BalanceArgs { case, .. })
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

/// `balance`'s options: the fund overview's four figures, the day and the files showing them.
#[derive(Args, Debug)]
pub(crate) struct BalanceArgs {
    pub(crate) case: PathBuf,
    #[arg(long)]
    pub(crate) currency: String,
    /// 放款: released, available to withdraw
    #[arg(long)]
    pub(crate) available: String,
    /// 冻结: frozen or held as a reserve
    #[arg(long, default_value = "0")]
    pub(crate) frozen: String,
    /// 在途: not yet released
    #[arg(long = "in-transit", default_value = "0")]
    pub(crate) in_transit: String,
    /// 欠款: owed to the platform
    #[arg(long, default_value = "0")]
    pub(crate) owed: String,
    /// The day it was read (YYYY-MM-DD; default today)
    #[arg(long)]
    pub(crate) date: Option<String>,
    #[arg(long, default_value = "")]
    pub(crate) note: String,
    /// A file showing it (a screenshot of the fund overview): PNG, JPEG, WebP, PDF or .eml; repeatable
    #[arg(long = "attach", value_name = "FILE")]
    pub(crate) attach: Vec<PathBuf>,
}
