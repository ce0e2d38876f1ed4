//! The versioned rule set shipped in the binary, and a case's overrides of it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One parameter of `ruleset.toml`: a waiting period, fee or threshold with its source, so that
/// no such number is a literal in code.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ParameterDef {
    /// The shipped value as text (`"15"`, `"0.003"`), checked against `unit` when the set loads.
    pub value: String,
    /// What the value counts (`days`, `working days`, `hours`, `months`, `years`, `points`,
    /// `ratio`, a currency code); whole units take whole numbers only.
    pub unit: String,
    /// What the parameter means, in one English sentence, as the CLI's parameter list prints it.
    pub description: String,
    /// Where the value comes from, led by its confidence label (`[seed]`, `[official]`,
    /// `[secondary]`, `[assumption]`).
    pub source: String,
    /// When the source was last checked, `YYYY-MM-DD`.
    pub checked: String,
}

/// The rule set compiled into the binary from `ruleset.toml`: a version and every parameter the
/// rules use.
#[derive(Debug, Deserialize)]
pub struct RuleSet {
    /// The rule set's version (`2026.11.1`), printed with the checklist and the report so a
    /// result can be traced to the values behind it.
    pub version: String,
    /// Every parameter by its snake_case name (`buyer_protection_days`).
    pub parameters: BTreeMap<String, ParameterDef>,
}

/// A case's own value for a parameter, with the reason the seller gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Override {
    /// The name of the parameter overridden, one of the rule set's.
    pub name: String,
    /// The case's value, as typed; checked against the parameter's unit before it is stored.
    pub value: String,
    /// Why the seller changed it, shown beside the value wherever results are.
    pub note: String,
}

impl RuleSet {
    /// The rule set shipped in this binary, parsed once; a shipped value that does not parse is a
    /// bug and panics.
    pub fn shipped() -> &'static RuleSet {
        static SHIPPED: OnceLock<RuleSet> = OnceLock::new();
        SHIPPED.get_or_init(|| {
            let set: RuleSet = toml::from_str(include_str!("ruleset.toml")).expect("the shipped rule set parses");
            for (name, def) in &set.parameters {
                parse_value(name, &def.unit, &def.value).expect("shipped parameter values are valid");
            }
            set
        })
    }

    /// Checks an override before it is stored: a known name and a value of the right kind.
    pub fn check_override(&self, name: &str, value: &str) -> Result<Decimal> {
        let def = self.parameters.get(name).ok_or_else(|| {
            let known: Vec<&str> = self.parameters.keys().map(String::as_str).collect();
            Error::invalid(
                crate::text::Text::new("input.unknown_parameter").with("value", name).with("known", known.join(", ")),
            )
        })?;
        parse_value(name, &def.unit, value)
    }

    /// The values in force for a case: shipped ones, replaced by the case's overrides.
    pub fn resolve(&self, overrides: &[Override]) -> Result<Parameters> {
        let mut values = BTreeMap::new();
        for (name, def) in &self.parameters {
            values.insert(name.clone(), parse_value(name, &def.unit, &def.value)?);
        }
        for o in overrides {
            values.insert(o.name.clone(), self.check_override(&o.name, &o.value)?);
        }
        Ok(Parameters { values, overrides: overrides.to_vec() })
    }
}

fn parse_value(name: &str, unit: &str, value: &str) -> Result<Decimal> {
    let bad = || {
        let key = format!("unit.{}", unit.replace(' ', "_"));
        let text = crate::text::Text::new("input.bad_parameter").with("name", name).with("value", value);
        Error::invalid(if crate::text::has(&key) {
            text.with_text("unit", crate::text::Text::new(key))
        } else {
            text.with("unit", unit)
        })
    };
    let number: Decimal = value.trim().parse().map_err(|_| bad())?;
    let whole_units = matches!(unit, "days" | "working days" | "hours" | "months" | "years" | "points");
    if number.is_sign_negative() || (whole_units && !number.fract().is_zero()) || number > Decimal::from(100_000) {
        return Err(bad());
    }
    Ok(number)
}

/// Parameter values as the rules read them.
#[derive(Debug, Clone)]
pub struct Parameters {
    values: BTreeMap<String, Decimal>,
    /// The case's overrides these values include, for results to name the ones they used.
    pub overrides: Vec<Override>,
}

impl Parameters {
    /// The value in force for `name`, exact. Every name the rules ask for is in the shipped set,
    /// so an unknown one is a bug and panics.
    pub fn decimal(&self, name: &str) -> Decimal {
        *self.values.get(name).unwrap_or_else(|| panic!("rule set has no parameter {name}"))
    }

    /// A whole-number parameter (days, months, years …).
    pub fn count(&self, name: &str) -> i64 {
        use rust_decimal::prelude::ToPrimitive;
        self.decimal(name).to_i64().expect("whole-number parameters are checked on load")
    }

    /// Whether the case overrides `name`, so a result that used it says so.
    pub fn is_overridden(&self, name: &str) -> bool {
        self.overrides.iter().any(|o| o.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_set_has_sources_and_dates() {
        let set = RuleSet::shipped();
        assert!(!set.version.is_empty());
        for (name, def) in &set.parameters {
            assert!(def.source.starts_with('['), "{name} names its kind of source");
            assert!(crate::model::parse_date(&def.checked).is_ok(), "{name} has a checked date");
        }
        let params = set.resolve(&[]).unwrap();
        assert_eq!(params.count("buyer_protection_days"), 15);
        assert_eq!(params.decimal("withdrawal_fee_cn_rate"), Decimal::new(3, 3));
    }

    #[test]
    fn overrides_replace_values_and_are_checked() {
        let set = RuleSet::shipped();
        let o = Override { name: "buyer_protection_days".into(), value: "20".into(), note: "per support".into() };
        let params = set.resolve(&[o]).unwrap();
        assert_eq!(params.count("buyer_protection_days"), 20);
        assert!(params.is_overridden("buyer_protection_days"));
        assert!(!params.is_overridden("dispute_answer_days"));
        for (name, value) in [
            ("buyer_protection_days", "1.5"),
            ("buyer_protection_days", "-1"),
            ("nope", "1"),
            ("dispute_answer_days", "five"),
        ] {
            assert_eq!(set.check_override(name, value).unwrap_err().code(), "invalid_input", "{name}={value}");
        }
        assert!(set.check_override("withdrawal_fee_cn_rate", "0.005").is_ok());
    }
}
