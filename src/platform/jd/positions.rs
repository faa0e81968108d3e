//! `jd.union.open.position.query` / `.create`: the promotion positions
//! (推广位) a group is bound to.

use super::wire::unwrap_envelope;
use crate::platform::PlatformError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const QUERY_RESPONSE: &str = "jd_union_open_position_query_responce";
const CREATE_RESPONSE: &str = "jd_union_open_position_create_responce";
/// The platform's largest query page.
pub const POSITION_PAGE_SIZE: u32 = 100;
/// Type 4: positions for social media (WeChat groups), private to the account.
const SOCIAL_MEDIA: u8 = 4;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PlatformPosition {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PositionQuery {
    pub union_type: u8,
    pub page_index: u32,
    pub page_size: u32,
}

impl PositionQuery {
    pub fn page(page_index: u32) -> PositionQuery {
        PositionQuery { union_type: 1, page_index, page_size: POSITION_PAGE_SIZE }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PositionCreate {
    pub union_type: u8,
    #[serde(rename = "type")]
    pub kind: u8,
    pub space_name_list: Vec<String>,
}

impl PositionCreate {
    pub fn named(names: Vec<String>) -> PositionCreate {
        PositionCreate { union_type: 1, kind: SOCIAL_MEDIA, space_name_list: names }
    }
}

pub struct PositionPage {
    pub positions: Vec<PlatformPosition>,
    pub total: u64,
}

#[derive(Deserialize)]
struct Inner<T> {
    code: i64,
    #[serde(default)]
    message: String,
    data: Option<T>,
}

#[derive(Deserialize)]
struct QueryData {
    #[serde(default)]
    total: u64,
    #[serde(default)]
    result: Vec<WirePosition>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WirePosition {
    id: i64,
    space_name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateData {
    result_list: BTreeMap<String, i64>,
}

fn inner<T: serde::de::DeserializeOwned>(body: &str, response: &str, result: &str) -> Result<T, PlatformError> {
    let text = unwrap_envelope(body, response, result)?;
    let inner: Inner<T> =
        serde_json::from_str(&text).map_err(|e| PlatformError::Malformed(format!("{result} 无法解析 ({e})")))?;
    if inner.code != 200 {
        return Err(PlatformError::Business { code: inner.code, message: inner.message });
    }
    inner.data.ok_or_else(|| PlatformError::Malformed(format!("{result} 缺少 data")))
}

pub fn parse_position_page(body: &str) -> Result<PositionPage, PlatformError> {
    let data: QueryData = inner(body, QUERY_RESPONSE, "queryResult")?;
    Ok(PositionPage {
        positions: data.result.into_iter().map(|p| PlatformPosition { id: p.id, name: p.space_name }).collect(),
        total: data.total,
    })
}

pub fn parse_created_positions(body: &str) -> Result<Vec<PlatformPosition>, PlatformError> {
    let data: CreateData = inner(body, CREATE_RESPONSE, "createResult")?;
    Ok(data.result_list.into_iter().map(|(name, id)| PlatformPosition { id, name }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_query_page_and_a_create_answer_in_their_doubly_encoded_envelopes() {
        let inner = r#"{"code":200,"message":"success","data":{"pageNo":1,"pageSize":100,"total":1,"result":[{"id":3001000100,"siteId":0,"spaceName":"宝妈好物1群","type":4}]}}"#;
        let body = serde_json::json!({ QUERY_RESPONSE: { "code": "0", "queryResult": inner } }).to_string();
        let page = parse_position_page(&body).unwrap();
        assert_eq!((page.total, page.positions[0].id, page.positions[0].name.as_str()), (1, 3001000100, "宝妈好物1群"));

        let inner = r#"{"code":200,"message":"success","data":{"resultList":{"新群":3001000999},"siteId":0,"type":4}}"#;
        let body = serde_json::json!({ CREATE_RESPONSE: { "code": "0", "createResult": inner } }).to_string();
        assert_eq!(
            parse_created_positions(&body).unwrap(),
            vec![PlatformPosition { id: 3001000999, name: "新群".into() }]
        );
    }

    #[test]
    fn a_business_refusal_keeps_its_message() {
        let inner = r#"{"code":2002400,"message":"参数错误: 推广位名称需 1–30 个字符"}"#;
        let body = serde_json::json!({ CREATE_RESPONSE: { "code": "0", "createResult": inner } }).to_string();
        let error = parse_created_positions(&body).unwrap_err();
        assert!(error.to_string().contains("1–30"), "{error}");
    }
}
