//! How the app starts. A second launch hands over to the running one, which
//! brings its window forward. A start that cannot open her data opens the
//! window anyway, on a screen that says why in words and offers the newest
//! good backup: release builds on Windows have no console to read.

use crate::state::{OpenError, APP_HOLDER};
use std::path::PathBuf;
use std::sync::Arc;
use tuanzhang::model::Message;
use tuanzhang::store::atomic::{self, Existing};
use tuanzhang::store::backups::{self, BackupInfo};
use tuanzhang::store::lock::{FolderLock, LockError};
use tuanzhang::store::secrets;
use tuanzhang::store::{DataFolder, StoreError, StoreKey, StoreKind};

/// The file a second launch leaves in the data folder for the first.
pub const SHOW_REQUEST: &str = "show-window";

/// When the app itself holds `folder`, asks it to come forward and answers
/// true: this launch then has nothing more to do.
pub fn hand_over_to_running(folder: &DataFolder) -> bool {
    match FolderLock::acquire(folder.root(), APP_HOLDER) {
        Err(LockError::Held { holder }) if holder.starts_with(APP_HOLDER) => {
            let request = folder.root().join(SHOW_REQUEST);
            atomic::write(&request, std::process::id().to_string().as_bytes(), Existing::Replace).is_ok()
        }
        _ => false,
    }
}

/// What the start screen shows.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StartProblem {
    pub message: Message,
    /// The newest copy that opens, when restoring one can help.
    pub backup: Option<BackupInfo>,
    pub data_dir: PathBuf,
}

/// How this start goes, once it has: the window and its page load while
/// her data opens (setup does not wait for it), and whatever asks how the
/// start went waits here for the answer.
#[derive(Clone)]
pub struct Starting(tokio::sync::watch::Receiver<Option<Arc<Startup>>>);

/// Where the opening task tells how the start went.
pub struct Settle(tokio::sync::watch::Sender<Option<Arc<Startup>>>);

impl Starting {
    pub fn begin() -> (Starting, Settle) {
        let (settle, starting) = tokio::sync::watch::channel(None);
        (Starting(starting), Settle(settle))
    }

    /// A start already over (tests).
    pub fn settled(startup: Startup) -> Starting {
        Starting(tokio::sync::watch::channel(Some(Arc::new(startup))).1)
    }

    /// How the start went; `None` only if the opening task died.
    pub async fn outcome(&self) -> Option<Arc<Startup>> {
        let mut watching = self.0.clone();
        let settled = watching.wait_for(Option::is_some).await.ok()?;
        settled.clone()
    }
}

impl Settle {
    pub fn send(self, startup: Startup) {
        // Nobody listening (the app quit first) is fine.
        let _ = self.0.send(Some(Arc::new(startup)));
    }
}

/// How this start went; managed whether or not the data opened.
pub struct Startup {
    pub folder: DataFolder,
    problem: Option<StartProblem>,
    /// Where the offered copy goes back, and the key that opens it.
    restore_into: Option<(PathBuf, StoreKey)>,
}

impl Startup {
    pub fn fine(folder: DataFolder) -> Startup {
        Startup { folder, problem: None, restore_into: None }
    }

    pub async fn failed(folder: DataFolder, error: &OpenError) -> Startup {
        let message = message_for(error);
        let failed_store = match error {
            // A store from a newer version is not mended by an older copy.
            OpenError::Store { source: StoreError::Newer { .. }, .. } | OpenError::Busy(_) => None,
            OpenError::Store { kind, .. } => Some(*kind),
            OpenError::Other(_) => Some(StoreKind::Mine),
        };
        let key = StoreKey::load_or_create(secrets::open_default(folder.root()).as_ref()).ok();
        let mut backup = None;
        let mut restore_into = None;
        if let (Some(kind), Some(key)) = (failed_store, key) {
            let dir = folder.store_dir(kind);
            let known = tuanzhang::store::health::latest_schema();
            let listed = backups::list(&dir, &key).await.unwrap_or_default();
            backup = listed.into_iter().find(|b| b.schema_version <= known);
            restore_into = backup.as_ref().map(|_| (dir, key));
        }
        let data_dir = folder.root().to_path_buf();
        Startup { folder, problem: Some(StartProblem { message, backup, data_dir }), restore_into }
    }

    pub fn problem(&self) -> Option<StartProblem> {
        self.problem.clone()
    }

    /// The store folder and key to restore `id` with, if `id` is the copy offered.
    pub fn restore_target(&self, id: &str) -> Option<(PathBuf, StoreKey)> {
        let offered = self.problem.as_ref()?.backup.as_ref()?;
        (offered.id == id).then(|| self.restore_into.clone()).flatten()
    }
}

fn message_for(error: &OpenError) -> Message {
    match error {
        OpenError::Busy(LockError::Held { holder }) => Message::new("start.busy").with("holder", holder),
        OpenError::Busy(other) => Message::new("start.failed").with("detail", other),
        OpenError::Store { source: StoreError::Damaged { problems, .. }, .. } => {
            Message::new("start.damaged").with("detail", problems)
        }
        OpenError::Store { source: StoreError::Unreadable { .. }, .. } => Message::new("start.unreadable"),
        OpenError::Store { source: StoreError::Newer { found, known, .. }, .. } => {
            Message::new("start.newer").with("found", found).with("known", known)
        }
        OpenError::Store { source, .. } => Message::new("start.failed").with("detail", source),
        OpenError::Other(detail) => Message::new("start.failed").with("detail", detail),
    }
}
