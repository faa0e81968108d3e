//! `stats --json`: totals of the local store with the same meaning as the
//! sandbox's `/admin/summary`, so a sync can be checked against the source.

use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub rows: u64,
    pub orders: u64,
    pub groups: u64,
    pub partners: u64,
    /// Materials in the library, archived ones included.
    pub materials: u64,
    /// Pictures kept, each once.
    pub images: u64,
    pub estimate_fee_fen: i64,
    pub actual_fee_fen: i64,
    pub rows_by_valid_code: BTreeMap<String, u64>,
}

pub async fn stats(pool: &SqlitePool) -> Result<Stats, sqlx::Error> {
    let totals = sqlx::query(
        "SELECT COUNT(*) AS rows, COUNT(DISTINCT order_id) AS orders,
                COALESCE(SUM(estimate_fee_fen), 0) AS estimate, COALESCE(SUM(actual_fee_fen), 0) AS actual
         FROM order_rows",
    )
    .fetch_one(pool)
    .await?;
    let groups: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM groups").fetch_one(pool).await?;
    let partners: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM partners").fetch_one(pool).await?;
    let materials: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM materials").fetch_one(pool).await?;
    let images: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM media").fetch_one(pool).await?;
    let by_code =
        sqlx::query("SELECT valid_code, COUNT(*) AS n FROM order_rows GROUP BY valid_code").fetch_all(pool).await?;
    Ok(Stats {
        rows: totals.get::<i64, _>("rows") as u64,
        orders: totals.get::<i64, _>("orders") as u64,
        groups: groups as u64,
        partners: partners as u64,
        materials: materials as u64,
        images: images as u64,
        estimate_fee_fen: totals.get("estimate"),
        actual_fee_fen: totals.get("actual"),
        rows_by_valid_code: by_code
            .iter()
            .map(|r| (r.get::<i64, _>("valid_code").to_string(), r.get::<i64, _>("n") as u64))
            .collect(),
    })
}
