//! `/router/rest`: TOP's system parameters (app key, `md5` or `hmac`
//! signature, a GMT+8 or epoch-millisecond timestamp within ten minutes),
//! then `taobao.tbk.order.details.get` with its limits and codes: a window
//! over 3 h (20 min in a big promotion) is `15/2007`, a start older than 90
//! days `15/2004`, a page after the first needs the `position_index` the
//! page before returned (`15/1008` otherwise), `page_no` ≤ 100, and the
//! answer comes in the `simplify` shape asked for. Pages are cut by the
//! cursor's key (update time, trade number), so a row updated mid-walk
//! leaves the window without shifting the rows after it.

use super::dataset::{TaobaoDataset, TbRow, TbState, ALIMAMA_RATE, PUB_ID, SITE_ID};
use crate::model::{format_platform, parse_platform, EpochSecs};
use crate::platform::sandbox::faults::Faults;
use crate::platform::sandbox::gateway::{Credentials, HORIZON_SECS};
use crate::platform::taobao::sign::{sign, SignMethod};
use crate::platform::taobao::ORDER_DETAILS_GET;
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
    query_type: i64,
    start: EpochSecs,
    end: EpochSecs,
    page_no: i64,
    page_size: i64,
    jump_type: i64,
    tk_status: Option<i64>,
    order_scene: i64,
}

fn read_query(params: &BTreeMap<String, String>, now: EpochSecs, quirks: Quirks) -> Result<Query, String> {
    let number = |key: &str, default: i64| match params.get(key).map(|v| v.trim()) {
        None | Some("") => Ok(default),
        Some(v) => v.parse::<i64>().map_err(|_| error_response(41, &format!("Invalid arguments:{key}"), None)),
    };
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
        query_type: number("query_type", 1)?,
        start,
        end,
        page_no: number("page_no", 1)?,
        page_size: number("page_size", DEFAULT_PAGE_SIZE)?,
        jump_type: number("jump_type", 1)?,
        tk_status: params.get("tk_status").filter(|v| !v.is_empty()).map(|_| number("tk_status", 0)).transpose()?,
        order_scene: number("order_scene", 1)?,
    };
    if !(1..=4).contains(&query.query_type) || !(1..=3).contains(&query.order_scene) {
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

/// Where a row sits in the walk: its time for the query and its trade number.
type Key = (EpochSecs, i64);

fn order_details(
    dataset: &TaobaoDataset,
    app_key: &str,
    now: EpochSecs,
    quirks: Quirks,
    params: &BTreeMap<String, String>,
) -> String {
    let query = match read_query(params, now, quirks) {
        Ok(query) => query,
        Err(refusal) => return refusal,
    };
    let matches = matching_rows(dataset, &query, now);
    if matches.len() > quirks.row_cap {
        return business("2007", "查询结果过多，请缩小时间范围");
    }
    let position = params.get("position_index").map(String::as_str).unwrap_or("");
    let chosen: &[(Key, u32, TbState)] = if query.page_no == 1 {
        &matches[..matches.len().min(query.page_size as usize)]
    } else {
        let expected_page = query.page_no - query.jump_type;
        let Some((first, last)) =
            read_cursor(position, app_key, &query, expected_page).filter(|_| !quirks.stale_cursor)
        else {
            return business("1008", "position_index 参数错误");
        };
        let size = query.page_size as usize;
        if query.jump_type == 1 {
            let from = matches.partition_point(|(key, _, _)| *key <= last);
            let from = if quirks.repeat_previous_row { from.saturating_sub(1) } else { from };
            &matches[from..(from + size).min(matches.len())]
        } else {
            let to = matches.partition_point(|(key, _, _)| *key < first);
            &matches[to.saturating_sub(size)..to]
        }
    };
    let has_next = quirks.endless_pages
        || chosen.last().is_some_and(|(last, _, _)| matches.last().is_some_and(|(end, _, _)| end > last));
    let cursor = match (chosen.first(), chosen.last()) {
        (Some((first, _, _)), Some((last, _, _))) => make_cursor(app_key, &query, query.page_no, *first, *last),
        _ => String::new(),
    };
    let simplify = params.get("simplify").is_some_and(|v| v == "true");
    let rows: Vec<Value> = chosen
        .iter()
        .map(|(_, index, state)| render_row(dataset, &dataset.rows[*index as usize], state, quirks.bad_row_share))
        .collect();
    let results = match rows.as_slice() {
        _ if simplify => Value::Array(rows),
        // Now and then a lone row comes as an object rather than an array of one.
        [lone] if chosen[0].0 .1 % 2 == 0 => json!({ "publisher_order_dto": lone }),
        _ => json!({ "publisher_order_dto": rows }),
    };
    json!({
        "tbk_order_details_get_response": {
            "data": {
                "results": results,
                "has_next": has_next,
                "has_pre": query.page_no > 1,
                "position_index": cursor,
                "page_no": query.page_no,
                "page_size": query.page_size,
            },
            "request_id": super::super::replies::request_id(),
        }
    })
    .to_string()
}

/// Rows whose time for the query lies in `[start, end)` as of `now`, in
/// key order, with their state.
fn matching_rows(dataset: &TaobaoDataset, query: &Query, now: EpochSecs) -> Vec<(Key, u32, TbState)> {
    let end = query.end.min(now);
    if query.start >= end {
        return Vec::new();
    }
    let first = dataset.events.partition_point(|(at, _)| *at < query.start);
    let mut found: Vec<(Key, u32, TbState)> = dataset.events[first..]
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
                2 => matches!(row.person, super::dataset::Person::Relation(_)),
                3 => matches!(row.person, super::dataset::Person::Special(_)),
                _ => true,
            };
            let status = query.tk_status.is_none_or(|s| s == state.tk_status);
            (time == Some(at) && scene && status).then_some(((at, row.trade_id), index, state))
        })
        .collect();
    found.sort_unstable_by_key(|(key, _, _)| *key);
    found.dedup_by_key(|(key, _, _)| *key);
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
        "{app_key}|{}|{}|{}|{}|{:?}|{}|{page_no}|{first:?}|{last:?}",
        query.query_type, query.start, query.end, query.order_scene, query.tk_status, query.page_size
    );
    Md5::digest(text.as_bytes()).iter().take(5).map(|b| format!("{b:02x}")).collect()
}

/// Yuan as the platform's decimal text, or as a JSON number where the row sends numbers.
fn yuan(fen: i64, number: bool) -> Value {
    if number {
        json!(fen as f64 / 100.0)
    } else {
        json!(format!("{}{}.{:02}", if fen < 0 { "-" } else { "" }, fen.abs() / 100, fen.abs() % 100))
    }
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
                "alimm_tech_service_pre_fee": state.pre_fee_fen as f64 * ALIMAMA_RATE as f64 / 1_000_000.0,
                "alimm_tech_service_fee": state.alimama_fen as f64 / 100.0,
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
    match row.person {
        super::dataset::Person::Relation(_) => rendered["relation_id"] = json!(dataset.person_id(row.person)),
        super::dataset::Person::Special(_) => rendered["special_id"] = json!(dataset.person_id(row.person)),
        super::dataset::Person::Nobody => {}
    }
    if Faults::is_bad_row(bad_row_share, row.trade_id) {
        rendered["pub_share_pre_fee"] = json!("0.555");
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
        let expected =
            matching_rows(&dataset, &read_query(&signed(&[], SignMethod::Md5, at), NOW, quirks()).ok().unwrap(), NOW);
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
            let query = read_query(&signed(&window, SignMethod::Md5, "x"), now, quirks()).ok().unwrap();
            matching_rows(&dataset, &query, now).iter().map(|((_, id), _, _)| id.to_string()).collect()
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
}
