//! Connecting her own account on each platform from the window: the form's fields checked, one signed
//! call to prove them, and what went wrong said in words she can act on.

use super::AccountError;
use crate::model::{now_epoch, Message, Platform};
use crate::platform::http::{check_gateway, Credentials, DEFAULT_TIMEOUT};
use crate::platform::jd::JdClient;
use crate::platform::pdd::{OrderListQuery, PddClient, MIN_PAGE_SIZE};
use crate::platform::taobao::{OrderDetailsQuery, OrderScene, TaobaoClient};
use crate::platform::{ErrorClass, PlatformError, Refusal};

/// The real JD Union gateway; the form offers another under 高级 (tests point it at a sandbox).
pub const JD_GATEWAY: &str = "https://api.jd.com/routerjson";
/// 多多进宝's gateway (plain http is no longer allowed there).
pub const PDD_GATEWAY: &str = "https://gw-api.pinduoduo.com/api/router";
/// 淘宝联盟's TOP gateway over https.
pub const TAOBAO_GATEWAY: &str = "https://eco.taobao.com/router/rest";

/// Each platform's real gateway, what an empty gateway field means.
pub fn default_gateway(platform: Platform) -> &'static str {
    match platform {
        Platform::Jd => JD_GATEWAY,
        Platform::Pdd => PDD_GATEWAY,
        Platform::Taobao => TAOBAO_GATEWAY,
    }
}

/// What the account form sends. The secret is write-only: it goes to the
/// keyring and never comes back to the window.
#[derive(Clone, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct AccountForm {
    pub platform: Platform,
    pub gateway: String,
    pub app_key: String,
    pub app_secret: String,
}

/// Never prints the secret, whatever prints the form.
impl std::fmt::Debug for AccountForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountForm")
            .field("platform", &self.platform)
            .field("gateway", &self.gateway)
            .field("app_key", &self.app_key)
            .finish_non_exhaustive()
    }
}

impl AccountForm {
    /// Outer spaces and line breaks (pasted along with a key) are dropped;
    /// anything else that cannot be part of a key is refused at its field.
    pub fn checked(&self) -> Result<Credentials, AccountError> {
        let gateway = self.gateway.trim();
        let gateway = if gateway.is_empty() { default_gateway(self.platform) } else { gateway };
        if gateway.contains(char::is_whitespace) || check_gateway(gateway).is_err() {
            return Err(invalid("gateway", Message::new("account.gateway.scheme").with("value", gateway)));
        }
        let app_key = self.app_key.trim();
        let app_secret = self.app_secret.trim();
        for (field, value) in [("app_key", app_key), ("app_secret", app_secret)] {
            if value.is_empty() {
                return Err(invalid(field, Message::new("field.required")));
            }
            if value.chars().any(|c| c.is_whitespace() || c.is_control()) || value.chars().count() > 128 {
                return Err(invalid(field, Message::new("account.key.shape")));
            }
        }
        Ok(Credentials { gateway: gateway.to_owned(), app_key: app_key.to_owned(), app_secret: app_secret.to_owned() })
    }
}

fn invalid(field: &'static str, message: Message) -> AccountError {
    AccountError::Invalid { field, message }
}

/// One signed call: proof that the key, the secret and the permission are
/// right. Answers what it found, in words for the window: JD's promotion
/// positions, or the other two's orders of the last hour.
pub async fn test(platform: Platform, credentials: Credentials) -> Result<Message, PlatformError> {
    match platform {
        Platform::Jd => {
            let positions = JdClient::new(credentials, DEFAULT_TIMEOUT)?.positions(1).await?.total;
            Ok(Message::new("account.testOk").with("positions", positions))
        }
        Platform::Pdd => {
            let client = PddClient::new(credentials, DEFAULT_TIMEOUT)?;
            let now = client.calibrate().await.unwrap_or_else(|_| now_epoch());
            let query = OrderListQuery {
                start_update_time: now - 3600,
                end_update_time: now,
                page: 1,
                page_size: MIN_PAGE_SIZE,
                return_count: true,
            };
            let orders = client.order_page(&query).await?.value.total_count.unwrap_or(0);
            Ok(Message::new("account.testOkOrders").with("orders", orders))
        }
        Platform::Taobao => {
            let client = TaobaoClient::new(credentials, DEFAULT_TIMEOUT)?;
            let now = client.calibrate().await.unwrap_or_else(|_| now_epoch());
            let page =
                client.order_page(&OrderDetailsQuery::updated_between(now - 3600, now, OrderScene::All)).await?.value;
            let orders = page.rows.len() + page.rejected.len();
            let key = if page.has_next { "account.testOkOrdersMore" } else { "account.testOkOrders" };
            Ok(Message::new(key).with("orders", orders))
        }
    }
}

/// What a failed test means for her, and what to do: where to look names
/// the platform's own back office.
pub fn problem(platform: Platform, error: &PlatformError) -> (&'static str, Message) {
    let message = |key: &str| Message::new(key).with("detail", error);
    let (signature, permission) = match platform {
        Platform::Jd => ("account.test.signature", "account.test.permission"),
        Platform::Pdd => ("account.test.signature.pdd", "account.test.permission.pdd"),
        Platform::Taobao => ("account.test.signature.taobao", "account.test.permission.taobao"),
    };
    match error {
        PlatformError::Gateway { code, .. } if code == "12" => ("app_secret", message(signature)),
        PlatformError::Gateway { code, .. } if code == "19" => ("app_key", message("account.test.appKey")),
        PlatformError::Gateway { code, .. } if code == "43" => ("gateway", message("account.test.clock")),
        PlatformError::Refused { refusal: Refusal::Signature, .. } => ("app_secret", message(signature)),
        PlatformError::Refused { refusal: Refusal::AppKey, .. } => ("app_key", message("account.test.appKey")),
        PlatformError::Refused { refusal: Refusal::Clock, .. } => ("gateway", message("account.test.clock")),
        PlatformError::Refused { refusal: Refusal::Throttled { .. } | Refusal::SpentForToday, .. } => {
            ("gateway", message("account.test.throttled"))
        }
        _ => match error.class() {
            ErrorClass::Offline | ErrorClass::Transient | ErrorClass::RateLimited => {
                ("gateway", message("account.test.offline"))
            }
            ErrorClass::Credentials => ("app_key", message(permission)),
            ErrorClass::Rejected | ErrorClass::WindowTooLarge => ("gateway", message("account.test.rejected")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(gateway: &str, key: &str, secret: &str) -> AccountForm {
        AccountForm { platform: Platform::Jd, gateway: gateway.into(), app_key: key.into(), app_secret: secret.into() }
    }

    fn field_of(error: AccountError) -> &'static str {
        match error {
            AccountError::Invalid { field, .. } => field,
            other => panic!("{other}"),
        }
    }

    #[test]
    fn pasted_keys_are_trimmed_and_broken_ones_refused_at_their_field() {
        let ok = form("", "  abc123\n", "s3cret\r\n").checked().unwrap();
        assert_eq!(
            (ok.gateway.as_str(), ok.app_key.as_str(), ok.app_secret.as_str()),
            (JD_GATEWAY, "abc123", "s3cret")
        );
        assert_eq!(field_of(form("ftp://x", "k", "s").checked().unwrap_err()), "gateway");
        assert_eq!(field_of(form("", "ab c", "s").checked().unwrap_err()), "app_key");
        assert_eq!(field_of(form("", "k", "").checked().unwrap_err()), "app_secret");
    }

    #[test]
    fn each_refusal_says_which_field_to_fix() {
        let gateway = |code: &str| PlatformError::Gateway { code: code.into(), zh: String::new(), en: String::new() };
        assert_eq!(problem(Platform::Jd, &gateway("12")).0, "app_secret");
        assert_eq!(problem(Platform::Jd, &gateway("19")).1.key, "account.test.appKey");
        assert_eq!(problem(Platform::Jd, &gateway("43")).1.key, "account.test.clock");
        let offline = PlatformError::Transport { gateway: "g".into(), reason: "refused".into(), timed_out: false };
        assert_eq!(problem(Platform::Jd, &offline).1.key, "account.test.offline");
        // 多多进宝's and 淘宝联盟's refusals land on the same fields.
        let refused = |refusal| PlatformError::Refused { code: "20004".into(), message: String::new(), refusal };
        assert_eq!(problem(Platform::Jd, &refused(Refusal::Signature)).0, "app_secret");
        assert_eq!(problem(Platform::Jd, &refused(Refusal::AppKey)).1.key, "account.test.appKey");
        assert_eq!(problem(Platform::Jd, &refused(Refusal::Clock)).1.key, "account.test.clock");
        assert_eq!(problem(Platform::Jd, &refused(Refusal::Permission)).1.key, "account.test.permission");
        assert_eq!(problem(Platform::Pdd, &refused(Refusal::Permission)).1.key, "account.test.permission.pdd");
        assert_eq!(problem(Platform::Taobao, &refused(Refusal::Signature)).1.key, "account.test.signature.taobao");
        assert_eq!(
            problem(Platform::Jd, &refused(Refusal::Throttled { wait_secs: None })).1.key,
            "account.test.throttled"
        );
    }

    #[test]
    fn an_empty_gateway_is_the_platforms_own() {
        for platform in Platform::ALL {
            let form = AccountForm { platform, gateway: " ".into(), app_key: "k".into(), app_secret: "s".into() };
            assert_eq!(form.checked().unwrap().gateway, default_gateway(platform));
        }
    }
}
