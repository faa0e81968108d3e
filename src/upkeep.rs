//! What is derived from her store, brought up to date when the app or the CLI opens it for work. It
//! sits above the rooms whose derived data it tends, so the store itself imports none of them.

use crate::materials::search::index;
use crate::media::MediaStore;
use crate::store::{health, Store, StoreError, StoreKey, DB_FILE};
use sqlx::SqlitePool;
use std::path::Path;
use std::time::Duration;
use tokio::sync::watch;

/// Opens the store in `data_dir` and catches up what a migration may have
/// left behind: the library's search entries now, since they are cut in
/// Rust and a search must find what the migration added; pictures an
/// earlier version kept in the clear are sealed in the background, so
/// opening never waits on them (reads take both).
pub async fn open_for_work(data_dir: &Path, key: &StoreKey) -> Result<Store, StoreError> {
    let store = Store::open(data_dir, key).await?;
    index::catch_up(store.pool()).await.map_err(|source| StoreError::Open { path: data_dir.join(DB_FILE), source })?;
    tokio::spawn(seal_earlier_pictures(store.clone()));
    Ok(store)
}

async fn seal_earlier_pictures(store: Store) {
    match MediaStore::of(&store).encrypt_earlier(store.pool()).await {
        Ok(0) => {}
        Ok(sealed) => tracing::info!(files = sealed, "pictures from an earlier version encrypted"),
        Err(error) => tracing::warn!(%error, "pictures from an earlier version stay unencrypted until the next start"),
    }
}

/// The whole-file check of an open store, run in the background: reading
/// every page of a year's store takes seconds, which opening does not wait
/// for (a wrong key or a broken header already fails the opening).
#[derive(Clone)]
pub struct HealthCheck(watch::Receiver<Option<Vec<String>>>);

impl HealthCheck {
    /// Starts checking the store `pool` reads once `after` has passed. It
    /// holds the pool only, no connection while it waits, so closing the
    /// store never waits for it then; a check that cannot run (the store
    /// closed under it) finds nothing: only what SQLite names as damage counts.
    pub fn start(pool: SqlitePool, after: Duration) -> HealthCheck {
        let (found, watching) = watch::channel(None);
        tokio::spawn(async move {
            tokio::time::sleep(after).await;
            let problems = match health::quick_problems(&pool).await {
                Ok(problems) => problems,
                Err(error) if damage(&error) => vec![error.to_string()],
                Err(error) => {
                    tracing::warn!(%error, "the store's check did not run");
                    Vec::new()
                }
            };
            if !problems.is_empty() {
                tracing::error!(problems = %problems.join("; "), "the store is damaged");
            }
            // Nobody waiting for the answer any more is fine.
            let _ = found.send(Some(problems));
        });
        HealthCheck(watching)
    }

    /// What the check found once it is done: nothing when the store is whole.
    pub async fn problems(&self) -> Vec<String> {
        let mut watching = self.0.clone();
        let found = watching.wait_for(Option::is_some).await.map(|found| found.clone().unwrap_or_default());
        found.unwrap_or_default()
    }
}

/// SQLITE_CORRUPT or SQLITE_NOTADB: the file itself is broken.
fn damage(error: &sqlx::Error) -> bool {
    // Extended codes keep the primary one in their low byte (779 is a corrupt index).
    let code = match error {
        sqlx::Error::Database(e) => e.code().and_then(|c| c.parse::<i32>().ok()),
        _ => None,
    };
    code.is_some_and(|c| matches!(c & 0xff, 11 | 26))
}
