//! The downstream team (团队): a tree of partners attributed by sub-union id, with moves, stages and earnings.

mod detail;
mod edit;
mod moves;
pub(crate) mod rollup;
mod stage;

pub use detail::{detail, EarningsLine, PartnerDetail, PartnerRef};
pub use edit::{create, update, PartnerError, PartnerInput};
pub use moves::{move_partner, set_mentor, MoveError};
pub use stage::{stage, LifecycleStage};

use crate::model::paging::{Page, PageRequest};
use crate::model::{BizDay, PartnerId, PartnerRole};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PartnerSummary {
    pub id: PartnerId,
    pub name: String,
    pub role: PartnerRole,
    pub sub_union_id: Option<String>,
    pub parent_name: Option<String>,
    /// `yyyy-MM-dd`, Beijing.
    pub joined_on: Option<String>,
    pub is_placeholder: bool,
    pub downline: i64,
    /// Masked, as every list shows it.
    pub wechat: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PartnerSort {
    /// Entered partners first, in the order they were added.
    #[default]
    Added,
    Name,
    /// Newest joiners first.
    Joined,
}

impl PartnerSort {
    fn order_by(self) -> &'static str {
        match self {
            PartnerSort::Added => "p.is_placeholder, p.id",
            PartnerSort::Name => "p.name, p.id",
            PartnerSort::Joined => "p.joined_on IS NULL, p.joined_on DESC, p.id",
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewPartner {
    pub name: String,
    pub role: PartnerRole,
    pub sub_union_id: Option<String>,
    pub parent: Option<PartnerId>,
    pub joined_on: Option<BizDay>,
}

/// Matches a part of the name, or a whole WeChat id, phone or sub-union id.
const MATCHES: &str =
    "(?1 = '' OR p.name LIKE '%' || ?1 || '%' OR p.wechat = ?1 OR p.phone = ?1 OR p.sub_union_id = ?1)";

/// One page of the team, searched and sorted; every step runs in SQL, so a
/// team of 100,000 pages as fast as one of 100.
pub async fn list(
    pool: &SqlitePool,
    search: &str,
    sort: PartnerSort,
    page: PageRequest,
) -> Result<Page<PartnerSummary>, sqlx::Error> {
    page_of(pool, MATCHES, Filter::Text(search.trim()), sort, page).await
}

/// Who is directly below `parent`, or the top of the tree (her direct
/// downline, placeholders aside) for `None`: one level of the tree view.
pub async fn children(
    pool: &SqlitePool,
    parent: Option<PartnerId>,
    page: PageRequest,
) -> Result<Page<PartnerSummary>, sqlx::Error> {
    let under = "p.parent_id IS ?1 AND (?1 IS NOT NULL OR p.is_placeholder = 0)";
    page_of(pool, under, Filter::Parent(parent.map(|p| p.0)), PartnerSort::Name, page).await
}

#[derive(Clone, Copy)]
enum Filter<'a> {
    Text(&'a str),
    Parent(Option<i64>),
}

fn bind_filter<'q>(
    query: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>,
    filter: Filter<'q>,
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments> {
    match filter {
        Filter::Text(text) => query.bind(text),
        Filter::Parent(parent) => query.bind(parent),
    }
}

/// One page of partners matching `condition` (whose `?1` is `filter`).
async fn page_of(
    pool: &SqlitePool,
    condition: &str,
    filter: Filter<'_>,
    sort: PartnerSort,
    page: PageRequest,
) -> Result<Page<PartnerSummary>, sqlx::Error> {
    // Both statements are assembled from constant fragments only.
    let count = format!("SELECT COUNT(*) FROM partners p WHERE {condition}");
    let total: i64 = bind_filter(sqlx::query(sqlx::AssertSqlSafe(count)), filter).fetch_one(pool).await?.try_get(0)?;
    let sql = format!(
        "SELECT p.id, p.name, p.role, p.sub_union_id, parent.name AS parent_name, p.joined_on, p.is_placeholder,
                p.wechat, (SELECT COUNT(*) FROM partners c WHERE c.parent_id = p.id) AS downline
         FROM partners p LEFT JOIN partners parent ON parent.id = p.parent_id
         WHERE {condition} ORDER BY {} LIMIT ?2 OFFSET ?3",
        sort.order_by()
    );
    let rows = bind_filter(sqlx::query(sqlx::AssertSqlSafe(sql)), filter)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(pool)
        .await?;
    let items = rows
        .iter()
        .map(|r| {
            let joined: Option<i64> = r.try_get("joined_on")?;
            Ok(PartnerSummary {
                id: PartnerId(r.try_get("id")?),
                name: r.try_get("name")?,
                role: r.try_get::<String, _>("role")?.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                sub_union_id: r.try_get("sub_union_id")?,
                parent_name: r.try_get("parent_name")?,
                joined_on: joined.and_then(BizDay::from_int).map(|d| d.to_string()),
                is_placeholder: r.try_get("is_placeholder")?,
                downline: r.try_get("downline")?,
                wechat: r.try_get::<Option<String>, _>("wechat")?.map(|w| crate::model::contact::mask_wechat(&w)),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Page { items, total, offset: page.offset })
}

/// Adds a partner, or fills in the placeholder sync created for the same
/// sub-union id.
pub async fn upsert(
    db: impl sqlx::SqliteExecutor<'_>,
    partner: &NewPartner,
    now: i64,
) -> Result<PartnerId, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO partners (name, role, sub_union_id, parent_id, joined_on, is_placeholder, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)
         ON CONFLICT (sub_union_id) DO UPDATE SET name = excluded.name, role = excluded.role,
             parent_id = excluded.parent_id, joined_on = excluded.joined_on, is_placeholder = 0
         RETURNING id",
    )
    .bind(&partner.name)
    .bind(partner.role.as_str())
    .bind(&partner.sub_union_id)
    .bind(partner.parent.map(|p| p.0))
    .bind(partner.joined_on.map(BizDay::as_int))
    .bind(now)
    .fetch_one(db)
    .await?;
    Ok(PartnerId(id))
}
