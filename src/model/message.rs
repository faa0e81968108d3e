//! Something to tell her: a key into the window's catalogs and its parameters. The CLI and logs render
//! the same catalogs, so Rust never words a message itself.

use crate::model::Lang;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// Something to tell her, as a key into `ui/src/i18n/*.json` and the values
/// its template names. Rust never words a message itself; the CLI and logs
/// render the same catalogs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Message {
    pub key: String,
    pub params: BTreeMap<String, String>,
}

impl Message {
    pub fn new(key: &str) -> Message {
        Message { key: key.to_owned(), params: BTreeMap::new() }
    }

    pub fn with(mut self, name: &str, value: impl fmt::Display) -> Message {
        self.params.insert(name.to_owned(), value.to_string());
        self
    }

    /// How a message is kept in a text column.
    pub fn to_json(&self) -> String {
        serde_json::json!({ "key": self.key, "params": self.params }).to_string()
    }

    /// A message kept by `to_json`; text stored before messages had keys
    /// reads as itself.
    pub fn from_json(text: &str) -> Message {
        #[derive(serde::Deserialize)]
        struct Stored {
            key: String,
            params: BTreeMap<String, String>,
        }
        match serde_json::from_str::<Stored>(text) {
            Ok(stored) => Message { key: stored.key, params: stored.params },
            Err(_) => Message::new("text").with("text", text),
        }
    }

    /// Whether the UI's catalog words this key.
    pub fn is_known(&self) -> bool {
        catalog(Lang::Zh).contains_key(&self.key)
    }

    /// The message worded in `lang` from the UI's own catalog.
    pub fn render(&self, lang: Lang) -> String {
        let template = catalog(lang).get(&self.key).or_else(|| catalog(Lang::Zh).get(&self.key));
        let Some(template) = template else {
            return format!("{} {:?}", self.key, self.params);
        };
        fill(template, &self.params)
    }
}

/// English, for the CLI and logs.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

fn catalog(lang: Lang) -> &'static BTreeMap<String, String> {
    static ZH: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    static EN: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    let (cell, text) = match lang {
        Lang::Zh => (&ZH, include_str!("../../ui/src/i18n/zh-CN.json")),
        Lang::En => (&EN, include_str!("../../ui/src/i18n/en.json")),
    };
    // The catalogs are compiled in and checked by a test, so an unreadable
    // one is a build defect; an empty map still renders keys.
    cell.get_or_init(|| serde_json::from_str(text).unwrap_or_default())
}

/// `{name}` replaced by its parameter, as the UI's `translate` does.
fn fill(template: &str, params: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if params.contains_key(name) => {
                out.push_str(&params[name]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_worded_from_the_ui_catalogs_in_either_language() {
        let message = Message::new("field.tooLong").with("max", 60);
        assert_eq!(message.render(Lang::En), "at most 60 characters");
        assert_eq!(message.render(Lang::Zh), "最多 60 个字");
        assert_eq!(Message::new("no.such.key").render(Lang::En), "no.such.key {}");
    }

    #[test]
    fn every_key_the_catalogs_hold_is_in_both() {
        let (zh, en) = (catalog(Lang::Zh), catalog(Lang::En));
        assert!(zh.len() > 100, "the Chinese catalog parses");
        let only_one: Vec<&String> =
            zh.keys().filter(|k| !en.contains_key(*k)).chain(en.keys().filter(|k| !zh.contains_key(*k))).collect();
        assert!(only_one.is_empty(), "{only_one:?}");
    }

    #[test]
    fn a_template_keeps_braces_it_has_no_value_for() {
        let params = BTreeMap::from([("n".to_owned(), "3".to_owned())]);
        assert_eq!(fill("{n} 个 {unknown} {", &params), "3 个 {unknown} {");
    }
}
