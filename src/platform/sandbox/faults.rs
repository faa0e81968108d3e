//! Fault injection, off by default: a rate limit answered with 429, a share
//! of 5xx answers, of malformed bodies, of pages repeating a row of the page
//! before and of answers slower than a client waits, drawn from a seeded
//! generator so a failing test can be replayed.

use super::rng::Rng;
use serde::{Deserialize, Serialize};
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultSettings {
    /// Requests per second the gateway accepts; 0 means unlimited.
    pub rate_limit_per_sec: u32,
    pub error_5xx_share: f64,
    pub malformed_share: f64,
    /// Rows one query window may match before the gateway answers 2002452.
    pub max_rows_per_window: usize,
    /// Share of pages that repeat the previous page's last row.
    pub repeat_share: f64,
    /// Share of answers held back `slow_ms` before they are sent.
    pub slow_share: f64,
    pub slow_ms: u64,
}

impl Default for FaultSettings {
    fn default() -> FaultSettings {
        FaultSettings {
            rate_limit_per_sec: 0,
            error_5xx_share: 0.0,
            malformed_share: 0.0,
            max_rows_per_window: 10_000,
            repeat_share: 0.0,
            slow_share: 0.0,
            slow_ms: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    RateLimited,
    ServerError,
    Malformed,
    Slow(std::time::Duration),
    RepeatRow,
}

#[derive(Debug)]
pub struct Faults {
    state: Mutex<FaultState>,
}

#[derive(Debug)]
struct FaultState {
    settings: FaultSettings,
    rng: Rng,
    second: i64,
    used_this_second: u32,
}

impl Faults {
    pub fn new(seed: u64) -> Faults {
        Faults {
            state: Mutex::new(FaultState {
                settings: FaultSettings::default(),
                rng: Rng::derive(seed, u64::MAX),
                second: 0,
                used_this_second: 0,
            }),
        }
    }

    pub fn set(&self, settings: FaultSettings) {
        self.lock().settings = settings;
    }

    pub fn settings(&self) -> FaultSettings {
        self.lock().settings
    }

    /// Decides the fate of one gateway request arriving at real second
    /// `second` (rate limits count wall-clock seconds, not virtual ones).
    pub fn draw(&self, second: i64) -> Option<Fault> {
        let mut state = self.lock();
        if state.second != second {
            state.second = second;
            state.used_this_second = 0;
        }
        let limit = state.settings.rate_limit_per_sec;
        if limit > 0 && state.used_this_second >= limit {
            return Some(Fault::RateLimited);
        }
        state.used_this_second += 1;
        let (server_error, malformed) = (state.settings.error_5xx_share, state.settings.malformed_share);
        if server_error > 0.0 && state.rng.chance(server_error) {
            return Some(Fault::ServerError);
        }
        if malformed > 0.0 && state.rng.chance(malformed) {
            return Some(Fault::Malformed);
        }
        let repeat = state.settings.repeat_share;
        if repeat > 0.0 && state.rng.chance(repeat) {
            return Some(Fault::RepeatRow);
        }
        let slow = state.settings.slow_share;
        if slow > 0.0 && state.rng.chance(slow) {
            return Some(Fault::Slow(std::time::Duration::from_millis(state.settings.slow_ms)));
        }
        None
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FaultState> {
        // A panic while holding this lock leaves plain numbers behind, which
        // are still usable, so a poisoned lock is taken over.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
