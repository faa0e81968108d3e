//! Sync as the app runs it: at most one run at a time, live progress anyone can subscribe to, and the
//! outcome kept for the 同步 page.

use super::engine::{sync_account, SyncProgress, SyncReport};
use super::error::SyncError;
use super::runs;
use super::windows::SyncOptions;
use crate::account::{self, Account, AccountError};
use crate::error::AppError;
use crate::model::{now_epoch, Platform};
use crate::platform::jd::JdClient;
use crate::platform::{PlatformClient, PlatformError};
use crate::store::secrets::SecretStore;
use crate::store::Store;
use serde::Serialize;
use std::sync::Arc;
use tokio::sync::watch;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error(transparent)]
    Client(#[from] PlatformError),
    #[error(transparent)]
    Sync(#[from] SyncError),
}

/// Which connected platforms a round syncs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Round {
    /// Every one: what she asks for (a manual run retries a paused one).
    All,
    Only(Platform),
    /// The automatic round: the platforms whose own plan is due (never one
    /// whose account needs fixing).
    Of(Vec<Platform>),
}

impl Round {
    fn includes(&self, platform: Platform) -> bool {
        match self {
            Round::All => true,
            Round::Only(only) => *only == platform,
            Round::Of(due) => due.contains(&platform),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct LiveSync {
    pub running: bool,
    pub progress: SyncProgress,
}

#[derive(Clone)]
pub struct SyncService {
    store: Store,
    secrets: Arc<dyn SecretStore>,
    options: SyncOptions,
    /// The live state; every change reaches each subscriber (the window's
    /// progress bar, the CLI), which sees the newest when it looks.
    live: Arc<watch::Sender<LiveSync>>,
}

impl SyncService {
    pub fn new(store: Store, secrets: Arc<dyn SecretStore>) -> SyncService {
        let (live, _) = watch::channel(LiveSync::default());
        SyncService { store, secrets, options: SyncOptions::default(), live: Arc::new(live) }
    }

    pub fn with_options(self, options: SyncOptions) -> SyncService {
        SyncService { options, ..self }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn live(&self) -> LiveSync {
        self.live.borrow().clone()
    }

    /// Changes to the live state from now on: progress, and a run starting or ending.
    pub fn subscribe(&self) -> watch::Receiver<LiveSync> {
        self.live.subscribe()
    }

    /// Starts a run in the background unless one is already running;
    /// returns whether this call started it. Needs a tokio runtime.
    pub fn start(&self) -> bool {
        if !self.claim() {
            return false;
        }
        let service = self.clone();
        tokio::spawn(async move {
            if let Err(error) = service.run_claimed(Round::All, |_| {}).await {
                tracing::warn!(%error, "sync run failed");
            }
        });
        true
    }

    /// Runs `round` now and waits, telling `observer` of each step; `None`
    /// when another run was already going.
    pub async fn run_once(
        &self,
        round: Round,
        observer: impl FnMut(&SyncProgress) + Send,
    ) -> Option<Result<Vec<SyncReport>, ServiceError>> {
        if !self.claim() {
            return None;
        }
        Some(self.run_claimed(round, observer).await)
    }

    fn claim(&self) -> bool {
        self.live.send_if_modified(|live| {
            if live.running {
                return false;
            }
            *live = LiveSync { running: true, progress: SyncProgress::default() };
            true
        })
    }

    /// A client for her JD Union account, for calls other than sync (links, positions).
    pub async fn client(&self) -> Result<JdClient, ServiceError> {
        let account = account::current(self.store.pool()).await?.ok_or(AccountError::Missing)?;
        Ok(JdClient::new(account::credentials(&account, self.secrets.as_ref())?, self.options.request_timeout)?)
    }

    async fn run_claimed(
        &self,
        round: Round,
        observer: impl FnMut(&SyncProgress) + Send,
    ) -> Result<Vec<SyncReport>, ServiceError> {
        let outcome = self.run(round, observer).await;
        self.live.send_modify(|live| live.running = false);
        outcome
    }

    /// One round: every connected platform in turn (JD first), each its own
    /// recorded run, so one platform failing still lets the others sync.
    /// The round fails with the first failure once all have been tried.
    async fn run(
        &self,
        round: Round,
        mut observer: impl FnMut(&SyncProgress) + Send,
    ) -> Result<Vec<SyncReport>, ServiceError> {
        runs::close_abandoned(self.store.pool(), now_epoch()).await.map_err(SyncError::from)?;
        let accounts: Vec<Account> = account::connected(self.store.pool())
            .await?
            .into_iter()
            .filter(|account| round.includes(account.platform))
            .collect();
        if accounts.is_empty() {
            return Err(AccountError::Missing.into());
        }
        let mut reports = Vec::new();
        let mut first_failure = None;
        for account in &accounts {
            match self.run_account(account, &mut observer).await {
                Ok(report) => reports.push(report),
                Err(error) => {
                    tracing::warn!(platform = %account.platform, %error, "sync of one platform failed");
                    first_failure.get_or_insert(error);
                }
            }
        }
        match first_failure {
            Some(error) => Err(error),
            None => Ok(reports),
        }
    }

    async fn run_account(
        &self,
        account: &Account,
        observer: &mut (impl FnMut(&SyncProgress) + Send),
    ) -> Result<SyncReport, ServiceError> {
        let credentials = account::credentials(account, self.secrets.as_ref())?;
        let client = PlatformClient::new(account.platform, credentials, self.options.request_timeout)?;
        let live = Arc::clone(&self.live);
        let report = sync_account(&self.store, account, &client, self.options, move |progress: &SyncProgress| {
            live.send_modify(|live| live.progress = *progress);
            observer(progress);
        })
        .await?;
        if let PlatformClient::Jd(client) = &client {
            // Links are made anew with the same client; one that cannot be
            // made now is still kept and tried again next run.
            match crate::links::refresh_due(self.store.pool(), client, now_epoch()).await {
                Ok(refreshed) => {
                    for refused in &refreshed.refused {
                        tracing::warn!(product = %refused.product, error = %refused.error, "tracking link not refreshed");
                    }
                }
                Err(error) => tracing::warn!(%error, "tracking links not refreshed"),
            }
        }
        Ok(report)
    }
}

impl From<ServiceError> for AppError {
    fn from(error: ServiceError) -> AppError {
        match error {
            ServiceError::Account(e) => e.into(),
            ServiceError::Sync(e) => e.into(),
            ServiceError::Client(e) => e.into(),
        }
    }
}
