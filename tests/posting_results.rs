//! What posts brought, read from orders the sandbox wrote at known hours,
//! and the plan from the command line.

mod common;

use common::cli;

use common::{config, World, NOW};
use tuanzhang::materials::{self, MaterialDraft};
use tuanzhang::model::{BizDay, GroupId, GroupKind, MaterialKind, PlanCadence, PlanEnds, PlanStart};
use tuanzhang::posting::{self, log, plans, results, Audience, LogAction, PlanDraft};
use tuanzhang::sync::SyncOptions;

/// Orders a UTC hour across the sandbox's 48 positions: one per position,
/// two at 04–06 UTC (12:00–15:00 in Beijing), every day alike.
fn hours() -> Vec<u32> {
    (0..24).map(|utc| if (4..7).contains(&utc) { 96 } else { 48 }).collect()
}

async fn synced_world() -> World {
    let mut config = config(21, 0, NOW);
    config.history_days = 16;
    config.future_days = 0;
    config.exact_hourly_rows = Some(hours());
    let world = World::new(config).await;
    let options = SyncOptions { requests_per_sec: 0, backfill_days: 17, ..SyncOptions::default() };
    world.sync_using(tuanzhang::platform::sandbox::DEMO_APP_SECRET, options).await.expect("sync");
    world
}

/// One of the synced groups, named and made a sales group, as she would.
async fn her_group(world: &World) -> GroupId {
    let id: GroupId = sqlx::query_scalar("SELECT id FROM groups WHERE position_id IS NOT NULL ORDER BY id LIMIT 1")
        .fetch_one(world.store.pool())
        .await
        .expect("a synced group");
    sqlx::query("UPDATE groups SET name = '宝妈好物1群', kind = 'sales', is_placeholder = 0 WHERE id = ?1")
        .bind(id)
        .execute(world.store.pool())
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn a_post_is_read_against_the_same_hours_on_ordinary_days_and_credits_its_product() {
    let world = synced_world().await;
    let pool = world.store.pool();
    let group = her_group(&world).await;
    let today = BizDay::of(NOW);
    let noon = today.start() + 12 * 3600;
    let sku: i64 = sqlx::query_scalar(
        "SELECT sku_id FROM order_rows WHERE group_id = ?1 AND order_time >= ?2 ORDER BY order_time LIMIT 1",
    )
    .bind(group)
    .bind(noon)
    .fetch_one(pool)
    .await
    .unwrap();
    let draft = MaterialDraft {
        title: "午间分享".into(),
        kind: MaterialKind::DailyKit,
        body: "中午好 {链接}".into(),
        notes: String::new(),
        tags: vec![],
        folder_id: None,
        product: format!("https://item.jd.com/{sku}.html"),
        expires_on: String::new(),
        parts: Default::default(),
    };
    let kit = materials::edit::create(pool, &draft, NOW).await.unwrap();
    let plan = PlanDraft {
        title: "午间分享".into(),
        audience: Audience::Kind { kind: GroupKind::Sales },
        cadence: PlanCadence::Daily,
        weekdays: vec![],
        start: PlanStart::On,
        start_on: Some(today.to_string()),
        after_days: 0,
        ends: PlanEnds::Never,
        ends_on: None,
        times: None,
        time: "12:00".into(),
        material_id: Some(kit.id),
        ticks: None,
    };
    plans::create(pool, &plan, NOW).await.unwrap();
    let post = posting::queue(pool, noon).await.unwrap().posts.remove(0);
    log::log(pool, post.id, &LogAction::Posted, noon).await.unwrap();

    let result = results::of_post_id(pool, post.id, 3, NOW).await.unwrap().expect("its results");
    assert_eq!(result.after.orders, 6, "two orders an hour from 12:00 to 15:00");
    let usual = result.usual.expect("ordinary days before it");
    assert_eq!((usual.days, usual.orders), (14, 6.0), "every earlier day sold alike in those hours");
    assert_eq!(usual.estimate_fen, result.after.estimate_fen);
    let credited = result.credited.expect("the kit names a product");
    assert!(credited.orders >= 1 && credited.orders < result.after.orders, "only its product's orders: {credited:?}");
    let one_hour = results::of_post_id(pool, post.id, 1, NOW).await.unwrap().unwrap();
    assert_eq!(one_hour.after.orders, 2);

    let record = results::of_material(pool, kit.id, 3, NOW).await.unwrap();
    assert_eq!((record.posted, record.after.orders), (1, 6));
    assert_eq!(record.best_groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), ["宝妈好物1群"]);
    assert_eq!(record.best_hours.iter().map(|h| h.hour).collect::<Vec<_>>(), [12]);

    let by_hour = results::group_hours(pool, group, today).await.unwrap();
    assert_eq!(by_hour.len(), 24);
    let noon_orders = by_hour[12].sales.orders;
    assert!(noon_orders > 0);
    assert_eq!(noon_orders, 2 * by_hour[9].sales.orders, "the hours that sell stand out: {by_hour:?}");
    assert_eq!(by_hour[13].sales.orders, noon_orders);
}

#[test]
fn the_command_line_plans_lists_today_and_logs_a_post() {
    let dir = tempfile::tempdir().unwrap();
    let groups = dir.path().join("groups.csv");
    std::fs::write(&groups, "群名,类型\n宝妈好物1群,sales\n宝妈好物2群,sales\n").unwrap();
    let (_, err, ok) = cli(dir.path(), &["import", "groups", groups.to_str().unwrap()]);
    assert!(ok, "{err}");

    let (_, err, ok) = cli(dir.path(), &["plan", "add", "--title", "午夜问候", "--time", "25:00", "--kind", "sales"]);
    assert!(!ok && err.contains("time"), "a time outside the day is refused at its field: {err}");
    let (_, err, ok) = cli(dir.path(), &["plan", "add", "--title", "新人", "--time", "08:00", "--kind", "training"]);
    assert!(!ok && err.contains("audience"), "{err}");

    // 00:00 every day: whatever the hour this runs at, today's post is there and due.
    let (out, err, ok) =
        cli(dir.path(), &["plan", "add", "--title", "零点", "--time", "00:00", "--group", "宝妈好物1群"]);
    assert!(ok, "{err}");
    assert!(out.contains("零点"));
    let (out, err, ok) = cli(dir.path(), &["plan", "today", "--json"]);
    assert!(ok, "{err}");
    let posts: serde_json::Value = serde_json::from_str(&out).expect("a JSON array");
    let posts = posts.as_array().expect("an array");
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0]["group"], "宝妈好物1群");
    assert_eq!(posts[0]["due"], "00:00");
    assert_eq!(posts[0]["status"], "due");
    let id = posts[0]["id"].as_i64().expect("an id").to_string();

    let (_, err, ok) = cli(dir.path(), &["plan", "log", &id, "skipped"]);
    assert!(!ok && err.contains("reason"), "a skip without a reason: {err}");
    let (out, err, ok) = cli(dir.path(), &["plan", "log", &id, "posted"]);
    assert!(ok, "{err}");
    assert!(out.contains("posted"), "{out}");
    let (out, _, _) = cli(dir.path(), &["plan", "today", "--json"]);
    let posts: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(posts[0]["status"], "posted");
}
