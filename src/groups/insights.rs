//! Groups compared over a range: earnings and orders per member, the
//! alerts that need her (big groups converting less), and the points of the
//! size-against-conversion chart.

use crate::model::{BizDay, GroupId, Money};
use crate::store::sql::latest_members_sql;
use serde::Serialize;
use sqlx::SqlitePool;
use std::collections::BTreeMap;

/// WeChat groups tend to convert worse past about this many members.
pub const KNEE_MEMBERS: i64 = 200;
/// Conversion counts as falling when the last week's orders per member are
/// under this share of the week before's.
pub const FALLING_SHARE: f64 = 0.8;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct GroupStats {
    pub group_id: GroupId,
    pub name: String,
    pub members: Option<i64>,
    pub estimate_fen: Money,
    /// Commission whose settlement day has passed.
    pub settled_fen: Money,
    pub orders: i64,
    pub orders_per_member: Option<f64>,
    pub estimate_per_member_fen: Option<Money>,
}

/// Every active group's figures over `[from, to]` by order day, largest
/// estimate first.
pub async fn compare(
    pool: &SqlitePool,
    from: BizDay,
    to: BizDay,
    today: BizDay,
) -> Result<Vec<GroupStats>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Totals {
        id: GroupId,
        name: String,
        members: Option<i64>,
        estimate: Money,
        settled: Money,
        orders: i64,
    }
    let rows: Vec<Totals> = sqlx::query_as(concat!(
        "SELECT g.id, g.name, ",
        latest_members_sql!(),
        " AS members,
                COALESCE(SUM(r.estimate_fee_fen), 0) AS estimate,
                COALESCE(SUM(CASE WHEN r.pay_month BETWEEN 1 AND ?3 THEN r.actual_fee_fen END), 0) AS settled,
                COALESCE(SUM(r.orders), 0) AS orders
         FROM groups g LEFT JOIN daily_rollup r ON r.group_id = g.id AND r.day BETWEEN ?1 AND ?2
         WHERE g.archived_at IS NULL GROUP BY g.id ORDER BY estimate DESC, g.id",
    ))
    .bind(from)
    .bind(to)
    .bind(today)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let per_member = r.members.filter(|m| *m > 0);
            GroupStats {
                group_id: r.id,
                name: r.name,
                members: r.members,
                estimate_fen: r.estimate,
                settled_fen: r.settled,
                orders: r.orders,
                orders_per_member: per_member.map(|m| r.orders as f64 / m as f64),
                estimate_per_member_fen: per_member.map(|m| Money::from_fen(r.estimate.fen() / m)),
            }
        })
        .collect())
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FallingGroup {
    pub group_id: GroupId,
    pub name: String,
    pub members: i64,
    pub orders_last_week: i64,
    /// The median of the weekly orders of the 8 weeks before.
    pub orders_usual_week: f64,
}

/// How many weeks before the last one make her usual week. Eight: a big
/// campaign (双11 pre-sales run three weeks or more) stays a minority of
/// them, so their median is an ordinary week.
const USUAL_WEEKS: i64 = 8;

/// Groups of 200+ members whose last 7 whole days brought fewer than 80% of
/// a usual week's orders: the median of the 8 weeks before, so that a
/// promotion (618, 双11) does not make every group look like it is falling
/// the week after. Today is still running, so it waits.
pub async fn falling(pool: &SqlitePool, today: BizDay) -> Result<Vec<FallingGroup>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct GroupDay {
        id: GroupId,
        name: String,
        members: i64,
        day: BizDay,
        orders: i64,
    }
    let rows: Vec<GroupDay> = sqlx::query_as(
        // Each group's latest member count is one step down its key (a
        // year of daily counts for 60 groups made a join on every count
        // row cost half a second).
        "WITH sized AS (
             SELECT g.id, g.name,
                    (SELECT c.members FROM group_member_counts c WHERE c.group_id = g.id ORDER BY c.day DESC LIMIT 1) AS members
             FROM groups g WHERE g.archived_at IS NULL)
         SELECT s.id, s.name, s.members, r.day, SUM(r.orders) AS orders
         FROM sized s JOIN daily_rollup r ON r.group_id = s.id AND r.pay_month = 0 AND r.day BETWEEN ?1 AND ?2
         WHERE s.members >= ?3
         GROUP BY s.id, r.day",
    )
    .bind(today.add_days(-7 * (USUAL_WEEKS + 1)))
    .bind(today.add_days(-1))
    .bind(KNEE_MEMBERS)
    .fetch_all(pool)
    .await?;
    // Orders per week and group; week 0 is the last 7 whole days.
    let mut weeks: BTreeMap<GroupId, (String, i64, [i64; 1 + USUAL_WEEKS as usize])> = BTreeMap::new();
    for r in rows {
        let week = ((today.date() - r.day.date()).num_days() - 1) / 7;
        let entry = weeks.entry(r.id).or_insert((r.name, r.members, [0; 1 + USUAL_WEEKS as usize]));
        if let Some(orders) = usize::try_from(week).ok().and_then(|w| entry.2.get_mut(w)) {
            *orders += r.orders;
        }
    }
    let mut falling = Vec::new();
    for (id, (name, members, orders)) in weeks {
        let mut before = orders[1..].to_vec();
        before.sort_unstable();
        let middle = before.len() / 2;
        let usual = (before[middle - 1] + before[middle]) as f64 / 2.0;
        if usual > 0.0 && (orders[0] as f64) < FALLING_SHARE * usual {
            falling.push(FallingGroup {
                group_id: id,
                name,
                members,
                orders_last_week: orders[0],
                orders_usual_week: usual,
            });
        }
    }
    Ok(falling)
}
