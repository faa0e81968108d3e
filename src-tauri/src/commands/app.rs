//! How the app was started: demo or her own account, the data folder, warnings.

use crate::state::{AppInfo, AppState};
use tauri::State;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    state.current().info.clone()
}
