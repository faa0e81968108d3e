//! What the 同步 page shows: recent runs and the cursor.

use crate::error::Message;
use crate::model::{format_platform, EpochSecs};
use serde::Serialize;
use sqlx::{Row, SqlitePool};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RunStatus {
    Running,
    Succeeded,
    Failed,
}

/// Why a run failed, as the 同步 page explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FailureClass {
    Credentials,
    Offline,
    Transient,
    RateLimited,
    Rejected,
    Store,
    /// The process running it quit or crashed.
    Interrupted,
}

impl FailureClass {
    fn parse(text: &str) -> FailureClass {
        match text {
            "credentials" => FailureClass::Credentials,
            "offline" => FailureClass::Offline,
            "rate_limited" => FailureClass::RateLimited,
            "rejected" => FailureClass::Rejected,
            "store" => FailureClass::Store,
            "interrupted" => FailureClass::Interrupted,
            _ => FailureClass::Transient,
        }
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SyncRunInfo {
    pub id: i64,
    /// Beijing wall time, `yyyy-MM-dd HH:mm:ss`.
    pub started_at: String,
    pub finished_at: Option<String>,
    pub status: RunStatus,
    pub windows_planned: i64,
    pub windows_done: i64,
    pub pages: i64,
    pub rows_fetched: i64,
    pub rows_written: i64,
    /// The technical detail of a failure (the platform's own words, which
    /// window); the page words the advice from `failure`.
    pub error: Option<String>,
    pub failure: Option<FailureClass>,
    pub warning: Option<Message>,
}

pub async fn recent(pool: &SqlitePool, limit: i64) -> Result<Vec<SyncRunInfo>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, started_at, finished_at, status, windows_planned, windows_done, pages, rows_fetched, rows_written, error,
                error_class, warning
         FROM sync_runs ORDER BY id DESC LIMIT ?1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let status = match r.try_get::<String, _>("status")?.as_str() {
                "running" => RunStatus::Running,
                "succeeded" => RunStatus::Succeeded,
                _ => RunStatus::Failed,
            };
            let finished: Option<EpochSecs> = r.try_get("finished_at")?;
            let error: Option<String> = r.try_get("error")?;
            Ok(SyncRunInfo {
                id: r.try_get("id")?,
                started_at: format_platform(r.try_get("started_at")?),
                finished_at: finished.map(format_platform),
                status,
                windows_planned: r.try_get("windows_planned")?,
                windows_done: r.try_get("windows_done")?,
                pages: r.try_get("pages")?,
                rows_fetched: r.try_get("rows_fetched")?,
                rows_written: r.try_get("rows_written")?,
                error: error.clone(),
                failure: match (r.try_get::<Option<String>, _>("error_class")?, error.as_deref()) {
                    (Some(class), _) => Some(FailureClass::parse(&class)),
                    (None, Some(INTERRUPTED)) => Some(FailureClass::Interrupted),
                    (None, _) => None,
                },
                warning: r.try_get::<Option<String>, _>("warning")?.as_deref().map(Message::from_json),
            })
        })
        .collect()
}

/// The detail of a run its process left behind. `error_class` stays NULL:
/// the schema's CHECK lists the classes a platform answer can have, and an
/// interrupted run is retried like any other failure.
const INTERRUPTED: &str = "interrupted";

/// Runs left `running` by a process that died are failed, not running.
pub async fn close_abandoned(pool: &SqlitePool, now: EpochSecs) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE sync_runs SET status = 'failed', finished_at = ?1, error = ?2
         WHERE status = 'running'",
    )
    .bind(now)
    .bind(INTERRUPTED)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
