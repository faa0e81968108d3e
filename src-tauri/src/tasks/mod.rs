//! What runs in the background while the window is open: the sync schedule, live sync progress and notices.

pub mod live_sync;
pub mod notices;

use tuanzhang::store::Store;
use tuanzhang::sync::service::SyncService;

/// Syncs at once when the last success is older than the interval, then on
/// the interval; a credential error pauses it (the 同步 page says why)
/// until a manual run succeeds.
pub async fn sync_schedule(sync: SyncService, interval: std::time::Duration) {
    let outcome = tuanzhang::sync::schedule::watch(&sync, interval, |_| {}, |_| {}, false).await;
    if let Err(error) = outcome {
        tracing::error!(%error, "the sync schedule stopped");
    }
}

/// Starts every background task on Tauri's runtime.
pub fn start<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    sync: SyncService,
    store: Store,
    interval: std::time::Duration,
) {
    tauri::async_runtime::spawn(live_sync::forward(app.clone(), sync.clone()));
    tauri::async_runtime::spawn(sync_schedule(sync, interval));
    tauri::async_runtime::spawn(notices::watch(store));
}
