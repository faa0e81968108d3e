//! Earnings as the dashboard shows them, read from the daily rollup and,
//! for what settled, the settlement calendar's pay days; of one platform or
//! of all (`platform` `None`).

use crate::model::{BizDay, GroupId, Money, Platform, StoredDay};
use serde::Serialize;
use sqlx::SqlitePool;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Dashboard {
    /// Beijing day the figures are for, `yyyy-MM-dd`.
    pub today: String,
    /// Estimated commission of valid orders placed this month, fen.
    pub month_estimate_fen: Money,
    /// Commission settled on this month's pay days up to today, as the
    /// settlement calendar counts it (money taken back after payout leaves
    /// on its own later pay day), fen.
    pub month_settled_fen: Money,
    pub month_orders: i64,
    pub top_groups: Vec<GroupEarning>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct GroupEarning {
    pub group_id: GroupId,
    pub name: String,
    pub estimate_fen: Money,
    pub orders: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayPoint {
    pub day: BizDay,
    pub estimate: Money,
    pub actual: Money,
}

pub async fn dashboard(pool: &SqlitePool, platform: Option<Platform>, today: BizDay) -> Result<Dashboard, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Totals {
        estimate: Money,
        orders: i64,
    }
    let month_start = today.first_of_month();
    let totals: Totals = sqlx::query_as(
        "SELECT COALESCE(SUM(estimate_fee_fen), 0) AS estimate, COALESCE(SUM(orders), 0) AS orders
         FROM daily_rollup WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR platform = ?3)",
    )
    .bind(month_start)
    .bind(today)
    .bind(platform)
    .fetch_one(pool)
    .await?;
    let settled = super::settlements::landed_between(pool, platform, month_start, today).await?;
    let top_groups: Vec<GroupEarning> = sqlx::query_as(
        "SELECT g.id AS group_id, g.name, SUM(r.estimate_fee_fen) AS estimate_fen, SUM(r.orders) AS orders
         FROM daily_rollup r JOIN groups g ON g.id = r.group_id
         WHERE r.day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR r.platform = ?3)
         GROUP BY g.id ORDER BY estimate_fen DESC, g.id LIMIT 5",
    )
    .bind(month_start)
    .bind(today)
    .bind(platform)
    .fetch_all(pool)
    .await?;
    Ok(Dashboard {
        today: today.to_string(),
        month_estimate_fen: totals.estimate,
        month_settled_fen: settled,
        month_orders: totals.orders,
        top_groups,
    })
}

/// Estimated and actual (completed, settling on its pay month) commission
/// per order day for the `days` days ending `today`; days with no orders are
/// zero, not missing.
pub async fn daily_trend(
    pool: &SqlitePool,
    platform: Option<Platform>,
    today: BizDay,
    days: i64,
) -> Result<Vec<DayPoint>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Stored {
        #[sqlx(try_from = "Option<i64>")]
        day: StoredDay,
        estimate: Money,
        actual: Money,
    }
    let first = today.add_days(1 - days);
    let rows: Vec<Stored> = sqlx::query_as(
        "SELECT day, SUM(estimate_fee_fen) AS estimate, SUM(actual_fee_fen) AS actual
         FROM daily_rollup WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR platform = ?3) GROUP BY day",
    )
    .bind(first)
    .bind(today)
    .bind(platform)
    .fetch_all(pool)
    .await?;
    let mut points: Vec<DayPoint> =
        (0..days).map(|i| DayPoint { day: first.add_days(i), estimate: Money::ZERO, actual: Money::ZERO }).collect();
    for row in rows {
        let Some(day) = row.day.day else {
            continue;
        };
        let index = (day.date() - first.date()).num_days();
        if let Some(point) = usize::try_from(index).ok().and_then(|i| points.get_mut(i)) {
            point.estimate = row.estimate;
            point.actual = row.actual;
        }
    }
    Ok(points)
}
