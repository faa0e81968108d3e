//! How the app was started: demo or her own account, the data folder, warnings.

use super::{Reply, ShellError};
use crate::start::Starting;
use crate::state::{AppInfo, AppState};
use tauri::State;
use tuanzhang::model::Message;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    state.current().info.clone()
}

/// What the check of the open store found, once it is done: `None` when the
/// store is whole, else the words of a notice to restore a backup.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn store_health(state: State<'_, AppState>) -> Reply<Option<Message>> {
    // The check is held, not the store: a store switched away from closes
    // without waiting for this answer.
    let health = state.current().health.clone();
    let problems = health.problems().await;
    Ok((!problems.is_empty()).then(|| Message::new("health.damaged").with("detail", problems.join("; "))))
}

/// 设置 → 数据文件夹: shows the folder in the system's file manager.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn open_data_folder(starting: State<'_, Starting>) -> Reply<()> {
    let startup = super::start::outcome(&starting).await?;
    let folder = startup.folder.root();
    Ok(open::that_detached(folder).map_err(|e| {
        ShellError::Failed(Message::new("store.folderOpenFailed").with("path", folder.display()).with("reason", e))
    })?)
}
