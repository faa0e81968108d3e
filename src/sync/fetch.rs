//! What every platform's page walk shares: the window it fetched, and
//! sending one call in its turn until it succeeds or the failure is the
//! run's.

use super::pace::Pace;
use super::windows::SyncOptions;
use crate::model::{Clawback, EpochSecs, OrderRow, Punishment, RejectedRow, RowId};
use crate::platform::pdd::PddSubsidy;
use crate::platform::{PlatformError, MAX_WAIT_WITHIN_RUN_SECS};
use std::time::Duration;

/// How often one page is asked again after "too many calls" before the run
/// gives up; each wait follows the platform's `Retry-After`.
const RATE_LIMIT_RETRIES: u32 = 30;

/// Every page of one window, as fetched.
pub(crate) struct FetchedWindow {
    pub(crate) rows: Vec<OrderRow>,
    pub(crate) rejected: Vec<RejectedRow>,
    pub(crate) pages: u32,
    /// The platform's time at the earliest answer: what it had seen by then is complete.
    pub(crate) platform_time: EpochSecs,
    /// 多多进宝's subsidy fields by row, kept apart from the row (never shown to a partner).
    pub(crate) subsidies: Vec<(RowId, PddSubsidy)>,
    /// 淘宝联盟's 维权 after settlement, read beside the window's rows.
    pub(crate) clawbacks: Vec<Clawback>,
    /// 淘宝联盟's punished orders, read by the sweep after the windows.
    pub(crate) punishments: Vec<Punishment>,
}

impl FetchedWindow {
    pub(crate) fn empty() -> FetchedWindow {
        FetchedWindow {
            rows: Vec::new(),
            rejected: Vec::new(),
            pages: 0,
            platform_time: EpochSecs::MAX,
            subsidies: Vec::new(),
            clawbacks: Vec::new(),
            punishments: Vec::new(),
        }
    }

    /// The lines the platform sent: rows, 维权 and punishments.
    pub(crate) fn lines_fetched(&self) -> usize {
        self.rows.len() + self.clawbacks.len() + self.punishments.len()
    }

    /// Adds a part of the same window (a half, a page).
    pub(crate) fn absorb(&mut self, part: FetchedWindow) {
        self.rows.extend(part.rows);
        self.rejected.extend(part.rejected);
        self.subsidies.extend(part.subsidies);
        self.clawbacks.extend(part.clawbacks);
        self.punishments.extend(part.punishments);
        self.pages += part.pages;
        self.platform_time = self.platform_time.min(part.platform_time);
    }
}

/// Sends a request in its turn until it succeeds, waiting out "too many
/// calls" as the platform asks and a passing failure (5xx, timeout, broken
/// body, reset connection) with a doubling, jittered back-off, a few times
/// each before the error is the run's.
pub(crate) async fn with_retries<T, F, Fut>(pace: &Pace, options: SyncOptions, mut send: F) -> Result<T, PlatformError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, PlatformError>>,
{
    let (mut waits, mut retries) = (0, 0);
    loop {
        pace.turn().await;
        match send().await {
            Err(error) if error.is_worth_waiting_out() && waits < RATE_LIMIT_RETRIES => {
                waits += 1;
                // As long as the platform asks; a longer ban ended the run already.
                let seconds = error.wait_secs().unwrap_or(1).clamp(1, MAX_WAIT_WITHIN_RUN_SECS);
                pace.back_off(Duration::from_secs(seconds)).await;
            }
            Err(error) if error.is_worth_retrying() && retries < options.transient_retries => {
                tracing::debug!(%error, retries, "sending again after a passing failure");
                tokio::time::sleep(jittered(options.retry_base, retries)).await;
                retries += 1;
            }
            other => return other,
        }
    }
}

/// `base × 2^attempt`, between 50% and 100% of it, so clients that failed
/// together do not come back together.
fn jittered(base: Duration, attempt: u32) -> Duration {
    let full = base.saturating_mul(1 << attempt.min(10));
    let noise = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::from(d.subsec_nanos()))
        .unwrap_or(0);
    let share = 500 + noise % 501;
    full.mul_f64(share as f64 / 1000.0)
}
