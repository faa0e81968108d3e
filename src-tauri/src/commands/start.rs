//! The start screen: why her data did not open, the copy offered, a retry.

use super::{Reply, ShellError};
use crate::start::{StartProblem, Starting, Startup};
use tauri::{AppHandle, Runtime, State};
use tuanzhang::error::AppError;
use tuanzhang::model::now_epoch;
use tuanzhang::model::Message;
use tuanzhang::store::backups;

/// `None` when the data opened; the window then shows the app itself. It
/// answers once the data has opened (or failed to), so the window asks
/// nothing else before.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn start_problem(starting: State<'_, Starting>) -> Reply<Option<StartProblem>> {
    Ok(outcome(&starting).await?.problem())
}

/// How the start went, or an internal error if the opening task died.
pub async fn outcome(starting: &Starting) -> Reply<std::sync::Arc<Startup>> {
    Ok(starting
        .outcome()
        .await
        .ok_or_else(|| ShellError::Failed(Message::new("start.failed").with("detail", "the opening task stopped")))?)
}

/// Puts the offered copy in place (the store as it is is kept first), then
/// starts the app again on it.
#[tauri::command]
#[tracing::instrument(skip(app, starting), err)]
pub async fn restore_after_failure<R: Runtime>(
    app: AppHandle<R>,
    starting: State<'_, Starting>,
    id: String,
) -> Reply<()> {
    let (dir, key) = outcome(&starting).await?.restore_target(&id).ok_or(ShellError::NotFound("backup.unknown"))?;
    backups::restore(&dir, &key, &id, now_epoch()).await.map_err(AppError::internal)?;
    app.restart()
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn restart_app<R: Runtime>(app: AppHandle<R>) {
    app.restart()
}
