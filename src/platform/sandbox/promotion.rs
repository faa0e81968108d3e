//! `jd.union.open.promotion.bysubunionid.get` as the platform answers it:
//! a goods URL is required (a bare SKU id is refused), a sub-union id is at
//! most 80 characters of `[A-Za-z0-9_-]`, and the same request always gets
//! the same links.

use super::replies::{business_error, request_id};
use crate::model::SubUnionId;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Param {
    promotion_code_req: Req,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Req {
    #[serde(default)]
    material_id: String,
    #[serde(default)]
    sub_union_id: Option<String>,
    #[serde(default)]
    position_id: Option<i64>,
}

const MAX_MATERIAL_CHARS: usize = 1_000;

pub fn link(param_json: Option<&str>) -> Value {
    let request = match param_json.map(serde_json::from_str::<Param>) {
        Some(Ok(param)) => param.promotion_code_req,
        Some(Err(e)) => return business_error(2002400, &format!("参数错误: {e}")),
        None => return business_error(2002400, "参数错误: promotionCodeReq 缺失"),
    };
    if !is_goods_url(&request.material_id) {
        return business_error(2002400, "参数错误: materialId 需为京东商品、优惠券或活动链接");
    }
    let sub_union_id = request.sub_union_id.as_deref().filter(|s| !s.is_empty());
    if sub_union_id.is_some_and(|s| SubUnionId::parse(s).is_err()) {
        return business_error(2001208, "subUnionId格式错误：仅支持字母、数字、下划线和中划线，最长80位");
    }
    let key = format!("{}|{}|{}", request.material_id, sub_union_id.unwrap_or(""), request.position_id.unwrap_or(0));
    let code = short_code(&key);
    json!({
        "code": 200,
        "message": "success",
        "requestId": request_id(),
        "data": {
            "shortURL": format!("https://u.jd.com/{code}"),
            "clickURL": format!("https://union-click.jd.com/jdc?e=&p={code}&d={:016x}", fnv(key.as_bytes())),
            "jCommand": format!("￥{code}￥"),
            "jShortCommand": format!("￥{code}￥"),
        },
    })
}

fn is_goods_url(material_id: &str) -> bool {
    material_id.len() <= MAX_MATERIAL_CHARS
        && material_id
            .strip_prefix("https://")
            .or_else(|| material_id.strip_prefix("http://"))
            .and_then(|rest| rest.split_once('/'))
            .is_some_and(|(host, _)| host == "jd.com" || host.ends_with(".jd.com"))
}

/// Seven letters and digits, as the platform's short links have.
fn short_code(key: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut n = fnv(key.as_bytes());
    (0..7)
        .map(|_| {
            let c = ALPHABET[(n % 62) as usize] as char;
            n /= 62;
            c
        })
        .collect()
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(req: Value) -> Value {
        link(Some(&json!({ "promotionCodeReq": req }).to_string()))
    }

    #[test]
    fn the_same_request_gets_the_same_link_and_another_position_another() {
        let a = ask(json!({ "materialId": "https://item.jd.com/100012043978.html", "positionId": 1 }));
        let b = ask(json!({ "materialId": "https://item.jd.com/100012043978.html", "positionId": 1 }));
        let c = ask(json!({ "materialId": "https://item.jd.com/100012043978.html", "positionId": 2 }));
        assert_eq!(a["code"], 200);
        assert_eq!(a["data"]["shortURL"], b["data"]["shortURL"]);
        assert_ne!(a["data"]["shortURL"], c["data"]["shortURL"]);
        assert!(a["data"]["shortURL"].as_str().unwrap().starts_with("https://u.jd.com/"));
    }

    #[test]
    fn a_bare_sku_and_a_bad_sub_union_id_are_refused_with_the_platform_codes() {
        assert_eq!(ask(json!({ "materialId": "100012043978" }))["code"], 2002400);
        let bad = ask(json!({ "materialId": "https://item.jd.com/1.html", "subUnionId": "有 空格" }));
        assert_eq!(bad["code"], 2001208);
        let long = ask(json!({ "materialId": "https://item.jd.com/1.html", "subUnionId": "a".repeat(81) }));
        assert_eq!(long["code"], 2001208);
    }
}
