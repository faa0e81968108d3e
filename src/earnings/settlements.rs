//! 到账日历: when her money lands. JD Union settles once a month: lines
//! completed in one month are paid on their `payMonth`, a day around the
//! 20th of the next month. So a coming pay day expects the completed lines
//! that name it, less what refunds and 维权 after an earlier payout take
//! back on it (a line's settlement days); lines paid but not completed yet
//! can still be returned or cancelled, and would land no earlier than the
//! 20th of next month.
//! Past pay days show what landed beside what was expected a month before
//! (the calendar notes its forecast each day it is read). It is read for
//! one platform or for all; the forecasts noted are of all platforms.

use crate::model::{BizDay, BizMonth, Money, Platform};
use serde::Serialize;
use sqlx::SqlitePool;
use std::collections::BTreeMap;

/// The day of the month JD names as the usual pay day.
pub const USUAL_PAY_DAY: i64 = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ComingSettlement {
    pub day: BizDay,
    /// Completed lines that name this day, less what lines paid earlier
    /// give back on it (a refund or 维权 after payout).
    pub expected_fen: Money,
    pub expected_rows: i64,
    /// Paid, not completed: at risk, and landing here at the earliest.
    pub at_risk_fen: Money,
    pub at_risk_rows: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PastSettlement {
    pub day: BizDay,
    pub landed_fen: Money,
    pub rows: i64,
    /// The forecast noted about a month before the day, when there was one.
    pub expected_before_fen: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SettlementCalendar {
    pub today: BizDay,
    pub coming: Vec<ComingSettlement>,
    /// Newest first.
    pub past: Vec<PastSettlement>,
}

/// Where lines not completed yet would land at the earliest: the 20th of next month.
pub fn earliest_for_open_lines(today: BizDay) -> BizDay {
    BizMonth::of(today).next().first_day().add_days(USUAL_PAY_DAY - 1)
}

#[derive(sqlx::FromRow)]
struct PayDay {
    pay_month: BizDay,
    fen: Money,
    rows: i64,
}

const VALID: &str = crate::model::ValidCode::VALID_SQL;

/// Past any pay day the platform can name.
const LAST: i64 = i64::MAX;

/// The pay days from `from` up to `to` (no end when none): what the
/// rollups keep on each, with the money of rows settled over several days
/// moved onto those days.
async fn pay_days(
    pool: &SqlitePool,
    platform: Option<Platform>,
    from: BizDay,
    to: Option<BizDay>,
) -> Result<Vec<PayDay>, sqlx::Error> {
    let mut days: BTreeMap<BizDay, (Money, i64)> = BTreeMap::new();
    for sql in [pay_days_sql(), moved_sql()] {
        // Constant fragments only.
        let found: Vec<PayDay> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(from).bind(to).bind(platform).fetch_all(pool).await?;
        for d in found {
            let (fen, rows) = days.entry(d.pay_month).or_insert((Money::ZERO, 0));
            *fen = Money::from_fen(fen.fen().saturating_add(d.fen.fen()));
            *rows += d.rows;
        }
    }
    Ok(days
        .into_iter()
        .filter(|(_, (fen, rows))| *rows != 0 || *fen != Money::ZERO)
        .map(|(pay_month, (fen, rows))| PayDay { pay_month, fen, rows })
        .collect())
}

/// The first pay day after `today` that moves money, and how much.
pub(super) async fn next_pay_day(
    pool: &SqlitePool,
    platform: Option<Platform>,
    today: BizDay,
) -> Result<Option<(BizDay, Money)>, sqlx::Error> {
    let coming = pay_days(pool, platform, today.add_days(1), None).await?;
    Ok(coming.into_iter().find(|d| d.fen != Money::ZERO).map(|d| (d.pay_month, d.fen)))
}

/// What landed on the pay days from `from` to `to`, as the calendar shows
/// them: money taken back on a later pay day counts on that day.
pub(super) async fn landed_between(
    pool: &SqlitePool,
    platform: Option<Platform>,
    from: BizDay,
    to: BizDay,
) -> Result<Money, sqlx::Error> {
    let days = pay_days(pool, platform, from, Some(to)).await?;
    Ok(Money::from_fen(days.iter().map(|d| d.fen.fen()).fold(0, i64::saturating_add)))
}

/// Every SQL text the calendar builds at run time, for the prepare test.
#[cfg(test)]
pub(super) fn built_sql() -> Vec<String> {
    vec![pay_days_sql(), moved_sql(), at_risk_sql()]
}

fn pay_days_sql() -> String {
    format!(
        "SELECT pay_month, SUM(actual_fee_fen) AS fen, SUM(rows) AS rows FROM category_daily
         WHERE pay_month BETWEEN ?1 AND COALESCE(?2, {LAST}) AND (?3 IS NULL OR platform = ?3) AND {VALID}
         GROUP BY pay_month ORDER BY pay_month"
    )
}

/// A row with settlement days of its own (a refund or 维权 after payout
/// takes money back on a later pay day) is kept in the rollups at what it
/// nets, on its own pay day. Here that is taken off its pay day and each of
/// its days gets what it settled, whatever the row's status now: money
/// paid and taken back later did land, then leave. A line counts on each
/// day it moved money, beyond the pay day the rollups count it on.
fn moved_sql() -> String {
    format!(
        "SELECT day AS pay_month, SUM(fen) AS fen, SUM(lines) AS rows FROM (
             SELECT r.pay_month AS day, -r.actual_fee_fen AS fen, 0 AS lines
             FROM order_rows AS r
             WHERE r.id IN (SELECT row_id FROM order_row_settlements) AND r.pay_month > 0 AND r.{VALID}
               AND (?3 IS NULL OR r.platform = ?3)
             UNION ALL
             SELECT s.settle_day, s.fee_fen,
                    CASE WHEN s.settle_day = r.pay_month AND r.{VALID} THEN 0 ELSE 1 END
             FROM order_row_settlements AS s CROSS JOIN order_rows AS r ON r.id = s.row_id
             WHERE (?3 IS NULL OR r.platform = ?3)
         )
         WHERE day BETWEEN ?1 AND COALESCE(?2, {LAST})
         GROUP BY day"
    )
}

/// Paid lines not completed yet: no pay day named.
fn at_risk_sql() -> String {
    format!(
        "SELECT COALESCE(SUM(estimate_fee_fen), 0) AS fen, COALESCE(SUM(rows), 0) AS rows FROM category_daily
         WHERE pay_month = 0 AND (?1 IS NULL OR platform = ?1) AND {VALID}"
    )
}

/// The calendar for `today`, with `past_months` months of pay days behind
/// it, of `platform` or of all. A past day's forecast is shown beside the
/// calendar of all platforms, whose forecasts are the ones noted.
pub async fn calendar(
    pool: &SqlitePool,
    platform: Option<Platform>,
    today: BizDay,
    past_months: u32,
) -> Result<SettlementCalendar, sqlx::Error> {
    let mut coming: Vec<ComingSettlement> = pay_days(pool, platform, today.add_days(1), None)
        .await?
        .into_iter()
        .map(|d| ComingSettlement {
            day: d.pay_month,
            expected_fen: d.fen,
            expected_rows: d.rows,
            at_risk_fen: Money::ZERO,
            at_risk_rows: 0,
        })
        .collect();
    #[derive(sqlx::FromRow)]
    struct AtRisk {
        fen: Money,
        rows: i64,
    }
    // A constant fragment only.
    let AtRisk { fen: at_risk, rows: at_risk_rows } =
        sqlx::query_as(sqlx::AssertSqlSafe(at_risk_sql())).bind(platform).fetch_one(pool).await?;
    if at_risk_rows > 0 {
        let day = earliest_for_open_lines(today);
        let index = match coming.iter().position(|c| c.day >= day) {
            Some(i) if coming[i].day == day => i,
            found => {
                let i = found.unwrap_or(coming.len());
                let empty = ComingSettlement {
                    day,
                    expected_fen: Money::ZERO,
                    expected_rows: 0,
                    at_risk_fen: Money::ZERO,
                    at_risk_rows: 0,
                };
                coming.insert(i, empty);
                i
            }
        };
        coming[index].at_risk_fen = at_risk;
        coming[index].at_risk_rows = at_risk_rows;
    }
    if platform.is_none() {
        note_forecast(pool, today, &coming).await?;
    }
    let mut first_past = BizMonth::of(today);
    for _ in 0..past_months {
        first_past = first_past.previous();
    }
    let mut past = Vec::new();
    for d in pay_days(pool, platform, first_past.first_day(), Some(today)).await?.into_iter().rev() {
        let expected_before_fen = match platform {
            None => expected_before(pool, d.pay_month).await?,
            Some(_) => None,
        };
        past.push(PastSettlement { day: d.pay_month, landed_fen: d.fen, rows: d.rows, expected_before_fen });
    }
    Ok(SettlementCalendar { today, coming, past })
}

/// Today's forecast for each coming day, kept once per day (the last read wins).
async fn note_forecast(pool: &SqlitePool, today: BizDay, coming: &[ComingSettlement]) -> Result<(), sqlx::Error> {
    let mut tx = crate::store::begin_write(pool).await?;
    for c in coming {
        sqlx::query(
            "INSERT INTO settlement_forecasts (pay_day, seen_on, expected_fen) VALUES (?1, ?2, ?3)
             ON CONFLICT (pay_day, seen_on) DO UPDATE SET expected_fen = excluded.expected_fen",
        )
        .bind(c.day)
        .bind(today)
        .bind(c.expected_fen.fen().saturating_add(c.at_risk_fen.fen()))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// The forecast for `day` noted on the last day she looked at least a month before it.
async fn expected_before(pool: &SqlitePool, day: BizDay) -> Result<Option<Money>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT expected_fen FROM settlement_forecasts WHERE pay_day = ?1 AND seen_on <= ?2
         ORDER BY seen_on DESC LIMIT 1",
    )
    .bind(day)
    .bind(day.add_days(-30))
    .fetch_optional(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_lines_land_on_the_twentieth_of_next_month_at_the_earliest() {
        let day = |t: &str| BizDay::parse(t).unwrap();
        assert_eq!(earliest_for_open_lines(day("2026-12-02")), day("2027-01-20"));
        assert_eq!(earliest_for_open_lines(day("2026-01-31")), day("2026-02-20"));
    }
}
