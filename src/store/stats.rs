//! `stats --json`: totals of the local store with the same meaning as the
//! sandbox's `/admin/summary`, so a sync can be checked against the source.

use crate::model::Platform;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
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
    /// The same totals for each platform (every one named, zero when none
    /// of its rows are stored), with the keys and meaning of that
    /// platform's sandbox summary.
    pub platforms: BTreeMap<Platform, PlatformStats>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformStats {
    pub rows: u64,
    pub orders: u64,
    pub estimate_fee_fen: i64,
    pub actual_fee_fen: i64,
}

pub async fn stats(pool: &SqlitePool) -> Result<Stats, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Totals {
        rows: i64,
        orders: i64,
        estimate: i64,
        actual: i64,
    }
    #[derive(sqlx::FromRow)]
    struct PlatformTotals {
        platform: Platform,
        rows: i64,
        orders: i64,
        estimate: i64,
        actual: i64,
    }
    #[derive(sqlx::FromRow)]
    struct CodeCount {
        valid_code: i64,
        n: i64,
    }
    let totals: Totals = sqlx::query_as(
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
    let by_code: Vec<CodeCount> =
        sqlx::query_as("SELECT valid_code, COUNT(*) AS n FROM order_rows GROUP BY valid_code").fetch_all(pool).await?;
    let by_platform: Vec<PlatformTotals> = sqlx::query_as(
        "SELECT platform, COUNT(*) AS rows, COUNT(DISTINCT order_id) AS orders,
                COALESCE(SUM(estimate_fee_fen), 0) AS estimate, COALESCE(SUM(actual_fee_fen), 0) AS actual
         FROM order_rows GROUP BY platform",
    )
    .fetch_all(pool)
    .await?;
    let mut platforms: BTreeMap<Platform, PlatformStats> =
        Platform::ALL.into_iter().map(|p| (p, PlatformStats::default())).collect();
    for t in by_platform {
        platforms.insert(
            t.platform,
            PlatformStats {
                rows: t.rows as u64,
                orders: t.orders as u64,
                estimate_fee_fen: t.estimate,
                actual_fee_fen: t.actual,
            },
        );
    }
    Ok(Stats {
        rows: totals.rows as u64,
        orders: totals.orders as u64,
        groups: groups as u64,
        partners: partners as u64,
        materials: materials as u64,
        images: images as u64,
        estimate_fee_fen: totals.estimate,
        actual_fee_fen: totals.actual,
        rows_by_valid_code: by_code.iter().map(|c| (c.valid_code.to_string(), c.n as u64)).collect(),
        platforms,
    })
}
