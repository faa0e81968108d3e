//! JD's wire format: the outer envelope, the JSON string inside it, and
//! order rows whose amounts are read as decimal text into exact fen.

use super::flex::{FlexBool, FlexInt, FlexText};
use crate::model::{
    parse_platform, BizDay, Money, OrderId, OrderRow, Platform, PositionId, RatePct, RejectedRow, RowId, Settlement,
    SubUnionId, ValidCode,
};
use crate::platform::PlatformError;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::BTreeMap;

const ORDER_ROW_RESPONSE: &str = "jd_union_open_order_row_query_responce";

/// Bounds on what one order line can plausibly hold. A value past one sets
/// its row aside instead of reaching a sum: no amount the platform sends
/// can wrap an integer or break a report.
pub mod bounds {
    /// One line's price or commission: at most 100 million yuan, in fen.
    pub const MAX_AMOUNT_FEN: i64 = 10_000_000_000;
    /// Units on one line.
    pub const MAX_UNITS: i64 = 1_000_000;
    /// Rates are percentages, held as hundredths.
    pub const MAX_RATE_HUNDREDTHS: i64 = 10_000;
    pub const MAX_SKU_NAME_CHARS: usize = 500;
    /// 2000-01-01 and 2100-01-01, Beijing time.
    pub const EARLIEST_TIME: i64 = 946_656_000;
    pub const LATEST_TIME: i64 = 4_102_416_000;
    /// Settlement days in one row's `balanceExt`: two years of monthly
    /// settlements, far more than a refund after settlement adds.
    pub const MAX_SETTLEMENTS: usize = 24;
}

pub struct OrderPage {
    pub has_more: bool,
    pub rows: Vec<OrderRow>,
    /// Rows that could not be read, kept whole so nothing is lost.
    pub rejected: Vec<RejectedRow>,
}

/// Unwraps `{"<method>_responce": {"code": "0", "<result_key>": "<json>"}}`,
/// or turns `error_response` into a gateway error. The documentation's
/// examples spell the key `_response` and nest the result as an object
/// rather than a string; both are read.
pub fn unwrap_envelope(body: &str, response_key: &str, result_key: &str) -> Result<String, PlatformError> {
    let outer: Value =
        serde_json::from_str(body).map_err(|e| PlatformError::Malformed(format!("响应不是完整的 JSON ({e})")))?;
    if let Some(error) = outer.get("error_response") {
        let text = |key: &str| match error.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        return Err(PlatformError::Gateway { code: text("code"), zh: text("zh_desc"), en: text("en_desc") });
    }
    let documented_key = response_key.replace("_responce", "_response");
    let response = outer
        .get(response_key)
        .or_else(|| outer.get(&documented_key))
        .ok_or_else(|| PlatformError::Malformed(format!("响应缺少 {response_key}")))?;
    let code = response.get("code").map(|c| c.as_str().map(str::to_owned).unwrap_or_else(|| c.to_string()));
    // The documented examples leave the gateway code out.
    if code.as_deref().is_some_and(|code| code != "0") {
        return Err(PlatformError::Gateway {
            code: code.unwrap_or_default(),
            zh: "网关返回非零代码".to_owned(),
            en: "non-zero gateway code".to_owned(),
        });
    }
    match response.get(result_key) {
        Some(Value::String(inner)) => Ok(inner.clone()),
        Some(inner @ Value::Object(_)) => Ok(inner.to_string()),
        _ => Err(PlatformError::Malformed(format!("响应缺少 {result_key}"))),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct QueryResult<'a> {
    code: FlexInt,
    #[serde(default)]
    message: FlexText,
    #[serde(default)]
    has_more: FlexBool,
    #[serde(default, borrow)]
    data: Option<&'a RawValue>,
}

pub fn parse_order_page(body: &str) -> Result<OrderPage, PlatformError> {
    let inner = unwrap_envelope(body, ORDER_ROW_RESPONSE, "queryResult")?;
    let result: QueryResult<'_> =
        serde_json::from_str(&inner).map_err(|e| PlatformError::Malformed(format!("queryResult 无法解析 ({e})")))?;
    if result.code.0 != 200 {
        return Err(PlatformError::Business { code: result.code.0, message: result.message.0 });
    }
    let mut page = OrderPage { has_more: result.has_more.0, rows: Vec::new(), rejected: Vec::new() };
    for raw in row_values(result.data)? {
        match read_row(raw) {
            Ok(row) => page.rows.push(row),
            Err(rejected) => page.rejected.push(rejected),
        }
    }
    Ok(page)
}

/// `data` is an array of rows in live answers; the documentation shows an
/// object holding one row (or an array) under `orderRowResp`.
fn row_values(data: Option<&RawValue>) -> Result<Vec<&RawValue>, PlatformError> {
    let Some(data) = data else { return Ok(Vec::new()) };
    let unreadable = |e: serde_json::Error| PlatformError::Malformed(format!("data 无法解析 ({e})"));
    match data.get().trim_start().as_bytes().first() {
        Some(b'[') => serde_json::from_str(data.get()).map_err(unreadable),
        Some(b'{') => {
            let members: Vec<(String, &RawValue)> = serde_json::from_str::<BTreeMap<String, &RawValue>>(data.get())
                .map_err(unreadable)?
                .into_iter()
                .collect();
            let mut rows = Vec::new();
            for (_, member) in members {
                if member.get().trim_start().starts_with('[') {
                    rows.extend(serde_json::from_str::<Vec<&RawValue>>(member.get()).map_err(unreadable)?);
                } else {
                    rows.push(member);
                }
            }
            Ok(rows)
        }
        _ if data.get() == "null" => Ok(Vec::new()),
        _ => Err(PlatformError::Malformed("data 既不是数组也不是对象".to_owned())),
    }
}

/// Reads one row, or sets it aside whole with the field and the reason.
pub fn read_row(raw: &RawValue) -> Result<OrderRow, RejectedRow> {
    let reject = |field: Option<&'static str>, reason: String| RejectedRow {
        row_id: wire_id(raw),
        raw: raw.get().to_owned(),
        field: field.map(str::to_owned),
        reason,
    };
    let wire: WireRow<'_> = serde_json::from_str(raw.get()).map_err(|e| reject(None, e.to_string()))?;
    wire.into_row().map_err(|(field, reason)| reject(Some(field), reason))
}

/// The row's `id`, when it can be told even though the row cannot be read.
fn wire_id(raw: &RawValue) -> Option<RowId> {
    #[derive(Deserialize)]
    struct JustId {
        id: FlexInt,
    }
    serde_json::from_str::<JustId>(raw.get()).ok().map(|j| RowId(j.id.0)).filter(|id| id.0 > 0)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireRow<'a> {
    id: FlexInt,
    order_id: FlexInt,
    #[serde(default)]
    parent_id: FlexInt,
    order_time: String,
    #[serde(default)]
    finish_time: Option<String>,
    modify_time: String,
    sku_id: FlexInt,
    #[serde(default)]
    sku_name: String,
    sku_num: FlexInt,
    #[serde(default)]
    sku_return_num: FlexInt,
    #[serde(default)]
    sku_frozen_num: FlexInt,
    #[serde(borrow)]
    price: &'a RawValue,
    #[serde(default)]
    cid1: FlexInt,
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
    #[serde(default, borrow)]
    balance_ext: Option<&'a RawValue>,
    #[serde(default)]
    union_id: FlexInt,
    #[serde(default)]
    position_id: FlexInt,
    #[serde(default)]
    sub_union_id: Option<FlexText>,
    #[serde(default)]
    plus: FlexInt,
    valid_code: FlexInt,
}

type FieldError = (&'static str, String);

fn money(field: &'static str, raw: &RawValue) -> Result<Money, FieldError> {
    let amount = Money::parse_yuan(raw.get()).map_err(|e| (field, e.to_string()))?;
    if amount.fen().abs() > bounds::MAX_AMOUNT_FEN {
        return Err((field, format!("金额 {amount} 超出合理范围 (out of bounds)")));
    }
    Ok(amount)
}

fn rate(field: &'static str, raw: &RawValue) -> Result<RatePct, FieldError> {
    let rate = RatePct::parse(raw.get()).map_err(|e| (field, e.to_string()))?;
    if !(0..=bounds::MAX_RATE_HUNDREDTHS).contains(&rate.hundredths()) {
        return Err((field, format!("比例 {rate}% 不在 0–100% 之间 (out of bounds)")));
    }
    Ok(rate)
}

fn units(field: &'static str, value: FlexInt) -> Result<i64, FieldError> {
    if !(0..=bounds::MAX_UNITS).contains(&value.0) {
        return Err((field, format!("数量 {} 超出合理范围 (out of bounds)", value.0)));
    }
    Ok(value.0)
}

fn positive_id(field: &'static str, value: FlexInt) -> Result<i64, FieldError> {
    if value.0 <= 0 {
        return Err((field, format!("编号 {} 不是正数 (not a positive id)", value.0)));
    }
    Ok(value.0)
}

fn time(field: &'static str, text: &str) -> Result<i64, FieldError> {
    let at = parse_platform(text).map_err(|e| (field, e.to_string()))?;
    if !(bounds::EARLIEST_TIME..bounds::LATEST_TIME).contains(&at) {
        return Err((field, format!("时间 {text} 超出合理范围 (out of bounds)")));
    }
    Ok(at)
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

/// `balanceExt`: what the platform settles of the row on each day, in
/// every shape it comes in: live answers send a JSON object as text
/// (`"{\"20191020\":10,\"20191120\":-2}"`), the published document prints
/// `"{20191020:10,20191120:-2}"`, which is not JSON, and an object may come
/// unwrapped; empty, `null` or absent means nothing settled yet. One reader
/// takes them all: braces around `day:amount` pairs, either side quoted or
/// not. Amounts are yuan (its `10` is ten yuan), read exactly into fen
/// like `actualFee`: the platform's document gives them no unit of their
/// own and gives every other amount of a row in yuan, and the settled and
/// clawed-back amounts are parts of `actualFee`, so they share its unit.
/// Sorted by day; a repeated day, a day that is not a `yyyyMMdd` in the
/// platform's range, an amount out of bounds or past two decimals, or more
/// than [`bounds::MAX_SETTLEMENTS`] days sets the row aside.
fn balance_ext(raw: Option<&RawValue>) -> Result<Vec<Settlement>, FieldError> {
    let unreadable = |what: &str| ("balanceExt", format!("无法读取结算明细: {} (unreadable)", shortened(what)));
    let Some(raw) = raw else { return Ok(Vec::new()) };
    let text = raw.get().trim();
    let decoded: std::borrow::Cow<'_, str> = match text.as_bytes().first() {
        Some(b'"') => serde_json::from_str(text).map_err(|_| unreadable(text))?,
        Some(b'{') => text.into(),
        _ if text == "null" => return Ok(Vec::new()),
        _ => return Err(unreadable(text)),
    };
    let object = decoded.trim();
    if object.is_empty() {
        return Ok(Vec::new());
    }
    let body = object
        .strip_prefix('{')
        .and_then(|rest| rest.strip_suffix('}'))
        .map(str::trim)
        .ok_or_else(|| unreadable(object))?;
    if body.is_empty() {
        return Ok(Vec::new());
    }
    let mut settlements = Vec::new();
    for (index, pair) in body.split(',').enumerate() {
        if index == bounds::MAX_SETTLEMENTS {
            return Err(("balanceExt", format!("结算明细超过 {} 天 (too many days)", bounds::MAX_SETTLEMENTS)));
        }
        let (day, amount) = pair.split_once(':').ok_or_else(|| unreadable(pair))?;
        settlements.push(Settlement { day: settlement_day(unquoted(day))?, fee: settlement_fee(unquoted(amount))? });
    }
    settlements.sort_unstable_by_key(|s| s.day);
    if let Some(pair) = settlements.windows(2).find(|pair| pair[0].day == pair[1].day) {
        return Err(("balanceExt", format!("结算日 {} 出现两次 (repeated day)", pair[0].day.as_int())));
    }
    Ok(settlements)
}

/// A key or value of `balanceExt` without its quotes, when it has both.
fn unquoted(text: &str) -> &str {
    let text = text.trim();
    text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(text)
}

/// A settlement day: eight digits, a real day, within the platform's years.
fn settlement_day(text: &str) -> Result<BizDay, FieldError> {
    let day = Some(text)
        .filter(|t| t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|t| t.parse::<i64>().ok())
        .and_then(BizDay::from_int)
        .filter(|day| (bounds::EARLIEST_TIME..bounds::LATEST_TIME).contains(&day.start()));
    day.ok_or_else(|| ("balanceExt", format!("结算日不是 yyyyMMdd 日期: {} (not a day)", shortened(text))))
}

/// A settlement amount in yuan, within the bounds of any other amount.
fn settlement_fee(text: &str) -> Result<Money, FieldError> {
    let fee = Money::parse_yuan(text).ok().filter(|fee| fee.fen().abs() <= bounds::MAX_AMOUNT_FEN);
    fee.ok_or_else(|| ("balanceExt", format!("结算金额不是合理的金额: {} (not an amount in bounds)", shortened(text))))
}

/// What a reason quotes of a value, at most a few dozen characters: a
/// hostile value must not fill the set-aside list.
fn shortened(text: &str) -> String {
    const QUOTED_CHARS: usize = 40;
    match text.char_indices().nth(QUOTED_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// The settlements worth keeping: none when `balanceExt` only repeats
/// what the row says (one entry, `actualFee` on `payMonth`).
fn beyond_plain(settlements: Vec<Settlement>, pay_month: Option<BizDay>, actual_fee: Money) -> Option<Vec<Settlement>> {
    match settlements.as_slice() {
        [] => None,
        [only] if Some(only.day) == pay_month && only.fee == actual_fee => None,
        _ => Some(settlements),
    }
}

impl WireRow<'_> {
    fn into_row(self) -> Result<OrderRow, FieldError> {
        let sub_union_id = match self.sub_union_id.as_ref().map(|t| t.0.trim()) {
            None | Some("") => None,
            Some(text) => Some(SubUnionId::parse(text).map_err(|e| ("subUnionId", e.to_string()))?),
        };
        let finish_time = match self.finish_time.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(time("finishTime", text)?),
        };
        if self.sku_name.chars().count() > bounds::MAX_SKU_NAME_CHARS {
            return Err(("skuName", format!("商品名超过 {} 个字 (too long)", bounds::MAX_SKU_NAME_CHARS)));
        }
        let mut row = OrderRow {
            id: RowId(positive_id("id", self.id)?),
            order_id: OrderId(positive_id("orderId", self.order_id)?),
            parent_id: self.parent_id.0,
            order_time: time("orderTime", &self.order_time)?,
            finish_time,
            modify_time: time("modifyTime", &self.modify_time)?,
            sku_id: self.sku_id.0,
            sku_name: self.sku_name,
            sku_num: units("skuNum", self.sku_num)?,
            sku_return_num: units("skuReturnNum", self.sku_return_num)?,
            sku_frozen_num: units("skuFrozenNum", self.sku_frozen_num)?,
            price: money("price", self.price)?,
            cid1: self.cid1.0,
            commission_rate: rate("commissionRate", self.commission_rate)?,
            final_rate: rate("finalRate", self.final_rate)?,
            estimate_cos_price: money("estimateCosPrice", self.estimate_cos_price)?,
            estimate_fee: money("estimateFee", self.estimate_fee)?,
            actual_cos_price: money("actualCosPrice", self.actual_cos_price)?,
            actual_fee: money("actualFee", self.actual_fee)?,
            pay_month: pay_month(self.pay_month)?,
            union_id: self.union_id.0,
            position_id: (self.position_id.0 > 0).then_some(PositionId(self.position_id.0)),
            sub_union_id,
            plus: self.plus.0 != 0,
            valid_code: ValidCode(self.valid_code.0),
            settlements: None,
            platform: Platform::Jd,
            platform_key: None,
            order_key: None,
            platform_status: None,
            platform_place: None,
            platform_person: None,
        };
        row.settlements = beyond_plain(balance_ext(self.balance_ext)?, row.pay_month, row.actual_fee);
        Ok(row)
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
        assert!(matches!(parse_order_page(gateway), Err(PlatformError::Gateway { code, .. }) if code == "12"));
        let business = envelope(r#"{"code":2002452,"message":"too many"}"#);
        assert!(matches!(parse_order_page(&business), Err(PlatformError::Business { code: 2002452, .. })));
    }

    fn page_of(rows: &[&str]) -> OrderPage {
        let inner = format!(r#"{{"code":200,"hasMore":false,"data":[{}]}}"#, rows.join(","));
        parse_order_page(&envelope(&inner)).unwrap()
    }

    #[test]
    fn a_bad_row_is_set_aside_whole_and_the_rest_of_the_page_reads() {
        let bad = ROW.replace(r#""estimateFee":"0.05""#, r#""estimateFee":"0.055""#).replace("301", "302");
        let page = page_of(&[ROW, &bad]);
        assert_eq!(page.rows.len(), 1);
        let [rejected] = page.rejected.as_slice() else { panic!("one set aside") };
        assert_eq!(rejected.row_id, Some(RowId(302)));
        assert_eq!(rejected.field.as_deref(), Some("estimateFee"));
        assert!(rejected.reason.contains("0.055"), "{}", rejected.reason);
        assert_eq!(rejected.raw, bad, "kept exactly as it came");
    }

    #[test]
    fn a_row_without_a_readable_id_is_still_kept() {
        let page = page_of(&[r#"{"id":"x","what":"not a row"}"#, "42"]);
        assert!(page.rows.is_empty());
        assert_eq!(page.rejected.len(), 2);
        assert!(page.rejected.iter().all(|r| r.row_id.is_none() && r.field.is_none()));
    }

    #[test]
    fn values_past_their_bounds_set_the_row_aside() {
        let cases = [
            (r#""price":0.29"#, r#""price":"999999999999.00""#, "price"),
            (r#""commissionRate":10.5"#, r#""commissionRate":150"#, "commissionRate"),
            (r#""skuNum":2"#, r#""skuNum":-1"#, "skuNum"),
            (r#""skuNum":2"#, r#""skuNum":99999999999"#, "skuNum"),
            (r#""orderTime":"2026-11-11 20:15:00""#, r#""orderTime":"1970-01-01 08:00:00""#, "orderTime"),
            (r#""subUnionId":"p1001""#, r#""subUnionId":"p1001.x""#, "subUnionId"),
            (r#""id":301"#, r#""id":0"#, "id"),
        ];
        for (from, to, field) in cases {
            let page = page_of(&[&ROW.replace(from, to)]);
            assert!(page.rows.is_empty(), "{to} was accepted");
            assert_eq!(page.rejected[0].field.as_deref(), Some(field), "{to}");
        }
        let long_name = ROW.replace("坚果", &"坚".repeat(bounds::MAX_SKU_NAME_CHARS + 1));
        assert_eq!(page_of(&[&long_name]).rejected[0].field.as_deref(), Some("skuName"));
    }

    /// The published API document's example answer, as printed: the
    /// result as an object, every number as text, `hasMore` as text, one
    /// row under `orderRowResp`, `balanceExt` that is not JSON.
    const DOCUMENTED: &str = r#"{"jd_union_open_order_row_query_response":{"queryResult":{"code":"200","data":{"orderRowResp":{
        "commissionRate":"5.0","estimateCosPrice":"54.0","orderId":"108618000005","validCode":"16",
        "sign":"B44C0FC3F104167FEC8A53DFD2B26E40","estimateFee":"2.43","pid":"618_618_618","cpActId":"0","rid":"37843",
        "orderEmt":"2","skuName":"朴坊 WAZZUPbaby 变色龙盲盒第三弹","popId":"709982","orderTime":"2020-01-02 15:50:16",
        "modifyTime":"2020-01-02 16:01:03","payMonth":"0","giftCouponOcsAmount":"0","price":"69.0",
        "unionTag":"00000000000000000000000000000001","cid2":"11158","id":"415900297816660001","cid3":"11969",
        "finalRate":"90.0","actualFee":"0.0","cid1":"1620","skuId":"44303679033","skuFrozenNum":"0","ext1":"hello_world",
        "finishTime":"2020-01-03 15:59:16","subsidyRate":"0.0","unionAlias":"**平台","unionId":"1000618618",
        "giftCouponKey":"xxx_coupon_key","parentId":"0","plus":"0",
        "categoryInfo":{"cid1Name":"珠宝首饰","cid2Name":"木手串/把件","cid2":"2","cid3Name":"其他","cid3":"3","cid1":"1"},
        "subUnionId":"331967","unionRole":"1","skuReturnNum":"0","traceType":"2","positionId":"0","actualCosPrice":"0.0",
        "balanceExt":"{20191020:10,20191120:-2}","siteId":"61866","proPriceAmount":"6.18","expressStatus":"10","skuNum":"1",
        "subSideRate":"90.0","goodsInfo":{"owner":"g","mainSkuId":"6161111","productId":"1236547","shopName":"XXXX旗舰店","shopId":"45619"}
    }},"hasMore":"true","message":"success"}}}"#;

    #[test]
    fn a_row_exactly_as_the_documentation_shows_it_reads() {
        let page = parse_order_page(DOCUMENTED).unwrap();
        assert!(page.rejected.is_empty(), "{:?}", page.rejected);
        assert!(page.has_more);
        let row = &page.rows[0];
        assert_eq!(row.id, RowId(415_900_297_816_660_001));
        assert_eq!(row.order_id, OrderId(108_618_000_005));
        assert_eq!(row.estimate_cos_price.fen(), 5_400);
        assert_eq!(row.estimate_fee.fen(), 243);
        assert_eq!(row.commission_rate.hundredths(), 500);
        assert_eq!(row.valid_code, ValidCode(16));
        assert_eq!(row.pay_month, None);
        assert!(row.finish_time.is_some());
        assert_eq!(row.sub_union_id.as_ref().map(SubUnionId::as_str), Some("331967"));
        assert_eq!(row.settlements, Some(vec![settled(20191020, 1_000), settled(20191120, -200)]));
    }

    fn settled(day: i64, fen: i64) -> Settlement {
        Settlement { day: BizDay::from_int(day).unwrap(), fee: Money::from_fen(fen) }
    }

    /// [`ROW`], settled on its pay month (20261220) for 1.50 yuan, with
    /// `balanceExt` given as `ext` (raw JSON).
    fn settled_row(ext: &str) -> String {
        ROW.replace(r#""actualFee":0"#, r#""actualFee":"1.50""#)
            .replace(r#""validCode":16"#, &format!(r#""validCode":17,"balanceExt":{ext}"#))
    }

    #[test]
    fn balance_ext_reads_in_every_shape_it_comes_in() {
        let clawed_back = Some(vec![settled(20261220, 150), settled(20270120, -50)]);
        let cases = [
            ("\"\"", None),
            ("null", None),
            ("\"{}\"", None),
            ("\" \"", None),
            // Only what the row already says: one entry, actualFee on payMonth.
            (r#""{\"20261220\":1.5}""#, None),
            (r#"{"20261220":"1.50"}"#, None),
            (r#""{\"20261220\":1.5,\"20270120\":-0.5}""#, clawed_back.clone()),
            (r#""{20270120:-0.50, 20261220:1.50}""#, clawed_back.clone()),
            (r#"{"20261220":1.5,"20270120":"-0.5"}"#, clawed_back),
            // One entry that is not the plain one is kept.
            (r#""{\"20261120\":1.5}""#, Some(vec![settled(20261120, 150)])),
            (r#""{20261220:1}""#, Some(vec![settled(20261220, 100)])),
        ];
        for (ext, expected) in cases {
            let page = page_of(&[&settled_row(ext)]);
            assert!(page.rejected.is_empty(), "{ext}: {:?}", page.rejected);
            assert_eq!(page.rows[0].settlements, expected, "{ext}");
        }
        let absent = page_of(&[ROW]);
        assert_eq!(absent.rows[0].settlements, None);
    }

    #[test]
    fn a_hostile_balance_ext_sets_the_row_aside_with_a_short_reason() {
        let too_many: Vec<String> = (1..=25).map(|day| format!("202612{day:02}:1")).collect();
        let just_enough = format!("\"{{{}}}\"", too_many[..24].join(","));
        assert_eq!(page_of(&[&settled_row(&just_enough)]).rows[0].settlements.as_ref().map(Vec::len), Some(24));
        let huge_number = format!("\"{{20261220:{}}}\"", "9".repeat(100_000));
        let cases = [
            format!("\"{{{}}}\"", too_many.join(",")),
            huge_number,
            r#"{"20261220":{"20261220":1}}"#.to_owned(),
            r#""{\"20261220\":[1]}""#.to_owned(),
            r#""{20261320:1}""#.to_owned(),
            r#""{19991231:1}""#.to_owned(),
            r#""{21000101:1}""#.to_owned(),
            r#""{2026122:1}""#.to_owned(),
            r#""{+2026122:1}""#.to_owned(),
            r#""{20261220:1.555}""#.to_owned(),
            r#""{20261220:abc}""#.to_owned(),
            r#""{20261220:1e3}""#.to_owned(),
            r#""{20261220:999999999999}""#.to_owned(),
            r#""{20261220:1,20261220:2}""#.to_owned(),
            r#""{20261220}""#.to_owned(),
            r#""{20261220:1,}""#.to_owned(),
            r#""20261220:1""#.to_owned(),
            "[1,2]".to_owned(),
            "5".to_owned(),
            "true".to_owned(),
        ];
        for ext in &cases {
            let page = page_of(&[&settled_row(ext)]);
            assert!(page.rows.is_empty(), "{:.80} was accepted", ext);
            let rejected = &page.rejected[0];
            assert_eq!(rejected.field.as_deref(), Some("balanceExt"), "{:.80}: {}", ext, rejected.reason);
            assert!(rejected.reason.chars().count() < 120, "{}", rejected.reason);
        }
    }

    #[test]
    fn a_truncated_body_is_malformed() {
        let inner = format!(r#"{{"code":200,"hasMore":false,"data":[{ROW}]}}"#);
        let full = envelope(&inner);
        assert!(matches!(parse_order_page(&full[..full.len() / 2]), Err(PlatformError::Malformed(_))));
    }
}
