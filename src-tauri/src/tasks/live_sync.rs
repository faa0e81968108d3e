//! Pushes the sync's live state to the window as `sync-live` events, at most a few times a second.

use std::time::Duration;
use tauri::{AppHandle, Emitter, Runtime};
use tuanzhang::sync::service::SyncService;

pub const SYNC_LIVE_EVENT: &str = "sync-live";

/// A backfill finishes a window many times a second; the bar needs no more
/// than this. The newest state is always the one sent, so the last event
/// of a run (running: false) is never lost.
const AT_MOST_EVERY: Duration = Duration::from_millis(150);

pub async fn forward<R: Runtime>(app: AppHandle<R>, sync: SyncService) {
    let mut live = sync.subscribe();
    while live.changed().await.is_ok() {
        let state = live.borrow_and_update().clone();
        if let Err(error) = app.emit(SYNC_LIVE_EVENT, state) {
            tracing::warn!(%error, "cannot tell the window the sync's progress");
        }
        tokio::time::sleep(AT_MOST_EVERY).await;
    }
}
