//! 多多进宝's page walk over one update-time window, as its documentation
//! prescribes (`../shared/PLATFORMS.md` A1): page 1 with `total_count`,
//! then the last page back to the first (倒序分页). The platform answers
//! the most recently updated rows first, so a row updated during the walk
//! leaves its place and the rows behind it move one place forward: walking
//! backwards, a row moves only onto a page still to come, never onto one
//! already read. Rows arriving twice are kept once, in their latest state.

use super::error::SyncError;
use super::fetch::{with_retries, FetchedWindow};
use super::pace::Pace;
use super::windows::{SyncOptions, Window};
use crate::model::{format_platform, EpochSecs, OrderRow, RejectedRow, RowId};
use crate::platform::pdd::{OrderListQuery, PddClient, PddPage, PddSubsidy};
use crate::platform::{ErrorClass, PlatformError};
use std::collections::HashMap;

const PAGE_SIZE: u32 = 100;
/// Pages one window may take: a window counting more rows than fill them
/// is split, as JD's over its 10,000-row cap.
const MAX_PAGES: u32 = 100;
const MAX_ROWS_PER_WINDOW: u64 = PAGE_SIZE as u64 * MAX_PAGES as u64;
/// Walks of one window: another is needed only when rows entered the
/// window or moved to its front while it was walked (a window reaching the
/// platform's "now"); after that many the platform's count is not believed.
const MAX_WALKS: u32 = 3;

/// Every row of one window, its subsidy fields beside, split in halves
/// while a part counts more rows than [`MAX_PAGES`] pages hold.
pub(crate) async fn fetch_window(
    client: &PddClient,
    pace: &Pace,
    options: SyncOptions,
    window: Window,
) -> Result<FetchedWindow, SyncError> {
    let mut pending = vec![window];
    let mut fetched = FetchedWindow::empty();
    while let Some(part) = pending.pop() {
        match walk(client, pace, options, part).await {
            Ok(Walked::Whole(seen)) => fetched.absorb(seen.into_fetched()),
            Ok(Walked::TooMany { pages }) => match part.halves() {
                Some((first, second)) => {
                    fetched.pages += pages;
                    pending.push(second);
                    pending.push(first);
                }
                None => return Err(platform_error(part, None, PlatformError::EndlessPages { pages: MAX_PAGES })),
            },
            Err(SyncError::Platform { source, window: label }) => match (source.class(), part.halves()) {
                (ErrorClass::WindowTooLarge, Some((first, second))) => {
                    pending.push(second);
                    pending.push(first);
                }
                _ => return Err(SyncError::Platform { source, window: label }),
            },
            Err(other) => return Err(other),
        }
    }
    Ok(fetched)
}

enum Walked {
    Whole(Seen),
    /// The platform counts more rows than the walk may read: split.
    TooMany {
        pages: u32,
    },
}

/// One window's walk: the count, then the pages from the last to the
/// first; again if the rows read fall short of the count given at the end.
async fn walk(client: &PddClient, pace: &Pace, options: SyncOptions, window: Window) -> Result<Walked, SyncError> {
    let mut seen = Seen::default();
    let mut total = counted(window, seen.add(page(client, pace, options, window, 1, true).await?))?;
    for _ in 0..MAX_WALKS {
        if total > MAX_ROWS_PER_WINDOW {
            return Ok(Walked::TooMany { pages: seen.pages });
        }
        let last = total.div_ceil(u64::from(PAGE_SIZE)).max(1) as u32;
        if last == 1 && seen.pages == 1 && seen.distinct() >= total {
            return Ok(Walked::Whole(seen));
        }
        for number in (2..=last).rev() {
            seen.add(page(client, pace, options, window, number, false).await?);
        }
        // Page 1 again: rows behind it moved forward onto it during the walk.
        total = counted(window, seen.add(page(client, pace, options, window, 1, true).await?))?;
        if seen.distinct() >= total {
            return Ok(Walked::Whole(seen));
        }
    }
    Err(platform_error(window, None, PlatformError::EndlessPages { pages: seen.pages }))
}

async fn page(
    client: &PddClient,
    pace: &Pace,
    options: SyncOptions,
    window: Window,
    number: u32,
    return_count: bool,
) -> Result<(PddPage, EpochSecs), SyncError> {
    let query = OrderListQuery {
        start_update_time: window.start,
        end_update_time: window.end,
        page: number,
        page_size: PAGE_SIZE,
        return_count,
    };
    let answered = with_retries(pace, options, || client.order_page(&query))
        .await
        .map_err(|source| platform_error(window, Some(number), source))?;
    Ok((answered.value, answered.platform_time))
}

/// The count page 1 was asked to carry; an answer without it cannot be walked.
fn counted(window: Window, total_count: Option<u64>) -> Result<u64, SyncError> {
    let missing = || PlatformError::Malformed("响应缺少 total_count".to_owned());
    total_count.ok_or_else(|| platform_error(window, Some(1), missing()))
}

fn platform_error(window: Window, page: Option<u32>, source: PlatformError) -> SyncError {
    let span = format!("{} to {}", format_platform(window.start), format_platform(window.end));
    let window = match page {
        Some(page) => format!("{span}, page {page}"),
        None => span,
    };
    SyncError::Platform { window, source }
}

/// What a walk has read so far, each row once in its latest state.
#[derive(Default)]
struct Seen {
    rows: HashMap<RowId, (OrderRow, PddSubsidy)>,
    rejected: Vec<RejectedRow>,
    pages: u32,
    platform_time: Option<EpochSecs>,
}

impl Seen {
    /// Takes a page in; answers the count it carried.
    fn add(&mut self, (page, platform_time): (PddPage, EpochSecs)) -> Option<u64> {
        self.pages += 1;
        self.platform_time = Some(self.platform_time.map_or(platform_time, |t| t.min(platform_time)));
        let mut subsidies: HashMap<RowId, PddSubsidy> = page.subsidies.into_iter().collect();
        for row in page.page.rows {
            let subsidy = subsidies.remove(&row.id).unwrap_or_default();
            match self.rows.get(&row.id) {
                Some((kept, _)) if kept.modify_time > row.modify_time => {}
                _ => {
                    self.rows.insert(row.id, (row, subsidy));
                }
            }
        }
        for rejected in page.page.rejected {
            if !self.rejected.iter().any(|r| r.row_id == rejected.row_id && r.raw == rejected.raw) {
                self.rejected.push(rejected);
            }
        }
        page.total_count
    }

    /// Rows read, set-aside ones included: they are rows of the window too.
    fn distinct(&self) -> u64 {
        (self.rows.len() + self.rejected.len()) as u64
    }

    fn into_fetched(self) -> FetchedWindow {
        let mut rows: Vec<(OrderRow, PddSubsidy)> = self.rows.into_values().collect();
        // The same order every time, whatever order the pages came in.
        rows.sort_unstable_by_key(|(row, _)| (row.modify_time, row.id));
        let mut subsidies = Vec::with_capacity(rows.len());
        let rows = rows
            .into_iter()
            .map(|(row, subsidy)| {
                subsidies.push((row.id, subsidy));
                row
            })
            .collect();
        FetchedWindow {
            rows,
            rejected: self.rejected,
            pages: self.pages,
            platform_time: self.platform_time.unwrap_or(EpochSecs::MAX),
            subsidies,
            clawbacks: Vec::new(),
            punishments: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::http::Credentials;
    use crate::platform::sandbox::pdd::{PddSandbox, RunningPddSandbox};
    use crate::platform::sandbox::{FaultSettings, SandboxConfig, DEMO_APP_KEY, DEMO_APP_SECRET};
    use std::collections::HashSet;
    use std::sync::Arc;
    use std::time::Duration;

    const NOW: EpochSecs = 1_795_003_200;

    async fn serve(config: SandboxConfig) -> (RunningPddSandbox, PddClient) {
        let running = Arc::new(PddSandbox::new(config))
            .serve(std::net::SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("sandbox serves");
        let credentials = Credentials {
            gateway: running.gateway_url(),
            app_key: DEMO_APP_KEY.to_owned(),
            app_secret: DEMO_APP_SECRET.to_owned(),
        };
        let client = PddClient::new(credentials, Duration::from_secs(10)).expect("client builds");
        (running, client)
    }

    fn options() -> SyncOptions {
        SyncOptions { requests_per_sec: 0, retry_base: Duration::from_millis(5), ..SyncOptions::default() }
    }

    async fn fetch(client: &PddClient, start: EpochSecs, end: EpochSecs) -> Result<FetchedWindow, SyncError> {
        fetch_window(client, &Pace::new(0), options(), Window { start, end }).await
    }

    /// The order numbers the sandbox holds in `[start, end)` at its clock's now.
    fn in_window(running: &RunningPddSandbox, start: EpochSecs, end: EpochSecs) -> HashSet<String> {
        let sandbox = &running.sandbox;
        let rows = sandbox.dataset.rows_in_window(start, end, sandbox.clock.now());
        rows.into_iter().map(|i| sandbox.dataset.rows[i as usize].order_sn.clone()).collect()
    }

    fn keys(fetched: &FetchedWindow) -> Vec<String> {
        fetched.rows.iter().filter_map(|row| row.platform_key.clone()).collect()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn hours_at_page_boundaries_arrive_whole_and_an_hour_past_the_bound_is_split() {
        const HOURS: [u32; 8] = [0, 1, 99, 100, 101, 250, 10_001, 0];
        let mut config = SandboxConfig::new(3, NOW);
        (config.history_days, config.future_days) = (1, 0);
        config.exact_hourly_rows = Some(HOURS.to_vec());
        let (running, client) = serve(config).await;
        let first_hour = (NOW - 86_400) / 3_600 * 3_600;
        for hour in first_hour / 3_600..first_hour / 3_600 + 8 {
            let (start, end) = (hour * 3_600, hour * 3_600 + 3_600);
            let expected = HOURS[(hour as usize) % HOURS.len()] as usize;
            let fetched = fetch(&client, start, end).await.expect("the hour is fetched");
            let got = keys(&fetched);
            assert_eq!(got.len(), expected, "hour {hour}");
            assert_eq!(got.iter().collect::<HashSet<_>>().len(), expected, "each row once");
            assert_eq!(got.into_iter().collect::<HashSet<_>>(), in_window(&running, start, end));
            if expected > 10_000 {
                assert!(fetched.pages > 102, "split in parts of at most 100 pages: {}", fetched.pages);
            } else if expected <= 100 {
                assert_eq!(fetched.pages, 1, "one page tells the count and holds every row");
            } else {
                let pages = expected.div_ceil(100) as u32;
                assert_eq!(fetched.pages, pages + 1, "page 1 twice, the rest once");
            }
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn rows_updated_while_the_window_is_walked_are_all_seen_in_their_latest_state() {
        let mut config = SandboxConfig::new(5, NOW);
        config.rows_per_day = 12_000;
        config.history_days = 1;
        let (running, client) = serve(config).await;
        // Ten seconds pass between pages (well within the client's trust in
        // the platform's clock): some of the hour's rows group (成团) and leave it.
        running.sandbox.step_clock_per_page(10);
        let (start, end) = (NOW - 3_600, NOW);
        let before = in_window(&running, start, end);
        assert!(before.len() > 300, "several pages: {}", before.len());
        let fetched = fetch(&client, start, end).await.expect("the window is fetched");
        let after = in_window(&running, start, end);
        assert!(after.len() < before.len(), "rows left the window during the walk");
        let seen: HashSet<String> = keys(&fetched).into_iter().collect();
        let missed: Vec<&String> = after.difference(&seen).collect();
        assert!(missed.is_empty(), "missed {missed:?}");
        assert_eq!(seen.len(), fetched.rows.len(), "each row once");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_row_repeated_on_the_next_page_is_kept_once() {
        let mut config = SandboxConfig::new(9, NOW);
        config.rows_per_day = 12_000;
        config.history_days = 1;
        let (running, client) = serve(config).await;
        running.sandbox.set_faults(FaultSettings { repeat_share: 0.5, ..FaultSettings::default() });
        let (start, end) = (NOW - 3_600, NOW);
        let fetched = fetch(&client, start, end).await.expect("the window is fetched");
        let got = keys(&fetched);
        assert_eq!(got.len(), got.iter().collect::<HashSet<_>>().len());
        assert_eq!(got.into_iter().collect::<HashSet<_>>(), in_window(&running, start, end));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_count_the_pages_never_reach_fails_the_window() {
        let mut config = SandboxConfig::new(11, NOW);
        config.history_days = 1;
        let (running, client) = serve(config).await;
        running.sandbox.set_faults(FaultSettings { endless_pages: true, ..FaultSettings::default() });
        let error = fetch(&client, NOW - 3_600, NOW).await.err().expect("the count is not believed");
        assert!(matches!(error, SyncError::Platform { source: PlatformError::EndlessPages { .. }, .. }), "{error}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_refusal_names_the_window_and_the_page() {
        let config = SandboxConfig::new(13, NOW);
        let (_running, client) = serve(config).await;
        let too_old = NOW - 91 * 86_400;
        let error = fetch(&client, too_old, too_old + 3_600).await.err().expect("refused");
        let SyncError::Platform { source: PlatformError::Refused { code, .. }, window } = &error else {
            panic!("{error}")
        };
        assert_eq!(code, "21001");
        assert!(window.ends_with("page 1"), "{window}");
        assert_eq!(error.class(), Some(ErrorClass::Rejected));
    }
}
