//! Her settings, read and saved as one record.

use super::Reply;
use crate::state::AppState;
use tauri::State;
use tuanzhang::store::settings::{self, Settings};

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn settings(state: State<'_, AppState>) -> Reply<Settings> {
    Ok(settings::load(state.current().store.pool()).await?)
}

/// Saves every setting (each pulled inside its bounds) and returns what was stored.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn save_settings(state: State<'_, AppState>, settings: Settings) -> Reply<Settings> {
    Ok(settings::save(state.current().store.pool(), settings).await?)
}
