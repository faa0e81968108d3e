//! Connecting her own JD Union account from the window: the form's fields checked, one signed call to
//! prove them, and what went wrong said in words she can act on.

use super::AccountError;
use crate::model::Message;
use crate::platform::jd::{check_gateway, ErrorClass, JdClient, JdCredentials, JdError, DEFAULT_TIMEOUT};

/// The real JD Union gateway; the form offers another under 高级 (tests point it at a sandbox).
pub const JD_GATEWAY: &str = "https://api.jd.com/routerjson";

/// What the account form sends. The secret is write-only: it goes to the
/// keyring and never comes back to the window.
#[derive(Clone, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct AccountForm {
    pub gateway: String,
    pub app_key: String,
    pub app_secret: String,
}

/// Never prints the secret, whatever prints the form.
impl std::fmt::Debug for AccountForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountForm")
            .field("gateway", &self.gateway)
            .field("app_key", &self.app_key)
            .finish_non_exhaustive()
    }
}

impl AccountForm {
    /// Outer spaces and line breaks (pasted along with a key) are dropped;
    /// anything else that cannot be part of a key is refused at its field.
    pub fn checked(&self) -> Result<JdCredentials, AccountError> {
        let gateway = self.gateway.trim();
        let gateway = if gateway.is_empty() { JD_GATEWAY } else { gateway };
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
        Ok(JdCredentials {
            gateway: gateway.to_owned(),
            app_key: app_key.to_owned(),
            app_secret: app_secret.to_owned(),
        })
    }
}

fn invalid(field: &'static str, message: Message) -> AccountError {
    AccountError::Invalid { field, message }
}

/// One signed call (the account's promotion positions, first page): proof
/// that the key, the secret and the permission are right. Answers how many
/// positions the account has.
pub async fn test(credentials: JdCredentials) -> Result<u64, JdError> {
    let client = JdClient::new(credentials, DEFAULT_TIMEOUT)?;
    Ok(client.positions(1).await?.total)
}

/// What a failed test means for her, and what to do.
pub fn problem(error: &JdError) -> (&'static str, Message) {
    let message = |key: &str| Message::new(key).with("detail", error);
    match error {
        JdError::Gateway { code, .. } if code == "12" => ("app_secret", message("account.test.signature")),
        JdError::Gateway { code, .. } if code == "19" => ("app_key", message("account.test.appKey")),
        JdError::Gateway { code, .. } if code == "43" => ("gateway", message("account.test.clock")),
        _ => match error.class() {
            ErrorClass::Offline | ErrorClass::Transient | ErrorClass::RateLimited => {
                ("gateway", message("account.test.offline"))
            }
            ErrorClass::Credentials => ("app_key", message("account.test.permission")),
            ErrorClass::Rejected | ErrorClass::WindowTooLarge => ("gateway", message("account.test.rejected")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(gateway: &str, key: &str, secret: &str) -> AccountForm {
        AccountForm { gateway: gateway.into(), app_key: key.into(), app_secret: secret.into() }
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
        let gateway = |code: &str| JdError::Gateway { code: code.into(), zh: String::new(), en: String::new() };
        assert_eq!(problem(&gateway("12")).0, "app_secret");
        assert_eq!(problem(&gateway("19")).1.key, "account.test.appKey");
        assert_eq!(problem(&gateway("43")).1.key, "account.test.clock");
        let offline = JdError::Transport { gateway: "g".into(), reason: "refused".into(), timed_out: false };
        assert_eq!(problem(&offline).1.key, "account.test.offline");
    }
}
