//! Where each order month's estimate went: how much settled in each later
//! month, how much is still pending and how much was lost (refunds and
//! invalidation). Read from `category_daily`.

use crate::model::{BizDay, BizMonth, Money, ValidCode};
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
    order_month: i64,
    pay_month: i64,
    valid_code: ValidCode,
    estimate: i64,
    actual: i64,
    lost: i64,
}

fn month_label(yyyymm: i64) -> String {
    BizDay::from_int(yyyymm * 100 + 1).map(|d| BizMonth::of(d).to_string()).unwrap_or_else(|| yyyymm.to_string())
}

pub async fn cohort(pool: &SqlitePool, (from, to): (BizDay, BizDay), today: BizDay) -> Result<Cohort, sqlx::Error> {
    let stored: Vec<Stored> = sqlx::query_as(
        "SELECT day / 100 AS order_month, pay_month, valid_code, SUM(estimate_fee_fen) AS estimate,
                SUM(actual_fee_fen) AS actual, SUM(refunded_fen + invalidated_fen) AS lost
         FROM category_daily WHERE day BETWEEN ?1 AND ?2 GROUP BY day / 100, pay_month, valid_code",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    let settled_in = |s: &Stored| s.valid_code.is_valid() && s.pay_month >= 1 && s.pay_month <= today.as_int();
    let paid_months: BTreeSet<i64> = stored.iter().filter(|s| settled_in(s)).map(|s| s.pay_month / 100).collect();
    let column: BTreeMap<i64, usize> = paid_months.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut rows: BTreeMap<i64, CohortRow> = BTreeMap::new();
    for s in &stored {
        let row = rows.entry(s.order_month).or_insert_with(|| CohortRow {
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
        match column.get(&(s.pay_month / 100)).filter(|_| settled_in(s)) {
            Some(&i) => row.settled_fen[i] = plus(row.settled_fen[i], s.actual),
            None => row.pending_fen = plus(row.pending_fen, s.estimate),
        }
    }
    Ok(Cohort { paid_months: paid_months.into_iter().map(month_label).collect(), rows: rows.into_values().collect() })
}
