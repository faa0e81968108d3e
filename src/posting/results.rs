//! What posts brought: a group's orders in the hours after a post against
//! the same hours on its ordinary days, a material's record across posts,
//! and the hours of the day a group buys in, all from her own orders.

use super::queue::{Post, POST_COLUMNS};
use crate::model::{BizDay, EpochSecs, GroupId, MaterialId, Money, PostId, PostStatus, ValidCode};
use serde::Serialize;
use sqlx::SqlitePool;
use std::collections::BTreeMap;

/// Ordinary days are looked for among this many before the post's.
const USUAL_DAYS: i64 = 14;
/// A group's hours are read over this many days.
pub const HOUR_DAYS: i64 = 28;
/// Posts a material's record reads at most, newest first.
const MATERIAL_POSTS: i64 = 500;
const LOG_LIMIT: i64 = 200;
const VALID: &str = ValidCode::VALID_SQL;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct Sales {
    pub orders: i64,
    pub estimate_fen: Money,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PostResult {
    pub post: Post,
    pub hours: u8,
    pub after: Sales,
    /// The same hours averaged over the group's ordinary days (no post logged
    /// then); `None` when it had none.
    pub usual: Option<UsualSales>,
    /// Orders of the material's product in the group after the post.
    pub credited: Option<Sales>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct UsualSales {
    pub days: i64,
    pub orders: f64,
    pub estimate_fen: Money,
}

/// Orders of group `group` placed in `[from, to)`, optionally of one SKU.
async fn sales(
    pool: &SqlitePool,
    group: GroupId,
    (from, to): (EpochSecs, EpochSecs),
    sku: Option<i64>,
) -> Result<Sales, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(sales_sql())).bind(group).bind(from).bind(to).bind(sku).fetch_one(pool).await
}

/// Every SQL text results build at run time, for the prepare test.
#[cfg(test)]
pub(crate) fn built_sql() -> Vec<String> {
    vec![sales_sql(), log_sql(), material_posts_sql(), group_hours_sql()]
}

/// Orders of group `?1` placed in `[?2, ?3)`, of SKU `?4` unless NULL.
fn sales_sql() -> String {
    format!(
        "SELECT COUNT(DISTINCT order_id) AS orders, COALESCE(SUM(estimate_fee_fen), 0) AS estimate_fen
         FROM order_rows WHERE group_id = ?1 AND order_time >= ?2 AND order_time < ?3 AND {VALID}
         AND (?4 IS NULL OR sku_id = ?4)"
    )
}

fn log_sql() -> String {
    format!("{POST_COLUMNS} WHERE s.status IN ('posted', 'skipped') ORDER BY s.logged_at DESC, s.id DESC LIMIT ?1")
}

fn material_posts_sql() -> String {
    format!("{POST_COLUMNS} WHERE s.material_id = ?1 AND s.status = 'posted' ORDER BY s.logged_at DESC LIMIT ?2")
}

/// Group `?1`'s orders in `[?2, ?3)` by Beijing hour of day.
fn group_hours_sql() -> String {
    format!(
        "SELECT ((order_time + 8 * 3600) % 86400) / 3600 AS hour, COUNT(DISTINCT order_id) AS orders,
                COALESCE(SUM(estimate_fee_fen), 0) AS estimate_fen
         FROM order_rows WHERE group_id = ?1 AND order_time >= ?2 AND order_time < ?3 AND {VALID}
         GROUP BY hour"
    )
}

/// The SKU of a material's product: a bare SKU id or a JD goods URL naming one.
pub fn sku_of(product: &str) -> Option<i64> {
    let product = product.trim();
    if let Ok(sku) = product.parse::<i64>() {
        return (sku > 0).then_some(sku);
    }
    let path = product.split(['?', '#']).next()?;
    let last = path.rsplit('/').next()?;
    let digits = last.strip_suffix(".html").unwrap_or(last);
    digits.parse::<i64>().ok().filter(|sku| *sku > 0)
}

pub async fn of_post(pool: &SqlitePool, post: Post, hours: u8) -> Result<PostResult, sqlx::Error> {
    let Some(logged) = post.logged_at.filter(|_| post.status == PostStatus::Posted) else {
        return Ok(PostResult { post, hours, after: Sales::default(), usual: None, credited: None });
    };
    let span = i64::from(hours) * 3600;
    let window = (logged, logged + span);
    let after = sales(pool, post.group_id, window, None).await?;
    let product: Option<Option<String>> = match post.material_id {
        Some(id) => {
            sqlx::query_scalar("SELECT product FROM materials WHERE id = ?1").bind(id).fetch_optional(pool).await?
        }
        None => None,
    };
    let credited = match product.flatten().as_deref().and_then(sku_of) {
        Some(sku) => Some(sales(pool, post.group_id, window, Some(sku)).await?),
        None => None,
    };
    // A post whose stored day is unreadable has no ordinary days to compare.
    let usual = match post.day.day {
        Some(day) => usual(pool, post.group_id, day, window).await?,
        None => None,
    };
    Ok(PostResult { post, hours, after, usual, credited })
}

/// The same clock hours on each of the group's ordinary days before `day`.
async fn usual(
    pool: &SqlitePool,
    group: GroupId,
    day: BizDay,
    (from, to): (EpochSecs, EpochSecs),
) -> Result<Option<UsualSales>, sqlx::Error> {
    let posted_days: Vec<BizDay> = sqlx::query_scalar(
        "SELECT DISTINCT day FROM posts WHERE group_id = ?1 AND status = 'posted' AND day BETWEEN ?2 AND ?3",
    )
    .bind(group)
    .bind(day.add_days(-USUAL_DAYS))
    .bind(day.add_days(-1))
    .fetch_all(pool)
    .await?;
    let (mut days, mut orders, mut fen) = (0i64, 0i64, Money::ZERO);
    for back in 1..=USUAL_DAYS {
        let other = day.add_days(-back);
        if posted_days.contains(&other) {
            continue;
        }
        let shift = back * 86_400;
        let sold = sales(pool, group, (from - shift, to - shift), None).await?;
        days += 1;
        orders += sold.orders;
        fen = plus(fen, sold.estimate_fen);
    }
    Ok((days > 0).then(|| UsualSales {
        days,
        orders: orders as f64 / days as f64,
        estimate_fen: Money::from_fen(fen.fen() / days),
    }))
}

/// The logged posts, newest first, each with its results.
pub async fn log(pool: &SqlitePool, hours: u8, now: EpochSecs) -> Result<Vec<PostResult>, sqlx::Error> {
    let posts: Vec<Post> = sqlx::query_as(sqlx::AssertSqlSafe(log_sql())).bind(LOG_LIMIT).fetch_all(pool).await?;
    let mut results = Vec::with_capacity(posts.len());
    for post in posts {
        results.push(of_post(pool, post.completed(now), hours).await?);
    }
    Ok(results)
}

pub async fn of_post_id(
    pool: &SqlitePool,
    id: PostId,
    hours: u8,
    now: EpochSecs,
) -> Result<Option<PostResult>, sqlx::Error> {
    match super::queue::post(pool, id, now).await? {
        Some(post) => Ok(Some(of_post(pool, post, hours).await?)),
        None => Ok(None),
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MaterialRecord {
    pub material_id: MaterialId,
    pub posted: i64,
    pub after: Sales,
    /// Groups by orders after its posts, best first (at most 3).
    pub best_groups: Vec<GroupSales>,
    /// Beijing hours it was posted at, by orders after, best first (at most 3).
    pub best_hours: Vec<HourSales>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct GroupSales {
    pub group_id: GroupId,
    pub name: String,
    pub posts: i64,
    pub sales: Sales,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct HourSales {
    pub hour: u8,
    pub sales: Sales,
}

pub async fn of_material(
    pool: &SqlitePool,
    material: MaterialId,
    hours: u8,
    now: EpochSecs,
) -> Result<MaterialRecord, sqlx::Error> {
    let posts: Vec<Post> = sqlx::query_as(sqlx::AssertSqlSafe(material_posts_sql()))
        .bind(material)
        .bind(MATERIAL_POSTS)
        .fetch_all(pool)
        .await?;
    let mut after = Sales::default();
    let mut groups: BTreeMap<GroupId, GroupSales> = BTreeMap::new();
    let mut by_hour: BTreeMap<u8, Sales> = BTreeMap::new();
    let posted = posts.len() as i64;
    for post in posts {
        let result = of_post(pool, post.completed(now), hours).await?;
        add(&mut after, result.after);
        let entry = groups.entry(result.post.group_id).or_insert_with(|| GroupSales {
            group_id: result.post.group_id,
            name: result.post.group_name.clone(),
            posts: 0,
            sales: Sales::default(),
        });
        entry.posts += 1;
        add(&mut entry.sales, result.after);
        let hour = result.post.logged_at.map_or(0, hour_of);
        add(by_hour.entry(hour).or_default(), result.after);
    }
    let mut best_groups: Vec<GroupSales> = groups.into_values().filter(|g| g.sales.orders > 0).collect();
    best_groups
        .sort_by(|a, b| b.sales.orders.cmp(&a.sales.orders).then(b.sales.estimate_fen.cmp(&a.sales.estimate_fen)));
    best_groups.truncate(3);
    let mut best_hours: Vec<HourSales> =
        by_hour.into_iter().filter(|(_, s)| s.orders > 0).map(|(hour, sales)| HourSales { hour, sales }).collect();
    best_hours.sort_by(|a, b| b.sales.orders.cmp(&a.sales.orders).then(a.hour.cmp(&b.hour)));
    best_hours.truncate(3);
    Ok(MaterialRecord { material_id: material, posted, after, best_groups, best_hours })
}

fn add(total: &mut Sales, more: Sales) {
    total.orders += more.orders;
    total.estimate_fen = plus(total.estimate_fen, more.estimate_fen);
}

fn plus(a: Money, b: Money) -> Money {
    Money::from_fen(a.fen().saturating_add(b.fen()))
}

fn hour_of(at: EpochSecs) -> u8 {
    u8::try_from(at.rem_euclid(86_400) / 3600).unwrap_or(0).wrapping_add(8) % 24
}

/// A group's orders by Beijing hour of day over the last `HOUR_DAYS` days,
/// all 24 hours in order: the hours that sell, to set plan times by.
pub async fn group_hours(pool: &SqlitePool, group: GroupId, today: BizDay) -> Result<Vec<HourSales>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Hour {
        hour: i64,
        #[sqlx(flatten)]
        sales: Sales,
    }
    let rows: Vec<Hour> = sqlx::query_as(sqlx::AssertSqlSafe(group_hours_sql()))
        .bind(group)
        .bind(today.add_days(1 - HOUR_DAYS).start())
        .bind(today.add_days(1).start())
        .fetch_all(pool)
        .await?;
    Ok((0..24u8)
        .map(|hour| {
            let sales = rows.iter().find(|h| h.hour == i64::from(hour)).map_or_else(Sales::default, |h| h.sales);
            HourSales { hour, sales }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_product_names_its_sku_as_an_id_or_a_goods_url() {
        assert_eq!(sku_of("100012043978"), Some(100012043978));
        assert_eq!(sku_of("https://item.jd.com/100012043978.html"), Some(100012043978));
        assert_eq!(sku_of("https://item.jd.com/100012043978.html?from=x#top"), Some(100012043978));
        assert_eq!(sku_of("https://u.jd.com/AbCdEfG"), None);
        assert_eq!(sku_of("-5"), None);
    }

    #[test]
    fn hours_are_beijing_hours() {
        // 2026-12-01 04:30 UTC is 12:30 in Beijing.
        let at = BizDay::parse("2026-12-01").expect("a day").start() + 12 * 3600 + 30 * 60;
        assert_eq!(hour_of(at), 12);
    }
}
