//! One sync run: plan windows from the stored cursor, fetch every page of
//! each over signed HTTP (a few windows at once, paced to the platform's
//! rate), and commit each window whole, in order, while later ones are
//! still being fetched. The cursor never passes a window whose rows are not
//! committed.

use super::error::SyncError;
use super::fetch::{with_retries, FetchedWindow};
use super::ingest::{commit_windows, WindowCommit, READER_VERSION};
use super::pace::Pace;
use super::windows::{max_window_secs, plan, sync_range, SyncOptions, Window};
use super::{sweep_taobao, walk_jd, walk_pdd, walk_taobao};
use crate::account::Account;
use crate::model::Message;
use crate::model::{format_platform, now_epoch, EpochSecs, Platform, RejectedRow, SyncRunId};
use crate::platform::{read_row, PlatformClient, PlatformError};
use crate::store::Store;
use futures_util::StreamExt;
use serde::Serialize;
use tokio::sync::mpsc;

/// Answers the run's clock is taken from, the earliest winning: one answer
/// dated wrong would otherwise plan a whole first run in the future.
const CLOCK_SAMPLES: u32 = 3;
/// Fetched windows waiting for the writer; when it falls behind they are
/// committed together.
const WRITE_QUEUE_WINDOWS: usize = 64;
/// Rows one transaction takes at most when windows are committed together.
const BATCH_ROWS: usize = 20_000;

/// What a run is doing, for the progress line.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncPhase {
    /// Asking the platform for its clock.
    #[default]
    Connecting,
    /// A first run: everything the platform still serves.
    Backfill,
    /// Changes since the cursor, with a small overlap.
    Incremental,
}

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq, ts_rs::TS)]
#[ts(export)]
pub struct SyncProgress {
    /// The platform this run syncs: a round runs each connected one in turn.
    pub platform: Platform,
    pub phase: SyncPhase,
    pub windows_done: u32,
    pub windows_planned: u32,
    pub pages: u32,
    pub rows_fetched: u64,
    pub rows_written: u64,
    /// Rows that could not be read and were set aside whole.
    pub rows_rejected: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    pub run: SyncRunId,
    pub progress: SyncProgress,
    pub cursor: EpochSecs,
    /// Changes the platform no longer serves (the cursor fell past its
    /// 90-day horizon): reported, never silently skipped.
    pub lost: Option<Window>,
    /// What the 同步 page should say about this run beyond its counts.
    pub warning: Option<String>,
}

/// The longest wait a platform's stated ban holds the schedule for.
pub const MAX_BAN_HELD_SECS: u64 = 24 * 3600;

#[tracing::instrument(skip_all, fields(account = account.id.0, backfill_days = options.backfill_days))]
pub async fn sync_account(
    store: &Store,
    account: &Account,
    client: &PlatformClient,
    options: SyncOptions,
    mut on_progress: impl FnMut(&SyncProgress),
) -> Result<SyncReport, SyncError> {
    let run: i64 = sqlx::query_scalar(
        "INSERT INTO sync_runs (account_id, started_at, status) VALUES (?1, ?2, 'running') RETURNING id",
    )
    .bind(account.id)
    .bind(now_epoch())
    .fetch_one(store.pool())
    .await?;
    let run = SyncRunId(run);
    let outcome = run_windows(store, account, client, run, options, &mut on_progress).await;
    let finished = now_epoch();
    let (status, error, class, warning, retry_after) = match &outcome {
        Ok(report) => ("succeeded", None, None, report.warning.clone(), None),
        Err(e) => {
            // A day at most: a garbled or hostile wait must not stop her sync for years.
            let ban_ends = e.wait_secs().map(|secs| finished.saturating_add(secs.min(MAX_BAN_HELD_SECS) as i64));
            ("failed", Some(e.to_string()), Some(e.class_name()), None, ban_ends)
        }
    };
    sqlx::query(
        "UPDATE sync_runs SET status = ?1, error = ?2, error_class = ?3, warning = ?4, finished_at = ?5, retry_after = ?6
         WHERE id = ?7",
    )
    .bind(status)
    .bind(error)
    .bind(class)
    .bind(warning)
    .bind(finished)
    .bind(retry_after)
    .bind(run)
    .execute(store.pool())
    .await?;
    tracing::info!(run = run.0, status, "sync run ended");
    outcome
}

fn ahead_warning(cursor: EpochSecs) -> String {
    Message::new("sync.warning.cursor_ahead").with("cursor", format_platform(cursor)).to_json()
}

fn lost_warning(lost: Window) -> String {
    Message::new("sync.warning.lost")
        .with("from", format_platform(lost.start))
        .with("to", format_platform(lost.end))
        .to_json()
}

async fn run_windows(
    store: &Store,
    account: &Account,
    client: &PlatformClient,
    run: SyncRunId,
    options: SyncOptions,
    on_progress: &mut impl FnMut(&SyncProgress),
) -> Result<SyncReport, SyncError> {
    on_progress(&SyncProgress { platform: account.platform, ..SyncProgress::default() });
    let pace = Pace::new(options.requests_per_sec);
    let platform_now = calibrate(client, &pace, options).await?;
    let cursor: Option<EpochSecs> =
        sqlx::query_scalar("SELECT position FROM sync_cursors WHERE account_id = ?1 AND stream = 'order_rows'")
            .bind(account.id)
            .fetch_optional(store.pool())
            .await?;
    let range = sync_range(cursor, platform_now, options);
    let cursor = match range.ahead {
        Some(ahead) => {
            tracing::warn!(cursor = ahead, platform_now, "the cursor was ahead of the platform's time; reading again");
            reset_cursor(store, account, range.start).await?;
            Some(range.start)
        }
        None => cursor,
    };
    let mut rows_rejected = 0;
    if let Some(cursor) = cursor {
        rows_rejected += retry_rejected(store, account, run, cursor).await?;
    }
    let windows = plan(range.start, platform_now, max_window_secs(account.platform));
    // 淘宝联盟's punished orders are read once more after the windows.
    let sweeps = u32::from(matches!(client, PlatformClient::Taobao(_)));
    let phase = if cursor.is_some() { SyncPhase::Incremental } else { SyncPhase::Backfill };
    let mut progress = SyncProgress {
        platform: account.platform,
        phase,
        windows_planned: windows.len() as u32 + sweeps,
        rows_rejected,
        ..SyncProgress::default()
    };
    sqlx::query("UPDATE sync_runs SET windows_planned = ?1 WHERE id = ?2")
        .bind(i64::from(progress.windows_planned))
        .bind(run)
        .execute(store.pool())
        .await?;
    on_progress(&progress);
    let in_flight = options.windows_in_flight.max(1);
    let (sender, receiver) = mpsc::channel(WRITE_QUEUE_WINDOWS);
    let fetching = fetch_in_order(client, &pace, options, windows, in_flight, sender);
    let report = &mut *on_progress;
    let writing = async move {
        let mut receiver = receiver;
        let mut committed_to = cursor.unwrap_or(0);
        while let Some(first) = receiver.recv().await {
            let (batch, failure) = gather_batch(first?, &mut receiver);
            let counts: Vec<(u32, u64, u64)> =
                batch.iter().map(|(_, f)| (f.pages, f.lines_fetched() as u64, f.rejected.len() as u64)).collect();
            let commits: Vec<WindowCommit> = batch
                .into_iter()
                .map(|(window, fetched)| {
                    // The last window may end after the platform's answer:
                    // only what the platform had seen when it answered is
                    // complete.
                    let complete_to = window.end.min(fetched.platform_time);
                    committed_to = committed_to.max(complete_to);
                    WindowCommit {
                        account: account.id,
                        run,
                        rows: fetched.rows,
                        rejected: fetched.rejected,
                        cursor: complete_to,
                        pages: fetched.pages,
                        recorded_at: now_epoch(),
                        subsidies: fetched.subsidies,
                        clawbacks: fetched.clawbacks,
                        punishments: fetched.punishments,
                    }
                })
                .collect();
            let outcomes = commit_windows(store.bulk(), commits).await?;
            for ((pages, rows_fetched, rejected), outcome) in counts.into_iter().zip(outcomes) {
                progress.windows_done += 1;
                progress.pages += pages;
                progress.rows_fetched += rows_fetched;
                progress.rows_rejected += rejected;
                progress.rows_written += outcome.written;
            }
            report(&progress);
            if let Some(error) = failure {
                return Err(error);
            }
        }
        Ok::<_, SyncError>((progress, committed_to))
    };
    let ((), written) = tokio::join!(fetching, writing);
    let (mut progress, cursor) = written?;
    // 淘宝联盟's punished orders are read after the windows. The orders are
    // stored by then: a sweep the platform refuses fails nothing and comes
    // back as the run's warning instead.
    let mut swept_warning = None;
    if let PlatformClient::Taobao(taobao) = client {
        progress.windows_done += 1;
        match sweep_taobao::fetch_punishments(taobao, &pace, options, platform_now).await {
            Ok(swept) => {
                progress.pages += swept.pages;
                progress.rows_fetched += swept.lines_fetched() as u64;
                progress.rows_rejected += swept.rejected.len() as u64;
                commit_windows(store.bulk(), vec![punishments_commit(account, run, cursor, swept)]).await?;
            }
            Err(error) => {
                tracing::warn!(%error, "the punished orders could not be read; the orders are stored");
                swept_warning =
                    Some(Message::new("sync.warning.punishSweep").with("detail", error.to_string()).to_json());
            }
        }
        on_progress(&progress);
    }
    let warning = match (range.ahead, range.lost) {
        (Some(ahead), _) => Some(ahead_warning(ahead)),
        (None, Some(lost)) => Some(lost_warning(lost)),
        (None, None) => swept_warning,
    };
    Ok(SyncReport { run, progress, cursor, lost: range.lost, warning })
}

/// What the sweep of 淘宝联盟's punished orders read, as a commit that moves
/// no cursor past where the windows left it.
fn punishments_commit(account: &Account, run: SyncRunId, cursor: EpochSecs, swept: FetchedWindow) -> WindowCommit {
    WindowCommit {
        account: account.id,
        run,
        rows: Vec::new(),
        rejected: swept.rejected,
        cursor,
        pages: swept.pages,
        recorded_at: now_epoch(),
        subsidies: Vec::new(),
        clawbacks: Vec::new(),
        punishments: swept.punishments,
    }
}

/// The platform's time, asked in its turn and again after a passing
/// failure; refused when it is implausibly far from this laptop's clock.
async fn calibrate(client: &PlatformClient, pace: &Pace, options: SyncOptions) -> Result<EpochSecs, SyncError> {
    let mut platform_now = EpochSecs::MAX;
    for _ in 0..CLOCK_SAMPLES {
        let sample = with_retries(pace, options, || client.calibrate())
            .await
            .map_err(|source| SyncError::Platform { window: "connecting".to_owned(), source })?;
        platform_now = platform_now.min(sample);
    }
    let skew = client.clock_offset_secs();
    if options.clock_check.max_skew_secs(client.gateway()).is_some_and(|max| skew.abs() > max) {
        let source = PlatformError::ClockFarOff { platform: format_platform(platform_now), days: skew / 86_400 };
        return Err(SyncError::Platform { window: "connecting".to_owned(), source });
    }
    Ok(platform_now)
}

/// Moves the cursor back: commits only ever move it forward.
async fn reset_cursor(store: &Store, account: &Account, to: EpochSecs) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sync_cursors SET position = ?1, updated_at = ?2 WHERE account_id = ?3 AND stream = 'order_rows'",
    )
    .bind(to)
    .bind(now_epoch())
    .bind(account.id)
    .execute(store.pool())
    .await
    .map(|_| ())
}

/// Rows set aside by an older reader are read again: those this version
/// can read land (the cursor stays where it is), the rest are marked as
/// tried. Answers how many are still set aside.
async fn retry_rejected(store: &Store, account: &Account, run: SyncRunId, cursor: EpochSecs) -> Result<u64, SyncError> {
    #[derive(sqlx::FromRow)]
    struct Stale {
        row_key: String,
        raw: String,
    }
    let stale: Vec<Stale> = sqlx::query_as(
        "SELECT row_key, raw FROM rejected_rows WHERE account_id = ?1 AND reader_version < ?2 ORDER BY id",
    )
    .bind(account.id)
    .bind(READER_VERSION)
    .fetch_all(store.pool())
    .await?;
    if stale.is_empty() {
        return Ok(0);
    }
    let (mut rows, mut subsidies) = (Vec::new(), Vec::new());
    let mut still = Vec::new();
    for Stale { row_key: key, raw } in &stale {
        let reread = serde_json::from_str::<&serde_json::value::RawValue>(raw)
            .map_err(|e| RejectedRow { row_id: None, raw: raw.clone(), field: None, reason: e.to_string() })
            .and_then(|raw| read_row(account.platform, raw));
        match reread {
            Ok((row, subsidy)) => {
                subsidies.extend(subsidy.map(|subsidy| (row.id, subsidy)));
                rows.push(row);
            }
            Err(rejected) => still.push((key, rejected)),
        }
    }
    let left = still.len() as u64;
    let commit = WindowCommit {
        account: account.id,
        run,
        rows,
        rejected: still.into_iter().map(|(_, rejected)| rejected).collect(),
        cursor,
        pages: 0,
        recorded_at: now_epoch(),
        subsidies,
        clawbacks: Vec::new(),
        punishments: Vec::new(),
    };
    commit_windows(store.bulk(), vec![commit]).await?;
    Ok(left)
}

type Answer = Result<(Window, FetchedWindow), SyncError>;

/// The windows already fetched after `first`, up to a batch's worth of rows,
/// and the failure that ended them if one did (everything before it is
/// still committed).
fn gather_batch(
    first: (Window, FetchedWindow),
    receiver: &mut mpsc::Receiver<Answer>,
) -> (Vec<(Window, FetchedWindow)>, Option<SyncError>) {
    let mut rows = first.1.rows.len();
    let mut batch = vec![first];
    while rows < BATCH_ROWS {
        match receiver.try_recv() {
            Ok(Ok(next)) => {
                rows += next.1.rows.len();
                batch.push(next);
            }
            Ok(Err(error)) => return (batch, Some(error)),
            Err(_) => break,
        }
    }
    (batch, None)
}

/// Fetches up to `in_flight` windows at once and hands them over in plan
/// order, stopping after the first failure (so everything before it can
/// still be committed) or as soon as the writer stops listening.
async fn fetch_in_order(
    client: &PlatformClient,
    pace: &Pace,
    options: SyncOptions,
    windows: Vec<Window>,
    in_flight: usize,
    sender: mpsc::Sender<Answer>,
) {
    let mut answers = futures_util::stream::iter(windows)
        .map(|window| async move { fetch_window(client, pace, options, window).await.map(|fetched| (window, fetched)) })
        .buffered(in_flight);
    loop {
        let next = tokio::select! {
            () = sender.closed() => return,
            next = answers.next() => next,
        };
        let Some(answer) = next else { return };
        let failed = answer.is_err();
        if sender.send(answer).await.is_err() || failed {
            return;
        }
    }
}

/// Every page of one window, walked the way its platform asks.
async fn fetch_window(
    client: &PlatformClient,
    pace: &Pace,
    options: SyncOptions,
    window: Window,
) -> Result<FetchedWindow, SyncError> {
    match client {
        PlatformClient::Jd(client) => walk_jd::fetch_window(client, pace, options, window).await,
        PlatformClient::Pdd(client) => walk_pdd::fetch_window(client, pace, options, window).await,
        PlatformClient::Taobao(client) => walk_taobao::fetch_window(client, pace, options, window).await,
    }
}
