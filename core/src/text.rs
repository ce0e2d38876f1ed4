//! Words for the core's results (rule titles, evidence, actions), taken from the same
//! catalogues the UI uses (`ui/i18n/*.json`), so the window, the CLI and the report agree.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::locale::Lang;

/// A message not yet put into words: a catalogue key and its placeholder values. It is
/// language-neutral, so it can be kept (a kept-aside row's reason is stored as
/// [`Text::stored`]) and put into words later in whichever language the reader has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// A key of `ui/i18n/en.json` (and its zh-CN twin), such as `tasks.progress`.
    pub key: String,
    /// Values for the template's `{name}` placeholders, already formatted as they should print,
    /// in the order they were added. Values typed by a person or read from a file (a cell, a
    /// file name, a header) print as written in every language.
    pub params: Vec<(String, String)>,
    /// Placeholders whose value is itself a message, rendered in the same language as this one
    /// ("a zip archive whose member {name} is {inner}").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nested: Vec<(String, Text)>,
}

/// The key of a message kept as written, in no language: text stored by an older Closeout.
const AS_WRITTEN: &str = "text.as_written";

impl Text {
    /// A message with no placeholder values yet.
    pub fn new(key: impl Into<String>) -> Text {
        Text { key: key.into(), params: Vec::new(), nested: Vec::new() }
    }

    /// Words that are not in the catalogue and print as they are in every language: a reason
    /// an older Closeout stored in English, or words a library gave (an I/O error).
    pub fn verbatim(text: impl Into<String>) -> Text {
        Text::new(AS_WRITTEN).with("text", text.into())
    }

    /// What an I/O error says, in our words for the failures a person can do something about
    /// (no permission, a folder, a full disk) and the system's for the rest.
    pub fn of_io(e: &std::io::Error) -> Text {
        match e.kind() {
            std::io::ErrorKind::PermissionDenied => Text::new("io.permission_denied"),
            std::io::ErrorKind::IsADirectory => Text::new("io.is_a_directory"),
            std::io::ErrorKind::StorageFull => Text::new("io.storage_full"),
            _ => Text::verbatim(e.to_string()),
        }
    }

    /// Adds a message that replaces `{name}`, rendered in the language of the whole.
    pub fn with_text(mut self, name: &str, value: Text) -> Text {
        self.nested.push((name.to_owned(), value));
        self
    }

    /// The message as a case file keeps it (JSON), to be put into words when it is read back.
    pub fn stored(&self) -> String {
        serde_json::to_string(self).expect("a Text serialises")
    }

    /// A message [`Text::stored`] wrote; anything else (the English an older Closeout stored, a
    /// key this build does not know) comes back as written.
    pub fn from_stored(stored: &str) -> Text {
        match serde_json::from_str::<Text>(stored) {
            Ok(text) if has(&text.key) => text,
            _ => Text::verbatim(stored),
        }
    }

    /// Adds the value that replaces `{name}` in the template; a value added twice under one
    /// name prints the first.
    pub fn with(mut self, name: &str, value: impl ToString) -> Text {
        self.params.push((name.to_owned(), value.to_string()));
        self
    }

    /// The message in `lang`, each `{name}` replaced by its value. A placeholder with no value
    /// stays as written, so a missing parameter shows rather than vanishes.
    pub fn render(&self, lang: Lang) -> String {
        let template = lookup(lang, &self.key);
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    // `{name}` is the value; `{name|one|other}` the word its number takes.
                    let mut hole = after[..close].split('|');
                    let name = hole.next().unwrap_or_default();
                    let forms = (hole.next(), hole.next());
                    let value: Option<std::borrow::Cow<str>> =
                        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.into()).or_else(|| {
                            self.nested.iter().find(|(n, _)| n == name).map(|(_, t)| t.render(lang).into())
                        });
                    match (value, forms) {
                        (Some(value), (Some(one), Some(other))) => {
                            out.push_str(if lang.takes_singular(&value) { one } else { other })
                        }
                        (Some(value), _) => out.push_str(&value),
                        (None, _) => out.push_str(&rest[open..open + close + 2]),
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

impl std::fmt::Display for Text {
    /// The message in English: for logs, tests and `Error`'s `Display`. What a person reads is
    /// [`Text::render`] in their language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// The template for `key`; English when the language lacks it, the key itself if both do
/// (a test keeps that from shipping).
pub fn lookup(lang: Lang, key: &str) -> &str {
    let (en, zh) = catalogues();
    let primary = if lang == Lang::ZhCn { zh } else { en };
    primary.get(key).or_else(|| en.get(key)).map_or(key, String::as_str)
}

/// Whether the English catalogue has `key`, for callers that fall back to something better
/// than the bare key.
pub fn has(key: &str) -> bool {
    catalogues().0.contains_key(key)
}

type Catalogue = HashMap<String, String>;

fn catalogues() -> &'static (Catalogue, Catalogue) {
    static CATALOGUES: OnceLock<(Catalogue, Catalogue)> = OnceLock::new();
    CATALOGUES.get_or_init(|| {
        let parse = |json: &str| serde_json::from_str::<Catalogue>(json).expect("the i18n catalogues are valid JSON");
        (parse(include_str!("../../ui/i18n/en.json")), parse(include_str!("../../ui/i18n/zh-CN.json")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_in_either_language() {
        let t = Text::new("tasks.progress").with("done", 3).with("total", 20);
        assert_eq!(t.render(Lang::En), "3 of 20 tasks done");
        assert_eq!(t.render(Lang::ZhCn), "已完成 3 / 20 项任务");
    }

    #[test]
    fn a_counted_word_takes_the_languages_plural() {
        let rows = |n: u64| Text::new("evidence.rejections").with("count", n).with("where", "a.csv:3");
        assert_eq!(rows(1).render(Lang::En), "1 row could not be read: a.csv:3.");
        assert_eq!(rows(2).render(Lang::En), "2 rows could not be read: a.csv:3.");
        assert_eq!(rows(0).render(Lang::En), "0 rows could not be read: a.csv:3.");
        assert_eq!(rows(1).render(Lang::ZhCn), "有 1 行无法读取：a.csv:3。");
    }

    #[test]
    fn a_nested_message_speaks_the_language_of_the_whole() {
        let inner = Text::new("refusal.empty_file");
        let t = Text::new("refusal.zip_member").with("name", "a.csv").with_text("inner", inner);
        assert_eq!(t.render(Lang::En), "a zip archive whose member a.csv is an empty file");
        assert_eq!(t.render(Lang::ZhCn), "一个 zip 压缩包，其中的 a.csv 是空文件");
    }

    #[test]
    fn stored_messages_come_back_in_either_language() {
        let t =
            Text::new("refusal.zip_member").with("name", "a.csv").with_text("inner", Text::new("refusal.empty_file"));
        let back = Text::from_stored(&t.stored());
        assert_eq!(back, t);
        assert_eq!(back.render(Lang::ZhCn), t.render(Lang::ZhCn));
        // What an older Closeout stored, in English, reads as it was written.
        let old = Text::from_stored("\"x\" is not an amount");
        assert_eq!(old.render(Lang::ZhCn), "\"x\" is not an amount");
        assert_eq!(
            Text::from_stored("{\"key\":\"no.such.key\",\"params\":[]}").render(Lang::En),
            "{\"key\":\"no.such.key\",\"params\":[]}"
        );
    }

    #[test]
    fn unknown_placeholders_stay_visible() {
        let t = Text::new("tasks.progress").with("done", 1);
        assert_eq!(t.render(Lang::En), "1 of {total} {total|task|tasks} done");
    }
}
