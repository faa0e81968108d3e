//! Where the money went: for a month, what moved from estimated to settled
//! and what was lost to refunds and invalidation, with the rows behind each
//! number; for any row, the timeline of every state sync saw it in.
//!
//! Losses are computed from each row's own price, units and rates (what the
//! refunded units, or the whole invalidated row, would have earned), so they
//! hold even for rows that were already refunded when sync first saw them.
//! A month's lines are of one platform or of all (`platform` `None`).

pub use super::lines_page::MoneyRow;
use super::lines_page::{page_of, Binds};
use crate::model::paging::{Page, PageRequest};
use crate::model::EpochSecs;
use crate::model::{
    format_platform, BizDay, BizMonth, Money, OrderId, OrderStatus, Platform, RowId, StoredDay, ValidCode,
};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MoneyKind {
    /// Commission settled in the month (its pay month falls in it, or a
    /// settlement day of its own does).
    Settled,
    /// Commission lost to units sent back, on orders placed in the month.
    Refunded,
    /// Commission lost to rows turned invalid, on orders placed in the month.
    Invalidated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct MoneyLine {
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

/// One state of a row as the platform showed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RowStateView {
    /// Platform time of the change that produced this state.
    pub modify_time: String,
    pub status: OrderStatus,
    pub valid_code: i64,
    pub sku_return_num: i64,
    pub estimate_fee_fen: Money,
    pub actual_fee_fen: Money,
    /// The day the commission is (or was) paid.
    pub pay_month: Option<BizDay>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RowTimeline {
    pub row_id: RowId,
    pub order_id: OrderId,
    /// The platform's own order number where `order_id` stands for it.
    pub order_key: Option<String>,
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

/// The rows of a line and what each adds to it; `?1`/`?2` bound the month
/// (or any span of days: the report's totals read the same lines).
pub(super) fn line_sql(kind: MoneyKind) -> (String, &'static str) {
    match kind {
        MoneyKind::Settled => (settled_filter(), SETTLED_IN_THE_SPAN),
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

/// The lines that settled money on the days `?1`..`?2`, as the settlement
/// calendar counts them: the valid lines paid on one of those days, and
/// every line with settlement days of its own (a 维权 after payout takes
/// money back on a later pay day) that settled money on one of them.
fn settled_filter() -> String {
    format!(
        "({VALID} AND pay_month BETWEEN ?1 AND ?2)
         OR id IN (SELECT row_id FROM order_row_settlements WHERE settle_day BETWEEN ?1 AND ?2)"
    )
}

/// What a line settled on the days `?1`..`?2`: what its own settlement days
/// there moved when it has any, else its actual commission.
const SETTLED_IN_THE_SPAN: &str = "CASE
    WHEN EXISTS (SELECT 1 FROM order_row_settlements AS s WHERE s.row_id = order_rows.id)
    THEN COALESCE((SELECT SUM(s.fee_fen) FROM order_row_settlements AS s
                   WHERE s.row_id = order_rows.id AND s.settle_day BETWEEN ?1 AND ?2), 0)
    ELSE actual_fee_fen END";

pub async fn month_money(
    pool: &SqlitePool,
    platform: Option<Platform>,
    month: BizMonth,
) -> Result<MonthMoney, sqlx::Error> {
    Ok(MonthMoney {
        month: month.to_string(),
        settled: line(pool, platform, month, MoneyKind::Settled).await?,
        refunded: line(pool, platform, month, MoneyKind::Refunded).await?,
        invalidated: line(pool, platform, month, MoneyKind::Invalidated).await?,
    })
}

async fn line(
    pool: &SqlitePool,
    platform: Option<Platform>,
    month: BizMonth,
    kind: MoneyKind,
) -> Result<MoneyLine, sqlx::Error> {
    // Assembled from the constant fragments above only.
    sqlx::query_as(sqlx::AssertSqlSafe(line_total_sql(kind)))
        .bind(month.first_day())
        .bind(month.last_day())
        .bind(platform)
        .fetch_one(pool)
        .await
}

/// A line's total and rows over the month `?1`..`?2` of platform `?3` (all
/// when NULL). What was settled and
/// what turned invalid are sums `category_daily` keeps by settlement month
/// and by status (a month of a big team is 250,000 rows, read three times
/// over before); the refunded rows are counted from the rows, which the
/// rollup does not count apart. What settled corrects the rollup for the few
/// lines with settlement days of their own: what they settled in the month
/// instead of what the rollup keeps on their pay day, each line once.
fn line_total_sql(kind: MoneyKind) -> String {
    match kind {
        MoneyKind::Settled => {
            let paid_in_span = format!("({VALID} AND pay_month BETWEEN ?1 AND ?2)");
            format!(
                "SELECT COALESCE(SUM(fen), 0) AS fen, COALESCE(SUM(rows), 0) AS rows FROM (
                     SELECT actual_fee_fen AS fen, rows FROM category_daily
                     WHERE {VALID} AND pay_month BETWEEN ?1 AND ?2 AND (?3 IS NULL OR platform = ?3)
                     UNION ALL
                     SELECT ({SETTLED_IN_THE_SPAN}) - CASE WHEN {paid_in_span} THEN actual_fee_fen ELSE 0 END,
                            CASE WHEN {paid_in_span} THEN 0 ELSE 1 END
                     FROM order_rows
                     WHERE id IN (SELECT row_id FROM order_row_settlements) AND ({}) AND (?3 IS NULL OR platform = ?3))",
                settled_filter()
            )
        }
        MoneyKind::Invalidated => format!(
            "SELECT COALESCE(SUM(invalidated_fen), 0) AS fen, COALESCE(SUM(rows), 0) AS rows FROM category_daily
             WHERE NOT {VALID} AND valid_code NOT IN (15, -1) AND day BETWEEN ?1 AND ?2
                 AND (?3 IS NULL OR platform = ?3)"
        ),
        MoneyKind::Refunded => {
            let (filter, amount) = line_sql(kind);
            format!(
                "SELECT COALESCE(SUM({amount}), 0) AS fen, COUNT(*) AS rows FROM order_rows
                 WHERE {filter} AND (?3 IS NULL OR platform = ?3)"
            )
        }
    }
}

impl MoneyKind {
    #[cfg(test)]
    pub(super) const ALL: [MoneyKind; 3] = [MoneyKind::Settled, MoneyKind::Refunded, MoneyKind::Invalidated];
}

/// Every SQL text the month's lines build at run time, for the prepare test.
#[cfg(test)]
pub(super) fn built_sql() -> Vec<String> {
    MoneyKind::ALL.map(line_total_sql).to_vec()
}

/// The rows behind one line, largest amounts first.
pub async fn month_rows(
    pool: &SqlitePool,
    platform: Option<Platform>,
    month: BizMonth,
    kind: MoneyKind,
    today: BizDay,
    page: PageRequest,
) -> Result<Page<MoneyRow>, sqlx::Error> {
    let (filter, amount) = line_sql(kind);
    let binds = Binds { days: &[month.first_day(), month.last_day()], key: None, platform };
    page_of(pool, &filter, amount, binds, today, page).await
}

/// Every state sync saw the row in, oldest first; `None` for an unknown row.
pub async fn row_timeline(pool: &SqlitePool, row: RowId, today: BizDay) -> Result<Option<RowTimeline>, sqlx::Error> {
    let Some(current) = sqlx::query_as::<_, StoredRow>(
        "SELECT r.order_id, r.order_key, r.sku_name, r.sku_num, r.order_time, r.modify_time, r.valid_code, r.sku_return_num,
                r.estimate_fee_fen, r.actual_fee_fen, r.pay_month, g.name AS group_name, p.name AS partner_name
         FROM order_rows r LEFT JOIN groups g ON g.id = r.group_id LEFT JOIN partners p ON p.id = r.partner_id
         WHERE r.id = ?1",
    )
    .bind(row)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let earlier: Vec<StoredState> = sqlx::query_as(
        "SELECT modify_time, valid_code, sku_return_num, estimate_fee_fen, actual_fee_fen, pay_month
         FROM order_row_history WHERE row_id = ?1 ORDER BY id",
    )
    .bind(row)
    .fetch_all(pool)
    .await?;
    let mut states: Vec<RowStateView> = earlier.iter().map(|state| state.view(today)).collect();
    states.push(current.state.view(today));
    Ok(Some(RowTimeline {
        row_id: row,
        order_id: current.order_id,
        order_key: current.order_key,
        sku_name: current.sku_name,
        sku_num: current.sku_num,
        order_time: format_platform(current.order_time),
        group: current.group_name,
        partner: current.partner_name,
        states,
    }))
}

/// One state of a row, as `order_rows` and `order_row_history` keep it.
#[derive(sqlx::FromRow)]
struct StoredState {
    modify_time: EpochSecs,
    valid_code: ValidCode,
    sku_return_num: i64,
    estimate_fee_fen: Money,
    actual_fee_fen: Money,
    /// 0 (or NULL) until the platform names a settlement day: no day.
    #[sqlx(try_from = "Option<i64>")]
    pay_month: StoredDay,
}

impl StoredState {
    fn view(&self, today: BizDay) -> RowStateView {
        let pay_month = self.pay_month.day;
        RowStateView {
            modify_time: format_platform(self.modify_time),
            status: self.valid_code.status(pay_month, today),
            valid_code: self.valid_code.0,
            sku_return_num: self.sku_return_num,
            estimate_fee_fen: self.estimate_fee_fen,
            actual_fee_fen: self.actual_fee_fen,
            pay_month,
        }
    }
}

/// The row as it is now, with its group's and partner's names.
#[derive(sqlx::FromRow)]
struct StoredRow {
    order_id: OrderId,
    order_key: Option<String>,
    sku_name: String,
    sku_num: i64,
    order_time: EpochSecs,
    group_name: Option<String>,
    partner_name: Option<String>,
    #[sqlx(flatten)]
    state: StoredState,
}
