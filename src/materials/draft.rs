//! A material as the form sends it, and the checks it must pass before any
//! of it is stored. A refused save names its field; the form keeps the draft.

use super::parts::{Parts, MAX_BODY_CHARS};
use crate::model::{BizDay, FolderId, MaterialKind};
use crate::model::{FormError, Message};
use serde::Deserialize;
use std::collections::HashSet;

pub const MAX_TITLE_CHARS: usize = 100;
pub const MAX_NOTES_CHARS: usize = 2_000;
pub const MAX_TAGS: usize = 20;
/// Tags as given, before blanks and repeats are tidied away: room for a
/// careless list, never one without end.
pub const MAX_TAGS_GIVEN: usize = 4 * MAX_TAGS;
pub const MAX_TAG_CHARS: usize = 20;
const MAX_PRODUCT_CHARS: usize = 300;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct MaterialDraft {
    pub title: String,
    pub kind: MaterialKind,
    /// Exactly as it should paste into WeChat: line breaks and emoji kept.
    pub body: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub folder_id: Option<FolderId>,
    /// A JD goods URL or a SKU id; empty for none.
    #[serde(default)]
    pub product: String,
    /// `yyyy-MM-dd` (Beijing); empty for none.
    #[serde(default)]
    pub expires_on: String,
    /// Text blocks, pictures, the link and a poster, after the body.
    #[serde(default)]
    pub parts: Parts,
}

/// A draft that passed every check, in the shapes the store keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub title: String,
    pub kind: MaterialKind,
    pub body: String,
    pub notes: String,
    pub tags: Vec<String>,
    pub folder_id: Option<FolderId>,
    pub product: Option<String>,
    pub expires_on: Option<BizDay>,
    pub parts: Parts,
}

impl MaterialDraft {
    pub fn check(&self) -> Result<Checked, FormError> {
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
            return Err(FormError::invalid(
                "title",
                Message::new("materials.titleLength").with("max", MAX_TITLE_CHARS),
            ));
        }
        // The body is kept exactly as written; only a body of nothing but
        // blanks is refused.
        if self.body.trim().is_empty() {
            return Err(FormError::invalid("body", Message::new("field.required")));
        }
        if self.body.chars().count() > MAX_BODY_CHARS {
            return Err(FormError::invalid("body", Message::new("materials.bodyLength").with("max", MAX_BODY_CHARS)));
        }
        super::variables::check(&self.body)?;
        self.parts.check(self.body.chars().count())?;
        if self.notes.chars().count() > MAX_NOTES_CHARS {
            return Err(FormError::invalid(
                "notes",
                Message::new("materials.notesLength").with("max", MAX_NOTES_CHARS),
            ));
        }
        Ok(Checked {
            title: title.to_owned(),
            kind: self.kind,
            body: self.body.clone(),
            notes: self.notes.trim().to_owned(),
            tags: check_tags(&self.tags)?,
            folder_id: self.folder_id,
            product: check_product(&self.product)?,
            expires_on: check_expiry(&self.expires_on)?,
            parts: self.parts.clone(),
        })
    }
}

/// Trimmed, without repeats, in the order given: counted before they are
/// looked at, each looked at once.
fn check_tags(tags: &[String]) -> Result<Vec<String>, FormError> {
    let too_many = || FormError::invalid("tags", Message::new("materials.tooManyTags").with("max", MAX_TAGS));
    if tags.len() > MAX_TAGS_GIVEN {
        return Err(too_many());
    }
    let mut seen: HashSet<&str> = HashSet::with_capacity(tags.len());
    let mut kept: Vec<String> = Vec::new();
    for tag in tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        // Measured no further than the cap: a tag of a megabyte is not read through.
        if tag.chars().nth(MAX_TAG_CHARS).is_some() {
            return Err(FormError::invalid("tags", Message::new("materials.tagLength").with("max", MAX_TAG_CHARS)));
        }
        if seen.insert(tag) {
            kept.push(tag.to_owned());
        }
    }
    if kept.len() > MAX_TAGS {
        return Err(too_many());
    }
    Ok(kept)
}

/// A JD goods page (`https://item.jd.com/100012043978.html`, the mobile
/// `item.m.jd.com/product/…` form too) or the SKU id itself.
fn check_product(product: &str) -> Result<Option<String>, FormError> {
    let product = product.trim();
    if product.is_empty() {
        return Ok(None);
    }
    let refused = || FormError::invalid("product", Message::new("materials.productInvalid"));
    if product.chars().count() > MAX_PRODUCT_CHARS {
        return Err(refused());
    }
    let is_sku = |s: &str| (1..=20).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    let url_ok = product
        .strip_prefix("https://")
        .or_else(|| product.strip_prefix("http://"))
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(host, _)| host == "jd.com" || host.ends_with(".jd.com"));
    if is_sku(product) || url_ok {
        Ok(Some(product.to_owned()))
    } else {
        Err(refused())
    }
}

fn check_expiry(expires_on: &str) -> Result<Option<BizDay>, FormError> {
    if expires_on.trim().is_empty() {
        return Ok(None);
    }
    BizDay::parse(expires_on)
        .map(Some)
        .ok_or_else(|| FormError::invalid("expires_on", Message::new("field.date").with("value", expires_on)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> MaterialDraft {
        MaterialDraft {
            title: " 早安问候 ".into(),
            kind: MaterialKind::Script,
            body: "早上好☀️\n今天的好物👇\n".into(),
            notes: String::new(),
            tags: vec!["早安".into(), " 早安 ".into(), "".into(), "每日".into()],
            folder_id: None,
            product: "https://item.jd.com/100012043978.html".into(),
            expires_on: "2026-12-12".into(),
            parts: Default::default(),
        }
    }

    fn field(error: FormError) -> &'static str {
        match error {
            FormError::Invalid { field, .. } => field,
            other => panic!("not a field refusal: {other}"),
        }
    }

    #[test]
    fn a_good_draft_keeps_its_body_exactly_and_tidies_the_rest() {
        let checked = draft().check().expect("a good draft");
        assert_eq!(checked.title, "早安问候");
        assert_eq!(checked.body, "早上好☀️\n今天的好物👇\n");
        assert_eq!(checked.tags, ["早安", "每日"]);
        assert_eq!(checked.expires_on, BizDay::parse("2026-12-12"));
    }

    #[test]
    fn each_bad_field_is_named() {
        let long_body: String = std::iter::repeat_n('字', MAX_BODY_CHARS + 1).collect();
        let cases: Vec<(MaterialDraft, &str)> = vec![
            (MaterialDraft { title: "  ".into(), ..draft() }, "title"),
            (MaterialDraft { body: " \n ".into(), ..draft() }, "body"),
            (MaterialDraft { body: long_body, ..draft() }, "body"),
            (
                MaterialDraft {
                    tags: vec!["一二三四五六七八九十一二三四五六七八九十一".into()], ..draft()
                },
                "tags",
            ),
            (MaterialDraft { tags: (0..21).map(|i| format!("t{i}")).collect(), ..draft() }, "tags"),
            (MaterialDraft { product: "https://evil.example/jd.com/1".into(), ..draft() }, "product"),
            (MaterialDraft { product: "javascript:alert(1)".into(), ..draft() }, "product"),
            (MaterialDraft { expires_on: "2026-13-40".into(), ..draft() }, "expires_on"),
            // Days that could be stored but never read back, or not stored at all.
            (MaterialDraft { expires_on: "-1-01-01".into(), ..draft() }, "expires_on"),
            (MaterialDraft { expires_on: "+2026-12-12".into(), ..draft() }, "expires_on"),
            (MaterialDraft { expires_on: "0000-01-01".into(), ..draft() }, "expires_on"),
            (MaterialDraft { body: "欢迎来到{群主}".into(), ..draft() }, "body"),
            (MaterialDraft { body: "还有{倒计时:12月12日}天".into(), ..draft() }, "body"),
        ];
        for (draft, expected) in cases {
            assert_eq!(field(draft.check().expect_err(expected)), expected);
        }
        assert!(MaterialDraft { product: "100012043978".into(), ..draft() }.check().is_ok());
    }

    #[test]
    fn two_hundred_thousand_distinct_tags_are_refused_before_they_are_compared() {
        let tags: Vec<String> = (0..200_000).map(|i| format!("标签{i}")).collect();
        let FormError::Invalid { field, message } = MaterialDraft { tags, ..draft() }.check().expect_err("refused")
        else {
            panic!("not a field refusal")
        };
        assert_eq!((field, message.key.as_str()), ("tags", "materials.tooManyTags"));
        // Up to the given cap, repeats and blanks are still tidied away.
        let mut tags: Vec<String> = std::iter::repeat_n(" 早安 ".to_owned(), MAX_TAGS_GIVEN - 1).collect();
        tags.push("每日".into());
        assert_eq!(MaterialDraft { tags, ..draft() }.check().expect("tidied").tags, ["早安", "每日"]);
    }
}
