//! Team benchmark: a partner's own and whole-downline earnings for a range,
//! with 100,000 partners and 3,000,000 order rows (target: each at most
//! 100 ms), and pages of the 团队 table, searched and sorted (target: at
//! most 50 ms a page). `cargo bench -p tuanzhang --bench team`; `TUANZHANG_BENCH_ROWS`
//! and `TUANZHANG_BENCH_PARTNERS` change the sizes.
//!
//! Figures are printed next to the time of the same query for a partner
//! with no downline, measured in the same run. Then 分润 on the same team:
//! each month closed in turn, next to summing its settled money by partner,
//! and the month's statements.

mod common;

use common::{env_or, fresh_store};
use std::time::Instant;
use tuanzhang::charts::Lang;
use tuanzhang::model::paging::KeyedPage;
use tuanzhang::model::{BizDay, BizMonth, Money, PartnerId, PayoutActor};
use tuanzhang::payouts::{self, PlanInput};
use tuanzhang::store::{Store, StoreKey, DB_FILE, WRITER_PRAGMAS};
use tuanzhang::team::{self, PageAt, PartnerPageRequest, PartnerSort, PartnerSummary};

/// A tree grown like a team: each partner joins under an earlier one,
/// the early ones recruiting most. Returns each partner's parent index.
fn tree(partners: usize) -> Vec<Option<usize>> {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..partners)
        .map(|i| {
            if i < 6 {
                None
            } else {
                // Skewed towards early partners: the square of a uniform draw.
                let u = (next() % 1_000_000) as f64 / 1_000_000.0;
                Some(((u * u) * i as f64) as usize)
            }
        })
        .collect()
}

fn fill(path: &std::path::Path, key: &StoreKey, partners: usize, rows: usize, today: BizDay) -> Vec<i64> {
    let mut db = rusqlite::Connection::open(path).expect("opens");
    db.execute_batch(&key.pragma_statement()).expect("key");
    db.execute_batch(WRITER_PRAGMAS).expect("pragmas");
    let tx = db.transaction().expect("tx");
    let mut ids = Vec::with_capacity(partners);
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO partners (name, role, parent_id, sub_union_id, wechat, joined_on, created_at)
                 VALUES (?1, 'member', ?2, ?3, ?4, ?5, 0) RETURNING id",
            )
            .expect("statement");
        for (i, parent) in tree(partners).into_iter().enumerate() {
            let parent_id = parent.map(|p| ids[p]);
            let id: i64 = insert
                .query_row(
                    rusqlite::params![
                        format!("伙伴{i}"),
                        parent_id,
                        format!("p{i}"),
                        format!("wx{i:07}"),
                        today.add_days(-(((partners - i) / 100) as i64)).as_int()
                    ],
                    |r| r.get(0),
                )
                .expect("partner");
            ids.push(id);
        }
        tx.execute("INSERT INTO accounts (platform, gateway, app_key, created_at) VALUES ('jd', 'g', 'k', 0)", [])
            .expect("account");
        let mut row = tx
            .prepare(
                "INSERT INTO order_rows (id, account_id, order_id, parent_id, order_time, order_day, modify_time, sku_id,
                     sku_name, sku_num, sku_return_num, sku_frozen_num, price_fen, cid1, commission_rate, final_rate,
                     estimate_cos_price_fen, estimate_fee_fen, actual_cos_price_fen, actual_fee_fen, union_id, plus,
                     valid_code, partner_id, pay_month)
                 VALUES (?1, 1, ?1, 0, 0, ?2, 0, 1, '坚果', 1, 0, 0, 1000, 1, 500, 9000, 1000, ?3, 0, ?5, 1, 0, 17, ?4, ?6)",
            )
            .expect("statement");
        // Completed rows, each with its fee and the day JD pays it, the
        // 20th of the next month: what has come is what 分润 books, what
        // has not is a partner's pending commission.
        for i in 0..rows {
            let day = today.add_days(-((i % 90) as i64));
            // Busy partners earn most: a skewed pick again.
            let pick = ((i.wrapping_mul(2_654_435_761) % 1_000_003) as f64 / 1_000_003.0).powi(2);
            let partner = ids[(pick * partners as f64) as usize % partners];
            let fee = 45 + (i % 7) as i64;
            let pay_day = BizMonth::of(day).next().first_day().add_days(19);
            row.execute(rusqlite::params![i as i64 + 1, day.as_int(), fee, partner, fee, pay_day.as_int()])
                .expect("row");
        }
    }
    tx.commit().expect("commit");
    // Sync commits window by window and SQLite checkpoints as it goes; one
    // giant transaction leaves it all in the WAL, which readers then pay for.
    db.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").expect("checkpoint");
    ids
}

fn forget_team_rollups(path: &std::path::Path, key: &StoreKey) {
    let db = rusqlite::Connection::open(path).expect("opens");
    db.execute_batch(&key.pragma_statement()).expect("key");
    db.execute_batch(
        "DROP TABLE team_daily; DROP TABLE partner_daily;
         DELETE FROM _sqlx_migrations WHERE version = 7;",
    )
    .expect("rollups dropped");
}

async fn page(store: &Store, search: &str, sort: PartnerSort, at: PageAt) -> KeyedPage<PartnerSummary> {
    team::list(store.pool(), search, sort, PartnerPageRequest { at, limit: 50 }).await.expect("page")
}

/// Reads the page once to warm, then times it.
async fn time_page(store: &Store, search: &str, sort: PartnerSort, at: PageAt) -> (f64, i64) {
    page(store, search, sort, at).await;
    let started = Instant::now();
    let read = page(store, search, sort, at).await;
    (started.elapsed().as_secs_f64() * 1000.0, read.total)
}

/// The cursor of a page halfway in, reached by key as the window would
/// reach it (its timing is for the page at that cursor, not the walk).
async fn middle(store: &Store, sort: PartnerSort, partners: usize) -> PageAt {
    let mut at = PageAt::First;
    for _ in 0..partners / 100 {
        match page(store, "", sort, at).await.items.last() {
            Some(last) => at = PageAt::After(last.id),
            None => break,
        }
    }
    at
}

/// The 团队 table: a page of 50 (first, halfway, last, and back from the
/// last) in each order, read by key, and searched.
async fn table_pages(store: &Store, partners: usize) {
    let (baseline, _) = time_page(store, "", PartnerSort::Added, PageAt::First).await;
    println!("  team table, first page in added order: {baseline:>8.1} ms (baseline)");
    let report = |label: String, ms: f64, total: i64| {
        println!(
            "  team table, {label} ({total} match): {ms:>8.1} ms ({:.1}x baseline, target ≤ 50 ms)",
            ms / baseline.max(0.001)
        );
    };
    for (name, sort) in [
        ("added order", PartnerSort::Added),
        ("by name", PartnerSort::Name),
        ("newest joiners first", PartnerSort::Joined),
    ] {
        let halfway = middle(store, sort, partners).await;
        let last = page(store, "", sort, PageAt::Last).await;
        let before_last = last.items.first().map_or(PageAt::Last, |first| PageAt::Before(first.id));
        for (label, at) in [
            ("first page", PageAt::First),
            ("middle page", halfway),
            ("last page", PageAt::Last),
            ("page before the last", before_last),
        ] {
            let (ms, total) = time_page(store, "", sort, at).await;
            report(format!("{label}, {name}"), ms, total);
        }
    }
    for (label, search) in [("search a name fragment", "伙伴9999"), ("search a whole WeChat id", "wx0054321")] {
        let (ms, total) = time_page(store, search, PartnerSort::Added, PageAt::First).await;
        report(label.to_owned(), ms, total);
    }
}

async fn time_detail(store: &Store, id: i64, today: BizDay) -> (f64, i64, i64) {
    let from = today.add_days(-29);
    let started = Instant::now();
    let detail =
        team::detail(store.pool(), PartnerId(id), from, today, today, false).await.expect("detail").expect("exists");
    (started.elapsed().as_secs_f64() * 1000.0, detail.whole_downline, detail.team.orders)
}

#[tokio::main]
async fn main() {
    let partners = env_or("TUANZHANG_BENCH_PARTNERS", 100_000);
    let rows = env_or("TUANZHANG_BENCH_ROWS", 3_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let today = BizDay::today();
    let started = Instant::now();
    let key = fresh_store(dir.path()).await;
    let ids = fill(&dir.path().join(DB_FILE), &key, partners, rows, today);
    println!("team: {partners} partners, {rows} order rows generated in {:.0} s", started.elapsed().as_secs_f64());
    // The rows were written behind sync's back; building the team rollups
    // again is what the migration that introduced them does.
    forget_team_rollups(&dir.path().join(DB_FILE), &key);
    let started = Instant::now();
    let store = Store::open(dir.path(), &key).await.expect("store");
    println!("  team rollups built by the migration (with its backup) in {:.1} s", started.elapsed().as_secs_f64());
    // A leaf (the last partner joined), then the first partners, the root
    // of the biggest subtrees.
    let (leaf_ms, _, _) = time_detail(&store, ids[partners - 1], today).await;
    println!("  partner with no downline: {leaf_ms:>8.1} ms (baseline)");
    for (label, index) in [("a mid-tree partner", partners / 500), ("a top partner", 0)] {
        // Warm once, then measure.
        time_detail(&store, ids[index], today).await;
        let (ms, downline, orders) = time_detail(&store, ids[index], today).await;
        println!("  {label} ({downline} below, {orders} team orders in 30 days): {ms:>8.1} ms ({:.1}x baseline, target ≤ 100 ms)", ms / leaf_ms.max(0.001));
    }
    table_pages(&store, partners).await;
    payouts(&store, ids[0], today).await;
}

/// 分润 over the same team: a plan (40% own, 10% to the direct upline) from
/// the rows' first day, then each month that can close closed in turn,
/// timed next to the plainest read a close must make, the month's settled
/// money summed by partner; then the month's statements, and the statement
/// of the partner at the top of the biggest subtree.
async fn payouts(store: &Store, top: i64, today: BizDay) {
    let pool = store.pool();
    let first = today.add_days(-89);
    let plan = PlanInput {
        own_rate: "40".into(),
        override_rate: Some("10".into()),
        override_levels: 1,
        effective_from: Some(first),
        ..PlanInput::default()
    };
    payouts::set_plan(pool, &plan, PayoutActor::Cli, today, 1).await.expect("plan");
    let mut month = BizMonth::of(first);
    while month.first_day().add_days(20) <= today {
        let started = Instant::now();
        let (partners, rows, settled): (i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COALESCE(SUM(rows), 0), COALESCE(SUM(fen), 0) FROM (
                 SELECT partner_id, COUNT(*) AS rows, SUM(actual_fee_fen) AS fen FROM order_rows
                 WHERE pay_month BETWEEN ?1 AND ?2 AND partner_id IS NOT NULL GROUP BY partner_id)",
        )
        .bind(month.first_day())
        .bind(month.last_day())
        .fetch_one(pool)
        .await
        .expect("baseline");
        let baseline = started.elapsed().as_secs_f64() * 1000.0;
        let started = Instant::now();
        let closed = payouts::close(pool, month, today, 1, PayoutActor::Cli).await.expect("close");
        let close_ms = started.elapsed().as_secs_f64() * 1000.0;
        // What was closed is what settled: every row's commission line, and
        // the direct upline's share of some of them.
        assert_eq!(closed.settled, Money::from_fen(settled), "{month}: settled");
        assert!(rows == 0 || i64::from(closed.lines) > rows, "{month}: {} lines of {rows} rows", closed.lines);
        println!(
            "  分润 close {month}: {rows} rows, {} lines, ¥{} settled to {partners} partners: {close_ms:>9.0} ms \
             vs {baseline:.0} ms summing it by partner ({:.0}x baseline)",
            closed.lines,
            closed.settled,
            close_ms / baseline.max(0.001)
        );
        let started = Instant::now();
        let statements = payouts::month_statements(pool, month, today).await.expect("statements");
        println!(
            "  分润 statements of {month}, {} partners: {:>9.0} ms",
            statements.statements.len(),
            started.elapsed().as_secs_f64() * 1000.0
        );
        let started = Instant::now();
        payouts::partner_statement(pool, PartnerId(top), month, today, Lang::Zh).await.expect("statement");
        println!("  分润 the top partner's statement of {month}: {:>9.1} ms", started.elapsed().as_secs_f64() * 1000.0);
        month = month.next();
    }
    println!("  peak memory: {}", peak_memory());
}

/// The process's peak resident memory, as Linux reports it.
fn peak_memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find_map(|line| line.strip_prefix("VmHWM:")).map_or("unknown".into(), |kb| kb.trim().to_owned())
}
