//! Where the money went: for a month, what moved from estimated to settled
//! and what was lost to refunds and invalidation, with the rows behind each
//! number; for any row, the timeline of every state sync saw it in.
//!
//! Losses are computed from each row's own price, units and rates (what the
//! refunded units, or the whole invalidated row, would have earned), so they
//! hold even for rows that were already refunded when sync first saw them.

use crate::model::paging::{Page, PageRequest};
use crate::model::{format_platform, BizDay, BizMonth, Money, OrderId, OrderStatus, RowId, ValidCode};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MoneyKind {
    /// Commission settled in the month (its pay month falls in it).
    Settled,
    /// Commission lost to units sent back, on orders placed in the month.
    Refunded,
    /// Commission lost to rows turned invalid, on orders placed in the month.
    Invalidated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MoneyLine {
    #[ts(type = "number")]
    pub fen: Money,
    pub rows: i64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MonthMoney {
    /// `yyyy-MM`, Beijing.
    pub month: String,
    pub settled: MoneyLine,
    pub refunded: MoneyLine,
    pub invalidated: MoneyLine,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MoneyRow {
    pub row_id: RowId,
    pub order_id: OrderId,
    pub sku_name: String,
    /// `yyyy-MM-dd`, Beijing.
    pub order_day: String,
    pub status: OrderStatus,
    /// What this row adds to its line's total.
    #[ts(type = "number")]
    pub amount_fen: Money,
}

/// One state of a row as the platform showed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RowStateView {
    /// Platform time of the change that produced this state.
    pub modify_time: String,
    pub status: OrderStatus,
    pub valid_code: i64,
    pub sku_return_num: i64,
    #[ts(type = "number")]
    pub estimate_fee_fen: Money,
    #[ts(type = "number")]
    pub actual_fee_fen: Money,
    /// `yyyy-MM-dd` the commission is (or was) paid.
    pub pay_month: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RowTimeline {
    pub row_id: RowId,
    pub order_id: OrderId,
    pub sku_name: String,
    pub sku_num: i64,
    pub order_time: String,
    pub group: Option<String>,
    pub partner: Option<String>,
    /// Oldest first; the last is the row as it is now. The first is how sync
    /// first saw the row, which may already be past "paid".
    pub states: Vec<RowStateView>,
}

const VALID: &str = ValidCode::VALID_SQL;
/// What `units` of a row earn: price × units × commission rate × the
/// promoter's share, both rates in hundredths of a percent.
macro_rules! fee {
    ($units:expr) => {
        concat!("(price_fen * (", $units, ") * commission_rate * final_rate / 100000000)")
    };
}

/// The rows of a line and what each adds to it; `?1`/`?2` bound the month.
fn line_sql(kind: MoneyKind) -> (String, &'static str) {
    match kind {
        MoneyKind::Settled => (format!("{VALID} AND pay_month BETWEEN ?1 AND ?2"), "actual_fee_fen"),
        MoneyKind::Refunded => (
            format!("{VALID} AND sku_return_num > 0 AND order_day BETWEEN ?1 AND ?2"),
            concat!(fee!("sku_num"), " - ", fee!("sku_num - sku_return_num")),
        ),
        MoneyKind::Invalidated => (
            format!("NOT {VALID} AND valid_code NOT IN (15, -1) AND order_day BETWEEN ?1 AND ?2"),
            fee!("sku_num - sku_return_num"),
        ),
    }
}

pub async fn month_money(pool: &SqlitePool, month: BizMonth) -> Result<MonthMoney, sqlx::Error> {
    Ok(MonthMoney {
        month: month.to_string(),
        settled: line(pool, month, MoneyKind::Settled).await?,
        refunded: line(pool, month, MoneyKind::Refunded).await?,
        invalidated: line(pool, month, MoneyKind::Invalidated).await?,
    })
}

async fn line(pool: &SqlitePool, month: BizMonth, kind: MoneyKind) -> Result<MoneyLine, sqlx::Error> {
    let (filter, amount) = line_sql(kind);
    let sql = format!("SELECT COALESCE(SUM({amount}), 0), COUNT(*) FROM order_rows WHERE {filter}");
    // Assembled from the constant fragments above only.
    let (fen, rows): (i64, i64) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(month.first_day().as_int())
        .bind(month.last_day().as_int())
        .fetch_one(pool)
        .await?;
    Ok(MoneyLine { fen: Money::from_fen(fen), rows })
}

/// The rows behind one line, largest amounts first.
pub async fn month_rows(
    pool: &SqlitePool,
    month: BizMonth,
    kind: MoneyKind,
    today: BizDay,
    page: PageRequest,
) -> Result<Page<MoneyRow>, sqlx::Error> {
    let (filter, amount) = line_sql(kind);
    let total = line(pool, month, kind).await?.rows;
    let sql = format!(
        "SELECT id, order_id, sku_name, order_day, valid_code, pay_month, {amount} AS amount
         FROM order_rows WHERE {filter} ORDER BY amount DESC, id LIMIT ?3 OFFSET ?4"
    );
    // Assembled from the constant fragments above only.
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(month.first_day().as_int())
        .bind(month.last_day().as_int())
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(pool)
        .await?;
    let items = rows
        .iter()
        .map(|r| {
            let pay_month: Option<i64> = r.try_get("pay_month")?;
            let order_day: i64 = r.try_get("order_day")?;
            Ok(MoneyRow {
                row_id: RowId(r.try_get("id")?),
                order_id: OrderId(r.try_get("order_id")?),
                sku_name: r.try_get("sku_name")?,
                order_day: BizDay::from_int(order_day).map(|d| d.to_string()).unwrap_or_default(),
                status: ValidCode(r.try_get("valid_code")?).status(pay_month.and_then(BizDay::from_int), today),
                amount_fen: Money::from_fen(r.try_get("amount")?),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Page { items, total, offset: page.offset })
}

/// Every state sync saw the row in, oldest first; `None` for an unknown row.
pub async fn row_timeline(pool: &SqlitePool, row: RowId, today: BizDay) -> Result<Option<RowTimeline>, sqlx::Error> {
    let Some(current) = sqlx::query(
        "SELECT r.order_id, r.sku_name, r.sku_num, r.order_time, r.modify_time, r.valid_code, r.sku_return_num,
                r.estimate_fee_fen, r.actual_fee_fen, r.pay_month, g.name AS group_name, p.name AS partner_name
         FROM order_rows r LEFT JOIN groups g ON g.id = r.group_id LEFT JOIN partners p ON p.id = r.partner_id
         WHERE r.id = ?1",
    )
    .bind(row.0)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let earlier = sqlx::query(
        "SELECT modify_time, valid_code, sku_return_num, estimate_fee_fen, actual_fee_fen, pay_month
         FROM order_row_history WHERE row_id = ?1 ORDER BY id",
    )
    .bind(row.0)
    .fetch_all(pool)
    .await?;
    let mut states = earlier.iter().map(|r| state_view(r, today)).collect::<Result<Vec<_>, _>>()?;
    states.push(state_view(&current, today)?);
    Ok(Some(RowTimeline {
        row_id: row,
        order_id: OrderId(current.try_get("order_id")?),
        sku_name: current.try_get("sku_name")?,
        sku_num: current.try_get("sku_num")?,
        order_time: format_platform(current.try_get("order_time")?),
        group: current.try_get("group_name")?,
        partner: current.try_get("partner_name")?,
        states,
    }))
}

fn state_view(r: &sqlx::sqlite::SqliteRow, today: BizDay) -> Result<RowStateView, sqlx::Error> {
    let valid_code: i64 = r.try_get("valid_code")?;
    let pay_month = r.try_get::<Option<i64>, _>("pay_month")?.and_then(BizDay::from_int);
    Ok(RowStateView {
        modify_time: format_platform(r.try_get("modify_time")?),
        status: ValidCode(valid_code).status(pay_month, today),
        valid_code,
        sku_return_num: r.try_get("sku_return_num")?,
        estimate_fee_fen: Money::from_fen(r.try_get("estimate_fee_fen")?),
        actual_fee_fen: Money::from_fen(r.try_get("actual_fee_fen")?),
        pay_month: pay_month.map(|d| d.to_string()),
    })
}
