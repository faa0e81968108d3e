//! `jd.union.open.promotion.bysubunionid.get` (转链): a tracking link for a
//! goods page, carrying the group's promotion position or the partner's
//! sub-union id so that what sells through it is hers, attributed.

use super::wire::unwrap_envelope;
use crate::model::{PositionId, SubUnionId};
use crate::platform::PlatformError;
use serde::{Deserialize, Serialize};

const RESPONSE: &str = "jd_union_open_promotion_bysubunionid_get_responce";
/// Short links the platform hands out stop working after this long.
pub const SHORT_LINK_DAYS: i64 = 60;
/// 2: the short link (`https://u.jd.com/…`); the long one comes too.
const SHORT_AND_LONG: u8 = 3;

/// `promotionCodeReq`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PromotionCodeReq {
    /// A goods, coupon or activity URL; a bare SKU id is not accepted.
    pub material_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_union_id: Option<SubUnionId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position_id: Option<PositionId>,
    pub chain_type: u8,
}

impl PromotionCodeReq {
    pub fn new(material_id: String, position_id: Option<PositionId>, sub_union_id: Option<SubUnionId>) -> Self {
        PromotionCodeReq { material_id, sub_union_id, position_id, chain_type: SHORT_AND_LONG }
    }
}

/// The links the platform made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromotionLink {
    /// `https://u.jd.com/…`, valid for 60 days.
    pub short_url: String,
    /// Long, does not expire.
    pub click_url: String,
}

#[derive(Deserialize)]
struct Inner {
    code: i64,
    #[serde(default)]
    message: String,
    data: Option<Data>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Data {
    #[serde(default, rename = "shortURL")]
    short_url: Option<String>,
    #[serde(default, rename = "clickURL")]
    click_url: Option<String>,
}

/// The longest link believed: real ones are well under 300 characters.
const MAX_LINK_CHARS: usize = 2_000;

pub fn parse_promotion_link(body: &str) -> Result<PromotionLink, PlatformError> {
    let text = unwrap_envelope(body, RESPONSE, "getResult")?;
    let inner: Inner =
        serde_json::from_str(&text).map_err(|e| PlatformError::Malformed(format!("getResult 无法解析 ({e})")))?;
    if inner.code != 200 {
        return Err(PlatformError::Business { code: inner.code, message: inner.message });
    }
    let data = inner.data.ok_or_else(|| PlatformError::Malformed("getResult 缺少 data".to_owned()))?;
    let checked = |url: Option<String>, field: &str| {
        url.filter(|u| u.starts_with("https://") && u.len() <= MAX_LINK_CHARS && !u.contains(char::is_whitespace))
            .ok_or_else(|| PlatformError::Malformed(format!("getResult 的 {field} 不是 https 链接")))
    };
    Ok(PromotionLink {
        short_url: checked(data.short_url, "shortURL")?,
        click_url: checked(data.click_url, "clickURL")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> String {
        serde_json::json!({ RESPONSE: { "code": "0", "getResult": inner } }).to_string()
    }

    #[test]
    fn reads_both_links_from_the_doubly_encoded_answer() {
        let inner = r#"{"code":200,"message":"success","data":{"shortURL":"https://u.jd.com/AbC12xY","clickURL":"https://union-click.jd.com/jdc?e=1&p=2"}}"#;
        let link = parse_promotion_link(&body(inner)).unwrap();
        assert_eq!(link.short_url, "https://u.jd.com/AbC12xY");
        assert!(link.click_url.starts_with("https://union-click.jd.com/"));
    }

    #[test]
    fn a_refusal_keeps_its_code_and_a_link_that_is_not_https_is_not_believed() {
        let error = parse_promotion_link(&body(r#"{"code":2001208,"message":"subUnionId格式错误"}"#)).unwrap_err();
        assert!(matches!(error, PlatformError::Business { code: 2001208, .. }), "{error}");
        let inner = r#"{"code":200,"data":{"shortURL":"javascript:alert(1)","clickURL":"https://x.jd.com/"}}"#;
        assert!(matches!(parse_promotion_link(&body(inner)), Err(PlatformError::Malformed(_))));
    }

    #[test]
    fn the_request_leaves_out_what_was_not_given() {
        let req = PromotionCodeReq::new("https://item.jd.com/1.html".into(), Some(PositionId(7)), None);
        let json = serde_json::to_value(&req).unwrap();
        assert_eq!(json["positionId"], 7);
        assert!(json.get("subUnionId").is_none());
        assert_eq!(json["materialId"], "https://item.jd.com/1.html");
    }
}
