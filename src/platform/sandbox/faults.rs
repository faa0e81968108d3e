//! Fault injection, off by default: a rate limit answered with 429, a share
//! of 5xx answers, of malformed bodies, of pages repeating a row of the page
//! before, of answers slower than a client waits, redirected or dated a
//! month ahead, drawn from a seeded generator so a failing test can be
//! replayed; and rows no reader can take, chosen by id.

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
    /// Share of order rows (the same rows every time, chosen by id) sent
    /// with a fee of three decimals, which no reader can take as fen.
    pub bad_row_share: f64,
    /// Share of answers that redirect the request to `redirect_port` on
    /// this machine instead of answering it.
    pub redirect_share: f64,
    pub redirect_port: u16,
    /// Share of answers whose `Date` is thirty days ahead.
    pub future_date_share: f64,
    /// Every page says there are more, however far the client reads.
    pub endless_pages: bool,
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
            bad_row_share: 0.0,
            redirect_share: 0.0,
            redirect_port: 9,
            future_date_share: 0.0,
            endless_pages: false,
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
    Redirect(u16),
    FutureDate,
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
        let (redirect, port) = (state.settings.redirect_share, state.settings.redirect_port);
        if redirect > 0.0 && state.rng.chance(redirect) {
            return Some(Fault::Redirect(port));
        }
        let future = state.settings.future_date_share;
        if future > 0.0 && state.rng.chance(future) {
            return Some(Fault::FutureDate);
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

    /// Whether row `id` is one of the unreadable ones under these settings.
    pub fn is_bad_row(share: f64, id: i64) -> bool {
        if share <= 0.0 {
            return false;
        }
        let spread = (id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11;
        (spread as f64 / (1u64 << 53) as f64) < share
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FaultState> {
        // A panic while holding this lock leaves plain numbers behind, which
        // are still usable, so a poisoned lock is taken over.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
