//! What the store benchmarks share: sizes from the environment, and a fresh
//! encrypted store to fill behind sync's back.

use tuanzhang::store::{Store, StoreKey};

/// `name` from the environment as a size, or `default`.
pub fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A store with every migration applied, closed again; returns its key.
pub async fn fresh_store(dir: &std::path::Path) -> StoreKey {
    let key = StoreKey::load_or_create(&tuanzhang::store::secrets::MemorySecrets::default()).expect("key");
    Store::open(dir, &key).await.expect("store").close().await;
    key
}
