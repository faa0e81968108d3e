//! Where each order month's estimate went: how much settled in each later
//! month, how much is still pending and how much was lost (refunds and
//! invalidation). Read from `category_daily`, of one platform or of all.

use crate::model::{BizDay, BizMonth, Money, Platform, StoredDay, ValidCode};
use sqlx::SqlitePool;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortRow {
    /// `yyyy-MM` the orders were placed in.
    pub month: String,
    /// Estimated commission of its valid lines.
    pub estimate_fen: Money,
    /// Settled in each of `Cohort::paid_months`, same order.
    pub settled_fen: Vec<Money>,
    /// Valid, not settled yet.
    pub pending_fen: Money,
    /// Lost to refunds and invalidation.
    pub lost_fen: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cohort {
    /// `yyyy-MM` of every month something settled in.
    pub paid_months: Vec<String>,
    pub rows: Vec<CohortRow>,
}

#[derive(sqlx::FromRow)]
struct Stored {
    /// The first day of the month the lines were placed in.
    #[sqlx(try_from = "Option<i64>")]
    order_month: StoredDay,
    #[sqlx(try_from = "Option<i64>")]
    pay_month: StoredDay,
    valid_code: ValidCode,
    estimate: i64,
    actual: i64,
    lost: i64,
}

/// `yyyy-MM`, or the stored `yyyyMM` of a month this version cannot read.
fn month_label(first: StoredDay) -> String {
    match (first.day, first.unreadable) {
        (Some(day), _) => BizMonth::of(day).to_string(),
        (None, yyyymm01) => yyyymm01.map(|int| (int / 100).to_string()).unwrap_or_default(),
    }
}

pub async fn cohort(
    pool: &SqlitePool,
    platform: Option<Platform>,
    (from, to): (BizDay, BizDay),
    today: BizDay,
) -> Result<Cohort, sqlx::Error> {
    let stored: Vec<Stored> = sqlx::query_as(
        "SELECT day / 100 * 100 + 1 AS order_month, pay_month, valid_code, SUM(estimate_fee_fen) AS estimate,
                SUM(actual_fee_fen) AS actual, SUM(refunded_fen + invalidated_fen) AS lost
         FROM category_daily WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR platform = ?3)
         GROUP BY day / 100, pay_month, valid_code",
    )
    .bind(from)
    .bind(to)
    .bind(platform)
    .fetch_all(pool)
    .await?;
    // The month a line settled in, when it has by today.
    let settled_in =
        |s: &Stored| s.pay_month.day.filter(|day| s.valid_code.is_valid() && *day <= today).map(BizMonth::of);
    let paid_months: BTreeSet<BizMonth> = stored.iter().filter_map(settled_in).collect();
    let column: BTreeMap<BizMonth, usize> = paid_months.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut rows: BTreeMap<(Option<BizDay>, Option<i64>), CohortRow> = BTreeMap::new();
    for s in &stored {
        let row = rows.entry((s.order_month.day, s.order_month.unreadable)).or_insert_with(|| CohortRow {
            month: month_label(s.order_month),
            estimate_fen: Money::ZERO,
            settled_fen: vec![Money::ZERO; paid_months.len()],
            pending_fen: Money::ZERO,
            lost_fen: Money::ZERO,
        });
        let plus = |total: Money, fen: i64| Money::from_fen(total.fen().saturating_add(fen));
        row.lost_fen = plus(row.lost_fen, s.lost);
        if !s.valid_code.is_valid() {
            continue;
        }
        row.estimate_fen = plus(row.estimate_fen, s.estimate);
        match settled_in(s).and_then(|month| column.get(&month)) {
            Some(&i) => row.settled_fen[i] = plus(row.settled_fen[i], s.actual),
            None => row.pending_fen = plus(row.pending_fen, s.estimate),
        }
    }
    Ok(Cohort {
        paid_months: paid_months.into_iter().map(|month| month.to_string()).collect(),
        rows: rows.into_values().collect(),
    })
}
