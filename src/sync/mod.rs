//! Sync with the platform: window planning, the paced run loop, the schedule and the write path.

pub mod engine;
mod facet_rollups;
pub mod ingest;
pub mod pace;
pub mod rejected;
pub mod runs;
pub mod schedule;
pub mod service;
pub mod windows;

pub use engine::{sync_account, SyncError, SyncPhase, SyncProgress, SyncReport};
pub use windows::{ClockCheck, SyncOptions};
