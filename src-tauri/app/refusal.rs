//! The window's form of an error: `{code, message, field, backup}`, its message in the
//! window's language, so the page shows it as it comes and puts it beside the input it is about.

use closeout_core::error::Error;
use closeout_core::locale::Lang;
use serde::Serialize;

/// What every command answers: its value, or a refusal in the window's words.
pub type Reply<T> = std::result::Result<T, Refusal>;

/// An error as the page receives it.
#[derive(Debug, Serialize)]
pub struct Refusal {
    /// The error's stable code (`Error::code`), which the page and the tests match on.
    code: &'static str,
    /// The message, in the window's language.
    message: String,
    /// The form field a refused value was typed in, which the error summary links to.
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    /// The latest backup of a damaged case, which the window offers to open.
    #[serde(skip_serializing_if = "Option::is_none")]
    backup: Option<String>,
}

impl Refusal {
    /// `error` put into `lang`'s words.
    pub fn new(error: &Error, lang: Lang) -> Self {
        let backup = match error {
            Error::Damaged { backup: Some(b), .. } => Some(b.display().to_string()),
            _ => None,
        };
        Refusal {
            code: error.code(),
            message: error.message().render(lang),
            field: error.field().map(str::to_owned),
            backup,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use closeout_core::text::Text;

    #[test]
    fn crosses_ipc_as_code_and_message_in_the_windows_language() {
        let err = Error::AlreadyExists { path: "a.closeout".into() };
        assert_eq!(
            serde_json::to_value(Refusal::new(&err, Lang::En)).unwrap(),
            serde_json::json!({
                "code": "already_exists",
                "message": "a.closeout: already exists; Closeout never overwrites a file. Choose another name or open it instead."
            })
        );
        let json = serde_json::to_value(Refusal::new(&err, Lang::ZhCn)).unwrap();
        assert_eq!(json["code"], "already_exists");
        assert_eq!(json["message"], "a.closeout：文件已存在；Closeout 从不覆盖文件。请换一个名字，或者直接打开它。");
    }

    #[test]
    fn a_refused_value_names_its_field_and_a_damaged_case_its_backup() {
        let name = Error::invalid(Text::new("input.store_name_empty"));
        assert_eq!(serde_json::to_value(Refusal::new(&name, Lang::En)).unwrap()["field"], "store_name");
        let busy = serde_json::to_value(Refusal::new(&Error::Busy, Lang::En)).unwrap();
        assert!(busy.get("field").is_none() && busy.get("backup").is_none(), "{busy}");
        let damaged =
            Error::Damaged { path: "a.closeout".into(), backup: Some("a.closeout.backups/1.closeout".into()) };
        let json = serde_json::to_value(Refusal::new(&damaged, Lang::En)).unwrap();
        assert_eq!(json["backup"], "a.closeout.backups/1.closeout");
    }
}
