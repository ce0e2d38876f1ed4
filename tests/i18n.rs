//! Both languages complete: the same keys, no empty text, and every key the UI and the core's
//! task list ask for exists.

use std::collections::BTreeSet;
use std::path::Path;

use closeout_core::tasks::GROUPS;
use serde_json::{Map, Value};

fn catalogue(lang: &str) -> Map<String, Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("ui/i18n/{lang}.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn english_and_chinese_have_the_same_keys() {
    let en: BTreeSet<String> = catalogue("en").keys().cloned().collect();
    let zh: BTreeSet<String> = catalogue("zh-CN").keys().cloned().collect();
    let only_en: Vec<_> = en.difference(&zh).collect();
    let only_zh: Vec<_> = zh.difference(&en).collect();
    assert!(only_en.is_empty() && only_zh.is_empty(), "only in en: {only_en:?}; only in zh-CN: {only_zh:?}");
}

#[test]
fn no_text_is_empty_and_chinese_is_chinese() {
    for lang in ["en", "zh-CN"] {
        for (key, value) in catalogue(lang) {
            assert!(!value.as_str().unwrap().trim().is_empty(), "{lang}: {key} is empty");
        }
    }
    let zh = catalogue("zh-CN");
    let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for key in ["home.title", "tasks.progress", "task.closure-application.about"] {
        assert!(han(zh[key].as_str().unwrap()), "zh-CN {key} is translated");
    }
}

#[test]
fn placeholders_match_between_languages() {
    let en = catalogue("en");
    let zh = catalogue("zh-CN");
    let holes = |s: &str| -> BTreeSet<String> {
        // `{count|row|rows}` is the plural of `{count}`: only the name must match.
        s.split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(h, _)| h.split('|').next().unwrap().to_owned()))
            .collect()
    };
    for (key, value) in &en {
        assert_eq!(holes(value.as_str().unwrap()), holes(zh[key].as_str().unwrap()), "{key}");
    }
}

#[test]
fn every_key_the_ui_asks_for_exists() {
    let en = catalogue("en");
    let mut wanted = BTreeSet::new();
    for group in GROUPS {
        wanted.insert(format!("group.{}", group.id));
        for task in group.tasks {
            wanted.insert(format!("task.{}.title", task.id));
            wanted.insert(format!("task.{}.about", task.id));
        }
    }
    for status in ["cannot_start", "not_started", "in_progress", "blocked", "waiting", "check_this", "done"] {
        wanted.insert(format!("status.{status}"));
    }
    for status in ["pass", "blocked", "warning", "attested", "not_checked", "not_applicable"] {
        wanted.insert(format!("rule_status.{status}"));
    }
    for answer in ["done", "not_applicable"] {
        wanted.insert(format!("answer.given.{answer}"));
        wanted.insert(format!("answers.kind.{answer}"));
    }
    wanted.insert("answers.kind.withdrawn".into());
    for who in ["seller", "bookkeeper"] {
        wanted.insert(format!("who.{who}"));
    }
    for state in closeout_core::model::OrderState::KNOWN.iter().chain([&closeout_core::model::OrderState::Unknown]) {
        wanted.insert(format!("order_state.{}", state.as_str()));
        wanted.insert(format!("suggested.{}", closeout_core::case::suggested_action(*state)));
    }
    for action in closeout_core::case::ACTIONS {
        wanted.insert(format!("order_action.{action}"));
    }
    for status in ["imported", "already-imported", "rejected"] {
        wanted.insert(format!("import.status.{status}"));
    }
    for format in closeout_core::import::Format::ALL {
        wanted.insert(format!("format.{format}"));
    }
    for source in ["alipay-ledger", "alipay-personal", "entered", "none"] {
        wanted.insert(format!("money.source.{source}"));
    }
    for def in closeout_core::rules::RULES {
        wanted.insert(format!("rule.{}.title", def.id));
    }
    for region in closeout_core::model::Region::ALL {
        wanted.insert(format!("region.{region}"));
    }
    for code in [
        "already_exists",
        "not_found",
        "not_a_case",
        "newer_schema",
        "damaged",
        "invalid_input",
        "io",
        "database",
        "ipc",
    ] {
        wanted.insert(format!("error.{code}"));
    }
    // Literal keys in the UI sources: t('some.key').
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("ui")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "js") {
                let text = std::fs::read_to_string(&path).unwrap();
                // `t(` alone, not the end of `split(` or `Event(`.
                for (at, _) in text.match_indices("t('") {
                    if text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                        continue;
                    }
                    let key = text[at + 3..].split('\'').next().unwrap();
                    wanted.insert(key.to_owned());
                }
            }
        }
    }
    let missing: Vec<_> = wanted.iter().filter(|k| !en.contains_key(*k)).collect();
    assert!(missing.is_empty(), "keys the UI uses but en.json lacks: {missing:?}");
}
