//! JD Union's page walk: `pageIndex` forwards while `hasMore`, a window over
//! the platform's 10,000-row cap split in halves until each half fits.

use super::error::SyncError;
use super::fetch::{with_retries, FetchedWindow};
use super::pace::Pace;
use super::windows::{SyncOptions, Window};
use crate::platform::http::Answered;
use crate::platform::jd::{JdClient, OrderPage, OrderQuery};
use crate::platform::{ErrorClass, PlatformError};

const PAGE_SIZE: u32 = 500;
/// Pages one window may take: 10,000 rows (the platform's cap) fill 20.
/// A gateway that keeps saying `hasMore` past this is not followed.
const MAX_PAGES_PER_WINDOW: u32 = 25;

/// Every page of one window; a window over the platform's 10,000-row cap is
/// split in halves until each half fits.
pub(crate) async fn fetch_window(
    client: &JdClient,
    pace: &Pace,
    options: SyncOptions,
    window: Window,
) -> Result<FetchedWindow, SyncError> {
    let mut pending = vec![window];
    let mut fetched = FetchedWindow::empty();
    while let Some(part) = pending.pop() {
        match fetch_pages(client, pace, options, part).await {
            Ok(part_fetched) => fetched.absorb(part_fetched),
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

async fn fetch_pages(
    client: &JdClient,
    pace: &Pace,
    options: SyncOptions,
    window: Window,
) -> Result<FetchedWindow, SyncError> {
    let mut fetched = FetchedWindow::empty();
    let mut page_index = 1;
    loop {
        let query = OrderQuery::updated_between(window.start, window.end, page_index, PAGE_SIZE);
        if page_index > MAX_PAGES_PER_WINDOW {
            return Err(SyncError::Platform {
                window: format!("{} to {}", query.start_time, query.end_time),
                source: PlatformError::EndlessPages { pages: MAX_PAGES_PER_WINDOW },
            });
        }
        let answered = fetch_page(client, pace, options, &query).await.map_err(|source| SyncError::Platform {
            window: format!("{} to {}, page {page_index}", query.start_time, query.end_time),
            source,
        })?;
        fetched.pages += 1;
        fetched.platform_time = fetched.platform_time.min(answered.platform_time);
        fetched.rows.extend(answered.value.rows);
        fetched.rejected.extend(answered.value.rejected);
        if !answered.value.has_more {
            return Ok(fetched);
        }
        page_index += 1;
    }
}

/// One page in its turn, sent again after a passing failure.
async fn fetch_page(
    client: &JdClient,
    pace: &Pace,
    options: SyncOptions,
    query: &OrderQuery,
) -> Result<Answered<OrderPage>, PlatformError> {
    with_retries(pace, options, || client.order_rows(query)).await
}
