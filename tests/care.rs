//! Care: today's list comes and goes with what she records; rewards and
//! penalties cite a rule; a new partner's first week is planned and ticked.

mod common;

use tuanzhang::care::{self, CareError, CareInput};
use tuanzhang::model::paging::PageRequest;
use tuanzhang::model::{BizDay, CareKind, OnboardingStep, PartnerId, RuleKind};
use tuanzhang::store::Store;
use tuanzhang::team;

use common::empty_store as store;
use common::{invalid_field as field, today};

async fn partner(store: &Store, name: &str, parent: Option<i64>, joined: BizDay) -> PartnerId {
    PartnerId(common::Partner::named(name).under(parent).joined(joined).insert(store).await)
}

fn contact(kind: CareKind, rule_id: Option<i64>) -> CareInput {
    CareInput { kind, rule_id, note: "聊了聊最近的分享节奏".into() }
}

#[tokio::test]
async fn a_recorded_contact_takes_her_off_todays_list_until_the_rhythm_comes_round() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    let wang = partner(&store, "王芳", None, today().add_days(-100)).await;
    let li = partner(&store, "李娜", None, today().add_days(-100)).await;
    partner(&store, "下级不在节奏里", Some(wang.0), today().add_days(-100)).await;
    let mentored = partner(&store, "有师父的", Some(wang.0), today().add_days(-100)).await;
    team::set_mentor(pool, mentored, Some(li)).await.unwrap();

    let names = |tasks: &care::TodayTasks| tasks.contact.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    let before = care::today(pool, today(), 7, 7).await.unwrap();
    assert_eq!(
        names(&before),
        vec!["王芳", "李娜", "有师父的"],
        "direct downline and mentored partners, never contacted first"
    );
    assert_eq!(before.contact_total, 3);

    care::record(pool, wang, &contact(CareKind::Call, None), today(), 0).await.unwrap();
    let after = care::today(pool, today(), 7, 7).await.unwrap();
    assert_eq!(names(&after), vec!["李娜", "有师父的"]);
    let a_week_later = care::today(pool, today().add_days(7), 7, 7).await.unwrap();
    assert!(names(&a_week_later).contains(&"王芳".to_owned()), "back on the list when the rhythm comes round");
    assert_eq!(care::today(pool, today().add_days(7), 8, 7).await.unwrap().contact_total, 2, "the rhythm is a setting");
}

#[tokio::test]
async fn rewards_and_penalties_cite_an_active_rule_of_their_kind() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    let wang = partner(&store, "王芳", None, today()).await;
    let rules = care::list_rules(pool).await.unwrap();
    assert_eq!(rules.len(), 7, "the defaults from DOMAIN.md");
    let reward = rules.iter().find(|r| r.kind == RuleKind::Reward).unwrap().id;
    let penalty = rules.iter().find(|r| r.kind == RuleKind::Penalty).unwrap().id;

    assert_eq!(
        field(care::record(pool, wang, &contact(CareKind::Reward, None), today(), 0).await.unwrap_err()),
        "rule_id"
    );
    assert_eq!(
        field(care::record(pool, wang, &contact(CareKind::Reward, Some(penalty)), today(), 0).await.unwrap_err()),
        "rule_id"
    );
    assert_eq!(
        field(care::record(pool, wang, &contact(CareKind::Chat, Some(reward)), today(), 0).await.unwrap_err()),
        "rule_id"
    );
    let long = CareInput { note: "长".repeat(2_001), ..contact(CareKind::Chat, None) };
    assert_eq!(field(care::record(pool, wang, &long, today(), 0).await.unwrap_err()), "note");

    care::record(pool, wang, &contact(CareKind::Reward, Some(reward)), today(), 0).await.unwrap();
    let own = care::create_rule(pool, RuleKind::Penalty, "群里发广告", 0).await.unwrap();
    care::record(pool, wang, &contact(CareKind::Penalty, Some(own.id)), today().add_days(1), 0).await.unwrap();
    care::set_rule_active(pool, own.id, false).await.unwrap();
    assert_eq!(
        field(care::record(pool, wang, &contact(CareKind::Penalty, Some(own.id)), today(), 0).await.unwrap_err()),
        "rule_id"
    );

    let log = care::history(pool, wang, PageRequest { offset: 0, limit: 50 }).await.unwrap();
    assert_eq!(log.total, 2);
    assert_eq!(
        (log.items[0].kind, log.items[0].rule.as_deref()),
        (CareKind::Penalty, Some("群里发广告")),
        "newest first, retired rule kept"
    );
    assert!(matches!(
        care::record(pool, PartnerId(999), &contact(CareKind::Call, None), today(), 0).await,
        Err(CareError::NotFound(_))
    ));
}

#[tokio::test]
async fn a_new_partners_first_week_is_due_step_by_step_and_ticked_by_hand_or_by_the_data() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    let lead = partner(&store, "王芳", None, today().add_days(-300)).await;
    let newbie = partner(&store, "新人小张", Some(lead.0), today().add_days(-2)).await;
    let due = |tasks: care::TodayTasks| tasks.onboarding.iter().map(|d| d.step).collect::<Vec<_>>();
    assert_eq!(
        due(care::today(pool, today(), 7, 7).await.unwrap()),
        vec![OnboardingStep::JoinedGroup, OnboardingStep::MentorAssigned, OnboardingStep::FirstTraining]
    );
    team::set_mentor(pool, newbie, Some(lead)).await.unwrap();
    care::set_step(pool, newbie, OnboardingStep::JoinedGroup, true, today()).await.unwrap();
    assert_eq!(due(care::today(pool, today(), 7, 7).await.unwrap()), vec![OnboardingStep::FirstTraining]);
    let plan = care::plan(pool, newbie).await.unwrap();
    let mentor = plan.iter().find(|s| s.step == OnboardingStep::MentorAssigned).unwrap();
    assert!(mentor.done && mentor.by_data, "a mentor set is the step done");
    assert_eq!(plan.last().unwrap().due_on, "2026-11-22", "the first order is due on day 7");
    assert!(
        care::today(pool, today().add_days(7), 7, 7).await.unwrap().onboarding.is_empty(),
        "after the first week she is no longer new"
    );
    assert!(matches!(
        team::set_mentor(pool, newbie, Some(newbie)).await,
        Err(tuanzhang::model::FormError::Invalid { field: "mentor", .. })
    ));
}

#[tokio::test]
async fn groups_quiet_for_longer_than_the_setting_are_dormant() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    for (name, last_order) in [("安静群", Some(-10)), ("活跃群", Some(-1)), ("从没出单群", None)] {
        let id = common::seed_group(&store, name).await;
        if let Some(offset) = last_order {
            common::seed_group_day(&store, id, today().add_days(offset), 1, 0).await;
        }
    }
    let dormant = care::today(pool, today(), 7, 7).await.unwrap().dormant_groups;
    let names: Vec<(&str, Option<String>)> =
        dormant.iter().map(|g| (g.name.as_str(), g.last_order.map(|d| d.to_string()))).collect();
    assert_eq!(names, vec![("从没出单群", None), ("安静群", Some("2026-11-08".to_owned()))]);
    assert_eq!(care::today(pool, today(), 7, 14).await.unwrap().dormant_groups.len(), 1, "the threshold is a setting");
}

/// A desktop notice announces what became due, once: the same list again
/// says nothing, a newly due task is announced alone, and a partner who
/// was contacted and comes round on the rhythm again is news again.
#[tokio::test]
async fn a_notice_announces_each_task_once_when_it_becomes_due() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    let wang = partner(&store, "王芳", None, today().add_days(-100)).await;
    partner(&store, "李娜", None, today().add_days(-100)).await;

    let tasks = care::today(pool, today(), 7, 7).await.unwrap();
    let first = care::announce(pool, &tasks, &[], today()).await.unwrap().expect("a notice");
    assert!(first.body.contains("2 位伙伴该联系了"), "{}", first.body);
    assert_eq!(care::announce(pool, &tasks, &[], today()).await.unwrap(), None, "nothing new, no notice");

    partner(&store, "新来的", None, today().add_days(-100)).await;
    let tasks = care::today(pool, today(), 7, 7).await.unwrap();
    let second = care::announce(pool, &tasks, &[], today()).await.unwrap().expect("a notice");
    assert!(second.body.contains("1 位伙伴该联系了"), "only the new one: {}", second.body);

    care::record(pool, wang, &contact(CareKind::Chat, None), today(), 0).await.unwrap();
    let later = today().add_days(7);
    let tasks = care::today(pool, later, 7, 7).await.unwrap();
    let third = care::announce(pool, &tasks, &[], later).await.unwrap().expect("a notice");
    assert!(third.body.contains("1 位伙伴该联系了"), "王芳 is due again, the others were announced: {}", third.body);
}

#[tokio::test]
async fn desktop_notifications_are_on_until_turned_off() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    use tuanzhang::store::settings;
    assert!(settings::load(pool).await.unwrap().desktop_notifications, "on by default");
    settings::update(pool, |s| s.desktop_notifications = false).await.unwrap();
    assert!(!settings::load(pool).await.unwrap().desktop_notifications);
    settings::update(pool, |s| s.desktop_notifications = true).await.unwrap();
    assert!(settings::load(pool).await.unwrap().desktop_notifications);
}

/// The first-order step ticks itself from synced orders (and the 推广ID
/// those orders came by cannot be cleared from her record), and a cohort
/// of newcomers shows a page of steps with the total.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_order_ticks_itself_and_a_big_cohort_is_capped_with_its_total() {
    let world = common::World::new(common::config(41, 200, common::NOW)).await;
    world.sync().await.expect("sync");
    let pool = world.store.pool();
    let now = today();
    let earner: i64 = sqlx::query_scalar(
        "SELECT partner_id FROM order_rows WHERE valid_code = 17 AND partner_id IS NOT NULL LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let named = team::PartnerInput {
        name: "刚登记的老客".into(),
        role: tuanzhang::model::PartnerRole::Member,
        wechat: String::new(),
        phone: String::new(),
        sub_union_id: String::new(),
        pdd_uid: String::new(),
        taobao_id: String::new(),
        joined_on: now.add_days(-6).to_string(),
        tags: vec![],
        notes: String::new(),
    };
    let cleared = team::update(pool, PartnerId(earner), &named, now).await.expect_err("her id has orders");
    assert!(matches!(cleared, team::PartnerError::Conflict { field: "sub_union_id", .. }), "{cleared}");
    let sub_union_id: String = sqlx::query_scalar("SELECT sub_union_id FROM partners WHERE id = ?1")
        .bind(earner)
        .fetch_one(pool)
        .await
        .unwrap();
    let named = team::PartnerInput { sub_union_id, ..named };
    team::update(pool, PartnerId(earner), &named, now).await.unwrap();
    let plan = care::plan(pool, PartnerId(earner)).await.unwrap();
    let first_order = plan.iter().find(|s| s.step == OnboardingStep::FirstOrder).unwrap();
    assert!(first_order.done && first_order.by_data, "her synced order ticks the step");

    for i in 0..40 {
        partner(&world.store, &format!("新人{i}"), None, now).await;
    }
    let tasks = care::today(pool, now, 7, 7).await.unwrap();
    assert_eq!(tasks.onboarding.len(), 30, "a page of steps");
    assert_eq!(tasks.onboarding_total, 40 * 2 + 4, "two steps due today for each newcomer, four left for her");
    assert!(tasks.onboarding.iter().all(|d| d.step != OnboardingStep::FirstOrder || d.partner_id.0 != earner));
}
