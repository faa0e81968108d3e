//! Names for JD's first-level categories (cid1) and invalid reasons
//! (validCode), as keys into the UI's catalogs that each reader words in
//! its language; an id the catalog does not know keeps its number, never dropped.

use crate::model::Message;

pub fn category_message(cid1: i64) -> Message {
    let known = Message::new(&format!("category.{cid1}"));
    if known.is_known() {
        known
    } else {
        Message::new("category.unknown").with("id", cid1)
    }
}

/// "失效：流量劫持" for validCode 25, "失效（代码 99）" for a code JD has not documented.
pub fn invalid_message(code: i64) -> Message {
    let reason = Message::new(&format!("validCode.{code}"));
    if reason.is_known() {
        reason
    } else {
        Message::new("orderStatus.invalidCode").with("code", code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;
    use crate::platform::sandbox::catalog::CATEGORIES;

    #[test]
    fn every_sandbox_category_has_a_name_and_unknown_ones_keep_their_id() {
        for category in CATEGORIES {
            assert!(!category_message(category.cid1).render(Lang::Zh).contains("类目"), "{}", category.cid1);
        }
        assert_eq!(category_message(1320).render(Lang::Zh), "食品饮料");
        assert_eq!(category_message(424242).render(Lang::Zh), "类目 424242");
        assert_eq!(invalid_message(25).render(Lang::Zh), "失效：流量劫持");
        assert_eq!(invalid_message(25).render(Lang::En), "Invalid: traffic hijack");
        assert!(invalid_message(99).render(Lang::En).contains("99"));
    }
}
