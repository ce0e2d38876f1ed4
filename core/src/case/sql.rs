//! Domain values in and out of SQLite, each one way only: formats, states and currencies as
//! their names, instants as Unix seconds, amounts as decimal text. A stored value that does not
//! read back is the case file's damage (`Error::StoredValue`), never a person's bad input.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rust_decimal::Decimal;

use crate::error::Error;
use crate::import::Format;
use crate::model::{Currency, OrderState, Region};
use crate::rules::Who;
use crate::text::Text;

impl From<rusqlite::Error> for Error {
    /// A lock still held after the connection's busy timeout is the case being written by
    /// someone else, said so in plain words rather than SQLite's "database is locked"; a
    /// column that does not convert is a damaged stored value.
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => Error::Busy,
            Some(rusqlite::ErrorCode::DiskFull) => Error::DiskFull,
            _ => match e {
                rusqlite::Error::FromSqlConversionFailure(column, _, cause) => {
                    let why = match cause.downcast_ref::<NotStored>() {
                        Some(not_stored) => not_stored.message(),
                        None => Text::verbatim(cause.to_string()),
                    };
                    Error::stored(Text::new("stored.column").with("column", column).with_text("why", why))
                }
                rusqlite::Error::InvalidColumnType(_, name, found) => {
                    Error::stored(Text::new("stored.column_type").with("name", name).with("found", found))
                }
                e => Error::Database(Box::new(e)),
            },
        }
    }
}

/// An instant as the case stores it: whole Unix seconds (UTC; the case's zone applies only
/// when a date is shown or compared).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Seconds(pub DateTime<Utc>);

/// A calendar day as the case stores it: `YYYY-MM-DD` text (a day a person gave, in the case's
/// time zone; never an instant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Day(pub NaiveDate);

/// A time zone as the case stores it: its IANA name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Zone(pub Tz);

/// An exact amount as the case stores it: its decimal text, never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Amount(pub Decimal);

/// What a stored value should have been, and what was found: the `FromSql` failure that
/// becomes `Error::StoredValue`.
#[derive(Debug)]
pub(crate) struct NotStored {
    /// The key of what belongs there (`stored.expected.date`).
    expected: &'static str,
    found: String,
}

impl NotStored {
    /// What was found where what was expected, as a message.
    pub fn message(&self) -> crate::text::Text {
        crate::text::Text::new("stored.not_as_expected")
            .with("found", &self.found)
            .with_text("expected", crate::text::Text::new(self.expected))
    }
}

impl std::fmt::Display for NotStored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for NotStored {}

/// Reads a text column with `parse`, naming what it expected when that fails.
fn parsed<T>(value: ValueRef<'_>, expected: &'static str, parse: impl FnOnce(&str) -> Option<T>) -> FromSqlResult<T> {
    let text = value.as_str()?;
    parse(text).ok_or_else(|| FromSqlError::Other(Box::new(NotStored { expected, found: text.to_owned() })))
}

impl ToSql for Seconds {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.timestamp()))
    }
}

impl FromSql for Seconds {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let seconds = value.as_i64()?;
        DateTime::from_timestamp(seconds, 0).map(Seconds).ok_or(FromSqlError::OutOfRange(seconds))
    }
}

impl ToSql for Day {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.to_string()))
    }
}

impl FromSql for Day {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        parsed(value, "stored.expected.date", |text| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(Day))
    }
}

impl FromSql for Zone {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        parsed(value, "stored.expected.zone", |text| text.parse().ok().map(Zone))
    }
}

impl ToSql for Amount {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.to_string()))
    }
}

impl FromSql for Amount {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        parsed(value, "stored.expected.amount", |text| text.parse().ok().map(Amount))
    }
}

/// Types stored by their name (`as_str`), read back by `$parse`, naming `$expected` when a
/// stored text is no such name.
macro_rules! stored_by_name {
    ($($type:ty: $expected:literal, $parse:expr;)*) => {$(
        impl ToSql for $type {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $type {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                parsed(value, $expected, $parse)
            }
        }
    )*};
}

stored_by_name! {
    Format: "stored.expected.format", Format::parse;
    OrderState: "stored.expected.state", OrderState::parse;
    Currency: "stored.expected.currency", |text: &str| text.parse().ok();
    Region: "stored.expected.region", |text: &str| text.parse().ok();
    Who: "stored.expected.who", Who::parse;
}

/// A text column read in place, without a copy (for the one pass over a million orders).
pub(crate) fn text_at<'r>(row: &'r rusqlite::Row<'_>, column: usize) -> crate::error::Result<&'r str> {
    Ok(row
        .get_ref(column)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e)))?)
}

/// Optional instants as the case stores them.
pub(crate) fn seconds(t: Option<DateTime<Utc>>) -> Option<Seconds> {
    t.map(Seconds)
}

/// `('a', 'b')`: the names of `values`, as a SQL list for `IN` (names are fixed identifiers
/// of ours, never a person's text).
pub(crate) fn name_list<T>(values: impl IntoIterator<Item = T>, name: impl Fn(T) -> &'static str) -> String {
    let names: Vec<String> = values.into_iter().map(|v| format!("'{}'", name(v))).collect();
    format!("({})", names.join(", "))
}

/// The terminal states, `('completed', 'closed')`, for queries over `orders`.
pub(crate) fn terminal_states() -> String {
    name_list(OrderState::ALL.into_iter().filter(|s| s.is_terminal()), OrderState::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use rusqlite::Connection;

    fn round_trip<T: ToSql + FromSql>(value: T) -> T {
        Connection::open_in_memory().unwrap().query_row("SELECT ?1", [value], |r| r.get(0)).unwrap()
    }

    fn stored<T: FromSql>(sql: &str) -> crate::error::Result<T> {
        Ok(Connection::open_in_memory().unwrap().query_row(sql, [], |r| r.get(0))?)
    }

    #[test]
    fn domain_values_come_back_as_they_went_in() {
        for format in Format::ALL {
            assert_eq!(round_trip(format), format);
        }
        for state in OrderState::ALL {
            assert_eq!(round_trip(state), state);
        }
        let at = DateTime::from_timestamp(1_790_000_000, 0).unwrap();
        assert_eq!(round_trip(Seconds(at)), Seconds(at));
        assert_eq!(round_trip(Amount("1288.40".parse().unwrap())).0.to_string(), "1288.40");
        assert_eq!(round_trip("CNY".parse::<Currency>().unwrap()).as_str(), "CNY");
    }

    #[test]
    fn a_stored_value_that_does_not_read_is_the_case_files_damage() {
        let err = stored::<OrderState>("SELECT 'shipped-ish'").unwrap_err();
        assert_eq!(err.code(), "stored_value");
        assert!(err.to_string().contains("\"shipped-ish\" where an order state belongs"), "{err}");
        let zh = err.message().render(crate::locale::Lang::ZhCn);
        assert!(zh.contains("第 0 列：应为订单状态的位置存的是“shipped-ish”") && zh.contains("已损坏"), "{zh}");
        assert!(matches!(stored::<Amount>("SELECT '12,5'"), Err(Error::StoredValue { .. })));
        assert!(matches!(stored::<Seconds>("SELECT 'yesterday'"), Err(Error::StoredValue { .. })));
        assert!(matches!(stored::<Day>("SELECT '20.11.2026'"), Err(Error::StoredValue { .. })));
        assert!(matches!(stored::<Zone>("SELECT 'Beijing'"), Err(Error::StoredValue { .. })));
        assert!(matches!(stored::<Who>("SELECT 'nobody'"), Err(Error::StoredValue { .. })));
        assert!(matches!(stored::<Region>("SELECT 'Atlantis'"), Err(Error::StoredValue { .. })));
        assert_eq!(stored::<Day>("SELECT '2026-11-20'").unwrap().0.to_string(), "2026-11-20");
    }

    #[test]
    fn terminal_states_are_the_models() {
        assert_eq!(terminal_states(), "('completed', 'closed')");
    }
}
