//! Reading one cell: ids, times and amounts, the same way in every importer. Each importer
//! words the problems for its own file (an order id, a transaction number); the rules of what
//! a cell can be trusted to say live here once.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::{America::Los_Angeles, Asia::Shanghai};
use rust_decimal::Decimal;

use super::sheet::{self, Cell};
use super::text;
use crate::model::{parse_amount, Currency, Money};
use crate::text::Text;

/// Why a cell is not an id one can trust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum IdProblem {
    Missing,
    /// Text with something other than digits (and, where allowed, one `_suffix`).
    NotDigits(String),
    /// Text such as `3.03127E+15`: only a spreadsheet program writes an id so, and the digits
    /// it dropped are gone.
    Scientific(String),
    /// A number cell that may not be the id that was meant (see `id_of_number`).
    MaybeRounded(String),
}

impl IdProblem {
    /// The problem as a message, for the id whose name is the key `what` (`id.order`), with
    /// the key `advice` on getting it back. Only scientific text is blamed on a spreadsheet: a
    /// number cell may be how the exporter itself wrote the file.
    pub fn describe(&self, what: &str, advice: &str) -> Text {
        let (key, id) = match self {
            IdProblem::Missing => ("row.id_missing", None),
            IdProblem::NotDigits(id) => ("row.id_not_digits", Some(id)),
            IdProblem::Scientific(id) => ("row.id_scientific", Some(id)),
            IdProblem::MaybeRounded(id) => ("row.id_maybe_rounded", Some(id)),
        };
        let text = Text::new(key).with_text("what", Text::new(what)).with_text("advice", Text::new(advice));
        match id {
            Some(id) => text.with("id", id),
            None => text,
        }
    }
}

/// Integers below this are held exactly by a double (2^53).
const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;

/// The id a number cell holds, when it can be trusted. A double holds every integer below 2^53
/// exactly, and a spreadsheet keeps 15 significant digits of a number, padding the rest with
/// zeros: so an integer of up to 15 digits is exact, and so is a 16-digit one below 2^53 whose
/// last digit is not 0 (rounding could not have made it). Anything else may have lost digits:
/// a 16-digit integer ending in 0, a larger number, a fraction.
pub(super) fn id_of_number(n: f64) -> Result<String, IdProblem> {
    let shown = format!("{n}");
    if !(n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n < EXACT_INTEGERS) {
        return Err(IdProblem::MaybeRounded(shown));
    }
    let id = format!("{}", n as u64);
    if id.len() <= 15 || !id.ends_with('0') {
        Ok(id)
    } else {
        Err(IdProblem::MaybeRounded(id))
    }
}

/// An id of digits: a text cell as written (without the marks CSV writers put around ids to
/// keep Excel off them), or a number cell that can be trusted. `suffix` allows one `_…` part
/// (Alipay writes a refund's number as `original_suffix`).
pub(super) fn parse_id(cell: Cell, suffix: bool) -> Result<String, IdProblem> {
    let id = match cell {
        Cell::Empty => return Err(IdProblem::Missing),
        Cell::Number(n) => return id_of_number(n),
        Cell::Date(_) => return Err(IdProblem::NotDigits(cell.to_string())),
        Cell::Text(s) => without_excel_text_marks(text::trim_cell(s)),
    };
    if id.is_empty() {
        return Err(IdProblem::Missing);
    }
    if id.contains(['E', 'e']) && id.parse::<f64>().is_ok() {
        return Err(IdProblem::Scientific(id.to_owned()));
    }
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let ok = match id.split_once('_') {
        Some((original, rest)) if suffix => digits(original) && !rest.is_empty() && !rest.contains(char::is_whitespace),
        _ => digits(id),
    };
    if ok {
        Ok(id.to_owned())
    } else {
        Err(IdProblem::NotDigits(id.to_owned()))
    }
}

/// `="3031265788145237"` and `'3031265788145237`: ways CSV writers keep Excel from turning an
/// id into a number.
fn without_excel_text_marks(s: &str) -> &str {
    s.strip_prefix("=\"").and_then(|s| s.strip_suffix('"')).or_else(|| s.strip_prefix('\'')).unwrap_or(s)
}

/// More than any statement or export holds, in any currency (ten trillion): past it a file is
/// damaged or not what it says. With every stored amount below it, no sum of a case's amounts
/// can leave a `Decimal` (about 7.9 × 10^28): a billion rows add up to at most 10^22.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(0x4E72_A000, 0x918, 0, false, 0);

/// `value`, unless it is beyond `MAX_AMOUNT`; `text` (what the cell said) is asked for only
/// then, so the millions of good amounts cost nothing more.
pub(super) fn bounded(value: Decimal, text: impl FnOnce() -> String) -> Result<Decimal, Text> {
    if value.abs() > MAX_AMOUNT {
        return Err(Text::new("row.amount_too_large").with("value", text()));
    }
    Ok(value)
}

/// Where a file's wall times are: Seller Center writes US Pacific time, Alipay Beijing time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Zone {
    Pacific,
    Beijing,
}

impl Zone {
    /// A wall time as an instant. In the Pacific autumn the hour that happens twice is the
    /// earlier one, and the spring hour that never happens is read one hour later (the clock
    /// was not yet moved); China has kept UTC+8 without daylight saving since 1991.
    pub fn instant(self, wall: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self {
            Zone::Pacific => {
                let instant = |wall: NaiveDateTime| Los_Angeles.from_local_datetime(&wall).earliest();
                instant(wall)
                    .or_else(|| wall.checked_add_signed(Duration::hours(1)).and_then(instant))
                    .map(|t| t.with_timezone(&Utc))
            }
            Zone::Beijing => Shanghai.from_local_datetime(&wall).earliest().map(|t| t.with_timezone(&Utc)),
        }
    }

    /// The key of the message saying a cell is not a time of this zone.
    fn not_a_time(self) -> &'static str {
        match self {
            Zone::Pacific => "row.not_a_time_pacific",
            Zone::Beijing => "row.not_a_time_beijing",
        }
    }
}

/// A time cell, as text or as an Excel date; a multi-line cell (发货时间) gives its first line
/// that is a time.
pub(super) fn parse_time(cell: Cell, zone: Zone) -> Result<Option<DateTime<Utc>>, Text> {
    let wall = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(serial) | Cell::Date(serial) => sheet::serial_to_datetime(serial),
        Cell::Text(s) => s.lines().map(text::trim_cell).find_map(parse_wall_time),
    };
    wall.and_then(|wall| zone.instant(wall)).map(Some).ok_or_else(|| Text::new(zone.not_a_time()).with("value", cell))
}

/// A time as the exports write it (`2026-10-01 02:00[:ss]`, with `/` or `.` too, ISO's `T`, or
/// a date alone at midnight), without its zone: the caller knows whose wall clock it is.
pub(super) fn parse_wall_time(s: &str) -> Option<NaiveDateTime> {
    // Nearly every export writes one shape; chrono's format interpreter costs more than the
    // rest of a row, so that shape is read by hand and anything else goes through the formats.
    canonical_wall_time(s.as_bytes()).or_else(|| formatted_wall_time(s))
}

/// `yyyy-MM-dd HH:mm[:ss]` (or with `/`, or the old Seller Center's `.`), every field at full
/// width.
fn canonical_wall_time(b: &[u8]) -> Option<NaiveDateTime> {
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)?.iter().try_fold(0u32, |n, &d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let separator = *b.get(4)?;
    if !matches!(b.len(), 16 | 19)
        || !matches!(separator, b'-' | b'/' | b'.')
        || b[7] != separator
        || b[10] != b' '
        || b[13] != b':'
    {
        return None;
    }
    let second = match b.len() {
        19 if b[16] == b':' => digits(17..19)?,
        19 => return None,
        _ => 0,
    };
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)?.and_hms_opt(
        digits(11..13)?,
        digits(14..16)?,
        second,
    )
}

fn formatted_wall_time(s: &str) -> Option<NaiveDateTime> {
    const TIMES: [&str; 7] = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%Y.%m.%d %H:%M:%S",
        "%Y.%m.%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ];
    const DATES: [&str; 3] = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"];
    TIMES.iter().find_map(|f| NaiveDateTime::parse_from_str(s, f).ok()).or_else(|| {
        DATES.iter().find_map(|f| NaiveDate::parse_from_str(s, f).ok()).and_then(|d| d.and_hms_opt(0, 0, 0))
    })
}

/// An amount cell of a Seller Center export. Text may name its currency (`CN￥ 1,234.50`,
/// `US $12.34`, `12,34 €`); a second line (the buyer's currency) is ignored. A number cell, or
/// text that is only a number, is in `currency`: the one its header names, else the store's
/// settlement currency.
pub(super) fn parse_money(cell: Cell, currency: Currency) -> Result<Option<Money>, Text> {
    let bad = || Text::new("row.not_an_amount").with("value", cell);
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) => {
            let value = number_to_decimal(n).ok_or_else(bad)?;
            Ok(Some(Money::new(bounded(value, || cell.to_string())?, currency)))
        }
        Cell::Text(s) => {
            let t = text::trim_cell(s);
            let unsigned = t.strip_prefix('-').unwrap_or(t);
            let money = match parse_amount(unsigned) {
                Some(value) => Money::new(if unsigned.len() < t.len() { -value } else { value }, currency),
                None => parse_money_text(s).ok_or_else(bad)?,
            };
            Ok(Some(Money::new(bounded(money.amount, || t.to_owned())?, money.currency)))
        }
        Cell::Date(_) => Err(bad()),
    }
}

/// A number cell's amount. Number cells are binary doubles written by the exporter's own
/// arithmetic (`70.90000000000001`): their shortest decimal form is read exactly, and snapped
/// to the cent when it is within a billionth of one, which is what the seller sees in Excel.
fn number_to_decimal(n: f64) -> Option<Decimal> {
    if !n.is_finite() {
        return None;
    }
    // f64's Display is the shortest text that reads back as the same double, never an exponent.
    let exact: Decimal = n.to_string().parse().ok()?;
    let mut cents = exact.round_dp(2);
    cents.rescale(2);
    Some(if (exact - cents).abs() < Decimal::new(1, 9) { cents } else { exact })
}

/// `CN￥ 1,234.50`, `$ 12.34`, `US $12.34`, `€12,34`, `12,34 €`, `1.234,50 EUR`: the first
/// non-empty line, with its currency.
pub(super) fn parse_money_text(s: &str) -> Option<Money> {
    let line = s.lines().map(text::trim_cell).find(|l| !l.is_empty())?;
    let line = line.trim_start_matches(['(', '（']).trim_end_matches([')', '）']);
    let first_digit = line.find(|c: char| c.is_ascii_digit())?;
    let end = line.rfind(|c: char| c.is_ascii_digit())? + 1;
    let (before, number, after) =
        (text::trim_cell(&line[..first_digit]), &line[first_digit..end], text::trim_cell(&line[end..]));
    let unsigned = before.strip_prefix('-').or_else(|| before.strip_suffix('-'));
    let symbol = match (text::trim_cell(unsigned.unwrap_or(before)), after) {
        (symbol, "") | ("", symbol) => symbol,
        _ => return None,
    };
    let amount = parse_amount(number)?;
    Some(Money::new(if unsigned.is_some() { -amount } else { amount }, currency_of(symbol)?))
}

/// The currency a symbol or code names (`CN￥`, `US$`, `€`, `元`, `usd`); `None` for anything
/// else. A bare `$` counts as US dollars.
pub(super) fn currency_of(symbol: &str) -> Option<Currency> {
    let key: String = symbol.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    match key.as_str() {
        "CN￥" | "CN¥" | "￥" | "¥" | "RMB" | "元" => Some(Currency::CNY),
        "US$" | "$" => Some(Currency::USD),
        "€" => Some(Currency::EUR),
        code => code.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(cell: Cell) -> Result<String, IdProblem> {
        parse_id(cell, false)
    }

    #[test]
    fn number_cells_are_ids_where_no_rounding_could_have_made_them() {
        let rounded = |s: &str| Err(IdProblem::MaybeRounded(s.to_owned()));
        assert_eq!(id(Cell::Number(1107572502.0)), Ok("1107572502".to_owned()));
        assert_eq!(id(Cell::Number(123456789012345.0)), Ok("123456789012345".to_owned()));
        assert_eq!(id(Cell::Number(100000000000000.0)), Ok("100000000000000".to_owned()), "15 digits, 0 at the end");
        assert_eq!(id(Cell::Number(3031265788145237.0)), Ok("3031265788145237".to_owned()));
        assert_eq!(id(Cell::Number(3031265788145230.0)), rounded("3031265788145230"));
        assert_eq!(id(Cell::Number(9007199254740993.0)), rounded("9007199254740992"), "past 2^53");
        assert_eq!(id(Cell::Number(1.5e20)), rounded("150000000000000000000"));
        assert_eq!(id(Cell::Number(12.5)), rounded("12.5"));
        assert_eq!(id(Cell::Number(-3.0)), rounded("-3"));
        assert_eq!(id(Cell::Number(f64::NAN)), rounded("NaN"));
    }

    #[test]
    fn text_ids() {
        assert_eq!(id(Cell::Text(" 3031265788145230\t")), Ok("3031265788145230".to_owned()));
        assert_eq!(id(Cell::Text("=\"3031265788145230\"")), Ok("3031265788145230".to_owned()));
        assert_eq!(id(Cell::Text("'3031265788145230")), Ok("3031265788145230".to_owned()));
        assert_eq!(id(Cell::Text("3.03127E+15")), Err(IdProblem::Scientific("3.03127E+15".to_owned())));
        assert_eq!(id(Cell::Text("AE-1")), Err(IdProblem::NotDigits("AE-1".to_owned())));
        assert_eq!(id(Cell::Text("1_2")), Err(IdProblem::NotDigits("1_2".to_owned())));
        assert_eq!(parse_id(Cell::Text("2026102722001_1"), true), Ok("2026102722001_1".to_owned()));
        assert_eq!(parse_id(Cell::Text("_1"), true), Err(IdProblem::NotDigits("_1".to_owned())));
        assert_eq!(id(Cell::Empty), Err(IdProblem::Missing));
    }

    #[test]
    fn wall_times_in_every_shape_sellers_have() {
        let t = |s| parse_wall_time(s).map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string());
        assert_eq!(t("2013.02.15 07:01").as_deref(), Some("2013-02-15 07:01:00"));
        assert_eq!(t("2013.2.5 7:01").as_deref(), Some("2013-02-05 07:01:00"));
        assert_eq!(t("2013.02.15").as_deref(), Some("2013-02-15 00:00:00"));
        assert_eq!(t("2026/10/01 08:00:01").as_deref(), Some("2026-10-01 08:00:01"));
        assert_eq!(t("2013.02-15 07:01"), None);
    }

    #[test]
    fn zones() {
        let at = |s, zone| parse_time(Cell::Text(s), zone).unwrap().map(|t| t.to_rfc3339());
        assert_eq!(at("2013.02.15 07:01", Zone::Pacific).as_deref(), Some("2013-02-15T15:01:00+00:00"));
        assert_eq!(at("2026-10-01 08:00:00", Zone::Beijing).as_deref(), Some("2026-10-01T00:00:00+00:00"));
        assert!(parse_time(Cell::Text("soon"), Zone::Beijing).unwrap_err().to_string().contains("Beijing"));
    }

    #[test]
    fn number_cells_become_exact_cents() {
        let d = |n: f64| number_to_decimal(n).map(|d| d.to_string());
        let f = |s: &str| s.parse::<f64>().unwrap();
        assert_eq!(d(f("70.90000000000001")).as_deref(), Some("70.90"));
        assert_eq!(d(0.1 + 0.2).as_deref(), Some("0.30"));
        assert_eq!(d(f("67.34999999999999")).as_deref(), Some("67.35"));
        assert_eq!(d(56.1).as_deref(), Some("56.10"));
        assert_eq!(d(0.125).as_deref(), Some("0.125"));
        assert_eq!(d(f64::NAN), None);
        assert_eq!(d(1e300), None);
    }

    #[test]
    fn decimals_plain_or_grouped_read_the_same_either_way() {
        for (text, expected) in [
            ("84.19", Some("84.19")),
            ("0.00", Some("0.00")),
            ("1234", Some("1234")),
            ("007.50", Some("7.50")),
            ("1.234", Some("1.234")),
            ("1,234.50", Some("1234.50")),
            ("1.234,50", Some("1234.50")),
            ("12,34", Some("12.34")),
            ("1 234.50", Some("1234.50")),
            ("1.234.567", Some("1234567")),
            (".5", None),
            ("5.", None),
            ("1..2", None),
            ("12a", None),
            ("", None),
        ] {
            assert_eq!(parse_amount(text).map(|d| d.to_string()).as_deref(), expected, "{text:?}");
        }
        assert!(parse_money_text(&format!("$ {}", "9".repeat(40))).is_none(), "too large for a Decimal");
    }

    #[test]
    fn times_read_by_hand_agree_with_the_formats() {
        for s in [
            "2026-07-01 02:00",
            "2026-07-01 02:00:59",
            "2026/07/01 23:59",
            "2013.02.15 07:01",
            "2024-02-29 12:00:00",
            "2026-02-29 12:00",
            "2026-13-01 00:00",
            "2026-07-01 24:00",
            "2026-07-01 02:60",
            "2026-07-01 02:00:60",
            "2026-07/01 02:00",
            "2026-07-01 02:00 30",
            "2026-07-01T02:00:00",
            "2026-7-01 02:00:00",
            "+026-07-01 02:00",
            "2026-07-01  2:00",
            "２026-07-01 02:00",
        ] {
            let by_hand = canonical_wall_time(s.as_bytes());
            assert!(by_hand.is_none() || by_hand == formatted_wall_time(s), "{s:?}: {by_hand:?}");
            assert_eq!(parse_wall_time(s), formatted_wall_time(s), "{s:?}");
        }
    }

    #[test]
    fn excel_date_cells() {
        let serial = 45658.0 + 2.5 / 24.0; // 2025-01-01 02:30
        let utc = |cell| parse_time(cell, Zone::Pacific).unwrap().map(|t| t.to_rfc3339());
        assert_eq!(utc(Cell::Date(serial)).as_deref(), Some("2025-01-01T10:30:00+00:00"));
        assert_eq!(utc(Cell::Number(serial)).as_deref(), Some("2025-01-01T10:30:00+00:00"));
        assert!(parse_time(Cell::Number(-5.0), Zone::Pacific).is_err());
    }

    #[test]
    fn amounts_beyond_any_statement_are_refused() {
        let m = |cell| parse_money(cell, Currency::CNY).map(|m| m.map(|m| m.to_string()));
        assert_eq!(m(Cell::Text("10000000000000")), Ok(Some("10000000000000.00 CNY".to_owned())));
        for absurd in ["10000000000000.01", "79228162514264337593543950335", "-79228162514264337593543950335"] {
            assert!(m(Cell::Text(absurd)).unwrap_err().to_string().contains("more than any statement"), "{absurd}");
        }
        assert!(m(Cell::Text("CN￥ 99999999999999")).unwrap_err().to_string().contains("more than any statement"));
        assert!(m(Cell::Number(1e20)).unwrap_err().to_string().contains("more than any statement"));
    }

    #[test]
    fn amounts_without_a_currency_are_in_the_given_one() {
        let m = |cell| parse_money(cell, Currency::USD).map(|m| m.map(|m| m.to_string()));
        assert_eq!(m(Cell::Number(3.65)), Ok(Some("3.65 USD".to_owned())));
        assert_eq!(m(Cell::Number("70.90000000000001".parse().unwrap())), Ok(Some("70.90 USD".to_owned())));
        assert_eq!(m(Cell::Text("12.34")), Ok(Some("12.34 USD".to_owned())));
        assert_eq!(m(Cell::Text("-1,234.50")), Ok(Some("-1234.50 USD".to_owned())));
        assert_eq!(m(Cell::Text("CN￥ 66.90")), Ok(Some("66.90 CNY".to_owned())));
        assert!(m(Cell::Text("zł 12")).unwrap_err().to_string().contains("not an amount"));
        assert_eq!(m(Cell::Empty), Ok(None));
    }
}
