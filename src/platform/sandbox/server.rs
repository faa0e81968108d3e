//! The sandbox over real HTTP: the gateway (GET query or form POST) plus the
//! admin endpoints tests and demos use. Every answer carries a `Date` header
//! in virtual time, as a real gateway's carries its own clock.

use super::faults::{Fault, FaultSettings};
use super::gateway;
use super::Sandbox;
use axum::body::Bytes;
use axum::extract::{Query, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{TimeZone, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

pub fn router(sandbox: Arc<Sandbox>) -> Router {
    Router::new()
        .route("/routerjson", get(gateway_call).post(gateway_call))
        .route("/admin/summary", get(summary))
        .route("/admin/clock/advance", post(advance_clock))
        .route("/admin/faults", post(set_faults).get(get_faults))
        .with_state(sandbox)
}

pub(super) fn http_date(at: i64) -> HeaderValue {
    let text = Utc
        .timestamp_opt(at, 0)
        .single()
        .map(|t| t.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
        .unwrap_or_default();
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"))
}

fn with_date(sandbox: &Sandbox, status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::DATE, http_date(sandbox.clock.now()));
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

async fn gateway_call(
    State(sandbox): State<Arc<Sandbox>>,
    method: Method,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut params: BTreeMap<String, String> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if method == Method::POST && is_form {
        let form: BTreeMap<String, String> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
        params.extend(form);
    }
    let fault = sandbox.faults.draw(crate::model::now_epoch());
    if fault == Some(Fault::RateLimited) {
        let body = r#"{"code":"429","message":"接口调用超频"}"#.to_owned();
        let mut response = with_date(&sandbox, StatusCode::TOO_MANY_REQUESTS, "application/json", body);
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return response;
    }
    if let Some(Fault::Slow(delay)) = fault {
        tokio::time::sleep(delay).await;
    }
    if fault == Some(Fault::ServerError) {
        return with_date(&sandbox, StatusCode::BAD_GATEWAY, "text/html", "<html>502 Bad Gateway</html>".to_owned());
    }
    if let Some(Fault::Redirect(port)) = fault {
        let mut response = with_date(&sandbox, StatusCode::TEMPORARY_REDIRECT, "text/plain", String::new());
        let location = format!("http://127.0.0.1:{port}/routerjson");
        if let Ok(location) = HeaderValue::from_str(&location) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    let settings = sandbox.faults.settings();
    let quirks = gateway::Quirks {
        row_cap: settings.max_rows_per_window,
        repeat_previous_row: fault == Some(Fault::RepeatRow),
        bad_row_share: settings.bad_row_share,
        endless_pages: settings.endless_pages,
    };
    let answer = gateway::handle(
        &sandbox.dataset,
        &sandbox.positions,
        &sandbox.credentials,
        sandbox.clock.now(),
        quirks,
        &params,
    );
    let mut body = answer.body;
    if fault == Some(Fault::Malformed) {
        body.truncate(body.len() / 2);
    }
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = with_date(&sandbox, status, "application/json;charset=utf-8", body);
    if fault == Some(Fault::FutureDate) {
        response.headers_mut().insert(header::DATE, http_date(sandbox.clock.now() + 30 * 86_400));
    }
    response
}

async fn summary(State(sandbox): State<Arc<Sandbox>>) -> Response {
    let summary = super::summary::summarize(&sandbox.dataset, sandbox.clock.now());
    let body = serde_json::to_string(&summary).unwrap_or_default();
    with_date(&sandbox, StatusCode::OK, "application/json", body)
}

#[derive(Deserialize)]
struct AdvanceParams {
    minutes: i64,
}

async fn advance_clock(State(sandbox): State<Arc<Sandbox>>, Query(params): Query<AdvanceParams>) -> Response {
    let now = sandbox.clock.advance(params.minutes * 60);
    let body = serde_json::json!({ "now": crate::model::format_platform(now) }).to_string();
    with_date(&sandbox, StatusCode::OK, "application/json", body)
}

async fn set_faults(State(sandbox): State<Arc<Sandbox>>, Json(settings): Json<FaultSettings>) -> Response {
    sandbox.faults.set(settings);
    get_faults(State(sandbox)).await
}

async fn get_faults(State(sandbox): State<Arc<Sandbox>>) -> Response {
    let body = serde_json::to_string(&sandbox.faults.settings()).unwrap_or_default();
    with_date(&sandbox, StatusCode::OK, "application/json", body)
}
