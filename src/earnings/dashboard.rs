//! Earnings as the dashboard shows them, read from the daily rollup only.

use crate::model::{BizDay, GroupId, Money};
use serde::Serialize;
use sqlx::{Row, SqlitePool};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Dashboard {
    /// Beijing day the figures are for, `yyyy-MM-dd`.
    pub today: String,
    /// Estimated commission of valid orders placed this month, fen.
    pub month_estimate_fen: Money,
    /// Commission settled this month (pay month this month, already passed), fen.
    pub month_settled_fen: Money,
    pub month_orders: i64,
    pub top_groups: Vec<GroupEarning>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
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

pub async fn dashboard(pool: &SqlitePool, today: BizDay) -> Result<Dashboard, sqlx::Error> {
    let month_start = today.first_of_month();
    let totals = sqlx::query(
        "SELECT COALESCE(SUM(estimate_fee_fen), 0) AS estimate, COALESCE(SUM(orders), 0) AS orders
         FROM daily_rollup WHERE day BETWEEN ?1 AND ?2",
    )
    .bind(month_start)
    .bind(today)
    .fetch_one(pool)
    .await?;
    let settled: i64 = sqlx::query_scalar(
        "SELECT COALESCE(SUM(actual_fee_fen), 0) FROM daily_rollup WHERE pay_month BETWEEN ?1 AND ?2",
    )
    .bind(month_start)
    .bind(today)
    .fetch_one(pool)
    .await?;
    let top = sqlx::query(
        "SELECT g.id, g.name, SUM(r.estimate_fee_fen) AS estimate, SUM(r.orders) AS orders
         FROM daily_rollup r JOIN groups g ON g.id = r.group_id
         WHERE r.day BETWEEN ?1 AND ?2
         GROUP BY g.id ORDER BY estimate DESC, g.id LIMIT 5",
    )
    .bind(month_start)
    .bind(today)
    .fetch_all(pool)
    .await?;
    Ok(Dashboard {
        today: today.to_string(),
        month_estimate_fen: Money::from_fen(totals.get("estimate")),
        month_settled_fen: Money::from_fen(settled),
        month_orders: totals.get("orders"),
        top_groups: top
            .iter()
            .map(|r| GroupEarning {
                group_id: GroupId(r.get("id")),
                name: r.get("name"),
                estimate_fen: Money::from_fen(r.get("estimate")),
                orders: r.get("orders"),
            })
            .collect(),
    })
}

/// Estimated and actual (completed, settling on its pay month) commission
/// per order day for the `days` days ending `today`; days with no orders are
/// zero, not missing.
pub async fn daily_trend(pool: &SqlitePool, today: BizDay, days: i64) -> Result<Vec<DayPoint>, sqlx::Error> {
    let first = today.add_days(1 - days);
    let rows = sqlx::query(
        "SELECT day, SUM(estimate_fee_fen) AS estimate, SUM(actual_fee_fen) AS actual
         FROM daily_rollup WHERE day BETWEEN ?1 AND ?2 GROUP BY day",
    )
    .bind(first)
    .bind(today)
    .fetch_all(pool)
    .await?;
    let mut points: Vec<DayPoint> =
        (0..days).map(|i| DayPoint { day: first.add_days(i), estimate: Money::ZERO, actual: Money::ZERO }).collect();
    for row in rows {
        let Some(day) = BizDay::from_int(row.get("day")) else {
            continue;
        };
        let index = (day.date() - first.date()).num_days();
        if let Some(point) = usize::try_from(index).ok().and_then(|i| points.get_mut(i)) {
            point.estimate = Money::from_fen(row.get("estimate"));
            point.actual = Money::from_fen(row.get("actual"));
        }
    }
    Ok(points)
}
