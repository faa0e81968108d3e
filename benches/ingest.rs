//! Ingest benchmark. Figures are ratios measured in the same run, never
//! absolute targets.
//!
//! `cargo bench -p tuanzhang --bench ingest` writes 1M generated order rows
//! through the sync write path (`commit_window`, 500-row windows) and, as
//! the baseline, through a raw rusqlite batched upsert of the same rows into
//! the same schema with the same connection settings (both end with the
//! same rows, group and partner links), then prints rows/s for both and
//! their ratio (target: the sync path reaches at least 50% of the baseline),
//! once for each platform's rows (JD's numeric ids; 多多进宝's and 淘宝联盟's
//! text keys, their status codes, places and persons).
//!
//! `cargo bench -p tuanzhang --bench ingest -- --backfill` syncs a 90-day
//! backfill of at least 1M rows from the sandbox at 50 requests/s and prints
//! its wall time next to the API-bound minimum (requests ÷ rate).
//!
//! `TUANZHANG_BENCH_ROWS=N` changes the row count; `TUANZHANG_BENCH_PLATFORMS=pdd,taobao` measures only those.

use std::collections::{BTreeSet, HashMap};
use std::time::Instant;
use tuanzhang::account;
use tuanzhang::model::*;
use tuanzhang::platform::http::{Credentials, DEFAULT_TIMEOUT};
use tuanzhang::platform::jd::JdClient;
use tuanzhang::platform::sandbox::{FaultSettings, Sandbox, SandboxConfig, DEMO_APP_KEY, DEMO_APP_SECRET};
use tuanzhang::platform::PlatformClient;
use tuanzhang::store::secrets::MemorySecrets;
use tuanzhang::store::{Store, DB_FILE, WRITER_PRAGMAS};
use tuanzhang::sync::ingest::{commit_window, WindowCommit};
use tuanzhang::sync::{sync_account, SyncOptions};

const WINDOW_ROWS: usize = 500;

fn rows(count: usize, platform: Platform) -> Vec<OrderRow> {
    let start = now_epoch() - 90 * 86_400;
    (0..count)
        .map(|i| {
            let i64i = i as i64;
            let paid = start + i64i * (90 * 86_400) / count as i64;
            let jd = platform == Platform::Jd;
            let row_key = format!("261205-{:015}", 300_000_000_000 + i64i);
            let order_key = format!("261205-{:015}", 280_000_000_000 + i64i * 4 / 5);
            OrderRow {
                id: if jd { RowId(300_000_000_000 + i64i) } else { RowId::from_platform_key(platform, &row_key) },
                order_id: if jd {
                    OrderId(280_000_000_000 + i64i * 4 / 5)
                } else {
                    OrderId::from_platform_key(platform, &order_key)
                },
                parent_id: 0,
                order_time: paid,
                finish_time: (i % 3 != 0).then_some(paid + 5 * 86_400),
                modify_time: paid + 5 * 86_400,
                sku_id: 100_012_000_000 + i64i % 300,
                sku_name: format!("【团长推荐】每日坚果礼盒750g #{}", i % 300),
                sku_num: 1 + i64i % 3,
                sku_return_num: 0,
                sku_frozen_num: 0,
                price: Money::from_fen(990 + i64i % 9000),
                cid1: 1320,
                commission_rate: RatePct::from_hundredths(500),
                final_rate: RatePct::from_hundredths(9000),
                estimate_cos_price: Money::from_fen(990 + i64i % 9000),
                estimate_fee: Money::from_fen((990 + i64i % 9000) * 45 / 1000),
                actual_cos_price: Money::ZERO,
                actual_fee: Money::ZERO,
                pay_month: BizDay::from_int(20261220),
                union_id: 1_002_345_678,
                position_id: jd.then_some(PositionId(3_001_000_100 + i64i % 48)),
                sub_union_id: SubUnionId::parse(&format!("p{}", 1001 + i % 360)).ok().filter(|_| jd),
                plus: i % 5 == 0,
                valid_code: ValidCode(if i % 20 == 0 { 3 } else { 17 }),
                settlements: None,
                platform,
                platform_key: (!jd).then_some(row_key),
                order_key: (!jd).then_some(order_key),
                platform_status: (!jd).then(|| if i % 20 == 0 { "4" } else { "2" }.to_owned()),
                platform_place: (!jd).then(|| format!("1000001_{}", 2_000_000 + i % 48)),
                platform_person: (!jd).then(|| format!("{{\"uid\":\"p{}\"}}", 1001 + i % 360)),
            }
        })
        .collect()
}

/// One key per store, as the app keeps one per data folder.
fn bench_key() -> tuanzhang::store::StoreKey {
    tuanzhang::store::StoreKey::load_or_create(&MemorySecrets::default()).expect("key")
}

/// An empty store with one account, as both contenders start from.
async fn fresh_store() -> (tempfile::TempDir, Store, account::Account) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path(), &bench_key()).await.expect("store");
    let account =
        account::set_jd(store.pool(), &MemorySecrets::default(), "http://127.0.0.1:9/routerjson", "k", "s", false)
            .await
            .expect("account");
    (dir, store, account)
}

async fn sync_path(rows: &[OrderRow]) -> f64 {
    let (_dir, store, account) = fresh_store().await;
    let run: i64 = sqlx::query_scalar(
        "INSERT INTO sync_runs (account_id, started_at, status) VALUES (?1, 0, 'running') RETURNING id",
    )
    .bind(account.id.0)
    .fetch_one(store.pool())
    .await
    .expect("run");
    let windows: Vec<Vec<OrderRow>> = rows.chunks(WINDOW_ROWS).map(<[OrderRow]>::to_vec).collect();
    let started = Instant::now();
    for window in windows {
        let cursor = window[window.len() - 1].modify_time;
        commit_window(
            store.bulk(),
            WindowCommit {
                account: account.id,
                run: SyncRunId(run),
                rows: window,
                rejected: Vec::new(),
                cursor,
                pages: 1,
                recorded_at: now_epoch(),
                subsidies: Vec::new(),
                clawbacks: Vec::new(),
                punishments: Vec::new(),
            },
        )
        .await
        .expect("window commits");
    }
    let seconds = started.elapsed().as_secs_f64();
    store.close().await;
    rows.len() as f64 / seconds
}

const BASELINE_UPSERT: &str = "INSERT INTO order_rows (id, account_id, order_id, parent_id, order_time, order_day, finish_time,
    modify_time, sku_id, sku_name, sku_num, sku_return_num, sku_frozen_num, price_fen, cid1, commission_rate, final_rate,
    estimate_cos_price_fen, estimate_fee_fen, actual_cos_price_fen, actual_fee_fen, pay_month, union_id, position_id,
    sub_union_id, plus, valid_code, group_id, partner_id, platform, platform_key, order_key, platform_status, platform_place,
    platform_person)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25,
    ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35)
  ON CONFLICT (id) DO UPDATE SET order_id = excluded.order_id, modify_time = excluded.modify_time,
    finish_time = excluded.finish_time, sku_return_num = excluded.sku_return_num, estimate_fee_fen = excluded.estimate_fee_fen,
    actual_fee_fen = excluded.actual_fee_fen, pay_month = excluded.pay_month, valid_code = excluded.valid_code";

/// The groups and partners the rows belong to, entered up front (the sync
/// path creates them as it meets them, inside its timing), so that both
/// contenders end with the same table contents.
fn owners(db: &rusqlite::Connection, rows: &[OrderRow]) -> (HashMap<PositionId, i64>, HashMap<String, i64>) {
    let positions: BTreeSet<PositionId> = rows.iter().filter_map(|r| r.position_id).collect();
    let sub_union_ids: BTreeSet<&str> =
        rows.iter().filter_map(|r| r.sub_union_id.as_ref().map(SubUnionId::as_str)).collect();
    let groups = positions
        .into_iter()
        .map(|p| {
            let id = db
                .query_row(
                    "INSERT INTO groups (name, kind, position_id, created_at) VALUES (?1, 'other', ?1, 0) RETURNING id",
                    [p.0],
                    |r| r.get(0),
                )
                .expect("group");
            (p, id)
        })
        .collect();
    let partners = sub_union_ids
        .into_iter()
        .map(|s| {
            let id = db
                .query_row("INSERT INTO partners (name, role, sub_union_id, created_at) VALUES (?1, 'member', ?1, 0) RETURNING id", [s], |r| r.get(0))
                .expect("partner");
            (s.to_owned(), id)
        })
        .collect();
    (groups, partners)
}

async fn baseline(rows: &[OrderRow]) -> f64 {
    let (dir, store, account) = fresh_store().await;
    store.close().await;
    let mut db = rusqlite::Connection::open(dir.path().join(DB_FILE)).expect("rusqlite opens");
    // Encrypted like the store: both contenders pay SQLCipher's page costs.
    db.execute_batch(&store.key().pragma_statement()).expect("key");
    db.execute_batch(WRITER_PRAGMAS).expect("pragmas");
    let (groups, partners) = owners(&db, rows);
    let started = Instant::now();
    for window in rows.chunks(WINDOW_ROWS) {
        let tx = db.transaction().expect("transaction");
        {
            let mut upsert = tx.prepare_cached(BASELINE_UPSERT).expect("statement");
            for r in window {
                upsert
                    .execute(rusqlite::params![
                        r.id.0,
                        account.id.0,
                        r.order_id.0,
                        r.parent_id,
                        r.order_time,
                        r.order_day().as_int(),
                        r.finish_time,
                        r.modify_time,
                        r.sku_id,
                        r.sku_name,
                        r.sku_num,
                        r.sku_return_num,
                        r.sku_frozen_num,
                        r.price.fen(),
                        r.cid1,
                        r.commission_rate.hundredths(),
                        r.final_rate.hundredths(),
                        r.estimate_cos_price.fen(),
                        r.estimate_fee.fen(),
                        r.actual_cos_price.fen(),
                        r.actual_fee.fen(),
                        r.pay_month.map(BizDay::as_int),
                        r.union_id,
                        r.position_id.map(|p| p.0),
                        r.sub_union_id.as_ref().map(SubUnionId::as_str),
                        r.plus,
                        r.valid_code.0,
                        r.position_id.and_then(|p| groups.get(&p)),
                        r.sub_union_id.as_ref().and_then(|s| partners.get(s.as_str())),
                        r.platform.as_str(),
                        r.platform_key,
                        r.order_key,
                        r.platform_status,
                        r.platform_place,
                        r.platform_person
                    ])
                    .expect("row upserts");
            }
        }
        tx.commit().expect("commit");
    }
    rows.len() as f64 / started.elapsed().as_secs_f64()
}

const RATE: u32 = 50;

async fn backfill(target_rows: usize) {
    let mut config = SandboxConfig::new(99, now_epoch());
    // Promotion days and multi-SKU orders make the total ~1.17× the base rate.
    config.rows_per_day = (target_rows as f64 / 88.0 / 1.1) as u32;
    config.future_days = 0;
    let sandbox = std::sync::Arc::new(Sandbox::new(config));
    let rows_available = sandbox.summary().rows;
    let running = std::sync::Arc::clone(&sandbox).serve(([127, 0, 0, 1], 0).into()).await.expect("serves");
    // Unpaced first: how fast fetching, parsing and writing go by themselves.
    let (local_bound, _) = timed_backfill(&running.gateway_url(), 0).await;
    sandbox.set_faults(FaultSettings { rate_limit_per_sec: RATE, ..FaultSettings::default() });
    let (seconds, report) = timed_backfill(&running.gateway_url(), RATE).await;
    let requests = u64::from(report.progress.pages) + 1;
    let minimum = requests as f64 / f64::from(RATE);
    println!(
        "backfill: {} rows available, {} fetched, {} requests (pages)",
        rows_available, report.progress.rows_fetched, requests
    );
    println!(
        "backfill: wall {seconds:.1} s vs API-bound minimum {minimum:.1} s at {RATE} req/s (ratio {:.2})",
        seconds / minimum
    );
    println!(
        "backfill: with no rate limit the same backfill takes {local_bound:.1} s ({:.2} of the API-bound minimum)",
        local_bound / minimum
    );
}

/// A first sync into a fresh store at `rate` requests a second (0: unpaced).
async fn timed_backfill(gateway: &str, rate: u32) -> (f64, tuanzhang::sync::SyncReport) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path(), &bench_key()).await.expect("store");
    let secrets = MemorySecrets::default();
    let account =
        account::set_jd(store.pool(), &secrets, gateway, DEMO_APP_KEY, DEMO_APP_SECRET, false).await.expect("account");
    let client = JdClient::new(
        Credentials { gateway: gateway.to_owned(), app_key: DEMO_APP_KEY.into(), app_secret: DEMO_APP_SECRET.into() },
        DEFAULT_TIMEOUT,
    )
    .expect("client");
    let client = PlatformClient::Jd(client);
    let options = SyncOptions { requests_per_sec: rate, ..SyncOptions::default() };
    let started = Instant::now();
    let report = sync_account(&store, &account, &client, options, |_| {}).await.expect("backfill");
    let seconds = started.elapsed().as_secs_f64();
    store.close().await;
    (seconds, report)
}

#[tokio::main]
async fn main() {
    let count: usize = std::env::var("TUANZHANG_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    if std::env::args().any(|a| a == "--backfill") {
        backfill(count).await;
        return;
    }
    // `TUANZHANG_BENCH_PLATFORMS=taobao` (or a comma list) measures only those.
    let only = std::env::var("TUANZHANG_BENCH_PLATFORMS").unwrap_or_default();
    let wanted = |p: &Platform| only.is_empty() || only.split(',').any(|w| w.trim() == p.as_str());
    for platform in Platform::ALL.into_iter().filter(wanted) {
        let rows = rows(count, platform);
        let base = baseline(&rows).await;
        let ours = sync_path(&rows).await;
        println!("ingest of {count} {platform} rows in {WINDOW_ROWS}-row windows:");
        println!("  baseline (rusqlite, prepared upsert per row, same pragmas): {base:>10.0} rows/s");
        println!("  sync path (commit_window: history, rollup, cursor):     {ours:>10.0} rows/s");
        println!("  ratio sync/baseline: {:.2} (target ≥ 0.50)", ours / base);
    }
}
