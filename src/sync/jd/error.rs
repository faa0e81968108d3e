//! What can go wrong talking to the platform, sorted by what to do next.

#[derive(Debug, thiserror::Error)]
pub enum JdError {
    #[error("无法连接平台 {gateway}: {reason} / cannot reach the platform")]
    Transport { gateway: String, reason: String, timed_out: bool },
    #[error("平台返回 HTTP {status}: {snippet}")]
    Http { status: u16, snippet: String, retry_after_secs: Option<u64> },
    #[error("平台网关错误 {code}: {zh} ({en})")]
    Gateway { code: String, zh: String, en: String },
    #[error("平台业务错误 {code}: {message}")]
    Business { code: i64, message: String },
    #[error("平台返回的数据无法解析: {0}")]
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

    /// What the user should do, in plain Chinese.
    pub fn advice_zh(&self) -> &'static str {
        match self.class() {
            ErrorClass::Credentials => "请在设置中检查 App Key 和 App Secret 是否正确、账号是否有权限。",
            ErrorClass::RateLimited => "平台调用过于频繁，稍后会自动重试。",
            ErrorClass::Offline => "无法连接平台（可能没有网络）。本地数据照常可用，联网后会自动同步。",
            ErrorClass::Transient => "网络或平台暂时异常，已保存的数据不受影响，请稍后重新同步。",
            ErrorClass::WindowTooLarge => "该时间段订单过多，将自动缩小查询范围。",
            ErrorClass::Rejected => "请求被平台拒绝，请检查电脑时间和账号设置，或联系开发者。",
        }
    }
}
