//! What runs in the background while the window is open: the sync schedule, live sync progress and notices.

pub mod live_sync;
pub mod notices;
pub mod show_window;

use crate::state::AppState;
use tuanzhang::demo::payouts::Entered;
use tuanzhang::sync::schedule::Cadence;
use tuanzhang::sync::service::SyncService;

/// Syncs at once when the last success is older than her interval, then on
/// it (a change on 设置 applies at the next tick); a credential error pauses
/// it (the 同步 page says why) until a manual run succeeds.
pub async fn sync_schedule(sync: SyncService) {
    let outcome = tuanzhang::sync::schedule::watch(&sync, Cadence::Setting, |_| {}, |_| {}, false).await;
    if let Err(error) = outcome {
        tracing::error!(%error, "the sync schedule stopped");
    }
}

/// A copy of the store once a day while the app runs (the first look is at
/// start), older ones pruned.
async fn daily_backups(store: tuanzhang::store::Store, dir: std::path::PathBuf) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60 * 60));
    loop {
        tick.tick().await;
        if let Err(error) = tuanzhang::store::backups::daily(&store, &dir, tuanzhang::model::now_epoch()).await {
            tracing::warn!(%error, "the daily backup was not taken");
        }
    }
}

/// The demo's 分润 history, entered after the first sync that succeeds
/// (its months close over the orders that sync brought in); a demo that
/// has it already lets this end at the first run.
async fn demo_payouts(sync: SyncService) {
    let mut live = sync.subscribe();
    while live.changed().await.is_ok() {
        if live.borrow_and_update().running {
            continue;
        }
        let now = tuanzhang::model::now_epoch();
        match tuanzhang::demo::payouts::enter(sync.store().pool(), tuanzhang::model::BizDay::of(now), now).await {
            Ok(Entered::Now) => return tracing::info!("the demo's 分润 entered"),
            Ok(Entered::Already) => return,
            Ok(Entered::NotYet) => {}
            Err(error) => return tracing::error!(%error, "cannot enter the demo's 分润"),
        }
    }
}

/// Starts every background task for the store open now, on Tauri's
/// runtime; the state keeps them, to stop them when the store closes.
pub fn start<R: tauri::Runtime>(app: &tauri::AppHandle<R>, state: &AppState) {
    let opened = state.current();
    let mut tasks = vec![
        tauri::async_runtime::spawn(live_sync::forward(app.clone(), opened.sync.clone())),
        tauri::async_runtime::spawn(sync_schedule(opened.sync.clone())),
        tauri::async_runtime::spawn(notices::watch(opened.store.clone())),
        tauri::async_runtime::spawn(daily_backups(opened.store.clone(), opened.dir.clone())),
    ];
    if opened.info.demo {
        tasks.push(tauri::async_runtime::spawn(demo_payouts(opened.sync.clone())));
    }
    state.keep_tasks(tasks);
}
