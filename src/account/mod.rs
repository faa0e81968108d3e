//! Platform accounts (gateway and app key in SQLite) and their secrets (OS keyring, never SQLite).

pub mod connect;

use crate::error::{AppError, ErrorCode};
use crate::model::Message;
use crate::model::{now_epoch, AccountId, Platform};
use crate::platform::http::Credentials;
use crate::store::secrets::{SecretError, SecretStore};
use sqlx::SqlitePool;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Account {
    pub id: AccountId,
    pub platform: Platform,
    pub gateway: String,
    pub app_key: String,
    pub is_demo: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: Message },
    #[error("no platform account is set up yet: run `tuanzhang account set-jd` (or set-pdd, set-taobao) or start the app in demo mode")]
    Missing,
    #[error("the app secret for app key {0} is missing from the keyring: set the account again")]
    SecretMissing(String),
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error("database error while reading accounts: {0}")]
    Store(#[from] sqlx::Error),
}

/// The keyring entry of an account's secret (JD's keeps the name it always had).
fn secret_key(platform: Platform, app_key: &str) -> String {
    format!("{}:{app_key}", platform.as_str())
}

fn invalid(field: &'static str, message: Message) -> AccountError {
    AccountError::Invalid { field, message }
}

fn validate(gateway: &str, app_key: &str, app_secret: &str) -> Result<(), AccountError> {
    if crate::platform::http::check_gateway(gateway).is_err() {
        return Err(invalid("gateway", Message::new("account.gateway.scheme").with("value", gateway)));
    }
    if app_key.trim().is_empty() {
        return Err(invalid("app_key", Message::new("field.required")));
    }
    if app_secret.trim().is_empty() {
        return Err(invalid("app_secret", Message::new("field.required")));
    }
    Ok(())
}

/// Creates or updates the JD account for this gateway and key.
pub async fn set_jd(
    pool: &SqlitePool,
    secrets: &dyn SecretStore,
    gateway: &str,
    app_key: &str,
    app_secret: &str,
    is_demo: bool,
) -> Result<Account, AccountError> {
    set(pool, secrets, Platform::Jd, gateway, app_key, app_secret, is_demo).await
}

/// Creates or updates the account on `platform` for this gateway and key;
/// a demo account is matched by its flag and platform instead, because its
/// port changes.
pub async fn set(
    pool: &SqlitePool,
    secrets: &dyn SecretStore,
    platform: Platform,
    gateway: &str,
    app_key: &str,
    app_secret: &str,
    is_demo: bool,
) -> Result<Account, AccountError> {
    validate(gateway, app_key, app_secret)?;
    let (gateway, app_key) = (gateway.trim(), app_key.trim());
    secrets.set(&secret_key(platform, app_key), app_secret.trim())?;
    let existing: Option<i64> = if is_demo {
        sqlx::query_scalar("SELECT id FROM accounts WHERE is_demo = 1 AND platform = ?")
            .bind(platform)
            .fetch_optional(pool)
            .await?
    } else {
        sqlx::query_scalar("SELECT id FROM accounts WHERE platform = ? AND gateway = ? AND app_key = ? AND is_demo = 0")
            .bind(platform)
            .bind(gateway)
            .bind(app_key)
            .fetch_optional(pool)
            .await?
    };
    let id = match existing {
        Some(id) => {
            sqlx::query("UPDATE accounts SET gateway = ?, app_key = ? WHERE id = ?")
                .bind(gateway)
                .bind(app_key)
                .bind(id)
                .execute(pool)
                .await?;
            id
        }
        None => sqlx::query_scalar(
            "INSERT INTO accounts (platform, gateway, app_key, is_demo, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(platform)
        .bind(gateway)
        .bind(app_key)
        .bind(is_demo)
        .bind(now_epoch())
        .fetch_one(pool)
        .await?,
    };
    Ok(Account { id: AccountId(id), platform, gateway: gateway.to_owned(), app_key: app_key.to_owned(), is_demo })
}

/// Her JD Union account (her own before the demo's): the one links and
/// promotion positions are made with.
pub async fn current(pool: &SqlitePool) -> Result<Option<Account>, AccountError> {
    on_platform(pool, Platform::Jd).await
}

/// Her account on `platform`, her own before the demo's.
pub async fn on_platform(pool: &SqlitePool, platform: Platform) -> Result<Option<Account>, AccountError> {
    Ok(sqlx::query_as(
        "SELECT id, platform, gateway, app_key, is_demo FROM accounts WHERE platform = ?1
         ORDER BY is_demo ASC, id DESC LIMIT 1",
    )
    .bind(platform)
    .fetch_optional(pool)
    .await?)
}

/// One account per connected platform (her own before the demo's), JD
/// first: the accounts a sync round runs through.
pub async fn connected(pool: &SqlitePool) -> Result<Vec<Account>, AccountError> {
    let mut accounts = Vec::new();
    for platform in Platform::ALL {
        accounts.extend(on_platform(pool, platform).await?);
    }
    Ok(accounts)
}

/// The instant the demo account was first created: the demo sandbox keeps
/// its data arranged around it, so that restarts see the same orders.
pub async fn demo_anchor(pool: &SqlitePool) -> Result<Option<i64>, AccountError> {
    // The first demo account's: the other platforms' arrive later on an older demo.
    Ok(sqlx::query_scalar("SELECT MIN(created_at) FROM accounts WHERE is_demo = 1").fetch_one(pool).await?)
}

pub fn credentials(account: &Account, secrets: &dyn SecretStore) -> Result<Credentials, AccountError> {
    let app_secret = secrets
        .get(&secret_key(account.platform, &account.app_key))?
        .ok_or_else(|| AccountError::SecretMissing(account.app_key.clone()))?;
    Ok(Credentials { gateway: account.gateway.clone(), app_key: account.app_key.clone(), app_secret })
}

impl From<AccountError> for AppError {
    fn from(error: AccountError) -> AppError {
        match error {
            AccountError::Invalid { field, message } => AppError::at_field(ErrorCode::Validation, field, message),
            AccountError::Missing => AppError::new(ErrorCode::NotFound, Message::new("account.missing")),
            AccountError::SecretMissing(_) => {
                AppError::new(ErrorCode::Unauthorized, Message::new("account.secretMissing"))
            }
            AccountError::Secret(e) => AppError::internal(e),
            AccountError::Store(e) => e.into(),
        }
    }
}
