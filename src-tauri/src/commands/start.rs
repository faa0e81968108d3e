//! The start screen: why her data did not open, the copy offered, a retry.

use super::Reply;
use crate::start::{StartProblem, Startup};
use tauri::{AppHandle, Runtime, State};
use tuanzhang::error::{AppError, ErrorCode, Message};
use tuanzhang::model::now_epoch;
use tuanzhang::store::backups;

/// `None` when the data opened; the window then shows the app itself.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn start_problem(startup: State<'_, Startup>) -> Option<StartProblem> {
    startup.problem()
}

/// Puts the offered copy in place (the store as it is is kept first), then
/// starts the app again on it.
#[tauri::command]
#[tracing::instrument(skip(app, startup), err)]
pub async fn restore_after_failure<R: Runtime>(
    app: AppHandle<R>,
    startup: State<'_, Startup>,
    id: String,
) -> Reply<()> {
    let (dir, key) = startup
        .restore_target(&id)
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, Message::new("backup.unknown")))?;
    backups::restore(&dir, &key, &id, now_epoch()).await.map_err(AppError::internal)?;
    app.restart()
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn restart_app<R: Runtime>(app: AppHandle<R>) {
    app.restart()
}
