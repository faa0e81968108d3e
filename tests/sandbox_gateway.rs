//! The sandbox speaks JD's protocol: checked here with hand-built requests,
//! independent of our client.

mod common;

use common::{config, World};
use std::collections::BTreeMap;
use tuanzhang::model::format_platform;
use tuanzhang::platform::jd::sign::sign;
use tuanzhang::platform::sandbox::{Sandbox, DEMO_APP_KEY, DEMO_APP_SECRET};

fn signed(timestamp: i64, order_req: serde_json::Value) -> BTreeMap<String, String> {
    let mut params: BTreeMap<String, String> = [
        ("method", "jd.union.open.order.row.query"),
        ("app_key", DEMO_APP_KEY),
        ("format", "json"),
        ("v", "1.0"),
        ("sign_method", "md5"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    params.insert("timestamp".into(), format_platform(timestamp));
    params.insert("360buy_param_json".into(), serde_json::json!({ "orderReq": order_req }).to_string());
    let signature = sign(DEMO_APP_SECRET, &params);
    params.insert("sign".into(), signature);
    params
}

async fn get(world: &World, params: &BTreeMap<String, String>) -> (reqwest::header::HeaderMap, serde_json::Value) {
    let query = serde_urlencoded::to_string(params).unwrap();
    let response = world.http.get(format!("{}?{query}", world.sandbox.gateway_url())).send().await.unwrap();
    let headers = response.headers().clone();
    (headers, serde_json::from_str(&response.text().await.unwrap()).unwrap())
}

fn inner(body: &serde_json::Value) -> serde_json::Value {
    let text = body["jd_union_open_order_row_query_responce"]["queryResult"].as_str().expect("doubly encoded result");
    serde_json::from_str(text).unwrap()
}

fn window(start: i64, end: i64, page_size: i64) -> serde_json::Value {
    serde_json::json!({ "pageIndex": 1, "pageSize": page_size, "type": 1,
        "startTime": format_platform(start), "endTime": format_platform(end) })
}

#[tokio::test]
async fn answers_signed_get_requests_in_the_real_envelope_and_virtual_time() {
    let anchor = common::NOW - 5 * 86_400;
    let world = World::new(config(21, 300, anchor)).await;
    let (headers, body) =
        get(&world, &signed(anchor, window(anchor - 86_400 + 12 * 3600, anchor - 86_400 + 13 * 3600, 500))).await;
    let result = inner(&body);
    assert_eq!(result["code"], 200);
    let rows = result["data"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows[0]["estimateFee"].is_number() && rows[0]["id"].is_number());
    let date = headers.get("date").unwrap().to_str().unwrap();
    let date = chrono::DateTime::parse_from_rfc2822(date).unwrap().timestamp();
    assert_eq!(date, anchor, "the Date header tells virtual time, not the real one");
}

#[tokio::test]
async fn refuses_what_the_real_gateway_refuses() {
    let now = common::NOW;
    let world = World::new(config(22, 50, now)).await;
    let hour = window(now - 7200, now - 3600, 100);

    let mut tampered = signed(now, hour.clone());
    tampered.insert("v".into(), "2.0".into());
    let (_, body) = get(&world, &tampered).await;
    assert_eq!(body["error_response"]["code"], "12");

    let (_, body) = get(&world, &signed(now - 3600, hour.clone())).await;
    assert_eq!(body["error_response"]["code"], "43", "a timestamp an hour off is refused");

    let (_, body) = get(&world, &signed(now, window(now - 7200, now - 7200 + 3601, 100))).await;
    assert_eq!(inner(&body)["code"], 2002453, "a window over one hour");
    let (_, body) = get(&world, &signed(now, window(now - 91 * 86_400, now - 91 * 86_400 + 600, 100))).await;
    assert_eq!(inner(&body)["code"], 2002453, "a window older than 90 days");
    let (_, body) = get(&world, &signed(now, window(now - 7200, now - 3600, 501))).await;
    assert_eq!(inner(&body)["code"], 2002400, "pageSize over 500");
}

#[test]
fn generated_data_has_the_shape_of_a_busy_head_koc() {
    let anchor = common::NOW;
    let sandbox = Sandbox::new(config(1, 400, anchor));
    let data = &sandbox.dataset;
    assert!(data.positions.len() >= 40);
    assert!(data.members.len() >= 300);
    assert!(data.members.iter().filter(|m| m.parent.is_some()).count() > 250, "members form a tree");
    let summary = sandbox.summary();
    assert!(summary.rows as f64 / 88.0 > 300.0, "several hundred rows a day");
    assert!(summary.orders < summary.rows, "multi-SKU orders share an orderId");
    let invalid: u64 = summary
        .rows_by_valid_code
        .iter()
        .filter(|(code, _)| !["15", "16", "17", "24"].contains(&code.as_str()))
        .map(|(_, n)| n)
        .sum();
    let share = invalid as f64 / summary.rows as f64;
    assert!((0.03..0.08).contains(&share), "about 5% invalid, got {share}");
    assert!(["25", "26", "27", "28"].iter().all(|code| summary.rows_by_valid_code.contains_key(*code)));
    // The evening is busier than the small hours.
    let hour_of = |row: &tuanzhang::platform::sandbox::dataset::GenRow| {
        tuanzhang::platform::sandbox::dataset::beijing_hour(tuanzhang::platform::sandbox::Dataset::order_time(row))
    };
    let evening = data.rows.iter().filter(|r| hour_of(r) == 21).count();
    let night = data.rows.iter().filter(|r| hour_of(r) == 4).count();
    assert!(evening > 5 * night, "evening {evening} vs 4 a.m. {night}");
    // The same seed gives the same data.
    assert_eq!(Sandbox::new(config(1, 400, anchor)).summary(), summary);
}
