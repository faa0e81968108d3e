//! The 同步 page: recent runs, and starting one. Progress is pushed as `sync-live` events (`tasks::live_sync`).

use super::Reply;
use crate::state::AppState;
use tauri::State;
use tuanzhang::sync::runs::{self, SyncRunInfo};
use tuanzhang::sync::service::LiveSync;

#[derive(serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SyncStatus {
    live: LiveSync,
    runs: Vec<SyncRunInfo>,
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn sync_status(state: State<'_, AppState>) -> Reply<SyncStatus> {
    Ok(SyncStatus { live: state.current().sync.live(), runs: runs::recent(state.current().store.pool(), 10).await? })
}

/// Starts a run unless one is going; returns whether it started one.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn sync_now(state: State<'_, AppState>) -> Reply<bool> {
    Ok(state.current().sync.start())
}
