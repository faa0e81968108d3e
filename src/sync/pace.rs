//! Client-side pacing: requests leave at most `per_second` a second, evenly
//! spaced, so the platform's limit is met before it has to say 429. When it
//! does say 429 anyway, everyone waits out its `Retry-After`.

use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// Slightly slower than the nominal rate: the platform counts arrivals, and
/// network jitter can bunch two evenly spaced requests into one second.
const SAFETY: f64 = 1.02;

#[derive(Debug)]
pub struct Pace {
    interval: Option<Duration>,
    next_slot: Mutex<Instant>,
}

impl Pace {
    /// `per_second = 0` means no limit.
    pub fn new(per_second: u32) -> Pace {
        let interval = (per_second > 0).then(|| Duration::from_secs_f64(SAFETY / f64::from(per_second)));
        Pace { interval, next_slot: Mutex::new(Instant::now()) }
    }

    /// Waits for this request's turn.
    pub async fn turn(&self) {
        let slot = {
            let mut next = self.next_slot.lock().await;
            let slot = (*next).max(Instant::now());
            *next = slot + self.interval.unwrap_or_default();
            slot
        };
        tokio::time::sleep_until(slot).await;
    }

    /// Holds every later request back until `wait` has passed.
    pub async fn back_off(&self, wait: Duration) {
        let mut next = self.next_slot.lock().await;
        *next = (*next).max(Instant::now() + wait);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn spaces_requests_evenly_at_the_rate() {
        let pace = Pace::new(50);
        let started = Instant::now();
        for _ in 0..50 {
            pace.turn().await;
        }
        let elapsed = started.elapsed();
        assert!(elapsed >= Duration::from_millis(980), "50 turns at 50/s span about a second, took {elapsed:?}");
        assert!(elapsed < Duration::from_millis(1010), "no turn waits more than its slot, took {elapsed:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_back_off_holds_the_next_turn() {
        let pace = Pace::new(0);
        pace.turn().await;
        pace.back_off(Duration::from_secs(3)).await;
        let started = Instant::now();
        pace.turn().await;
        assert!(started.elapsed() >= Duration::from_secs(3));
    }

    #[tokio::test(start_paused = true)]
    async fn no_limit_never_waits() {
        let pace = Pace::new(0);
        let started = Instant::now();
        for _ in 0..1000 {
            pace.turn().await;
        }
        assert_eq!(started.elapsed(), Duration::ZERO);
    }
}
