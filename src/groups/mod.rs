//! WeChat groups (社群): editing, member counts, promotion positions, warmth checklists and insights.

mod edit;
mod insights;
pub mod platform_ids;
pub mod positions;
mod temperature;

pub use edit::{
    create, detail, record_members, set_archived, update, GroupDetail, GroupError, GroupInput, MemberCount, MAX_MEMBERS,
};
pub use insights::{compare, falling, FallingGroup, GroupStats, FALLING_SHARE, KNEE_MEMBERS};
pub use temperature::{set_check, temperature, CheckState, Temperature, POSTS};

use crate::model::paging::{Page, PageRequest};
use crate::model::{BizDay, GroupId, GroupKind, Money};
use crate::store::sql::latest_members_sql;
use serde::Serialize;
use sqlx::SqlitePool;

#[derive(Debug, Clone, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct GroupSummary {
    pub id: GroupId,
    pub name: String,
    pub kind: GroupKind,
    #[ts(type = "number | null")]
    pub position_id: Option<i64>,
    pub is_placeholder: bool,
    #[sqlx(rename = "estimate")]
    pub month_estimate_fen: Money,
    #[sqlx(rename = "orders")]
    pub month_orders: i64,
    /// The latest member count entered, if any.
    pub members: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewGroup {
    pub name: String,
    pub kind: GroupKind,
    pub position_id: Option<i64>,
}

/// Groups by this month's estimated earnings, best first: the active ones,
/// or with `archived` the archived ones.
pub async fn list(
    pool: &SqlitePool,
    today: BizDay,
    archived: bool,
    page: PageRequest,
) -> Result<Page<GroupSummary>, sqlx::Error> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM groups WHERE (archived_at IS NOT NULL) = ?1")
        .bind(archived)
        .fetch_one(pool)
        .await?;
    let items = sqlx::query_as(concat!(
        "SELECT g.id, g.name, g.kind, g.position_id, g.is_placeholder,
                COALESCE(SUM(r.estimate_fee_fen), 0) AS estimate, COALESCE(SUM(r.orders), 0) AS orders, ",
        latest_members_sql!(),
        " AS members
         FROM groups g LEFT JOIN daily_rollup r ON r.group_id = g.id AND r.day BETWEEN ?1 AND ?2
         WHERE (g.archived_at IS NOT NULL) = ?5
         GROUP BY g.id ORDER BY estimate DESC, g.id LIMIT ?3 OFFSET ?4",
    ))
    .bind(today.first_of_month())
    .bind(today)
    .bind(page.limit())
    .bind(page.offset())
    .bind(archived)
    .fetch_all(pool)
    .await?;
    Ok(Page { items, total, offset: page.offset })
}

/// Names a group for a position, or renames the placeholder sync created.
pub async fn upsert_for_position(
    db: impl sqlx::SqliteExecutor<'_>,
    group: &NewGroup,
    now: i64,
) -> Result<GroupId, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO groups (name, kind, position_id, is_placeholder, created_at) VALUES (?1, ?2, ?3, 0, ?4)
         ON CONFLICT (position_id) DO UPDATE SET name = excluded.name, kind = excluded.kind, is_placeholder = 0
         RETURNING id",
    )
    .bind(&group.name)
    .bind(group.kind.as_str())
    .bind(group.position_id)
    .bind(now)
    .fetch_one(db)
    .await?;
    Ok(GroupId(id))
}
