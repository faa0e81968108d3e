//! The one signed transport under every platform's client: https anywhere
//! and plain http only to this machine, no redirect ever followed, answers
//! read no further than a bound, and the platform's clock learned from each
//! answer's `Date` header, so a laptop whose clock is wrong still signs
//! with the time the platform expects.

use super::PlatformError;
use crate::model::{now_epoch, EpochSecs};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long one request may take before it counts as failed.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest answer read: a full page of order rows is well under 2 MiB.
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
pub fn check_gateway(gateway: &str) -> Result<(), PlatformError> {
    let scheme = reqwest::Url::parse(gateway.trim()).ok().map(|url| url.scheme().to_owned());
    match scheme.as_deref() {
        Some("https") => Ok(()),
        Some("http") if is_loopback(gateway) => Ok(()),
        _ => Err(PlatformError::Insecure { gateway: gateway.trim().to_owned() }),
    }
}

/// An account's gateway and keys (多多进宝 calls its key `client_id`).
#[derive(Clone)]
pub struct Credentials {
    pub gateway: String,
    pub app_key: String,
    pub app_secret: String,
}

impl Credentials {
    /// The classic mistake: a secret pasted with a trailing newline.
    pub fn trimmed(self) -> Credentials {
        Credentials {
            gateway: self.gateway.trim().to_owned(),
            app_key: self.app_key.trim().to_owned(),
            app_secret: self.app_secret.trim().to_owned(),
        }
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("gateway", &self.gateway)
            .field("app_key", &self.app_key)
            .field("app_secret", &"<hidden>")
            .finish()
    }
}

/// A value and the platform time at which it was answered.
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

pub struct Gateway {
    http: reqwest::Client,
    url: String,
    /// Platform time minus local time, in seconds, from the last answer.
    offset: AtomicI64,
    /// Whether any answer has told the platform's time yet: until one has,
    /// a signed call would carry the laptop's clock, which the platform
    /// refuses when it is off by more than a few minutes.
    calibrated: AtomicBool,
    /// The earliest-running answer's platform time and when it came (later
    /// answers may not run ahead of it by more than the time since), and
    /// the last answer's time that was believed.
    trusted: Mutex<Option<Trusted>>,
}

impl Gateway {
    pub fn new(url: &str, timeout: Duration) -> Result<Gateway, PlatformError> {
        let url = url.trim().to_owned();
        check_gateway(&url)?;
        // A redirect would send the signed request to a host she never chose.
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| PlatformError::Transport { gateway: url.clone(), reason: e.to_string(), timed_out: false })?;
        Ok(Gateway {
            http,
            url,
            offset: AtomicI64::new(0),
            calibrated: AtomicBool::new(false),
            trusted: Mutex::new(None),
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The platform's "now" as best known from its last answer.
    pub fn platform_now(&self) -> EpochSecs {
        now_epoch() + self.offset.load(Ordering::SeqCst)
    }

    /// How far the platform's clock is from this laptop's, from the answers so far.
    pub fn clock_offset_secs(&self) -> i64 {
        self.offset.load(Ordering::SeqCst)
    }

    /// Asks the gateway for its time (any answer carries a `Date` header).
    pub async fn calibrate(&self) -> Result<EpochSecs, PlatformError> {
        let response = self.http.get(&self.url).send().await.map_err(|e| self.transport(e))?;
        refuse_redirect(&response)?;
        Ok(self.learn_time(response.headers()))
    }

    /// Learns the platform's time first if no answer has told it yet.
    pub async fn ensure_calibrated(&self) -> Result<(), PlatformError> {
        if !self.calibrated.load(Ordering::SeqCst) {
            self.calibrate().await?;
        }
        Ok(())
    }

    /// Posts a signed form (`application/x-www-form-urlencoded`).
    pub async fn post_form(&self, params: &BTreeMap<String, String>) -> Result<Answered<String>, PlatformError> {
        let request = self.http.post(&self.url).form(params);
        self.answer(request).await
    }

    /// Posts a JSON body (多多进宝's documented form of a call).
    pub async fn post_json(&self, body: String) -> Result<Answered<String>, PlatformError> {
        let request = self.http.post(&self.url).header(reqwest::header::CONTENT_TYPE, "application/json").body(body);
        self.answer(request).await
    }

    async fn answer(&self, request: reqwest::RequestBuilder) -> Result<Answered<String>, PlatformError> {
        let response = request.send().await.map_err(|e| self.transport(e))?;
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
            return Err(PlatformError::Http { status: status.as_u16(), snippet, retry_after_secs });
        }
        Ok(Answered { value: body, platform_time })
    }

    /// The body as text, read no further than `MAX_BODY_BYTES`.
    async fn read_body(&self, mut response: reqwest::Response) -> Result<String, PlatformError> {
        let too_large = PlatformError::TooLarge { limit_mib: (MAX_BODY_BYTES / (1024 * 1024)) as u64 };
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
        String::from_utf8(bytes).map_err(|_| PlatformError::Malformed("响应不是 UTF-8 文本".to_owned()))
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

    fn transport(&self, error: reqwest::Error) -> PlatformError {
        let timed_out = error.is_timeout();
        let reason = if timed_out { "timed out".to_owned() } else { error.to_string() };
        PlatformError::Transport { gateway: self.url.clone(), reason, timed_out }
    }
}

fn refuse_redirect(response: &reqwest::Response) -> Result<(), PlatformError> {
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
    Err(PlatformError::Redirected { status: response.status().as_u16(), location })
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
            assert!(matches!(check_gateway(insecure), Err(PlatformError::Insecure { .. })), "{insecure}");
        }
    }
}
