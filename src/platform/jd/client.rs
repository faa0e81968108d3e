//! The signed HTTP client for JD Union's gateway. It signs with the
//! platform's clock (learned from each answer's `Date` header), so a laptop
//! whose clock is wrong still talks to the gateway correctly.

use super::error::JdError;
use super::positions::{
    parse_created_positions, parse_position_page, PlatformPosition, PositionCreate, PositionPage, PositionQuery,
};
use super::sign::sign;
use super::wire::{parse_order_page, OrderPage};
use crate::model::{format_platform, now_epoch, EpochSecs};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

pub const ORDER_ROW_QUERY: &str = "jd.union.open.order.row.query";
pub const POSITION_QUERY: &str = "jd.union.open.position.query";
pub const POSITION_CREATE: &str = "jd.union.open.position.create";
/// How long one request may take before it counts as failed.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

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

pub struct JdClient {
    http: reqwest::Client,
    credentials: JdCredentials,
    /// Platform time minus local time, in seconds, from the last answer.
    offset: AtomicI64,
    /// Whether any answer has told the platform's time yet: until one has,
    /// a signed call would carry the laptop's clock, which the platform
    /// refuses (error 43) when it is off by more than a few minutes.
    calibrated: AtomicBool,
}

impl JdClient {
    pub fn new(credentials: JdCredentials, timeout: Duration) -> Result<JdClient, JdError> {
        // The classic mistake: a secret pasted with a trailing newline.
        let credentials = JdCredentials {
            gateway: credentials.gateway.trim().to_owned(),
            app_key: credentials.app_key.trim().to_owned(),
            app_secret: credentials.app_secret.trim().to_owned(),
        };
        let http =
            reqwest::Client::builder().timeout(timeout).connect_timeout(Duration::from_secs(10)).build().map_err(
                |e| JdError::Transport {
                    gateway: credentials.gateway.clone(),
                    reason: e.to_string(),
                    timed_out: false,
                },
            )?;
        Ok(JdClient { http, credentials, offset: AtomicI64::new(0), calibrated: AtomicBool::new(false) })
    }

    /// The platform's "now" as best known from its last answer.
    pub fn platform_now(&self) -> EpochSecs {
        now_epoch() + self.offset.load(Ordering::SeqCst)
    }

    /// Asks the gateway for its time (any answer carries a `Date` header).
    pub async fn calibrate(&self) -> Result<EpochSecs, JdError> {
        let response = self.http.get(&self.credentials.gateway).send().await.map_err(|e| self.transport(e))?;
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
        let platform_time = self.learn_time(response.headers());
        let status = response.status();
        let retry_after_secs = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let body = response.text().await.map_err(|e| self.transport(e))?;
        if !status.is_success() {
            let snippet: String = body.chars().take(200).collect();
            return Err(JdError::Http { status: status.as_u16(), snippet, retry_after_secs });
        }
        Ok(Answered { value: body, platform_time })
    }

    fn learn_time(&self, headers: &reqwest::header::HeaderMap) -> EpochSecs {
        let date = headers
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok())
            .map(|t| t.timestamp());
        if let Some(date) = date {
            self.offset.store(date - now_epoch(), Ordering::SeqCst);
            self.calibrated.store(true, Ordering::SeqCst);
        }
        date.unwrap_or_else(|| self.platform_now())
    }

    fn transport(&self, error: reqwest::Error) -> JdError {
        let timed_out = error.is_timeout();
        let reason = if timed_out { "timed out".to_owned() } else { error.to_string() };
        JdError::Transport { gateway: self.credentials.gateway.clone(), reason, timed_out }
    }
}
