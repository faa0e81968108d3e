//! 多多进宝 over real HTTP: the client against its sandbox on loopback,
//! then whole syncs into a real store that must equal the sandbox's summary.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tuanzhang::model::{Platform, RowId};
use tuanzhang::platform::http::Credentials;
use tuanzhang::platform::pdd::sign::sign;
use tuanzhang::platform::pdd::{OrderListQuery, PddClient, ORDER_LIST_INCREMENT};
use tuanzhang::platform::sandbox::pdd::{PddSandbox, RunningPddSandbox};
use tuanzhang::platform::sandbox::{FaultSettings, SandboxConfig, Summary, DEMO_APP_KEY, DEMO_APP_SECRET};
use tuanzhang::platform::{ErrorClass, PlatformClient, PlatformError, Refusal};
use tuanzhang::store::secrets::MemorySecrets;
use tuanzhang::store::stats::{stats, Stats};
use tuanzhang::store::Store;
use tuanzhang::sync::{sync_account, SyncError, SyncOptions, SyncReport};

/// Wednesday 2026-11-18, 20:00 in Beijing, as every engine test.
const NOW: i64 = 1_795_003_200;

async fn sandbox(config: SandboxConfig) -> RunningPddSandbox {
    Arc::new(PddSandbox::new(config)).serve(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await.expect("serves")
}

fn client(running: &RunningPddSandbox, client_id: &str, secret: &str) -> PddClient {
    let credentials =
        Credentials { gateway: running.gateway_url(), app_key: client_id.to_owned(), app_secret: secret.to_owned() };
    PddClient::new(credentials, Duration::from_secs(10)).expect("client builds")
}

fn last_hour(page: u32) -> OrderListQuery {
    OrderListQuery { start_update_time: NOW - 3_600, end_update_time: NOW, page, page_size: 100, return_count: true }
}

fn refusal(result: Result<impl Sized, PlatformError>) -> (String, Refusal) {
    match result {
        Err(PlatformError::Refused { code, refusal, .. }) => (code, refusal),
        Err(other) => panic!("not a refusal: {other}"),
        Ok(_) => panic!("answered"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_reads_whole_and_wrong_keys_are_refused_as_the_window_words_them() {
    let running = sandbox(SandboxConfig::new(21, NOW)).await;
    let answered = client(&running, DEMO_APP_KEY, DEMO_APP_SECRET).order_page(&last_hour(1)).await.expect("a page");
    let page = answered.value;
    assert_eq!(answered.platform_time, NOW, "the platform's clock, from its Date");
    let total = page.total_count.expect("asked for the count") as usize;
    assert!(total > 0 && page.page.rows.len() == total.min(100), "{total}");
    assert!(page.page.rejected.is_empty(), "{:?}", page.page.rejected);
    assert!(page.page.rows.iter().all(|row| row.platform == Platform::Pdd));

    let bad_secret = refusal(client(&running, DEMO_APP_KEY, "not-the-secret").order_page(&last_hour(1)).await);
    assert_eq!(bad_secret, ("20004".to_owned(), Refusal::Signature));
    let stranger = refusal(client(&running, "someone-else", DEMO_APP_SECRET).order_page(&last_hour(1)).await);
    assert_eq!(stranger, ("10016".to_owned(), Refusal::AppKey));
    let error = PlatformError::Refused { code: "20004".into(), message: String::new(), refusal: Refusal::Signature };
    assert_eq!(error.class(), ErrorClass::Credentials);
    let too_old = OrderListQuery {
        start_update_time: NOW - 91 * 86_400,
        end_update_time: NOW - 91 * 86_400 + 60,
        ..last_hour(1)
    };
    let old = refusal(client(&running, DEMO_APP_KEY, DEMO_APP_SECRET).order_page(&too_old).await);
    assert_eq!(old, ("21001".to_owned(), Refusal::Other));
}

/// The laptop's clock is three days off: the client signs with the
/// platform's time, learned before its first call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_laptop_with_a_wrong_clock_still_signs_with_the_platforms_time() {
    let running = sandbox(SandboxConfig::new(22, NOW - 3 * 86_400)).await;
    let query = OrderListQuery {
        start_update_time: NOW - 3 * 86_400 - 3_600,
        end_update_time: NOW - 3 * 86_400,
        ..last_hour(1)
    };
    let answered = client(&running, DEMO_APP_KEY, DEMO_APP_SECRET).order_page(&query).await.expect("a page");
    assert!(answered.value.total_count.is_some());
}

async fn post(running: &RunningPddSandbox, content_type: &str, body: String) -> serde_json::Value {
    let response = reqwest::Client::new()
        .post(running.gateway_url())
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("answers");
    serde_json::from_str(&response.text().await.expect("a body")).expect("JSON")
}

/// Page 1 of the order list updated in `[start, end]`, as the demo's
/// client signs it, with `extra` parameters.
fn signed_list_call(start: i64, end: i64, page_size: u32, extra: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut params: BTreeMap<String, String> = [
        ("type", ORDER_LIST_INCREMENT.to_owned()),
        ("client_id", DEMO_APP_KEY.to_owned()),
        ("timestamp", NOW.to_string()),
        ("start_update_time", start.to_string()),
        ("end_update_time", end.to_string()),
        ("page", "1".to_owned()),
        ("page_size", page_size.to_string()),
    ]
    .into_iter()
    .chain(extra.iter().map(|(k, v)| (*k, (*v).to_owned())))
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let signature = sign(DEMO_APP_SECRET, &params);
    params.insert("sign".to_owned(), signature);
    params
}

/// The official example sends JSON with numbers where the signature reads
/// their text; SDKs send forms. Both are the same call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gateway_takes_a_json_body_and_a_form_body_alike() {
    let running = sandbox(SandboxConfig::new(23, NOW)).await;
    let params = signed_list_call(NOW - 3_600, NOW, 20, &[("return_count", "true")]);
    let form = post(&running, "application/x-www-form-urlencoded", serde_urlencoded::to_string(&params).unwrap()).await;
    let json = serde_json::json!({
        "type": ORDER_LIST_INCREMENT,
        "client_id": DEMO_APP_KEY,
        "timestamp": NOW,
        "start_update_time": NOW - 3_600,
        "end_update_time": NOW,
        "page": 1,
        "page_size": 20,
        "return_count": true,
        "sign": params["sign"],
    });
    let json = post(&running, "application/json", json.to_string()).await;
    let response = &form["order_list_get_response"];
    assert!(response["total_count"].as_u64().is_some_and(|n| n > 0), "{form}");
    assert_eq!(response["order_list"].as_array().map(Vec::len), Some(20));
    assert_eq!(form["order_list_get_response"]["total_count"], json["order_list_get_response"]["total_count"]);
    assert_eq!(form["order_list_get_response"]["order_list"], json["order_list_get_response"]["order_list"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_summary_counts_what_a_client_reads() {
    let mut config = SandboxConfig::new(24, NOW);
    (config.history_days, config.future_days) = (1, 0);
    let running = sandbox(config).await;
    let client = client(&running, DEMO_APP_KEY, DEMO_APP_SECRET);
    let (mut rows, mut estimate, mut actual) = (Vec::new(), 0, 0);
    for hour in 0..48 {
        let end = NOW - hour * 3_600;
        let mut page = 1;
        loop {
            let query = OrderListQuery { start_update_time: end - 3_600, end_update_time: end, page, ..last_hour(1) };
            let answered = client.order_page(&query).await.expect("a page");
            let count = answered.value.total_count.unwrap_or(0);
            for row in answered.value.page.rows {
                estimate += row.estimate_fee.fen();
                actual += row.actual_fee.fen();
                rows.push(row.id);
            }
            if u64::from(page) * 100 >= count {
                break;
            }
            page += 1;
        }
    }
    let summary = running.sandbox.summary();
    assert_eq!(rows.len() as u64, summary.rows);
    assert_eq!((estimate, actual), (summary.estimate_fee_fen, summary.actual_fee_fen));
    assert!(rows.iter().all(|id| id.0 < 0));
    let one = rows[0];
    let known: Vec<RowId> = running.sandbox.row_ids().collect();
    assert!(known.contains(&one));
}

/// A store with a 多多进宝 account on a sandbox of its own.
struct PddWorld {
    running: RunningPddSandbox,
    store: Store,
    account: tuanzhang::account::Account,
    _dir: tempfile::TempDir,
}

impl PddWorld {
    async fn new(config: SandboxConfig) -> PddWorld {
        let running = sandbox(config).await;
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path(), &common::key(dir.path())).await.expect("store opens");
        let secrets = MemorySecrets::default();
        let gateway = running.gateway_url();
        let account = tuanzhang::account::set(
            store.pool(),
            &secrets,
            Platform::Pdd,
            &gateway,
            DEMO_APP_KEY,
            DEMO_APP_SECRET,
            false,
        )
        .await
        .expect("account is set");
        PddWorld { running, store, account, _dir: dir }
    }

    fn options() -> SyncOptions {
        SyncOptions { requests_per_sec: 0, retry_base: Duration::from_millis(5), ..SyncOptions::default() }
    }

    async fn sync_using(&self, secret: &str, options: SyncOptions) -> Result<SyncReport, SyncError> {
        let client = PlatformClient::Pdd(client(&self.running, DEMO_APP_KEY, secret));
        sync_account(&self.store, &self.account, &client, options, |_| {}).await
    }

    async fn sync(&self) -> Result<SyncReport, SyncError> {
        self.sync_using(DEMO_APP_SECRET, PddWorld::options()).await
    }

    async fn stats(&self) -> Stats {
        stats(self.store.pool()).await.expect("stats")
    }

    async fn count(&self, sql: &str) -> i64 {
        common::count(&self.store, sql).await
    }

    async fn set_aside(&self) -> HashSet<i64> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT row_id FROM rejected_rows WHERE row_id IS NOT NULL")
            .fetch_all(self.store.pool())
            .await
            .expect("set-aside rows");
        ids.into_iter().collect()
    }

    async fn admin(&self, path: &str, body: Option<String>) {
        let url = format!("{}/admin/{path}", self.running.base_url());
        let request = reqwest::Client::new().post(url).header("content-type", "application/json");
        let response = request.body(body.unwrap_or_default()).send().await.expect("admin answers");
        assert!(response.status().is_success(), "{path}: {}", response.status());
    }

    async fn advance_minutes(&self, minutes: i64) {
        self.admin(&format!("clock/advance?minutes={minutes}"), None).await;
    }

    async fn set_faults(&self, faults: FaultSettings) {
        self.admin("faults", Some(serde_json::to_string(&faults).expect("faults serialize"))).await;
    }

    /// The summary as a client sees it: over HTTP.
    async fn summary(&self) -> Summary {
        let body = reqwest::get(format!("{}/admin/summary", self.running.base_url()))
            .await
            .expect("summary answers")
            .text()
            .await
            .expect("summary body");
        serde_json::from_str(&body).expect("summary is JSON")
    }
}

/// The store's totals mean what the platform's do.
fn assert_same(stats: &Stats, summary: &Summary) {
    assert_eq!(stats.rows, summary.rows, "rows");
    assert_eq!(stats.orders, summary.orders, "orders");
    assert_eq!(stats.estimate_fee_fen, summary.estimate_fee_fen, "estimated fee");
    assert_eq!(stats.actual_fee_fen, summary.actual_fee_fen, "actual fee");
    assert_eq!(stats.rows_by_valid_code, summary.rows_by_valid_code, "rows by valid code");
}

fn busy(seed: u64, rows_per_day: u32) -> SandboxConfig {
    let mut config = SandboxConfig::new(seed, NOW);
    config.rows_per_day = rows_per_day;
    config
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_sync_equals_the_platform_and_a_second_changes_nothing() {
    let world = PddWorld::new(busy(31, 150)).await;
    let report = world.sync().await.expect("first sync succeeds");
    assert!(report.progress.rows_written > 5_000, "{:?}", report.progress);
    assert_eq!(report.progress.rows_rejected, 0);
    assert_same(&world.stats().await, &world.summary().await);
    assert_eq!(world.count("SELECT COUNT(*) FROM order_rows WHERE platform <> 'pdd'").await, 0);
    // Unknown and legacy statuses are stored, with the platform's own code beside.
    for (code, status) in [(-1, "7"), (15, "-1"), (3, "8"), (27, "10"), (3, "4"), (17, "5")] {
        let sql = format!("SELECT COUNT(*) FROM order_rows WHERE valid_code = {code} AND platform_status = '{status}'");
        assert!(world.count(&sql).await > 0, "no row of status {status}");
    }
    // The subsidy fields are kept apart, one entry a row.
    let sandbox = &world.running.sandbox;
    let now = sandbox.clock.now();
    let subsidised = sandbox
        .dataset
        .rows
        .iter()
        .filter(|row| row.subsidy_fen > 0 && sandbox.dataset.state_at(row, now).is_some())
        .count() as i64;
    assert!(subsidised > 0);
    assert_eq!(world.count("SELECT COUNT(*) FROM order_row_subsidies WHERE subsidy_amount_fen > 0").await, subsidised);
    assert_eq!(world.count("SELECT COUNT(*) FROM order_row_subsidies").await, report.progress.rows_written as i64);
    let history_before = world.count("SELECT COUNT(*) FROM order_row_history").await;
    let again = world.sync().await.expect("second sync succeeds");
    assert_eq!(again.progress.rows_written, 0);
    assert_eq!(world.count("SELECT COUNT(*) FROM order_row_history").await, history_before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clock_advance_converges_and_keeps_each_rows_past() {
    let world = PddWorld::new(busy(32, 80)).await;
    world.sync().await.expect("first sync");
    world.advance_minutes(36 * 60).await;
    let report = world.sync().await.expect("sync after the clock moved");
    assert!(report.progress.rows_written > 0);
    assert_same(&world.stats().await, &world.summary().await);
    let received_since = world
        .count(
            "SELECT COUNT(*) FROM order_row_history h JOIN order_rows r ON r.id = h.row_id
             WHERE h.valid_code = 16 AND r.valid_code = 17",
        )
        .await;
    assert!(received_since > 0, "some paid rows were received in 36 hours");
}

/// A subsidised row an older reader set aside is read again with its
/// subsidy fields, which land apart as on a page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_row_read_again_after_an_older_reader_keeps_its_subsidy() {
    #[derive(sqlx::FromRow, Debug, PartialEq)]
    struct Subsidy {
        row_id: i64,
        subsidy_type: Option<i64>,
        subsidy_amount_fen: i64,
        subsidy_duo_amount_level_fen: i64,
        no_subsidy_reason: Option<String>,
    }
    macro_rules! subsidy {
        ($where:literal) => {
            concat!(
                "SELECT row_id, subsidy_type, subsidy_amount_fen, subsidy_duo_amount_level_fen, no_subsidy_reason
                 FROM order_row_subsidies ",
                $where
            )
        };
    }
    let mut config = busy(36, 200);
    config.history_days = 2;
    let world = PddWorld::new(config).await;
    world.sync().await.expect("first run");
    let before = world.stats().await;
    // A row the next run does not read again anyway: updated well before
    // the cursor, outside the run's overlap.
    let kept: Subsidy = sqlx::query_as(subsidy!(
        "WHERE subsidy_amount_fen > 0 AND row_id IN (SELECT id FROM order_rows
             WHERE modify_time < (SELECT position FROM sync_cursors) - 3600)
         ORDER BY row_id LIMIT 1"
    ))
    .fetch_one(world.store.pool())
    .await
    .expect("a subsidised row");
    let modify: i64 = sqlx::query_scalar("SELECT modify_time FROM order_rows WHERE id = ?1")
        .bind(kept.row_id)
        .fetch_one(world.store.pool())
        .await
        .unwrap();
    // The row exactly as the platform sends it, filed as an older reader's refusal.
    let params = signed_list_call(modify - 1, modify + 1, 100, &[]);
    let answer =
        post(&world.running, "application/x-www-form-urlencoded", serde_urlencoded::to_string(&params).unwrap()).await;
    let raw = answer["order_list_get_response"]["order_list"]
        .as_array()
        .expect("a page")
        .iter()
        .find(|row| {
            let sn = row["order_sn"].as_str().expect("order_sn");
            RowId::from_platform_key(Platform::Pdd, sn).0 == kept.row_id
        })
        .expect("the platform serves the row")
        .to_string();
    for sql in ["DELETE FROM order_row_subsidies WHERE row_id = ?1", "DELETE FROM order_rows WHERE id = ?1"] {
        sqlx::query(sql).bind(kept.row_id).execute(world.store.pool()).await.unwrap();
    }
    sqlx::query(
        "INSERT INTO rejected_rows (account_id, row_key, row_id, raw, field, reason, reader_version, first_seen, last_seen)
         VALUES (?1, ?2, ?2, ?3, 'order_status', 'unknown', 1, 0, 0)",
    )
    .bind(world.account.id.0)
    .bind(kept.row_id)
    .bind(&raw)
    .execute(world.store.pool())
    .await
    .unwrap();

    let report = world.sync().await.expect("the next run");
    assert_eq!(report.progress.rows_rejected, 0);
    assert_eq!(world.count("SELECT COUNT(*) FROM rejected_rows").await, 0);
    let again: Subsidy = sqlx::query_as(subsidy!("WHERE row_id = ?1"))
        .bind(kept.row_id)
        .fetch_one(world.store.pool())
        .await
        .expect("its subsidy is stored again");
    assert_eq!(again, kept);
    assert_eq!(world.stats().await.rows, before.rows);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_moving_between_pages_during_a_sync_still_converge() {
    let mut config = busy(33, 6_000);
    config.history_days = 1;
    let world = PddWorld::new(config).await;
    let two_days = SyncOptions { backfill_days: 2, ..PddWorld::options() };
    // Two seconds pass on each page: orders group and move while the walk reads them.
    world.running.sandbox.step_clock_per_page(2);
    world.sync_using(DEMO_APP_SECRET, two_days).await.expect("a sync while orders change");
    world.running.sandbox.step_clock_per_page(0);
    world.sync_using(DEMO_APP_SECRET, two_days).await.expect("a sync after");
    assert_same(&world.stats().await, &world.summary().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_is_refused_as_a_bad_secret_and_writes_nothing() {
    let world = PddWorld::new(busy(34, 50)).await;
    let error = world.sync_using("not-the-secret", PddWorld::options()).await.expect_err("refused");
    let SyncError::Platform { source: PlatformError::Refused { code, refusal, .. }, .. } = &error else {
        panic!("expected a refusal, got {error:?}");
    };
    assert_eq!((code.as_str(), *refusal), ("20004", Refusal::Signature));
    assert_eq!(error.class(), Some(ErrorClass::Credentials));
    assert_eq!(world.count("SELECT COUNT(*) FROM order_rows").await, 0);
}

/// Throttle answers, 5xx, broken bodies, repeated rows and unreadable rows:
/// runs may fail part-way, and once the faults stop the store equals the
/// platform, less the rows set aside as unreadable.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_converge() {
    let mut config = busy(35, 2_000);
    config.history_days = 2;
    let world = PddWorld::new(config).await;
    world
        .set_faults(FaultSettings {
            rate_limit_per_sec: 150,
            error_5xx_share: 0.05,
            malformed_share: 0.05,
            repeat_share: 0.2,
            bad_row_share: 0.01,
            future_date_share: 0.02,
            ..FaultSettings::default()
        })
        .await;
    let impatient = SyncOptions { transient_retries: 1, ..PddWorld::options() };
    for _ in 0..3 {
        let _ = world.sync_using(DEMO_APP_SECRET, impatient).await;
        world.advance_minutes(20).await;
    }
    world.set_faults(FaultSettings { bad_row_share: 0.01, ..FaultSettings::default() }).await;
    world.sync().await.expect("a calm run completes");
    let set_aside = world.set_aside().await;
    assert!(!set_aside.is_empty(), "some rows were unreadable");
    let local: Stats = {
        let all = world.stats().await;
        let (rows, estimate, actual): (i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COALESCE(SUM(estimate_fee_fen), 0), COALESCE(SUM(actual_fee_fen), 0) FROM order_rows
             WHERE id NOT IN (SELECT row_id FROM rejected_rows WHERE row_id IS NOT NULL)",
        )
        .fetch_one(world.store.pool())
        .await
        .expect("totals");
        Stats { rows: rows as u64, orders: rows as u64, estimate_fee_fen: estimate, actual_fee_fen: actual, ..all }
    };
    let platform = world.running.sandbox.summary_except(&set_aside);
    assert_eq!(
        (local.rows, local.estimate_fee_fen, local.actual_fee_fen),
        (platform.rows, platform.estimate_fee_fen, platform.actual_fee_fen)
    );
}
