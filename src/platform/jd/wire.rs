//! JD's wire format: the outer envelope, the JSON string inside it, and
//! order rows whose amounts are read as decimal text into exact fen.

use super::error::JdError;
use crate::model::{
    parse_platform, BizDay, Money, OrderId, OrderRow, PositionId, RatePct, RowId, SubUnionId, ValidCode,
};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

const ORDER_ROW_RESPONSE: &str = "jd_union_open_order_row_query_responce";

pub struct OrderPage {
    pub has_more: bool,
    pub rows: Vec<OrderRow>,
}

/// Unwraps `{"<method>_responce": {"code": "0", "<result_key>": "<json>"}}`,
/// or turns `error_response` into a gateway error.
pub fn unwrap_envelope(body: &str, response_key: &str, result_key: &str) -> Result<String, JdError> {
    let outer: Value =
        serde_json::from_str(body).map_err(|e| JdError::Malformed(format!("响应不是完整的 JSON ({e})")))?;
    if let Some(error) = outer.get("error_response") {
        let text = |key: &str| match error.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        return Err(JdError::Gateway { code: text("code"), zh: text("zh_desc"), en: text("en_desc") });
    }
    let response = outer.get(response_key).ok_or_else(|| JdError::Malformed(format!("响应缺少 {response_key}")))?;
    let code = response.get("code").map(|c| c.as_str().map(str::to_owned).unwrap_or_else(|| c.to_string()));
    if code.as_deref() != Some("0") {
        return Err(JdError::Gateway {
            code: code.unwrap_or_default(),
            zh: "网关返回非零代码".to_owned(),
            en: "non-zero gateway code".to_owned(),
        });
    }
    response
        .get(result_key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| JdError::Malformed(format!("响应缺少 {result_key} 字符串")))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct QueryResult<'a> {
    code: i64,
    #[serde(default)]
    message: String,
    #[serde(default)]
    has_more: bool,
    #[serde(default, borrow)]
    data: Vec<&'a RawValue>,
}

pub fn parse_order_page(body: &str) -> Result<OrderPage, JdError> {
    let inner = unwrap_envelope(body, ORDER_ROW_RESPONSE, "queryResult")?;
    let result: QueryResult<'_> =
        serde_json::from_str(&inner).map_err(|e| JdError::Malformed(format!("queryResult 无法解析 ({e})")))?;
    if result.code != 200 {
        return Err(JdError::Business { code: result.code, message: result.message });
    }
    let rows = result
        .data
        .iter()
        .enumerate()
        .map(|(index, raw)| {
            let wire: WireRow<'_> = serde_json::from_str(raw.get())
                .map_err(|e| JdError::Malformed(format!("第 {} 行无法解析 ({e})", index + 1)))?;
            wire.into_row().map_err(|(field, reason)| {
                JdError::Malformed(format!("第 {} 行 (id {}) 字段 {field}: {reason}", index + 1, wire_id(raw)))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(OrderPage { has_more: result.has_more, rows })
}

fn wire_id(raw: &RawValue) -> String {
    serde_json::from_str::<Value>(raw.get())
        .ok()
        .and_then(|v| v.get("id").map(Value::to_string))
        .unwrap_or_else(|| "?".to_owned())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireRow<'a> {
    id: i64,
    order_id: i64,
    #[serde(default)]
    parent_id: i64,
    order_time: String,
    #[serde(default)]
    finish_time: Option<String>,
    modify_time: String,
    sku_id: i64,
    #[serde(default)]
    sku_name: String,
    sku_num: i64,
    #[serde(default)]
    sku_return_num: i64,
    #[serde(default)]
    sku_frozen_num: i64,
    #[serde(borrow)]
    price: &'a RawValue,
    #[serde(default)]
    cid1: i64,
    #[serde(borrow)]
    commission_rate: &'a RawValue,
    #[serde(borrow)]
    final_rate: &'a RawValue,
    #[serde(borrow)]
    estimate_cos_price: &'a RawValue,
    #[serde(borrow)]
    estimate_fee: &'a RawValue,
    #[serde(borrow)]
    actual_cos_price: &'a RawValue,
    #[serde(borrow)]
    actual_fee: &'a RawValue,
    #[serde(default, borrow)]
    pay_month: Option<&'a RawValue>,
    #[serde(default)]
    union_id: i64,
    #[serde(default)]
    position_id: i64,
    #[serde(default)]
    sub_union_id: Option<String>,
    #[serde(default)]
    plus: i64,
    valid_code: i64,
}

type FieldError = (&'static str, String);

fn money(field: &'static str, raw: &RawValue) -> Result<Money, FieldError> {
    Money::parse_yuan(raw.get()).map_err(|e| (field, e.to_string()))
}

fn rate(field: &'static str, raw: &RawValue) -> Result<RatePct, FieldError> {
    RatePct::parse(raw.get()).map_err(|e| (field, e.to_string()))
}

fn time(field: &'static str, text: &str) -> Result<i64, FieldError> {
    parse_platform(text).map_err(|e| (field, e.to_string()))
}

/// `payMonth` is `yyyyMMdd` as text or number; `0` or empty means not yet.
fn pay_month(raw: Option<&RawValue>) -> Result<Option<BizDay>, FieldError> {
    let Some(raw) = raw else { return Ok(None) };
    let text = raw.get().trim_matches('"');
    if text.is_empty() || text == "0" || text == "null" {
        return Ok(None);
    }
    text.parse::<i64>()
        .ok()
        .and_then(BizDay::from_int)
        .map(Some)
        .ok_or_else(|| ("payMonth", format!("不是 yyyyMMdd 日期: {text}")))
}

impl WireRow<'_> {
    fn into_row(self) -> Result<OrderRow, FieldError> {
        let sub_union_id = match self.sub_union_id.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(SubUnionId::parse(text).map_err(|e| ("subUnionId", e.to_string()))?),
        };
        let finish_time = match self.finish_time.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(time("finishTime", text)?),
        };
        Ok(OrderRow {
            id: RowId(self.id),
            order_id: OrderId(self.order_id),
            parent_id: self.parent_id,
            order_time: time("orderTime", &self.order_time)?,
            finish_time,
            modify_time: time("modifyTime", &self.modify_time)?,
            sku_id: self.sku_id,
            sku_name: self.sku_name,
            sku_num: self.sku_num,
            sku_return_num: self.sku_return_num,
            sku_frozen_num: self.sku_frozen_num,
            price: money("price", self.price)?,
            cid1: self.cid1,
            commission_rate: rate("commissionRate", self.commission_rate)?,
            final_rate: rate("finalRate", self.final_rate)?,
            estimate_cos_price: money("estimateCosPrice", self.estimate_cos_price)?,
            estimate_fee: money("estimateFee", self.estimate_fee)?,
            actual_cos_price: money("actualCosPrice", self.actual_cos_price)?,
            actual_fee: money("actualFee", self.actual_fee)?,
            pay_month: pay_month(self.pay_month)?,
            union_id: self.union_id,
            position_id: (self.position_id > 0).then_some(PositionId(self.position_id)),
            sub_union_id,
            plus: self.plus != 0,
            valid_code: ValidCode(self.valid_code),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(inner: &str) -> String {
        serde_json::json!({ ORDER_ROW_RESPONSE: { "code": "0", "queryResult": inner } }).to_string()
    }

    const ROW: &str = r#"{"id":301,"orderId":280,"orderTime":"2026-11-11 20:15:00","finishTime":"","modifyTime":"2026-11-11 20:15:00",
        "skuId":5,"skuName":"坚果","skuNum":2,"price":0.29,"commissionRate":10.5,"finalRate":90,
        "estimateCosPrice":0.58,"estimateFee":"0.05","actualCosPrice":0,"actualFee":0,"payMonth":"20261220",
        "positionId":3001,"subUnionId":"p1001","validCode":16}"#;

    #[test]
    fn parses_doubly_encoded_rows_exactly() {
        let inner = format!(r#"{{"code":200,"message":"success","hasMore":true,"data":[{ROW}]}}"#);
        let page = parse_order_page(&envelope(&inner)).unwrap();
        assert!(page.has_more);
        let row = &page.rows[0];
        assert_eq!(row.price.fen(), 29);
        assert_eq!(row.estimate_cos_price.fen(), 58);
        assert_eq!(row.estimate_fee.fen(), 5);
        assert_eq!(row.commission_rate.hundredths(), 1050);
        assert_eq!(row.pay_month, BizDay::from_int(20261220));
        assert_eq!(row.finish_time, None);
        assert_eq!(row.sub_union_id.as_ref().map(SubUnionId::as_str), Some("p1001"));
    }

    #[test]
    fn gateway_and_business_errors_are_told_apart() {
        let gateway = r#"{"error_response":{"code":"12","zh_desc":"无效签名","en_desc":"Invalid signature"}}"#;
        assert!(matches!(parse_order_page(gateway), Err(JdError::Gateway { code, .. }) if code == "12"));
        let business = envelope(r#"{"code":2002452,"message":"too many"}"#);
        assert!(matches!(parse_order_page(&business), Err(JdError::Business { code: 2002452, .. })));
    }

    #[test]
    fn a_bad_field_names_the_row_and_field() {
        let bad = ROW.replace(r#""estimateFee":"0.05""#, r#""estimateFee":"0.055""#);
        let inner = format!(r#"{{"code":200,"hasMore":false,"data":[{bad}]}}"#);
        let Err(JdError::Malformed(message)) = parse_order_page(&envelope(&inner)) else {
            panic!("expected malformed")
        };
        assert!(message.contains("第 1 行") && message.contains("estimateFee") && message.contains("301"), "{message}");
    }

    #[test]
    fn a_truncated_body_is_malformed() {
        let inner = format!(r#"{{"code":200,"hasMore":false,"data":[{ROW}]}}"#);
        let full = envelope(&inner);
        assert!(matches!(parse_order_page(&full[..full.len() / 2]), Err(JdError::Malformed(_))));
    }
}
