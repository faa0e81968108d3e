//! Names for JD's first-level categories (cid1) and invalid reasons
//! (validCode), worded from the UI's catalogs; an id the catalog does not
//! know is shown as its number, never dropped.

use crate::error::Message;
use crate::model::Lang;

pub fn category_label(cid1: i64, lang: Lang) -> String {
    let known = Message::new(&format!("category.{cid1}"));
    if known.is_known() {
        known.render(lang)
    } else {
        Message::new("category.unknown").with("id", cid1).render(lang)
    }
}

/// "失效：流量劫持" for validCode 25, "失效（代码 99）" for a code JD has not documented.
pub fn invalid_label(code: i64, lang: Lang) -> String {
    let reason = Message::new(&format!("validCode.{code}"));
    if reason.is_known() {
        Message::new("orderStatus.invalidFor").with("reason", reason.render(lang)).render(lang)
    } else {
        Message::new("orderStatus.invalidCode").with("code", code).render(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::sandbox::catalog::CATEGORIES;

    #[test]
    fn every_sandbox_category_has_a_name_and_unknown_ones_keep_their_id() {
        for category in CATEGORIES {
            assert!(!category_label(category.cid1, Lang::Zh).contains("类目"), "{}", category.cid1);
        }
        assert_eq!(category_label(1320, Lang::Zh), "食品饮料");
        assert_eq!(category_label(424242, Lang::Zh), "类目 424242");
        assert_eq!(invalid_label(25, Lang::Zh), "失效：流量劫持");
        assert!(invalid_label(99, Lang::En).contains("99"));
    }
}
