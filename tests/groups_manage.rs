//! Managing groups: every rule of the group form, archive and restore,
//! member counts, and binding to positions created on the platform.

mod common;

use common::{config, World};
use tuanzhang::groups::positions;
use tuanzhang::groups::{self, GroupError, GroupInput};
use tuanzhang::model::paging::PageRequest;
use tuanzhang::model::{BizDay, GroupKind, PartnerId};
use tuanzhang::platform::http::{Credentials, DEFAULT_TIMEOUT};
use tuanzhang::platform::jd::JdClient;
use tuanzhang::platform::sandbox::DEMO_APP_SECRET;
use tuanzhang::store::Store;

fn input(name: &str) -> GroupInput {
    GroupInput {
        name: name.to_owned(),
        kind: GroupKind::Sales,
        position_id: None,
        pdd_pid: String::new(),
        taobao_adzone_id: String::new(),
        owner_partner_id: None,
        tags: vec![],
        notes: String::new(),
        wechat_created_on: None,
    }
}

use common::empty_store as store;
use common::{field_of, today};

#[tokio::test]
async fn a_group_saves_every_field_and_reads_back_as_typed() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    let owner = common::Partner::named("王姐").role("shopkeeper").insert(&store).await;
    let saved = groups::create(
        pool,
        &GroupInput {
            name: "  <img src=x onerror=alert(1)> 宝妈群 ".into(),
            kind: GroupKind::Training,
            position_id: Some(3_001_009_999),
            pdd_pid: " 1000001_2000014 ".into(),
            taobao_adzone_id: "109876543210".into(),
            owner_partner_id: Some(PartnerId(owner)),
            tags: vec!["宝妈".into(), " 母婴 ".into(), "宝妈".into(), "".into()],
            notes: "每晚 8 点开课\n".into(),
            wechat_created_on: Some("2025-03-08".into()),
        },
        today(),
        common::NOW,
    )
    .await
    .unwrap();
    assert_eq!(saved.name, "<img src=x onerror=alert(1)> 宝妈群", "kept as text, trimmed");
    assert_eq!(saved.tags, vec!["宝妈", "母婴"], "trimmed, blanks and repeats dropped");
    assert_eq!(
        (saved.pdd_pid.as_deref(), saved.taobao_adzone_id.as_deref()),
        (Some("1000001_2000014"), Some("109876543210"))
    );
    assert_eq!(saved.owner_name.as_deref(), Some("王姐"));
    assert_eq!(saved.wechat_created_on.map(|d| d.to_string()).as_deref(), Some("2025-03-08"));
    assert_eq!(saved.notes, "每晚 8 点开课");
    assert!(!saved.archived);
    let again = groups::detail(pool, saved.id).await.unwrap();
    assert_eq!((again.kind, again.position_id), (GroupKind::Training, Some(3_001_009_999)));
}

#[tokio::test]
async fn bad_fields_are_refused_at_the_field_and_nothing_is_saved() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    let cases: Vec<(GroupInput, &str)> = vec![
        (input("   "), "name"),
        (input(&"群".repeat(61)), "name"),
        (input("换行\n群"), "name"),
        (GroupInput { notes: "备".repeat(2_001), ..input("ok") }, "notes"),
        (GroupInput { tags: vec!["标".repeat(21)], ..input("ok") }, "tags"),
        (GroupInput { tags: (0..11).map(|i| format!("t{i}")).collect(), ..input("ok") }, "tags"),
        (GroupInput { wechat_created_on: Some("2025/03/08".into()), ..input("ok") }, "wechat_created_on"),
        (GroupInput { wechat_created_on: Some("2026-11-19".into()), ..input("ok") }, "wechat_created_on"),
        (GroupInput { position_id: Some(-5), ..input("ok") }, "position_id"),
        (GroupInput { owner_partner_id: Some(PartnerId(424_242)), ..input("ok") }, "owner_partner_id"),
    ];
    for (bad, field) in cases {
        let error = groups::create(pool, &bad, today(), 0).await.expect_err(field);
        assert_eq!(field_of(error), field);
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM groups").fetch_one(pool).await.unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn a_position_binds_to_one_group_only_and_the_refusal_names_the_holder() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    let first = GroupInput { position_id: Some(77), ..input("一群") };
    groups::create(pool, &first, today(), 0).await.unwrap();
    let second = groups::create(pool, &input("二群"), today(), 0).await.unwrap();
    let error = groups::update(pool, second.id, &GroupInput { position_id: Some(77), ..input("二群") }, today())
        .await
        .unwrap_err();
    let message = error.to_string();
    assert_eq!(field_of(error), "position_id");
    assert!(message.contains("一群"), "{message}");
    assert_eq!(groups::detail(pool, second.id).await.unwrap().position_id, None, "the edit was not half-saved");
}

#[tokio::test]
async fn archiving_hides_a_group_and_restoring_brings_it_back_whole() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    let group =
        groups::create(pool, &GroupInput { tags: vec!["老群".into()], ..input("三群") }, today(), 0).await.unwrap();
    groups::record_members(pool, group.id, today(), 180).await.unwrap();
    let page = PageRequest { offset: 0, limit: 50 };
    groups::set_archived(pool, group.id, true, 1).await.unwrap();
    assert_eq!(groups::list(pool, today(), false, page).await.unwrap().total, 0);
    let archived = groups::list(pool, today(), true, page).await.unwrap();
    assert_eq!((archived.total, archived.items[0].members), (1, Some(180)));
    groups::set_archived(pool, group.id, false, 2).await.unwrap();
    let back = groups::detail(pool, group.id).await.unwrap();
    assert_eq!((back.archived, back.tags.clone(), back.members.len()), (false, vec!["老群".to_owned()], 1));
    assert_eq!(groups::list(pool, today(), false, page).await.unwrap().total, 1);
    assert!(matches!(
        groups::set_archived(pool, tuanzhang::model::GroupId(999), true, 3).await,
        Err(GroupError::NotFound(_))
    ));
}

#[tokio::test]
async fn member_counts_keep_one_entry_a_day_oldest_first_within_wechat_limits() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    let group = groups::create(pool, &input("四群"), today(), 0).await.unwrap();
    groups::record_members(pool, group.id, today().add_days(-2), 150).await.unwrap();
    groups::record_members(pool, group.id, today(), 170).await.unwrap();
    let detail = groups::record_members(pool, group.id, today(), 172).await.unwrap();
    let history: Vec<(String, i64)> = detail.members.iter().map(|m| (m.day.to_string(), m.members)).collect();
    assert_eq!(history, vec![("2026-11-16".to_owned(), 150), ("2026-11-18".to_owned(), 172)]);
    assert_eq!(field_of(groups::record_members(pool, group.id, today(), 501).await.unwrap_err()), "members");
    assert_eq!(field_of(groups::record_members(pool, group.id, today(), -1).await.unwrap_err()), "members");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn positions_come_from_the_platform_and_a_new_one_can_be_created_and_bound() {
    let world = World::new(config(21, 10, common::NOW)).await;
    let client = JdClient::new(
        Credentials {
            gateway: world.sandbox.gateway_url(),
            app_key: tuanzhang::platform::sandbox::DEMO_APP_KEY.into(),
            app_secret: DEMO_APP_SECRET.into(),
        },
        DEFAULT_TIMEOUT,
    )
    .unwrap();
    let pool = world.store.pool();
    let before = positions::choices(pool, &client).await.unwrap();
    assert_eq!(before.len(), world.sandbox.sandbox.dataset.positions.len());
    assert!(matches!(positions::create(&client, &"长".repeat(31)).await, Err(positions::PositionError::BadName)));

    let created = positions::create(&client, "新品试用群").await.unwrap();
    let group = groups::create(pool, &GroupInput { position_id: Some(created.id), ..input("新品试用群") }, today(), 0)
        .await
        .unwrap();
    let after = positions::choices(pool, &client).await.unwrap();
    assert_eq!(after.len(), before.len() + 1);
    let bound = after.iter().find(|p| p.id == created.id).expect("the new position is listed");
    assert_eq!(bound.bound_to.as_deref(), Some("新品试用群"));
    assert_eq!(group.position_id, Some(created.id));
}

async fn rollup(store: &Store, group: i64, day: BizDay, orders: i64, estimate: i64) {
    common::seed_group_day(store, group, day, orders, estimate).await;
}

#[tokio::test]
async fn the_checklist_warms_a_group() {
    use tuanzhang::model::CheckItem;
    let (_dir, store) = store().await;
    let pool = store.pool();
    let group = groups::create(pool, &input("早安群"), today(), 0).await.unwrap();
    for item in [CheckItem::MorningGreeting, CheckItem::NoonPost, CheckItem::EveningPost] {
        groups::set_check(pool, group.id, today(), item, true).await.unwrap();
    }
    let warm = groups::set_check(pool, group.id, today().add_days(-1), CheckItem::RedPacket, true).await.unwrap();
    assert_eq!(warm.last_days, vec![0, 0, 0, 0, 0, 0, 1], "the week up to the day that was ticked");
    let now = groups::temperature(pool, group.id, today()).await.unwrap();
    assert_eq!(now.last_days, vec![0, 0, 0, 0, 0, 1, 3]);
    assert_eq!(now.score, 10, "4 of 42 habits kept this week");
    assert!(now.today.iter().filter(|c| c.done).count() == 3);
    let cooler = groups::set_check(pool, group.id, today(), CheckItem::NoonPost, false).await.unwrap();
    assert_eq!(cooler.last_days[6], 2, "unticking counts too");
}

#[tokio::test]
async fn stats_per_member_and_big_groups_whose_orders_fall() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    let big = groups::create(pool, &input("大群"), today(), 0).await.unwrap();
    let small = groups::create(pool, &input("小群"), today(), 0).await.unwrap();
    groups::record_members(pool, big.id, today(), 250).await.unwrap();
    groups::record_members(pool, small.id, today(), 150).await.unwrap();
    // Earlier counts do not count: the small group was big a month ago, the
    // big one small.
    groups::record_members(pool, small.id, today().add_days(-30), 480).await.unwrap();
    groups::record_members(pool, big.id, today().add_days(-30), 90).await.unwrap();
    for group in [big.id.0, small.id.0] {
        rollup(&store, group, today().add_days(-10), 20, 10_000).await;
        rollup(&store, group, today().add_days(-2), 10, 5_000).await;
    }
    let stats = groups::compare(pool, today().add_days(-13), today(), today()).await.unwrap();
    let big_stats = stats.iter().find(|s| s.group_id == big.id).unwrap();
    assert_eq!((big_stats.orders, big_stats.estimate_fen.fen(), big_stats.members), (30, 15_000, Some(250)));
    assert_eq!(big_stats.orders_per_member, Some(30.0 / 250.0));
    assert_eq!(big_stats.estimate_per_member_fen.map(|m| m.fen()), Some(60));
    // A usual week of ~20 orders in the eight before: weeks 2-8 too.
    for group in [big.id.0, small.id.0] {
        weekly_orders(&store, group, &[0, 0, 18, 22, 30, 19, 21, 25, 20]).await;
    }
    let falling = groups::falling(pool, today()).await.unwrap();
    let names: Vec<&str> = falling.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, vec!["大群"], "only groups past the 200-member knee");
    assert_eq!(
        (falling[0].orders_last_week, falling[0].orders_usual_week),
        (10, 20.5),
        "median of 20 18 22 30 19 21 25 20"
    );
}

/// Orders per week before today, week 0 being the last 7 whole days; each
/// week's orders land on its middle day.
async fn weekly_orders(store: &Store, group: i64, weeks: &[i64]) {
    for (week, &orders) in weeks.iter().enumerate().filter(|(_, o)| **o > 0) {
        rollup(store, group, today().add_days(-(7 * week as i64) - 4), orders, 1_000).await;
    }
}

/// The weeks after a promotion are not a fall: the usual week is the
/// median of the eight before, which a three-week campaign does not move.
#[tokio::test]
async fn the_weeks_after_a_promotion_are_not_a_fall() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    let steady = groups::create(pool, &input("双11后的大群"), today(), 0).await.unwrap();
    let slump = groups::create(pool, &input("真的在掉的大群"), today(), 0).await.unwrap();
    for group in [steady.id, slump.id] {
        groups::record_members(pool, group, today(), 300).await.unwrap();
    }
    // Pre-sales and the peak in weeks 1-3, ordinary weeks of ~30 before.
    weekly_orders(&store, steady.id.0, &[30, 120, 80, 60, 28, 32, 30, 31, 29]).await;
    weekly_orders(&store, slump.id.0, &[15, 120, 80, 60, 28, 32, 30, 31, 29]).await;
    let falling = groups::falling(pool, today()).await.unwrap();
    assert_eq!(
        falling.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        vec!["真的在掉的大群"],
        "30 is a usual week"
    );
    assert_eq!(falling[0].orders_usual_week, 31.5);
}
