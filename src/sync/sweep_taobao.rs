//! 淘宝联盟's punished orders are not listed by update time like its orders
//! and 维权, but by the order's creation time, in spans of at most 30 days
//! and with no cursor: each run reads the platform's last 90 days once,
//! after its windows, page by page to the count the platform gives. What
//! it reads is the newest word on each trade; nothing moves the cursor.

use super::error::SyncError;
use super::fetch::{with_retries, FetchedWindow};
use super::pace::Pace;
use super::walk_taobao::MAX_PAGES;
use super::windows::SyncOptions;
use crate::model::EpochSecs;
use crate::platform::taobao::{PunishQuery, TaobaoClient};
use crate::platform::PlatformError;

const DAY: i64 = 86_400;
/// The longest span the platform accepts.
pub(crate) const SPAN_DAYS: u32 = 30;
/// Three spans: the 90 days the platform serves.
const SPANS: i64 = 3;
/// The first span starts an hour inside the platform's 90 days, so a
/// clock a little behind the platform's is not refused as too old.
const MARGIN_SECS: i64 = 3_600;

pub(crate) async fn fetch_punishments(
    client: &TaobaoClient,
    pace: &Pace,
    options: SyncOptions,
    platform_now: EpochSecs,
) -> Result<FetchedWindow, SyncError> {
    let span_secs = i64::from(SPAN_DAYS) * DAY;
    let first = platform_now - SPANS * span_secs + MARGIN_SECS;
    let mut fetched = FetchedWindow::empty();
    for span in 0..SPANS {
        let mut query = PunishQuery::created_from(first + span * span_secs, SPAN_DAYS);
        loop {
            let label = format!("处罚订单 (punished orders) from {}, page {}", query.start_time, query.page_no);
            let answered = with_retries(pace, options, || client.punish_page(&query))
                .await
                .map_err(|source| SyncError::Platform { window: label.clone(), source })?;
            fetched.pages += 1;
            fetched.platform_time = fetched.platform_time.min(answered.platform_time);
            let page = answered.value;
            let read = page.punishments.len() + page.rejected.len();
            fetched.punishments.extend(page.punishments);
            fetched.rejected.extend(page.rejected);
            let listed = u64::from(query.page_no) * u64::from(query.page_size);
            if read == 0 || listed >= page.total_count {
                break;
            }
            if query.page_no >= MAX_PAGES {
                return Err(SyncError::Platform {
                    window: label,
                    source: PlatformError::EndlessPages { pages: MAX_PAGES },
                });
            }
            query = query.next();
        }
    }
    Ok(fetched)
}
