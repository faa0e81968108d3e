//! 淘宝联盟's page walk, as its documentation prescribes: page 1 without a
//! cursor, then `page_no + 1` with `jump_type=1` and the `position_index`
//! the page before returned, while `has_next`. A window with orders is
//! walked again for its 渠道 and 会员 orders (`order_scene` 2 and 3): one
//! source says only those answers name the `relation_id` or `special_id`
//! the order came through, and a row stored without it could never become
//! a partner's. A window whose rows do not
//! fit in the platform's 100 pages, or that it calls too long (2007, a
//! big promotion's 20-minute limit), is split in halves. A cursor the
//! platform refuses (1008: missing or stale) restarts the window from page
//! 1 once, then fails the run: the rows read so far are not kept, so the
//! cursor never moves over rows that were not stored.

use super::error::SyncError;
use super::fetch::{with_retries, FetchedWindow};
use super::pace::Pace;
use super::windows::{SyncOptions, Window};
use crate::model::{Clawback, OrderRow, RejectedRow, RowId};
use crate::platform::http::Answered;
use crate::platform::taobao::{
    is_refused_cursor, DetailsPage, OrderDetailsQuery, OrderScene, RefundPage, RefundQuery, TaobaoClient,
};
use crate::platform::{ErrorClass, PlatformError, Refusal};
use std::collections::{HashMap, HashSet};

/// The platform serves at most 100 pages of one query.
pub(crate) const MAX_PAGES: u32 = 100;
/// How often one window starts over from page 1 after its cursor was refused.
const CURSOR_RESTARTS: u32 = 1;

/// Every page of one window, each row once in its latest state, and the
/// 维权 after settlement updated in the same window (`order.refund.get`
/// pages the same way). The window is whole only when both lists are.
pub(crate) async fn fetch_window(
    client: &TaobaoClient,
    pace: &Pace,
    options: SyncOptions,
    window: Window,
) -> Result<FetchedWindow, SyncError> {
    let orders_of = |scene| move |part: Window| OrderDetailsQuery::updated_between(part.start, part.end, scene);
    let mut fetched = walk(client, pace, options, window, orders_of(OrderScene::All)).await?;
    // The narrower scenes hold a part of every order: none in a window
    // with no order at all.
    if !(fetched.rows.is_empty() && fetched.rejected.is_empty()) {
        for scene in OrderScene::NAMING_PEOPLE {
            fetched.absorb(walk(client, pace, options, window, orders_of(scene)).await?);
        }
    }
    fetched
        .absorb(walk(client, pace, options, window, |part| RefundQuery::updated_between(part.start, part.end)).await?);
    fetched.rows = latest_of_each(fetched.rows);
    fetched.rejected = last_of_each_rejected(fetched.rejected);
    fetched.rows = readable_in_every_scene(fetched.rows, &fetched.rejected);
    fetched.clawbacks = latest_clawbacks(fetched.clawbacks);
    Ok(fetched)
}

/// The rows no scene set aside. A row one scene could not read is set
/// aside whole though another read it: what was wrong may be the very
/// person only that scene names, and a copy stored beside the set-aside one
/// would take it off the list she sees.
fn readable_in_every_scene(rows: Vec<OrderRow>, rejected: &[RejectedRow]) -> Vec<OrderRow> {
    let unreadable: HashSet<RowId> = rejected.iter().filter_map(|r| r.row_id).collect();
    rows.into_iter().filter(|row| !unreadable.contains(&row.id)).collect()
}

/// One of the lists 淘宝联盟 pages through with a cursor: the orders, and
/// their 维权.
trait Listing: Clone + Send + Sync {
    type Page: Send;
    fn following(&self, position_index: String) -> Self;
    fn page_no(&self) -> u32;
    /// Where the walk is, for an error: the list, its window and the page.
    fn label(&self) -> String;
    fn send<'a>(
        &'a self,
        client: &'a TaobaoClient,
    ) -> impl std::future::Future<Output = Result<Answered<Self::Page>, PlatformError>> + Send + 'a;
    /// Moves the page's content into `fetched` and says where the walk goes.
    fn keep(page: Self::Page, fetched: &mut FetchedWindow) -> Paging;
}

/// What a page says of the pages after it.
struct Paging {
    has_next: bool,
    position_index: Option<String>,
    /// Nothing on it, not even a row set aside.
    empty: bool,
}

impl Listing for OrderDetailsQuery {
    type Page = DetailsPage;

    fn following(&self, position_index: String) -> Self {
        self.next(position_index)
    }

    fn page_no(&self) -> u32 {
        self.page_no
    }

    fn label(&self) -> String {
        let scene = match self.order_scene {
            OrderScene::All => "",
            OrderScene::Channel => "渠道 (channel) ",
            OrderScene::Member => "会员 (member) ",
        };
        format!("{scene}{} to {}, page {}", self.start_time, self.end_time, self.page_no)
    }

    fn send<'a>(
        &'a self,
        client: &'a TaobaoClient,
    ) -> impl std::future::Future<Output = Result<Answered<DetailsPage>, PlatformError>> + Send + 'a {
        client.order_page(self)
    }

    fn keep(page: DetailsPage, fetched: &mut FetchedWindow) -> Paging {
        let empty = page.rows.is_empty() && page.rejected.is_empty();
        fetched.rows.extend(page.rows);
        fetched.rejected.extend(page.rejected);
        Paging { has_next: page.has_next, position_index: page.position_index, empty }
    }
}

impl Listing for RefundQuery {
    type Page = RefundPage;

    fn following(&self, position_index: String) -> Self {
        self.next(position_index)
    }

    fn page_no(&self) -> u32 {
        self.page_no
    }

    fn label(&self) -> String {
        format!("维权 (refunds) {} to {}, page {}", self.start_time, self.end_time, self.page_no)
    }

    fn send<'a>(
        &'a self,
        client: &'a TaobaoClient,
    ) -> impl std::future::Future<Output = Result<Answered<RefundPage>, PlatformError>> + Send + 'a {
        client.refund_page(self)
    }

    fn keep(page: RefundPage, fetched: &mut FetchedWindow) -> Paging {
        let empty = page.refunds.is_empty() && page.rejected.is_empty();
        fetched.clawbacks.extend(page.refunds);
        fetched.rejected.extend(page.rejected);
        Paging { has_next: page.has_next, position_index: page.position_index, empty }
    }
}

/// Every page of one list in one window, split in halves where the
/// platform will not page through it whole; `first_page` asks a part of
/// the window.
async fn walk<L: Listing>(
    client: &TaobaoClient,
    pace: &Pace,
    options: SyncOptions,
    window: Window,
    first_page: impl Fn(Window) -> L,
) -> Result<FetchedWindow, SyncError> {
    let mut pending = vec![window];
    let mut fetched = FetchedWindow::empty();
    while let Some(part) = pending.pop() {
        match fetch_pages(client, pace, options, first_page(part)).await {
            Ok(Walked::Whole(part_fetched)) => fetched.absorb(part_fetched),
            Ok(Walked::PastLastPage { label }) => match part.halves() {
                Some((first, second)) => pending.extend([second, first]),
                None => {
                    return Err(SyncError::Platform {
                        window: label,
                        source: PlatformError::EndlessPages { pages: MAX_PAGES },
                    })
                }
            },
            Err(SyncError::Platform { source, window: label }) => match (source.class(), part.halves()) {
                (ErrorClass::WindowTooLarge, Some((first, second))) => pending.extend([second, first]),
                _ => return Err(SyncError::Platform { source, window: label }),
            },
            Err(other) => return Err(other),
        }
    }
    Ok(fetched)
}

enum Walked {
    Whole(FetchedWindow),
    /// Page 100 still said `has_next`: the window holds more than the platform pages through.
    PastLastPage {
        label: String,
    },
}

/// What one answered page leads to.
enum Step {
    Done(Walked),
    Next(String),
    Failed(PlatformError),
}

/// The code of the refusal a next page without a cursor is taken for.
const NO_CURSOR: &str = "position_index";

async fn fetch_pages<L: Listing>(
    client: &TaobaoClient,
    pace: &Pace,
    options: SyncOptions,
    first: L,
) -> Result<Walked, SyncError> {
    let mut fetched = FetchedWindow::empty();
    let mut query = first.clone();
    let mut restarts = 0;
    loop {
        let label = query.label();
        let step = match with_retries(pace, options, || query.send(client)).await {
            Ok(answered) => take_page::<L>(&mut fetched, answered, query.page_no(), &label),
            Err(source) => Step::Failed(source),
        };
        match step {
            Step::Done(walked) => return Ok(walked),
            Step::Next(cursor) => query = query.following(cursor),
            Step::Failed(source) if cursor_trouble(&source) && restarts < CURSOR_RESTARTS => {
                tracing::warn!(
                    page = query.page_no(),
                    "the page cursor was refused or missing; reading the window again"
                );
                restarts += 1;
                fetched = FetchedWindow::empty();
                query = first.clone();
            }
            Step::Failed(source) if cursor_trouble(&source) => {
                return Err(SyncError::Platform { window: label, source: cursor_refused_again(source) })
            }
            Step::Failed(source) => return Err(SyncError::Platform { window: label, source }),
        }
    }
}

/// Keeps a page's content and says where the walk goes next.
fn take_page<L: Listing>(fetched: &mut FetchedWindow, answered: Answered<L::Page>, page_no: u32, label: &str) -> Step {
    fetched.pages += 1;
    fetched.platform_time = fetched.platform_time.min(answered.platform_time);
    let paging = L::keep(answered.value, fetched);
    if !paging.has_next {
        return Step::Done(Walked::Whole(std::mem::replace(fetched, FetchedWindow::empty())));
    }
    // A page with nothing on it that says there is more is not followed.
    if paging.empty {
        return Step::Failed(PlatformError::EndlessPages { pages: page_no });
    }
    if page_no >= MAX_PAGES {
        return Step::Done(Walked::PastLastPage { label: label.to_owned() });
    }
    match paging.position_index {
        Some(cursor) => Step::Next(cursor),
        // The platform would refuse a next page asked without one (1008).
        None => Step::Failed(PlatformError::Refused {
            code: NO_CURSOR.to_owned(),
            message: "有下一页却没有返回位点 (a next page but no cursor)".to_owned(),
            refusal: Refusal::Other,
        }),
    }
}

/// A cursor the platform refused (1008), or none where one was needed.
fn cursor_trouble(error: &PlatformError) -> bool {
    is_refused_cursor(error) || matches!(error, PlatformError::Refused { code, .. } if code == NO_CURSOR)
}

/// The cursor failed again after the window was read from page 1: the
/// run ends, saying so plainly.
fn cursor_refused_again(source: PlatformError) -> PlatformError {
    match source {
        PlatformError::Refused { code, message, refusal } => PlatformError::Refused {
            code,
            message: format!(
                "{message}; 从第 1 页重读后位点 position_index 仍不可用 (the cursor failed again after a fresh start)"
            ),
            refusal,
        },
        other => other,
    }
}

/// Each row once, in its latest state: a row updated while the window was
/// walked can come on two pages, and every 渠道 or 会员 order comes in two
/// scenes. The copy kept names the person any copy named.
fn latest_of_each(rows: Vec<OrderRow>) -> Vec<OrderRow> {
    let mut latest: HashMap<RowId, OrderRow> = HashMap::with_capacity(rows.len());
    let mut order = Vec::with_capacity(rows.len());
    for mut row in rows {
        match latest.get_mut(&row.id) {
            Some(kept) if kept.modify_time <= row.modify_time => {
                if row.platform_person.is_none() {
                    row.platform_person = kept.platform_person.take();
                }
                *kept = row;
            }
            Some(kept) => {
                if kept.platform_person.is_none() {
                    kept.platform_person = row.platform_person;
                }
            }
            None => {
                order.push(row.id);
                latest.insert(row.id, row);
            }
        }
    }
    order.into_iter().filter_map(|id| latest.remove(&id)).collect()
}

/// Each row set aside once: a row no scene could read comes in each scene
/// it is in. The last copy is kept: the narrower scenes are walked after
/// the first, so it is the copy naming its person when one does.
fn last_of_each_rejected(rejected: Vec<RejectedRow>) -> Vec<RejectedRow> {
    let mut last: HashMap<RowId, usize> = HashMap::with_capacity(rejected.len());
    for (at, row) in rejected.iter().enumerate() {
        if let Some(id) = row.row_id {
            last.insert(id, at);
        }
    }
    rejected
        .into_iter()
        .enumerate()
        .filter(|(at, row)| row.row_id.is_none_or(|id| last.get(&id) == Some(at)))
        .map(|(_, row)| row)
        .collect()
}

/// Each 维权 once, in its latest state.
fn latest_clawbacks(clawbacks: Vec<Clawback>) -> Vec<Clawback> {
    let mut latest: HashMap<(RowId, String), Clawback> = HashMap::with_capacity(clawbacks.len());
    for clawback in clawbacks {
        match latest.get_mut(&(clawback.row, clawback.refund_key.clone())) {
            Some(kept) if kept.modify_time > clawback.modify_time => {}
            Some(kept) => *kept = clawback,
            None => {
                latest.insert((clawback.row, clawback.refund_key.clone()), clawback);
            }
        }
    }
    latest.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EpochSecs, Money, Platform, RowId};
    use crate::platform::http::Credentials;
    use crate::platform::sandbox::taobao::{RunningTaobaoSandbox, TaobaoSandbox};
    use crate::platform::sandbox::{FaultSettings, SandboxConfig, DEMO_APP_KEY, DEMO_APP_SECRET};
    use std::collections::HashSet;
    use std::net::{Ipv4Addr, SocketAddr};
    use std::sync::Arc;

    /// 2026-11-18, 20:00 in Beijing.
    const NOW: EpochSecs = 1_795_003_200;
    const HOUR: i64 = 3600;

    fn row(id: i64, modify_time: i64, fee: i64) -> OrderRow {
        let raw = format!(
            r#"{{"trade_id":"{id}","tk_status":12,"tk_create_time":"2026-11-18 10:00:00","modified_time":"2026-11-18 10:00:00","pub_share_pre_fee":"{fee}.00"}}"#
        );
        let value: Box<serde_json::value::RawValue> = serde_json::from_str(&raw).unwrap();
        let mut row = crate::platform::taobao::read_row(&value).unwrap();
        row.modify_time = modify_time;
        row
    }

    #[test]
    fn a_row_on_two_pages_is_kept_once_in_its_latest_state() {
        let rows = vec![row(1, 100, 1), row(2, 100, 2), row(1, 200, 3), row(3, 100, 4), row(2, 50, 5)];
        let kept = latest_of_each(rows);
        let seen: Vec<(RowId, Money)> = kept.iter().map(|r| (r.id, r.estimate_fee)).collect();
        assert_eq!(seen.len(), 3);
        assert_eq!(seen[0].1, Money::from_fen(300), "row 1's later state");
        assert_eq!(seen[1].1, Money::from_fen(200), "row 2's earlier answer was its later state");
        assert_eq!(seen[2].1, Money::from_fen(400));
    }

    #[test]
    fn the_copy_kept_names_the_person_any_copy_named() {
        let named = |id, modify_time, person: Option<&str>| OrderRow {
            platform_person: person.map(str::to_owned),
            ..row(id, modify_time, 1)
        };
        let rows = vec![named(1, 100, None), named(1, 100, Some("27")), named(2, 100, Some("31")), named(2, 200, None)];
        let people: Vec<Option<String>> = latest_of_each(rows).into_iter().map(|r| r.platform_person).collect();
        assert_eq!(people, [Some("27".to_owned()), Some("31".to_owned())]);
        let older_names = vec![named(3, 100, Some("41")), named(3, 50, None)];
        assert_eq!(latest_of_each(older_names)[0].platform_person.as_deref(), Some("41"));
    }

    #[test]
    fn a_row_one_scene_could_not_read_is_set_aside_whole() {
        let unreadable = RejectedRow {
            row_id: Some(row(2, 100, 1).id),
            raw: "{}".to_owned(),
            field: Some("relation_id".to_owned()),
            reason: String::new(),
        };
        let kept = readable_in_every_scene(vec![row(1, 100, 1), row(2, 100, 2)], &[unreadable]);
        assert_eq!(kept.iter().map(|r| r.id).collect::<Vec<_>>(), [row(1, 100, 1).id]);
    }

    #[test]
    fn a_row_set_aside_in_two_scenes_is_set_aside_once_as_last_read() {
        let rejected = |id: Option<i64>, raw: &str| RejectedRow {
            row_id: id.map(|id| RowId::from_platform_key(Platform::Taobao, &id.to_string())),
            raw: raw.to_owned(),
            field: None,
            reason: String::new(),
        };
        let kept = last_of_each_rejected(vec![
            rejected(Some(1), "all"),
            rejected(None, "no id"),
            rejected(Some(2), "all"),
            rejected(Some(1), "渠道"),
            rejected(None, "no id"),
        ]);
        let raws: Vec<&str> = kept.iter().map(|r| r.raw.as_str()).collect();
        assert_eq!(raws, ["no id", "all", "渠道", "no id"]);
    }

    /// A sandbox whose clock hours hold exactly `hours[h % len]` rows each
    /// (the day before `NOW` and its own), or a day of ordinary traffic.
    async fn sandbox(hours: Option<Vec<u32>>) -> RunningTaobaoSandbox {
        let mut config = SandboxConfig::new(21, NOW);
        config.rows_per_day = 3_000;
        config.history_days = 1;
        config.future_days = 0;
        config.exact_hourly_rows = hours;
        Arc::new(TaobaoSandbox::new(config)).serve(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await.unwrap()
    }

    fn client(running: &RunningTaobaoSandbox) -> TaobaoClient {
        let credentials = Credentials {
            gateway: running.gateway_url(),
            app_key: DEMO_APP_KEY.to_owned(),
            app_secret: DEMO_APP_SECRET.to_owned(),
        };
        TaobaoClient::new(credentials, std::time::Duration::from_secs(10)).unwrap()
    }

    async fn walk(running: &RunningTaobaoSandbox, window: Window) -> Result<FetchedWindow, SyncError> {
        let options = SyncOptions {
            requests_per_sec: 0,
            retry_base: std::time::Duration::from_millis(5),
            ..SyncOptions::default()
        };
        fetch_window(&client(running), &Pace::new(0), options, window).await
    }

    /// The ids of the rows the sandbox holds updated in `window` right now.
    fn expected(running: &RunningTaobaoSandbox, window: Window) -> HashSet<RowId> {
        let sandbox = &running.sandbox;
        let now = sandbox.clock.now();
        sandbox
            .dataset
            .rows
            .iter()
            .filter(|row| {
                sandbox
                    .dataset
                    .state_at(row, now)
                    .is_some_and(|s| (window.start..window.end.min(now)).contains(&s.modified_time))
            })
            .map(|row| RowId::from_platform_key(Platform::Taobao, &row.trade_id.to_string()))
            .collect()
    }

    fn ids(fetched: &FetchedWindow) -> HashSet<RowId> {
        let ids: HashSet<RowId> = fetched.rows.iter().map(|r| r.id).collect();
        assert_eq!(ids.len(), fetched.rows.len(), "each row once");
        ids
    }

    fn hour(n: i64) -> Window {
        let start = (NOW / HOUR - n) * HOUR;
        Window { start, end: start + HOUR }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn hours_at_page_boundaries_arrive_whole_and_past_page_100_the_window_is_halved() {
        const HOURS: [u32; 6] = [0, 1, 100, 101, 250, 10_001];
        let running = sandbox(Some(HOURS.to_vec())).await;
        for n in 1..=6 {
            let window = hour(n);
            let rows = HOURS[((window.start / HOUR) as usize) % HOURS.len()];
            let fetched = walk(&running, window).await.unwrap_or_else(|e| panic!("{rows} rows: {e}"));
            assert_eq!(ids(&fetched), expected(&running, window), "{rows} rows");
            assert_eq!(fetched.rows.len(), rows as usize);
            // One page of 维权 follows the orders' pages: none were updated in these hours.
            assert!(fetched.clawbacks.is_empty());
            // Every row here came through a 渠道 link: the 渠道 scene pages
            // like every order, the 会员 scene answers one empty page, and an
            // hour without orders asks neither.
            assert!(fetched.rows.iter().all(|row| row.platform_person.is_some()), "{rows} rows");
            if rows == 10_001 {
                // No walk reads past page 100: these rows came in two halves.
                assert_eq!(fetched.pages, 2 * (50 + 51) + 1 + 1, "the halves' pages");
            } else if rows == 0 {
                assert_eq!(fetched.pages, 1 + 1);
            } else {
                assert_eq!(fetched.pages, 2 * rows.div_ceil(100) + 1 + 1, "{rows} rows");
            }
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_refused_cursor_restarts_the_window_once_then_fails_the_run() {
        let running = sandbox(Some(vec![250])).await;
        let window = hour(1);
        running.sandbox.refuse_cursors(1);
        let fetched = walk(&running, window).await.expect("one fresh start reads the window");
        assert_eq!(ids(&fetched), expected(&running, window));
        assert_eq!(fetched.pages, 3 + 3 + 1 + 1, "the restart keeps none of the first try's pages");

        running.sandbox.refuse_cursors(2);
        let Err(error) = walk(&running, window).await else { panic!("a cursor refused twice ends the run") };
        let SyncError::Platform { source, window: label } = &error else { panic!("{error:?}") };
        assert!(is_refused_cursor(source), "{source}");
        assert!(source.to_string().contains("仍不可用"), "{source}");
        assert!(label.contains("page 2"), "{label}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_window_the_platform_calls_too_long_is_halved_until_it_is_accepted() {
        let running = sandbox(None).await;
        let window = hour(2);
        running.sandbox.set_big_promotion(true);
        let fetched = walk(&running, window).await.expect("20-minute pieces are accepted");
        assert_eq!(ids(&fetched), expected(&running, window));
        assert!(fetched.pages >= 4, "halved twice: {} pages", fetched.pages);
        running.sandbox.set_big_promotion(false);
        running.sandbox.set_faults(FaultSettings { max_rows_per_window: 30, ..FaultSettings::default() });
        let fetched = walk(&running, window).await.expect("over-full windows are halved too");
        assert_eq!(ids(&fetched), expected(&running, window));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn repeated_rows_come_once_and_endless_pages_are_not_followed() {
        let running = sandbox(Some(vec![250])).await;
        let window = hour(1);
        running.sandbox.set_faults(FaultSettings { repeat_share: 1.0, ..FaultSettings::default() });
        let fetched = walk(&running, window).await.expect("repeats are read once");
        assert_eq!(ids(&fetched), expected(&running, window));
        running.sandbox.set_faults(FaultSettings { endless_pages: true, ..FaultSettings::default() });
        let Err(error) = walk(&running, window).await else {
            panic!("an empty page saying there is more ends the walk")
        };
        assert!(matches!(error, SyncError::Platform { source: PlatformError::EndlessPages { .. }, .. }), "{error:?}");
    }
}
