//! A big team's year in her store, for the window benchmark
//! (`benches/window/run.sh`, which runs this first):
//!
//!   cargo bench -p tuanzhang --bench big_team -- DATA_DIR
//!
//! fills `DATA_DIR` (the folder the window is pointed at with
//! `TUANZHANG_DATA_DIR`, its key in the file secret store as
//! `TUANZHANG_SECRET_STORE=file` makes the window look for it) with her own
//! store and chooses it: 100,000 partners in a skewed tree, 60 groups, a
//! year of 3,000,000 order rows written through the sync write path (so
//! every rollup is what a sync leaves), 20,000 materials of which 2,000
//! carry a picture, a year of posting plans and their log, and a year of
//! care log. `TUANZHANG_BENCH_PARTNERS`, `TUANZHANG_BENCH_ROWS` and
//! `TUANZHANG_BENCH_MATERIALS` change the sizes (small ones for a trial).
//!
//! Not timed: it prepares the store the window is measured on.

use std::time::Instant;
use tuanzhang::account;
use tuanzhang::care::log::{record, CareInput};
use tuanzhang::groups::{self, NewGroup};
use tuanzhang::materials::{edit, folders, MaterialDraft, Part, Parts};
use tuanzhang::media::MediaStore;
use tuanzhang::model::*;
use tuanzhang::platform::sandbox::rng::Rng;
use tuanzhang::posting::{log, queue, starter, LogAction, PostingSettings};
use tuanzhang::store::{secrets, DataFolder, Store, StoreKey, StoreKind};
use tuanzhang::sync::ingest::{commit_windows, WindowCommit};
use tuanzhang::team::{self, NewPartner};

const DAYS: i64 = 365;
const GROUPS: usize = 60;
const FIRST_POSITION: i64 = 3_101_000_100;
const SUB_UNION_PREFIX: &str = "bt-p";
/// Rows a window holds, and windows a transaction commits, as a backfill
/// that runs ahead of its writer does.
const WINDOW_ROWS: usize = 5_000;
const WINDOWS_A_COMMIT: usize = 4;

/// `name` from the environment as a size, or `default`.
fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let Some(dir) = std::env::args().skip(1).rfind(|a| !a.starts_with("--")) else {
        eprintln!("usage: cargo bench -p tuanzhang --bench big_team -- DATA_DIR");
        std::process::exit(2);
    };
    let partners = env_or("TUANZHANG_BENCH_PARTNERS", 100_000);
    let rows = env_or("TUANZHANG_BENCH_ROWS", 3_000_000);
    let materials = env_or("TUANZHANG_BENCH_MATERIALS", 20_000);
    let folder = DataFolder::at(std::path::Path::new(&dir));
    let secrets = secrets::open_default(folder.root());
    let key = StoreKey::load_or_create(&*secrets).expect("the store's key");
    let store = Store::open(&folder.store_dir(StoreKind::Mine), &key).await.expect("her store");
    folder.choose(StoreKind::Mine).expect("her store chosen");
    let now = now_epoch();
    let today = BizDay::of(now);
    // The sandbox's seeded generator: the same store on every run.
    let mut draw = Rng::new(20_261_206);

    // Her own account, on a gateway nobody answers: the window must not
    // sync during the measurement, and a run that succeeded just now (below)
    // makes none due.
    let account = account::set_jd(store.pool(), &*secrets, "http://127.0.0.1:9/routerjson", "big-team", "s", false)
        .await
        .expect("her account");

    let started = Instant::now();
    enter_team(&store, partners, today, now, &mut draw).await;
    enter_groups(&store, today, now).await;
    println!("big team: {partners} partners and {GROUPS} groups in {:.0} s", started.elapsed().as_secs_f64());

    let started = Instant::now();
    write_orders(&store, account.id, partners, rows, today, now, &mut draw).await;
    println!("big team: {rows} order rows over {DAYS} days in {:.0} s", started.elapsed().as_secs_f64());

    let started = Instant::now();
    enter_library(&store, materials, now, &mut draw).await;
    println!("big team: {materials} materials in {:.0} s", started.elapsed().as_secs_f64());

    let started = Instant::now();
    let (posts, care) = enter_year_of_work(&store, partners, today, now).await;
    println!("big team: {posts} posts logged, {care} care entries in {:.0} s", started.elapsed().as_secs_f64());

    store.close().await;
    // The search index catches up as the window would on opening; done
    // here, so the window opens on a store a year of use left behind.
    let started = Instant::now();
    let store = tuanzhang::upkeep::open_for_work(&folder.store_dir(StoreKind::Mine), &key).await.expect("opened");
    store.close().await;
    println!("big team: search index caught up in {:.0} s", started.elapsed().as_secs_f64());
}

/// A tree grown as a team grows: each joins under an earlier partner, the
/// early ones recruiting most; a few lead, most are members.
async fn enter_team(store: &Store, partners: usize, today: BizDay, now: EpochSecs, draw: &mut Rng) {
    let mut tx = tuanzhang::store::begin_write(store.pool()).await.expect("write");
    let mut ids: Vec<PartnerId> = Vec::with_capacity(partners);
    for i in 0..partners {
        let parent = (i >= 6).then(|| ids[draw.skewed(i, 2.0)]);
        let role = match i % 50 {
            0 => PartnerRole::Leader,
            1..=3 => PartnerRole::Shopkeeper,
            4..=9 => PartnerRole::Pusher,
            _ => PartnerRole::Member,
        };
        let partner = NewPartner {
            name: format!("伙伴{i}"),
            role,
            sub_union_id: Some(format!("{SUB_UNION_PREFIX}{i}")),
            parent,
            // Three years of joining, the newest last.
            joined_on: (i % 17 != 0).then(|| today.add_days(-((partners - i) as i64 * 3 * 365 / partners as i64))),
        };
        ids.push(team::upsert(&mut tx, &partner, now).await.expect("partner"));
    }
    tx.commit().await.expect("team committed");
}

async fn enter_groups(store: &Store, today: BizDay, now: EpochSecs) {
    let kinds = [GroupKind::Sales, GroupKind::Deals, GroupKind::Training, GroupKind::Other];
    let mut tx = tuanzhang::store::begin_write(store.pool()).await.expect("write");
    for index in 0..GROUPS {
        let group = NewGroup {
            name: format!("好物分享{}群", index + 1),
            kind: kinds[index % kinds.len()],
            position_id: Some(FIRST_POSITION + index as i64),
        };
        let id = groups::upsert_for_position(&mut *tx, &group, now).await.expect("group");
        let size = 120 + (index as i64 * 97) % 380;
        for back in 0..DAYS {
            sqlx::query("INSERT OR IGNORE INTO group_member_counts (group_id, day, members) VALUES (?1, ?2, ?3)")
                .bind(id)
                .bind(today.add_days(-back))
                .bind((size - back / 3 * (index as i64 % 3)).clamp(20, 500))
                .execute(&mut *tx)
                .await
                .expect("member count");
        }
    }
    tx.commit().await.expect("groups committed");
}

/// Categories as JD numbers them, with a price range in fen and a rate in
/// hundredths of a percent.
const CATEGORIES: [(i64, i64, i64, i64); 6] = [
    (1320, 990, 9_900, 500),
    (1620, 1_990, 19_900, 800),
    (1315, 2_990, 39_900, 1_000),
    (1316, 3_990, 29_900, 1_500),
    (1319, 1_590, 15_900, 600),
    (652, 9_900, 299_900, 200),
];

/// The year's rows, a day at a time, through the sync writer in batches
/// of windows, so every rollup is what a backfill leaves behind.
async fn write_orders(
    store: &Store,
    account: AccountId,
    partners: usize,
    rows: usize,
    today: BizDay,
    now: EpochSecs,
    draw: &mut Rng,
) {
    let run: i64 = sqlx::query_scalar(
        "INSERT INTO sync_runs (account_id, started_at, status) VALUES (?1, ?2, 'running') RETURNING id",
    )
    .bind(account.0)
    .bind(now)
    .fetch_one(store.pool())
    .await
    .expect("run");
    let per_day = rows / DAYS as usize;
    let mut next_id = 0i64;
    let mut window: Vec<OrderRow> = Vec::with_capacity(WINDOW_ROWS);
    let mut batch: Vec<WindowCommit> = Vec::new();
    for back in (0..DAYS).rev() {
        let day = today.add_days(-back);
        let day_rows = if back == 0 { rows - per_day * (DAYS as usize - 1) } else { per_day };
        for _ in 0..day_rows {
            next_id += 1;
            window.push(order_row(next_id, day, back, partners, today, now, draw));
            if window.len() == WINDOW_ROWS {
                batch.push(window_commit(account, run, std::mem::take(&mut window), now));
                if batch.len() == WINDOWS_A_COMMIT {
                    commit_windows(store.bulk(), std::mem::take(&mut batch)).await.expect("windows commit");
                }
            }
        }
    }
    if !window.is_empty() {
        batch.push(window_commit(account, run, window, now));
    }
    commit_windows(store.bulk(), batch).await.expect("last windows commit");
    sqlx::query("UPDATE sync_runs SET status = 'succeeded', finished_at = ?1 WHERE id = ?2")
        .bind(now_epoch())
        .bind(run)
        .execute(store.pool())
        .await
        .expect("run finished");
}

fn window_commit(account: AccountId, run: i64, rows: Vec<OrderRow>, now: EpochSecs) -> WindowCommit {
    let cursor = rows.iter().map(|r| r.modify_time).max().unwrap_or(now).min(now);
    WindowCommit {
        account,
        run: SyncRunId(run),
        rows,
        rejected: Vec::new(),
        cursor,
        pages: 1,
        recorded_at: now,
        subsidies: Vec::new(),
        clawbacks: Vec::new(),
        punishments: Vec::new(),
    }
}

/// One row as the platform would show it today: older rows completed, and
/// settled once their pay month has come; a few pending, refunded or
/// invalid; a fifth under no partner (her own positions), a tenth in no group.
fn order_row(
    id: i64,
    day: BizDay,
    back: i64,
    partners: usize,
    today: BizDay,
    now: EpochSecs,
    draw: &mut Rng,
) -> OrderRow {
    let (cid1, low, high, rate) = *draw.pick(&CATEGORIES);
    let price = draw.range(low, high);
    let units = draw.range(1, 4);
    let paid = (day.start() + draw.range(0, 86_400)).min(now - 1);
    // In a thousand: 50 pending, 50 cancelled, 1 flagged as a risk (rare,
    // as JD's risk codes are), 50 refunded whole.
    let fate = draw.range(0, 1000);
    let (valid_code, returned) = match fate {
        0..=49 => (ValidCode::PENDING, 0),
        50..=99 => (ValidCode(3), 0),
        100 => (ValidCode(27), 0),
        101..=150 => (ValidCode::COMPLETED, units),
        _ if back < 10 => (ValidCode::PAID, 0),
        _ => (ValidCode::COMPLETED, 0),
    };
    let cos = price * (units - returned);
    let fee = cos * rate / 10_000 * 90 / 100;
    let completed = valid_code == ValidCode::COMPLETED;
    let finish_time = (completed && back >= 10).then(|| (paid + 7 * 86_400).min(now - 1));
    // Paid on the 20th of the month after the one it completed in.
    let pay_month = finish_time.map(|at| BizMonth::of(BizDay::of(at)).next().first_day().add_days(19));
    let settled = pay_month.is_some_and(|m| m <= today);
    let partner = (draw.range(0, 5) != 0).then(|| draw.skewed(partners, 2.0));
    let group = (draw.range(0, 10) != 0).then(|| draw.range(0, GROUPS as i64));
    OrderRow {
        id: RowId(500_000_000_000 + id),
        order_id: OrderId(480_000_000_000 + id * 4 / 5),
        parent_id: 0,
        order_time: paid,
        finish_time,
        modify_time: finish_time.unwrap_or(paid),
        sku_id: 100_012_000_000 + cid1 * 1000 + (id % 40),
        sku_name: format!("【团长推荐】好物 {cid1}-{}", id % 40),
        sku_num: units,
        sku_return_num: returned,
        sku_frozen_num: 0,
        price: Money::from_fen(price),
        cid1,
        commission_rate: RatePct::from_hundredths(rate),
        final_rate: RatePct::from_hundredths(9000),
        estimate_cos_price: Money::from_fen(cos),
        estimate_fee: Money::from_fen(fee),
        actual_cos_price: Money::from_fen(if settled { cos } else { 0 }),
        actual_fee: Money::from_fen(if settled { fee } else { 0 }),
        pay_month,
        union_id: 1_002_345_678,
        position_id: group.map(|g| PositionId(FIRST_POSITION + g)),
        sub_union_id: partner.and_then(|p| SubUnionId::parse(&format!("{SUB_UNION_PREFIX}{p}")).ok()),
        plus: id % 5 == 0,
        valid_code,
        settlements: None,
        platform: Platform::Jd,
        platform_key: None,
        order_key: None,
        platform_status: None,
        platform_place: None,
        platform_person: None,
    }
}

/// `materials` entries over twenty folders, the first 2,000 (a tenth of
/// the default) each with a picture of its own.
async fn enter_library(store: &Store, materials: usize, now: EpochSecs, draw: &mut Rng) {
    let media = MediaStore::of(store);
    let kinds = [MaterialKind::DailyKit, MaterialKind::Script, MaterialKind::Poster, MaterialKind::Campaign];
    let mut folder_ids = Vec::new();
    for f in 0..20 {
        let path = format!("素材库/第{}类", f + 1);
        folder_ids.push(folders::ensure_path(store.pool(), &path, now).await.expect("folder"));
    }
    let pictures = materials / 10;
    let mut drafts = Vec::with_capacity(500);
    for i in 0..materials {
        let parts = if i < pictures {
            let hash = media.add(store.pool(), picture(i), now).await.expect("picture").hash;
            Parts(vec![Part::Image { image: hash }])
        } else {
            Parts::default()
        };
        drafts.push(MaterialDraft {
            title: format!("素材 {i} · 好物分享"),
            kind: kinds[i % kinds.len()],
            body: format!(
                "🌸 家人们好！今天第 {i} 条分享：京东自营好物，到手价比平时低 {} 元。\n有问题随时@我～",
                draw.range(1, 31)
            ),
            notes: String::new(),
            tags: vec![format!("标签{}", i % 97), "每日".to_owned()],
            folder_id: folder_ids[i % folder_ids.len()],
            product: String::new(),
            expires_on: String::new(),
            parts,
        });
        if drafts.len() == 500 {
            edit::create_all(store.pool(), &std::mem::take(&mut drafts), now).await.expect("materials");
        }
    }
    edit::create_all(store.pool(), &drafts, now).await.expect("materials");
}

/// A small JPEG of its own for material `i`.
fn picture(i: usize) -> Vec<u8> {
    let seed = i as u32;
    let image = image::RgbImage::from_fn(320, 320, |x, y| {
        image::Rgb([(x + seed) as u8, (y * 2 + seed / 3) as u8, ((x ^ y) + seed / 7) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80).encode_image(&image).expect("jpeg");
    out
}

/// The starter plans over every group for the whole year, each day's posts
/// logged (one in nine skipped), and a care entry a day for twenty
/// partners. Answers (posts logged, care entries).
async fn enter_year_of_work(store: &Store, partners: usize, today: BizDay, now: EpochSecs) -> (usize, usize) {
    let pool = store.pool();
    let first_day = today.add_days(-DAYS);
    starter::add_if_none(pool, first_day, now).await.expect("plans");
    let cap = PostingSettings::load(pool).await.expect("settings").cap_per_group;
    let mut logged = 0;
    let mut care = 0;
    for back in (1..=DAYS).rev() {
        let day = today.add_days(-back);
        queue::plan_day(pool, day, cap).await.expect("day planned");
        let due: Vec<(PostId, EpochSecs)> =
            sqlx::query_as("SELECT id, due_at FROM posts WHERE day = ?1 AND status = 'due' ORDER BY id")
                .bind(day)
                .fetch_all(pool)
                .await
                .expect("due posts");
        for (id, due_at) in due {
            let action = if id.0 % 9 == 0 {
                LogAction::Skipped { reason: "群里在做活动，没发".to_owned() }
            } else {
                LogAction::Posted
            };
            log::log(pool, id, &action, due_at + (id.0 % 7) * 240).await.expect("logged");
            logged += 1;
        }
        for k in 0..20usize {
            let partner = PartnerId(1 + ((back as usize * 131 + k * 4_999) % partners) as i64);
            let input = CareInput {
                kind: [CareKind::Call, CareKind::Chat, CareKind::Training][k % 3],
                rule_id: None,
                note: format!("第 {back} 天回访：聊了本周的分享节奏"),
            };
            record(pool, partner, &input, day, day.start() + 20 * 3600).await.expect("care entry");
            care += 1;
        }
    }
    (logged, care)
}
