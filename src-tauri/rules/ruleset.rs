//! The versioned rule set shipped in the binary, and a case's overrides of it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ParameterDef {
    pub value: String,
    pub unit: String,
    pub description: String,
    pub source: String,
    pub checked: String,
}

#[derive(Debug, Deserialize)]
pub struct RuleSet {
    pub version: String,
    pub parameters: BTreeMap<String, ParameterDef>,
}

/// A case's own value for a parameter, with the reason the seller gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Override {
    pub name: String,
    pub value: String,
    pub note: String,
}

impl RuleSet {
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
            Error::invalid(format!("unknown parameter {name:?}; the parameters are: {}", known.join(", ")))
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
    let bad = || Error::invalid(format!("{name}: {value:?} is not a valid value (a number of {unit}, zero or more)"));
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
    pub overrides: Vec<Override>,
}

impl Parameters {
    pub fn decimal(&self, name: &str) -> Decimal {
        *self.values.get(name).unwrap_or_else(|| panic!("rule set has no parameter {name}"))
    }

    /// A whole-number parameter (days, months, years …).
    pub fn count(&self, name: &str) -> i64 {
        use rust_decimal::prelude::ToPrimitive;
        self.decimal(name).to_i64().expect("whole-number parameters are checked on load")
    }

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
