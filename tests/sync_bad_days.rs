//! The platform's bad days: flaky answers retried within the run, rows no
//! reader can take set aside while the rest lands, and answers that must
//! not be believed (a redirect, a page that never ends, a body too large,
//! a clock a month ahead).

mod common;

use common::{assert_same, config, World};
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tuanzhang::platform::http::{Credentials, MAX_BODY_BYTES};
use tuanzhang::platform::jd::{JdClient, OrderQuery};
use tuanzhang::platform::sandbox::{FaultSettings, DEMO_APP_KEY, DEMO_APP_SECRET};
use tuanzhang::platform::PlatformError;
use tuanzhang::sync::rejected::rejected_rows;
use tuanzhang::sync::{ClockCheck, SyncError, SyncOptions};

const DAY: i64 = 86_400;

fn quick() -> SyncOptions {
    SyncOptions { requests_per_sec: 0, retry_base: Duration::from_millis(5), ..SyncOptions::default() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ninety_day_backfill_under_flaky_answers_completes_in_one_run() {
    let world = World::new(config(31, 30, common::NOW)).await;
    world.set_faults(FaultSettings { error_5xx_share: 0.03, malformed_share: 0.02, ..FaultSettings::default() }).await;
    let report = world.sync_using(DEMO_APP_SECRET, quick()).await.expect("passing failures are retried");
    assert!(report.progress.windows_planned > 80 * 24, "a 90-day backfill: {:?}", report.progress);
    world.set_faults(FaultSettings::default()).await;
    assert_same(&world.stats().await, &world.summary().await);
    assert_eq!(world.count("SELECT COUNT(*) FROM sync_runs WHERE status = 'succeeded'").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_row_is_set_aside_and_the_rest_of_its_page_lands() {
    let mut config = config(33, 400, common::NOW);
    config.history_days = 3;
    let world = World::new(config).await;
    let faults = FaultSettings { bad_row_share: 0.01, ..FaultSettings::default() };
    world.set_faults(faults).await;
    let report = world.sync_using(DEMO_APP_SECRET, quick()).await.expect("a bad row does not fail the run");

    let bad: HashSet<i64> = world
        .sandbox
        .sandbox
        .dataset
        .rows
        .iter()
        .filter(|row| world.sandbox.sandbox.dataset.state_at(row, world.sandbox.sandbox.clock.now()).is_some())
        .map(|row| row.id)
        .filter(|id| tuanzhang::platform::sandbox::Faults::is_bad_row(faults.bad_row_share, *id))
        .collect();
    assert!(!bad.is_empty(), "the seed makes some rows unreadable");
    assert_eq!(report.progress.rows_rejected, bad.len() as u64);
    let set_aside: HashSet<i64> = sqlx::query_scalar("SELECT row_id FROM rejected_rows")
        .fetch_all(world.store.pool())
        .await
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(set_aside, bad, "exactly the unreadable rows are set aside");
    let stored = world.count("SELECT COUNT(*) FROM order_rows").await;
    assert_eq!(stored as u64, world.summary().await.rows - bad.len() as u64, "every other row landed");
    assert!(world.cursor().await.is_some(), "the cursor moved past the bad rows");
    let raw: String =
        sqlx::query_scalar("SELECT raw FROM rejected_rows LIMIT 1").fetch_one(world.store.pool()).await.unwrap();
    assert!(raw.contains(r#""estimateFee":"0.555""#), "kept whole, as sent: {raw}");

    // What the 同步 page shows.
    let shown = rejected_rows(world.store.pool()).await.unwrap();
    assert_eq!(shown.total, bad.len() as i64);
    assert_eq!(shown.reasons[0].field.as_deref(), Some("estimateFee"));
    assert!(shown.reasons[0].example.contains("0.555"), "{:?}", shown.reasons);

    // Reading the same rows again adds no second entry.
    world.sync_using(DEMO_APP_SECRET, quick()).await.expect("second run");
    assert_eq!(rejected_rows(world.store.pool()).await.unwrap().total, bad.len() as i64);
}

/// A row an older reader refused is tried again by this one, and lands.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_an_older_reader_set_aside_are_read_again() {
    let mut config = config(35, 200, common::NOW);
    config.history_days = 2;
    let world = World::new(config).await;
    world.sync_using(DEMO_APP_SECRET, quick()).await.expect("first run");
    let before = world.stats().await;
    // Take one stored row out and file it as an older reader's refusal,
    // raw as the documentation prints rows (every number as text).
    let (id, modify): (i64, i64) = sqlx::query_as("SELECT id, modify_time FROM order_rows ORDER BY id LIMIT 1")
        .fetch_one(world.store.pool())
        .await
        .unwrap();
    let raw = documented_json(&served_row(&world, id, modify).await);
    sqlx::query("DELETE FROM order_rows WHERE id = ?1").bind(id).execute(world.store.pool()).await.unwrap();
    sqlx::query(
        "INSERT INTO rejected_rows (account_id, row_key, row_id, raw, field, reason, reader_version, first_seen, last_seen)
         VALUES (?1, ?2, ?2, ?3, 'validCode', 'expected an integer', 1, 0, 0)",
    )
    .bind(world.account.id.0)
    .bind(id)
    .bind(&raw)
    .execute(world.store.pool())
    .await
    .unwrap();

    let report = world.sync_using(DEMO_APP_SECRET, quick()).await.expect("the next run");
    assert_eq!(report.progress.rows_rejected, 0);
    assert_eq!(world.count("SELECT COUNT(*) FROM rejected_rows").await, 0);
    assert_eq!(world.count(&format!("SELECT COUNT(*) FROM order_rows WHERE id = {id}")).await, 1);
    assert_eq!(world.stats().await.rows, before.rows);
}

/// Row `id` as the platform serves it now, read through the client.
async fn served_row(world: &World, id: i64, modify_time: i64) -> tuanzhang::model::OrderRow {
    let client = client(&world.sandbox.gateway_url());
    client.calibrate().await.unwrap();
    let query = OrderQuery::updated_between(modify_time, modify_time + 1, 1, 500);
    let answered = client.order_rows(&query).await.unwrap();
    answered.value.rows.into_iter().find(|r| r.id.0 == id).expect("the platform serves it")
}

fn documented_json(row: &tuanzhang::model::OrderRow) -> String {
    let text = |v: i64| serde_json::Value::String(v.to_string());
    serde_json::json!({
        "id": text(row.id.0), "orderId": text(row.order_id.0), "parentId": text(row.parent_id),
        "orderTime": tuanzhang::model::format_platform(row.order_time),
        "finishTime": row.finish_time.map(tuanzhang::model::format_platform).unwrap_or_default(),
        "modifyTime": tuanzhang::model::format_platform(row.modify_time),
        "skuId": text(row.sku_id), "skuName": row.sku_name, "skuNum": text(row.sku_num),
        "skuReturnNum": text(row.sku_return_num), "skuFrozenNum": text(row.sku_frozen_num),
        "price": row.price.to_string(), "cid1": text(row.cid1),
        "commissionRate": row.commission_rate.to_string(), "finalRate": row.final_rate.to_string(),
        "estimateCosPrice": row.estimate_cos_price.to_string(), "estimateFee": row.estimate_fee.to_string(),
        "actualCosPrice": row.actual_cos_price.to_string(), "actualFee": row.actual_fee.to_string(),
        "payMonth": row.pay_month.map(|d| d.as_int().to_string()).unwrap_or_else(|| "0".into()),
        "unionId": text(row.union_id), "positionId": text(row.position_id.map_or(0, |p| p.0)),
        "subUnionId": row.sub_union_id.as_ref().map(|s| s.as_str().to_owned()).unwrap_or_default(),
        "plus": text(i64::from(row.plus)), "validCode": text(row.valid_code.0),
        "balanceExt": "{20191020:10,20191120:-2}",
    })
    .to_string()
}

fn client(gateway: &str) -> JdClient {
    JdClient::new(
        Credentials { gateway: gateway.to_owned(), app_key: DEMO_APP_KEY.into(), app_secret: DEMO_APP_SECRET.into() },
        Duration::from_secs(10),
    )
    .expect("client builds")
}

/// A server on loopback that counts the connections it is sent and
/// answers each with `answer`.
async fn counting_server(answer: fn() -> Vec<u8>) -> (u16, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let _ = socket.write_all(&answer()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (port, seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_is_never_followed_with_a_signed_request() {
    let (other_port, other_host_saw) =
        counting_server(|| b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}".to_vec()).await;
    let world = World::new(config(37, 50, common::NOW)).await;
    world
        .set_faults(FaultSettings { redirect_share: 1.0, redirect_port: other_port, ..FaultSettings::default() })
        .await;
    let error = world.sync_using(DEMO_APP_SECRET, quick()).await.expect_err("a redirect fails the run");
    assert!(
        matches!(&error, SyncError::Platform { source: PlatformError::Redirected { status: 307, location }, .. }
            if location.contains(&other_port.to_string())),
        "{error}"
    );
    assert_eq!(other_host_saw.load(Ordering::SeqCst), 0, "the other host heard nothing");
    assert_eq!(world.cursor().await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_that_never_stops_saying_has_more_is_not_followed_forever() {
    let mut config = config(39, 50, common::NOW);
    config.history_days = 1;
    let world = World::new(config).await;
    world.set_faults(FaultSettings { endless_pages: true, ..FaultSettings::default() }).await;
    let run = world.sync_using(DEMO_APP_SECRET, quick());
    let error = tokio::time::timeout(Duration::from_secs(60), run)
        .await
        .expect("the run ends")
        .expect_err("endless pages fail the run");
    assert!(matches!(&error, SyncError::Platform { source: PlatformError::EndlessPages { pages: 25 }, .. }), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_larger_than_the_cap_is_not_read() {
    let (declared, _) = counting_server(|| {
        format!(
            "HTTP/1.1 200 OK\r\ndate: Wed, 18 Nov 2026 12:00:00 GMT\r\ncontent-length: {}\r\n\r\n",
            MAX_BODY_BYTES + 1
        )
        .into_bytes()
    })
    .await;
    let (streamed, _) = counting_server(|| {
        let mut answer = b"HTTP/1.1 200 OK\r\ndate: Wed, 18 Nov 2026 12:00:00 GMT\r\n\r\n".to_vec();
        answer.resize(answer.len() + MAX_BODY_BYTES + 1024, b' ');
        answer
    })
    .await;
    for port in [declared, streamed] {
        let client = client(&format!("http://127.0.0.1:{port}/routerjson"));
        let query = OrderQuery::updated_between(common::NOW - 3600, common::NOW, 1, 500);
        let error = client.order_rows(&query).await.err().expect("too large");
        assert!(matches!(error, PlatformError::TooLarge { limit_mib: 16 }), "{error}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_dated_a_month_ahead_never_move_the_cursor_there() {
    let mut config = config(41, 200, common::NOW);
    config.history_days = 2;
    let world = World::new(config).await;
    world.set_faults(FaultSettings { future_date_share: 0.2, ..FaultSettings::default() }).await;
    let options = SyncOptions { backfill_days: 3, ..quick() };
    world.sync_using(DEMO_APP_SECRET, options).await.expect("the run completes");
    let now = world.sandbox.sandbox.clock.now();
    assert!(world.cursor().await.expect("cursor") <= now, "the cursor stays at the platform's time");
    world.set_faults(FaultSettings::default()).await;
    world.sync_using(DEMO_APP_SECRET, options).await.expect("again");
    assert_same(&world.stats().await, &world.summary().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cursor_found_ahead_of_the_platform_is_reset_with_a_warning() {
    let mut config = config(43, 200, common::NOW);
    config.history_days = 2;
    let world = World::new(config).await;
    let options = SyncOptions { backfill_days: 3, ..quick() };
    world.sync_using(DEMO_APP_SECRET, options).await.expect("first run");
    world.advance_minutes(6 * 60).await;
    // As an earlier version would have left it after a wrong `Date`.
    sqlx::query("UPDATE sync_cursors SET position = position + 30 * 86400").execute(world.store.pool()).await.unwrap();
    let report = world.sync_using(DEMO_APP_SECRET, options).await.expect("the run reads again");
    let warning = report.warning.expect("a warning says so");
    assert!(warning.contains("sync.warning.cursor_ahead"), "{warning}");
    assert!(world.cursor().await.expect("cursor") <= world.sandbox.sandbox.clock.now());
    assert_same(&world.stats().await, &world.summary().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_platform_clock_far_from_the_laptops_is_refused_for_the_cursor() {
    // The sandbox's clock is pinned days away from this machine's.
    let world = World::new(config(45, 50, common::NOW - 3 * DAY)).await;
    let strict = SyncOptions { clock_check: ClockCheck::Always { max_skew_secs: 3600 }, ..quick() };
    let error = world.sync_using(DEMO_APP_SECRET, strict).await.expect_err("refused");
    assert!(matches!(&error, SyncError::Platform { source: PlatformError::ClockFarOff { .. }, .. }), "{error}");
    assert_eq!(world.cursor().await, None);
    assert_eq!(world.count("SELECT COUNT(*) FROM order_rows").await, 0);
}
