//! Time windows the platform accepts: at most one hour, within the last 90
//! days of the platform's clock.

use crate::model::EpochSecs;

pub const MAX_WINDOW_SECS: i64 = 3600;
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

/// Where a sync starts: the cursor, or 90 days back on the first run, and
/// never beyond what the platform still serves.
pub fn sync_start(cursor: Option<EpochSecs>, platform_now: EpochSecs) -> EpochSecs {
    let earliest = platform_now - HORIZON_SECS + HORIZON_MARGIN_SECS;
    cursor.map_or(earliest, |c| c.max(earliest))
}

/// Consecutive half-open windows covering `[from, to)`.
pub fn plan(from: EpochSecs, to: EpochSecs) -> Vec<Window> {
    let mut windows = Vec::new();
    let mut start = from;
    while start < to {
        let end = (start + MAX_WINDOW_SECS).min(to);
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
    fn plans_hour_windows_that_cover_the_range_exactly() {
        let windows = plan(1000, 1000 + 2 * 3600 + 5);
        assert_eq!(windows.len(), 3);
        assert_eq!(windows[0], Window { start: 1000, end: 4600 });
        assert_eq!(windows[2], Window { start: 8200, end: 8205 });
        assert!(windows.windows(2).all(|w| w[0].end == w[1].start));
        assert!(plan(50, 50).is_empty());
    }

    #[test]
    fn first_sync_goes_back_ninety_days_but_not_past_the_horizon() {
        let now = 100 * 86_400;
        assert_eq!(sync_start(None, now), now - HORIZON_SECS + HORIZON_MARGIN_SECS);
        assert_eq!(sync_start(Some(now - 60), now), now - 60);
        assert_eq!(sync_start(Some(0), now), now - HORIZON_SECS + HORIZON_MARGIN_SECS);
    }

    #[test]
    fn halves_split_until_one_second() {
        let (a, b) = Window { start: 0, end: 3600 }.halves().unwrap();
        assert_eq!((a.end, b.start, b.end), (1800, 1800, 3600));
        assert!(Window { start: 0, end: 1 }.halves().is_none());
    }
}
