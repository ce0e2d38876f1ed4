//! Domain vocabulary shared by every module: regions, currencies, money, the store profile.
//! Money is a `Decimal` with its currency, never a float.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Where the store is registered; decides which rules apply and the default time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Region {
    /// Mainland China: the deposit and annual-fee refund reminders apply; Beijing time and CNY by
    /// default.
    CN,
    /// An EU member state other than France, Spain or Italy: the EU rules; Brussels time by
    /// default.
    EU,
    /// France: the EU rules and the French ones.
    FR,
    /// Spain: the EU rules.
    ES,
    /// Italy: the EU rules.
    IT,
    /// The United States: Pacific time and USD by default.
    US,
    /// Anywhere else: only the rules every store shares, UTC and USD by default.
    OTHER,
}

impl Region {
    /// Every region, in the order the profile form and the error for an unknown one list them.
    pub const ALL: [Region; 7] =
        [Region::CN, Region::EU, Region::FR, Region::ES, Region::IT, Region::US, Region::OTHER];

    /// The code stored in the case and typed on the command line (`CN`, `FR`, `OTHER`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Region::CN => "CN",
            Region::EU => "EU",
            Region::FR => "FR",
            Region::ES => "ES",
            Region::IT => "IT",
            Region::US => "US",
            Region::OTHER => "OTHER",
        }
    }

    /// EU member states get the EU consumer and VAT rules.
    pub fn is_eu(self) -> bool {
        matches!(self, Region::EU | Region::FR | Region::ES | Region::IT)
    }

    /// The zone a new profile reckons dates in unless the seller picks another: Asia/Shanghai for
    /// China, the capital's zone in the EU (Brussels for `EU`), America/Los_Angeles for the US,
    /// UTC for `OTHER`.
    pub fn default_timezone(self) -> Tz {
        match self {
            Region::CN => chrono_tz::Asia::Shanghai,
            Region::EU => chrono_tz::Europe::Brussels,
            Region::FR => chrono_tz::Europe::Paris,
            Region::ES => chrono_tz::Europe::Madrid,
            Region::IT => chrono_tz::Europe::Rome,
            Region::US => chrono_tz::America::Los_Angeles,
            Region::OTHER => chrono_tz::UTC,
        }
    }

    /// The currency AliExpress usually settles in for stores of this region.
    pub fn default_currency(self) -> Currency {
        match self {
            Region::CN => Currency::CNY,
            Region::EU | Region::FR | Region::ES | Region::IT => Currency::EUR,
            Region::US | Region::OTHER => Currency::USD,
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Region {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Region::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Error::invalid(crate::text::Text::new("input.unknown_region").with("value", s)))
    }
}

/// Which stores a rule or task applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every store, wherever registered.
    All,
    /// Stores in any EU member state (`EU`, `FR`, `ES`, `IT`).
    Eu,
    /// French stores only.
    France,
    /// Mainland Chinese stores only.
    China,
}

impl Scope {
    /// Whether a store of `region` gets the rule or task; the evaluation leaves out the rest.
    pub fn includes(self, region: Region) -> bool {
        match self {
            Scope::All => true,
            Scope::Eu => region.is_eu(),
            Scope::France => region == Region::FR,
            Scope::China => region == Region::CN,
        }
    }
}

/// An ISO 4217 code: three ASCII capitals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Chinese yuan (renminbi): Chinese stores' settlement currency and Alipay's.
    pub const CNY: Currency = Currency(*b"CNY");
    /// US dollar: the default for US stores and stores elsewhere.
    pub const USD: Currency = Currency(*b"USD");
    /// Euro: the default for stores in the EU.
    pub const EUR: Currency = Currency(*b"EUR");

    /// The three-letter code, as stored and printed beside amounts.
    pub fn as_str(&self) -> &str {
        // Constructed only from ASCII capitals.
        std::str::from_utf8(&self.0).expect("currency codes are ASCII")
    }

    /// The sign a seller reads the currency by, in either language (CN¥, US$, €); `None` for a
    /// currency better known by its code.
    pub fn sign(&self) -> Option<&'static str> {
        CURRENCY_SIGNS.iter().find(|(code, _)| code.as_bytes() == self.0).map(|(_, sign)| *sign)
    }
}

/// The currencies shown by a sign rather than their code, as [`Money::shown`] and the window
/// (which is sent this list) write them. CN¥ and US$, not ¥ and $, which other currencies share.
pub const CURRENCY_SIGNS: &[(&str, &str)] = &[("CNY", "CN¥"), ("USD", "US$"), ("EUR", "€"), ("GBP", "£")];

impl FromStr for Currency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let b = s.trim().as_bytes();
        match b {
            [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_uppercase()) => Ok(Currency([*a, *b, *c])),
            _ => Err(Error::invalid(crate::text::Text::new("input.not_a_currency").with("value", s))),
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// An exact amount in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// Exact, with as many decimals as it came with; rounded (half away from zero) only when
    /// printed.
    pub amount: Decimal,
    /// The currency the amount is in; Closeout never converts between currencies.
    pub currency: Currency,
}

impl Money {
    /// An amount in `currency`, kept exactly as given.
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount, currency }
    }

    /// Two decimals, as every report and JSON document shows money.
    pub fn amount_string(&self) -> String {
        format_amount(self.amount)
    }
}

/// Rounds half away from zero, as receipts do (not the banker's rounding `round_dp` uses).
pub fn format_amount(amount: Decimal) -> String {
    let rounded = amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    format!("{rounded:.2}")
}

impl fmt::Display for Money {
    /// The plain form (`1004.70 CNY`), for logs and tests; people read [`Money::shown`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount_string(), self.currency)
    }
}

impl Money {
    /// The amount as a seller reads it, in either language: the currency's sign and thousands
    /// separators (`CN¥1,004.70`, `-€5.00`), or the code first for a currency without a sign
    /// (`RUB 1,004.70`). JSON keeps [`Money::amount_string`] and the code apart.
    pub fn shown(&self) -> String {
        let grouped = grouped_amount(self.amount.abs());
        let minus = if self.amount.is_sign_negative() && !self.amount.is_zero() { "-" } else { "" };
        match self.currency.sign() {
            Some(sign) => format!("{minus}{sign}{grouped}"),
            None => format!("{} {minus}{grouped}", self.currency),
        }
    }
}

/// [`format_amount`] with a comma between thousands (`1,004.70`), as Seller Center and Alipay
/// print amounts.
pub fn grouped_amount(amount: Decimal) -> String {
    let plain = format_amount(amount);
    let (sign, digits) = plain.strip_prefix('-').map_or(("", plain.as_str()), |d| ("-", d));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::with_capacity(plain.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped}.{fraction}")
}

/// The store being closed, as the seller describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// The store's name as buyers see it, trimmed, 1 to 200 characters; it names the store in
    /// the report and the calendar reminders.
    pub store_name: String,
    /// Decides which rules and tasks apply.
    pub region: Region,
    /// The zone the case's dates are reckoned in: today, the as-of date, the day a deadline
    /// ends. Stored by its IANA name.
    #[serde(with = "tz_serde")]
    pub timezone: Tz,
    /// The currency AliExpress pays the store in; amounts a file writes without a currency are
    /// taken to be in it.
    pub settlement_currency: Currency,
    /// The day the seller stopped taking new orders, if they have.
    pub stop_date: Option<NaiveDate>,
    /// The seller's own free text about the store, at most 100,000 bytes.
    pub notes: String,
}

impl Profile {
    /// A profile with the region's defaults for time zone and currency.
    pub fn new(store_name: &str, region: Region) -> Result<Self> {
        let profile = Profile {
            store_name: store_name.trim().to_owned(),
            region,
            timezone: region.default_timezone(),
            settlement_currency: region.default_currency(),
            stop_date: None,
            notes: String::new(),
        };
        profile.validate()?;
        Ok(profile)
    }

    /// Refuses an empty or overlong store name and overlong notes, with a message that says
    /// what to change; run on every profile before it is stored.
    pub fn validate(&self) -> Result<()> {
        let name = self.store_name.trim();
        if name.is_empty() {
            return Err(Error::invalid(crate::text::Text::new("input.store_name_empty")));
        }
        if name.chars().count() > 200 {
            return Err(Error::invalid(crate::text::Text::new("input.store_name_long").with("max", 200)));
        }
        if self.notes.len() > 100_000 {
            return Err(Error::invalid(crate::text::Text::new("input.notes_long").with("max", "100,000")));
        }
        Ok(())
    }
}

/// A profile as typed by a person (CLI flags or the profile form): every field text, checked
/// here once so both faces give the same messages.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProfileInput {
    /// The name as typed; surrounding spaces are dropped.
    pub store_name: String,
    /// A region code in any case (`cn`, `FR`, `other`).
    pub region: String,
    /// An IANA zone name such as `Europe/Paris`; blank or absent for the region's default.
    pub timezone: Option<String>,
    /// A code of three capitals such as `EUR`; blank or absent for the region's default.
    pub settlement_currency: Option<String>,
    /// `YYYY-MM-DD`; blank or absent while the store still sells.
    pub stop_date: Option<String>,
    /// Kept as typed; absent means none.
    pub notes: Option<String>,
}

impl ProfileInput {
    /// Blank optional fields take the region's defaults.
    pub fn into_profile(self) -> Result<Profile> {
        let nonblank = |o: Option<String>| o.filter(|s| !s.trim().is_empty());
        let mut profile = Profile::new(&self.store_name, self.region.parse()?)?;
        if let Some(tz) = nonblank(self.timezone) {
            profile.timezone = parse_timezone(&tz)?;
        }
        if let Some(currency) = nonblank(self.settlement_currency) {
            profile.settlement_currency = currency.parse()?;
        }
        profile.stop_date = nonblank(self.stop_date).map(|d| parse_date(&d)).transpose()?;
        profile.notes = self.notes.unwrap_or_default();
        profile.validate()?;
        Ok(profile)
    }
}

/// An IANA zone name (`Asia/Shanghai`) or a city the picker lists, in either language
/// (`Beijing`, `北京`), surrounding spaces ignored; anything else is refused with an example of
/// what to write.
pub fn parse_timezone(s: &str) -> Result<Tz> {
    s.trim()
        .parse::<Tz>()
        .ok()
        .or_else(|| crate::zones::by_city(s))
        .ok_or_else(|| Error::invalid(crate::text::Text::new("input.unknown_timezone").with("value", s)))
}

/// A moment the case recorded (RFC 3339 in UTC, as `imported_at` and `purged_at` are kept) as
/// the seller reads it: the case's local time to the minute, with the zone's name
/// (`2026-12-01 22:51 (Asia/Shanghai)`). Text that is not such a moment is shown as it is.
pub fn local_time(recorded: &str, tz: chrono_tz::Tz) -> String {
    match chrono::DateTime::parse_from_rfc3339(recorded) {
        Ok(at) => format!("{} ({})", at.with_timezone(&tz).format("%Y-%m-%d %H:%M"), tz.name()),
        Err(_) => recorded.to_owned(),
    }
}

/// The language a person chose by its tag (`--lang`, the window's picker): `en` or `zh-CN`.
pub fn parse_language(tag: &str) -> Result<crate::locale::Lang> {
    crate::locale::Lang::parse_tag(tag)
        .ok_or_else(|| Error::invalid(crate::text::Text::new("input.unknown_language").with("value", tag)))
}

/// A date written `YYYY-MM-DD`, the one form the CLI and the window's commands accept, so
/// `03/04/2026` is never read as the wrong day.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid(crate::text::Text::new("input.not_a_date").with("value", s)))
}

mod tz_serde {
    use chrono_tz::Tz;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the zone as its IANA name.
    pub fn serialize<S: Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(tz.name())
    }

    /// Reads an IANA name, refusing an unknown zone as [`super::parse_timezone`] does.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_timezone(&s).map_err(serde::de::Error::custom)
    }
}

/// What a file is, decided from its content (never its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Format {
    /// A Seller Center order export (订单): xlsx, old xls or a CSV re-save, told by 订单号 and 订单状态
    /// or by a saved column mapping.
    #[serde(rename = "aliexpress-orders")]
    AliexpressOrders,
    /// A Seller Center fund-release export (放款): one row per product line paid out.
    #[serde(rename = "aliexpress-fund-release")]
    AliexpressFundRelease,
    /// A Seller Center refund export (退款): one row per product line refunded.
    #[serde(rename = "aliexpress-refunds")]
    AliexpressRefunds,
    /// An Alipay personal statement (交易明细, layouts A, B and C), as CSV or in the zip Alipay
    /// mails.
    #[serde(rename = "alipay-personal")]
    AlipayPersonal,
    /// An Alipay business account's ledger (账务明细), the one statement with a running balance.
    #[serde(rename = "alipay-ledger")]
    AlipayLedger,
}

impl Format {
    /// Every format Closeout imports; [`Format::parse`] accepts exactly their names.
    pub const ALL: [Format; 5] = [
        Format::AliexpressOrders,
        Format::AliexpressFundRelease,
        Format::AliexpressRefunds,
        Format::AlipayPersonal,
        Format::AlipayLedger,
    ];

    /// The stable name the case stores and `import --json` prints (`aliexpress-orders`, …), as
    /// the format serialises.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::AliexpressOrders => "aliexpress-orders",
            Format::AliexpressFundRelease => "aliexpress-fund-release",
            Format::AliexpressRefunds => "aliexpress-refunds",
            Format::AlipayPersonal => "alipay-personal",
            Format::AlipayLedger => "alipay-ledger",
        }
    }

    /// The format [`Format::as_str`] names, exactly, as read back from the case; `None` for
    /// anything else.
    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// What a file of this format is, for a message that refuses it somewhere else.
    pub fn described(self) -> crate::text::Text {
        crate::text::Text::new(format!("format.described.{}", self.as_str()))
    }
}

/// An amount as exports write it and people type it: `1288.40`, `1,288.40` (how Seller Center
/// shows it), `1.288,40` or `1 288,40`. A lone comma is decimal only when exactly two digits
/// follow it (`12,34`); otherwise it groups thousands (`1,234`). Digits only: signs and
/// currency symbols are the caller's.
pub fn parse_amount(number: &str) -> Option<Decimal> {
    // Most amounts are plain (`84.19`): digits, maybe a point and more digits; read in place.
    let plain = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if number.split_once('.').map_or(plain(number), |(whole, fraction)| plain(whole) && plain(fraction)) {
        return number.parse().ok();
    }
    let space = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}');
    let s: std::borrow::Cow<str> = if number.contains(space) {
        std::borrow::Cow::Owned(number.chars().filter(|&c| !space(c)).collect())
    } else {
        number.into()
    };
    let (commas, dots) = (s.matches(',').count(), s.matches('.').count());
    let (decimal, thousands) = match (s.rfind(','), s.rfind('.')) {
        (Some(c), Some(d)) if c > d => (Some(','), Some('.')),
        (Some(_), Some(_)) => (Some('.'), Some(',')),
        (Some(c), None) if commas == 1 && s.len() - c - 1 == 2 => (Some(','), None),
        (Some(_), None) => (None, Some(',')),
        (None, Some(_)) if dots > 1 => (None, Some('.')),
        (None, Some(_)) => (Some('.'), None),
        (None, None) => (None, None),
    };
    let (whole, fraction) = match decimal {
        Some(sep) => s.rsplit_once(sep)?,
        None => (&*s, ""),
    };
    let grouped = |part: &str, sep| {
        let mut groups = part.split(sep);
        groups.next().is_some_and(|first| plain(first) && first.len() <= 3)
            && groups.all(|group| group.len() == 3 && plain(group))
    };
    let whole_ok = match thousands {
        Some(sep) => grouped(whole, sep),
        None => plain(whole),
    };
    if !whole_ok || (decimal.is_some() && !plain(fraction)) {
        return None;
    }
    let mut text = String::with_capacity(whole.len() + fraction.len() + 1);
    text.extend(whole.chars().filter(char::is_ascii_digit));
    if !fraction.is_empty() {
        text.push('.');
        text.push_str(fraction);
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_parse_case_insensitively_and_reject_unknowns() {
        assert_eq!("fr".parse::<Region>().unwrap(), Region::FR);
        assert_eq!("OTHER".parse::<Region>().unwrap(), Region::OTHER);
        assert!("DE".parse::<Region>().is_err());
        assert!(Region::IT.is_eu() && !Region::CN.is_eu() && !Region::US.is_eu());
    }

    #[test]
    fn every_state_has_its_place_and_its_name() {
        for (i, state) in OrderState::ALL.into_iter().enumerate() {
            assert_eq!(state.index(), i);
            assert_eq!(OrderState::parse(state.as_str()), Some(state));
        }
        assert_eq!(&OrderState::ALL[..10], &OrderState::KNOWN[..]);
        assert_eq!(OrderState::parse("shipped"), None);
    }

    #[test]
    fn region_defaults() {
        let p = Profile::new("Demo", Region::CN).unwrap();
        assert_eq!(p.timezone, chrono_tz::Asia::Shanghai);
        assert_eq!(p.settlement_currency, Currency::CNY);
        assert_eq!(Region::FR.default_currency(), Currency::EUR);
    }

    #[test]
    fn money_prints_two_decimals() {
        let m = Money::new(Decimal::new(12345, 1), Currency::CNY);
        assert_eq!(m.to_string(), "1234.50 CNY");
        assert_eq!(format_amount(Decimal::new(5, 3)), "0.01");
        assert_eq!(grouped_amount(Decimal::new(123456789, 2)), "1,234,567.89");
        assert_eq!(grouped_amount(Decimal::new(-100470, 2)), "-1,004.70");
        assert_eq!(grouped_amount(Decimal::new(99999, 2)), "999.99");
        let money = |cents, code: &str| Money::new(Decimal::new(cents, 2), code.parse().unwrap()).shown();
        assert_eq!(money(100470, "CNY"), "CN¥1,004.70");
        assert_eq!(money(-500, "EUR"), "-€5.00");
        assert_eq!(money(128840, "RUB"), "RUB 1,288.40");
    }

    #[test]
    fn currency_codes_are_validated() {
        assert_eq!("EUR".parse::<Currency>().unwrap(), Currency::EUR);
        assert!("eur".parse::<Currency>().is_err());
        assert!("EURO".parse::<Currency>().is_err());
    }

    #[test]
    fn empty_store_name_is_refused() {
        assert_eq!(Profile::new("  ", Region::CN).unwrap_err().code(), "invalid_input");
    }

    #[test]
    fn profile_input_applies_region_defaults_and_checks_every_field() {
        let input = ProfileInput {
            store_name: " Demo ".into(),
            region: "fr".into(),
            timezone: Some("".into()),
            stop_date: Some("2026-09-15".into()),
            ..Default::default()
        };
        let p = input.clone().into_profile().unwrap();
        assert_eq!(
            (p.store_name.as_str(), p.timezone, p.settlement_currency),
            ("Demo", chrono_tz::Europe::Paris, Currency::EUR)
        );
        assert_eq!(p.stop_date, NaiveDate::from_ymd_opt(2026, 9, 15));
        for bad in [
            ProfileInput { stop_date: Some("15.09.2026".into()), ..input.clone() },
            ProfileInput { timezone: Some("Europe/Atlantis".into()), ..input.clone() },
            ProfileInput { settlement_currency: Some("yuan".into()), ..input.clone() },
            ProfileInput { region: "Mars".into(), ..input.clone() },
            ProfileInput { store_name: "".into(), ..input.clone() },
        ] {
            assert_eq!(bad.into_profile().unwrap_err().code(), "invalid_input");
        }
    }

    #[test]
    fn recorded_moments_read_in_the_cases_zone_with_its_name() {
        let shanghai: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
        assert_eq!(local_time("2026-12-01T14:51:22Z", shanghai), "2026-12-01 22:51 (Asia/Shanghai)");
        assert_eq!(local_time("2026-12-01T23:30:00Z", shanghai), "2026-12-02 07:30 (Asia/Shanghai)");
        assert_eq!(local_time("not a time", shanghai), "not a time");
    }

    #[test]
    fn profile_round_trips_through_json() {
        let mut p = Profile::new("枫叶手工", Region::FR).unwrap();
        p.stop_date = Some(NaiveDate::from_ymd_opt(2026, 9, 15).unwrap());
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.contains("\"timezone\":\"Europe/Paris\""));
        assert_eq!(serde_json::from_str::<Profile>(&json).unwrap(), p);
    }
}

/// The one canonical state every order label maps to (docs/closure-rules.md). `Unknown` keeps an
/// order whose label no mapping knows: it is reported, never dropped and never guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderState {
    /// Placed and not yet paid (等待买家付款); it cancels itself when the payment period ends.
    AwaitingPayment,
    /// Paid, in AliExpress's 24-hour payment risk check (风控24小时): not to be shipped yet.
    RiskControl,
    /// The buyer asked to cancel (买家申请取消); the seller accepts or refuses and ships.
    CancelRequested,
    /// Paid and waiting for the seller to ship, partly shipped orders included (等待您发货).
    AwaitingShipment,
    /// Shipped, waiting for the buyer to confirm receipt or for automatic confirmation.
    AwaitingReceipt,
    /// A dispute is open (纠纷中), from the status or the after-sales column.
    InDispute,
    /// A payment or refund is still being processed, perhaps waiting for the seller to confirm an
    /// amount (等待您确认金额).
    FundsProcessing,
    /// AliExpress has frozen the order (冻结中的订单); its support can say why.
    Frozen,
    /// Sold: the trade is finished (交易完成, or ended after the buyer confirmed receipt).
    Completed,
    /// Ended without a sale: cancelled or closed.
    Closed,
    /// A label no mapping knows.
    Unknown,
}

impl OrderState {
    /// Every known state, in the order reports list them: `ALL` without `Unknown`.
    pub const KNOWN: [OrderState; 10] = {
        let mut known = [OrderState::Unknown; 10];
        let mut i = 0;
        while i < known.len() {
            known[i] = OrderState::ALL[i];
            i += 1;
        }
        known
    };

    /// The snake_case name stored in the case, listed in `check --json`'s `by_state` and used in
    /// message keys (`order_state.<name>`).
    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::AwaitingPayment => "awaiting_payment",
            OrderState::RiskControl => "risk_control",
            OrderState::CancelRequested => "cancel_requested",
            OrderState::AwaitingShipment => "awaiting_shipment",
            OrderState::AwaitingReceipt => "awaiting_receipt",
            OrderState::InDispute => "in_dispute",
            OrderState::FundsProcessing => "funds_processing",
            OrderState::Frozen => "frozen",
            OrderState::Completed => "completed",
            OrderState::Closed => "closed",
            OrderState::Unknown => "unknown",
        }
    }

    /// Every state, in the order reports list them, `Unknown` last: `ALL[state.index()] == state`.
    pub const ALL: [OrderState; 11] = [
        OrderState::AwaitingPayment,
        OrderState::RiskControl,
        OrderState::CancelRequested,
        OrderState::AwaitingShipment,
        OrderState::AwaitingReceipt,
        OrderState::InDispute,
        OrderState::FundsProcessing,
        OrderState::Frozen,
        OrderState::Completed,
        OrderState::Closed,
        OrderState::Unknown,
    ];

    /// The state's place in `ALL`.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The state [`OrderState::as_str`] names, exactly; not an export's label (the importers map
    /// those).
    pub fn parse(s: &str) -> Option<OrderState> {
        OrderState::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Finished one way or the other: nothing more can happen to the order.
    pub fn is_terminal(self) -> bool {
        matches!(self, OrderState::Completed | OrderState::Closed)
    }
}
