//! One sync run: plan windows from the stored cursor, fetch every page of
//! each over signed HTTP, and commit each window whole. The cursor never
//! passes a window whose rows are not committed.

use super::ingest::{commit_window, WindowCommit};
use super::jd::{ErrorClass, JdClient, JdError, OrderQuery};
use super::windows::{plan, sync_range, SyncOptions, Window};
use crate::accounts::Account;
use crate::model::{format_platform, now_epoch, EpochSecs, OrderRow, SyncRunId};
use crate::store::Store;
use serde::Serialize;

const PAGE_SIZE: u32 = 500;
/// How often one page is asked again after "too many calls" before the run
/// gives up; each wait follows the platform's `Retry-After`.
const RATE_LIMIT_RETRIES: u32 = 30;

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq, ts_rs::TS)]
#[ts(export)]
pub struct SyncProgress {
    pub windows_done: u32,
    pub windows_planned: u32,
    pub pages: u32,
    pub rows_fetched: u64,
    pub rows_written: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncReport {
    pub run: SyncRunId,
    pub progress: SyncProgress,
    pub cursor: EpochSecs,
    /// Changes the platform no longer serves (the cursor fell past its
    /// 90-day horizon): reported, never silently skipped.
    pub lost: Option<Window>,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("同步失败（{window}）: {source} —— {advice}", advice = source.advice_zh())]
    Platform { window: String, source: JdError },
    #[error("本地数据库错误: {0}")]
    Store(#[from] sqlx::Error),
}

impl SyncError {
    pub fn class(&self) -> Option<ErrorClass> {
        match self {
            SyncError::Platform { source, .. } => Some(source.class()),
            SyncError::Store(_) => None,
        }
    }

    fn class_name(&self) -> &'static str {
        match self {
            SyncError::Platform { source, .. } => source.class_name(),
            SyncError::Store(_) => "store",
        }
    }
}

pub async fn sync_account(
    store: &Store,
    account: &Account,
    client: &JdClient,
    options: SyncOptions,
    mut on_progress: impl FnMut(&SyncProgress),
) -> Result<SyncReport, SyncError> {
    let run: i64 = sqlx::query_scalar(
        "INSERT INTO sync_runs (account_id, started_at, status) VALUES (?1, ?2, 'running') RETURNING id",
    )
    .bind(account.id.0)
    .bind(now_epoch())
    .fetch_one(store.pool())
    .await?;
    let run = SyncRunId(run);
    let outcome = run_windows(store, account, client, run, options, &mut on_progress).await;
    let (status, error, class, warning) = match &outcome {
        Ok(report) => ("succeeded", None, None, report.lost.map(lost_warning)),
        Err(e) => ("failed", Some(e.to_string()), Some(e.class_name()), None),
    };
    sqlx::query(
        "UPDATE sync_runs SET status = ?1, error = ?2, error_class = ?3, warning = ?4, finished_at = ?5 WHERE id = ?6",
    )
    .bind(status)
    .bind(error)
    .bind(class)
    .bind(warning)
    .bind(now_epoch())
    .bind(run.0)
    .execute(store.pool())
    .await?;
    outcome
}

fn lost_warning(lost: Window) -> String {
    format!(
        "平台只保留最近 90 天的数据：{} 至 {} 之间发生的订单变化已无法补取，相关订单可能不是最新状态。",
        format_platform(lost.start),
        format_platform(lost.end)
    )
}

async fn run_windows(
    store: &Store,
    account: &Account,
    client: &JdClient,
    run: SyncRunId,
    options: SyncOptions,
    on_progress: &mut impl FnMut(&SyncProgress),
) -> Result<SyncReport, SyncError> {
    let platform_now = client
        .calibrate()
        .await
        .map_err(|source| SyncError::Platform { window: "连接平台".to_owned(), source })?;
    let cursor: Option<EpochSecs> =
        sqlx::query_scalar("SELECT position FROM sync_cursors WHERE account_id = ?1 AND stream = 'order_rows'")
            .bind(account.id.0)
            .fetch_optional(store.pool())
            .await?;
    let range = sync_range(cursor, platform_now, options);
    let windows = plan(range.start, platform_now);
    let mut progress = SyncProgress { windows_planned: windows.len() as u32, ..SyncProgress::default() };
    sqlx::query("UPDATE sync_runs SET windows_planned = ?1 WHERE id = ?2")
        .bind(windows.len() as i64)
        .bind(run.0)
        .execute(store.pool())
        .await?;
    on_progress(&progress);
    let mut committed_to = cursor.unwrap_or(0);
    for window in windows {
        let fetched = fetch_window(client, window).await?;
        // The last window may end after the platform's answer: only what the
        // platform had seen when it answered is complete.
        let complete_to = window.end.min(fetched.platform_time);
        let outcome = commit_window(
            store.bulk(),
            WindowCommit {
                account: account.id,
                run,
                rows: &fetched.rows,
                cursor: complete_to,
                pages: fetched.pages,
                recorded_at: now_epoch(),
            },
        )
        .await?;
        committed_to = committed_to.max(complete_to);
        progress.windows_done += 1;
        progress.pages += fetched.pages;
        progress.rows_fetched += fetched.rows.len() as u64;
        progress.rows_written += outcome.written;
        on_progress(&progress);
    }
    Ok(SyncReport { run, progress, cursor: committed_to, lost: range.lost })
}

struct FetchedWindow {
    rows: Vec<OrderRow>,
    pages: u32,
    platform_time: EpochSecs,
}

/// Every page of one window; a window over the platform's 10,000-row cap is
/// split in halves until each half fits.
async fn fetch_window(client: &JdClient, window: Window) -> Result<FetchedWindow, SyncError> {
    let mut pending = vec![window];
    let mut fetched = FetchedWindow { rows: Vec::new(), pages: 0, platform_time: EpochSecs::MAX };
    while let Some(part) = pending.pop() {
        match fetch_pages(client, part).await {
            Ok(part_fetched) => {
                fetched.rows.extend(part_fetched.rows);
                fetched.pages += part_fetched.pages;
                fetched.platform_time = fetched.platform_time.min(part_fetched.platform_time);
            }
            Err(SyncError::Platform { source, window: label }) => match (source.class(), part.halves()) {
                (ErrorClass::WindowTooLarge, Some((first, second))) => {
                    pending.push(second);
                    pending.push(first);
                }
                _ => return Err(SyncError::Platform { source, window: label }),
            },
            Err(other) => return Err(other),
        }
    }
    Ok(fetched)
}

async fn fetch_pages(client: &JdClient, window: Window) -> Result<FetchedWindow, SyncError> {
    let mut fetched = FetchedWindow { rows: Vec::new(), pages: 0, platform_time: EpochSecs::MAX };
    let mut page_index = 1;
    loop {
        let query = OrderQuery::updated_between(window.start, window.end, page_index, PAGE_SIZE);
        let answered = fetch_page(client, &query).await.map_err(|source| SyncError::Platform {
            window: format!("{} 至 {} 第 {page_index} 页", query.start_time, query.end_time),
            source,
        })?;
        fetched.pages += 1;
        fetched.platform_time = fetched.platform_time.min(answered.platform_time);
        fetched.rows.extend(answered.value.rows);
        if !answered.value.has_more {
            return Ok(fetched);
        }
        page_index += 1;
    }
}

/// One page, waiting out "too many calls" as the platform asks instead of
/// failing the run.
async fn fetch_page(client: &JdClient, query: &OrderQuery) -> Result<super::jd::Answered<super::jd::OrderPage>, JdError> {
    let mut waits = 0;
    loop {
        match client.order_rows(query).await {
            Err(error) if error.class() == ErrorClass::RateLimited && waits < RATE_LIMIT_RETRIES => {
                waits += 1;
                let seconds = match &error {
                    JdError::Http { retry_after_secs: Some(s), .. } => (*s).clamp(1, 60),
                    _ => 1,
                };
                tokio::time::sleep(std::time::Duration::from_secs(seconds)).await;
            }
            other => return other,
        }
    }
}
