//! What the 同步 page shows: recent runs and the cursor.

use crate::model::Message;
use crate::model::{format_platform, EpochSecs, Platform};
use serde::Serialize;
use sqlx::SqlitePool;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
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
    /// The platform the run synced (a round records one run per platform).
    pub platform: Platform,
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

/// A `sync_runs` row as stored.
#[derive(sqlx::FromRow)]
struct StoredRun {
    id: i64,
    platform: Platform,
    started_at: EpochSecs,
    finished_at: Option<EpochSecs>,
    status: RunStatus,
    windows_planned: i64,
    windows_done: i64,
    pages: i64,
    rows_fetched: i64,
    rows_written: i64,
    error: Option<String>,
    error_class: Option<String>,
    warning: Option<String>,
}

impl From<StoredRun> for SyncRunInfo {
    fn from(run: StoredRun) -> SyncRunInfo {
        let failure = match (run.error_class.as_deref(), run.error.as_deref()) {
            (Some(class), _) => Some(FailureClass::parse(class)),
            (None, Some(INTERRUPTED)) => Some(FailureClass::Interrupted),
            (None, _) => None,
        };
        SyncRunInfo {
            id: run.id,
            platform: run.platform,
            started_at: format_platform(run.started_at),
            finished_at: run.finished_at.map(format_platform),
            status: run.status,
            windows_planned: run.windows_planned,
            windows_done: run.windows_done,
            pages: run.pages,
            rows_fetched: run.rows_fetched,
            rows_written: run.rows_written,
            failure,
            error: run.error,
            warning: run.warning.as_deref().map(Message::from_json),
        }
    }
}

pub async fn recent(pool: &SqlitePool, limit: i64) -> Result<Vec<SyncRunInfo>, sqlx::Error> {
    let rows: Vec<StoredRun> = sqlx::query_as(
        "SELECT r.id, a.platform, r.started_at, r.finished_at, r.status, r.windows_planned, r.windows_done, r.pages,
                r.rows_fetched, r.rows_written, r.error, r.error_class, r.warning
         FROM sync_runs r JOIN accounts a ON a.id = r.account_id ORDER BY r.id DESC LIMIT ?1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(SyncRunInfo::from).collect())
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
