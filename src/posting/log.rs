//! What she did with a post: posted (late when over an hour after it was
//! due, and ticking its group's warmth checklist), skipped with a reason,
//! put off for half an hour, or taken back; and a post moved or given
//! another kit without touching its plan.

use super::queue::{post, Post};
use super::{invalid, PostingError};
use crate::model::{BizDay, EpochSecs, MaterialId, PostId, PostStatus};
use crate::model::{FormError, Message};
use serde::Deserialize;
use sqlx::SqlitePool;

/// Logged later than this after its time, a post is late.
pub const WINDOW_SECS: i64 = 60 * 60;
/// 稍后 puts a post off by this much.
pub const LATER_SECS: i64 = 30 * 60;
const MAX_REASON_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(tag = "action", rename_all = "snake_case")]
#[ts(export)]
pub enum LogAction {
    Posted,
    Skipped { reason: String },
    Later,
}

pub async fn log(pool: &SqlitePool, id: PostId, action: &LogAction, now: EpochSecs) -> Result<Post, PostingError> {
    let current = waiting(pool, id, now).await?;
    match action {
        LogAction::Posted => {
            let mut tx = crate::store::begin_write(pool).await?;
            sqlx::query("UPDATE posts SET status = 'posted', logged_at = ?2, late = ?3, reason = NULL WHERE id = ?1")
                .bind(id)
                .bind(now)
                .bind(now > current.due_at + WINDOW_SECS)
                .execute(&mut *tx)
                .await?;
            // A post on an unreadable day ticks no day's checklist.
            if let (Some(item), Some(day)) = (current.ticks, current.day.day) {
                sqlx::query("INSERT OR IGNORE INTO group_checks (group_id, day, item) VALUES (?1, ?2, ?3)")
                    .bind(current.group_id)
                    .bind(day)
                    .bind(item)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
        LogAction::Skipped { reason } => {
            let reason = reason.trim();
            if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
                return Err(invalid("reason", Message::new("posting.reasonNeeded").with("max", MAX_REASON_CHARS)));
            }
            sqlx::query("UPDATE posts SET status = 'skipped', logged_at = ?2, reason = ?3 WHERE id = ?1")
                .bind(id)
                .bind(now)
                .bind(reason)
                .execute(pool)
                .await?;
        }
        LogAction::Later => {
            sqlx::query("UPDATE posts SET status = 'later', due_at = ?2 WHERE id = ?1")
                .bind(id)
                .bind(current.due_at.max(now) + LATER_SECS)
                .execute(pool)
                .await?;
        }
    }
    found(pool, id, now).await
}

/// Back to waiting. The checklist tick it made goes too, unless another
/// post of that group's day ticks the same item.
pub async fn undo(pool: &SqlitePool, id: PostId, now: EpochSecs) -> Result<Post, PostingError> {
    let current = found(pool, id, now).await?;
    let mut tx = crate::store::begin_write(pool).await?;
    sqlx::query("UPDATE posts SET status = 'due', logged_at = NULL, late = 0, reason = NULL, edited = 1 WHERE id = ?1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if let (PostStatus::Posted, Some(item), Some(day)) = (current.status, current.ticks, current.day.day) {
        sqlx::query(
            "DELETE FROM group_checks WHERE group_id = ?1 AND day = ?2 AND item = ?3
             AND NOT EXISTS (SELECT 1 FROM posts s JOIN post_plans p ON p.id = s.plan_id
                             WHERE s.group_id = ?1 AND s.day = ?2 AND s.status = 'posted' AND p.ticks = ?3)",
        )
        .bind(current.group_id)
        .bind(day)
        .bind(item)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    found(pool, id, now).await
}

/// One occurrence moved to another day and time, or given another kit; its
/// plan stays as it is.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PostChange {
    /// `yyyy-MM-dd`.
    pub day: String,
    /// `HH:MM`, Beijing.
    pub time: String,
    pub material_id: Option<MaterialId>,
}

pub async fn change(pool: &SqlitePool, id: PostId, change: &PostChange, now: EpochSecs) -> Result<Post, PostingError> {
    waiting(pool, id, now).await?;
    let day = BizDay::parse(&change.day).ok_or_else(|| invalid("day", Message::new("posting.dayInvalid")))?;
    let minute =
        super::plans::minute_of(&change.time).ok_or_else(|| invalid("time", Message::new("posting.timeOutsideDay")))?;
    if let Some(material) = change.material_id {
        let archived: Option<bool> = sqlx::query_scalar("SELECT archived_at IS NOT NULL FROM materials WHERE id = ?1")
            .bind(material)
            .fetch_optional(pool)
            .await?;
        if archived != Some(false) {
            return Err(invalid("material_id", Message::new("posting.materialArchivedPick")));
        }
    }
    sqlx::query("UPDATE posts SET day = ?2, due_at = ?3, material_id = ?4, edited = 1, status = 'due' WHERE id = ?1")
        .bind(id)
        .bind(day)
        .bind(day.start() + minute * 60)
        .bind(change.material_id)
        .execute(pool)
        .await?;
    found(pool, id, now).await
}

async fn found(pool: &SqlitePool, id: PostId, now: EpochSecs) -> Result<Post, PostingError> {
    post(pool, id, now).await?.ok_or_else(|| FormError::not_found("posting.postNotFound"))
}

/// The post, which must still be waiting: a logged one is taken back first.
async fn waiting(pool: &SqlitePool, id: PostId, now: EpochSecs) -> Result<Post, PostingError> {
    let current = found(pool, id, now).await?;
    if !current.is_waiting() {
        return Err(FormError::conflict("status", Message::new("posting.alreadyLogged")));
    }
    Ok(current)
}
