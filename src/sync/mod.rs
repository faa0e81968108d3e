//! Sync with the platform: window planning, the paced run loop, the schedule and the write path.

mod clawbacks;
pub mod engine;
mod error;
mod facet_rollups;
mod fetch;
pub mod ingest;
pub mod pace;
mod punishments;
pub mod rejected;
pub mod runs;
pub mod schedule;
pub mod service;
pub(crate) mod stored_rows;
mod sweep_taobao;
mod walk_jd;
mod walk_pdd;
mod walk_taobao;
pub mod windows;

pub use engine::{sync_account, SyncPhase, SyncProgress, SyncReport, MAX_BAN_HELD_SECS};
pub use error::SyncError;
pub use windows::{ClockCheck, SyncOptions};
