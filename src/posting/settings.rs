//! The plan's two settings: how many posts a group gets a day at most, and
//! how many hours after a post its orders count as its results.

use super::{invalid, PostingError};
use crate::model::Message;
use crate::store::settings::SettingRow;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

const CAP: &str = "posts_per_group_per_day";
const HOURS: &str = "post_result_hours";
pub const CAP_BOUNDS: (u8, u8) = (1, 20);
pub const HOURS_BOUNDS: (u8, u8) = (1, 24);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PostingSettings {
    /// Posts a day one group gets at most; the earliest are kept.
    pub cap_per_group: u8,
    /// Orders this many hours after a post are its results.
    pub result_hours: u8,
}

impl Default for PostingSettings {
    fn default() -> PostingSettings {
        PostingSettings { cap_per_group: 4, result_hours: 3 }
    }
}

impl PostingSettings {
    /// A stored value that is missing or out of bounds reads as its default.
    pub async fn load(pool: &SqlitePool) -> Result<PostingSettings, sqlx::Error> {
        let stored: Vec<SettingRow> = sqlx::query_as("SELECT key, value FROM settings WHERE key IN (?1, ?2)")
            .bind(CAP)
            .bind(HOURS)
            .fetch_all(pool)
            .await?;
        let mut settings = PostingSettings::default();
        for SettingRow { key, value } in stored {
            let value = value.parse::<u8>().ok();
            match key.as_str() {
                CAP => {
                    settings.cap_per_group = value.filter(|v| within(*v, CAP_BOUNDS)).unwrap_or(settings.cap_per_group)
                }
                _ => {
                    settings.result_hours = value.filter(|v| within(*v, HOURS_BOUNDS)).unwrap_or(settings.result_hours)
                }
            }
        }
        Ok(settings)
    }

    /// Refuses a value out of bounds at its field; writes both in one transaction.
    pub async fn save(self, pool: &SqlitePool) -> Result<PostingSettings, PostingError> {
        if !within(self.cap_per_group, CAP_BOUNDS) {
            return Err(invalid("cap_per_group", Message::new("posting.capBounds").with("max", CAP_BOUNDS.1)));
        }
        if !within(self.result_hours, HOURS_BOUNDS) {
            return Err(invalid("result_hours", Message::new("posting.hoursBounds").with("max", HOURS_BOUNDS.1)));
        }
        let mut tx = crate::store::begin_write(pool).await?;
        for (key, value) in [(CAP, self.cap_per_group), (HOURS, self.result_hours)] {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value.to_string())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(self)
    }
}

fn within(value: u8, (low, high): (u8, u8)) -> bool {
    (low..=high).contains(&value)
}
