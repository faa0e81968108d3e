//! The signed HTTP client for JD Union's gateway. It signs with the
//! platform's clock (learned from each answer's `Date` header), so a laptop
//! whose clock is wrong still talks to the gateway correctly.

use super::error::JdError;
use super::positions::{
    parse_created_positions, parse_position_page, PlatformPosition, PositionCreate, PositionPage, PositionQuery,
};
use super::promotion::{parse_promotion_link, PromotionCodeReq, PromotionLink};
use super::sign::sign;
use super::wire::{parse_order_page, OrderPage};
use crate::model::{format_platform, now_epoch, EpochSecs};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const ORDER_ROW_QUERY: &str = "jd.union.open.order.row.query";
pub const POSITION_QUERY: &str = "jd.union.open.position.query";
pub const POSITION_CREATE: &str = "jd.union.open.position.create";
pub const PROMOTION_BY_SUB_UNION_ID: &str = "jd.union.open.promotion.bysubunionid.get";
/// How long one request may take before it counts as failed.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest answer read: a full page of 500 rows is well under 2 MiB.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// How far an answer's clock may run ahead of the first answer's plus the
/// time since, before it is taken for a wrong clock rather than the
/// platform's.
const DATE_SLACK_SECS: i64 = 120;

/// Whether a gateway URL names this machine (a sandbox: the demo's or a
/// test's), the only place plain `http://` may go.
pub fn is_loopback(gateway: &str) -> bool {
    let url = reqwest::Url::parse(gateway.trim()).ok();
    let host = url.as_ref().and_then(reqwest::Url::host_str).map(|h| h.trim_matches(['[', ']']));
    host.is_some_and(|h| h == "localhost" || h.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback()))
}

/// `https://` anywhere, `http://` only to this machine.
pub fn check_gateway(gateway: &str) -> Result<(), JdError> {
    let scheme = reqwest::Url::parse(gateway.trim()).ok().map(|url| url.scheme().to_owned());
    match scheme.as_deref() {
        Some("https") => Ok(()),
        Some("http") if is_loopback(gateway) => Ok(()),
        _ => Err(JdError::Insecure { gateway: gateway.trim().to_owned() }),
    }
}

#[derive(Clone)]
pub struct JdCredentials {
    pub gateway: String,
    pub app_key: String,
    pub app_secret: String,
}

impl std::fmt::Debug for JdCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JdCredentials")
            .field("gateway", &self.gateway)
            .field("app_key", &self.app_key)
            .field("app_secret", &"<hidden>")
            .finish()
    }
}

/// `orderReq` of `jd.union.open.order.row.query`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderQuery {
    pub page_index: u32,
    pub page_size: u32,
    #[serde(rename = "type")]
    pub time_kind: u8,
    pub start_time: String,
    pub end_time: String,
}

impl OrderQuery {
    /// Rows whose update time lies in `[start, end)`: the incremental query.
    pub fn updated_between(start: EpochSecs, end: EpochSecs, page_index: u32, page_size: u32) -> OrderQuery {
        OrderQuery {
            page_index,
            page_size,
            time_kind: 3,
            start_time: format_platform(start),
            end_time: format_platform(end),
        }
    }
}

/// A page and the platform time at which it was answered.
pub struct Answered<T> {
    pub value: T,
    pub platform_time: EpochSecs,
}

#[derive(Clone, Copy)]
struct Trusted {
    base: EpochSecs,
    base_at: Instant,
    last: EpochSecs,
}

pub struct JdClient {
    http: reqwest::Client,
    credentials: JdCredentials,
    /// Platform time minus local time, in seconds, from the last answer.
    offset: AtomicI64,
    /// Whether any answer has told the platform's time yet: until one has,
    /// a signed call would carry the laptop's clock, which the platform
    /// refuses (error 43) when it is off by more than a few minutes.
    calibrated: AtomicBool,
    /// The earliest-running answer's platform time and when it came (later
    /// answers may not run ahead of it by more than the time since), and
    /// the last answer's time that was believed.
    trusted: Mutex<Option<Trusted>>,
}

impl JdClient {
    pub fn new(credentials: JdCredentials, timeout: Duration) -> Result<JdClient, JdError> {
        // The classic mistake: a secret pasted with a trailing newline.
        let credentials = JdCredentials {
            gateway: credentials.gateway.trim().to_owned(),
            app_key: credentials.app_key.trim().to_owned(),
            app_secret: credentials.app_secret.trim().to_owned(),
        };
        check_gateway(&credentials.gateway)?;
        // A redirect would send the signed form to a host she never chose.
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| JdError::Transport {
                gateway: credentials.gateway.clone(),
                reason: e.to_string(),
                timed_out: false,
            })?;
        Ok(JdClient {
            http,
            credentials,
            offset: AtomicI64::new(0),
            calibrated: AtomicBool::new(false),
            trusted: Mutex::new(None),
        })
    }

    /// The platform's "now" as best known from its last answer.
    pub fn platform_now(&self) -> EpochSecs {
        now_epoch() + self.offset.load(Ordering::SeqCst)
    }

    /// Asks the gateway for its time (any answer carries a `Date` header).
    pub async fn calibrate(&self) -> Result<EpochSecs, JdError> {
        let response = self.http.get(&self.credentials.gateway).send().await.map_err(|e| self.transport(e))?;
        refuse_redirect(&response)?;
        Ok(self.learn_time(response.headers()))
    }

    pub async fn order_rows(&self, query: &OrderQuery) -> Result<Answered<OrderPage>, JdError> {
        let param = serde_json::json!({ "orderReq": query }).to_string();
        let answered = self.call(ORDER_ROW_QUERY, param).await?;
        Ok(Answered { value: parse_order_page(&answered.value)?, platform_time: answered.platform_time })
    }

    pub async fn positions(&self, page_index: u32) -> Result<PositionPage, JdError> {
        let param = serde_json::json!({ "positionReq": PositionQuery::page(page_index) }).to_string();
        parse_position_page(&self.call(POSITION_QUERY, param).await?.value)
    }

    pub async fn create_positions(&self, names: Vec<String>) -> Result<Vec<PlatformPosition>, JdError> {
        let param = serde_json::json!({ "positionReq": PositionCreate::named(names) }).to_string();
        parse_created_positions(&self.call(POSITION_CREATE, param).await?.value)
    }

    /// A tracking link, and the platform time it was made at (its 60 days run from then).
    pub async fn promotion_link(&self, request: &PromotionCodeReq) -> Result<Answered<PromotionLink>, JdError> {
        let param = serde_json::json!({ "promotionCodeReq": request }).to_string();
        let answered = self.call(PROMOTION_BY_SUB_UNION_ID, param).await?;
        Ok(Answered { value: parse_promotion_link(&answered.value)?, platform_time: answered.platform_time })
    }

    async fn call(&self, method: &str, param_json: String) -> Result<Answered<String>, JdError> {
        if !self.calibrated.load(Ordering::SeqCst) {
            self.calibrate().await?;
        }
        let mut params: BTreeMap<String, String> = BTreeMap::new();
        params.insert("method".into(), method.into());
        params.insert("app_key".into(), self.credentials.app_key.clone());
        params.insert("timestamp".into(), format_platform(self.platform_now()));
        params.insert("format".into(), "json".into());
        params.insert("v".into(), "1.0".into());
        params.insert("sign_method".into(), "md5".into());
        params.insert("360buy_param_json".into(), param_json);
        let signature = sign(&self.credentials.app_secret, &params);
        params.insert("sign".into(), signature);
        let response =
            self.http.post(&self.credentials.gateway).form(&params).send().await.map_err(|e| self.transport(e))?;
        refuse_redirect(&response)?;
        let platform_time = self.learn_time(response.headers());
        let status = response.status();
        let retry_after_secs = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let body = self.read_body(response).await?;
        if !status.is_success() {
            let snippet: String = body.chars().take(200).collect();
            return Err(JdError::Http { status: status.as_u16(), snippet, retry_after_secs });
        }
        Ok(Answered { value: body, platform_time })
    }

    /// The body as text, read no further than `MAX_BODY_BYTES`.
    async fn read_body(&self, mut response: reqwest::Response) -> Result<String, JdError> {
        let too_large = JdError::TooLarge { limit_mib: (MAX_BODY_BYTES / (1024 * 1024)) as u64 };
        if response.content_length().is_some_and(|length| length > MAX_BODY_BYTES as u64) {
            return Err(too_large);
        }
        let mut bytes: Vec<u8> = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.transport(e))? {
            if bytes.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(too_large);
            }
            bytes.extend_from_slice(&chunk);
        }
        String::from_utf8(bytes).map_err(|_| JdError::Malformed("响应不是 UTF-8 文本".to_owned()))
    }

    /// The platform's time from an answer's `Date`, when it is plausible:
    /// an answer running ahead of the earlier ones by more than the time
    /// since is not believed (it would move the cursor into the future),
    /// and the time is told from them instead. An answer running behind
    /// them shows the earlier one was the wrong one: clocks do not go back.
    fn learn_time(&self, headers: &reqwest::header::HeaderMap) -> EpochSecs {
        let date = headers
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok())
            .map(|t| t.timestamp());
        let Some(date) = date else { return self.platform_now() };
        let mut trusted = self.trusted.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let expected = trusted.map(|t| (t, t.base + t.base_at.elapsed().as_secs() as i64));
        match expected {
            // The last believed time, not an extrapolation: a cursor may lag, never lead.
            Some((t, expected)) if date > expected + DATE_SLACK_SECS => {
                tracing::warn!(ahead_secs = date - expected, "the platform's Date jumped ahead; not believed");
                return t.last;
            }
            Some((t, expected)) if date >= expected - DATE_SLACK_SECS => *trusted = Some(Trusted { last: date, ..t }),
            _ => *trusted = Some(Trusted { base: date, base_at: Instant::now(), last: date }),
        }
        self.offset.store(date - now_epoch(), Ordering::SeqCst);
        self.calibrated.store(true, Ordering::SeqCst);
        date
    }

    pub fn gateway(&self) -> &str {
        &self.credentials.gateway
    }

    /// How far the platform's clock is from this laptop's, from the answers so far.
    pub fn clock_offset_secs(&self) -> i64 {
        self.offset.load(Ordering::SeqCst)
    }

    fn transport(&self, error: reqwest::Error) -> JdError {
        let timed_out = error.is_timeout();
        let reason = if timed_out { "timed out".to_owned() } else { error.to_string() };
        JdError::Transport { gateway: self.credentials.gateway.clone(), reason, timed_out }
    }
}

fn refuse_redirect(response: &reqwest::Response) -> Result<(), JdError> {
    if !response.status().is_redirection() {
        return Ok(());
    }
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("?")
        .chars()
        .take(200)
        .collect();
    Err(JdError::Redirected { status: response.status().as_u16(), location })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_goes_only_to_this_machine() {
        assert!(check_gateway("https://api.jd.com/routerjson").is_ok());
        assert!(check_gateway("http://127.0.0.1:5000/routerjson").is_ok());
        assert!(check_gateway("http://[::1]:5000/routerjson").is_ok());
        assert!(check_gateway("http://localhost/routerjson").is_ok());
        for insecure in ["http://api.jd.com/routerjson", "http://127.0.0.1.example.com/x", "ftp://x", "api.jd.com"] {
            assert!(matches!(check_gateway(insecure), Err(JdError::Insecure { .. })), "{insecure}");
        }
    }
}
