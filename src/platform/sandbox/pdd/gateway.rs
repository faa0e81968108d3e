//! The `/api/router` gateway: common parameters, client id, signature and
//! timestamp, then `pdd.ddk.order.list.increment.get` with the platform's
//! window and page limits, answered in its envelopes (A1–A4).

use super::super::faults::Faults;
use super::super::replies::request_id;
use super::dataset::{PddDataset, PddMoney, PddRow, PddState, NO_PERSON};
use crate::model::{EpochSecs, Platform, RowId};
use crate::platform::pdd::sign::sign;
use crate::platform::pdd::ORDER_LIST_INCREMENT;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// How far back `start_update_time` may reach, and how long a window may be (A1).
pub const HORIZON_SECS: i64 = 90 * 86_400;
pub const MAX_WINDOW_SECS: i64 = 86_400;
const MAX_CLOCK_SKEW_SECS: i64 = 600;
const PAGE_SIZES: std::ops::RangeInclusive<i64> = 10..=100;
const PAGES: std::ops::RangeInclusive<i64> = 1..=10_000;

/// The codes the platform does not document (A4, D): what a timestamp
/// too far from its clock and a window it will not serve are answered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PddCodes {
    /// Default 10001 (公共参数错误), naming `timestamp`.
    pub clock_skew: i64,
    /// Default 21001 (业务参数错误): a window over 24 hours, a start older
    /// than 90 days, a page or page size out of range.
    pub bad_parameter: i64,
}

impl Default for PddCodes {
    fn default() -> PddCodes {
        PddCodes { clock_skew: 10001, bad_parameter: 21001 }
    }
}

pub struct Credentials {
    pub client_id: String,
    pub client_secret: String,
}

/// A gateway answer before it becomes HTTP.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// How one answer deviates from the textbook, as the real platform does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quirks {
    /// A page after the first also carries the last row of the page before it.
    pub repeat_previous_row: bool,
    /// Which rows are sent unreadable (`Faults::is_bad_row`, by row id).
    pub bad_row_share: f64,
    /// `total_count` claims a thousand rows more than there are.
    pub endless_pages: bool,
}

pub fn handle(
    dataset: &PddDataset,
    credentials: &Credentials,
    codes: PddCodes,
    now: EpochSecs,
    quirks: Quirks,
    params: &BTreeMap<String, String>,
) -> Answer {
    if let Err(refusal) = check_common_params(credentials, codes, now, params) {
        return refusal;
    }
    match order_list(dataset, codes, now, quirks, params) {
        Ok(body) => Answer { status: 200, body: body.to_string() },
        Err(refusal) => refusal,
    }
}

pub fn error_answer(code: i64, message: &str, sub_message: &str) -> Answer {
    let body = json!({ "error_response": {
        "error_code": code,
        "error_msg": message,
        "sub_code": Value::Null,
        "sub_msg": sub_message,
        "request_id": request_id(),
    }});
    Answer { status: 200, body: body.to_string() }
}

fn check_common_params(
    credentials: &Credentials,
    codes: PddCodes,
    now: EpochSecs,
    params: &BTreeMap<String, String>,
) -> Result<(), Answer> {
    for required in ["type", "client_id", "timestamp", "sign"] {
        if params.get(required).is_none_or(|v| v.is_empty()) {
            return Err(error_answer(10001, &format!("公共参数错误:{required}"), ""));
        }
    }
    if params["client_id"] != credentials.client_id {
        return Err(error_answer(10016, "client_id不存在或已下线", ""));
    }
    if !params["sign"].eq_ignore_ascii_case(&sign(&credentials.client_secret, params)) {
        return Err(error_answer(20004, "签名sign校验失败", ""));
    }
    match params["timestamp"].parse::<i64>() {
        Ok(at) if (at - now).abs() <= MAX_CLOCK_SKEW_SECS => {}
        _ => return Err(error_answer(codes.clock_skew, "公共参数错误:timestamp", "时间戳与服务器时间相差超过10分钟")),
    }
    if params.get("data_type").is_some_and(|t| t != "JSON") {
        return Err(error_answer(10001, "公共参数错误:data_type", "沙箱只回答 JSON"));
    }
    if params["type"] != ORDER_LIST_INCREMENT {
        return Err(error_answer(10017, "type错误", &format!("沙箱不认识 {:.60}", params["type"])));
    }
    Ok(())
}

fn order_list(
    dataset: &PddDataset,
    codes: PddCodes,
    now: EpochSecs,
    quirks: Quirks,
    params: &BTreeMap<String, String>,
) -> Result<Value, Answer> {
    let bad = |what: &str| error_answer(codes.bad_parameter, "业务参数错误", what);
    let integer = |key: &str, default: Option<i64>| match params.get(key).map(|v| v.trim().parse::<i64>()) {
        Some(Ok(value)) => Ok(value),
        None => default.ok_or_else(|| error_answer(21002, "缺少业务参数", key)),
        Some(Err(_)) => Err(bad(&format!("{key} 不是整数"))),
    };
    let (start, end) = (integer("start_update_time", None)?, integer("end_update_time", None)?);
    if start >= end {
        return Err(bad("start_update_time 须早于 end_update_time"));
    }
    if end - start > MAX_WINDOW_SECS {
        return Err(bad("时间跨度不能超过24小时"));
    }
    if start < now - HORIZON_SECS {
        return Err(bad("只能查询最近90天的订单"));
    }
    let (page, page_size) = (integer("page", Some(1))?, integer("page_size", Some(100))?);
    if !PAGES.contains(&page) || !PAGE_SIZES.contains(&page_size) {
        return Err(bad("page 须在 1–10000，page_size 须在 10–100"));
    }
    let return_count = match params.get("return_count").map(String::as_str) {
        None | Some("true") => true,
        Some("false") => false,
        Some(_) => return Err(bad("return_count 须为 true 或 false")),
    };
    let matches = dataset.rows_in_window(start, end, now);
    let from = ((page - 1) * page_size) as usize;
    let to = (from + page_size as usize).min(matches.len());
    let from = if quirks.repeat_previous_row { from.saturating_sub(1) } else { from };
    let order_list: Vec<Value> = matches
        .get(from..to)
        .unwrap_or_default()
        .iter()
        .filter_map(|&i| {
            let row = &dataset.rows[i as usize];
            let state = dataset.state_at(row, now)?;
            let mut rendered = render_row(dataset, row, &state);
            if Faults::is_bad_row(quirks.bad_row_share, row_id(row).0) {
                rendered["promotion_amount"] = json!("12.5");
            }
            Some(rendered)
        })
        .collect();
    let mut response = json!({ "order_list": order_list, "request_id": request_id() });
    if return_count {
        let lie = if quirks.endless_pages { 1_000 } else { 0 };
        response["total_count"] = json!(matches.len() + lie);
    }
    Ok(json!({ "order_list_get_response": response }))
}

/// The id a client stores the row under.
pub fn row_id(row: &PddRow) -> RowId {
    RowId::from_platform_key(Platform::Pdd, &row.order_sn)
}

fn render_row(dataset: &PddDataset, row: &PddRow, state: &PddState) -> Value {
    let sku = &dataset.skus[row.sku as usize];
    let money = dataset.money(row);
    let PddMoney { goods_price, order_amount, promotion_rate, promotion_amount, service_fee } = money;
    // A few rows carry their amounts as numeric text, as some SDKs' fixtures do.
    let fen = |value: i64| if row.money_as_text { json!(value.to_string()) } else { json!(value) };
    let time = |at: Option<EpochSecs>| at.unwrap_or(0);
    let custom_parameters =
        if row.person == NO_PERSON { String::new() } else { dataset.persons[row.person as usize].clone() };
    let (subsidy_amount, subsidy_level) = (row.subsidy_fen, row.subsidy_fen / 2);
    json!({
        "order_sn": row.order_sn,
        "order_id": row.order_sn,
        "goods_id": sku.id,
        "goods_sign": format!("Y9{:x}_sandbox", sku.id),
        "goods_name": sku.name,
        "goods_thumbnail_url": "",
        "goods_price": fen(goods_price),
        "goods_quantity": row.quantity,
        "order_amount": fen(order_amount),
        "promotion_rate": promotion_rate,
        "promotion_amount": fen(promotion_amount),
        "duo_id_service_fee": fen(service_fee),
        "order_status": state.status,
        "order_status_desc": status_desc(state.status),
        "order_create_time": row.created,
        "order_pay_time": time(state.pay_time),
        "order_group_success_time": time(state.group_time),
        "order_receive_time": time(state.receive_time),
        "order_verify_time": time(state.verify_time),
        "order_settle_time": time(state.settle_time),
        "order_modify_at": state.modify_at,
        "p_id": dataset.places[row.place as usize],
        "custom_parameters": custom_parameters,
        "batch_no": "",
        "fail_reason": if state.status == 4 { "售后成功" } else { "" },
        "type": 0,
        "is_direct": 0,
        "cpa_new": 0,
        "cat_ids": [sku.cid1],
        "subsidy_type": if subsidy_amount > 0 { 1 } else { 0 },
        "subsidy_amount": subsidy_amount,
        "subsidy_duo_amount_level": subsidy_level,
        "subsidy_duo_amount_ten_million": 0,
        "no_subsidy_reason": "",
    })
}

fn status_desc(status: i64) -> &'static str {
    match status {
        -1 => "未支付",
        0 => "已支付",
        1 => "已成团",
        2 => "确认收货",
        3 => "审核成功",
        4 => "审核失败(不可提现)",
        5 => "已经结算",
        8 => "非多多进宝商品(无佣金订单)",
        10 => "已处罚",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::super::dataset::{status, PddDatasetConfig};
    use super::*;
    use std::collections::HashSet;

    const NOW: EpochSecs = 1_795_003_200;
    const ID: &str = "client-1";
    const SECRET: &str = "secret-1";

    fn dataset(rows_per_day: u32) -> PddDataset {
        PddDataset::generate(PddDatasetConfig {
            seed: 7,
            rows_per_day,
            anchor: NOW,
            history_days: 88,
            future_days: 2,
            exact_hourly_rows: None,
            person_prefix: "p",
        })
    }

    fn credentials() -> Credentials {
        Credentials { client_id: ID.to_owned(), client_secret: SECRET.to_owned() }
    }

    const PLAIN: Quirks = Quirks { repeat_previous_row: false, bad_row_share: 0.0, endless_pages: false };

    /// A signed call for `[start, end)`, with `extra` parameters over the defaults.
    fn params(now: EpochSecs, start: EpochSecs, end: EpochSecs, extra: &[(&str, &str)]) -> BTreeMap<String, String> {
        let mut params: BTreeMap<String, String> = [
            ("type", ORDER_LIST_INCREMENT.to_owned()),
            ("client_id", ID.to_owned()),
            ("timestamp", now.to_string()),
            ("data_type", "JSON".to_owned()),
            ("version", "V1".to_owned()),
            ("start_update_time", start.to_string()),
            ("end_update_time", end.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        params.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let signature = sign(SECRET, &params);
        params.insert("sign".to_owned(), signature);
        params
    }

    fn answer(data: &PddDataset, codes: PddCodes, now: EpochSecs, params: &BTreeMap<String, String>) -> Value {
        let answer = handle(data, &credentials(), codes, now, PLAIN, params);
        assert_eq!(answer.status, 200);
        serde_json::from_str(&answer.body).unwrap()
    }

    fn error_code(body: &Value) -> Option<i64> {
        body["error_response"]["error_code"].as_i64()
    }

    #[test]
    fn refusals_carry_the_platforms_codes() {
        let data = dataset(40);
        let codes = PddCodes::default();
        let (start, end) = (NOW - 3600, NOW);
        let good = params(NOW, start, end, &[]);
        assert_eq!(error_code(&answer(&data, codes, NOW, &good)), None);
        let mut forged = good.clone();
        forged.insert("page".into(), "2".into());
        assert_eq!(error_code(&answer(&data, codes, NOW, &forged)), Some(20004), "a parameter changed after signing");
        let mut stranger = params(NOW, start, end, &[]);
        stranger.insert("client_id".into(), "someone-else".into());
        assert_eq!(error_code(&answer(&data, codes, NOW, &stranger)), Some(10016));
        let late = params(NOW - 601, start, end, &[]);
        assert_eq!(error_code(&answer(&data, codes, NOW, &late)), Some(10001));
        assert_eq!(
            error_code(&answer(&data, codes, NOW, &params(NOW + 600, start, end, &[]))),
            None,
            "ten minutes is fine"
        );
        let configured = PddCodes { clock_skew: 20004, ..codes };
        assert_eq!(error_code(&answer(&data, configured, NOW, &late)), Some(20004), "the skew code is configurable");
        let too_long = params(NOW, NOW - 86_401, NOW, &[]);
        assert_eq!(error_code(&answer(&data, codes, NOW, &too_long)), Some(21001));
        assert_eq!(
            error_code(&answer(&data, codes, NOW, &params(NOW, NOW - 86_400, NOW, &[]))),
            None,
            "24 hours is fine"
        );
        let too_old = params(NOW, NOW - HORIZON_SECS - 1, NOW - HORIZON_SECS + 3600, &[]);
        assert_eq!(error_code(&answer(&data, codes, NOW, &too_old)), Some(21001));
        for size in ["9", "101", "x"] {
            let body = answer(&data, codes, NOW, &params(NOW, start, end, &[("page_size", size)]));
            assert_eq!(error_code(&body), Some(21001), "page_size {size}");
        }
        for size in ["10", "100"] {
            assert_eq!(error_code(&answer(&data, codes, NOW, &params(NOW, start, end, &[("page_size", size)]))), None);
        }
        let other_method = params(NOW, start, end, &[("type", "pdd.ddk.order.list.range.get")]);
        assert_eq!(error_code(&answer(&data, codes, NOW, &other_method)), Some(10017));
    }

    #[test]
    fn total_count_comes_unless_return_count_is_false() {
        let data = dataset(400);
        let codes = PddCodes::default();
        let asked = answer(&data, codes, NOW, &params(NOW, NOW - 86_400, NOW, &[("return_count", "true")]));
        let default = answer(&data, codes, NOW, &params(NOW, NOW - 86_400, NOW, &[]));
        let not_asked = answer(&data, codes, NOW, &params(NOW, NOW - 86_400, NOW, &[("return_count", "false")]));
        let count = asked["order_list_get_response"]["total_count"].as_u64().unwrap();
        assert!(count > 100, "{count}");
        assert_eq!(default["order_list_get_response"]["total_count"].as_u64(), Some(count));
        assert!(not_asked["order_list_get_response"].get("total_count").is_none());
        assert_eq!(not_asked["order_list_get_response"]["order_list"].as_array().map(Vec::len), Some(100));
    }

    #[test]
    fn rows_live_through_every_status_the_platform_has() {
        let data = dataset(400);
        let now = NOW + 2 * 86_400;
        let statuses: HashSet<i64> =
            data.rows.iter().filter_map(|row| data.state_at(row, now)).map(|s| s.status).collect();
        for expected in [-1, 0, 1, 2, 3, 4, 5, 8, 10, status::UNDOCUMENTED] {
            assert!(statuses.contains(&expected), "no row in status {expected}: {statuses:?}");
        }
        // Each life moves forward in time and along 0 → 1 → 2 → 3 → 5.
        let order = |s: i64| [-1, 0, 1, 2, 3, 5].iter().position(|o| *o == s);
        for row in &data.rows {
            let steps: Vec<_> = row.steps.iter().flatten().collect();
            assert!(steps.windows(2).all(|w| w[0].at < w[1].at), "{}", row.order_sn);
            let known: Vec<usize> = steps.iter().filter_map(|s| order(s.status)).collect();
            assert!(known.windows(2).all(|w| w[0] < w[1]), "{}", row.order_sn);
        }
        let settled = data.rows.iter().filter_map(|r| data.state_at(r, now)).filter(|s| s.status == 5);
        for state in settled {
            let verified = crate::model::BizDay::of(state.verify_time.unwrap());
            let paid = crate::platform::pdd::wire::pay_day_for_audit(verified);
            assert_eq!(crate::model::BizDay::of(state.settle_time.unwrap()), paid, "settled on the 20th by the rule");
        }
    }

    #[test]
    fn rows_carry_the_platforms_own_places_and_people() {
        let data = dataset(400);
        let body = answer(&data, PddCodes::default(), NOW, &params(NOW, NOW - 86_400, NOW, &[]));
        let rows = body["order_list_get_response"]["order_list"].as_array().unwrap().clone();
        let person = rows.iter().find_map(|r| r["custom_parameters"].as_str().filter(|p| !p.is_empty())).unwrap();
        let echoed: serde_json::Map<String, Value> = serde_json::from_str(person).unwrap();
        assert!(echoed["uid"].as_str().unwrap().starts_with('p') && echoed["sid"].as_str().unwrap().starts_with('g'));
        let place = rows[0]["p_id"].as_str().unwrap();
        let (duo, pid) = place.split_once('_').unwrap();
        assert_eq!(duo, super::super::dataset::DUO_ID.to_string());
        assert!(pid.len() == 7 && pid.bytes().all(|b| b.is_ascii_digit()), "{place}");
        assert!(rows.iter().any(|r| r["promotion_amount"].is_string()), "some send money as text");
        assert!(rows.iter().any(|r| r["promotion_amount"].is_u64()));
        let now = NOW + 86_400;
        let used = |pick: fn(&super::super::dataset::PddRow) -> usize| {
            data.rows.iter().filter(|r| data.state_at(r, now).is_some()).map(pick).collect::<HashSet<_>>().len()
        };
        assert!(used(|r| usize::from(r.place)) >= 150, "a few hundred places");
        assert!(used(|r| r.person as usize) >= 250, "a few hundred people");
    }

    #[test]
    fn another_platform_given_the_same_seed_invents_other_orders() {
        let pdd = dataset(400);
        let jd = super::super::super::Dataset::generate(super::super::super::DatasetConfig {
            seed: 7,
            rows_per_day: 400,
            anchor: NOW,
            history_days: 88,
            future_days: 2,
            exact_hourly_rows: None,
            sub_union_prefix: "p",
        });
        let pdd_goods: Vec<u32> = pdd.rows.iter().take(50).map(|r| r.sku).collect();
        let jd_goods: Vec<u32> = jd.rows.iter().take(50).map(|r| r.sku).collect();
        assert_ne!(pdd_goods, jd_goods);
    }

    /// The ids on `page` of `[start, end)` as the platform answers at `now`.
    fn page_ids(
        data: &PddDataset,
        now: EpochSecs,
        (start, end): (EpochSecs, EpochSecs),
        page: i64,
    ) -> (Vec<String>, u64) {
        let extra = [("page", page.to_string()), ("page_size", "10".to_owned())];
        let extra: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let body = answer(data, PddCodes::default(), now, &params(now, start, end, &extra));
        let response = &body["order_list_get_response"];
        let ids = response["order_list"].as_array().unwrap().iter().map(|r| r["order_sn"].as_str().unwrap().to_owned());
        (ids.collect(), response["total_count"].as_u64().unwrap_or(0))
    }

    /// Walks `window` one page at a time, the clock moving two minutes
    /// between pages; answers every row seen and the clock at the end.
    fn walk(data: &PddDataset, window: (EpochSecs, EpochSecs), backwards: bool) -> (HashSet<String>, EpochSecs) {
        let mut now = NOW;
        let (mut seen, total) = page_ids(data, now, window, 1);
        let last = (total as i64 + 9) / 10;
        let order: Vec<i64> = if backwards { (1..=last).rev().collect() } else { (2..=last).collect() };
        for page in order {
            now += 120;
            seen.extend(page_ids(data, now, window, page).0);
        }
        (seen.into_iter().collect(), now)
    }

    #[test]
    fn rows_updated_during_a_walk_move_between_pages_and_the_backward_walk_still_sees_every_row() {
        let data = dataset(3_000);
        // The hour before now: its rows are paid, and group (成团) within the hour to come.
        let window = (NOW - 3_600, NOW);
        let (_, total) = page_ids(&data, NOW, window, 1);
        assert!(total > 60, "several pages: {total}");
        let (seen, end) = walk(&data, window, true);
        let still_there: HashSet<String> = data
            .rows_in_window(window.0, window.1, end)
            .into_iter()
            .map(|i| data.rows[i as usize].order_sn.clone())
            .collect();
        assert!(still_there.len() < total as usize, "some rows left the window during the walk");
        let missed: Vec<&String> = still_there.difference(&seen).collect();
        assert!(missed.is_empty(), "the backward walk missed {missed:?}");
        // Walking forwards under the same changes misses rows: they moved onto pages already read.
        let (seen_forwards, _) = walk(&data, window, false);
        assert!(still_there.difference(&seen_forwards).count() > 0, "the forward walk should have missed some");
    }

    #[test]
    fn pages_come_most_recently_updated_first() {
        let data = dataset(400);
        let matches = data.rows_in_window(NOW - 86_400, NOW, NOW);
        let times: Vec<EpochSecs> =
            matches.iter().map(|&i| data.state_at(&data.rows[i as usize], NOW).unwrap().modify_at).collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]));
    }
}
