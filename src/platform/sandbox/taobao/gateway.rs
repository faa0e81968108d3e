//! `/router/rest`: TOP's system parameters (app key, `md5` or `hmac`
//! signature, a GMT+8 or epoch-millisecond timestamp within ten minutes),
//! then `taobao.tbk.order.details.get` with its limits and codes: a window
//! over 3 h (20 min in a big promotion) is `15/2007`, a start older than 90
//! days `15/2004`, a page after the first needs the `position_index` the
//! page before returned (`15/1008` otherwise), `page_no` ≤ 100, and the
//! answer comes in the `simplify` shape asked for. Pages are cut by the
//! cursor's key (update time, trade number), so a row updated mid-walk
//! leaves the window without shifting the rows after it.
//! `taobao.tbk.order.refund.get` takes the same query as one JSON field
//! (`publisher_refund_order_query_option`), with the same limits, codes and
//! paging, and answers the 维权 whose chosen time lies in the window.
//! `taobao.tbk.dg.punish.order.get` takes `af_order_option` (a start and a
//! span in days, at most 30, else `15/isv.invalid-parameter:span`) and
//! answers the punishments of the trades created in it, paged by number
//! with a `total_count`, inside `result` with a `result_code`.

use super::dataset::{
    tech_service_pre_fee_fen, Dispute, DisputeState, Penalty, Person, TaobaoDataset, TbRow, TbState, ALIMAMA_RATE,
    PUB_ID, SITE_ID,
};
use crate::model::{format_platform, parse_platform, BizDay, EpochSecs};
use crate::platform::sandbox::faults::Faults;
use crate::platform::sandbox::gateway::{Credentials, HORIZON_SECS};
use crate::platform::taobao::sign::{sign, SignMethod};
use crate::platform::taobao::{DG_PUNISH_ORDER_GET, ORDER_DETAILS_GET, ORDER_REFUND_GET};
use chrono::Datelike;
use md5::{Digest, Md5};
use serde_json::{json, Value};
use std::collections::BTreeMap;

const MAX_CLOCK_SKEW_SECS: i64 = 600;
pub const MAX_WINDOW_SECS: i64 = 3 * 3600;
/// 618, 双11 and 年货节 shorten the window to 20 minutes.
pub const PROMOTION_WINDOW_SECS: i64 = 20 * 60;
const MAX_PAGE_NO: i64 = 100;
const MAX_PAGE_SIZE: i64 = 100;
const DEFAULT_PAGE_SIZE: i64 = 20;
/// The refund query's one business field.
const REFUND_OPTION: &str = "publisher_refund_order_query_option";
/// The punish query's one business field.
const PUNISH_OPTION: &str = "af_order_option";
/// The longest span of a punish query, in days, as the current
/// documentation reads it (an older text reads seconds, at most an hour).
pub const MAX_PUNISH_SPAN_DAYS: i64 = 30;
const DAY: i64 = 86_400;

/// What one method accepts of the query the two share.
struct Accepts {
    method: &'static str,
    query_types: std::ops::RangeInclusive<i64>,
    order_scenes: std::ops::RangeInclusive<i64>,
}

/// `order_scene=1`: every order; 2 (渠道) and 3 (会员) narrow it.
const ALL_ORDERS: i64 = 1;
/// 1 创建, 2 付款, 3 结算, 4 更新; 1 常规, 2 渠道, 3 会员.
const DETAILS: Accepts = Accepts { method: ORDER_DETAILS_GET, query_types: 1..=4, order_scenes: 1..=3 };
/// 1 维权发起, 2 结算, 3 维权完成, 4 创建, 5 更新; 1 全部订单 only.
const REFUNDS: Accepts = Accepts { method: ORDER_REFUND_GET, query_types: 1..=5, order_scenes: 1..=1 };

/// How one answer deviates from the textbook, as the real platform does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quirks {
    /// Rows one window may match before the answer is `15/2007`.
    pub row_cap: usize,
    /// A page after the first also carries the row before its cursor.
    pub repeat_previous_row: bool,
    /// Which rows are sent unreadable (`Faults::is_bad_row`).
    pub bad_row_share: f64,
    /// `has_next` is always true.
    pub endless_pages: bool,
    /// The longest window accepted.
    pub window_secs: i64,
    /// This answer refuses even a right cursor, as a cursor gone stale does.
    pub stale_cursor: bool,
    /// Rows of every order (`order_scene=1`) name their `relation_id` and
    /// `special_id` too. One source says only the 渠道 and 会员 scenes do
    /// (PLATFORMS.md, part B), which is the default here.
    pub people_in_every_scene: bool,
}

/// A refusal in TOP's shape; business errors are `code 15` with the
/// business code as `sub_code`.
pub fn error_response(code: i64, msg: &str, sub: Option<(&str, &str)>) -> String {
    let mut error = json!({ "code": code, "msg": msg, "request_id": super::super::replies::request_id() });
    if let Some((sub_code, sub_msg)) = sub {
        error["sub_code"] = json!(sub_code);
        error["sub_msg"] = json!(sub_msg);
    }
    json!({ "error_response": error }).to_string()
}

fn business(sub_code: &str, sub_msg: &str) -> String {
    error_response(15, "Remote service error", Some((sub_code, sub_msg)))
}

pub fn handle(
    dataset: &TaobaoDataset,
    credentials: &Credentials,
    now: EpochSecs,
    quirks: Quirks,
    params: &BTreeMap<String, String>,
) -> String {
    if let Err(refusal) = check_system_params(credentials, now, params) {
        return refusal;
    }
    match params["method"].as_str() {
        ORDER_DETAILS_GET => order_details(dataset, &credentials.app_key, now, quirks, params),
        ORDER_REFUND_GET => order_refunds(dataset, &credentials.app_key, now, quirks, params),
        DG_PUNISH_ORDER_GET => punished_orders(dataset, now, quirks, params),
        _ => error_response(22, "Invalid method", None),
    }
}

fn check_system_params(
    credentials: &Credentials,
    now: EpochSecs,
    params: &BTreeMap<String, String>,
) -> Result<(), String> {
    for (required, code, msg) in [
        ("method", 21, "Missing method"),
        ("sign", 24, "Missing signature"),
        ("app_key", 28, "Missing app key"),
        ("timestamp", 30, "Missing timestamp"),
        ("v", 32, "Missing version"),
        ("sign_method", 40, "Missing required arguments:sign_method"),
    ] {
        if params.get(required).is_none_or(|v| v.is_empty()) {
            return Err(error_response(code, msg, None));
        }
    }
    if params["app_key"] != credentials.app_key {
        return Err(error_response(29, "Invalid app Key", None));
    }
    let method = match params["sign_method"].as_str() {
        "md5" => SignMethod::Md5,
        "hmac" => SignMethod::Hmac,
        _ => return Err(error_response(41, "Invalid arguments:sign_method", None)),
    };
    if !params["sign"].eq_ignore_ascii_case(&sign(&credentials.app_secret, params, method)) {
        return Err(error_response(25, "Invalid signature", None));
    }
    match timestamp(&params["timestamp"]) {
        Some(at) if (at - now).abs() <= MAX_CLOCK_SKEW_SECS => {}
        _ => return Err(error_response(31, "Invalid timestamp", None)),
    }
    if params.get("format").map(String::as_str) != Some("json") {
        return Err(error_response(41, "Invalid arguments:format (this sandbox answers json only)", None));
    }
    Ok(())
}

/// `yyyy-MM-dd HH:mm:ss` in GMT+8, or epoch milliseconds as the official
/// Python SDK sends.
fn timestamp(text: &str) -> Option<EpochSecs> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().ok().map(|ms| ms / 1000);
    }
    parse_platform(text).ok()
}

/// What a request asks for, once its parameters were read.
struct Query {
    method: &'static str,
    query_type: i64,
    start: EpochSecs,
    end: EpochSecs,
    page_no: i64,
    page_size: i64,
    jump_type: i64,
    tk_status: Option<i64>,
    order_scene: i64,
}

/// The query in `params` (the form's fields, or the refund option's), with
/// the window, horizon, page and cursor-direction checks both methods share.
fn read_query(
    params: &BTreeMap<String, String>,
    now: EpochSecs,
    quirks: Quirks,
    accepts: &Accepts,
) -> Result<Query, String> {
    let number = |key: &str, default: i64| number(params, key, default);
    let (start, end) = match (params.get("start_time"), params.get("end_time")) {
        (Some(s), Some(e)) => match (parse_platform(s), parse_platform(e)) {
            (Ok(s), Ok(e)) => (s, e),
            _ => return Err(business("2000", "时间格式错误")),
        },
        _ => return Err(business("2000", "开始时间和结束时间不能为空")),
    };
    if start >= end {
        return Err(business("2001", "开始时间应小于结束时间"));
    }
    if start > now {
        return Err(business("2002", "开始时间不能大于当前时间"));
    }
    if end - start > quirks.window_secs {
        return Err(business("2007", "查询时间跨度超出限制"));
    }
    if start < now - HORIZON_SECS {
        return Err(business("2004", "开始时间应该大于最近90天"));
    }
    let query = Query {
        method: accepts.method,
        query_type: number("query_type", 1)?,
        start,
        end,
        page_no: number("page_no", 1)?,
        page_size: number("page_size", DEFAULT_PAGE_SIZE)?,
        jump_type: number("jump_type", 1)?,
        tk_status: params.get("tk_status").filter(|v| !v.is_empty()).map(|_| number("tk_status", 0)).transpose()?,
        order_scene: number("order_scene", 1)?,
    };
    if !accepts.query_types.contains(&query.query_type) || !accepts.order_scenes.contains(&query.order_scene) {
        return Err(error_response(41, "Invalid arguments:query_type/order_scene", None));
    }
    if !(1..=MAX_PAGE_NO).contains(&query.page_no) || !(1..=MAX_PAGE_SIZE).contains(&query.page_size) {
        return Err(error_response(41, "Invalid arguments:page_no/page_size", None));
    }
    if ![-1, 1].contains(&query.jump_type) {
        return Err(business("1005", "jump_type 参数错误"));
    }
    if query.tk_status.is_some_and(|s| ![3, 11, 12, 13, 14].contains(&s)) {
        return Err(business("1006", "tk_status 参数错误"));
    }
    Ok(query)
}

/// A whole-number parameter, `default` when absent or empty.
fn number(params: &BTreeMap<String, String>, key: &str, default: i64) -> Result<i64, String> {
    match params.get(key).map(|v| v.trim()) {
        None | Some("") => Ok(default),
        Some(v) => v.parse::<i64>().map_err(|_| error_response(41, &format!("Invalid arguments:{key}"), None)),
    }
}

/// Where a row sits in the walk: its time for the query and its trade (or
/// 维权) number.
type Key = (EpochSecs, i64);

/// One page of a walk over rows matched in key order.
struct Page<'a, T> {
    rows: &'a [(Key, T)],
    has_next: bool,
    cursor: String,
}

/// The page `query` asks for out of `matches`, with the cursor rules both
/// methods share: page 1 needs none, a later one the cursor of the page
/// before it (`1008` otherwise), and a window matching more rows than
/// `quirks.row_cap` is `2007`.
fn page<'a, T>(
    matches: &'a [(Key, T)],
    query: &Query,
    position: &str,
    app_key: &str,
    quirks: Quirks,
) -> Result<Page<'a, T>, String> {
    if matches.len() > quirks.row_cap {
        return Err(business("2007", "查询结果过多，请缩小时间范围"));
    }
    let rows: &[(Key, T)] = if query.page_no == 1 {
        &matches[..matches.len().min(query.page_size as usize)]
    } else {
        let expected_page = query.page_no - query.jump_type;
        let Some((first, last)) = read_cursor(position, app_key, query, expected_page).filter(|_| !quirks.stale_cursor)
        else {
            return Err(business("1008", "position_index 参数错误"));
        };
        let size = query.page_size as usize;
        if query.jump_type == 1 {
            let from = matches.partition_point(|(key, _)| *key <= last);
            let from = if quirks.repeat_previous_row { from.saturating_sub(1) } else { from };
            &matches[from..(from + size).min(matches.len())]
        } else {
            let to = matches.partition_point(|(key, _)| *key < first);
            &matches[to.saturating_sub(size)..to]
        }
    };
    let has_next =
        quirks.endless_pages || rows.last().is_some_and(|(last, _)| matches.last().is_some_and(|(end, _)| end > last));
    let cursor = match (rows.first(), rows.last()) {
        (Some((first, _)), Some((last, _))) => make_cursor(app_key, query, query.page_no, *first, *last),
        _ => String::new(),
    };
    Ok(Page { rows, has_next, cursor })
}

/// The answer both methods share, in the `simplify` shape `params` asks
/// for: `{response: {data: {results_key: {dto: [..]}, ..}}}`, or the rows
/// bare under `results_key` when simplified.
fn answer<T>(
    names: [&str; 3],
    query: &Query,
    page: &Page<'_, T>,
    rows: Vec<Value>,
    params: &BTreeMap<String, String>,
) -> String {
    let [response, results_key, dto] = names;
    let simplify = params.get("simplify").is_some_and(|v| v == "true");
    let results = match rows.as_slice() {
        _ if simplify => Value::Array(rows),
        // Now and then a lone row comes as an object rather than an array of one.
        [lone] if page.rows[0].0 .1 % 2 == 0 => json!({ dto: lone }),
        _ => json!({ dto: rows }),
    };
    json!({
        response: {
            "data": {
                results_key: results,
                "has_next": page.has_next,
                "has_pre": query.page_no > 1,
                "position_index": page.cursor,
                "page_no": query.page_no,
                "page_size": query.page_size,
            },
            "request_id": super::super::replies::request_id(),
        }
    })
    .to_string()
}

fn order_details(
    dataset: &TaobaoDataset,
    app_key: &str,
    now: EpochSecs,
    quirks: Quirks,
    params: &BTreeMap<String, String>,
) -> String {
    let query = match read_query(params, now, quirks, &DETAILS) {
        Ok(query) => query,
        Err(refusal) => return refusal,
    };
    let matches = matching_rows(dataset, &query, now);
    let position = params.get("position_index").map(String::as_str).unwrap_or("");
    let page = match page(&matches, &query, position, app_key, quirks) {
        Ok(page) => page,
        Err(refusal) => return refusal,
    };
    let rows: Vec<Value> = page
        .rows
        .iter()
        .map(|(_, (index, state))| {
            let row = &dataset.rows[*index as usize];
            let rendered = render_row(dataset, row, state, quirks.bad_row_share);
            match quirks.people_in_every_scene || query.order_scene != ALL_ORDERS {
                true => named(dataset, row, rendered),
                false => rendered,
            }
        })
        .collect();
    let names = ["tbk_order_details_get_response", "results", "publisher_order_dto"];
    answer(names, &query, &page, rows, params)
}

/// Rows whose time for the query lies in `[start, end)` as of `now`, in
/// key order, with their state.
fn matching_rows(dataset: &TaobaoDataset, query: &Query, now: EpochSecs) -> Vec<(Key, (u32, TbState))> {
    let end = query.end.min(now);
    if query.start >= end {
        return Vec::new();
    }
    let first = dataset.events.partition_point(|(at, _)| *at < query.start);
    let mut found: Vec<(Key, (u32, TbState))> = dataset.events[first..]
        .iter()
        .take_while(|(at, _)| *at < end)
        .filter_map(|&(at, index)| {
            let row = &dataset.rows[index as usize];
            let state = dataset.state_at(row, now)?;
            let time = match query.query_type {
                1 => Some(state.create_time),
                2 => state.paid_time,
                3 => state.earning_time,
                _ => Some(state.modified_time),
            };
            let scene = match query.order_scene {
                ALL_ORDERS => true,
                2 => matches!(row.person, super::dataset::Person::Relation(_)),
                3 => matches!(row.person, super::dataset::Person::Special(_)),
                _ => true,
            };
            let status = query.tk_status.is_none_or(|s| s == state.tk_status);
            (time == Some(at) && scene && status).then_some(((at, row.trade_id), (index, state)))
        })
        .collect();
    found.sort_unstable_by_key(|(key, _)| *key);
    found.dedup_by_key(|(key, _)| *key);
    found
}

/// A 维权 matched by a refund query, with its row's state and its own.
struct Refund<'a> {
    dispute: &'a Dispute,
    row: TbState,
    shown: DisputeState,
}

fn order_refunds(
    dataset: &TaobaoDataset,
    app_key: &str,
    now: EpochSecs,
    quirks: Quirks,
    params: &BTreeMap<String, String>,
) -> String {
    let option = match json_option(params, REFUND_OPTION) {
        Ok(option) => option,
        Err(refusal) => return refusal,
    };
    let query = match read_query(&option, now, quirks, &REFUNDS) {
        Ok(query) => query,
        Err(refusal) => return refusal,
    };
    match number(&option, "member_type", 4) {
        Ok(1 | 2 | 4) => {}
        Ok(_) => return error_response(41, "Invalid arguments:member_type", None),
        Err(refusal) => return refusal,
    }
    let matches = matching_refunds(dataset, &query, now);
    let position = option.get("position_index").map(String::as_str).unwrap_or("");
    let page = match page(&matches, &query, position, app_key, quirks) {
        Ok(page) => page,
        Err(refusal) => return refusal,
    };
    let rows: Vec<Value> =
        page.rows.iter().map(|(_, refund)| render_refund(dataset, refund, quirks.bad_row_share)).collect();
    let names = ["tbk_order_refund_get_response", "result", "publisher_refund_order_d_t_o"];
    answer(names, &query, &page, rows, params)
}

/// A query's one JSON field `name` (the refund and punish queries'), read
/// as the form's fields would be (numbers as their text), so every method
/// checks it alike.
fn json_option(params: &BTreeMap<String, String>, name: &str) -> Result<BTreeMap<String, String>, String> {
    let invalid = || error_response(41, &format!("Invalid arguments:{name}"), None);
    let Some(text) = params.get(name).filter(|t| !t.trim().is_empty()) else {
        return Err(error_response(40, &format!("Missing required arguments:{name}"), None));
    };
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(text) else {
        return Err(invalid());
    };
    let mut option = BTreeMap::new();
    for (key, value) in fields {
        let text = match value {
            Value::String(text) => text,
            Value::Number(number) => number.to_string(),
            Value::Null => continue,
            _ => return Err(invalid()),
        };
        option.insert(key, text);
    }
    Ok(option)
}

/// 维权 whose time for the query lies in `[start, end)` as of `now`, in
/// key order. A 维权 is a few percent of the rows, so they are all looked at.
fn matching_refunds<'a>(dataset: &'a TaobaoDataset, query: &Query, now: EpochSecs) -> Vec<(Key, Refund<'a>)> {
    let end = query.end.min(now);
    let mut found: Vec<(Key, Refund<'a>)> = dataset
        .disputes
        .iter()
        .filter_map(|dispute| {
            let shown = dispute.state_at(now)?;
            let row = dataset.state_at(&dataset.rows[dispute.row as usize], now)?;
            let time = match query.query_type {
                1 => Some(shown.refund_time),
                2 => row.earning_time,
                3 => shown.suit_time,
                4 => Some(row.create_time),
                _ => Some(shown.modified_time),
            }?;
            (query.start..end)
                .contains(&time)
                .then_some(((time, dispute.refund_suit_id), Refund { dispute, row, shown }))
        })
        .collect();
    found.sort_unstable_by_key(|(key, _)| *key);
    found
}

/// `first|last` keys of a page, like the platform's
/// `1555904214_lGltNdNvSX2|1555917305_lJfPMeFmdt2`, with a tag binding
/// them to the query and page they came from.
fn make_cursor(app_key: &str, query: &Query, page_no: i64, first: Key, last: Key) -> String {
    let tag = cursor_tag(app_key, query, page_no, first, last);
    format!("{}_{}|{}_{}_{tag}", first.0, first.1, last.0, last.1)
}

fn read_cursor(text: &str, app_key: &str, query: &Query, page_no: i64) -> Option<(Key, Key)> {
    let (first, last) = text.split_once('|')?;
    let (first_at, first_id) = first.split_once('_')?;
    let mut last = last.splitn(3, '_');
    let (last_at, last_id, tag) = (last.next()?, last.next()?, last.next()?);
    let first = (first_at.parse().ok()?, first_id.parse().ok()?);
    let last = (last_at.parse().ok()?, last_id.parse().ok()?);
    (cursor_tag(app_key, query, page_no, first, last) == tag).then_some((first, last))
}

fn cursor_tag(app_key: &str, query: &Query, page_no: i64, first: Key, last: Key) -> String {
    let text = format!(
        "{app_key}|{}|{}|{}|{}|{}|{:?}|{}|{page_no}|{first:?}|{last:?}",
        query.method, query.query_type, query.start, query.end, query.order_scene, query.tk_status, query.page_size
    );
    Md5::digest(text.as_bytes()).iter().take(5).map(|b| format!("{b:02x}")).collect()
}

/// Yuan as the platform's decimal text, or as a JSON number where the row sends numbers.
fn yuan(fen: i64, number: bool) -> Value {
    if number {
        yuan_number(fen)
    } else {
        json!(format!("{}{}.{:02}", if fen < 0 { "-" } else { "" }, fen.abs() / 100, fen.abs() % 100))
    }
}

/// Yuan as a JSON number with two decimals at most. `fen` is exact as an
/// f64 (far below 2^53) and IEEE division rounds correctly, so this is the
/// f64 nearest to the decimal `fen / 100`, the very one parsing its text
/// gives; serde_json prints the shortest text that reads back to it, which
/// is never longer than that two-decimal text.
fn yuan_number(fen: i64) -> Value {
    json!(fen as f64 / 100.0)
}

/// A percentage in hundredths as the platform's text (`"9.99"`).
fn percent(hundredths: i64) -> Value {
    json!(format!("{}.{:02}", hundredths / 100, hundredths % 100))
}

fn time_text(at: Option<EpochSecs>) -> Value {
    json!(at.map(format_platform).unwrap_or_default())
}

fn render_row(dataset: &TaobaoDataset, row: &TbRow, state: &TbState, bad_row_share: f64) -> Value {
    let item = &dataset.items[row.item as usize];
    let numbers = row.numbers;
    let adzone = dataset.adzones[usize::from(row.adzone)];
    let fields: Vec<(&str, Value)> = vec![
        ("trade_id", json!(row.trade_id.to_string())),
        ("trade_parent_id", json!(row.parent_id.to_string())),
        ("tp_order_id", json!("")),
        ("item_id", json!(item.id.to_string())),
        ("item_title", json!(item.name)),
        ("item_img", json!(format!("//img.alicdn.com/i{}.jpg", item.id))),
        ("item_link", json!(format!("https://item.taobao.com/item.htm?id={}", item.id))),
        ("item_category_name", json!("食品")),
        ("seller_nick", json!("团长好物店")),
        ("seller_shop_title", json!("团长好物旗舰店")),
        ("item_price", yuan(item.price_fen, numbers)),
        ("item_num", json!(row.item_num)),
        ("alipay_total_price", yuan(state.alipay_total_fen, numbers)),
        ("pay_price", yuan(state.pay_price_fen, numbers)),
        ("tb_gmv_total_price", yuan(state.alipay_total_fen, numbers)),
        ("total_commission_rate", percent(item.rate)),
        ("total_commission_fee", yuan(state.fee_fen, numbers)),
        ("income_rate", percent(item.rate)),
        ("pub_share_rate", json!("100.00")),
        ("tk_total_rate", percent(item.rate)),
        ("pub_share_pre_fee", yuan(state.pre_fee_fen, numbers)),
        ("pub_share_fee", yuan(state.fee_fen, numbers)),
        ("alimama_rate", percent(ALIMAMA_RATE)),
        ("alimama_share_fee", yuan(state.alimama_fen, numbers)),
        // Inside this sub-object the amounts are JSON numbers, as in real answers.
        (
            "alimm_share_info_dto",
            json!({
                "alimm_tech_service_pre_fee": yuan_number(tech_service_pre_fee_fen(state.pre_fee_fen)),
                "alimm_tech_service_fee": yuan_number(state.alimama_fen),
                "alimm_agent_service_fee": 0,
            }),
        ),
        ("subsidy_rate", json!("0.00")),
        ("subsidy_fee", json!("0.00")),
        ("tk_status", json!(state.tk_status)),
        ("refund_tag", json!(i32::from(state.refund_tag))),
        ("tk_create_time", time_text(Some(state.create_time))),
        ("click_time", time_text(Some(state.create_time - 300))),
        ("tb_paid_time", time_text(state.paid_time)),
        ("tk_paid_time", time_text(state.paid_time)),
        ("tk_earning_time", time_text(state.earning_time)),
        ("modified_time", time_text(Some(state.modified_time))),
        ("adzone_id", json!(adzone)),
        ("adzone_name", json!(format!("推广位{}", row.adzone + 1))),
        ("site_id", json!(SITE_ID)),
        ("site_name", json!("团长工作台")),
        ("pub_id", json!(PUB_ID)),
        ("tk_order_role", json!(2)),
        ("order_type", json!("天猫")),
        ("flow_source", json!("--")),
        ("terminal_type", json!("无线")),
    ];
    let mut rendered: Value =
        fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<serde_json::Map<_, _>>().into();
    if Faults::is_bad_row(bad_row_share, row.trade_id) {
        rendered["pub_share_pre_fee"] = json!("0.555");
    }
    rendered
}

/// `rendered` naming whose link the row came through, as the platform
/// names it on the row and on its 维权: `relation_id` (渠道) or
/// `special_id` (会员), or neither.
fn named(dataset: &TaobaoDataset, row: &TbRow, mut rendered: Value) -> Value {
    match row.person {
        super::dataset::Person::Relation(_) => rendered["relation_id"] = json!(dataset.person_id(row.person)),
        super::dataset::Person::Special(_) => rendered["special_id"] = json!(dataset.person_id(row.person)),
        super::dataset::Person::Nobody => {}
    }
    rendered
}

/// A 维权 as `publisher_refund_order_d_t_o`. It is unreadable exactly when
/// its order row is (`Faults::is_bad_row` on the trade), so a client that
/// sets the row aside sets its 维权 aside with it.
fn render_refund(dataset: &TaobaoDataset, refund: &Refund<'_>, bad_row_share: f64) -> Value {
    let Refund { dispute, row: state, shown } = refund;
    let row = &dataset.rows[dispute.row as usize];
    let amounts = dispute.amounts(state);
    let money = |fen: i64| yuan(fen, row.numbers);
    let mut rendered = named(
        dataset,
        row,
        json!({
        "refund_suit_id": dispute.refund_suit_id.to_string(),
        "tb_trade_parent_id": row.parent_id.to_string(),
        "tb_trade_id": row.trade_id.to_string(),
        "tb_trade_create_time": time_text(Some(state.create_time)),
        "earning_time": time_text(state.earning_time),
        "tk_refund_time": time_text(Some(shown.refund_time)),
        "tk_refund_suit_time": time_text(shown.suit_time),
        "modified_time": time_text(Some(shown.modified_time)),
        "item_title": dataset.items[row.item as usize].name,
        "tk_order_role": 2,
        "tb_trade_finish_price": money(amounts.finish_price),
        "refund_fee": money(amounts.refund),
        "pub_share_fee": money(amounts.pub_share),
        "tk_commission_fee_refund": money(amounts.commission),
        "tk_subsidy_fee_refund": money(0),
        "tk_commission_alimm_refund_fee": money(amounts.commission_alimm),
        "tk_subsidy_alimm_refund_fee": money(0),
        "tk_commission_agent_refund_fee": money(0),
        "tk_subsidy_agent_refund_fee": money(0),
        "show_return_fee": money(amounts.shown),
        "refund_status": shown.refund_status,
        }),
    );
    if Faults::is_bad_row(bad_row_share, row.trade_id) {
        rendered["tk_commission_fee_refund"] = json!("0.555");
    }
    rendered
}

/// What a punish query asks for, once its option was read.
struct PunishQuery {
    start: EpochSecs,
    span_days: i64,
    page_no: i64,
    page_size: i64,
}

/// A punishment matched by a punish query, with its row's state and its
/// `punish_status` at the time of asking.
struct Punished<'a> {
    penalty: &'a Penalty,
    row: TbState,
    status: i64,
}

fn punished_orders(
    dataset: &TaobaoDataset,
    now: EpochSecs,
    quirks: Quirks,
    params: &BTreeMap<String, String>,
) -> String {
    let query = match json_option(params, PUNISH_OPTION).and_then(|option| read_punish_query(&option, now)) {
        Ok(query) => query,
        Err(refusal) => return refusal,
    };
    let matches = matching_penalties(dataset, &query, now);
    let size = query.page_size as usize;
    let from = ((query.page_no - 1) as usize).saturating_mul(size);
    let from = if quirks.repeat_previous_row { from.saturating_sub(1) } else { from };
    let page = &matches[from.min(matches.len())..(from.saturating_add(size)).min(matches.len())];
    let rows: Vec<Value> = page.iter().map(|p| render_punishment(dataset, p, quirks.bad_row_share)).collect();
    let simplify = params.get("simplify").is_some_and(|v| v == "true");
    let results = match (rows.as_slice(), page) {
        _ if simplify => Value::Array(rows),
        // Now and then a lone row comes as an object rather than an array of one.
        ([lone], [only]) if only.penalty.row % 2 == 0 => json!({ "result": lone }),
        _ => json!({ "result": rows }),
    };
    json!({
        "tbk_dg_punish_order_get_response": {
            "result": {
                "data": {
                    "page_no": query.page_no,
                    "page_size": query.page_size,
                    "total_count": matches.len(),
                    "results": results,
                },
                "result_code": 0,
                "result_msg": "success",
            },
            "request_id": super::super::replies::request_id(),
        }
    })
    .to_string()
}

/// `af_order_option`: a start (淘客订单创建时间) no older than 90 days, a
/// span of 1–30 days, `page_no` ≥ 1 and `page_size` 1–100.
fn read_punish_query(option: &BTreeMap<String, String>, now: EpochSecs) -> Result<PunishQuery, String> {
    let start = match option.get("start_time").map(|s| parse_platform(s)) {
        Some(Ok(start)) => start,
        Some(Err(_)) => return Err(business("2000", "时间格式错误")),
        None => return Err(business("2000", "开始时间不能为空")),
    };
    if start > now {
        return Err(business("2002", "开始时间不能大于当前时间"));
    }
    if start < now - HORIZON_SECS {
        return Err(business("2004", "开始时间应该大于最近90天"));
    }
    let span_days = number(option, "span", 0)?;
    if !(1..=MAX_PUNISH_SPAN_DAYS).contains(&span_days) {
        let sub = ("isv.invalid-parameter:span", "查询时间跨度不能超过30天");
        return Err(error_response(15, "Remote service error", Some(sub)));
    }
    let query = PunishQuery {
        start,
        span_days,
        page_no: number(option, "page_no", 1)?,
        page_size: number(option, "page_size", DEFAULT_PAGE_SIZE)?,
    };
    if query.page_no < 1 || !(1..=MAX_PAGE_SIZE).contains(&query.page_size) {
        return Err(error_response(41, "Invalid arguments:page_no/page_size", None));
    }
    Ok(query)
}

/// Punishments visible at `now` whose trade was created in the span
/// `[start, start + span)`, by creation time and trade number. A
/// punishment is a fraction of a percent of the rows, so they are all
/// looked at.
fn matching_penalties<'a>(dataset: &'a TaobaoDataset, query: &PunishQuery, now: EpochSecs) -> Vec<Punished<'a>> {
    let end = query.start + query.span_days * DAY;
    let mut found: Vec<Punished<'a>> = dataset
        .penalties
        .iter()
        .filter_map(|penalty| {
            let status = penalty.status_at(now)?;
            let row = dataset.state_at(&dataset.rows[penalty.row as usize], now)?;
            (query.start..end).contains(&row.create_time).then_some(Punished { penalty, row, status })
        })
        .collect();
    found.sort_unstable_by_key(|p| (p.row.create_time, dataset.rows[p.penalty.row as usize].trade_id));
    found
}

/// A punishment as the current SDK types its fields: ids as numbers, the
/// two codes as text (as numbers on the rows that send numbers). It is
/// unreadable exactly when its order row is (`Faults::is_bad_row`).
fn render_punishment(dataset: &TaobaoDataset, punished: &Punished<'_>, bad_row_share: f64) -> Value {
    let Punished { penalty, row: state, status } = punished;
    let row = &dataset.rows[penalty.row as usize];
    let code = |code: i64| if row.numbers { json!(code) } else { json!(code.to_string()) };
    let mut rendered = json!({
        "tb_trade_id": row.trade_id,
        "tb_trade_parent_id": row.parent_id,
        "punish_status": code(*status),
        "violation_type": code(penalty.violation),
        "tk_trade_create_time": time_text(Some(state.create_time)),
        "tk_adzone_id": dataset.adzones[usize::from(row.adzone)],
        "tk_site_id": SITE_ID,
        "tk_pub_id": PUB_ID.to_string(),
    });
    if let Some(settled) = state.earning_time.map(|at| BizDay::of(at).date()) {
        rendered["settle_month"] = json!(i64::from(settled.year()) * 100 + i64::from(settled.month()));
    }
    if let Person::Relation(_) = row.person {
        rendered["relation_id"] = json!(dataset.person_id(row.person));
    }
    if Faults::is_bad_row(bad_row_share, row.trade_id) {
        rendered["punish_status"] = json!("冻结");
    }
    rendered
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::sandbox::SandboxConfig;

    /// 2026-11-18, 20:00 in Beijing.
    const NOW: EpochSecs = 1_795_003_200;

    fn credentials() -> Credentials {
        Credentials { app_key: "key".into(), app_secret: "secret".into() }
    }

    fn quirks() -> Quirks {
        Quirks {
            row_cap: usize::MAX,
            repeat_previous_row: false,
            bad_row_share: 0.0,
            endless_pages: false,
            window_secs: MAX_WINDOW_SECS,
            stale_cursor: false,
            people_in_every_scene: false,
        }
    }

    fn dataset() -> TaobaoDataset {
        let mut config = SandboxConfig::new(3, NOW);
        config.rows_per_day = 2_000;
        config.history_days = 2;
        config.future_days = 0;
        TaobaoDataset::generate(&config)
    }

    fn signed(extra: &[(&str, &str)], method: SignMethod, timestamp: &str) -> BTreeMap<String, String> {
        let mut params: BTreeMap<String, String> = [
            ("method", ORDER_DETAILS_GET),
            ("app_key", "key"),
            ("timestamp", timestamp),
            ("format", "json"),
            ("v", "2.0"),
            ("sign_method", method.as_str()),
            ("query_type", "4"),
            ("start_time", "2026-11-18 18:00:00"),
            ("end_time", "2026-11-18 19:00:00"),
            ("page_size", "100"),
        ]
        .iter()
        .chain(extra)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let signature = sign("secret", &params, method);
        params.insert("sign".into(), signature);
        params
    }

    fn ask(dataset: &TaobaoDataset, params: &BTreeMap<String, String>) -> Value {
        ask_at(dataset, NOW, params)
    }

    fn ask_at(dataset: &TaobaoDataset, now: EpochSecs, params: &BTreeMap<String, String>) -> Value {
        serde_json::from_str(&handle(dataset, &credentials(), now, quirks(), params)).unwrap()
    }

    fn trade_ids(answer: &Value) -> Vec<String> {
        let data = &answer["tbk_order_details_get_response"]["data"];
        let rows = match &data["results"] {
            Value::Array(rows) => rows.clone(),
            wrapped => match &wrapped["publisher_order_dto"] {
                Value::Array(rows) => rows.clone(),
                lone => vec![lone.clone()],
            },
        };
        rows.iter().map(|r| r["trade_id"].as_str().unwrap().to_owned()).collect()
    }

    fn code(answer: &Value) -> (i64, Option<String>) {
        let error = &answer["error_response"];
        (error["code"].as_i64().unwrap_or(0), error["sub_code"].as_str().map(str::to_owned))
    }

    /// The rows of one answer's first page.
    fn rows_of(answer: &Value) -> Vec<Value> {
        match &answer["tbk_order_details_get_response"]["data"]["results"] {
            Value::Array(rows) => rows.clone(),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn only_the_channel_and_member_scenes_name_people_unless_told_every_scene_does() {
        let dataset = dataset();
        let beijing = "2026-11-18 20:00:00";
        let ask_scene = |scene: &str, quirks: Quirks| {
            // Twenty minutes: one page holds every row.
            let extra = [("order_scene", scene), ("simplify", "true"), ("end_time", "2026-11-18 18:20:00")];
            let params = signed(&extra, SignMethod::Md5, beijing);
            rows_of(&serde_json::from_str(&handle(&dataset, &credentials(), NOW, quirks, &params)).unwrap())
        };
        let named = |rows: &[Value], field: &str| rows.iter().filter(|r| r.get(field).is_some()).count();
        let all = ask_scene("1", quirks());
        assert!((20..100).contains(&all.len()), "{} rows", all.len());
        assert_eq!((named(&all, "relation_id"), named(&all, "special_id")), (0, 0));
        let channel = ask_scene("2", quirks());
        assert!(!channel.is_empty() && channel.len() < all.len());
        assert_eq!((named(&channel, "relation_id"), named(&channel, "special_id")), (channel.len(), 0));
        let member = ask_scene("3", quirks());
        assert!(!member.is_empty());
        assert_eq!((named(&member, "relation_id"), named(&member, "special_id")), (0, member.len()));
        let every = ask_scene("1", Quirks { people_in_every_scene: true, ..quirks() });
        assert_eq!(every.len(), all.len());
        assert_eq!(named(&every, "relation_id") + named(&every, "special_id"), channel.len() + member.len());
    }

    #[test]
    fn both_sign_methods_pass_and_a_wrong_secret_key_or_clock_is_refused() {
        let dataset = dataset();
        let beijing = "2026-11-18 20:00:00";
        for method in [SignMethod::Md5, SignMethod::Hmac] {
            let answer = ask(&dataset, &signed(&[], method, beijing));
            assert!(answer["tbk_order_details_get_response"].is_object(), "{method:?}: {answer}");
        }
        let epoch_ms = (NOW * 1000 + 999).to_string();
        assert!(ask(&dataset, &signed(&[], SignMethod::Md5, &epoch_ms))["tbk_order_details_get_response"].is_object());
        let mut tampered = signed(&[], SignMethod::Md5, beijing);
        tampered.insert("page_no".into(), "2".into());
        assert_eq!(code(&ask(&dataset, &tampered)), (25, None));
        let mut stranger = signed(&[], SignMethod::Md5, beijing);
        stranger.insert("app_key".into(), "other".into());
        assert_eq!(code(&ask(&dataset, &stranger)), (29, None));
        // A laptop in UTC formatting its own wall time: eight hours off.
        assert_eq!(code(&ask(&dataset, &signed(&[], SignMethod::Md5, "2026-11-18 12:00:00"))), (31, None));
        assert_eq!(code(&ask(&dataset, &signed(&[], SignMethod::Md5, "2026-11-18 20:09:59"))).0, 0);
        assert_eq!(code(&ask(&dataset, &signed(&[], SignMethod::Md5, "2026-11-18 20:10:01"))), (31, None));
    }

    #[test]
    fn windows_starts_and_cursors_are_refused_with_the_platforms_codes() {
        let dataset = dataset();
        let at = "2026-11-18 20:00:00";
        let window = |start: &str, end: &str| signed(&[("start_time", start), ("end_time", end)], SignMethod::Md5, at);
        let too_long = window("2026-11-18 10:00:00", "2026-11-18 13:00:01");
        assert_eq!(code(&ask(&dataset, &too_long)), (15, Some("2007".into())));
        assert_eq!(code(&ask(&dataset, &window("2026-11-18 10:00:00", "2026-11-18 13:00:00"))).0, 0);
        let promotion = Quirks { window_secs: PROMOTION_WINDOW_SECS, ..quirks() };
        let twenty_one = window("2026-11-18 10:00:00", "2026-11-18 10:21:00");
        let answer: Value =
            serde_json::from_str(&handle(&dataset, &credentials(), NOW, promotion, &twenty_one)).unwrap();
        assert_eq!(code(&answer), (15, Some("2007".into())));
        assert_eq!(
            code(&ask(&dataset, &window("2026-08-19 10:00:00", "2026-08-19 11:00:00"))),
            (15, Some("2004".into()))
        );
        let no_cursor = signed(&[("page_no", "2")], SignMethod::Md5, at);
        assert_eq!(code(&ask(&dataset, &no_cursor)), (15, Some("1008".into())));
        let page_101 = signed(&[("page_no", "101")], SignMethod::Md5, at);
        assert_eq!(code(&ask(&dataset, &page_101)).0, 41);
    }

    #[test]
    fn the_cursor_walks_every_row_once_in_either_shape() {
        let dataset = dataset();
        let at = "2026-11-18 20:00:00";
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        let mut page_no = 1;
        loop {
            let page = page_no.to_string();
            let mut extra = vec![
                ("page_no", page.as_str()),
                ("page_size", "20"),
                ("simplify", if page_no % 2 == 0 { "true" } else { "false" }),
            ];
            if let Some(cursor) = &cursor {
                extra.extend([("position_index", cursor.as_str()), ("jump_type", "1")]);
            }
            let answer = ask(&dataset, &signed(&extra, SignMethod::Md5, at));
            let data = &answer["tbk_order_details_get_response"]["data"];
            seen.extend(trade_ids(&answer));
            assert_eq!(data["has_pre"], json!(page_no > 1));
            if data["has_next"] != json!(true) {
                break;
            }
            let next_cursor = data["position_index"].as_str().unwrap();
            if page_no == 1 {
                // A cursor that is not the page before's is refused.
                let skipping =
                    [("page_no", "3"), ("page_size", "20"), ("position_index", next_cursor), ("jump_type", "1")];
                assert_eq!(code(&ask(&dataset, &signed(&skipping, SignMethod::Md5, at))), (15, Some("1008".into())));
            }
            cursor = data["position_index"].as_str().map(str::to_owned);
            page_no += 1;
        }
        assert!(page_no >= 3, "the hour needs several pages");
        let expected = matching_rows(
            &dataset,
            &read_query(&signed(&[], SignMethod::Md5, at), NOW, quirks(), &DETAILS).ok().unwrap(),
            NOW,
        );
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "no row twice");
        assert_eq!(seen.len(), expected.len(), "every row once");
    }

    /// Two days pass between page 1 and the rest: rows updated meanwhile
    /// leave the window, and every row that stayed in it still arrives.
    #[test]
    fn rows_updated_between_pages_leave_without_pushing_others_off_a_page() {
        let dataset = dataset();
        let later = NOW + 2 * 86_400;
        let window = [("start_time", "2026-11-18 17:00:00"), ("end_time", "2026-11-18 20:00:00"), ("page_size", "20")];
        let in_window = |now: EpochSecs| -> std::collections::HashSet<String> {
            let query = read_query(&signed(&window, SignMethod::Md5, "x"), now, quirks(), &DETAILS).ok().unwrap();
            matching_rows(&dataset, &query, now).iter().map(|((_, id), _)| id.to_string()).collect()
        };
        let first = ask_at(&dataset, NOW, &signed(&window, SignMethod::Md5, &format_platform(NOW)));
        let mut seen: std::collections::HashSet<String> = trade_ids(&first).into_iter().collect();
        let mut data = first["tbk_order_details_get_response"]["data"].clone();
        let mut page_no = 1;
        while data["has_next"] == json!(true) {
            page_no += 1;
            let (page, cursor) = (page_no.to_string(), data["position_index"].as_str().unwrap().to_owned());
            let next = [("page_no", page.as_str()), ("position_index", cursor.as_str()), ("jump_type", "1")];
            let params = signed(&[&window[..], &next[..]].concat(), SignMethod::Md5, &format_platform(later));
            let answer = ask_at(&dataset, later, &params);
            seen.extend(trade_ids(&answer));
            data = answer["tbk_order_details_get_response"]["data"].clone();
        }
        let (before, after) = (in_window(NOW), in_window(later));
        assert!(
            page_no >= 4 && after.len() + 10 < before.len(),
            "{page_no} pages, {} then {}",
            before.len(),
            after.len()
        );
        let stayed: Vec<&String> = before.intersection(&after).collect();
        assert!(stayed.iter().all(|id| seen.contains(*id)), "a row that stayed in the window was skipped");
    }

    /// A dataset old enough for many 维权, shared by the refund tests.
    fn refund_dataset() -> &'static TaobaoDataset {
        static DATASET: std::sync::OnceLock<TaobaoDataset> = std::sync::OnceLock::new();
        DATASET.get_or_init(|| {
            let mut config = SandboxConfig::new(3, NOW);
            config.rows_per_day = 2_000;
            config.history_days = 45;
            config.future_days = 0;
            TaobaoDataset::generate(&config)
        })
    }

    fn refund_option(query_type: i64, start: &str, end: &str, page_no: i64, page_size: i64) -> Value {
        json!({
            "query_type": query_type,
            "start_time": start,
            "end_time": end,
            "page_no": page_no,
            "page_size": page_size,
            "member_type": 4,
            "order_scene": 1,
        })
    }

    fn refund_params(option: &Value, extra: &[(&str, &str)]) -> BTreeMap<String, String> {
        json_option_params(ORDER_REFUND_GET, REFUND_OPTION, option, extra)
    }

    /// A signed call of `method` whose query is the one JSON field `field`.
    fn json_option_params(
        method: &str,
        field: &str,
        option: &Value,
        extra: &[(&str, &str)],
    ) -> BTreeMap<String, String> {
        let option = option.to_string();
        let mut params: BTreeMap<String, String> = [
            ("method", method),
            ("app_key", "key"),
            ("timestamp", "2026-11-18 20:00:00"),
            ("format", "json"),
            ("v", "2.0"),
            ("sign_method", "md5"),
            (field, option.as_str()),
        ]
        .iter()
        .chain(extra)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let signature = sign("secret", &params, SignMethod::Md5);
        params.insert("sign".into(), signature);
        params
    }

    /// The rows of a refund answer, checking it comes in the shape asked.
    fn refund_rows(answer: &Value, simplified: bool) -> Vec<Value> {
        let result = &answer["tbk_order_refund_get_response"]["data"]["result"];
        match (simplified, &result["publisher_refund_order_d_t_o"]) {
            (true, _) => result.as_array().unwrap_or_else(|| panic!("simplified: {answer}")).clone(),
            (false, Value::Array(rows)) => rows.clone(),
            (false, lone @ Value::Object(_)) => vec![lone.clone()],
            (false, _) => panic!("wrapped: {answer}"),
        }
    }

    fn fen(amount: &Value) -> i64 {
        match amount {
            Value::String(text) => {
                let (yuan, cents) = text.split_once('.').unwrap();
                assert_eq!(cents.len(), 2, "{text}");
                yuan.parse::<i64>().unwrap() * 100 + cents.parse::<i64>().unwrap()
            }
            number => {
                let text = number.to_string();
                assert!(text.split_once('.').is_none_or(|(_, d)| d.len() <= 2), "{text}");
                (number.as_f64().unwrap() * 100.0).round() as i64
            }
        }
    }

    #[test]
    fn refunds_walk_by_the_cursor_in_either_shape_and_a_missing_or_foreign_cursor_is_1008() {
        let dataset = refund_dataset();
        let (start, end) = ("2026-11-18 17:00:00", "2026-11-18 20:00:00");
        let window = parse_platform(start).unwrap()..parse_platform(end).unwrap();
        let expected: std::collections::BTreeSet<String> = dataset
            .disputes
            .iter()
            .filter(|d| d.state_at(NOW).is_some_and(|s| window.contains(&s.modified_time)))
            .map(|d| d.refund_suit_id.to_string())
            .collect();
        let (mut seen, mut cursor, mut page_no) = (Vec::new(), None::<String>, 1);
        loop {
            let mut option = refund_option(5, start, end, page_no, 3);
            if let Some(cursor) = &cursor {
                option["position_index"] = json!(cursor);
                option["jump_type"] = json!(1);
            }
            let simplified = page_no % 2 == 0;
            let answer = ask(dataset, &refund_params(&option, &[("simplify", &simplified.to_string())]));
            let rows = refund_rows(&answer, simplified);
            seen.extend(rows.iter().map(|r| r["refund_suit_id"].as_str().unwrap().to_owned()));
            let data = &answer["tbk_order_refund_get_response"]["data"];
            assert_eq!((data["page_no"].as_i64(), data["has_pre"].as_bool()), (Some(page_no), Some(page_no > 1)));
            if data["has_next"] != json!(true) {
                break;
            }
            let next = data["position_index"].as_str().unwrap().to_owned();
            if page_no == 1 {
                let mut skipping = refund_option(5, start, end, 3, 3);
                skipping["position_index"] = json!(next);
                skipping["jump_type"] = json!(1);
                let mut bare = refund_option(5, start, end, 2, 3);
                bare["jump_type"] = json!(1);
                let mut forged = bare.clone();
                forged["position_index"] = json!("1795000000_1|1795003000_2_0000000000");
                for refused in [skipping, bare, forged] {
                    assert_eq!(code(&ask(dataset, &refund_params(&refused, &[]))), (15, Some("1008".into())));
                }
                // The details' cursor of the same window does not page the refunds.
                let details = signed(
                    &[("start_time", start), ("end_time", end), ("page_size", "3")],
                    SignMethod::Md5,
                    "2026-11-18 20:00:00",
                );
                let details_cursor =
                    ask(dataset, &details)["tbk_order_details_get_response"]["data"]["position_index"].clone();
                let mut borrowed = refund_option(5, start, end, 2, 3);
                borrowed["position_index"] = details_cursor;
                borrowed["jump_type"] = json!(1);
                assert_eq!(code(&ask(dataset, &refund_params(&borrowed, &[]))), (15, Some("1008".into())));
            }
            cursor = Some(next);
            page_no += 1;
        }
        assert!(page_no >= 3, "the window needs several pages: {}", expected.len());
        let unique: std::collections::BTreeSet<String> = seen.iter().cloned().collect();
        assert_eq!(unique.len(), seen.len(), "no 维权 twice");
        assert_eq!(unique, expected, "every 维权 updated in the window once");
    }

    #[test]
    fn refund_queries_are_refused_with_the_details_codes() {
        let dataset = refund_dataset();
        let refused = |option: &Value| code(&ask(dataset, &refund_params(option, &[])));
        let business = |sub: &str| (15, Some(sub.to_owned()));
        assert_eq!(refused(&refund_option(5, "2026-11-18 10:00:00", "2026-11-18 14:00:00", 1, 100)), business("2007"));
        assert_eq!(refused(&refund_option(5, "2026-11-18 10:00:00", "2026-11-18 13:00:00", 1, 100)).0, 0);
        assert_eq!(refused(&refund_option(1, "2026-08-19 10:00:00", "2026-08-19 11:00:00", 1, 100)), business("2004"));
        assert_eq!(refused(&refund_option(5, "2026-11-18 13:00:00", "2026-11-18 10:00:00", 1, 100)), business("2001"));
        let hour = ("2026-11-18 10:00:00", "2026-11-18 11:00:00");
        for (query_type, page_no, page_size) in [(6, 1, 100), (0, 1, 100), (5, 101, 100), (5, 1, 101), (5, 0, 20)] {
            assert_eq!(refused(&refund_option(query_type, hour.0, hour.1, page_no, page_size)).0, 41);
        }
        for (key, value) in [("member_type", json!(3)), ("order_scene", json!(2)), ("jump_type", json!(2))] {
            let mut option = refund_option(5, hour.0, hour.1, 1, 20);
            option[key] = value;
            assert_ne!(refused(&option).0, 0, "{key}");
        }
        let mut missing = refund_params(&json!({}), &[]);
        missing.remove(REFUND_OPTION);
        let signature = sign("secret", &missing, SignMethod::Md5);
        missing.insert("sign".into(), signature);
        assert_eq!(code(&ask(dataset, &missing)).0, 40);
        assert_eq!(code(&ask(dataset, &refund_params(&json!("not an object"), &[]))).0, 41);
        let mut tampered = refund_params(&refund_option(5, hour.0, hour.1, 1, 20), &[]);
        tampered.insert(REFUND_OPTION.into(), refund_option(5, hour.0, hour.1, 1, 99).to_string());
        assert_eq!(code(&ask(dataset, &tampered)), (25, None));
        let promotion = Quirks { window_secs: PROMOTION_WINDOW_SECS, ..quirks() };
        let params = refund_params(&refund_option(5, hour.0, "2026-11-18 10:21:00", 1, 20), &[]);
        let answer: Value = serde_json::from_str(&handle(dataset, &credentials(), NOW, promotion, &params)).unwrap();
        assert_eq!(code(&answer), business("2007"));
    }

    /// Each query type picks its own time, and each row's amounts add up:
    /// her part and the platform's fee on it make `show_return_fee`, as
    /// text or, on the rows that send numbers, as numbers.
    #[test]
    fn each_query_type_filters_on_its_own_time_and_the_amounts_add_up() {
        let dataset = refund_dataset();
        let fields = ["tk_refund_time", "earning_time", "tk_refund_suit_time", "tb_trade_create_time", "modified_time"];
        let (mut rows_seen, mut as_numbers, mut statuses) = (0, 0, std::collections::BTreeSet::new());
        for (query_type, field) in (1..=5).zip(fields) {
            let mut matched = 0;
            for dispute in dataset.disputes.iter().step_by(40) {
                let Some(shown) = dispute.state_at(NOW) else { continue };
                let Some(row) = dataset.state_at(&dataset.rows[dispute.row as usize], NOW) else { continue };
                let at = [
                    Some(shown.refund_time),
                    row.earning_time,
                    shown.suit_time,
                    Some(row.create_time),
                    Some(shown.modified_time),
                ][query_type as usize - 1];
                let Some(at) = at.filter(|at| *at > NOW - HORIZON_SECS + 3_600) else { continue };
                let (start, end) = (format_platform(at - 3_600), format_platform((at + 3_600).min(NOW)));
                let answer = ask(dataset, &refund_params(&refund_option(query_type, &start, &end, 1, 100), &[]));
                let rows = refund_rows(&answer, false);
                assert!(rows.iter().any(|r| r["refund_suit_id"] == json!(dispute.refund_suit_id.to_string())));
                for rendered in &rows {
                    let time = rendered[field].as_str().unwrap();
                    assert!((start.as_str()..end.as_str()).contains(&time), "{field} {time} in {start}..{end}");
                    let status = rendered["refund_status"].as_i64().unwrap();
                    assert_eq!(rendered["tk_refund_suit_time"] == json!(""), status == 4, "{rendered}");
                    let parts = ["tk_commission_fee_refund", "tk_commission_alimm_refund_fee", "tk_subsidy_fee_refund"]
                        .map(|k| fen(&rendered[k]));
                    assert_eq!(parts[0] + parts[1] + parts[2], fen(&rendered["show_return_fee"]));
                    assert!(parts[0] <= fen(&rendered["pub_share_fee"]) && parts[2] == 0);
                    as_numbers += usize::from(rendered["show_return_fee"].is_number());
                    statuses.insert(status);
                    rows_seen += 1;
                }
                matched += 1;
            }
            assert!(matched > 10, "query type {query_type}: {matched}");
        }
        assert!(as_numbers > 0 && as_numbers * 4 < rows_seen, "{as_numbers} of {rows_seen}");
        assert!([3, 4, 12, 13, 14, 15].iter().all(|s| statuses.contains(s)), "{statuses:?}");
    }

    /// The platform's fee on the estimate is a JSON number with two decimals
    /// at most: the pre-fee's tenth, rounded half up to the fen.
    #[test]
    fn the_estimates_service_fee_comes_as_a_number_of_two_decimals_at_most() {
        for fen in (0..200_000).chain([99_999_999, 123_456_789, 9_007_199_254]) {
            let text = yuan_number(fen).to_string();
            let decimals = text.split_once('.').map_or(0, |(_, d)| d.len());
            assert!(decimals <= 2 && !text.contains('e'), "{fen}: {text}");
            assert_eq!(text.parse::<f64>().unwrap(), fen as f64 / 100.0);
        }
        let dataset = dataset();
        let params = signed(
            &[("start_time", "2026-11-18 17:00:00"), ("end_time", "2026-11-18 20:00:00")],
            SignMethod::Md5,
            "2026-11-18 20:00:00",
        );
        let answer = ask(&dataset, &params);
        let rows = &answer["tbk_order_details_get_response"]["data"]["results"]["publisher_order_dto"];
        let mut odd = 0;
        for row in rows.as_array().unwrap() {
            let pre_fee = fen(&row["pub_share_pre_fee"]);
            let fee = &row["alimm_share_info_dto"]["alimm_tech_service_pre_fee"];
            assert!(fee.is_number());
            assert_eq!(fen(fee), (pre_fee * ALIMAMA_RATE + 5_000) / 10_000, "{row}");
            odd += usize::from(pre_fee % 10 != 0);
        }
        assert!(odd > 10, "pre-fees whose tenth is not a whole fen: {odd}");
    }

    fn punish_params(option: &Value, extra: &[(&str, &str)]) -> BTreeMap<String, String> {
        json_option_params(DG_PUNISH_ORDER_GET, PUNISH_OPTION, option, extra)
    }

    fn punish_option(start: EpochSecs, span: i64, page_no: i64, page_size: i64) -> Value {
        json!({ "start_time": format_platform(start), "span": span, "page_no": page_no, "page_size": page_size })
    }

    /// The page of a punish answer, checking it comes in the shape asked:
    /// its rows and `total_count`.
    fn punish_page(answer: &Value, simplified: bool) -> (Vec<Value>, u64) {
        let result = &answer["tbk_dg_punish_order_get_response"]["result"];
        assert_eq!(result["result_code"], json!(0), "{answer}");
        let results = &result["data"]["results"];
        let rows = match (simplified, &results["result"]) {
            (true, _) => results.as_array().unwrap_or_else(|| panic!("simplified: {answer}")).clone(),
            (false, Value::Array(rows)) => rows.clone(),
            (false, lone @ Value::Object(_)) => vec![lone.clone()],
            (false, _) => panic!("wrapped: {answer}"),
        };
        (rows, result["data"]["total_count"].as_u64().unwrap())
    }

    /// `(tb_trade_id, punish_status)` of the punishments created in
    /// `[start, start + span days)` and visible at `now`, as the dataset decides them.
    fn punished_between(dataset: &TaobaoDataset, start: EpochSecs, span: i64, now: EpochSecs) -> BTreeMap<i64, i64> {
        dataset
            .penalties
            .iter()
            .filter_map(|penalty| {
                let row = &dataset.rows[penalty.row as usize];
                let created = dataset.state_at(row, now)?.create_time;
                let status = penalty.status_at(now)?;
                (start..start + span * DAY).contains(&created).then_some((row.trade_id, status))
            })
            .collect()
    }

    fn code_of(row: &Value) -> i64 {
        match &row["punish_status"] {
            Value::String(text) => text.parse().unwrap(),
            number => number.as_i64().unwrap(),
        }
    }

    /// Pages of 7 in turn in either shape: every punishment of the trades
    /// created in the span once, at its status now, with the same
    /// `total_count` on each page; a page past the end is empty.
    #[test]
    fn punishments_page_by_number_with_their_total_in_either_shape() {
        let dataset = refund_dataset();
        let start = NOW - 30 * DAY;
        let expected = punished_between(dataset, start, 30, NOW);
        let (mut seen, mut page_no, mut as_text) = (BTreeMap::new(), 1, 0);
        loop {
            let simplified = page_no % 2 == 0;
            let params = punish_params(&punish_option(start, 30, page_no, 7), &[("simplify", &simplified.to_string())]);
            let (rows, total) = punish_page(&ask(dataset, &params), simplified);
            assert_eq!(total as usize, expected.len());
            for row in &rows {
                let created = parse_platform(row["tk_trade_create_time"].as_str().unwrap()).unwrap();
                assert!((start..start + 30 * DAY).contains(&created), "{row}");
                assert!([json!(1), json!(2), json!("1"), json!("2")].contains(&row["violation_type"]), "{row}");
                as_text += usize::from(row["punish_status"].is_string());
                assert!(seen.insert(row["tb_trade_id"].as_i64().unwrap(), code_of(row)).is_none(), "twice: {row}");
            }
            if rows.len() < 7 {
                break;
            }
            page_no += 1;
        }
        assert!(page_no >= 4, "{} punishments", expected.len());
        assert_eq!(seen, expected);
        assert!(seen.values().any(|s| *s == 0) && seen.values().any(|s| *s == 1), "{seen:?}");
        assert!(as_text > 0 && as_text < seen.len(), "codes as text on most rows, numbers on some");
        let past = punish_params(&punish_option(start, 30, page_no + 1, 7), &[]);
        assert_eq!(punish_page(&ask(dataset, &past), false), (Vec::new(), expected.len() as u64));
        let week = punished_between(dataset, start, 7, NOW);
        assert!(!week.is_empty() && week.len() < expected.len() && week.keys().all(|t| expected.contains_key(t)));
        let (rows, total) = punish_page(&ask(dataset, &punish_params(&punish_option(start, 7, 1, 100), &[])), false);
        assert_eq!((rows.len(), total as usize), (week.len(), week.len()));
    }

    /// A punishment is not listed before it froze, then 0, then 1 once
    /// lifted, as the clock asking moves.
    #[test]
    fn a_punishment_is_listed_as_the_clock_sees_it() {
        let dataset = refund_dataset();
        let penalty = dataset
            .penalties
            .iter()
            .find(|p| p.frozen > NOW - 40 * DAY && p.unfrozen.is_some_and(|at| at < NOW))
            .expect("a punishment frozen and lifted in the last 40 days");
        let row = &dataset.rows[penalty.row as usize];
        let created = dataset.state_at(row, NOW).unwrap().create_time;
        let unfrozen = penalty.unfrozen.unwrap();
        for (at, status) in
            [(penalty.frozen, None), (penalty.frozen + 1, Some(0)), (unfrozen, Some(0)), (unfrozen + 1, Some(1))]
        {
            // A later entry of the form overrides an earlier one.
            let params = punish_params(&punish_option(created, 1, 1, 100), &[("timestamp", &format_platform(at))]);
            let (rows, _) = punish_page(&ask_at(dataset, at, &params), false);
            let listed = rows.iter().find(|r| r["tb_trade_id"] == json!(row.trade_id)).map(code_of);
            assert_eq!(listed, status, "at {at}");
        }
    }

    #[test]
    fn punish_queries_are_refused_with_the_platforms_codes() {
        let dataset = refund_dataset();
        let refused = |option: &Value| code(&ask(dataset, &punish_params(option, &[])));
        let span = (15, Some("isv.invalid-parameter:span".to_owned()));
        let start = NOW - 40 * DAY;
        assert_eq!(refused(&punish_option(start, 31, 1, 100)), span, "31 days");
        assert_eq!(refused(&punish_option(start, 0, 1, 100)), span);
        assert_eq!(
            refused(&punish_option(start, 3_600, 1, 100)),
            span,
            "an hour in seconds, as the older text reads it"
        );
        let mut no_span = punish_option(start, 30, 1, 100);
        no_span.as_object_mut().unwrap().remove("span");
        assert_eq!(refused(&no_span), span);
        assert_eq!(refused(&punish_option(start, 30, 1, 100)).0, 0);
        assert_eq!(refused(&punish_option(NOW - HORIZON_SECS - 1, 30, 1, 100)), (15, Some("2004".to_owned())));
        assert_eq!(refused(&punish_option(NOW + 60, 1, 1, 100)), (15, Some("2002".to_owned())));
        for (page_no, page_size) in [(0, 100), (1, 0), (1, 101), (-1, 20)] {
            assert_eq!(refused(&punish_option(start, 30, page_no, page_size)).0, 41, "{page_no} {page_size}");
        }
        let mut bad_time = punish_option(start, 30, 1, 100);
        bad_time["start_time"] = json!("2026/10/09");
        assert_eq!(refused(&bad_time), (15, Some("2000".to_owned())));
        let mut missing = punish_params(&json!({}), &[]);
        missing.remove(PUNISH_OPTION);
        let signature = sign("secret", &missing, SignMethod::Md5);
        missing.insert("sign".into(), signature);
        assert_eq!(code(&ask(dataset, &missing)).0, 40);
        assert_eq!(code(&ask(dataset, &punish_params(&json!([1]), &[]))).0, 41);
        let mut tampered = punish_params(&punish_option(start, 30, 1, 100), &[]);
        tampered.insert(PUNISH_OPTION.into(), punish_option(start, 30, 2, 100).to_string());
        assert_eq!(code(&ask(dataset, &tampered)), (25, None));
    }
}
