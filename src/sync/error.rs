//! What ends a sync run, and how the run's error reaches the window.

use crate::error::AppError;
use crate::model::Message;
use crate::platform::{ErrorClass, PlatformError};
use crate::store::BulkError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("sync failed ({window}): {source}. {}", Message::new(source.class().advice_key()))]
    Platform { window: String, source: PlatformError },
    #[error("local database error: {0}")]
    Store(#[from] sqlx::Error),
    #[error("cannot write the local database (every window written stays; the next sync goes on from there): {0}")]
    Write(#[from] BulkError),
}

impl SyncError {
    pub fn class(&self) -> Option<ErrorClass> {
        match self {
            SyncError::Platform { source, .. } => Some(source.class()),
            SyncError::Store(_) | SyncError::Write(_) => None,
        }
    }

    /// How long the platform said to wait before asking again, if it did.
    pub fn wait_secs(&self) -> Option<u64> {
        match self {
            SyncError::Platform { source, .. } => source.wait_secs(),
            SyncError::Store(_) | SyncError::Write(_) => None,
        }
    }

    pub(super) fn class_name(&self) -> &'static str {
        match self {
            SyncError::Platform { source, .. } => source.class_name(),
            SyncError::Store(_) | SyncError::Write(_) => "store",
        }
    }
}

impl From<SyncError> for AppError {
    fn from(error: SyncError) -> AppError {
        match error {
            SyncError::Platform { source, .. } => source.into(),
            SyncError::Store(e) => e.into(),
            SyncError::Write(e) => AppError::internal(e),
        }
    }
}
