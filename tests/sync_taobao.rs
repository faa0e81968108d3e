//! 淘宝联盟 over real HTTP: sync runs against its sandbox on loopback into a
//! real SQLite file, checked against the sandbox's own summary.

mod common;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tuanzhang::account::{self, Account};
use tuanzhang::model::{Platform, RowId};
use tuanzhang::platform::http::Credentials;
use tuanzhang::platform::sandbox::taobao::{RunningTaobaoSandbox, TaobaoSandbox};
use tuanzhang::platform::sandbox::{FaultSettings, SandboxConfig, Summary, DEMO_APP_KEY, DEMO_APP_SECRET};
use tuanzhang::platform::taobao::sign::SignMethod;
use tuanzhang::platform::taobao::TaobaoClient;
use tuanzhang::platform::{ErrorClass, PlatformClient, PlatformError, Refusal};
use tuanzhang::store::secrets::MemorySecrets;
use tuanzhang::store::Store;
use tuanzhang::sync::schedule::{self, Cadence, Plan};
use tuanzhang::sync::{sync_account, SyncError, SyncOptions, SyncReport, MAX_BAN_HELD_SECS};

const DAY: i64 = 86_400;

struct TaobaoWorld {
    sandbox: RunningTaobaoSandbox,
    store: Store,
    account: Account,
    _dir: tempfile::TempDir,
}

fn config(seed: u64, rows_per_day: u32, anchor: i64) -> SandboxConfig {
    let mut config = SandboxConfig::new(seed, anchor);
    config.rows_per_day = rows_per_day;
    config
}

fn quick() -> SyncOptions {
    SyncOptions { requests_per_sec: 0, retry_base: Duration::from_millis(5), ..SyncOptions::default() }
}

impl TaobaoWorld {
    async fn new(config: SandboxConfig) -> TaobaoWorld {
        let sandbox = Arc::new(TaobaoSandbox::new(config))
            .serve(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .await
            .expect("sandbox serves on loopback");
        let (dir, store) = common::empty_store().await;
        let secrets = MemorySecrets::default();
        let gateway = sandbox.gateway_url();
        let account =
            account::set(store.pool(), &secrets, Platform::Taobao, &gateway, DEMO_APP_KEY, DEMO_APP_SECRET, false)
                .await
                .expect("account is set");
        TaobaoWorld { sandbox, store, account, _dir: dir }
    }

    fn client(&self, secret: &str, method: SignMethod, options: SyncOptions) -> PlatformClient {
        let credentials = Credentials {
            gateway: self.sandbox.gateway_url(),
            app_key: DEMO_APP_KEY.to_owned(),
            app_secret: secret.to_owned(),
        };
        let client = TaobaoClient::new(credentials, options.request_timeout).expect("client builds");
        PlatformClient::Taobao(client.signing_with(method))
    }

    async fn sync_using(
        &self,
        secret: &str,
        method: SignMethod,
        options: SyncOptions,
    ) -> Result<SyncReport, SyncError> {
        sync_account(&self.store, &self.account, &self.client(secret, method, options), options, |_| {}).await
    }

    async fn sync(&self) -> Result<SyncReport, SyncError> {
        self.sync_using(DEMO_APP_SECRET, SignMethod::Md5, quick()).await
    }

    async fn get(&self, path: &str) -> String {
        reqwest::get(format!("{}{path}", self.sandbox.base_url())).await.expect("answers").text().await.expect("a body")
    }

    /// The summary as a client sees it: over HTTP.
    async fn summary(&self) -> Summary {
        serde_json::from_str(&self.get("/admin/summary").await).expect("summary is JSON")
    }

    async fn advance_minutes(&self, minutes: i64) {
        let url = format!("{}/admin/clock/advance?minutes={minutes}", self.sandbox.base_url());
        let response = reqwest::Client::new().post(url).send().await.expect("clock advances");
        assert!(response.status().is_success());
    }

    async fn set_faults(&self, faults: FaultSettings) {
        let response = reqwest::Client::new()
            .post(format!("{}/admin/faults", self.sandbox.base_url()))
            .header("content-type", "application/json")
            .body(serde_json::to_string(&faults).expect("faults serialize"))
            .send()
            .await
            .expect("faults are set");
        assert!(response.status().is_success());
    }

    async fn count(&self, sql: &str) -> i64 {
        common::count(&self.store, sql).await
    }

    /// The stored 淘宝联盟 totals equal the sandbox's, key by key.
    async fn assert_same(&self) {
        let stats = tuanzhang::store::stats::stats(self.store.pool()).await.expect("stats");
        let summary = self.summary().await;
        let mine = stats.platforms.get(&Platform::Taobao).cloned().unwrap_or_default();
        assert_eq!(mine.rows, summary.rows, "rows");
        assert_eq!(mine.orders, summary.orders, "orders");
        assert_eq!(mine.estimate_fee_fen, summary.estimate_fee_fen, "estimated fee");
        assert_eq!(mine.actual_fee_fen, summary.actual_fee_fen, "actual fee");
        assert_eq!(stats.rows_by_valid_code, summary.rows_by_valid_code, "rows by the one life's code");
        assert!(summary.rows > 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_sync_equals_the_platform_and_a_second_changes_nothing() {
    let world = TaobaoWorld::new(config(31, 300, common::NOW)).await;
    let report = world.sync().await.expect("first sync succeeds");
    assert!(report.progress.rows_written > 5_000, "{:?}", report.progress);
    assert_eq!(report.progress.rows_rejected, 0);
    world.assert_same().await;
    let summary = world.summary().await;
    for code in ["15", "16", "17", "3", "-1"] {
        assert!(summary.rows_by_valid_code.get(code).is_some_and(|n| *n > 0), "{code}: {summary:?}");
    }
    assert_eq!(world.count("SELECT COUNT(*) FROM order_rows WHERE platform <> 'taobao' OR id >= 0").await, 0);
    assert!(world.count("SELECT COUNT(*) FROM order_rows WHERE platform_status = '15'").await > 0, "unknown kept");
    assert!(world.count("SELECT COUNT(DISTINCT platform_place) FROM order_rows").await > 200);
    assert!(world.count("SELECT COUNT(DISTINCT platform_person) FROM order_rows").await > 300);

    // A row is written again in the same sync only when a 维权 read after it takes money back.
    let clawed = "SELECT COUNT(*) FROM order_row_history WHERE row_id NOT IN
                  (SELECT row_id FROM order_row_clawbacks WHERE refund_status IN (12, 13))";
    assert_eq!(world.count(clawed).await, 0, "nothing else was written twice");
    let history = world.count("SELECT COUNT(*) FROM order_row_history").await;
    let again = world.sync().await.expect("second sync succeeds");
    assert_eq!(again.progress.rows_written, 0);
    assert_eq!(world.count("SELECT COUNT(*) FROM order_row_history").await, history);
}

/// Whose link each row came through, as the sandbox knows it, against what
/// was stored: the same for every row whichever scene of the order list
/// names the person (only the 渠道 and 会员 scenes, by default, or every
/// scene).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_row_keeps_its_person_whichever_scene_names_it() {
    #[derive(sqlx::FromRow)]
    struct Stored {
        id: i64,
        platform_person: Option<String>,
    }
    for every_scene in [false, true] {
        let world = TaobaoWorld::new(config(37, 150, common::NOW)).await;
        world.sandbox.sandbox.name_people_in_every_scene(every_scene);
        world.sync().await.expect("sync succeeds");
        world.assert_same().await;
        let dataset = &world.sandbox.sandbox.dataset;
        let people: std::collections::HashMap<i64, Option<String>> = dataset
            .rows
            .iter()
            .map(|row| {
                let id = RowId::from_platform_key(Platform::Taobao, &row.trade_id.to_string()).0;
                (id, dataset.person_id(row.person).map(|p| p.to_string()))
            })
            .collect();
        let stored: Vec<Stored> = sqlx::query_as("SELECT id, platform_person FROM order_rows")
            .fetch_all(world.store.pool())
            .await
            .expect("rows");
        let named = stored.iter().filter(|row| row.platform_person.is_some()).count();
        assert!(named * 10 > stored.len() * 7, "every scene {every_scene}: {named} of {}", stored.len());
        for row in &stored {
            assert_eq!(Some(&row.platform_person), people.get(&row.id), "row {} (every scene {every_scene})", row.id);
        }
    }
}

/// 维权 after settlement: each takes its share back on a pay day after the
/// row's own, the row's days add up to what it keeps, and a clock advance
/// brings the later ones in without touching the earlier.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refunds_after_settlement_take_money_back_on_a_later_pay_day() {
    // Sixty days of history: a 20-day step keeps every row inside the platform's 90 days.
    let world = TaobaoWorld::new(SandboxConfig { history_days: 60, ..config(38, 300, common::NOW) }).await;
    world.sync().await.expect("first sync");
    world.advance_minutes(20 * 24 * 60).await;
    world.sync().await.expect("sync after the clock moved");
    world.assert_same().await;
    let taken = world
        .count("SELECT COUNT(DISTINCT row_id) FROM order_row_clawbacks WHERE refund_status IN (12, 13) AND fee_fen > 0")
        .await;
    assert!(taken > 10, "{taken} rows with money taken back");
    let other = world.count("SELECT COUNT(*) FROM order_row_clawbacks WHERE refund_status NOT IN (12, 13)").await;
    assert!(other > 0, "some 维权 take nothing from her");
    // Every row that lost money: its days add up to what it keeps, its own
    // day first and whole, each take later and negative.
    let wrong = world
        .count(
            "SELECT COUNT(*) FROM order_rows r
             WHERE r.id IN (SELECT row_id FROM order_row_clawbacks WHERE refund_status IN (12, 13) AND fee_fen > 0)
               AND r.pay_month IS NOT NULL
               AND (r.actual_fee_fen <> (SELECT SUM(fee_fen) FROM order_row_settlements s WHERE s.row_id = r.id)
                    OR (SELECT MIN(settle_day) FROM order_row_settlements s WHERE s.row_id = r.id) <> r.pay_month
                    OR EXISTS (SELECT 1 FROM order_row_settlements s WHERE s.row_id = r.id
                               AND s.settle_day > r.pay_month AND s.fee_fen >= 0))",
        )
        .await;
    assert_eq!(wrong, 0);
    let again = world.sync().await.expect("a third sync");
    assert_eq!(again.progress.rows_written, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_that_change_on_the_platform_converge_after_the_clock_moves() {
    let world = TaobaoWorld::new(config(32, 120, common::NOW)).await;
    world.sync().await.expect("first sync");
    world.advance_minutes(36 * 60).await;
    let report = world.sync().await.expect("sync after the clock moved");
    assert!(report.progress.rows_written > 0);
    world.assert_same().await;
    let settled = world
        .count(
            "SELECT COUNT(*) FROM order_row_history h JOIN order_rows r ON r.id = h.row_id
             WHERE h.valid_code = 17 AND h.pay_month IS NULL AND r.platform_status = '3' AND r.pay_month IS NOT NULL",
        )
        .await;
    assert!(settled > 0, "some received rows settled in 36 hours");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hmac_signing_syncs_alike_and_a_wrong_secret_is_refused_as_a_bad_secret() {
    let world = TaobaoWorld::new(config(33, 40, common::NOW)).await;
    let error = world.sync_using("not-the-secret", SignMethod::Hmac, quick()).await.expect_err("a bad signature fails");
    let SyncError::Platform { source: PlatformError::Refused { code, refusal, .. }, .. } = &error else {
        panic!("expected a refusal, got {error:?}");
    };
    assert_eq!((code.as_str(), *refusal), ("25", Refusal::Signature));
    assert_eq!(error.class(), Some(ErrorClass::Credentials));
    assert_eq!(world.count("SELECT COUNT(*) FROM order_rows").await, 0);
    world.sync_using(DEMO_APP_SECRET, SignMethod::Hmac, quick()).await.expect("hmac signs");
    world.assert_same().await;
}

/// A ban longer than a run waits out ends the run at once, and the schedule
/// does not ask again until the platform said it is over; then it syncs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_ban_ends_the_run_and_the_schedule_waits_until_it_is_over() {
    let world = TaobaoWorld::new(config(35, 20, common::NOW)).await;
    world.sandbox.sandbox.ban_for(Some(3600));
    let error = world.sync().await.expect_err("banned for an hour");
    assert_eq!((error.class(), error.wait_secs()), (Some(ErrorClass::RateLimited), Some(3600)));
    let (finished, retry_after): (i64, Option<i64>) =
        sqlx::query_as("SELECT finished_at, retry_after FROM sync_runs").fetch_one(world.store.pool()).await.unwrap();
    assert_eq!(retry_after, Some(finished + 3600));
    let round = schedule::plan(world.store.pool(), Cadence::Fixed(Duration::from_secs(15 * 60))).await.unwrap();
    assert_eq!(round.due, Plan::Due(finished + 3600), "not before the ban ends");
    assert!(round.due_at(finished + 3599).is_empty());
    // A ban of 31 years (a garbled or hostile answer) holds her schedule a day.
    world.sandbox.sandbox.ban_for(Some(999_999_999));
    world.sync().await.expect_err("banned");
    let (finished, retry_after): (i64, Option<i64>) =
        sqlx::query_as("SELECT finished_at, retry_after FROM sync_runs ORDER BY id DESC LIMIT 1")
            .fetch_one(world.store.pool())
            .await
            .unwrap();
    assert_eq!(retry_after, Some(finished + MAX_BAN_HELD_SECS as i64));
    world.sandbox.sandbox.ban_for(None);
    world.sync().await.expect("the ban is over");
    world.assert_same().await;
}

/// The laptop's clock is three days off: the client signs with the
/// platform's time and plans windows on it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_laptop_with_a_wrong_clock_still_syncs() {
    let world = TaobaoWorld::new(config(34, 60, common::NOW - 3 * DAY)).await;
    world.sync().await.expect("sync uses the platform's clock");
    world.assert_same().await;
}

/// 双11: the platform takes windows of 20 minutes at most; hour windows
/// are halved until they are accepted, and nothing is lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_big_promotions_short_window_is_met_by_halving() {
    let mut config = config(35, 200, common::NOW);
    config.history_days = 3;
    let world = TaobaoWorld::new(config).await;
    world.sandbox.sandbox.set_big_promotion(true);
    let report = world.sync().await.expect("halved windows are accepted");
    assert!(report.progress.pages >= 4 * report.progress.windows_planned, "{:?}", report.progress);
    world.assert_same().await;
}

/// Throttles (code 7 and 9100), 5xx, broken bodies, repeated rows and a
/// cursor gone stale: the run waits, retries or restarts as it should, and
/// the store converges.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_faults_every_run_converges_on_the_platform() {
    let mut config = config(36, 1_500, common::NOW);
    config.history_days = 4;
    let world = TaobaoWorld::new(config).await;
    world
        .set_faults(FaultSettings {
            rate_limit_per_sec: 40,
            error_5xx_share: 0.05,
            malformed_share: 0.05,
            repeat_share: 0.2,
            ..FaultSettings::default()
        })
        .await;
    world.sandbox.sandbox.refuse_cursors(1);
    let options = SyncOptions { transient_retries: 8, backfill_days: 5, ..quick() };
    world.sync_using(DEMO_APP_SECRET, SignMethod::Md5, options).await.expect("faults are retried within the run");
    world.set_faults(FaultSettings::default()).await;
    world.sync_using(DEMO_APP_SECRET, SignMethod::Md5, options).await.expect("a quiet rerun");
    world.assert_same().await;
}

/// The punish list is swept after the windows: the trades frozen in the
/// store are the platform's, and one unfrozen later is freed on the next run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn punished_trades_are_swept_and_follow_the_platform() {
    let world = TaobaoWorld::new(SandboxConfig { history_days: 60, ..config(39, 400, common::NOW) }).await;
    let frozen_in_store = async || -> std::collections::HashSet<i64> {
        sqlx::query_scalar::<_, i64>("SELECT row_id FROM order_row_punishments WHERE punish_status <> 1")
            .fetch_all(world.store.pool())
            .await
            .expect("punishments")
            .into_iter()
            .collect()
    };
    let frozen_on_platform = |now: i64| -> std::collections::HashSet<i64> {
        world
            .sandbox
            .sandbox
            .frozen_at(now)
            .into_iter()
            .map(|trade| tuanzhang::model::RowId::from_platform_key(Platform::Taobao, &trade.to_string()).0)
            .collect()
    };
    let report = world.sync().await.expect("first sync");
    assert_eq!(report.progress.windows_done, report.progress.windows_planned, "the sweep counts as one more");
    let first = frozen_in_store().await;
    assert!(first.len() > 5, "{} frozen", first.len());
    assert_eq!(first, frozen_on_platform(common::NOW));

    world.advance_minutes(20 * 24 * 60).await;
    world.sync().await.expect("sync after the clock moved");
    let later = frozen_in_store().await;
    assert_eq!(later, frozen_on_platform(common::NOW + 20 * 86_400));
    assert!(first.difference(&later).count() > 0, "some were unfrozen in twenty days");
}

/// An app not allowed to read the punished-order list still syncs its
/// orders: the run succeeds, says so, and the schedule is not paused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_punish_list_is_a_warning_not_a_failed_run() {
    let world = TaobaoWorld::new(config(40, 60, common::NOW)).await;
    world.sandbox.sandbox.refuse_punish_list(true);
    let report = world.sync().await.expect("the orders sync");
    world.assert_same().await;
    let warning = report.warning.expect("the run says the punish list was not read");
    assert!(warning.contains("sync.warning.punishSweep"), "{warning}");
    let status: String = sqlx::query_scalar("SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1")
        .fetch_one(world.store.pool())
        .await
        .expect("the run");
    assert_eq!(status, "succeeded");
    world.sandbox.sandbox.refuse_punish_list(false);
    assert_eq!(world.sync().await.expect("a later run").warning, None);
}

/// Rows the client cannot read are set aside whole; the rest land, and
/// the totals are the platform's without exactly those rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_rows_are_set_aside_and_the_rest_land() {
    let world = TaobaoWorld::new(config(37, 150, common::NOW)).await;
    world.set_faults(FaultSettings { bad_row_share: 0.01, ..FaultSettings::default() }).await;
    let report = world.sync().await.expect("a page with a bad row still lands");
    assert!(report.progress.rows_rejected > 0);
    let rejected: std::collections::HashSet<i64> = sqlx::query_scalar::<_, i64>("SELECT row_id FROM rejected_rows")
        .fetch_all(world.store.pool())
        .await
        .expect("set aside")
        .into_iter()
        .collect();
    assert_eq!(rejected.len() as u64, report.progress.rows_rejected);
    let expected = world.sandbox.sandbox.summary_except(&rejected);
    let stats = tuanzhang::store::stats::stats(world.store.pool()).await.expect("stats");
    let mine = &stats.platforms[&Platform::Taobao];
    assert_eq!((mine.rows, mine.estimate_fee_fen), (expected.rows, expected.estimate_fee_fen));
}

/// Run with `TZ` set far from GMT+8 (a laptop in Los Angeles): the client
/// never reads the laptop's zone, so the platform accepts its timestamps.
#[test]
fn a_laptop_outside_gmt8_signs_in_beijing_time() {
    let status = std::process::Command::new(std::env::current_exe().expect("this test binary"))
        .args(["--exact", "syncs_in_the_zone_it_is_given", "--include-ignored", "--test-threads", "1"])
        .env("TZ", "America/Los_Angeles")
        .status()
        .expect("the test binary runs again");
    assert!(status.success());
}

/// The half of the test above that runs in the other zone.
#[test]
#[ignore = "run by a_laptop_outside_gmt8_signs_in_beijing_time with TZ set"]
fn syncs_in_the_zone_it_is_given() {
    assert_eq!(std::env::var("TZ").as_deref(), Ok("America/Los_Angeles"));
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    runtime.block_on(async {
        let world = TaobaoWorld::new(config(38, 40, common::NOW)).await;
        world.sync().await.expect("the sandbox accepts GMT+8 timestamps from a laptop in Los Angeles");
        world.assert_same().await;
    });
}
