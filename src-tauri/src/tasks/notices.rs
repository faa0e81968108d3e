//! Raises a desktop notification when something on today's list becomes
//! due: a new partner's onboarding step, a partner to contact, a group gone
//! quiet, a planned post whose time has come. The engine decides what is
//! new; this only looks and shows.

use std::time::Duration;
use tuanzhang::care::{self, Notice};
use tuanzhang::error::AppError;
use tuanzhang::model::{now_epoch, BizDay, EpochSecs};
use tuanzhang::posting;
use tuanzhang::store::settings;
use tuanzhang::store::Store;

/// A planned post is due at its minute; looking every minute tells her
/// within one (reading today's list is a few small queries).
const LOOK_EVERY: Duration = Duration::from_secs(60);
/// Lets the window come up before the first look.
const FIRST_LOOK_AFTER: Duration = Duration::from_secs(20);

pub async fn watch(store: Store) {
    tokio::time::sleep(FIRST_LOOK_AFTER).await;
    let mut tick = tokio::time::interval(LOOK_EVERY);
    loop {
        tick.tick().await;
        match newly_due(&store, now_epoch()).await {
            Ok(Some(notice)) => show(notice).await,
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "could not read today's tasks for a notification"),
        }
    }
}

/// Tasks are marked announced even with notifications off, so turning
/// them back on does not bring up everything that came due meanwhile.
async fn newly_due(store: &Store, now: EpochSecs) -> Result<Option<Notice>, AppError> {
    let today = BizDay::of(now);
    let tasks = care::today_by_settings(store.pool(), today).await?;
    let queue = posting::queue(store.pool(), now).await?;
    let notice = care::announce(store.pool(), &tasks, &queue.posts, today).await?;
    let wanted = settings::load(store.pool()).await?.desktop_notifications;
    Ok(notice.filter(|_| wanted))
}

/// The desktop may have no notification service (a bare X server, a
/// minimal session): the list on 总览 is still there, so a failure is only
/// logged. D-Bus calls block, so they run off the async threads.
async fn show(notice: Notice) {
    let shown = tokio::task::spawn_blocking(move || {
        notify_rust::Notification::new()
            .appname("团长工作台")
            .summary(&notice.title)
            .body(&notice.body)
            .show()
            .map(drop)
    })
    .await;
    match shown {
        Ok(Ok(())) => tracing::info!("announced newly due tasks"),
        Ok(Err(error)) => tracing::warn!(%error, "no desktop notification service"),
        Err(error) => tracing::warn!(%error, "the notification task failed"),
    }
}
