//! The demo's last week as she would have lived it: the starter plans'
//! posts of the past seven days logged (most posted, a few late, one in
//! seven skipped), so 发帖记录与效果 has results to read offline.

use crate::model::{BizDay, EpochSecs, PostId};
use crate::posting::{log, queue, LogAction, PostingError, PostingSettings};
use sqlx::SqlitePool;

/// Days of history, before today.
pub const DAYS: i64 = 7;
const SKIP_REASON: &str = "群里在做活动，没发";

/// Logs the past week's posts; returns how many were logged.
pub async fn enter(pool: &SqlitePool, now: EpochSecs) -> Result<usize, PostingError> {
    let cap = PostingSettings::load(pool).await?.cap_per_group;
    let today = BizDay::of(now);
    let mut logged = 0;
    for back in (1..=DAYS).rev() {
        let day = today.add_days(-back);
        queue::plan_day(pool, day, cap).await?;
        let posts: Vec<Due> =
            sqlx::query_as("SELECT id, due_at FROM posts WHERE day = ?1 AND status = 'due' ORDER BY id")
                .bind(day)
                .fetch_all(pool)
                .await?;
        for Due { id, due_at } in posts {
            // A fixed spread by id: most within minutes, one in nine well over the hour.
            let (action, delay) = match id.0 % 9 {
                0 => (LogAction::Skipped { reason: SKIP_REASON.to_owned() }, 0),
                1 => (LogAction::Posted, 95 * 60),
                k => (LogAction::Posted, k * 3 * 60),
            };
            log::log(pool, id, &action, due_at + delay).await?;
            logged += 1;
        }
    }
    Ok(logged)
}

#[derive(sqlx::FromRow)]
struct Due {
    id: PostId,
    due_at: EpochSecs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::posting::starter;

    #[tokio::test]
    async fn the_past_week_is_logged_with_a_few_late_and_skipped() {
        let (_dir, store) = crate::store::temp_store().await;
        let pool = store.pool();
        for name in ["宝妈好物1群", "宝妈好物2群"] {
            sqlx::query("INSERT INTO groups (name, kind, created_at) VALUES (?1, 'sales', 0)")
                .bind(name)
                .execute(pool)
                .await
                .unwrap();
        }
        // Wednesday 2026-11-18, 20:00 in Beijing.
        let now = 1_795_003_200;
        starter::add_if_none(pool, BizDay::of(now).add_days(-DAYS), now).await.unwrap();
        let logged = enter(pool, now).await.unwrap();
        // Two groups, three posts a day for seven days, and Sunday's showcase.
        assert_eq!(logged, 2 * (3 * 7 + 1));
        let count = |status: &'static str| async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM posts WHERE status = ?1")
                .bind(status)
                .fetch_one(pool)
                .await
                .unwrap()
        };
        assert!(count("skipped").await > 0 && count("posted").await > count("skipped").await);
        let late: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE late = 1").fetch_one(pool).await.unwrap();
        assert!(late > 0);
        let ticked: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM group_checks").fetch_one(pool).await.unwrap();
        assert!(ticked > 0, "the posted ones warmed their groups");
        assert_eq!(starter::add_if_none(pool, BizDay::of(now), now).await.unwrap().len(), 0, "once");
    }
}
