//! 设置 → 备份: the open store's copies, one now, and a restore (done at the next start, when nothing has
//! the store open; the store as it is then is copied first).

use super::{Reply, ShellError};
use crate::state::AppState;
use tauri::{AppHandle, Runtime, State};
use tuanzhang::error::AppError;
use tuanzhang::model::now_epoch;
use tuanzhang::store::backups::{self, BackupInfo};
use tuanzhang::store::BackupReason;

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn list_backups(state: State<'_, AppState>) -> Reply<Vec<BackupInfo>> {
    backups::list(&state.current().dir, &state.key).await.map_err(AppError::internal)
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn backup_now(state: State<'_, AppState>) -> Reply<Vec<BackupInfo>> {
    let opened = state.current();
    let now = now_epoch();
    backups::create(opened.store.pool(), &opened.dir, BackupReason::Manual, now).await.map_err(AppError::internal)?;
    let all = backups::list(&opened.dir, opened.store.key()).await.map_err(AppError::internal)?;
    backups::prune(&opened.dir, &all, now).map_err(AppError::internal)?;
    backups::list(&opened.dir, opened.store.key()).await.map_err(AppError::internal)
}

/// Restarts the app, which restores `id` before it opens the store.
#[tauri::command]
#[tracing::instrument(skip(app, state), err)]
pub async fn restore_backup<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: String) -> Reply<()> {
    let known = backups::list(&state.current().dir, &state.key).await.map_err(AppError::internal)?;
    if !known.iter().any(|b| b.id == id) {
        return Err(ShellError::NotFound("backup.unknown").into());
    }
    state.restore_at_next_start(&id)?;
    // A restart ends this process without the exit event that closes the
    // store; closed here, no connection is left closing as it ends.
    state.close().await;
    app.restart()
}
