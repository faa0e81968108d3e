//! What can go wrong talking to the platform, sorted by what to do next.
use crate::error::{AppError, ErrorCode};
use crate::model::Message;

#[derive(Debug, thiserror::Error)]
pub enum JdError {
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
}

impl JdError {
    /// Worth sending the same request again within the run: the next answer
    /// may well be fine.
    pub fn is_worth_retrying(&self) -> bool {
        // 43 (timestamp refused) follows a wrong clock the answer itself corrects.
        let stale_timestamp = matches!(self, JdError::Gateway { code, .. } if code == "43");
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

impl JdError {
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
            JdError::Transport { timed_out: false, .. } => ErrorClass::Offline,
            JdError::Transport { .. } | JdError::Malformed(_) => ErrorClass::Transient,
            JdError::Insecure { .. }
            | JdError::Redirected { .. }
            | JdError::TooLarge { .. }
            | JdError::EndlessPages { .. }
            | JdError::ClockFarOff { .. } => ErrorClass::Rejected,
            JdError::Http { status: 429, .. } => ErrorClass::RateLimited,
            JdError::Http { .. } => ErrorClass::Transient,
            JdError::Gateway { code, .. } => match code.as_str() {
                "12" | "19" => ErrorClass::Credentials,
                "429" => ErrorClass::RateLimited,
                _ => ErrorClass::Rejected,
            },
            JdError::Business { code, .. } => match code {
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

impl From<JdError> for AppError {
    fn from(error: JdError) -> AppError {
        let class = error.class();
        AppError::new(platform_code(class), Message::new(class.advice_key()).with("detail", error))
    }
}
