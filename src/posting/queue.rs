//! The posts of a day: written from the plans when a day is first read (so
//! each has an id), kept in step with the rules while untouched, capped per
//! group, and listed with what is due now and what comes next.

use super::plans::{self, clock, PlanRow, PLAN_COLUMNS};
use super::settings::PostingSettings;
use crate::model::Message;
use crate::model::{
    to_beijing, BizDay, CheckItem, EpochSecs, GroupId, MaterialId, PlanId, PostId, PostStatus, StoredDay,
};
use chrono::Timelike;
use serde::Serialize;
use sqlx::SqlitePool;
use std::collections::{BTreeMap, HashSet};

#[derive(Debug, Clone, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct Post {
    pub id: PostId,
    pub plan_id: PlanId,
    pub plan_title: String,
    pub group_id: GroupId,
    pub group_name: String,
    /// `None` when the day it was moved to is unreadable (an older version
    /// took any year): it still shows in the log, named in `unreadable`.
    #[sqlx(try_from = "Option<i64>")]
    #[ts(type = "string | null")]
    pub day: StoredDay,
    pub due_at: EpochSecs,
    /// `HH:MM`, Beijing.
    #[sqlx(skip)]
    pub due: String,
    pub material_id: Option<MaterialId>,
    pub material_title: Option<String>,
    pub material_archived: bool,
    pub status: PostStatus,
    pub reason: Option<String>,
    pub logged_at: Option<EpochSecs>,
    /// Logged more than an hour after it was due.
    pub late: bool,
    pub ticks: Option<CheckItem>,
    /// Waiting and its time has come.
    #[sqlx(skip)]
    pub due_now: bool,
    /// Why it cannot be copied as planned.
    #[sqlx(skip)]
    pub problem: Option<Message>,
    /// The fields whose stored values are unreadable, shown as empty.
    #[sqlx(skip)]
    pub unreadable: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Queue {
    pub day: BizDay,
    /// Today's posts by time: waiting, put off and logged alike.
    pub posts: Vec<Post>,
    /// The first waiting post after now, today or tomorrow.
    pub next: Option<Post>,
    pub due_now: i64,
}

pub(crate) const POST_COLUMNS: &str = "SELECT s.id, s.plan_id, p.title AS plan_title, s.group_id,
    g.name AS group_name, s.day, s.due_at, s.material_id, m.title AS material_title,
    COALESCE(m.archived_at IS NOT NULL, 0) AS material_archived, s.status, s.reason, s.logged_at, s.late, p.ticks
    FROM posts s JOIN post_plans p ON p.id = s.plan_id JOIN groups g ON g.id = s.group_id
    LEFT JOIN materials m ON m.id = s.material_id";

/// Waiting posts of groups and plans still active, and every logged one.
const SHOWN: &str = "((g.archived_at IS NULL AND p.archived_at IS NULL) OR s.status IN ('posted', 'skipped'))";

impl Post {
    pub(crate) fn completed(mut self, now: EpochSecs) -> Post {
        self.due = clock_at(self.due_at);
        self.unreadable = self.day.unreadable.map(|_| "day".to_owned()).into_iter().collect();
        self.due_now = self.is_waiting() && self.due_at <= now;
        self.problem = if self.material_archived {
            Some(Message::new("posting.materialArchived").with("title", self.material_title.as_deref().unwrap_or("")))
        } else if self.material_id.is_none() {
            Some(Message::new("posting.noMaterial"))
        } else {
            None
        };
        self
    }

    pub fn is_waiting(&self) -> bool {
        matches!(self.status, PostStatus::Due | PostStatus::Later)
    }
}

/// `HH:MM` in Beijing for an instant.
pub fn clock_at(at: EpochSecs) -> String {
    let time = to_beijing(at);
    clock(i64::from(time.hour()) * 60 + i64::from(time.minute()))
}

pub async fn queue(pool: &SqlitePool, now: EpochSecs) -> Result<Queue, sqlx::Error> {
    let cap = PostingSettings::load(pool).await?.cap_per_group;
    let today = BizDay::of(now);
    plan_day(pool, today, cap).await?;
    plan_day(pool, today.add_days(1), cap).await?;
    let posts: Vec<Post> = sqlx::query_as(sqlx::AssertSqlSafe(day_posts_sql())).bind(today).fetch_all(pool).await?;
    let posts: Vec<Post> = posts.into_iter().map(|p| p.completed(now)).collect();
    let next: Option<Post> = sqlx::query_as(sqlx::AssertSqlSafe(next_post_sql()))
        .bind(today)
        .bind(today.add_days(1))
        .bind(now)
        .fetch_optional(pool)
        .await?;
    let due_now = posts.iter().filter(|p| p.due_now).count() as i64;
    Ok(Queue { day: today, posts, next: next.map(|p| p.completed(now)), due_now })
}

/// Every SQL text the queue builds at run time, for the prepare test.
#[cfg(test)]
pub(crate) fn built_sql() -> Vec<String> {
    vec![day_posts_sql(), next_post_sql(), post_sql(), active_plans_sql()]
}

/// The posts shown on day `?1`.
fn day_posts_sql() -> String {
    format!("{POST_COLUMNS} WHERE s.day = ?1 AND {SHOWN} ORDER BY s.due_at, g.name, s.id")
}

/// The next post due after `?3` on days `?1`..`?2`.
fn next_post_sql() -> String {
    format!(
        "{POST_COLUMNS} WHERE s.day BETWEEN ?1 AND ?2 AND s.due_at > ?3 AND s.status IN ('due', 'later')
         AND g.archived_at IS NULL AND p.archived_at IS NULL ORDER BY s.due_at, g.name, s.id LIMIT 1"
    )
}

fn post_sql() -> String {
    format!("{POST_COLUMNS} WHERE s.id = ?1")
}

fn active_plans_sql() -> String {
    format!("SELECT {PLAN_COLUMNS} WHERE p.archived_at IS NULL ORDER BY p.at_minute, p.id")
}

/// One post as the window shows it.
pub async fn post(pool: &SqlitePool, id: PostId, now: EpochSecs) -> Result<Option<Post>, sqlx::Error> {
    let post: Option<Post> = sqlx::query_as(sqlx::AssertSqlSafe(post_sql())).bind(id).fetch_optional(pool).await?;
    Ok(post.map(|p| p.completed(now)))
}

/// What the rules put on `day`, at most `cap` posts per group (earliest
/// first), written as posts. Untouched posts follow their rule; one the
/// rules no longer put there goes, unless it was logged, moved or edited.
/// A post already as its rule says is left unwritten: the queue is read
/// every minute.
pub async fn plan_day(pool: &SqlitePool, day: BizDay, cap: u8) -> Result<(), sqlx::Error> {
    let rows: Vec<PlanRow> = sqlx::query_as(sqlx::AssertSqlSafe(active_plans_sql())).fetch_all(pool).await?;
    let mut per_group: BTreeMap<GroupId, Vec<(EpochSecs, PlanId, Option<MaterialId>)>> = BTreeMap::new();
    for row in rows {
        // One bad stored plan or group is left out, not the whole day.
        let Some(rule) = row.rule() else {
            let unreadable = row.unreadable();
            tracing::warn!(plan = row.id.0, ?unreadable, "a stored plan no form could save is left out");
            continue;
        };
        let audience = plans::audience_of(pool, &row).await?;
        for group in plans::active_groups(pool, &audience).await? {
            // A rule with a fixed first day never counts from the group's
            // creation, so only a rule that does needs the group's day.
            let Some(created) = group.created().or(rule.fixed_first_day()) else {
                tracing::warn!(
                    plan = row.id.0,
                    group = group.id.0,
                    "a group whose creation day is unreadable is left out"
                );
                continue;
            };
            if rule.falls_on(day, created) {
                let due_at = day.start() + row.at_minute * 60;
                per_group.entry(group.id).or_default().push((due_at, row.id, row.material_id));
            }
        }
    }
    let mut tx = crate::store::begin_write(pool).await?;
    let mut planned = HashSet::new();
    for (group, mut posts) in per_group {
        posts.sort();
        for (due_at, plan, material) in posts.into_iter().take(usize::from(cap)) {
            planned.insert((plan, group));
            sqlx::query(
                "INSERT INTO posts (plan_id, group_id, origin_day, day, due_at, material_id)
                 VALUES (?1, ?2, ?3, ?3, ?4, ?5)
                 ON CONFLICT (plan_id, group_id, origin_day) DO UPDATE
                 SET day = excluded.day, due_at = excluded.due_at, material_id = excluded.material_id
                 WHERE posts.edited = 0 AND posts.status = 'due'
                   AND (posts.due_at != excluded.due_at OR posts.material_id IS NOT excluded.material_id)",
            )
            .bind(plan)
            .bind(group)
            .bind(day)
            .bind(due_at)
            .bind(material)
            .execute(&mut *tx)
            .await?;
        }
    }
    #[derive(sqlx::FromRow)]
    struct Untouched {
        id: PostId,
        plan_id: PlanId,
        group_id: GroupId,
    }
    let untouched: Vec<Untouched> = sqlx::query_as(
        "SELECT id, plan_id, group_id FROM posts WHERE origin_day = ?1 AND edited = 0 AND status = 'due'",
    )
    .bind(day)
    .fetch_all(&mut *tx)
    .await?;
    for Untouched { id, plan_id, group_id } in untouched {
        if !planned.contains(&(plan_id, group_id)) {
            sqlx::query("DELETE FROM posts WHERE id = ?1").bind(id).execute(&mut *tx).await?;
        }
    }
    tx.commit().await
}
