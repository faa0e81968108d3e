//! What the window's commands share: the store, the sync service and how
//! the app was started (demo or a real account).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use tuanzhang::account;
use tuanzhang::account::secrets::{self, SecretStore};
use tuanzhang::error::AppError;
use tuanzhang::platform::demo::{self, Demo};
use tuanzhang::store::Store;
use tuanzhang::sync::service::SyncService;
use tuanzhang::sync::SyncOptions;

pub struct AppState {
    pub store: Store,
    pub sync: SyncService,
    pub info: AppInfo,
    /// Keeps the in-process demo platform serving while the app runs.
    _demo: Option<Demo>,
}

#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AppInfo {
    pub demo: bool,
    pub gateway: String,
    pub data_dir: PathBuf,
    pub secrets_warning: Option<tuanzhang::error::Message>,
}

impl AppState {
    /// Opens the store and, with no account configured, starts demo mode.
    pub async fn open(data_dir: &Path) -> Result<AppState, Box<dyn std::error::Error>> {
        let store = Store::open(data_dir).await?;
        let secrets: Arc<dyn SecretStore> = secrets::open_default(data_dir);
        let existing = account::current(store.pool()).await.map_err(AppError::from)?;
        let (account, demo) = match existing {
            Some(account) if !account.is_demo => (account, None),
            _ => {
                let demo = demo::start(&store, secrets.as_ref()).await?;
                (demo.account.clone(), Some(demo))
            }
        };
        let info = AppInfo {
            demo: demo.is_some(),
            gateway: account.gateway,
            data_dir: data_dir.to_path_buf(),
            secrets_warning: secrets.warning().filter(|_| demo.is_none()),
        };
        let options = demo.as_ref().map_or_else(SyncOptions::default, Demo::sync_options);
        let sync = SyncService::new(store.clone(), secrets).with_options(options);
        Ok(AppState { sync, store, info, _demo: demo })
    }
}
