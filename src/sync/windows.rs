//! Time windows each platform accepts (JD an hour, 淘宝联盟 three, 多多进宝
//! a day), within the last 90 days of the platform's clock.

use crate::model::{EpochSecs, Platform};

/// The longest window a platform accepts for its update-time order query:
/// a longer window means fewer calls for the same rows.
pub fn max_window_secs(platform: Platform) -> i64 {
    match platform {
        Platform::Jd => 3600,
        // 20 minutes during big promotions: the platform says so (2007) and
        // the walk halves the window.
        Platform::Taobao => 3 * 3600,
        Platform::Pdd => 86_400,
    }
}
pub const HORIZON_SECS: i64 = 90 * 86_400;
/// Kept clear of the horizon so a window planned now is still legal when
/// it is requested a few minutes later.
pub const HORIZON_MARGIN_SECS: i64 = 10 * 60;
/// The smallest window worth splitting further when one is over 10,000 rows.
pub const MIN_SPLIT_SECS: i64 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: EpochSecs,
    pub end: EpochSecs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncOptions {
    /// How far back a first run reaches; the platform serves at most 90 days.
    pub backfill_days: i64,
    /// How much before the cursor a run re-reads, because update times can
    /// land late on the platform.
    pub overlap_secs: i64,
    /// Requests a second the client sends at most (0: no limit).
    pub requests_per_sec: u32,
    /// Windows being fetched at once; they are still committed in order.
    pub windows_in_flight: usize,
    /// How long one request may take before the run counts it as failed.
    pub request_timeout: std::time::Duration,
    /// How often a request that failed in passing (a 5xx, a timeout, a
    /// broken body, a reset connection) is sent again before the run fails.
    pub transient_retries: u32,
    /// The first wait before a failed request is sent again within the run;
    /// each later wait doubles, with jitter.
    pub retry_base: std::time::Duration,
    /// Which platform clocks the run refuses to trust for the cursor.
    pub clock_check: ClockCheck,
}

/// How far the platform's clock may be from this laptop's before a run
/// refuses it. A gateway on this machine is a sandbox whose virtual clock
/// tests move by days, so by default only gateways elsewhere are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockCheck {
    OffThisMachine { max_skew_secs: i64 },
    Always { max_skew_secs: i64 },
}

impl ClockCheck {
    /// The largest skew allowed for this gateway, if any is checked.
    pub fn max_skew_secs(self, gateway: &str) -> Option<i64> {
        match self {
            ClockCheck::OffThisMachine { .. } if crate::platform::http::is_loopback(gateway) => None,
            ClockCheck::OffThisMachine { max_skew_secs } | ClockCheck::Always { max_skew_secs } => Some(max_skew_secs),
        }
    }
}

impl SyncOptions {
    /// The pace protects the platform's rate limit; a gateway on this
    /// machine is a sandbox (the demo's, a test's), which sets none.
    pub fn for_gateway(gateway: &str) -> SyncOptions {
        if crate::platform::http::is_loopback(gateway) {
            SyncOptions { requests_per_sec: 0, ..SyncOptions::default() }
        } else {
            SyncOptions::default()
        }
    }
}

impl Default for SyncOptions {
    fn default() -> SyncOptions {
        // JD does not publish its limit; 20 a second stays under what
        // partners report and still backfills 90 days in a few minutes.
        SyncOptions {
            backfill_days: 90,
            overlap_secs: 5 * 60,
            requests_per_sec: 20,
            windows_in_flight: 4,
            request_timeout: crate::platform::http::DEFAULT_TIMEOUT,
            transient_retries: 5,
            retry_base: std::time::Duration::from_millis(500),
            clock_check: ClockCheck::OffThisMachine { max_skew_secs: 86_400 },
        }
    }
}

/// The range a run reads, and the part before it that can no longer be
/// filled because it has fallen past the platform's horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncRange {
    pub start: EpochSecs,
    pub lost: Option<Window>,
    /// A stored cursor ahead of the platform's own time (left by an answer
    /// whose clock was wrong): it is not trusted, and the run reads
    /// `backfill_days` again instead.
    pub ahead: Option<EpochSecs>,
}

/// How far a cursor may be ahead of the platform's time before it is not
/// believed: answers a few seconds apart can disagree by that much.
pub const CURSOR_AHEAD_SLACK_SECS: i64 = 5 * 60;

/// Where a sync starts: a little before the cursor, or `backfill_days` back
/// on the first run, and never beyond what the platform still serves.
pub fn sync_range(cursor: Option<EpochSecs>, platform_now: EpochSecs, options: SyncOptions) -> SyncRange {
    let horizon = platform_now - HORIZON_SECS + HORIZON_MARGIN_SECS;
    let first_run = (platform_now - options.backfill_days * 86_400 + HORIZON_MARGIN_SECS).max(horizon);
    match cursor {
        None => SyncRange { start: first_run, lost: None, ahead: None },
        Some(cursor) if cursor > platform_now + CURSOR_AHEAD_SLACK_SECS => {
            SyncRange { start: first_run, lost: None, ahead: Some(cursor) }
        }
        Some(cursor) => SyncRange {
            start: (cursor - options.overlap_secs).max(horizon),
            lost: (cursor < horizon).then_some(Window { start: cursor, end: horizon }),
            ahead: None,
        },
    }
}

/// Consecutive half-open windows covering `[from, to)`, each at most
/// `length` seconds and cut at its multiples (clock hours for JD) so that
/// every run asks for the same windows.
pub fn plan(from: EpochSecs, to: EpochSecs, length: i64) -> Vec<Window> {
    let length = length.max(1);
    let mut windows = Vec::new();
    let mut start = from;
    while start < to {
        let next_cut = (start.div_euclid(length) + 1) * length;
        let end = next_cut.min(to);
        windows.push(Window { start, end });
        start = end;
    }
    windows
}

impl Window {
    pub fn halves(self) -> Option<(Window, Window)> {
        let length = self.end - self.start;
        (length > MIN_SPLIT_SECS).then(|| {
            let middle = self.start + length / 2;
            (Window { start: self.start, end: middle }, Window { start: middle, end: self.end })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_gateway_on_this_machine_goes_unpaced() {
        let pace = |gateway: &str| SyncOptions::for_gateway(gateway).requests_per_sec;
        assert_eq!(pace("http://127.0.0.1:5000/routerjson"), 0);
        assert_eq!(pace("http://[::1]:5000/routerjson"), 0);
        assert_eq!(pace("http://localhost/routerjson"), 0);
        assert_eq!(pace("https://api.jd.com/routerjson"), SyncOptions::default().requests_per_sec);
        assert_eq!(pace("https://127.0.0.1.example.com/x"), SyncOptions::default().requests_per_sec);
    }

    #[test]
    fn plans_clock_hour_windows_that_cover_the_range_exactly() {
        let windows = plan(1000, 2 * 3600 + 5, max_window_secs(Platform::Jd));
        assert_eq!(windows.len(), 3);
        assert_eq!(windows[0], Window { start: 1000, end: 3600 });
        assert_eq!(windows[1], Window { start: 3600, end: 7200 });
        assert_eq!(windows[2], Window { start: 7200, end: 7205 });
        assert!(windows.windows(2).all(|w| w[0].end == w[1].start));
        assert!(plan(50, 50, 3600).is_empty());
    }

    #[test]
    fn each_platform_gets_windows_as_long_as_it_accepts() {
        let ninety_days = (0, 90 * 86_400);
        let count = |p| plan(ninety_days.0, ninety_days.1, max_window_secs(p)).len();
        assert_eq!((count(Platform::Jd), count(Platform::Taobao), count(Platform::Pdd)), (2160, 720, 90));
        for platform in Platform::ALL {
            let windows = plan(1234, 5 * 86_400 + 7, max_window_secs(platform));
            assert!(windows.iter().all(|w| w.end - w.start <= max_window_secs(platform)), "{platform}");
            assert_eq!((windows[0].start, windows[windows.len() - 1].end), (1234, 5 * 86_400 + 7));
        }
    }

    #[test]
    fn first_sync_goes_back_ninety_days_and_later_ones_overlap_the_cursor() {
        let now = 100 * 86_400;
        let horizon = now - HORIZON_SECS + HORIZON_MARGIN_SECS;
        let options = SyncOptions::default();
        assert_eq!(sync_range(None, now, options), SyncRange { start: horizon, lost: None, ahead: None });
        assert_eq!(sync_range(Some(now - 60), now, options).start, now - 60 - options.overlap_secs);
        let two_days = SyncOptions { backfill_days: 2, ..options };
        assert_eq!(sync_range(None, now, two_days).start, now - 2 * 86_400 + HORIZON_MARGIN_SECS);
    }

    #[test]
    fn a_cursor_past_the_horizon_reports_what_can_no_longer_be_filled() {
        let now = 100 * 86_400;
        let horizon = now - HORIZON_SECS + HORIZON_MARGIN_SECS;
        let range = sync_range(Some(1000), now, SyncOptions::default());
        assert_eq!(range.start, horizon);
        assert_eq!(range.lost, Some(Window { start: 1000, end: horizon }));
    }

    #[test]
    fn a_cursor_ahead_of_the_platform_is_not_believed() {
        let now = 100 * 86_400;
        let options = SyncOptions { backfill_days: 3, ..SyncOptions::default() };
        let range = sync_range(Some(now + 30 * 86_400), now, options);
        assert_eq!(range.ahead, Some(now + 30 * 86_400));
        assert_eq!(range.start, now - 3 * 86_400 + HORIZON_MARGIN_SECS);
        assert_eq!(sync_range(Some(now + 60), now, options).ahead, None, "a minute is answers disagreeing");
    }

    #[test]
    fn halves_split_until_one_second() {
        let (a, b) = Window { start: 0, end: 3600 }.halves().unwrap();
        assert_eq!((a.end, b.start, b.end), (1800, 1800, 3600));
        assert!(Window { start: 0, end: 1 }.halves().is_none());
    }
}
