//! Sync over real HTTP against the sandbox into a real SQLite file.

mod common;

use common::{assert_same, config, World};

use tuanzhang::platform::sandbox::FaultSettings;
use tuanzhang::platform::sandbox::DEMO_APP_SECRET;
use tuanzhang::platform::{ErrorClass, PlatformError};
use tuanzhang::sync::{SyncError, SyncOptions};

const DAY: i64 = 86_400;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_sync_equals_the_platform_and_a_second_changes_nothing() {
    let world = World::new(config(7, 120, common::NOW)).await;
    let report = world.sync().await.expect("first sync succeeds");
    assert!(report.progress.rows_written > 5_000, "{:?}", report.progress);
    assert_same(&world.stats().await, &world.summary().await);

    // The rollup the dashboard reads agrees with the raw rows.
    let valid = "valid_code IN (16, 17, 18, 24)";
    assert_eq!(
        world.count("SELECT SUM(estimate_fee_fen) FROM daily_rollup").await,
        world.count(&format!("SELECT SUM(estimate_fee_fen) FROM order_rows WHERE {valid}")).await
    );
    assert_eq!(
        world.count("SELECT SUM(orders) FROM daily_rollup").await,
        world.count(&format!("SELECT COUNT(DISTINCT order_id) FROM order_rows WHERE {valid}")).await
    );
    assert_eq!(
        world.count("SELECT SUM(rows) FROM daily_rollup").await,
        world.count("SELECT COUNT(*) FROM order_rows").await
    );

    let history_before = world.count("SELECT COUNT(*) FROM order_row_history").await;
    let again = world.sync().await.expect("second sync succeeds");
    assert_eq!(again.progress.rows_written, 0);
    assert_eq!(world.count("SELECT COUNT(*) FROM order_row_history").await, history_before);
    assert_eq!(history_before, 0, "a first sync has nothing to remember");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_that_change_on_the_platform_change_locally_and_keep_their_past() {
    let world = World::new(config(11, 80, common::NOW)).await;
    world.sync().await.expect("first sync");
    world.advance_minutes(36 * 60).await;
    let report = world.sync().await.expect("sync after the clock moved");
    assert!(report.progress.rows_written > 0);
    assert_same(&world.stats().await, &world.summary().await);

    let changed = world.count("SELECT COUNT(DISTINCT row_id) FROM order_row_history").await;
    assert!(changed > 0, "some paid rows completed or were cancelled in 36 hours");
    // Every history entry holds the previous state, which differs from now.
    let same_as_now = world
        .count(
            "SELECT COUNT(*) FROM order_row_history h JOIN order_rows r ON r.id = h.row_id
             WHERE h.modify_time = r.modify_time AND h.valid_code = r.valid_code",
        )
        .await;
    assert_eq!(same_as_now, 0);
    let completed_from_paid = world
        .count(
            "SELECT COUNT(*) FROM order_row_history h JOIN order_rows r ON r.id = h.row_id
             WHERE h.valid_code = 16 AND r.valid_code = 17 AND h.pay_month IS NULL AND r.pay_month IS NOT NULL",
        )
        .await;
    assert!(completed_from_paid > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_is_refused_clearly_and_writes_nothing() {
    let world = World::new(config(3, 50, common::NOW)).await;
    let error = world.sync_with_secret("not-the-secret").await.expect_err("a bad signature fails");
    let SyncError::Platform { source: PlatformError::Gateway { code, .. }, .. } = &error else {
        panic!("expected a gateway error, got {error:?}");
    };
    assert_eq!(code, "12");
    assert_eq!(error.class(), Some(ErrorClass::Credentials));
    assert!(error.to_string().contains("无效签名") && error.to_string().contains("App Secret"), "{error}");
    assert_eq!(world.count("SELECT COUNT(*) FROM order_rows").await, 0);
    assert_eq!(world.cursor().await, None);
    assert_eq!(
        world.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'failed' AND error LIKE '%无效签名%'").await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_pasted_with_a_newline_still_signs() {
    let world = World::new(config(4, 20, common::NOW)).await;
    world.sync_with_secret("demo-app-secret\n").await.expect("the trailing newline is not signed");
}

/// The laptop's clock is three days off: the client must plan windows and
/// sign with the platform's time, or every request is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_laptop_with_a_wrong_clock_still_syncs() {
    let world = World::new(config(5, 60, common::NOW - 3 * DAY)).await;
    world.sync().await.expect("sync uses the platform's clock");
    assert_same(&world.stats().await, &world.summary().await);
}

/// With retries spent (none allowed here), a failure ends the run: what
/// was committed before it stays whole.
async fn fails_mid_run_then_recovers(faults: FaultSettings, expected: fn(&PlatformError) -> bool) {
    let world = World::new(config(9, 60, common::NOW)).await;
    world.set_faults(faults).await;
    let no_retries = SyncOptions { requests_per_sec: 0, transient_retries: 0, ..SyncOptions::default() };
    let error = world.sync_using(DEMO_APP_SECRET, no_retries).await.expect_err("faults end the run");
    let SyncError::Platform { source, .. } = &error else { panic!("expected a platform error, got {error:?}") };
    assert!(expected(source), "unexpected error: {error}");
    let (runs_failed, recorded): (i64, Option<String>) =
        sqlx::query_as("SELECT COUNT(*), MAX(error) FROM sync_runs WHERE status = 'failed'")
            .fetch_one(world.store.pool())
            .await
            .unwrap();
    assert_eq!(runs_failed, 1);
    assert!(recorded.is_some_and(|e| !e.is_empty()));

    // Whole windows before the failure are kept, and nothing past the cursor.
    let cursor = world.cursor().await.expect("some windows completed before the fault");
    let kept = world.count("SELECT COUNT(*) FROM order_rows").await;
    assert!(kept > 0);
    assert_eq!(world.count(&format!("SELECT COUNT(*) FROM order_rows WHERE modify_time >= {cursor}")).await, 0);
    let expected_rows = world
        .sandbox
        .sandbox
        .dataset
        .rows
        .iter()
        .filter_map(|row| world.sandbox.sandbox.dataset.state_at(row, world.sandbox.sandbox.clock.now()))
        .filter(|state| state.modify_time < cursor)
        .count() as i64;
    assert_eq!(kept, expected_rows, "every row of every committed window is there");

    world.set_faults(FaultSettings::default()).await;
    world.sync().await.expect("a rerun completes");
    assert_same(&world.stats().await, &world.summary().await);
    assert_eq!(world.count("SELECT COUNT(*) FROM order_row_history").await, 0, "no row was written twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_5xx_past_its_retries_fails_the_run_and_keeps_whole_windows() {
    let faults = FaultSettings { error_5xx_share: 0.003, ..FaultSettings::default() };
    fails_mid_run_then_recovers(faults, |e| matches!(e, PlatformError::Http { status: 502, .. })).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_page_past_its_retries_fails_the_run_and_keeps_whole_windows() {
    let faults = FaultSettings { malformed_share: 0.003, ..FaultSettings::default() };
    fails_mid_run_then_recovers(faults, |e| matches!(e, PlatformError::Malformed(_))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_over_the_row_cap_is_split_until_it_fits() {
    let world = World::new(config(13, 400, common::NOW)).await;
    world.set_faults(FaultSettings { max_rows_per_window: 15, ..FaultSettings::default() }).await;
    let report = world.sync().await.expect("oversized windows are split, not failed");
    assert!(report.progress.pages > report.progress.windows_planned, "splits cost extra requests");
    assert_same(&world.stats().await, &world.summary().await);
}

/// Hours holding exactly 0, 1, 499, 500, 501, 1000 and 10,001 rows: every
/// row of each arrives once, whichever side of a page or window cap it sits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hours_at_page_boundaries_arrive_whole() {
    const HOURS: [u32; 8] = [0, 1, 499, 500, 501, 1000, 10_001, 0];
    let mut config = config(15, 0, common::NOW);
    config.history_days = 1;
    config.future_days = 0;
    config.exact_hourly_rows = Some(HOURS.to_vec());
    let world = World::new(config).await;
    let options = SyncOptions { requests_per_sec: 0, backfill_days: 2, ..SyncOptions::default() };
    let report = world.sync_using(DEMO_APP_SECRET, options).await.expect("sync");
    assert_same(&world.stats().await, &world.summary().await);
    assert_eq!(world.count("SELECT COUNT(*) FROM order_row_history").await, 0, "no row was read as a change of itself");
    let per_hour: Vec<(i64, i64)> =
        sqlx::query_as("SELECT order_time / 3600 AS hour, COUNT(*) FROM order_rows GROUP BY hour ORDER BY hour")
            .fetch_all(world.store.pool())
            .await
            .unwrap();
    let now_hour = world.sandbox.sandbox.clock.now() / 3600;
    let full_hours: Vec<&(i64, i64)> = per_hour.iter().filter(|(hour, _)| *hour < now_hour).collect();
    assert!(full_hours.len() >= 10, "{per_hour:?}");
    for (hour, rows) in full_hours {
        assert_eq!(*rows, i64::from(HOURS[(*hour as usize) % HOURS.len()]), "hour {hour}");
    }
    assert!(report.progress.pages > report.progress.windows_planned, "the 10,001-row hour was split");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_slower_than_the_timeout_fail_the_run_and_a_rerun_fills_in() {
    let world = World::new(config(17, 200, common::NOW)).await;
    world.set_faults(FaultSettings { slow_share: 0.01, slow_ms: 1_500, ..FaultSettings::default() }).await;
    let impatient = SyncOptions {
        requests_per_sec: 0,
        request_timeout: std::time::Duration::from_millis(500),
        transient_retries: 0,
        ..SyncOptions::default()
    };
    let error = world.sync_using(DEMO_APP_SECRET, impatient).await.expect_err("a slow answer fails the run");
    assert!(
        matches!(&error, SyncError::Platform { source: PlatformError::Transport { timed_out: true, .. }, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("timed out"), "{error}");
    world.set_faults(FaultSettings::default()).await;
    world.sync().await.expect("the rerun completes");
    assert_same(&world.stats().await, &world.summary().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_row_repeated_on_the_next_page_is_stored_once() {
    let mut config = config(19, 15_000, common::NOW);
    config.history_days = 2;
    config.future_days = 0;
    let world = World::new(config).await;
    world.set_faults(FaultSettings { repeat_share: 0.5, ..FaultSettings::default() }).await;
    let report = world.sync().await.expect("sync");
    assert!(
        report.progress.rows_fetched > report.progress.rows_written,
        "some rows arrived twice: {:?}",
        report.progress
    );
    assert_same(&world.stats().await, &world.summary().await);
    assert_eq!(world.count("SELECT COUNT(*) FROM order_row_history").await, 0, "a repeat is not a change");
}
