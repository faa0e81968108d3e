//! 总览's headline: today, yesterday, this month and last month, each
//! estimated and settled next to the same span before, and the next
//! settlement with what it is expected to bring. Read from the daily and
//! hourly rollups, and what settled from the settlement calendar's pay days
//! (`settlements`), so the two always agree. Like meets like: today so far
//! is set against yesterday up to the same hour, this month so far against
//! the same days of last month with its last day cut at the same hour too,
//! and each span says which comparison it made.
//!
//! JD Union settles once a month: an order completed in one month is paid
//! on that order's `payMonth`, a day around the 20th of the next month; the
//! rollup keeps each row's commission under its pay month, so a pay month
//! still ahead of today is money expected, and one passed is money landed.
//! The other platforms' rows name their pay day the same way; money a
//! 维权 takes back after payout leaves on its own later pay day. Every figure
//! is of one platform or of all (`platform` `None`).

use super::compare::{month_before, same_days_last_month, Comparison, Span};
use crate::model::{to_beijing, BizDay, BizMonth, EpochSecs, Money, Platform};
use chrono::{Datelike, Timelike};
use serde::Serialize;
use sqlx::SqlitePool;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SpanKind {
    Today,
    Yesterday,
    ThisMonth,
    LastMonth,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Totals {
    /// Estimated commission of valid orders placed in the span.
    pub estimate_fen: Money,
    /// Commission whose settlement day fell in the span (up to today).
    pub settled_fen: Money,
    pub orders: i64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SpanFigures {
    pub kind: SpanKind,
    pub from: BizDay,
    pub to: BizDay,
    pub totals: Totals,
    /// The span set against this one, and how it was chosen.
    pub comparison: Comparison,
    pub before_from: BizDay,
    pub before_to: BizDay,
    pub before: Totals,
    /// When set, `before` holds only the orders placed up to the end of
    /// this Beijing hour of its last day (today so far against yesterday so
    /// far; this month so far against last month's same days so far).
    pub before_until_hour: Option<u8>,
    /// The estimate's change against `before`, in percent; `None` when
    /// there was nothing before to compare with.
    pub estimate_change_pct: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct NextSettlement {
    pub day: BizDay,
    /// Commission of completed orders that settle that day.
    pub expected_fen: Money,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Headline {
    pub today: BizDay,
    pub spans: Vec<SpanFigures>,
    pub next_settlement: Option<NextSettlement>,
}

/// `(from, to)` of each span, what it is compared with, and that span.
fn spans(today: BizDay) -> [(SpanKind, Span, Comparison, Span); 4] {
    let yesterday = today.add_days(-1);
    let this_month = BizMonth::of(today);
    let last_month = this_month.previous();
    [
        (SpanKind::Today, (today, today), Comparison::DayBeforeSameHour, (yesterday, yesterday)),
        (
            SpanKind::Yesterday,
            (yesterday, yesterday),
            Comparison::DayBefore,
            (yesterday.add_days(-1), yesterday.add_days(-1)),
        ),
        (
            SpanKind::ThisMonth,
            (this_month.first_day(), today),
            Comparison::SameDaysLastMonth,
            same_days_last_month(today),
        ),
        (
            SpanKind::LastMonth,
            (last_month.first_day(), last_month.last_day()),
            Comparison::MonthBefore,
            month_before(last_month),
        ),
    ]
}

/// The hour `before`'s last day is cut at, if any. Today's part of a span
/// is only `hour` old, so the span before stops at the same hour of its
/// last day: today against yesterday, and this month so far against last
/// month's same days (2 March 10:00 against 1–2 February up to 10:59), so
/// that 本月 and 今天 read alike. A month clipped to last month's end
/// (31 March against February) has no day matching today's; its last day
/// counts whole.
fn cut_hour(comparison: Comparison, today: BizDay, (_, before_to): Span, hour: u8) -> Option<u8> {
    let same_day = before_to.date().day() == today.date().day();
    match comparison {
        Comparison::DayBeforeSameHour => Some(hour),
        Comparison::SameDaysLastMonth if same_day => Some(hour),
        _ => None,
    }
}

/// What a span placed: the rollups' estimate and orders.
#[derive(sqlx::FromRow)]
struct Placed {
    estimate: Money,
    orders: i64,
}

async fn read_totals(
    pool: &SqlitePool,
    platform: Option<Platform>,
    (from, to): Span,
    today: BizDay,
) -> Result<Totals, sqlx::Error> {
    let Placed { estimate, orders } = sqlx::query_as(
        "SELECT COALESCE(SUM(estimate_fee_fen), 0) AS estimate, COALESCE(SUM(orders), 0) AS orders
         FROM daily_rollup WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR platform = ?3)",
    )
    .bind(from)
    .bind(to)
    .bind(platform)
    .fetch_one(pool)
    .await?;
    Ok(Totals { estimate_fen: estimate, settled_fen: settled(pool, platform, (from, to), today).await?, orders })
}

/// The span before: its whole days, and its last day's orders up to the end
/// of `until_hour` when given (what settled on that day counts whole).
async fn read_before(
    pool: &SqlitePool,
    platform: Option<Platform>,
    (from, to): Span,
    until_hour: Option<u8>,
    today: BizDay,
) -> Result<Totals, sqlx::Error> {
    let Some(hour) = until_hour else {
        return read_totals(pool, platform, (from, to), today).await;
    };
    // Empty (`to` before `from`) when the span is the one day.
    let whole_days = read_totals(pool, platform, (from, to.add_days(-1)), today).await?;
    let last_day = read_totals_until(pool, platform, to, hour, today).await?;
    Ok(Totals {
        estimate_fen: Money::from_fen(whole_days.estimate_fen.fen().saturating_add(last_day.estimate_fen.fen())),
        settled_fen: Money::from_fen(whole_days.settled_fen.fen().saturating_add(last_day.settled_fen.fen())),
        orders: whole_days.orders.saturating_add(last_day.orders),
    })
}

/// One day's orders placed up to the end of `hour`; what settled is the day's.
async fn read_totals_until(
    pool: &SqlitePool,
    platform: Option<Platform>,
    day: BizDay,
    hour: u8,
    today: BizDay,
) -> Result<Totals, sqlx::Error> {
    let Placed { estimate, orders } = sqlx::query_as(
        "SELECT COALESCE(SUM(estimate_fee_fen), 0) AS estimate, COALESCE(SUM(orders), 0) AS orders
         FROM hour_daily WHERE day = ?1 AND hour <= ?2 AND (?3 IS NULL OR platform = ?3)",
    )
    .bind(day)
    .bind(hour)
    .bind(platform)
    .fetch_one(pool)
    .await?;
    Ok(Totals { estimate_fen: estimate, settled_fen: settled(pool, platform, (day, day), today).await?, orders })
}

/// Commission whose settlement day fell in the span, up to today, as the
/// settlement calendar counts it.
async fn settled(
    pool: &SqlitePool,
    platform: Option<Platform>,
    (from, to): Span,
    today: BizDay,
) -> Result<Money, sqlx::Error> {
    super::settlements::landed_between(pool, platform, from, to.min(today)).await
}

fn change_pct(now: Money, before: Money) -> Option<f64> {
    (before.fen() != 0).then(|| (now.fen() - before.fen()) as f64 * 100.0 / before.fen().abs() as f64)
}

/// The headline as of `now`.
pub async fn headline(pool: &SqlitePool, platform: Option<Platform>, now: EpochSecs) -> Result<Headline, sqlx::Error> {
    let today = BizDay::of(now);
    // 0..=23, so the cast keeps every value.
    let hour = to_beijing(now).hour() as u8;
    let mut figures = Vec::with_capacity(4);
    for (kind, span, comparison, before_span) in spans(today) {
        let totals = read_totals(pool, platform, span, today).await?;
        let until_hour = cut_hour(comparison, today, before_span, hour);
        let before = read_before(pool, platform, before_span, until_hour, today).await?;
        figures.push(SpanFigures {
            kind,
            from: span.0,
            to: span.1,
            totals,
            comparison,
            before_from: before_span.0,
            before_to: before_span.1,
            before,
            before_until_hour: until_hour,
            estimate_change_pct: change_pct(totals.estimate_fen, before.estimate_fen),
        });
    }
    // The calendar's next day that moves money, as 到账日历 shows it.
    let next_settlement = super::settlements::next_pay_day(pool, platform, today)
        .await?
        .map(|(day, expected_fen)| NextSettlement { day, expected_fen });
    Ok(Headline { today, spans: figures, next_settlement })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> BizDay {
        BizDay::parse(text).expect("a day")
    }

    #[test]
    fn each_span_is_set_against_the_same_span_before() {
        let [today, yesterday, this_month, last_month] = spans(day("2026-03-31"));
        assert_eq!(today.1, (day("2026-03-31"), day("2026-03-31")));
        assert_eq!(today.3, (day("2026-03-30"), day("2026-03-30")));
        assert_eq!(yesterday.3, (day("2026-03-29"), day("2026-03-29")));
        assert_eq!(this_month.1, (day("2026-03-01"), day("2026-03-31")));
        assert_eq!(this_month.3, (day("2026-02-01"), day("2026-02-28")), "no further than February's end");
        assert_eq!(last_month.1, (day("2026-02-01"), day("2026-02-28")));
        assert_eq!(last_month.3, (day("2026-01-01"), day("2026-01-31")));
        let [.., first_day, _] = spans(day("2026-12-01"));
        assert_eq!(first_day.1, (day("2026-12-01"), day("2026-12-01")));
        assert_eq!(first_day.3, (day("2026-11-01"), day("2026-11-01")));
    }

    #[test]
    fn a_change_needs_something_to_compare_with() {
        assert_eq!(change_pct(Money::from_fen(150), Money::from_fen(100)), Some(50.0));
        assert_eq!(change_pct(Money::from_fen(50), Money::from_fen(100)), Some(-50.0));
        assert_eq!(change_pct(Money::from_fen(50), Money::ZERO), None);
    }
}
