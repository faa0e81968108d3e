//! Sync with the platform: protocol clients, window planning, the write
//! path and the run loop.

pub mod engine;
pub mod ingest;
pub mod jd;
pub mod pace;
pub mod runs;
pub mod schedule;
pub mod service;
pub mod windows;

pub use engine::{sync_account, SyncError, SyncPhase, SyncProgress, SyncReport};
pub use windows::SyncOptions;
