//! The downstream team (团队): a tree of partners attributed by sub-union id, with moves, stages and earnings.

mod detail;
mod edit;
mod moves;
#[cfg(test)]
mod paging_tests;
pub mod platform_ids;
pub(crate) mod rollup;
mod stage;

pub use detail::{detail, EarningsLine, PartnerDetail, PartnerRef};
pub use edit::{create, update, PartnerError, PartnerInput};
pub use moves::{move_partner, set_mentor, MoveError};
pub use stage::{stage, LifecycleStage};

use crate::model::paging::{KeyedPage, MAX_PAGE_SIZE};
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
    /// The whole order, as one ORDER BY: what the bands below page through.
    #[cfg(test)]
    fn order_by(self) -> &'static str {
        match self {
            PartnerSort::Added => "p.is_placeholder, p.id",
            PartnerSort::Name => "p.name, p.id",
            PartnerSort::Joined => "p.joined_on IS NULL, p.joined_on DESC, p.id DESC",
        }
    }

    /// The order cut into bands, in the order they show. SQLite seeks a row
    /// value on its first column only, so a leading column with two values
    /// becomes a band read by equality, and each band is paged by the
    /// columns after it (each with an index that gives them in order).
    fn bands(self) -> &'static [Band] {
        use Column::{Id, JoinedOn, Name};
        match self {
            // partners_in_added_order (is_placeholder, id)
            PartnerSort::Added => &[
                Band { rows: Some("p.is_placeholder = 0"), by: &[Id], ascending: true },
                Band { rows: Some("p.is_placeholder = 1"), by: &[Id], ascending: true },
            ],
            // partners_by_name (name), or partners_tree_by_name (parent_id, name) below a parent
            PartnerSort::Name => &[Band { rows: None, by: &[Name, Id], ascending: true }],
            // partners_newest_first (joined_on IS NULL, joined_on DESC, id DESC), then
            // partners_by_joined (joined_on) for the NULLs; the constant band stays out
            // of the ORDER BY, or SQLite sorts the band in a temporary b-tree.
            PartnerSort::Joined => &[
                Band { rows: Some("(p.joined_on IS NULL) = 0"), by: &[JoinedOn, Id], ascending: false },
                Band { rows: Some("p.joined_on IS NULL"), by: &[Id], ascending: false },
            ],
        }
    }

    /// Which of `bands()` the partner keyed `key` falls in.
    fn band_of(self, key: &SortKey) -> usize {
        match self {
            PartnerSort::Added => usize::from(key.is_placeholder),
            PartnerSort::Name => 0,
            PartnerSort::Joined => usize::from(key.joined_on.is_none()),
        }
    }
}

/// Rows of one order that an index keeps together (`rows`, none for the
/// whole list), ordered by the columns `by`, ascending or not as shown.
struct Band {
    rows: Option<&'static str>,
    by: &'static [Column],
    ascending: bool,
}

#[derive(Clone, Copy)]
enum Column {
    Name,
    JoinedOn,
    Id,
}

impl Column {
    fn sql(self) -> &'static str {
        match self {
            Column::Name => "p.name",
            Column::JoinedOn => "p.joined_on",
            Column::Id => "p.id",
        }
    }
}

/// Where a partner sits in every order: a page's cursor, read from the store.
#[derive(Debug, Clone, sqlx::FromRow)]
struct SortKey {
    id: i64,
    is_placeholder: bool,
    name: String,
    joined_on: Option<i64>,
}

impl SortKey {
    fn of(partner: &PartnerSummary) -> SortKey {
        let stored = partner.joined_on;
        SortKey {
            id: partner.id.0,
            is_placeholder: partner.is_placeholder,
            name: partner.name.clone(),
            joined_on: stored.day.map(BizDay::as_int).or(stored.unreadable),
        }
    }
}

/// Where a page of the team starts: at either end, or next to a partner
/// the window shows (the last one for the next page, the first one for
/// the previous).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[ts(export)]
pub enum PageAt {
    First,
    Last,
    After(PartnerId),
    Before(PartnerId),
}

#[derive(Debug, Clone, Copy, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PartnerPageRequest {
    pub at: PageAt,
    pub limit: u32,
}

impl PartnerPageRequest {
    fn limit(self) -> usize {
        // At most MAX_PAGE_SIZE, so the widening cannot fail.
        usize::try_from(self.limit.clamp(1, MAX_PAGE_SIZE)).unwrap_or(1)
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

/// One page of the team, searched and sorted; every step runs in SQL and
/// seeks by key, so the last page of 100,000 partners costs what the first does.
pub async fn list(
    pool: &SqlitePool,
    search: &str,
    sort: PartnerSort,
    page: PartnerPageRequest,
) -> Result<KeyedPage<PartnerSummary>, sqlx::Error> {
    page_of(pool, MATCHES, Filter::Text(search.trim()), sort, page).await
}

/// Who is directly below `parent`, or the top of the tree (her direct
/// downline, placeholders aside) for `None`: one level of the tree view.
pub async fn children(
    pool: &SqlitePool,
    parent: Option<PartnerId>,
    page: PartnerPageRequest,
) -> Result<KeyedPage<PartnerSummary>, sqlx::Error> {
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

/// Which way a page reads from where it starts: on in the shown order, or back.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Toward {
    End,
    Start,
}

impl Toward {
    fn back(self) -> Toward {
        match self {
            Toward::End => Toward::Start,
            Toward::Start => Toward::End,
        }
    }
}

const CURSOR_SQL: &str = "SELECT id, is_placeholder, name, joined_on FROM partners WHERE id = ?1";

/// One page of partners matching `condition` (whose `?1` is `filter`),
/// next to the partner the request names, or the first page when she is gone.
async fn page_of(
    pool: &SqlitePool,
    condition: &str,
    filter: Filter<'_>,
    sort: PartnerSort,
    page: PartnerPageRequest,
) -> Result<KeyedPage<PartnerSummary>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Counted {
        total: i64,
    }
    // The statement is assembled from constant fragments only.
    let Counted { total } =
        bind_query_filter(sqlx::query_as(sqlx::AssertSqlSafe(count_sql(condition))), filter).fetch_one(pool).await?;
    let limit = page.limit();
    let (toward, cursor) = match page.at {
        PageAt::First => (Toward::End, None),
        PageAt::Last => (Toward::Start, None),
        PageAt::After(id) => (Toward::End, Some(id)),
        PageAt::Before(id) => (Toward::Start, Some(id)),
    };
    let from = match cursor {
        Some(id) => sqlx::query_as::<_, SortKey>(CURSOR_SQL).bind(id.0).fetch_optional(pool).await?,
        None => None,
    };
    let mut items = match (cursor, &from) {
        (Some(_), None) => Vec::new(),
        _ => read(pool, condition, filter, sort, toward, from.as_ref(), limit + 1).await?,
    };
    if cursor.is_some() && items.is_empty() {
        // Her place in the list is gone, or nothing is left past it.
        return first_page(pool, condition, filter, sort, limit, total).await;
    }
    let more_ahead = items.len() > limit;
    items.truncate(limit);
    if toward == Toward::Start {
        items.reverse();
    }
    // Behind the page lies the cursor's side: ask for one row there, from
    // the page's edge (the cursor herself may no longer match the filter).
    let edge = if toward == Toward::End { items.first() } else { items.last() };
    let more_behind = match (cursor, edge) {
        (Some(_), Some(edge)) => {
            !read(pool, condition, filter, sort, toward.back(), Some(&SortKey::of(edge)), 1).await?.is_empty()
        }
        _ => false,
    };
    let (more_before, more_after) =
        if toward == Toward::End { (more_behind, more_ahead) } else { (more_ahead, more_behind) };
    Ok(KeyedPage { items: shown(items), total, more_before, more_after, restarted: false })
}

/// The first page, for a cursor that leads nowhere: flagged, so the window
/// counts from the start again.
async fn first_page(
    pool: &SqlitePool,
    condition: &str,
    filter: Filter<'_>,
    sort: PartnerSort,
    limit: usize,
    total: i64,
) -> Result<KeyedPage<PartnerSummary>, sqlx::Error> {
    let mut items = read(pool, condition, filter, sort, Toward::End, None, limit + 1).await?;
    let more_after = items.len() > limit;
    items.truncate(limit);
    Ok(KeyedPage { items: shown(items), total, more_before: false, more_after, restarted: true })
}

/// Up to `want` partners from `from` (not included; from the end the
/// direction starts at when `None`), in the direction of travel: band by
/// band, a band running short continuing in the next.
async fn read(
    pool: &SqlitePool,
    condition: &str,
    filter: Filter<'_>,
    sort: PartnerSort,
    toward: Toward,
    from: Option<&SortKey>,
    want: usize,
) -> Result<Vec<PartnerSummary>, sqlx::Error> {
    let bands = sort.bands();
    let start = from.map(|key| sort.band_of(key));
    let order: Vec<usize> = match toward {
        Toward::End => (start.unwrap_or(0)..bands.len()).collect(),
        Toward::Start => (0..=start.unwrap_or(bands.len() - 1)).rev().collect(),
    };
    // `want` is at most a page and one.
    let mut rows: Vec<PartnerSummary> = Vec::with_capacity(want);
    for (step, band) in order.into_iter().enumerate() {
        let bound = if step == 0 { from } else { None };
        let band = &bands[band];
        // The statement is assembled from constant fragments only.
        let sql = step_sql(condition, band, toward, bound.is_some());
        let mut query = bind_query_filter(sqlx::query_as(sqlx::AssertSqlSafe(sql)), filter);
        if let Some(key) = bound {
            for column in band.by {
                query = match column {
                    Column::Name => query.bind(key.name.as_str()),
                    Column::JoinedOn => query.bind(key.joined_on),
                    Column::Id => query.bind(key.id),
                };
            }
        }
        let need = i64::try_from(want - rows.len()).unwrap_or(i64::MAX);
        rows.extend(query.bind(need).fetch_all(pool).await?);
        if rows.len() >= want {
            break;
        }
    }
    Ok(rows)
}

/// Partners as every list shows them: WeChat masked, an unreadable day named.
fn shown(rows: Vec<PartnerSummary>) -> Vec<PartnerSummary> {
    rows.into_iter()
        .map(|p| PartnerSummary {
            wechat: p.wechat.as_deref().map(crate::model::contact::mask_wechat),
            unreadable: unreadable_joined_on(p.joined_on),
            ..p
        })
        .collect()
}

/// How many partners `condition` keeps (`?1` its filter).
fn count_sql(condition: &str) -> String {
    format!("SELECT COUNT(*) AS total FROM partners p WHERE {condition}")
}

/// One step of a page: the partners `condition` keeps (`?1` its filter) in
/// `band`, read toward `toward`, past the key bound to `?2`.. when
/// `bounded`, at most as many as the last parameter says.
fn step_sql(condition: &str, band: &Band, toward: Toward, bounded: bool) -> String {
    let ascending = band.ascending == (toward == Toward::End);
    let (past, direction) = if ascending { (">", "") } else { ("<", " DESC") };
    let columns: Vec<&str> = band.by.iter().map(|c| c.sql()).collect();
    let mut conditions = vec![condition.to_owned()];
    conditions.extend(band.rows.map(str::to_owned));
    let mut next = 2;
    if bounded {
        let slots: Vec<String> = (next..next + columns.len()).map(|n| format!("?{n}")).collect();
        next += columns.len();
        conditions.push(match columns.as_slice() {
            [one] => format!("{one} {past} {}", slots.join(", ")),
            _ => format!("({}) {past} ({})", columns.join(", "), slots.join(", ")),
        });
    }
    let order: Vec<String> = columns.iter().map(|c| format!("{c}{direction}")).collect();
    format!(
        "SELECT p.id, p.name, p.role, p.sub_union_id, parent.name AS parent_name, p.joined_on, p.is_placeholder,
                p.wechat, (SELECT COUNT(*) FROM partners c WHERE c.parent_id = p.id) AS downline
         FROM partners p LEFT JOIN partners parent ON parent.id = p.parent_id
         WHERE {} ORDER BY {} LIMIT ?{next}",
        conditions.join(" AND "),
        order.join(", ")
    )
}

/// Every page statement, filter by filter with the sorts it is read in,
/// each band both ways, from an end and past a key.
#[cfg(test)]
fn step_statements() -> Vec<String> {
    let mut texts = Vec::new();
    for (condition, sorts) in [
        (MATCHES, &[PartnerSort::Added, PartnerSort::Name, PartnerSort::Joined][..]),
        (UNDER, &[PartnerSort::Name][..]),
    ] {
        for sort in sorts {
            for band in sort.bands() {
                for toward in [Toward::End, Toward::Start] {
                    texts.extend([false, true].map(|bounded| step_sql(condition, band, toward, bounded)));
                }
            }
        }
    }
    texts
}

/// Every SQL text the team room builds at run time, for the prepare test.
#[cfg(test)]
pub(crate) fn built_sql() -> Vec<String> {
    let mut texts = step_statements();
    texts.extend([count_sql(MATCHES), count_sql(UNDER)]);
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
/// sub-union id. A partner already entered under another parent has moved,
/// and the move is recorded; a placeholder had no place in the tree yet,
/// so taking one is no move, as adding a partner is none.
pub async fn upsert(db: &mut sqlx::SqliteConnection, partner: &NewPartner, now: i64) -> Result<PartnerId, sqlx::Error> {
    let entered_parent: Option<Option<i64>> =
        sqlx::query_scalar("SELECT parent_id FROM partners WHERE sub_union_id = ?1 AND is_placeholder = 0")
            .bind(&partner.sub_union_id)
            .fetch_optional(&mut *db)
            .await?;
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
    .fetch_one(&mut *db)
    .await?;
    if let Some(old_parent) = entered_parent {
        moves::record_move(db, PartnerId(id), now, old_parent, partner.parent.map(|p| p.0)).await?;
    }
    Ok(PartnerId(id))
}
