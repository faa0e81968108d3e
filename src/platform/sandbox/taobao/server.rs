//! The 淘宝联盟 sandbox over real HTTP: the TOP gateway (a form POST, or the
//! query string the official SDK puts its system parameters in) and the
//! admin routes of the JD sandbox, every answer dated in virtual time as
//! the platform's carry its own clock. TOP answers its refusals with HTTP
//! 200; only the injected 5xx is not.

use super::super::faults::{Fault, FaultSettings};
use super::super::server::http_date;
use super::gateway::{self, error_response, Quirks};
use super::{TaobaoSandbox, GATEWAY_PATH};
use axum::body::Bytes;
use axum::extract::{Query, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub fn router(sandbox: Arc<TaobaoSandbox>) -> Router {
    Router::new()
        .route(GATEWAY_PATH, get(gateway_call).post(gateway_call))
        .route("/admin/summary", get(summary))
        .route("/admin/clock/advance", post(advance_clock))
        .route("/admin/faults", post(set_faults).get(get_faults))
        .with_state(sandbox)
}

fn with_date(sandbox: &TaobaoSandbox, status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::DATE, http_date(sandbox.clock.now()));
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

const JSON: &str = "application/json;charset=utf-8";

async fn gateway_call(
    State(sandbox): State<Arc<TaobaoSandbox>>,
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
    if is_form {
        params.extend(serde_urlencoded::from_bytes::<BTreeMap<String, String>>(&body).unwrap_or_default());
    }
    let fault = sandbox.faults.draw(crate::model::now_epoch());
    if fault == Some(Fault::RateLimited) {
        return with_date(&sandbox, StatusCode::OK, JSON, throttled());
    }
    if let Some(Fault::Slow(delay)) = fault {
        tokio::time::sleep(delay).await;
    }
    if fault == Some(Fault::ServerError) {
        return with_date(&sandbox, StatusCode::BAD_GATEWAY, "text/html", "<html>502 Bad Gateway</html>".to_owned());
    }
    if let Some(Fault::Redirect(port)) = fault {
        let mut response = with_date(&sandbox, StatusCode::TEMPORARY_REDIRECT, "text/plain", String::new());
        if let Ok(location) = HeaderValue::from_str(&format!("http://127.0.0.1:{port}{GATEWAY_PATH}")) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    let settings = sandbox.faults.settings();
    let quirks = Quirks {
        row_cap: settings.max_rows_per_window,
        repeat_previous_row: fault == Some(Fault::RepeatRow),
        bad_row_share: settings.bad_row_share,
        endless_pages: settings.endless_pages,
        window_secs: sandbox.window_secs(),
        stale_cursor: sandbox.refuses_cursor(&params),
    };
    let mut body = gateway::handle(&sandbox.dataset, &sandbox.credentials, sandbox.clock.now(), quirks, &params);
    if fault == Some(Fault::Malformed) {
        body.truncate(body.len() / 2);
    }
    let mut response = with_date(&sandbox, StatusCode::OK, JSON, body);
    if fault == Some(Fault::FutureDate) {
        response.headers_mut().insert(header::DATE, http_date(sandbox.clock.now() + 30 * 86_400));
    }
    response
}

/// The platform's two throttle answers, taken in turn (B4, B5): code 7
/// (App Call Limited, a ban of some seconds) and `15/9100` (the account's
/// own limit across every tool).
fn throttled() -> String {
    static TURN: AtomicU64 = AtomicU64::new(0);
    if TURN.fetch_add(1, Ordering::Relaxed).is_multiple_of(2) {
        let sub = ("accesscontrol.limited-by-app-access-count", "This ban will last 1 more seconds");
        error_response(7, "App Call Limited", Some(sub))
    } else {
        let sub = ("9100", "同一个账号1秒总请求次数约200次，其中调用API约40次，请降低调用频率");
        error_response(15, "Remote service error", Some(sub))
    }
}

async fn summary(State(sandbox): State<Arc<TaobaoSandbox>>) -> Response {
    let body = serde_json::to_string(&sandbox.summary()).unwrap_or_default();
    with_date(&sandbox, StatusCode::OK, "application/json", body)
}

#[derive(Deserialize)]
struct AdvanceParams {
    minutes: i64,
}

async fn advance_clock(State(sandbox): State<Arc<TaobaoSandbox>>, Query(params): Query<AdvanceParams>) -> Response {
    let now = sandbox.clock.advance(params.minutes * 60);
    let body = serde_json::json!({ "now": crate::model::format_platform(now) }).to_string();
    with_date(&sandbox, StatusCode::OK, "application/json", body)
}

async fn set_faults(State(sandbox): State<Arc<TaobaoSandbox>>, Json(settings): Json<FaultSettings>) -> Response {
    sandbox.faults.set(settings);
    get_faults(State(sandbox)).await
}

async fn get_faults(State(sandbox): State<Arc<TaobaoSandbox>>) -> Response {
    let body = serde_json::to_string(&sandbox.faults.settings()).unwrap_or_default();
    with_date(&sandbox, StatusCode::OK, "application/json", body)
}
