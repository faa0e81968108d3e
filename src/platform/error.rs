//! What can go wrong talking to the platform, sorted by what to do next.
use crate::error::{AppError, ErrorCode};
use crate::model::Message;

/// The longest ban a run waits out; a longer one ends it, worded as
/// throttled, and the schedule holds off until the ban ends (a day at most).
pub const MAX_WAIT_WITHIN_RUN_SECS: u64 = 300;

#[derive(Debug, thiserror::Error)]
pub enum PlatformError {
    #[error("cannot reach the platform at {gateway}: {reason}")]
    Transport { gateway: String, reason: String, timed_out: bool },
    #[error("the platform answered HTTP {status}: {snippet}")]
    Http { status: u16, snippet: String, retry_after_secs: Option<u64> },
    #[error("gateway error {code}: {zh} ({en})")]
    Gateway { code: String, zh: String, en: String },
    #[error("business error {code}: {message}")]
    Business { code: i64, message: String },
    #[error("the answer cannot be read: {0}")]
    Malformed(String),
    #[error("the gateway {gateway} is plain http:// off this machine: order data and signatures would travel unencrypted; use https://")]
    Insecure { gateway: String },
    #[error(
        "the gateway answered HTTP {status}, sending the request to {location}; a signed request is never sent on"
    )]
    Redirected { status: u16, location: String },
    #[error("the answer is over {limit_mib} MiB; no order page is that large")]
    TooLarge { limit_mib: u64 },
    #[error("the platform still says there are more rows after {pages} pages of one window (at most 10,000 rows fit in one)")]
    EndlessPages { pages: u32 },
    #[error(
        "the platform's clock ({platform}) is {days} days from this laptop's; the cursor is not moved on its word"
    )]
    ClockFarOff { platform: String, days: i64 },
    /// 多多进宝's and 淘宝联盟's refusals, sorted by their client into what
    /// the window already words.
    #[error("the platform refused the call ({code}): {message}")]
    Refused { code: String, message: String, refusal: Refusal },
}

/// What a 多多进宝 or 淘宝联盟 refusal means for her, whatever its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The signature does not match: the secret is wrong.
    Signature,
    /// The platform does not know the key (client id, app key).
    AppKey,
    /// The app lacks the permission, the IP whitelist, or its quota as a test app.
    Permission,
    /// The timestamp is too far from the platform's clock.
    Clock,
    /// Too many calls: wait, as long as the platform says when it does.
    Throttled { wait_secs: Option<u64> },
    /// The day's calls are spent (淘宝联盟's 3000, "try again tomorrow"):
    /// throttled, but nothing within the run will bring them back.
    SpentForToday,
    /// Too many rows in the window: split it.
    WindowTooLarge,
    /// A passing failure on the platform's side.
    Transient,
    /// A request the platform will never accept as sent.
    Other,
}

impl Refusal {
    fn class(self) -> ErrorClass {
        match self {
            Refusal::Signature | Refusal::AppKey | Refusal::Permission => ErrorClass::Credentials,
            // The client learns the platform's clock from the refusal's own
            // answer, so the next try carries the right time.
            Refusal::Clock | Refusal::Transient => ErrorClass::Transient,
            Refusal::Throttled { .. } | Refusal::SpentForToday => ErrorClass::RateLimited,
            Refusal::WindowTooLarge => ErrorClass::WindowTooLarge,
            Refusal::Other => ErrorClass::Rejected,
        }
    }
}

impl PlatformError {
    /// "Too many calls" that waiting within the run can outlast: not a
    /// day's calls spent, nor a ban longer than a run should sit waiting.
    pub fn is_worth_waiting_out(&self) -> bool {
        self.class() == ErrorClass::RateLimited
            && !matches!(self, PlatformError::Refused { refusal: Refusal::SpentForToday, .. })
            && self.wait_secs().is_none_or(|secs| secs <= MAX_WAIT_WITHIN_RUN_SECS)
    }

    /// How long the platform asks to be left alone, when it says:
    /// `Retry-After`, or a ban's seconds.
    pub fn wait_secs(&self) -> Option<u64> {
        match self {
            PlatformError::Http { retry_after_secs, .. } => *retry_after_secs,
            PlatformError::Refused { refusal: Refusal::Throttled { wait_secs }, .. } => *wait_secs,
            _ => None,
        }
    }

    /// Worth sending the same request again within the run: the next answer
    /// may well be fine.
    pub fn is_worth_retrying(&self) -> bool {
        // 43 (timestamp refused) follows a wrong clock the answer itself corrects.
        let stale_timestamp = matches!(self, PlatformError::Gateway { code, .. } if code == "43");
        stale_timestamp || matches!(self.class(), ErrorClass::Transient | ErrorClass::Offline)
    }
}

/// How the sync engine should react to an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// Wrong key, secret, token or permission: retrying cannot help; the
    /// user has to fix the account.
    Credentials,
    /// Over 10,000 rows in the window: split it.
    WindowTooLarge,
    /// Too many calls: wait and try again.
    RateLimited,
    /// The platform cannot be reached at all (no network, DNS, refused).
    Offline,
    /// A 5xx, a timeout, a broken body: worth another try later.
    Transient,
    /// A request the platform will never accept as sent.
    Rejected,
}

impl PlatformError {
    /// The word stored with a failed run, read back by the scheduler.
    pub fn class_name(&self) -> &'static str {
        match self.class() {
            ErrorClass::Credentials => "credentials",
            ErrorClass::Offline => "offline",
            ErrorClass::RateLimited => "rate_limited",
            ErrorClass::WindowTooLarge | ErrorClass::Rejected => "rejected",
            ErrorClass::Transient => "transient",
        }
    }

    pub fn class(&self) -> ErrorClass {
        match self {
            PlatformError::Transport { timed_out: false, .. } => ErrorClass::Offline,
            PlatformError::Transport { .. } | PlatformError::Malformed(_) => ErrorClass::Transient,
            PlatformError::Insecure { .. }
            | PlatformError::Redirected { .. }
            | PlatformError::TooLarge { .. }
            | PlatformError::EndlessPages { .. }
            | PlatformError::ClockFarOff { .. } => ErrorClass::Rejected,
            PlatformError::Http { status: 429, .. } => ErrorClass::RateLimited,
            PlatformError::Http { .. } => ErrorClass::Transient,
            PlatformError::Gateway { code, .. } => match code.as_str() {
                "12" | "19" => ErrorClass::Credentials,
                "429" => ErrorClass::RateLimited,
                _ => ErrorClass::Rejected,
            },
            PlatformError::Refused { refusal, .. } => refusal.class(),
            PlatformError::Business { code, .. } => match code {
                2002452 => ErrorClass::WindowTooLarge,
                2002401 | 2002403 | 2002410 => ErrorClass::Credentials,
                429 => ErrorClass::RateLimited,
                2002408 | 2002500 => ErrorClass::Transient,
                _ => ErrorClass::Rejected,
            },
        }
    }
}

impl ErrorClass {
    /// The message key of what she should do next (the same words the 同步 page uses).
    pub fn advice_key(self) -> &'static str {
        match self {
            ErrorClass::Credentials => "sync.failure.credentials",
            ErrorClass::RateLimited => "sync.failure.rate_limited",
            ErrorClass::Offline => "sync.failure.offline",
            ErrorClass::Transient => "sync.failure.transient",
            ErrorClass::WindowTooLarge => "sync.failure.window_too_large",
            ErrorClass::Rejected => "sync.failure.rejected",
        }
    }
}

fn platform_code(class: ErrorClass) -> ErrorCode {
    match class {
        ErrorClass::Credentials => ErrorCode::Unauthorized,
        ErrorClass::Offline | ErrorClass::Transient | ErrorClass::RateLimited => ErrorCode::Offline,
        ErrorClass::Rejected => ErrorCode::Validation,
        ErrorClass::WindowTooLarge => ErrorCode::Internal,
    }
}

impl From<PlatformError> for AppError {
    fn from(error: PlatformError) -> AppError {
        let class = error.class();
        AppError::new(platform_code(class), Message::new(class.advice_key()).with("detail", error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ban(wait_secs: Option<u64>) -> PlatformError {
        PlatformError::Refused {
            code: "7".into(),
            message: "App Call Limited".into(),
            refusal: Refusal::Throttled { wait_secs },
        }
    }

    #[test]
    fn a_ban_is_waited_out_within_the_run_only_when_it_is_short() {
        assert!(ban(None).is_worth_waiting_out());
        assert_eq!(ban(Some(3)).wait_secs(), Some(3));
        assert!(ban(Some(MAX_WAIT_WITHIN_RUN_SECS)).is_worth_waiting_out());
        assert!(!ban(Some(MAX_WAIT_WITHIN_RUN_SECS + 1)).is_worth_waiting_out());
        assert_eq!(ban(Some(3600)).class(), ErrorClass::RateLimited, "still worded as throttled");
        let asked = |secs| PlatformError::Http { status: 429, snippet: String::new(), retry_after_secs: Some(secs) };
        assert!(asked(30).is_worth_waiting_out());
        assert!(!asked(7200).is_worth_waiting_out());
        let spent =
            PlatformError::Refused { code: "15/3000".into(), message: String::new(), refusal: Refusal::SpentForToday };
        assert!(!spent.is_worth_waiting_out());
    }
}
