//! The languages Closeout speaks, and how an OS locale maps onto them.

use serde::{Deserialize, Serialize};

/// A language the catalogues in `ui/i18n/` are written in; it picks the words of the window,
/// the CLI and the report, and serialises as its tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    /// English (`en`), also the fallback for any key the other catalogue lacks.
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese (`zh-CN`).
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Lang {
    /// Every language shipped; [`Lang::parse_tag`] accepts exactly their tags.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The BCP 47 tag (`en`, `zh-CN`): the catalogue's file name, the report's document
    /// language and the language the window's settings store.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// Maps any locale spelling (`zh_CN.UTF-8`, `zh-Hans-CN`, `zh-SG`, `en-GB`, `C`) onto a
    /// language we have. Traditional-script Chinese falls back to English rather than
    /// showing Simplified characters to a reader who did not ask for them.
    pub fn from_locale(locale: &str) -> Lang {
        let base = locale.split(['.', '@']).next().unwrap_or("");
        let parts: Vec<String> = base.split(['-', '_']).map(|p| p.to_ascii_lowercase()).collect();
        if parts.first().map(String::as_str) != Some("zh") {
            return Lang::En;
        }
        let traditional = parts.iter().skip(1).any(|p| matches!(p.as_str(), "hant" | "tw" | "hk" | "mo"));
        let simplified = parts.iter().skip(1).any(|p| p == "hans");
        if traditional && !simplified {
            Lang::En
        } else {
            Lang::ZhCn
        }
    }

    /// The language of the system's locale: the CLI's `--lang` when none is given, and the
    /// window's until the person picks one.
    pub fn system() -> Lang {
        Lang::from_locale(&sys_locale::get_locale().unwrap_or_default())
    }

    /// Parses exactly the tags we ship (`en`, `zh-CN`), as the CLI's `--lang` takes them.
    pub fn parse_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.tag().eq_ignore_ascii_case(tag.trim()))
    }

    /// Whether a count reads with the singular form in this language (CLDR's "one": exactly 1
    /// in English; Chinese nouns do not change with number).
    pub fn takes_singular(self, count: &str) -> bool {
        self == Lang::En && count.trim() == "1"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_locales_normalise() {
        for (locale, lang) in [
            ("zh-Hans-CN", Lang::ZhCn),
            ("zh_CN.UTF-8", Lang::ZhCn),
            ("zh-CN", Lang::ZhCn),
            ("zh", Lang::ZhCn),
            ("zh-SG", Lang::ZhCn),
            ("zh-Hant-TW", Lang::En),
            ("zh_TW.UTF-8", Lang::En),
            ("en-US", Lang::En),
            ("fr_FR.UTF-8", Lang::En),
            ("C", Lang::En),
            ("", Lang::En),
        ] {
            assert_eq!(Lang::from_locale(locale), lang, "{locale}");
        }
    }

    #[test]
    fn tags_parse() {
        assert_eq!(Lang::parse_tag("zh-cn"), Some(Lang::ZhCn));
        assert_eq!(Lang::parse_tag("en"), Some(Lang::En));
        assert_eq!(Lang::parse_tag("de"), None);
    }
}
