//! The order lines behind one line of a report or of the settlement
//! calendar, largest first, a page at a time. These are the only earnings
//! reads of raw rows, each bounded by an index and a page.

use super::money_explained::{line_sql, MoneyKind, MoneyRow};
use super::report::{Drill, ReportBy};
use crate::model::paging::{Page, PageRequest};
use crate::model::{BizDay, Money, OrderId, RowId, ValidCode};
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
    /// Valid lines whose pay day fell in the range (up to today), whenever
    /// they were placed, each with its actual commission: what landed then,
    /// as 总览's headline counts it.
    Landed,
}

const VALID: &str = ValidCode::VALID_SQL;

/// The condition for a drill's lines; `?1`/`?2` bound the order days,
/// `?3` is the line's key and `?4` today.
fn drill_filter(by: ReportBy) -> String {
    let line = match by {
        ReportBy::Day | ReportBy::Week | ReportBy::Month => VALID.to_owned(),
        ReportBy::Group => format!("{VALID} AND COALESCE(group_id, 0) = ?3"),
        ReportBy::Partner => format!("{VALID} AND partner_id = ?3"),
        ReportBy::Category => format!("{VALID} AND cid1 = ?3"),
        ReportBy::Hour => format!("{VALID} AND (order_time + 28800) / 3600 % 24 = ?3"),
        // The Unix epoch fell on a Thursday: day 0 is weekday 3 counting Monday as 0.
        ReportBy::Weekday => format!("{VALID} AND ((order_time + 28800) / 86400 + 3) % 7 = ?3"),
        ReportBy::Status => "CASE
                 WHEN valid_code = 15 THEN 15
                 WHEN valid_code IN (16, 24) THEN 16
                 WHEN valid_code = 18 OR (valid_code = 17 AND pay_month <= ?4) THEN 18
                 WHEN valid_code = 17 THEN 17
                 ELSE valid_code END = ?3"
            .to_owned(),
    };
    format!("order_day BETWEEN ?1 AND ?2 AND {line}")
}

#[derive(sqlx::FromRow)]
struct Stored {
    id: RowId,
    order_id: OrderId,
    sku_name: String,
    order_day: BizDay,
    valid_code: ValidCode,
    pay_month: Option<i64>,
    amount: Money,
}

/// A page of the lines `filter` keeps (`?1`… bound to `binds`), largest `amount` first.
pub(super) async fn page_of(
    pool: &SqlitePool,
    filter: &str,
    amount: &str,
    binds: &[i64],
    today: BizDay,
    page: PageRequest,
) -> Result<Page<MoneyRow>, sqlx::Error> {
    let count = format!("SELECT COUNT(*) FROM order_rows WHERE {filter}");
    // Both assembled from the constant fragments of this module only.
    let mut counting = sqlx::query_scalar(sqlx::AssertSqlSafe(count));
    for value in binds {
        counting = counting.bind(*value);
    }
    let total: i64 = counting.fetch_one(pool).await?;
    let (limit, offset) = (binds.len() + 1, binds.len() + 2);
    let select = format!(
        "SELECT id, order_id, sku_name, order_day, valid_code, pay_month, {amount} AS amount
         FROM order_rows WHERE {filter} ORDER BY amount DESC, id LIMIT ?{limit} OFFSET ?{offset}"
    );
    let mut selecting = sqlx::query_as(sqlx::AssertSqlSafe(select));
    for value in binds {
        selecting = selecting.bind(*value);
    }
    let rows: Vec<Stored> = selecting.bind(page.limit()).bind(page.offset()).fetch_all(pool).await?;
    let items = rows
        .into_iter()
        .map(|r| MoneyRow {
            row_id: r.id,
            order_id: r.order_id,
            sku_name: r.sku_name,
            order_day: r.order_day,
            status: r.valid_code.status(r.pay_month.and_then(BizDay::from_int), today),
            amount_fen: r.amount,
        })
        .collect();
    Ok(Page { items, total, offset: page.offset })
}

/// The lines behind a report line: their estimated commission each.
pub async fn report_lines(
    pool: &SqlitePool,
    drill: Drill,
    today: BizDay,
    page: PageRequest,
) -> Result<Page<MoneyRow>, sqlx::Error> {
    let binds = [drill.from.as_int(), drill.to.as_int(), drill.key, today.as_int()];
    page_of(pool, &drill_filter(drill.by), "estimate_fee_fen", &binds, today, page).await
}

/// The lines behind a total over `from..=to`: the same amounts the total
/// adds. Losses and what landed are 钱去哪了's lines (`money_explained`),
/// over the range instead of a month.
pub async fn total_lines(
    pool: &SqlitePool,
    which: TotalLines,
    (from, to): (BizDay, BizDay),
    today: BizDay,
    page: PageRequest,
) -> Result<Page<MoneyRow>, sqlx::Error> {
    let placed = "order_day BETWEEN ?1 AND ?2";
    let days = [from.as_int(), to.as_int()];
    let (filter, amount, binds) = match which {
        TotalLines::Estimated => (format!("{placed} AND {VALID}"), "estimate_fee_fen", days.to_vec()),
        TotalLines::Settled => (
            format!("{placed} AND {VALID} AND pay_month BETWEEN 1 AND ?3"),
            "actual_fee_fen",
            vec![from.as_int(), to.as_int(), today.as_int()],
        ),
        TotalLines::All => (placed.to_owned(), "estimate_fee_fen", days.to_vec()),
        TotalLines::Refunded => with_days(line_sql(MoneyKind::Refunded), days),
        TotalLines::Invalidated => with_days(line_sql(MoneyKind::Invalidated), days),
        TotalLines::Landed => with_days(line_sql(MoneyKind::Settled), [from.as_int(), to.min(today).as_int()]),
    };
    page_of(pool, &filter, amount, &binds, today, page).await
}

fn with_days((filter, amount): (String, &'static str), days: [i64; 2]) -> (String, &'static str, Vec<i64>) {
    (filter, amount, days.to_vec())
}

/// The lines behind a figure of the settlement calendar.
pub async fn settlement_lines(
    pool: &SqlitePool,
    which: SettlementLines,
    today: BizDay,
    page: PageRequest,
) -> Result<Page<MoneyRow>, sqlx::Error> {
    match which {
        SettlementLines::Expected { day } | SettlementLines::Landed { day } => {
            page_of(pool, &format!("{VALID} AND pay_month = ?1"), "actual_fee_fen", &[day.as_int()], today, page).await
        }
        SettlementLines::AtRisk => {
            page_of(pool, &format!("{VALID} AND pay_month IS NULL"), "estimate_fee_fen", &[], today, page).await
        }
    }
}
