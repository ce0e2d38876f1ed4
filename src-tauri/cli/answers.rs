//! Commands that record what a person says or shows: `balance`, `order-action`, `attest`,
//! `attach`, `attachments`, `parameter`, `purge-personal-data`.

use std::path::{Path, PathBuf};

use closeout_core::case::{read_attachment, Attachment, BalanceInput, Case, Subject};
use closeout_core::error::{Error, Result};
use closeout_core::locale::Lang;
use closeout_core::rules::ruleset::RuleSet;
use closeout_core::rules::{Answer, Attestation, Who};
use closeout_core::text::Text;

use crate::args::BalanceArgs;
use crate::{print_json, say};

/// `balance`: records a balance read off the fund overview, with the files showing it.
pub(crate) fn balance(lang: Lang, options: BalanceArgs) -> Result<()> {
    let BalanceArgs { case, currency, available, frozen, in_transit, owed, date, note, attach } = options;
    let mut case = Case::open(&case)?;
    let as_of = case.day_or_today(date.as_deref())?.to_string();
    let snapshot = BalanceInput { currency, available, frozen, in_transit, owed, as_of, note }.into_snapshot()?;
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

/// `order-action`: records what was done with an unfinished order, with the files showing it.
pub(crate) fn order_action(
    lang: Lang,
    case: &Path,
    order_id: String,
    action: &str,
    note: &str,
    attach: &[PathBuf],
) -> Result<()> {
    let mut case = Case::open(case)?;
    let files = read_attachments(attach)?;
    case.record_order_action(&order_id, action, note)?;
    let words = Text::new(format!("order_action.{action}"));
    say(lang, Text::new("cli.order_action_recorded").with("id", &order_id).with_text("action", words));
    attach_all(lang, &mut case, &Subject::Order(order_id), files)
}

/// `attach`: attaches files to an answer, an order's recorded action or an entered balance.
pub(crate) fn attach(lang: Lang, case: &Path, subject: Subject, files: &[PathBuf]) -> Result<()> {
    let files = read_attachments(files)?;
    attach_all(lang, &mut Case::open(case)?, &subject, files)
}

/// `attest`: records an answer (with its files), or withdraws one when `answer` is `None`.
#[allow(clippy::too_many_arguments)] // one per option of the command
pub(crate) fn attest(
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
    let title = closeout_core::checklist::title(rule_id, lang);
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
        .with("subject", closeout_core::checklist::attachment_subject(a, lang))
}

/// `attachments`: lists them (or JSON), or removes one.
pub(crate) fn attachments(lang: Lang, case: &Path, remove: Option<i64>, json: bool) -> Result<()> {
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
pub(crate) fn parameter(
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
        let unit = if closeout_core::text::has(&unit_key) { Text::new(unit_key).render(lang) } else { unit.to_owned() };
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

/// `purge-personal-data`: removes what personal data the case holds, for good.
pub(crate) fn purge_personal_data(lang: Lang, case: &Path) -> Result<()> {
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
