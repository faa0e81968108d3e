//! Earnings benchmark: every report over the last 90 days, read from the
//! rollups, against a raw-row scan of the same report in the same run, at
//! 3,000,000 order rows spread over the three platforms, 100,000 partners
//! and 60 groups (target: each report at most 50 ms p95), of all platforms
//! and of one; the share card, its figures read from the same store
//! (≤ 100 ms). Charts alone: `benches/charts.rs`.
//! `cargo bench -p tuanzhang --bench earnings`; `TUANZHANG_BENCH_ROWS` and
//! `TUANZHANG_BENCH_PARTNERS` change the sizes, `TUANZHANG_BENCH_REPORTS=day,platform`
//! times only those reports.

mod common;

use common::{env_or, fresh_store};
use std::time::Instant;
use tuanzhang::charts::{share_card, Lang};
use tuanzhang::earnings::report::report;
use tuanzhang::earnings::report_rows::ReportBy;
use tuanzhang::model::{BizDay, BizMonth, Platform};
use tuanzhang::platform::sandbox::rng::Rng;
use tuanzhang::store::{Store, StoreKey, DB_FILE, WRITER_PRAGMAS};

const GROUPS: i64 = 60;
const DAYS: i64 = 365;
const RUNS: usize = 20;

/// `0..n` from the sandbox's seeded generator, so every run measures the same store.
fn below(draw: &mut Rng, n: u64) -> u64 {
    draw.next_u64() % n
}

/// validCode and whether the line has completed, in the platform's rough proportions.
fn state(draw: &mut Rng) -> (i64, bool) {
    match below(draw, 1000) {
        0..=799 => (17, true),
        800..=899 => (16, false),
        900..=949 => (3, false),
        950..=969 => (15, false),
        970..=979 => (26, false),
        980..=984 => (25, false),
        985..=989 => (27, false),
        990..=994 => (28, false),
        _ => (2, false),
    }
}

fn fill(path: &std::path::Path, key: &StoreKey, partners: usize, rows: usize, today: BizDay) {
    let mut db = rusqlite::Connection::open(path).expect("opens");
    db.execute_batch(&key.pragma_statement()).expect("key");
    db.execute_batch(WRITER_PRAGMAS).expect("pragmas");
    let tx = db.transaction().expect("tx");
    {
        tx.execute("INSERT INTO accounts (platform, gateway, app_key, created_at) VALUES ('jd', 'g', 'k', 0)", [])
            .expect("account");
        let mut partner = tx
            .prepare("INSERT INTO partners (id, name, role, sub_union_id, created_at) VALUES (?1, ?2, 'member', ?3, 0)")
            .expect("statement");
        for i in 1..=partners as i64 {
            partner.execute(rusqlite::params![i, format!("伙伴{i}"), format!("p{i}")]).expect("partner");
        }
        let mut group = tx
            .prepare("INSERT INTO groups (id, name, kind, position_id, created_at) VALUES (?1, ?2, 'sales', ?1, 0)")
            .expect("statement");
        for i in 1..=GROUPS {
            group.execute(rusqlite::params![i, format!("好物{i}群")]).expect("group");
        }
        let mut row = tx
            .prepare(
                "INSERT INTO order_rows (id, account_id, order_id, parent_id, order_time, order_day, modify_time, sku_id,
                     sku_name, sku_num, sku_return_num, sku_frozen_num, price_fen, cid1, commission_rate, final_rate,
                     estimate_cos_price_fen, estimate_fee_fen, actual_cos_price_fen, actual_fee_fen, pay_month, union_id,
                     plus, valid_code, group_id, partner_id, platform)
                 VALUES (?1, 1, ?1, 0, ?2, ?3, ?2, 1, '坚果', 1, 0, 0, ?4, ?5, 500, 9000, ?4, ?6, ?7, ?8, ?9, 1, 0, ?10,
                         ?11, ?12, ?13)",
            )
            .expect("statement");
        let mut draw = Rng::new(0x9E37_79B9_7F4A_7C15);
        let categories = [1320_i64, 1620, 1315, 1316, 1319, 652];
        for i in 0..rows {
            let day = today.add_days(-(below(&mut draw, DAYS as u64) as i64));
            let at = day.start() + below(&mut draw, 86_400) as i64;
            let price = 990 + below(&mut draw, 9_000) as i64;
            let fee = price * 500 * 9000 / 100_000_000;
            let (code, completed) = state(&mut draw);
            let pay = BizMonth::of(day).next().first_day().add_days(19);
            let (actual, pay_month) = if completed { (fee, Some(pay.as_int())) } else { (0, None) };
            // Busy partners and groups earn most: the square of a uniform draw.
            let u = below(&mut draw, 1_000_000) as f64 / 1_000_000.0;
            let partner = ((u * u) * partners as f64) as i64 + 1;
            let group = (below(&mut draw, 10) > 0).then(|| ((u * GROUPS as f64) as i64).min(GROUPS - 1) + 1);
            // A third of the rows each; 多多进宝's and 淘宝联盟's ids are negative, as their stand-ins are.
            let platform = Platform::ALL[i % Platform::ALL.len()];
            let id = if platform == Platform::Jd { i as i64 + 1 } else { -(i as i64 + 1) };
            row.execute(rusqlite::params![
                id,
                at,
                day.as_int(),
                price,
                categories[below(&mut draw, categories.len() as u64) as usize],
                fee,
                actual,
                actual,
                pay_month,
                code,
                group,
                partner,
                platform.as_str(),
            ])
            .expect("row");
        }
    }
    tx.commit().expect("commit");
    db.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").expect("checkpoint");
}

/// What sync's window commits keep in the rollups the reports read, by
/// platform. The migrations that build them from rows are from before
/// 多多进宝 and 淘宝联盟 and count every row as JD's, so the bench writes them
/// as the sync writer would.
const PLATFORM_ROLLUPS: &str = "
    DELETE FROM daily_rollup;
    INSERT INTO daily_rollup (day, group_id, pay_month, platform, rows, valid_rows, orders, estimate_fee_fen,
        actual_fee_fen)
    SELECT order_day, COALESCE(group_id, 0), COALESCE(pay_month, 0), platform, COUNT(*),
           SUM(valid_code IN (16, 17, 18, 24)), 0,
           SUM(CASE WHEN valid_code IN (16, 17, 18, 24) THEN estimate_fee_fen ELSE 0 END),
           SUM(CASE WHEN valid_code IN (16, 17, 18, 24) THEN actual_fee_fen ELSE 0 END)
    FROM order_rows GROUP BY 1, 2, 3, 4;
    INSERT INTO daily_rollup (day, group_id, pay_month, platform, orders)
    SELECT order_day, COALESCE(group_id, 0), 0, platform, COUNT(DISTINCT order_id) FROM order_rows
    WHERE valid_code IN (16, 17, 18, 24) GROUP BY 1, 2, 4
    ON CONFLICT (day, group_id, pay_month, platform) DO UPDATE SET orders = excluded.orders;
    DELETE FROM category_daily;
    INSERT INTO category_daily (day, cid1, valid_code, pay_month, platform, rows, estimate_fee_fen, actual_fee_fen,
        refunded_fen, invalidated_fen)
    SELECT order_day, cid1, valid_code, COALESCE(pay_month, 0), platform, COUNT(*), SUM(estimate_fee_fen),
           SUM(actual_fee_fen),
           SUM(CASE WHEN valid_code IN (16, 17, 18, 24)
                    THEN price_fen * sku_num * commission_rate * final_rate / 100000000
                       - price_fen * (sku_num - sku_return_num) * commission_rate * final_rate / 100000000
                    ELSE 0 END),
           SUM(CASE WHEN valid_code NOT IN (16, 17, 18, 24, 15, -1)
                    THEN price_fen * (sku_num - sku_return_num) * commission_rate * final_rate / 100000000
                    ELSE 0 END)
    FROM order_rows GROUP BY 1, 2, 3, 4, 5;
    DELETE FROM hour_daily;
    INSERT INTO hour_daily (day, hour, pay_month, platform, rows, orders, estimate_fee_fen, actual_fee_fen)
    SELECT order_day, (order_time + 28800) / 3600 % 24, COALESCE(pay_month, 0), platform, COUNT(*), 0,
           SUM(estimate_fee_fen), SUM(actual_fee_fen)
    FROM order_rows WHERE valid_code IN (16, 17, 18, 24) GROUP BY 1, 2, 3, 4;
    INSERT INTO hour_daily (day, hour, pay_month, platform, orders)
    SELECT order_day, (order_time + 28800) / 3600 % 24, 0, platform, COUNT(DISTINCT order_id)
    FROM order_rows WHERE valid_code IN (16, 17, 18, 24) GROUP BY 1, 2, 4
    ON CONFLICT (day, hour, pay_month, platform) DO UPDATE SET orders = excluded.orders;
";

/// The rows were written behind sync's back: the migrations that introduced
/// the other rollups build them again, as they do on a store from before them.
fn forget_rollups(path: &std::path::Path, key: &StoreKey) {
    let db = rusqlite::Connection::open(path).expect("opens");
    db.execute_batch(&key.pragma_statement()).expect("key");
    db.execute_batch(
        "DROP TABLE team_daily; DROP TABLE partner_daily;
         DROP TABLE category_daily; DROP TABLE hour_daily; DROP TABLE settlement_forecasts;
         DROP INDEX order_rows_risk_by_day; DROP INDEX order_rows_by_pay_month;
         DROP TABLE partner_month_ceiling; DROP TABLE partner_day_totals;
         DROP TABLE partner_platform_daily; DROP TABLE partner_platform_month_ceiling;
         DROP TABLE partner_platform_day_totals;
         DROP TABLE risk_changes; DROP TABLE risk_changes_seen;
         DROP TRIGGER risk_change_row_new; DROP TRIGGER risk_change_row_changed;
         DROP TRIGGER risk_change_frozen; DROP TRIGGER risk_change_refrozen;
         DELETE FROM _sqlx_migrations WHERE version IN (7, 18, 19, 25, 30, 32, 33);",
    )
    .expect("rollups dropped");
}

/// The 95th percentile of `RUNS` timings, in ms.
fn p95(mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    ms[(ms.len() * 95 / 100).min(ms.len() - 1)]
}

/// The same report straight from the raw rows: the scan the rollups spare,
/// of every platform or of `?4`'s.
fn raw_sql(by: ReportBy) -> String {
    let key = match by {
        ReportBy::Day => "order_day",
        ReportBy::Week => "(order_day / 7)",
        ReportBy::Month => "(order_day / 100)",
        ReportBy::Group => "group_id",
        ReportBy::Partner => "partner_id",
        ReportBy::Category => "cid1",
        ReportBy::Status => "valid_code",
        ReportBy::Hour => "((order_time + 28800) / 3600 % 24)",
        ReportBy::Weekday => "(((order_time + 28800) / 86400 + 3) % 7)",
        ReportBy::Platform => "(CASE platform WHEN 'jd' THEN 0 WHEN 'pdd' THEN 1 ELSE 2 END)",
    };
    format!(
        "SELECT {key}, SUM(estimate_fee_fen), SUM(CASE WHEN pay_month BETWEEN 1 AND ?3 THEN actual_fee_fen END),
                COUNT(DISTINCT order_id)
         FROM order_rows WHERE order_day BETWEEN ?1 AND ?2 AND valid_code IN (16, 17, 18, 24)
           AND (?4 IS NULL OR platform = ?4)
         GROUP BY {key} ORDER BY 2 DESC"
    )
}

async fn time_reports(store: &Store, platform: Option<Platform>, today: BizDay) {
    let range = (today.add_days(-89), today);
    let scope = platform.map_or("all platforms", |p| p.as_str());
    // `TUANZHANG_BENCH_REPORTS=day,platform` times only those.
    let only = std::env::var("TUANZHANG_BENCH_REPORTS").unwrap_or_default().to_lowercase();
    let wanted =
        |by: &ReportBy| only.is_empty() || only.split(',').any(|w| w.trim() == format!("{by:?}").to_lowercase());
    for by in ReportBy::ALL.into_iter().filter(wanted) {
        let sql = raw_sql(by);
        let scan = async || {
            let started = Instant::now();
            let rows: Vec<(Option<i64>, i64, Option<i64>, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(range.0)
                .bind(range.1)
                .bind(today)
                .bind(platform.map(|p| p.as_str()))
                .fetch_all(store.pool())
                .await
                .expect("scan");
            (started.elapsed().as_secs_f64() * 1000.0, rows.len())
        };
        // A scan takes seconds: warmed once, measured once.
        scan().await;
        let raw = scan().await.0;
        report(store.pool(), platform, range, by, today).await.expect("report");
        let mut ours = Vec::new();
        let mut lines = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            lines = report(store.pool(), platform, range, by, today).await.expect("report").rows.len();
            ours.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        let ours = p95(ours);
        println!(
            "  {scope}: 90-day report by {by:?} ({lines} lines): {ours:>7.1} ms p95 from rollups vs {raw:>7.1} ms raw-row scan \
             ({:.0}x faster, target ≤ 50 ms)",
            raw / ours.max(0.001)
        );
    }
}

#[tokio::main]
async fn main() {
    let partners = env_or("TUANZHANG_BENCH_PARTNERS", 100_000);
    let rows = env_or("TUANZHANG_BENCH_ROWS", 3_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let today = BizDay::today();
    let started = Instant::now();
    let key = fresh_store(dir.path()).await;
    fill(&dir.path().join(DB_FILE), &key, partners, rows, today);
    println!(
        "earnings: {rows} order rows over {DAYS} days, {partners} partners, {GROUPS} groups generated in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    forget_rollups(&dir.path().join(DB_FILE), &key);
    let started = Instant::now();
    let store = Store::open(dir.path(), &key).await.expect("store");
    println!("  rollups built by their migrations (with the backup first) in {:.1} s", started.elapsed().as_secs_f64());
    let started = Instant::now();
    sqlx::raw_sql(PLATFORM_ROLLUPS).execute(store.pool()).await.expect("rollups by platform");
    println!("  rollups keyed by platform in {:.1} s", started.elapsed().as_secs_f64());
    time_reports(&store, None, today).await;
    time_reports(&store, Some(Platform::Taobao), today).await;

    // The system's fonts are read once per process; the first card pays for it.
    let started = Instant::now();
    share_card::share_card_png(store.pool(), None, (today, today), false, today, Lang::Zh).await.expect("card");
    println!("  first PNG, fonts read: {:.0} ms (once per run)", started.elapsed().as_secs_f64() * 1000.0);
    let range = (today.add_days(-29), today);
    let mut card = Vec::new();
    for _ in 0..=RUNS {
        let started = Instant::now();
        share_card::share_card_png(store.pool(), None, range, false, today, Lang::Zh).await.expect("card");
        card.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    card.remove(0);
    println!("  share card (30 days, figures read and drawn) as PNG: {:>7.2} ms p95 (target ≤ 100 ms)", p95(card));
}
