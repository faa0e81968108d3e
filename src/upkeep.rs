//! What is derived from her store, brought up to date when the app or the CLI opens it for work. It
//! sits above the rooms whose derived data it tends, so the store itself imports none of them.

use crate::materials::search::index;
use crate::media::MediaStore;
use crate::store::{Store, StoreError, StoreKey, DB_FILE};
use std::path::Path;

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
