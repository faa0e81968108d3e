//! Rows set aside as unreadable, as the 同步 page counts them: how many,
//! and why, grouped by the field that was wrong.

use serde::Serialize;
use sqlx::SqlitePool;

/// Reasons listed at most; the total still counts every row.
const MAX_REASONS: i64 = 10;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RejectedRows {
    #[ts(type = "number")]
    pub total: i64,
    pub reasons: Vec<RejectedReason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct RejectedReason {
    /// The platform's field name (`estimateFee`), or none when the row as
    /// a whole was not a row.
    pub field: Option<String>,
    #[ts(type = "number")]
    pub rows: i64,
    /// The newest such row's reason, in the reader's words.
    pub example: String,
    /// The platform id of that row, when it could be read.
    #[ts(type = "number | null")]
    pub example_row: Option<i64>,
}

pub async fn rejected_rows(pool: &SqlitePool) -> Result<RejectedRows, sqlx::Error> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rejected_rows").fetch_one(pool).await?;
    if total == 0 {
        return Ok(RejectedRows::default());
    }
    let reasons = sqlx::query_as(
        "SELECT r.field, g.rows, r.reason AS example, r.row_id AS example_row
         FROM (SELECT field, COUNT(*) AS rows, MAX(id) AS newest FROM rejected_rows GROUP BY field) g
         JOIN rejected_rows r ON r.id = g.newest
         ORDER BY g.rows DESC, r.field LIMIT ?1",
    )
    .bind(MAX_REASONS)
    .fetch_all(pool)
    .await?;
    Ok(RejectedRows { total, reasons })
}
