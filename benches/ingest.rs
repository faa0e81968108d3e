//! Ingest benchmark. Figures are ratios measured in the same run, never
//! absolute targets.
//!
//! `cargo bench -p tuanzhang --bench ingest` writes 1M generated order rows
//! through the sync write path (`commit_window`, 500-row windows) and, as
//! the baseline, through a raw rusqlite batched upsert of the same rows into
//! the same schema, then prints rows/s for both and their ratio (target:
//! the sync path reaches at least 50% of the baseline).
//!
//! `cargo bench -p tuanzhang --bench ingest -- --backfill` syncs a 90-day
//! backfill of at least 1M rows from the sandbox at 50 requests/s and prints
//! its wall time next to the API-bound minimum (requests ÷ rate).
//!
//! `TUANZHANG_BENCH_ROWS=N` changes the row count.

use std::time::Instant;
use tuanzhang::accounts;
use tuanzhang::model::*;
use tuanzhang::sandbox::{FaultSettings, Sandbox, SandboxConfig, DEMO_APP_KEY, DEMO_APP_SECRET};
use tuanzhang::secrets::MemorySecrets;
use tuanzhang::store::{Store, DB_FILE};
use tuanzhang::sync::ingest::{commit_window, WindowCommit};
use tuanzhang::sync::jd::{JdClient, JdCredentials};
use tuanzhang::sync::{sync_account, SyncOptions};

const WINDOW_ROWS: usize = 500;

fn rows(count: usize) -> Vec<OrderRow> {
    let start = now_epoch() - 90 * 86_400;
    (0..count)
        .map(|i| {
            let i64i = i as i64;
            let paid = start + i64i * (90 * 86_400) / count as i64;
            OrderRow {
                id: RowId(300_000_000_000 + i64i),
                order_id: OrderId(280_000_000_000 + i64i * 4 / 5),
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
                position_id: Some(PositionId(3_001_000_100 + i64i % 48)),
                sub_union_id: SubUnionId::parse(&format!("p{}", 1001 + i % 360)).ok(),
                plus: i % 5 == 0,
                valid_code: ValidCode(if i % 20 == 0 { 3 } else { 17 }),
            }
        })
        .collect()
}

/// An empty store with one account, as both contenders start from.
async fn fresh_store() -> (tempfile::TempDir, Store, accounts::Account) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).await.expect("store");
    let account = accounts::set_jd(store.pool(), &MemorySecrets::default(), "http://127.0.0.1:9/routerjson", "k", "s", false)
        .await
        .expect("account");
    (dir, store, account)
}

async fn sync_path(rows: &[OrderRow]) -> f64 {
    let (_dir, store, account) = fresh_store().await;
    let run: i64 = sqlx::query_scalar("INSERT INTO sync_runs (account_id, started_at, status) VALUES (?1, 0, 'running') RETURNING id")
        .bind(account.id.0)
        .fetch_one(store.pool())
        .await
        .expect("run");
    let started = Instant::now();
    for window in rows.chunks(WINDOW_ROWS) {
        commit_window(
            store.bulk(),
            WindowCommit {
                account: account.id,
                run: SyncRunId(run),
                rows: window,
                cursor: window[window.len() - 1].modify_time,
                pages: 1,
                recorded_at: now_epoch(),
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
    sub_union_id, plus, valid_code)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)
  ON CONFLICT (id) DO UPDATE SET order_id = excluded.order_id, modify_time = excluded.modify_time,
    finish_time = excluded.finish_time, sku_return_num = excluded.sku_return_num, estimate_fee_fen = excluded.estimate_fee_fen,
    actual_fee_fen = excluded.actual_fee_fen, pay_month = excluded.pay_month, valid_code = excluded.valid_code";

async fn baseline(rows: &[OrderRow]) -> f64 {
    let (dir, store, account) = fresh_store().await;
    store.close().await;
    let mut db = rusqlite::Connection::open(dir.path().join(DB_FILE)).expect("rusqlite opens");
    db.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;").expect("pragmas");
    let started = Instant::now();
    for window in rows.chunks(WINDOW_ROWS) {
        let tx = db.transaction().expect("transaction");
        {
            let mut upsert = tx.prepare_cached(BASELINE_UPSERT).expect("statement");
            for r in window {
                upsert
                    .execute(rusqlite::params![
                        r.id.0, account.id.0, r.order_id.0, r.parent_id, r.order_time, r.order_day().as_int(), r.finish_time,
                        r.modify_time, r.sku_id, r.sku_name, r.sku_num, r.sku_return_num, r.sku_frozen_num, r.price.fen(),
                        r.cid1, r.commission_rate.hundredths(), r.final_rate.hundredths(), r.estimate_cos_price.fen(),
                        r.estimate_fee.fen(), r.actual_cos_price.fen(), r.actual_fee.fen(), r.pay_month.map(BizDay::as_int),
                        r.union_id, r.position_id.map(|p| p.0), r.sub_union_id.as_ref().map(SubUnionId::as_str), r.plus,
                        r.valid_code.0
                    ])
                    .expect("row upserts");
            }
        }
        tx.commit().expect("commit");
    }
    rows.len() as f64 / started.elapsed().as_secs_f64()
}

async fn backfill(target_rows: usize) {
    let mut config = SandboxConfig::new(99, now_epoch());
    // Promotion days and multi-SKU orders make the total ~1.17× the base rate.
    config.rows_per_day = (target_rows as f64 / 88.0 / 1.1) as u32;
    config.future_days = 0;
    let sandbox = std::sync::Arc::new(Sandbox::new(config));
    sandbox.set_faults(FaultSettings { rate_limit_per_sec: 50, ..FaultSettings::default() });
    let rows_available = sandbox.summary().rows;
    let running = std::sync::Arc::clone(&sandbox).serve(([127, 0, 0, 1], 0).into()).await.expect("serves");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).await.expect("store");
    let secrets = MemorySecrets::default();
    let account = accounts::set_jd(store.pool(), &secrets, &running.gateway_url(), DEMO_APP_KEY, DEMO_APP_SECRET, false)
        .await
        .expect("account");
    let client = JdClient::new(JdCredentials {
        gateway: running.gateway_url(),
        app_key: DEMO_APP_KEY.into(),
        app_secret: DEMO_APP_SECRET.into(),
    })
    .expect("client");
    let started = Instant::now();
    let report = sync_account(&store, &account, &client, SyncOptions::default(), |_| {}).await.expect("backfill");
    let seconds = started.elapsed().as_secs_f64();
    let requests = u64::from(report.progress.pages) + 1;
    let minimum = requests as f64 / 50.0;
    println!("backfill: {} rows available, {} fetched, {} requests (pages)", rows_available, report.progress.rows_fetched, requests);
    println!("backfill: wall {seconds:.1} s vs API-bound minimum {minimum:.1} s at 50 req/s (ratio {:.2})", seconds / minimum);
}

#[tokio::main]
async fn main() {
    let count: usize = std::env::var("TUANZHANG_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    if std::env::args().any(|a| a == "--backfill") {
        backfill(count).await;
        return;
    }
    let rows = rows(count);
    let base = baseline(&rows).await;
    let ours = sync_path(&rows).await;
    println!("ingest of {count} rows in {WINDOW_ROWS}-row windows:");
    println!("  baseline (rusqlite, prepared upsert per row): {base:>10.0} rows/s");
    println!("  sync path (commit_window: history, rollup):   {ours:>10.0} rows/s");
    println!("  ratio sync/baseline: {:.2} (target ≥ 0.50)", ours / base);
}
