//! Which store the window opens when it starts; the command line opens the
//! same one unless told otherwise, so both decide here.

use crate::account::{self, AccountError};
use crate::store::{DataFolder, Store, StoreError, StoreKey, StoreKind, DB_FILE};

/// The store she chose last, else hers once her own account is connected,
/// else the demo's.
pub async fn store_to_open(folder: &DataFolder, key: &StoreKey) -> Result<StoreKind, OpensError> {
    if let Some(kind) = folder.chosen() {
        return Ok(kind);
    }
    Ok(if her_account_is_connected(folder, key).await? { StoreKind::Mine } else { StoreKind::Demo })
}

/// Whether her store holds an account of her own, not the demo's. A folder
/// with no store of hers yet holds none, and none is made to find that out.
async fn her_account_is_connected(folder: &DataFolder, key: &StoreKey) -> Result<bool, OpensError> {
    let mine = folder.store_dir(StoreKind::Mine);
    if !mine.join(DB_FILE).exists() {
        return Ok(false);
    }
    let store = Store::open(&mine, key).await?;
    let account = account::current(store.pool()).await;
    store.close().await;
    Ok(account?.is_some_and(|a| !a.is_demo))
}

#[derive(Debug, thiserror::Error)]
pub enum OpensError {
    /// Her store did not open (damaged, newer, or the key is lost).
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Account(#[from] AccountError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn her_choice_first_then_her_own_account_then_the_demo() {
        let dir = tempfile::tempdir().unwrap();
        let folder = DataFolder::at(dir.path());
        let key = StoreKey::load_or_create(&crate::store::secrets::MemorySecrets::default()).unwrap();
        assert_eq!(store_to_open(&folder, &key).await.unwrap(), StoreKind::Demo, "a new folder opens the demo");
        assert!(!dir.path().join(DB_FILE).exists(), "finding that out makes no store of hers");

        let store = Store::open(dir.path(), &key).await.unwrap();
        let secrets = crate::store::secrets::MemorySecrets::default();
        account::set_jd(store.pool(), &secrets, "http://127.0.0.1:9/routerjson", "demo", "s", true).await.unwrap();
        assert_eq!(store_to_open(&folder, &key).await.unwrap(), StoreKind::Demo, "the demo's account is not hers");
        account::set_jd(store.pool(), &secrets, "https://api.jd.com/routerjson", "hers", "s", false).await.unwrap();
        store.close().await;
        assert_eq!(store_to_open(&folder, &key).await.unwrap(), StoreKind::Mine, "her account connected");

        folder.choose(StoreKind::Demo).unwrap();
        assert_eq!(store_to_open(&folder, &key).await.unwrap(), StoreKind::Demo, "her choice comes first");
    }
}
