//! The order lines behind one line of a report or of the settlement
//! calendar, largest first, a page at a time. These are the only earnings
//! reads of raw rows, each bounded by an index and a page. Each is of one
//! platform or of all: a drill carries its report's platform.

use super::lines_page::{page_of, Binds, MoneyRow};
use super::money_explained::{line_sql, MoneyKind};
use super::report_rows::{Drill, ReportBy, REFUNDED};
use crate::model::paging::{Page, PageRequest};
use crate::model::{BizDay, Platform, ValidCode};
use serde::Deserialize;
use sqlx::SqlitePool;

/// Which lines of the settlement calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum SettlementLines {
    /// Completed, settling on `day`.
    Expected { day: BizDay },
    /// Paid, not completed yet: they may still be returned or cancelled.
    AtRisk,
    /// Settled on `day`.
    Landed { day: BizDay },
}

/// Which lines stand behind one of a report's totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TotalLines {
    /// Valid lines, each with its estimated commission (the estimate and the orders).
    Estimated,
    /// Settled lines, each with its actual commission.
    Settled,
    /// Valid lines with returned units, each with the commission the returns took.
    Refunded,
    /// Lines turned invalid, each with the commission its kept units would have earned.
    Invalidated,
    /// Every line placed in the range, valid or not, with its estimate.
    All,
    /// Lines that settled money on a day in the range (up to today), whenever
    /// they were placed, each with what it settled on those days: a valid
    /// line's actual commission on its pay day, or what each of its own
    /// settlement days moved (a take after payout is negative), as 总览's
    /// headline and the settlement calendar count it.
    Landed,
}

const VALID: &str = ValidCode::VALID_SQL;

/// The condition for a drill's lines; `?1`/`?2` bound the order days,
/// `?3` is today and `?4` the line's key.
fn drill_filter(by: ReportBy) -> String {
    let line = match by {
        // A platform's line is its platform's rows: the drill's platform.
        ReportBy::Day | ReportBy::Week | ReportBy::Month | ReportBy::Platform => VALID.to_owned(),
        ReportBy::Group => format!("{VALID} AND COALESCE(group_id, 0) = ?4"),
        // Her own orders (key 0) are those under no partner.
        ReportBy::Partner => format!("{VALID} AND COALESCE(partner_id, 0) = ?4"),
        ReportBy::Category => format!("{VALID} AND cid1 = ?4"),
        ReportBy::Hour => format!("{VALID} AND (order_time + 28800) / 3600 % 24 = ?4"),
        // The Unix epoch fell on a Thursday: day 0 is weekday 3 counting Monday as 0.
        ReportBy::Weekday => format!("{VALID} AND ((order_time + 28800) / 86400 + 3) % 7 = ?4"),
        ReportBy::Status => "CASE
                 WHEN valid_code = 15 THEN 15
                 WHEN valid_code IN (16, 24) THEN 16
                 WHEN valid_code = 18 OR (valid_code = 17 AND pay_month <= ?3) THEN 18
                 WHEN valid_code = 17 THEN 17
                 ELSE valid_code END = ?4"
            .to_owned(),
    };
    format!("order_day BETWEEN ?1 AND ?2 AND {line}")
}

/// Every page this room builds at run time, each drill kind, total and
/// settlement figure (and each month line 钱去哪了 pages) once, for the
/// prepare test.
#[cfg(test)]
pub(super) fn built_sql() -> Vec<String> {
    let drills = ReportBy::ALL.map(|by| (drill_filter(by), "estimate_fee_fen", 4));
    let totals = [
        TotalLines::Estimated,
        TotalLines::Settled,
        TotalLines::Refunded,
        TotalLines::Invalidated,
        TotalLines::All,
        TotalLines::Landed,
    ]
    .map(|which| {
        let (filter, amount) = total_filter(which);
        (filter, amount, 3)
    });
    let day = BizDay::of(0);
    let settlements = [SettlementLines::Expected { day }, SettlementLines::AtRisk, SettlementLines::Landed { day }]
        .map(|which| {
            let (filter, amount) = settlement_filter(which);
            (filter, amount, 1)
        });
    let months = MoneyKind::ALL.map(|kind| {
        let (filter, amount) = line_sql(kind);
        (filter, amount, 2)
    });
    drills
        .into_iter()
        .chain(totals)
        .chain(settlements)
        .chain(months)
        .flat_map(|(filter, amount, binds)| {
            let (count, select) = super::lines_page::page_sql(&filter, amount, binds);
            [count, select]
        })
        .collect()
}

/// The lines behind a report line: their estimated commission each; the
/// refunded line's are 钱去哪了's, each with what its returns took.
pub async fn report_lines(
    pool: &SqlitePool,
    drill: Drill,
    today: BizDay,
    page: PageRequest,
) -> Result<Page<MoneyRow>, sqlx::Error> {
    let platform = drill.platform;
    if drill.by == ReportBy::Status && drill.key == REFUNDED {
        let (filter, amount) = line_sql(MoneyKind::Refunded);
        let binds = Binds { days: &[drill.from, drill.to], key: None, platform };
        return page_of(pool, &filter, amount, binds, today, page).await;
    }
    let binds = Binds { days: &[drill.from, drill.to, today], key: Some(drill.key), platform };
    page_of(pool, &drill_filter(drill.by), "estimate_fee_fen", binds, today, page).await
}

/// The lines behind a total over `from..=to`: the same amounts the total
/// adds. Losses and what landed are 钱去哪了's lines (`money_explained`),
/// over the range instead of a month.
pub async fn total_lines(
    pool: &SqlitePool,
    platform: Option<Platform>,
    which: TotalLines,
    (from, to): (BizDay, BizDay),
    today: BizDay,
    page: PageRequest,
) -> Result<Page<MoneyRow>, sqlx::Error> {
    let days = match which {
        TotalLines::Settled => vec![from, to, today],
        TotalLines::Landed => vec![from, to.min(today)],
        TotalLines::Estimated | TotalLines::All | TotalLines::Refunded | TotalLines::Invalidated => vec![from, to],
    };
    let (filter, amount) = total_filter(which);
    page_of(pool, &filter, amount, Binds { days: &days, key: None, platform }, today, page).await
}

/// The condition and amount of a total's lines; `?1`/`?2` bound the days
/// (`Settled`'s `?3` is today).
fn total_filter(which: TotalLines) -> (String, &'static str) {
    let placed = "order_day BETWEEN ?1 AND ?2";
    match which {
        TotalLines::Estimated => (format!("{placed} AND {VALID}"), "estimate_fee_fen"),
        TotalLines::Settled => (format!("{placed} AND {VALID} AND pay_month BETWEEN 1 AND ?3"), "actual_fee_fen"),
        TotalLines::All => (placed.to_owned(), "estimate_fee_fen"),
        TotalLines::Refunded => line_sql(MoneyKind::Refunded),
        TotalLines::Invalidated => line_sql(MoneyKind::Invalidated),
        TotalLines::Landed => line_sql(MoneyKind::Settled),
    }
}

/// The lines behind a figure of the settlement calendar.
pub async fn settlement_lines(
    pool: &SqlitePool,
    platform: Option<Platform>,
    which: SettlementLines,
    today: BizDay,
    page: PageRequest,
) -> Result<Page<MoneyRow>, sqlx::Error> {
    let days = match which {
        SettlementLines::Expected { day } | SettlementLines::Landed { day } => vec![day],
        SettlementLines::AtRisk => Vec::new(),
    };
    let (filter, amount) = settlement_filter(which);
    page_of(pool, &filter, amount, Binds { days: &days, key: None, platform }, today, page).await
}

/// The condition and amount of a settlement figure's lines; `?1` is its
/// day. As the calendar counts them: the valid lines paid that day, and
/// every line with settlement days of its own that settled money that day,
/// each with what it settled then (a take after payout is negative).
fn settlement_filter(which: SettlementLines) -> (String, &'static str) {
    match which {
        SettlementLines::Expected { .. } | SettlementLines::Landed { .. } => (
            format!(
                "({VALID} AND pay_month = ?1)
                 OR id IN (SELECT row_id FROM order_row_settlements WHERE settle_day = ?1)"
            ),
            SETTLED_ON_THE_DAY,
        ),
        SettlementLines::AtRisk => (format!("{VALID} AND pay_month IS NULL"), "estimate_fee_fen"),
    }
}

/// What a line settled on day `?1`: its settlement day's amount when it
/// has days of its own, else its actual commission.
const SETTLED_ON_THE_DAY: &str = "CASE
    WHEN EXISTS (SELECT 1 FROM order_row_settlements AS s WHERE s.row_id = order_rows.id)
    THEN COALESCE((SELECT s.fee_fen FROM order_row_settlements AS s
                   WHERE s.row_id = order_rows.id AND s.settle_day = ?1), 0)
    ELSE actual_fee_fen END";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::temp_store;

    #[tokio::test]
    async fn a_settlement_days_lines_are_found_by_index_without_a_scan() {
        let (_dir, store) = temp_store().await;
        let (filter, amount) = settlement_filter(SettlementLines::Landed { day: BizDay::of(0) });
        let (count, select) = super::super::lines_page::page_sql(&filter, amount, 1);
        for sql in [count, select] {
            let explain = format!("EXPLAIN QUERY PLAN {sql}");
            let mut query = sqlx::query_as::<_, (i64, i64, i64, String)>(sqlx::AssertSqlSafe(explain));
            for _ in 0..4 {
                query = query.bind(None::<i64>);
            }
            let plan: Vec<String> = query.fetch_all(store.pool()).await.unwrap().into_iter().map(|s| s.3).collect();
            assert!(plan.iter().any(|step| step.contains("order_rows_by_pay_month")), "{plan:?}");
            assert!(!plan.iter().any(|step| step.starts_with("SCAN order_rows")), "{plan:?}");
        }
    }
}
