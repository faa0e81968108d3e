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
use crate::model::{BizDay, PartnerId, PartnerRole, StoredDay};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

#[derive(Debug, Clone, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct PartnerSummary {
    pub id: PartnerId,
    pub name: String,
    pub role: PartnerRole,
    pub sub_union_id: Option<String>,
    pub parent_name: Option<String>,
    #[sqlx(try_from = "Option<i64>")]
    #[ts(type = "string | null")]
    pub joined_on: StoredDay,
    pub is_placeholder: bool,
    pub downline: i64,
    /// Masked, as every list shows it.
    pub wechat: Option<String>,
    /// The fields whose stored values are unreadable (an older version
    /// wrote them), shown as empty: she still lists, named, so the window
    /// can say which and she can fix it.
    #[sqlx(skip)]
    pub unreadable: Vec<String>,
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

/// Matches a part of the name (as typed: `%` and `_` are no wildcards; ASCII
/// letters in any case, as LIKE did), or a whole WeChat id, phone or
/// sub-union id.
const MATCHES: &str = "(?1 = '' OR instr(lower(p.name), lower(?1)) > 0 OR p.wechat = ?1 OR p.phone = ?1
     OR p.sub_union_id = ?1)";

/// Directly below `?1`, or the top of the tree (placeholders aside) for NULL.
const UNDER: &str = "p.parent_id IS ?1 AND (?1 IS NOT NULL OR p.is_placeholder = 0)";

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
    page_of(pool, UNDER, Filter::Parent(parent.map(|p| p.0)), PartnerSort::Name, page).await
}

#[derive(Clone, Copy)]
enum Filter<'a> {
    Text(&'a str),
    Parent(Option<i64>),
}

fn bind_query_filter<'q, O>(
    query: sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments>,
    filter: Filter<'q>,
) -> sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments> {
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
    #[derive(sqlx::FromRow)]
    struct Counted {
        total: i64,
    }
    // Both statements are assembled from constant fragments only.
    let (count, sql) = page_sql(condition, sort);
    let Counted { total } =
        bind_query_filter(sqlx::query_as(sqlx::AssertSqlSafe(count)), filter).fetch_one(pool).await?;
    let rows: Vec<PartnerSummary> = bind_query_filter(sqlx::query_as(sqlx::AssertSqlSafe(sql)), filter)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(pool)
        .await?;
    let items = rows
        .into_iter()
        .map(|p| PartnerSummary {
            wechat: p.wechat.as_deref().map(crate::model::contact::mask_wechat),
            unreadable: unreadable_joined_on(p.joined_on),
            ..p
        })
        .collect();
    Ok(Page { items, total, offset: page.offset })
}

/// The count and the page select of the partners `condition` keeps (`?1`
/// its filter), sorted as asked; `?2`/`?3` page.
fn page_sql(condition: &str, sort: PartnerSort) -> (String, String) {
    let count = format!("SELECT COUNT(*) AS total FROM partners p WHERE {condition}");
    let select = format!(
        "SELECT p.id, p.name, p.role, p.sub_union_id, parent.name AS parent_name, p.joined_on, p.is_placeholder,
                p.wechat, (SELECT COUNT(*) FROM partners c WHERE c.parent_id = p.id) AS downline
         FROM partners p LEFT JOIN partners parent ON parent.id = p.parent_id
         WHERE {condition} ORDER BY {} LIMIT ?2 OFFSET ?3",
        sort.order_by()
    );
    (count, select)
}

/// Every SQL text the team room builds at run time, each filter with each
/// sort, for the prepare test.
#[cfg(test)]
pub(crate) fn built_sql() -> Vec<String> {
    let mut texts = Vec::new();
    for condition in [MATCHES, UNDER] {
        for sort in [PartnerSort::Added, PartnerSort::Name, PartnerSort::Joined] {
            let (count, select) = page_sql(condition, sort);
            texts.extend([count, select]);
        }
    }
    texts.extend(edit::UNIQUE_CONTACTS.map(edit::taken_sql));
    texts.extend([detail::earnings_sql(detail::Rollup::Own), detail::earnings_sql(detail::Rollup::Team)]);
    texts.extend([rollup::shift_sql(rollup::Moving::Herself), rollup::shift_sql(rollup::Moving::WithDownline)]);
    texts
}

/// `["joined_on"]` when her stored joining day cannot be read, else none.
fn unreadable_joined_on(joined_on: StoredDay) -> Vec<String> {
    joined_on.unreadable.map(|_| "joined_on".to_owned()).into_iter().collect()
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
    .bind(partner.joined_on)
    .bind(now)
    .fetch_one(db)
    .await?;
    Ok(PartnerId(id))
}
