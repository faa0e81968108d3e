//! Her settings as one typed record: read whole, each value bounded, a sensible default for anything unset.

use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use std::time::Duration;

/// Every setting the app keeps. A stored value that is missing, unreadable
/// or out of bounds reads as its default, so a hand-edited store cannot
/// break a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Settings {
    /// Minutes between automatic syncs (1–1440).
    pub sync_interval_minutes: u32,
    /// No recorded contact for this many days puts a partner on today's list (1–365).
    pub care_days: u16,
    /// A group with no order for this many days is flagged dormant (1–365).
    pub dormant_days: u16,
    /// Whether newly due tasks raise a desktop notification.
    pub desktop_notifications: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { sync_interval_minutes: 15, care_days: 7, dormant_days: 7, desktop_notifications: true }
    }
}

const SYNC_INTERVAL: &str = "sync_interval_minutes";
const CARE_DAYS: &str = "care_contact_days";
const DORMANT_DAYS: &str = "dormant_group_days";
const NOTIFY: &str = "desktop_notifications";

const INTERVAL_BOUNDS: (u32, u32) = (1, 24 * 60);
const DAY_BOUNDS: (u16, u16) = (1, 365);

impl Settings {
    pub fn sync_interval(&self) -> Duration {
        Duration::from_secs(u64::from(self.sync_interval_minutes) * 60)
    }

    /// The same settings with every value pulled inside its bounds.
    pub fn bounded(self) -> Settings {
        Settings {
            sync_interval_minutes: self.sync_interval_minutes.clamp(INTERVAL_BOUNDS.0, INTERVAL_BOUNDS.1),
            care_days: self.care_days.clamp(DAY_BOUNDS.0, DAY_BOUNDS.1),
            dormant_days: self.dormant_days.clamp(DAY_BOUNDS.0, DAY_BOUNDS.1),
            desktop_notifications: self.desktop_notifications,
        }
    }
}

fn within<T: std::str::FromStr + PartialOrd>(text: &str, (low, high): (T, T)) -> Option<T> {
    text.parse::<T>().ok().filter(|v| *v >= low && *v <= high)
}

/// One row of the `settings` table, which every room's settings share.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SettingRow {
    pub key: String,
    pub value: String,
}

pub async fn load(pool: &SqlitePool) -> Result<Settings, sqlx::Error> {
    let stored: Vec<SettingRow> = sqlx::query_as("SELECT key, value FROM settings").fetch_all(pool).await?;
    let mut settings = Settings::default();
    for SettingRow { key, value } in &stored {
        match key.as_str() {
            SYNC_INTERVAL => settings.sync_interval_minutes = within(value, INTERVAL_BOUNDS).unwrap_or(15),
            CARE_DAYS => settings.care_days = within(value, DAY_BOUNDS).unwrap_or(7),
            DORMANT_DAYS => settings.dormant_days = within(value, DAY_BOUNDS).unwrap_or(7),
            NOTIFY => settings.desktop_notifications = value != "off",
            _ => {}
        }
    }
    Ok(settings)
}

/// Writes every setting (bounded) in one transaction and returns what was stored.
pub async fn save(pool: &SqlitePool, settings: Settings) -> Result<Settings, sqlx::Error> {
    let settings = settings.bounded();
    let rows = [
        (SYNC_INTERVAL, settings.sync_interval_minutes.to_string()),
        (CARE_DAYS, settings.care_days.to_string()),
        (DORMANT_DAYS, settings.dormant_days.to_string()),
        (NOTIFY, (if settings.desktop_notifications { "on" } else { "off" }).to_owned()),
    ];
    let mut tx = crate::store::begin_write(pool).await?;
    for (key, value) in rows {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(settings)
}

/// Reads, changes and saves in one step: `update(pool, |s| s.care_days = 5)`.
pub async fn update(pool: &SqlitePool, change: impl FnOnce(&mut Settings)) -> Result<Settings, sqlx::Error> {
    let mut settings = load(pool).await?;
    change(&mut settings);
    save(pool, settings).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn unset_and_unreadable_values_read_as_defaults_and_saves_are_bounded() {
        let (_dir, store) = crate::store::temp_store().await;
        let pool = store.pool();
        assert_eq!(load(pool).await.unwrap(), Settings::default());
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ('care_contact_days', 'soon'), ('dormant_group_days', '9999')",
        )
        .execute(pool)
        .await
        .unwrap();
        assert_eq!(load(pool).await.unwrap(), Settings::default());
        let saved = update(pool, |s| {
            s.care_days = 0;
            s.dormant_days = 30;
            s.sync_interval_minutes = 100_000;
            s.desktop_notifications = false;
        })
        .await
        .unwrap();
        let expected =
            Settings { sync_interval_minutes: 1440, care_days: 1, dormant_days: 30, desktop_notifications: false };
        assert_eq!((saved, load(pool).await.unwrap()), (expected, expected));
    }
}
