//! Reports over any range, read from the rollups only: totals grouped by
//! day, ISO week, month or group here, by partner, category, status, hour
//! and weekday in `breakdowns`; the span to compare with (`compare`: the
//! same days of last month or year for a running month or year, the month
//! before for a whole month, else the same number of days just before), and
//! the form's refusals for a range that cannot be read. Every figure is of
//! one platform or of all three (`platform` `None`), bound in the SQL.

use crate::model::{BizDay, BizMonth, Money, Platform};
use crate::model::{FormError, Message};
use crate::store::sql::IdName;
use chrono::Datelike;
use serde::Serialize;
use sqlx::SqlitePool;
use std::collections::BTreeMap;

use super::breakdowns;
use super::compare::{report_before, Comparison};
use super::report_rows::{largest_first, Drill, Label, ReportBy, ReportLosses, ReportRow};

/// Ten years of days: more than the platform keeps, and a bound on the rows a report makes.
pub const MAX_DAYS: i64 = 3660;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Report {
    pub from: BizDay,
    pub to: BizDay,
    pub by: ReportBy,
    pub total: ReportRow,
    pub losses: ReportLosses,
    /// Days, weeks, months, hours and weekdays in order, none missing;
    /// groups (no group among them), partners (then 其余伙伴 and her own
    /// orders) and categories by estimate, largest first; statuses in
    /// blocks, each ending on its subtotal (`breakdowns::by_status`). The
    /// lines add up to `total`.
    pub rows: Vec<ReportRow>,
    /// What `previous` is and why: the same days of the month or year
    /// before for a running month or year, else see [`Comparison`]. The
    /// report reads whole days (it is given no hour), so today's part of a
    /// range meets a whole day; 总览's headline cuts at the hour.
    pub comparison: Comparison,
    pub previous_from: BizDay,
    pub previous_to: BizDay,
    /// The totals over `previous_from..=previous_to`.
    pub previous: ReportRow,
    /// The estimate against `previous`, in percent, when there was one.
    pub estimate_change_pct: Option<f64>,
}

/// `[from, to]` checked: in order, not ahead of today, not over `MAX_DAYS`.
pub fn checked_range(from: BizDay, to: BizDay, today: BizDay) -> Result<(BizDay, BizDay), FormError> {
    if to < from {
        return Err(FormError::invalid("to", Message::new("report.endBeforeStart").with("from", from).with("to", to)));
    }
    if from > today {
        return Err(FormError::invalid("from", Message::new("report.inFuture").with("today", today)));
    }
    if (to.date() - from.date()).num_days() >= MAX_DAYS {
        return Err(FormError::invalid("from", Message::new("report.tooLong").with("max", MAX_DAYS)));
    }
    Ok((from, to.min(today)))
}

/// The daily rollup summed per day (`key` is `yyyymmdd`), per group (its id), or whole (0).
#[derive(sqlx::FromRow)]
struct Summed {
    key: i64,
    estimate: i64,
    settled: i64,
    orders: i64,
}

#[derive(Clone, Copy)]
pub(super) enum Per {
    Day,
    Group,
    Whole,
}

impl Per {
    #[cfg(test)]
    pub(super) const ALL: [Per; 3] = [Per::Day, Per::Group, Per::Whole];
}

#[tracing::instrument(skip_all, fields(%from, %to, ?by, ?platform))]
pub async fn report(
    pool: &SqlitePool,
    platform: Option<Platform>,
    (from, to): (BizDay, BizDay),
    by: ReportBy,
    today: BizDay,
) -> Result<Report, FormError> {
    let (from, to) = checked_range(from, to, today)?;
    let range = (from, to);
    let rows = match by {
        ReportBy::Day | ReportBy::Week | ReportBy::Month => {
            let days = read(pool, platform, range, today, Per::Day).await?;
            let lines = Lines { range, by, platform };
            match by {
                ReportBy::Day => lines.buckets(&days, |d| d.to_string(), |d| d),
                ReportBy::Week => lines.buckets(&days, week_label, sunday),
                _ => lines.buckets(&days, |d| BizMonth::of(d).to_string(), |d| BizMonth::of(d).last_day()),
            }
        }
        ReportBy::Group => {
            by_group(pool, platform, &read(pool, platform, range, today, Per::Group).await?, range).await?
        }
        ReportBy::Partner => breakdowns::by_partner(pool, platform, range).await?,
        ReportBy::Category => breakdowns::by_category(pool, platform, range, today).await?,
        ReportBy::Status => breakdowns::by_status(pool, platform, range, today).await?,
        ReportBy::Hour => breakdowns::by_hour(pool, platform, range, today).await?,
        ReportBy::Weekday => breakdowns::by_weekday(pool, platform, range, today).await?,
        ReportBy::Platform => breakdowns::by_platform(pool, platform, range, today).await?,
    };
    let total = sum(Label::worded("report.total"), read(pool, platform, range, today, Per::Whole).await?.iter());
    let losses = breakdowns::losses(pool, platform, range).await?;
    let (comparison, before) = report_before(range, today);
    let previous = sum(Label::worded("report.total"), read(pool, platform, before, today, Per::Whole).await?.iter());
    let estimate_change_pct = (previous.estimate_fen.fen() != 0).then(|| {
        (total.estimate_fen.fen() - previous.estimate_fen.fen()) as f64 * 100.0
            / previous.estimate_fen.fen().abs() as f64
    });
    let (previous_from, previous_to) = before;
    Ok(Report {
        from,
        to,
        by,
        total,
        losses,
        rows,
        comparison,
        previous_from,
        previous_to,
        previous,
        estimate_change_pct,
    })
}

/// Summed in SQL, so a report decodes one row per line, not one per day and group.
async fn read(
    pool: &SqlitePool,
    platform: Option<Platform>,
    (from, to): (BizDay, BizDay),
    today: BizDay,
    per: Per,
) -> Result<Vec<Summed>, sqlx::Error> {
    // Assembled from the constants below only.
    sqlx::query_as(sqlx::AssertSqlSafe(read_sql(per)))
        .bind(from)
        .bind(to)
        .bind(today)
        .bind(platform)
        .fetch_all(pool)
        .await
}

pub(super) fn read_sql(per: Per) -> String {
    let (key, group_by) = match per {
        Per::Day => ("day", "GROUP BY day"),
        Per::Group => ("group_id", "GROUP BY group_id"),
        Per::Whole => ("0", ""),
    };
    format!(
        "SELECT {key} AS key, COALESCE(SUM(estimate_fee_fen), 0) AS estimate,
                COALESCE(SUM(CASE WHEN pay_month BETWEEN 1 AND ?3 THEN actual_fee_fen END), 0) AS settled,
                COALESCE(SUM(orders), 0) AS orders
         FROM daily_rollup WHERE day BETWEEN ?1 AND ?2 AND (?4 IS NULL OR platform = ?4) {group_by}"
    )
}

fn sum<'a>(label: Label, rows: impl Iterator<Item = &'a Summed>) -> ReportRow {
    let mut out = ReportRow { label, ..ReportRow::default() };
    for row in rows {
        out.add(Money::from_fen(row.estimate), Money::from_fen(row.settled), row.orders);
    }
    out
}

/// The lines of a report by day, week or month: over which days, grouped
/// how, of which platforms.
struct Lines {
    range: (BizDay, BizDay),
    by: ReportBy,
    platform: Option<Platform>,
}

impl Lines {
    /// One row per bucket from `from` to `to`, each ending on `last` of its
    /// first day, the next starting the day after, empty ones included.
    fn buckets(
        &self,
        days: &[Summed],
        label: impl Fn(BizDay) -> String,
        last: impl Fn(BizDay) -> BizDay,
    ) -> Vec<ReportRow> {
        let (from, to) = self.range;
        let mut rows = Vec::new();
        let mut start = from;
        while start <= to {
            let end = last(start).min(to);
            let (first, last) = (start.as_int(), end.as_int());
            let mut row = sum(Label::Named(label(start)), days.iter().filter(|d| d.key >= first && d.key <= last));
            row.drill = Some(Drill { by: self.by, key: 0, from: start, to: end, platform: self.platform });
            rows.push(row);
            // The range's last day has no day after it to start from.
            let Some(next) = end.checked_add_days(1) else { break };
            start = next;
        }
        rows
    }
}

/// The Sunday ending `day`'s ISO week.
fn sunday(day: BizDay) -> BizDay {
    day.add_days(6 - i64::from(day.date().weekday().num_days_from_monday()))
}

/// ISO week, `2026-W47`.
fn week_label(day: BizDay) -> String {
    let week = day.date().iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

async fn by_group(
    pool: &SqlitePool,
    platform: Option<Platform>,
    groups: &[Summed],
    (from, to): (BizDay, BizDay),
) -> Result<Vec<ReportRow>, sqlx::Error> {
    let names: BTreeMap<i64, String> = sqlx::query_as::<_, IdName>("SELECT id, name FROM groups")
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let mut rows: Vec<ReportRow> = groups
        .iter()
        .map(|summed| {
            let group = summed.key;
            // Orders from no promotion position belong to no group.
            let label = names.get(&group).cloned().map_or_else(|| Label::worded("report.noGroup"), Label::Named);
            let mut row = sum(label, std::iter::once(summed));
            row.drill = Some(Drill { by: ReportBy::Group, key: group, from, to, platform });
            row
        })
        .collect();
    largest_first(&mut rows);
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    fn day(text: &str) -> BizDay {
        BizDay::parse(text).expect("a day")
    }

    #[test]
    fn a_range_is_in_order_not_ahead_and_not_endless() {
        let today = day("2026-12-01");
        assert!(checked_range(day("2026-11-01"), day("2026-10-01"), today).is_err());
        assert!(checked_range(day("2026-12-02"), day("2026-12-03"), today).is_err());
        assert!(checked_range(day("2000-01-01"), today, today).is_err());
        assert_eq!(checked_range(day("2026-11-01"), day("2026-12-31"), today).unwrap().1, today, "cut at today");
    }

    #[test]
    fn buckets_end_on_the_last_day_a_day_can_be() {
        let labels = |rows: Vec<ReportRow>| rows.into_iter().map(|r| r.label.render(Lang::Zh)).collect::<Vec<_>>();
        let month = |d: BizDay| BizMonth::of(d).to_string();
        let lines = |from: &str, by| Lines { range: (day(from), BizDay::MAX), by, platform: None };
        let months = lines("2100-11-15", ReportBy::Month).buckets(&[], month, |d| BizMonth::of(d).last_day());
        assert_eq!(labels(months), ["2100-11", "2100-12"]);
        let days = lines("2100-12-30", ReportBy::Day).buckets(&[], |d| d.to_string(), |d| d);
        assert_eq!(labels(days), ["2100-12-30", "2100-12-31"]);
        let weeks = lines("2100-12-20", ReportBy::Week).buckets(&[], week_label, sunday);
        assert_eq!(labels(weeks), ["2100-W51", "2100-W52"]);
    }

    #[test]
    fn weeks_are_iso_weeks_and_buckets_cover_the_range() {
        assert_eq!(week_label(day("2026-12-01")), "2026-W49");
        assert_eq!(week_label(day("2027-01-01")), "2026-W53");
        let weeks = Lines { range: (day("2026-11-25"), day("2026-12-08")), by: ReportBy::Week, platform: None };
        let rows = weeks.buckets(&[], week_label, sunday);
        assert_eq!(
            rows.iter().map(|r| r.label.render(Lang::Zh)).collect::<Vec<_>>(),
            ["2026-W48", "2026-W49", "2026-W50"]
        );
    }
}
