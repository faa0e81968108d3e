//! A page of order lines behind a figure, largest amount first: the one
//! read the report drills (`rows_behind`) and 钱去哪了's month lines
//! (`money_explained`) share.

use crate::model::paging::{Page, PageRequest};
use crate::model::{BizDay, Money, OrderId, OrderStatus, Platform, RowId, StoredDay, ValidCode};
use serde::Serialize;
use sqlx::SqlitePool;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MoneyRow {
    pub row_id: RowId,
    pub order_id: OrderId,
    /// The platform's own order number where `order_id` stands for it
    /// (多多进宝, 淘宝联盟): what she would look up in their back office.
    pub order_key: Option<String>,
    pub sku_name: String,
    pub order_day: BizDay,
    pub status: OrderStatus,
    /// What this row adds to its line's total.
    pub amount_fen: Money,
    pub platform: Platform,
    /// The platform's own status code (多多进宝's `order_status`, 淘宝联盟's
    /// `tk_status`); none for JD, whose own code is the validCode.
    pub platform_status: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Stored {
    id: RowId,
    order_id: OrderId,
    order_key: Option<String>,
    sku_name: String,
    order_day: BizDay,
    valid_code: ValidCode,
    #[sqlx(try_from = "Option<i64>")]
    pay_month: StoredDay,
    amount: Money,
    platform: Platform,
    platform_status: Option<String>,
}

/// What a filter's placeholders take: the days first (`?1`…), then the
/// line's key when it has one; the platform the lines are of (all when
/// `None`) follows them.
pub(super) struct Binds<'a> {
    pub days: &'a [BizDay],
    pub key: Option<i64>,
    pub platform: Option<Platform>,
}

impl Binds<'_> {
    /// The filter's own placeholders, before the platform's.
    fn count(&self) -> usize {
        self.days.len() + usize::from(self.key.is_some())
    }
}

/// The count and the page select of the lines `filter` keeps, of the
/// platform bound after the filter's `binds` placeholders (or of all); the
/// page's limit and offset follow it.
pub(super) fn page_sql(filter: &str, amount: &str, binds: usize) -> (String, String) {
    let platform = binds + 1;
    let kept = format!("({filter}) AND (?{platform} IS NULL OR platform = ?{platform})");
    let count = format!("SELECT COUNT(*) FROM order_rows WHERE {kept}");
    let (limit, offset) = (binds + 2, binds + 3);
    let select = format!(
        "SELECT id, order_id, order_key, sku_name, order_day, valid_code, pay_month, {amount} AS amount, platform,
                platform_status
         FROM order_rows WHERE {kept} ORDER BY amount DESC, id LIMIT ?{limit} OFFSET ?{offset}"
    );
    (count, select)
}

/// A page of the lines `filter` keeps, largest `amount` first.
pub(super) async fn page_of(
    pool: &SqlitePool,
    filter: &str,
    amount: &str,
    binds: Binds<'_>,
    today: BizDay,
    page: PageRequest,
) -> Result<Page<MoneyRow>, sqlx::Error> {
    // Both assembled from the callers' constant fragments only.
    let (count, select) = page_sql(filter, amount, binds.count());
    let mut counting = sqlx::query_scalar(sqlx::AssertSqlSafe(count));
    let mut selecting = sqlx::query_as(sqlx::AssertSqlSafe(select));
    for day in binds.days {
        counting = counting.bind(*day);
        selecting = selecting.bind(*day);
    }
    if let Some(key) = binds.key {
        counting = counting.bind(key);
        selecting = selecting.bind(key);
    }
    counting = counting.bind(binds.platform);
    selecting = selecting.bind(binds.platform);
    let total: i64 = counting.fetch_one(pool).await?;
    let rows: Vec<Stored> = selecting.bind(page.limit()).bind(page.offset()).fetch_all(pool).await?;
    let items = rows
        .into_iter()
        .map(|r| MoneyRow {
            row_id: r.id,
            order_id: r.order_id,
            order_key: r.order_key,
            sku_name: r.sku_name,
            order_day: r.order_day,
            status: r.valid_code.status(r.pay_month.day, today),
            amount_fen: r.amount,
            platform: r.platform,
            platform_status: r.platform_status,
        })
        .collect();
    Ok(Page { items, total, offset: page.offset })
}
