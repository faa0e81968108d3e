//! The 同步 page: recent runs, and starting one. Progress is pushed as `sync-live` events (`tasks::live_sync`).

use super::Reply;
use crate::state::AppState;
use tauri::State;
use tuanzhang::sync::rejected::{rejected_rows, RejectedRows};
use tuanzhang::sync::runs::{self, SyncRunInfo};
use tuanzhang::sync::service::LiveSync;

#[derive(serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SyncStatus {
    live: LiveSync,
    runs: Vec<SyncRunInfo>,
    /// Rows the platform sent that could not be read, kept aside.
    rejected: RejectedRows,
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn sync_status(state: State<'_, AppState>) -> Reply<SyncStatus> {
    let current = state.current();
    let pool = current.store.pool();
    Ok(SyncStatus {
        live: current.sync.live(),
        runs: runs::recent(pool, 10).await?,
        rejected: rejected_rows(pool).await?,
    })
}

/// Starts a run unless one is going; returns whether it started one.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn sync_now(state: State<'_, AppState>) -> Reply<bool> {
    Ok(state.current().sync.start())
}
