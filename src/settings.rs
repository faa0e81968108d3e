//! User settings kept in the store, each with a sensible default.

use sqlx::SqlitePool;
use std::time::Duration;

const SYNC_INTERVAL_KEY: &str = "sync_interval_minutes";
pub const DEFAULT_SYNC_INTERVAL: Duration = Duration::from_secs(15 * 60);

pub async fn sync_interval(pool: &SqlitePool) -> Result<Duration, sqlx::Error> {
    let stored: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?1")
        .bind(SYNC_INTERVAL_KEY)
        .fetch_optional(pool)
        .await?;
    Ok(stored
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|m| (1..=24 * 60).contains(m))
        .map_or(DEFAULT_SYNC_INTERVAL, |m| Duration::from_secs(m * 60)))
}

pub async fn set_sync_interval(pool: &SqlitePool, minutes: u64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(SYNC_INTERVAL_KEY)
    .bind(minutes.clamp(1, 24 * 60).to_string())
    .execute(pool)
    .await?;
    Ok(())
}

const CARE_DAYS_KEY: &str = "care_contact_days";
const DORMANT_DAYS_KEY: &str = "dormant_group_days";
/// No recorded contact for this many days puts a partner on today's list.
pub const DEFAULT_CARE_DAYS: i64 = 7;
/// A group with no order for this many days is flagged dormant.
pub const DEFAULT_DORMANT_DAYS: i64 = 7;

async fn days_setting(pool: &SqlitePool, key: &str, default: i64) -> Result<i64, sqlx::Error> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT value FROM settings WHERE key = ?1").bind(key).fetch_optional(pool).await?;
    Ok(stored.and_then(|v| v.parse::<i64>().ok()).filter(|d| (1..=365).contains(d)).unwrap_or(default))
}

async fn set_days_setting(pool: &SqlitePool, key: &str, days: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(days.clamp(1, 365).to_string())
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn care_days(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    days_setting(pool, CARE_DAYS_KEY, DEFAULT_CARE_DAYS).await
}

pub async fn set_care_days(pool: &SqlitePool, days: i64) -> Result<(), sqlx::Error> {
    set_days_setting(pool, CARE_DAYS_KEY, days).await
}

pub async fn dormant_days(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    days_setting(pool, DORMANT_DAYS_KEY, DEFAULT_DORMANT_DAYS).await
}

pub async fn set_dormant_days(pool: &SqlitePool, days: i64) -> Result<(), sqlx::Error> {
    set_days_setting(pool, DORMANT_DAYS_KEY, days).await
}

const NOTIFY_KEY: &str = "desktop_notifications";

/// Whether newly due tasks raise a desktop notification (on unless she
/// turned it off).
pub async fn desktop_notifications(pool: &SqlitePool) -> Result<bool, sqlx::Error> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT value FROM settings WHERE key = ?1").bind(NOTIFY_KEY).fetch_optional(pool).await?;
    Ok(stored.as_deref() != Some("off"))
}

pub async fn set_desktop_notifications(pool: &SqlitePool, on: bool) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(NOTIFY_KEY)
    .bind(if on { "on" } else { "off" })
    .execute(pool)
    .await?;
    Ok(())
}
