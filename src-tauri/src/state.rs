//! What the window's commands share: the data folder and the one store open in it (hers or the demo's),
//! with the sync service and background tasks that serve it. Switching stores is one explicit action.

use std::sync::{Arc, Mutex, PoisonError, RwLock};
use tauri::async_runtime::JoinHandle;
use tuanzhang::account;
use tuanzhang::demo::{self, Demo};
use tuanzhang::error::AppError;
use tuanzhang::media::MediaStore;
use tuanzhang::model::{Message, Platform};
use tuanzhang::store::atomic::{self, Existing};
use tuanzhang::store::lock::{FolderLock, LockError};
use tuanzhang::store::secrets::{self, SecretStore};
use tuanzhang::store::{DataFolder, Store, StoreError, StoreKey, StoreKind};
use tuanzhang::sync::service::SyncService;
use tuanzhang::sync::SyncOptions;
use tuanzhang::upkeep::{self, HealthCheck};

/// One open store and what serves it.
pub struct Opened {
    pub kind: StoreKind,
    /// The store's folder (its backups are in `backups/` there).
    pub dir: std::path::PathBuf,
    pub store: Store,
    pub sync: SyncService,
    pub info: AppInfo,
    /// The whole-file check of the store, running behind the opening.
    pub health: HealthCheck,
    /// Keeps the in-process demo platform serving while the demo is open.
    _demo: Option<Demo>,
}

pub struct AppState {
    pub folder: DataFolder,
    /// The data folder is this app's while it runs (the CLI takes the same lock).
    _lock: FolderLock,
    pub secrets: Arc<dyn SecretStore>,
    /// Unlocks every store of the folder and their backups.
    pub key: StoreKey,
    opened: RwLock<Arc<Opened>>,
    /// The background tasks serving the open store, stopped when it closes.
    tasks: Mutex<Vec<JoinHandle<()>>>,
    /// Stores switched away from, each closing once no command holds it.
    retiring: Mutex<Vec<JoinHandle<()>>>,
}

#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AppInfo {
    /// Which store is open: hers (我的数据) or the demo's (演示数据).
    pub store: StoreKind,
    pub demo: bool,
    /// Whether her store has her own account connected (on any platform).
    pub connected: bool,
    pub gateway: String,
    pub app_key: Option<String>,
    /// Her own account on each platform, in the order 设置 lists them.
    pub accounts: Vec<PlatformAccount>,
    pub data_dir: std::path::PathBuf,
    pub secrets_warning: Option<Message>,
    /// How the restore asked for before this start went, if one was.
    pub restore_notice: Option<Message>,
}

/// One platform's row in 设置 → 平台账号.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PlatformAccount {
    pub platform: Platform,
    /// Her own key on it, when she has connected one (never the demo's).
    pub app_key: Option<String>,
}

const PENDING_RESTORE: &str = "restore-pending.txt";

/// What the app writes into the folder lock, so a second launch knows the
/// folder is held by the app itself (and brings its window forward).
pub const APP_HOLDER: &str = "团长工作台 (the app)";

/// Why the app could not open its data; the start screen words each.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Busy(#[from] LockError),
    #[error("the {kind:?} store: {source}")]
    Store { kind: StoreKind, source: StoreError },
    #[error("{0}")]
    Other(String),
}

fn other(error: impl std::fmt::Display) -> OpenError {
    OpenError::Other(error.to_string())
}

fn store_error(kind: StoreKind) -> impl Fn(StoreError) -> OpenError {
    move |source| OpenError::Store { kind, source }
}

impl AppState {
    /// Opens the store she chose last, else hers when her account is
    /// connected, else the demo.
    pub async fn open(folder: DataFolder) -> Result<AppState, OpenError> {
        let lock = FolderLock::acquire(folder.root(), APP_HOLDER)?;
        let secrets: Arc<dyn SecretStore> = secrets::open_default(folder.root());
        let key = StoreKey::load_or_create(secrets.as_ref()).map_err(other)?;
        demo::separate_legacy(&folder, &key).await.map_err(|error| match error {
            demo::SeparateError::Store(source) => OpenError::Store { kind: StoreKind::Mine, source },
            error => other(error),
        })?;
        let restore_notice = restore_pending(&folder, &key).await;
        let kind = demo::store_to_open(&folder, &key).await.map_err(|error| match error {
            demo::OpensError::Store(source) => OpenError::Store { kind: StoreKind::Mine, source },
            error => other(error),
        })?;
        let mut opened = open_store(&folder, &secrets, &key, kind).await?;
        opened.info.restore_notice = restore_notice;
        let opened = RwLock::new(Arc::new(opened));
        Ok(AppState { _lock: lock, folder, secrets, key, opened, tasks: Mutex::default(), retiring: Mutex::default() })
    }

    /// The store open now. Commands take it once and keep it for their
    /// whole call, so a switch never changes the store under one.
    pub fn current(&self) -> Arc<Opened> {
        Arc::clone(&self.opened.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Opens `kind`, remembers the choice, then stops the open store's tasks
    /// and puts `kind` in its place; if `kind` does not open, nothing changes.
    pub async fn switch(&self, kind: StoreKind) -> Result<Arc<Opened>, AppError> {
        let opened = open_store(&self.folder, &self.secrets, &self.key, kind).await.map_err(AppError::internal)?;
        self.folder.choose(kind).map_err(AppError::internal)?;
        self.stop_tasks().await;
        let opened = Arc::new(opened);
        let old =
            std::mem::replace(&mut *self.opened.write().unwrap_or_else(PoisonError::into_inner), Arc::clone(&opened));
        self.retiring.lock().unwrap_or_else(PoisonError::into_inner).push(tauri::async_runtime::spawn(retire(old)));
        Ok(opened)
    }

    /// Asks for `id` to be restored into the open store at the next start,
    /// when nothing has it open.
    pub fn restore_at_next_start(&self, id: &str) -> Result<(), AppError> {
        let kind = self.current().kind;
        let word = match kind {
            StoreKind::Mine => "mine",
            StoreKind::Demo => "demo",
        };
        let marker = self.folder.root().join(PENDING_RESTORE);
        atomic::write(&marker, format!("{word} {id}").as_bytes(), Existing::Replace).map_err(AppError::internal)
    }

    /// Stops the background tasks and closes the open store, waiting until
    /// every connection is closed: SQLCipher's process-exit clean-up must
    /// not meet a connection still closing on another thread.
    pub async fn close(&self) {
        self.stop_tasks().await;
        let retiring: Vec<JoinHandle<()>> =
            self.retiring.lock().unwrap_or_else(PoisonError::into_inner).drain(..).collect();
        for closing in retiring {
            let _ = closing.await;
        }
        self.current().store.close().await;
    }

    pub fn keep_tasks(&self, handles: Vec<JoinHandle<()>>) {
        self.tasks.lock().unwrap_or_else(PoisonError::into_inner).extend(handles);
    }

    /// Stops the background tasks and waits until each is gone, so the
    /// store each held is let go now, not later on a runtime thread (at
    /// worst while the process exits, when SQLCipher's clean-up would meet a
    /// connection still closing).
    async fn stop_tasks(&self) {
        let tasks: Vec<JoinHandle<()>> = self.tasks.lock().unwrap_or_else(PoisonError::into_inner).drain(..).collect();
        for task in tasks {
            task.abort();
            let _ = task.await;
        }
    }
}

/// Closes a store switched away from once the commands that took it before
/// the switch are done with it (they keep it for their whole call).
async fn retire(old: Arc<Opened>) {
    const PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);
    let started = std::time::Instant::now();
    while Arc::strong_count(&old) > 1 && started.elapsed() < PATIENCE {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    old.store.close().await;
}

/// Reading every page of a year's store takes seconds of both cores: the
/// check waits until her first minute's clicks have been answered.
const HEALTH_CHECK_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

async fn open_store(
    folder: &DataFolder,
    secrets: &Arc<dyn SecretStore>,
    key: &StoreKey,
    kind: StoreKind,
) -> Result<Opened, OpenError> {
    let store = upkeep::open_for_work(&folder.store_dir(kind), key).await.map_err(store_error(kind))?;
    tauri::async_runtime::spawn(collect_pictures(store.clone()));
    let demo = match kind {
        StoreKind::Demo => Some(demo::start(&store, secrets.as_ref()).await.map_err(other)?),
        StoreKind::Mine => None,
    };
    let hers: Vec<_> =
        account::connected(store.pool()).await.map_err(other)?.into_iter().filter(|a| !a.is_demo).collect();
    let account = match &demo {
        Some(demo) => Some(demo.account.clone()),
        None => hers.iter().find(|a| a.platform == Platform::Jd).or(hers.first()).cloned(),
    };
    let accounts = Platform::ALL
        .into_iter()
        .map(|platform| PlatformAccount {
            platform,
            app_key: hers.iter().find(|a| a.platform == platform).map(|a| a.app_key.clone()),
        })
        .collect();
    let info = AppInfo {
        store: kind,
        demo: demo.is_some(),
        connected: !hers.is_empty(),
        accounts,
        gateway: account.as_ref().map(|a| a.gateway.clone()).unwrap_or_default(),
        app_key: account.as_ref().filter(|a| !a.is_demo).map(|a| a.app_key.clone()),
        data_dir: folder.root().to_path_buf(),
        secrets_warning: secrets.warning().filter(|_| demo.is_none()),
        restore_notice: None,
    };
    let options = match &demo {
        Some(demo) => demo.sync_options(),
        None => SyncOptions::for_gateway(&info.gateway),
    };
    let sync = SyncService::new(store.clone(), Arc::clone(secrets)).with_options(options);
    let health = HealthCheck::start(store.pool().clone(), HEALTH_CHECK_AFTER);
    Ok(Opened { kind, dir: folder.store_dir(kind), store, sync, info, health, _demo: demo })
}

/// Pictures nothing shows (a form closed unsaved, an import stopped midway)
/// are removed once the store is open, in the background: no import or
/// form of this run can be waiting on them yet.
async fn collect_pictures(store: Store) {
    match MediaStore::of(&store).collect(store.pool(), tuanzhang::model::now_epoch()).await {
        Ok(collected) if collected.pictures > 0 => {
            tracing::info!(pictures = collected.pictures, "unshown pictures removed")
        }
        Ok(_) => {}
        Err(error) => tracing::warn!(%error, "unshown pictures stay until the next start"),
    }
}

/// Restores the copy asked for before the restart, if any: the store is
/// closed now, so its files can be replaced whole.
async fn restore_pending(folder: &DataFolder, key: &StoreKey) -> Option<Message> {
    let marker = folder.root().join(PENDING_RESTORE);
    let asked = std::fs::read_to_string(&marker).ok()?;
    let _ = std::fs::remove_file(&marker);
    let (kind, id) = asked.trim().split_once(' ')?;
    let kind = if kind == "demo" { StoreKind::Demo } else { StoreKind::Mine };
    match tuanzhang::store::backups::restore(&folder.store_dir(kind), key, id, tuanzhang::model::now_epoch()).await {
        Ok(restored) => Some(Message::new("backup.restored").with("taken", restored.taken_at)),
        Err(error) => {
            tracing::error!(%error, "the restore asked for did not happen");
            Some(Message::new("backup.restoreFailed").with("detail", error))
        }
    }
}
