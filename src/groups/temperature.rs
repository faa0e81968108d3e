//! A group's temperature: six daily habits ticked on a checklist, and a
//! score from the last seven days a user can read at a glance.

use super::edit::GroupError;
use crate::model::{BizDay, CheckItem, GroupId, StoredDay};
use serde::Serialize;
use sqlx::SqlitePool;

pub const ITEMS: [CheckItem; 6] = [
    CheckItem::MorningGreeting,
    CheckItem::NoonPost,
    CheckItem::EveningPost,
    CheckItem::Training,
    CheckItem::RedPacket,
    CheckItem::OrderShowcase,
];
/// The three posts a day the today list asks about.
pub const POSTS: [CheckItem; 3] = [CheckItem::MorningGreeting, CheckItem::NoonPost, CheckItem::EveningPost];
pub const SCORE_DAYS: i64 = 7;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CheckState {
    pub item: CheckItem,
    pub done: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Temperature {
    /// Today's checklist.
    pub today: Vec<CheckState>,
    /// Items done over the last 7 days out of 42, as 0–100.
    pub score: u8,
    /// Items done on each of the last 7 days, oldest first.
    pub last_days: Vec<u8>,
}

/// Done items over the last seven days (today included) out of all, 0–100.
pub fn score(done_per_day: &[u8]) -> u8 {
    let done: u32 = done_per_day.iter().map(|&d| u32::from(d.min(ITEMS.len() as u8))).sum();
    let possible = SCORE_DAYS as u32 * ITEMS.len() as u32;
    ((done * 100 + possible / 2) / possible) as u8
}

pub async fn temperature(pool: &SqlitePool, group: GroupId, today: BizDay) -> Result<Temperature, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Checked {
        #[sqlx(try_from = "Option<i64>")]
        day: StoredDay,
        item: String,
    }
    let rows: Vec<Checked> =
        sqlx::query_as("SELECT day, item FROM group_checks WHERE group_id = ?1 AND day BETWEEN ?2 AND ?3")
            .bind(group)
            .bind(today.add_days(1 - SCORE_DAYS))
            .bind(today)
            .fetch_all(pool)
            .await?;
    let last_days: Vec<u8> = (0..SCORE_DAYS)
        .map(|back| {
            let day = Some(today.add_days(back + 1 - SCORE_DAYS));
            rows.iter().filter(|c| c.day.day == day).count() as u8
        })
        .collect();
    let today_items: Vec<CheckState> = ITEMS
        .iter()
        .map(|item| CheckState {
            item: *item,
            done: rows.iter().any(|c| c.day.day == Some(today) && c.item == item.as_str()),
        })
        .collect();
    Ok(Temperature { today: today_items, score: score(&last_days), last_days })
}

pub async fn set_check(
    pool: &SqlitePool,
    group: GroupId,
    day: BizDay,
    item: CheckItem,
    done: bool,
) -> Result<Temperature, GroupError> {
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM groups WHERE id = ?1").bind(group).fetch_optional(pool).await?;
    if exists.is_none() {
        return Err(crate::model::FormError::not_found("groups.notFound"));
    }
    let sql = if done {
        "INSERT OR IGNORE INTO group_checks (group_id, day, item) VALUES (?1, ?2, ?3)"
    } else {
        "DELETE FROM group_checks WHERE group_id = ?1 AND day = ?2 AND item = ?3"
    };
    sqlx::query(sql).bind(group).bind(day).bind(item.as_str()).execute(pool).await?;
    Ok(temperature(pool, group, day).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_score_is_the_share_of_habits_kept_over_seven_days() {
        assert_eq!(score(&[0; 7]), 0);
        assert_eq!(score(&[6; 7]), 100);
        assert_eq!(score(&[3; 7]), 50);
        assert_eq!(score(&[6, 0, 0, 0, 0, 0, 0]), 14);
        assert_eq!(score(&[9; 7]), 100, "more than six a day cannot happen, and cannot count");
    }
}
