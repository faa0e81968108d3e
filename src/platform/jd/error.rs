//! What can go wrong talking to the platform, sorted by what to do next.

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
