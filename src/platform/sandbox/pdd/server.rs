//! The 多多进宝 sandbox over real HTTP: the gateway (a JSON body, a form
//! body, or the query string some SDKs send) and the admin routes, every
//! answer dated in virtual time as the platform's carry its own clock.

use super::super::faults::{Fault, FaultSettings};
use super::super::server::http_date;
use super::gateway::{self, error_answer, Quirks};
use super::PddSandbox;
use axum::body::Bytes;
use axum::extract::{Query, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub fn router(sandbox: Arc<PddSandbox>) -> Router {
    Router::new()
        .route("/api/router", get(gateway_call).post(gateway_call))
        .route("/admin/summary", get(summary))
        .route("/admin/clock/advance", post(advance_clock))
        .route("/admin/faults", post(set_faults).get(get_faults))
        .with_state(sandbox)
}

fn with_date(sandbox: &PddSandbox, status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::DATE, http_date(sandbox.now()));
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// The call's parameters from wherever the client put them: the query
/// string, then a form or JSON body over it. JSON values are read as the
/// signature reads them: text as itself, numbers and booleans as their
/// JSON text (`"page": 1` signs as `1`), objects and lists as JSON.
fn params_of(query: Option<&str>, headers: &HeaderMap, body: &[u8]) -> BTreeMap<String, String> {
    let mut params: BTreeMap<String, String> = serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with("application/x-www-form-urlencoded") {
        params.extend(serde_urlencoded::from_bytes::<BTreeMap<String, String>>(body).unwrap_or_default());
    } else if content_type.starts_with("application/json") {
        let object: serde_json::Map<String, Value> = serde_json::from_slice(body).unwrap_or_default();
        params.extend(object.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| match v {
            Value::String(text) => (k, text),
            other => (k, other.to_string()),
        }));
    }
    params
}

async fn gateway_call(
    State(sandbox): State<Arc<PddSandbox>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = params_of(query.as_deref(), &headers, &body);
    let fault = sandbox.faults.draw(crate::model::now_epoch());
    if fault == Some(Fault::RateLimited) {
        let answer = throttled();
        return with_date(&sandbox, StatusCode::OK, "application/json;charset=utf-8", answer.body);
    }
    if let Some(Fault::Slow(delay)) = fault {
        tokio::time::sleep(delay).await;
    }
    if fault == Some(Fault::ServerError) {
        return with_date(&sandbox, StatusCode::BAD_GATEWAY, "text/html", "<html>502 Bad Gateway</html>".to_owned());
    }
    if let Some(Fault::Redirect(port)) = fault {
        let mut response = with_date(&sandbox, StatusCode::TEMPORARY_REDIRECT, "text/plain", String::new());
        if let Ok(location) = HeaderValue::from_str(&format!("http://127.0.0.1:{port}/api/router")) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    let settings = sandbox.faults.settings();
    let quirks = Quirks {
        repeat_previous_row: fault == Some(Fault::RepeatRow),
        bad_row_share: settings.bad_row_share,
        endless_pages: settings.endless_pages,
    };
    let answer = gateway::handle(&sandbox.dataset, &sandbox.credentials, sandbox.codes, sandbox.now(), quirks, &params);
    let mut body = answer.body;
    if fault == Some(Fault::Malformed) {
        body.truncate(body.len() / 2);
    }
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = with_date(&sandbox, status, "application/json;charset=utf-8", body);
    if fault == Some(Fault::FutureDate) {
        response.headers_mut().insert(header::DATE, http_date(sandbox.now() + 30 * 86_400));
    }
    let step = sandbox.clock_step_per_page.load(Ordering::SeqCst);
    if step != 0 {
        sandbox.clock.advance(step);
    }
    response
}

/// The platform's two throttle answers, taken in turn (A4): 52101 接口被限流
/// and 70031 调用过于频繁.
fn throttled() -> gateway::Answer {
    static TURN: AtomicU64 = AtomicU64::new(0);
    if TURN.fetch_add(1, Ordering::Relaxed).is_multiple_of(2) {
        error_answer(52101, "接口被限流", "请稍后重试")
    } else {
        error_answer(70031, "调用过于频繁", "请降低调用频率")
    }
}

async fn summary(State(sandbox): State<Arc<PddSandbox>>) -> Response {
    let body = serde_json::to_string(&sandbox.summary()).unwrap_or_default();
    with_date(&sandbox, StatusCode::OK, "application/json", body)
}

#[derive(Deserialize)]
struct AdvanceParams {
    minutes: i64,
}

async fn advance_clock(State(sandbox): State<Arc<PddSandbox>>, Query(params): Query<AdvanceParams>) -> Response {
    let now = sandbox.clock.advance(params.minutes * 60);
    let body = serde_json::json!({ "now": crate::model::format_platform(now) }).to_string();
    with_date(&sandbox, StatusCode::OK, "application/json", body)
}

async fn set_faults(State(sandbox): State<Arc<PddSandbox>>, Json(settings): Json<FaultSettings>) -> Response {
    sandbox.faults.set(settings);
    get_faults(State(sandbox)).await
}

async fn get_faults(State(sandbox): State<Arc<PddSandbox>>) -> Response {
    let body = serde_json::to_string(&sandbox.faults.settings()).unwrap_or_default();
    with_date(&sandbox, StatusCode::OK, "application/json", body)
}
