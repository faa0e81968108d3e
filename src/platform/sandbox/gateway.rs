//! The `/routerjson` gateway: system parameters, signature, timestamp, then
//! the business method, answered in JD's real (doubly encoded) envelopes.

use super::dataset::{Dataset, GenRow, RowState, FINAL_RATE, NO_MEMBER, UNION_ID};
use super::faults::Faults;
use super::positions::{PositionBook, MAX_QUERY_PAGE};
use super::replies::{business_error, request_id};
use crate::model::{format_platform, parse_platform, EpochSecs};
use crate::platform::jd::sign::sign;
use crate::platform::jd::{ORDER_ROW_QUERY, POSITION_CREATE, POSITION_QUERY, PROMOTION_BY_SUB_UNION_ID};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const MAX_PAGE_SIZE: i64 = 500;
const MAX_WINDOW_SECS: i64 = 3600;
pub const HORIZON_SECS: i64 = 90 * 86_400;
const MAX_CLOCK_SKEW_SECS: i64 = 600;

/// A gateway answer before it becomes HTTP.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

pub struct Credentials {
    pub app_key: String,
    pub app_secret: String,
}

/// How one answer deviates from the textbook, as the real platform does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quirks {
    /// Rows one query window may match before the answer is 2002452.
    pub row_cap: usize,
    /// A page after the first also carries the previous page's last row,
    /// as when the set being paged moves between two requests.
    pub repeat_previous_row: bool,
    /// Which rows are sent unreadable (`Faults::is_bad_row`).
    pub bad_row_share: f64,
    /// `hasMore` is always true.
    pub endless_pages: bool,
}

pub fn handle(
    dataset: &Dataset,
    positions: &PositionBook,
    credentials: &Credentials,
    now: EpochSecs,
    quirks: Quirks,
    params: &BTreeMap<String, String>,
) -> Answer {
    let param_json = params.get("360buy_param_json").map(String::as_str);
    match check_system_params(credentials, now, params) {
        Err(error) => error,
        Ok(method) if method == ORDER_ROW_QUERY => envelope(
            "jd_union_open_order_row_query_responce",
            "queryResult",
            order_row_query(dataset, now, quirks, param_json),
        ),
        Ok(method) if method == POSITION_QUERY => {
            envelope("jd_union_open_position_query_responce", "queryResult", position_query(positions, param_json))
        }
        Ok(method) if method == POSITION_CREATE => {
            envelope("jd_union_open_position_create_responce", "createResult", position_create(positions, param_json))
        }
        Ok(method) if method == PROMOTION_BY_SUB_UNION_ID => envelope(
            "jd_union_open_promotion_bysubunionid_get_responce",
            "getResult",
            super::promotion::link(param_json),
        ),
        Ok(method) => gateway_error("21", "方法不存在", &format!("Unknown method: {method}")),
    }
}

fn envelope(response_key: &str, result_key: &str, inner: Value) -> Answer {
    let body = json!({ response_key: { "code": "0", result_key: inner.to_string() } });
    Answer { status: 200, body: body.to_string() }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PositionParam {
    position_req: PositionReq,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PositionReq {
    #[serde(default)]
    page_index: Option<usize>,
    #[serde(default)]
    page_size: Option<usize>,
    #[serde(default)]
    space_name_list: Vec<String>,
}

fn position_request(param_json: Option<&str>) -> Result<PositionReq, Value> {
    match param_json.map(serde_json::from_str::<PositionParam>) {
        Some(Ok(param)) => Ok(param.position_req),
        Some(Err(e)) => Err(business_error(2002400, &format!("参数错误: {e}"))),
        None => Err(business_error(2002400, "参数错误: positionReq 缺失")),
    }
}

fn position_query(positions: &PositionBook, param_json: Option<&str>) -> Value {
    let request = match position_request(param_json) {
        Ok(request) => request,
        Err(error) => return error,
    };
    let (page_index, page_size) = (request.page_index.unwrap_or(1), request.page_size.unwrap_or(MAX_QUERY_PAGE));
    match positions.query(page_index, page_size) {
        Ok((page, total)) => json!({
            "code": 200,
            "message": "success",
            "requestId": request_id(),
            "data": {
                "pageNo": page_index,
                "pageSize": page_size,
                "total": total,
                "result": page.iter().map(|p| json!({ "id": p.id, "siteId": 0, "spaceName": p.name, "type": 4 })).collect::<Vec<_>>(),
            },
        }),
        Err(refusal) => business_error(refusal.code, &refusal.message),
    }
}

fn position_create(positions: &PositionBook, param_json: Option<&str>) -> Value {
    let request = match position_request(param_json) {
        Ok(request) => request,
        Err(error) => return error,
    };
    match positions.create(&request.space_name_list) {
        Ok(created) => json!({
            "code": 200,
            "message": "success",
            "requestId": request_id(),
            "data": {
                "resultList": created.iter().map(|p| (p.name.clone(), json!(p.id))).collect::<serde_json::Map<_, _>>(),
                "siteId": 0,
                "type": 4,
                "unionId": UNION_ID,
            },
        }),
        Err(refusal) => business_error(refusal.code, &refusal.message),
    }
}

fn gateway_error(code: &str, zh: &str, en: &str) -> Answer {
    let body = json!({ "error_response": { "code": code, "zh_desc": zh, "en_desc": en } });
    Answer { status: 200, body: body.to_string() }
}

fn check_system_params<'a>(
    credentials: &Credentials,
    now: EpochSecs,
    params: &'a BTreeMap<String, String>,
) -> Result<&'a str, Answer> {
    for required in ["method", "app_key", "timestamp", "v", "sign_method", "sign", "360buy_param_json"] {
        if params.get(required).is_none_or(|v| v.is_empty()) {
            return Err(gateway_error("1", "缺少必要参数", &format!("Missing required parameter: {required}")));
        }
    }
    if params["app_key"] != credentials.app_key {
        return Err(gateway_error("19", "无效的app_key", "Invalid app_key"));
    }
    if params["sign_method"] != "md5" {
        return Err(gateway_error("1", "不支持的签名方法", "Unsupported sign_method"));
    }
    if !params["sign"].eq_ignore_ascii_case(&sign(&credentials.app_secret, params)) {
        return Err(gateway_error("12", "无效签名", "Invalid signature"));
    }
    match parse_platform(&params["timestamp"]) {
        Ok(at) if (at - now).abs() <= MAX_CLOCK_SKEW_SECS => Ok(params["method"].as_str()),
        _ => Err(gateway_error("43", "时间戳无效或已过期", "Invalid or expired timestamp")),
    }
}

#[derive(Deserialize)]
struct OrderQueryParam {
    #[serde(rename = "orderReq")]
    order_req: OrderReq,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrderReq {
    page_index: i64,
    page_size: i64,
    #[serde(rename = "type")]
    kind: i64,
    start_time: String,
    end_time: String,
}

fn order_row_query(dataset: &Dataset, now: EpochSecs, quirks: Quirks, param_json: Option<&str>) -> Value {
    let request: OrderReq = match param_json.map(serde_json::from_str::<OrderQueryParam>) {
        Some(Ok(param)) => param.order_req,
        Some(Err(e)) => return business_error(2002400, &format!("参数错误: {e}")),
        None => return business_error(2002400, "参数错误: orderReq 缺失"),
    };
    let (start, end) = match (parse_platform(&request.start_time), parse_platform(&request.end_time)) {
        (Ok(s), Ok(e)) if s < e => (s, e),
        _ => return business_error(2002400, "参数错误: startTime/endTime"),
    };
    if end - start > MAX_WINDOW_SECS || start < now - HORIZON_SECS {
        return business_error(2002453, "查询时间范围超出限制：时间跨度最多1小时，且只能查询最近90天");
    }
    if !(1..=MAX_PAGE_SIZE).contains(&request.page_size) || request.page_index < 1 || !(1..=3).contains(&request.kind) {
        return business_error(2002400, "参数错误: pageIndex/pageSize/type");
    }
    let matches = rows_in_window(dataset, request.kind, start, end, now);
    if matches.len() > quirks.row_cap {
        return business_error(2002452, "查询结果超过10000条，请缩小时间范围");
    }
    let from = ((request.page_index - 1) * request.page_size) as usize;
    let to = (from + request.page_size as usize).min(matches.len());
    let from = if quirks.repeat_previous_row { from.saturating_sub(1) } else { from };
    let data: Vec<Value> = matches
        .get(from..to)
        .unwrap_or_default()
        .iter()
        .filter_map(|&i| {
            let row = &dataset.rows[i as usize];
            dataset.state_at(row, now).map(|state| {
                let mut rendered = render_row(dataset, row, &state, now);
                if Faults::is_bad_row(quirks.bad_row_share, row.id) {
                    rendered["estimateFee"] = json!("0.555");
                }
                rendered
            })
        })
        .collect();
    json!({
        "code": 200,
        "message": "success",
        "requestId": request_id(),
        "hasMore": quirks.endless_pages || to < matches.len(),
        "data": data,
    })
}

/// Row indices whose chosen time falls in `[start, end)`, as of `now`, in id
/// order. Type 1 is order time, 2 finish time, 3 update time.
pub fn rows_in_window(dataset: &Dataset, kind: i64, start: EpochSecs, end: EpochSecs, now: EpochSecs) -> Vec<u32> {
    let end = end.min(now);
    if start >= end {
        return Vec::new();
    }
    let first = dataset.events.partition_point(|(at, _)| *at < start);
    let mut found: Vec<u32> = dataset.events[first..]
        .iter()
        .take_while(|(at, _)| *at < end)
        .filter(|(at, i)| {
            let row = &dataset.rows[*i as usize];
            match kind {
                1 => Dataset::order_time(row) == *at,
                2 => dataset.state_at(row, now).and_then(|s| s.finish_time) == Some(*at),
                _ => dataset.state_at(row, now).map(|s| s.modify_time) == Some(*at),
            }
        })
        .map(|(_, i)| *i)
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

fn yuan(fen: i64) -> Value {
    json!(fen as f64 / 100.0)
}

fn rate(hundredths: i64) -> Value {
    json!(hundredths as f64 / 100.0)
}

/// `balanceExt` as live answers send it: a JSON object as text, each
/// settlement day's amount in yuan; empty until the row is settled.
fn balance_ext(state: &RowState, now: EpochSecs) -> String {
    let entries: serde_json::Map<String, Value> =
        state.settlements(now).map(|(day, fen)| (day.to_string(), yuan(fen))).collect();
    if entries.is_empty() {
        String::new()
    } else {
        Value::Object(entries).to_string()
    }
}

fn render_row(dataset: &Dataset, row: &GenRow, state: &RowState, now: EpochSecs) -> Value {
    let sku = &dataset.skus[row.sku as usize];
    let position = &dataset.positions[row.position as usize];
    let sub_union_id =
        if row.member == NO_MEMBER { String::new() } else { dataset.members[row.member as usize].sub_union_id.clone() };
    json!({
        "id": row.id,
        "orderId": row.order_id,
        "parentId": 0,
        "orderTime": format_platform(Dataset::order_time(row)),
        "finishTime": state.finish_time.map(format_platform).unwrap_or_default(),
        "modifyTime": format_platform(state.modify_time),
        "orderEmt": 2,
        "plus": i32::from(row.plus),
        "skuId": sku.id,
        "skuName": sku.name,
        "skuNum": row.sku_num,
        "skuReturnNum": state.sku_return_num,
        "skuFrozenNum": 0,
        "price": yuan(sku.price_fen),
        "cid1": sku.cid1,
        "cid2": sku.cid1 * 10 + 1,
        "cid3": sku.cid1 * 100 + 11,
        "popId": 0,
        "commissionRate": rate(sku.rate),
        "subSideRate": rate(FINAL_RATE),
        "subsidyRate": rate(10_000 - FINAL_RATE),
        "finalRate": rate(FINAL_RATE),
        "estimateCosPrice": yuan(state.estimate_cos_fen),
        "estimateFee": yuan(state.estimate_fee_fen),
        "actualCosPrice": yuan(state.actual_cos_fen),
        "actualFee": yuan(state.actual_fee_fen),
        "payMonth": state.pay_month.map(|m| m.to_string()).unwrap_or_else(|| "0".to_owned()),
        "balanceExt": balance_ext(state, now),
        "unionId": UNION_ID,
        "positionId": position.id,
        "siteId": 0,
        "pid": "",
        "subUnionId": sub_union_id,
        "ext1": "",
        "channelId": 0,
        "rid": 0,
        "unionRole": 2,
        "traceType": 2,
        "validCode": state.valid_code,
    })
}
