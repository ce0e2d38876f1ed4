//! Commands that write or print what the case shows: `check`, `calendar`, `report`,
//! `export-pack`, `reconciliation`, `export-case`.

use std::path::Path;

use closeout_core::calendar;
use closeout_core::case::Case;
use closeout_core::checklist::{Checklist, OrderIds};
use closeout_core::error::{Error, Result};
use closeout_core::locale::Lang;
use closeout_core::report::{self, Paper, Report};
use closeout_core::text::Text;

use crate::{print_json, say};

/// `check`: the checklist as of a day, as a summary or one JSON document.
pub(crate) fn check(lang: Lang, case: &Path, as_of: Option<&str>, json: bool) -> Result<()> {
    let case = Case::open(case)?;
    let as_of = case.day_or_today(as_of)?;
    let checklist = Checklist::of(&case, as_of)?;
    if json {
        print_json(&checklist.into_json(lang, OrderIds::All))
    } else {
        print!("{}", checklist.to_text(lang));
        Ok(())
    }
}

/// `calendar`: the after-closure reminders as an iCalendar file.
pub(crate) fn calendar(lang: Lang, case: &Path, out: &Path, as_of: Option<&str>) -> Result<()> {
    let case = Case::open(case)?;
    let as_of = case.day_or_today(as_of)?;
    let checklist = Checklist::of(&case, as_of)?;
    let ics = calendar::to_ics(&checklist.calendar, &case.profile()?, as_of, lang);
    case.check_output(out)?;
    std::fs::write(out, ics).map_err(|e| Error::io(out, e))?;
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

/// `export-pack`: the closing pack, one zip.
pub(crate) fn export_pack(lang: Lang, case: &Path, out: &Path, as_of: Option<&str>) -> Result<()> {
    let case = Case::open(case)?;
    let as_of = case.day_or_today(as_of)?;
    let count = closeout_core::pack::write(&case, as_of, lang, out)?;
    say(lang, Text::new("cli.pack_written").with("out", out.display()).with("as_of", as_of).with("count", count));
    Ok(())
}

/// `report`: the closure readiness report, PDF or HTML by the file's extension.
pub(crate) fn report(lang: Lang, case: &Path, out: &Path, as_of: Option<&str>, paper: Option<&str>) -> Result<()> {
    let paper = Paper::chosen(paper)?;
    report::Format::of(out)?;
    let case = Case::open(case)?;
    let as_of = case.day_or_today(as_of)?;
    let report = Report::build(&case, as_of, lang, paper)?;
    case.check_output(out)?;
    report.write(out)?;
    say(
        lang,
        Text::new("cli.report_written").with("out", out.display()).with("date", as_of).with("verdict", &report.verdict),
    );
    Ok(())
}

/// `reconciliation`: the per-order money reconciliation, a workbook or a CSV.
pub(crate) fn reconciliation(lang: Lang, case: &Path, out: &Path) -> Result<()> {
    let rows = closeout_core::export::write_reconciliation(&Case::open(case)?, out, lang)?;
    say(lang, Text::new("cli.reconciliation_written").with("out", out.display()).with("rows", rows));
    Ok(())
}

/// `export-case`: a copy of the case for someone else, with or without the notes.
pub(crate) fn export_case(lang: Lang, case: &Path, out: &Path, without_notes: bool) -> Result<()> {
    Case::open(case)?.export_copy(out, without_notes)?;
    let key = if without_notes { "cli.copy_written_without_notes" } else { "cli.copy_written" };
    say(lang, Text::new(key).with("case", case.display()).with("out", out.display()));
    Ok(())
}
