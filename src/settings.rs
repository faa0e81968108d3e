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
