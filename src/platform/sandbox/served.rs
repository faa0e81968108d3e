//! What a platform's sandbox gives to be served over HTTP, and the faults
//! every gateway call may meet before and after the platform answers it.
//! Every answer carries a `Date` header in virtual time, as a real
//! gateway's carries its own clock.

use super::faults::Fault;
use super::{Faults, Summary, VirtualClock};
use crate::model::EpochSecs;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{TimeZone, Utc};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One platform's sandbox, as its server needs it: the clock and faults
/// the admin routes move and set, its totals, and its gateway.
pub trait Served: Send + Sync + 'static {
    /// Where the platform's gateway answers.
    const GATEWAY_PATH: &'static str;
    /// What is logged when its server stops.
    const STOPPED: &'static str;

    fn clock(&self) -> &VirtualClock;
    fn faults(&self) -> &Faults;
    fn summary(&self) -> Summary;
    /// The platform's answer to a call over its rate limit, at `now`.
    fn throttled(&self, now: EpochSecs) -> Response;
    /// The gateway's status and JSON body for `call` at `now`; `fault` is
    /// the one drawn for it that the platform's data shows (a repeated row).
    fn answer(&self, call: &Call, fault: Option<Fault>, now: EpochSecs) -> (StatusCode, String);
}

/// One call to a gateway, as it came.
pub struct Call {
    pub method: Method,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Call {
    /// The parameters of the query string.
    pub fn query_params(&self) -> BTreeMap<String, String> {
        serde_urlencoded::from_str(self.query.as_deref().unwrap_or("")).unwrap_or_default()
    }

    /// Whether the body says it is of `content_type`.
    pub fn body_is(&self, content_type: &str) -> bool {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with(content_type))
    }

    /// The parameters of a form body; none when the body is no form.
    pub fn form_params(&self) -> BTreeMap<String, String> {
        if !self.body_is(FORM) {
            return BTreeMap::new();
        }
        serde_urlencoded::from_bytes(&self.body).unwrap_or_default()
    }
}

const FORM: &str = "application/x-www-form-urlencoded";

/// How every gateway's JSON is labelled.
const GATEWAY_JSON: &str = "application/json;charset=utf-8";

pub(super) fn http_date(at: EpochSecs) -> HeaderValue {
    let text = Utc
        .timestamp_opt(at, 0)
        .single()
        .map(|t| t.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
        .unwrap_or_default();
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"))
}

/// An answer dated `now` on the sandbox's clock.
pub fn dated(now: EpochSecs, status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::DATE, http_date(now));
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// The gateway route: a fault drawn for the call (throttled, slow, a 502,
/// a redirect), else the platform's answer, cut short or dated a month
/// ahead when the fault says so.
pub(super) async fn gateway_call<S: Served>(
    State(sandbox): State<Arc<S>>,
    method: Method,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let call = Call { method, query, headers, body };
    let fault = sandbox.faults().draw(crate::model::now_epoch());
    if fault == Some(Fault::RateLimited) {
        return sandbox.throttled(sandbox.clock().now());
    }
    if let Some(Fault::Slow(delay)) = fault {
        tokio::time::sleep(delay).await;
    }
    let now = sandbox.clock().now();
    if fault == Some(Fault::ServerError) {
        return dated(now, StatusCode::BAD_GATEWAY, "text/html", "<html>502 Bad Gateway</html>".to_owned());
    }
    if let Some(Fault::Redirect(port)) = fault {
        let mut response = dated(now, StatusCode::TEMPORARY_REDIRECT, "text/plain", String::new());
        if let Ok(location) = HeaderValue::from_str(&format!("http://127.0.0.1:{port}{}", S::GATEWAY_PATH)) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    let (status, mut body) = sandbox.answer(&call, fault, now);
    if fault == Some(Fault::Malformed) {
        body.truncate(body.len() / 2);
    }
    let mut response = dated(now, status, GATEWAY_JSON, body);
    if fault == Some(Fault::FutureDate) {
        response.headers_mut().insert(header::DATE, http_date(now + 30 * 86_400));
    }
    response
}
