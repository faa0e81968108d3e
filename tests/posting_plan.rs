//! The posting plan: rules over groups, today's queue in Beijing days, caps,
//! single occurrences moved or skipped, the log ticking the warmth
//! checklist, notices once per due post, and the form's refusals.

mod common;

use common::{empty_store, field_of, today, NOW};
use tuanzhang::care;
use tuanzhang::groups;
use tuanzhang::materials;
use tuanzhang::model::{
    BizDay, CheckItem, GroupId, GroupKind, MaterialId, MaterialKind, PlanCadence, PlanEnds, PlanStart, PostStatus,
};
use tuanzhang::posting::{self, log, plans, Audience, LogAction, PlanDraft, PostChange, PostingSettings};
use tuanzhang::store::Store;

fn at(hour: i64, minute: i64) -> i64 {
    today().start() + hour * 3600 + minute * 60
}

async fn group(store: &Store, name: &str, kind: &str) -> GroupId {
    sqlx::query_scalar(
        "INSERT INTO groups (name, kind, created_at, tags) VALUES (?1, ?2, ?3, '[\"宝妈\"]') RETURNING id",
    )
    .bind(name)
    .bind(kind)
    .bind(today().add_days(-30).start())
    .fetch_one(store.pool())
    .await
    .expect("a group")
}

async fn kit(store: &Store, title: &str) -> MaterialId {
    let draft = common::material(MaterialKind::DailyKit, title, &format!("{title}：{{群名}} 的家人们中午好"));
    materials::edit::create(store.pool(), &draft, NOW).await.expect("a kit").id
}

fn daily(title: &str, time: &str, audience: Audience) -> PlanDraft {
    PlanDraft {
        title: title.into(),
        audience,
        cadence: PlanCadence::Daily,
        weekdays: vec![],
        start: PlanStart::On,
        start_on: Some(today().add_days(-7).to_string()),
        after_days: 0,
        ends: PlanEnds::Never,
        ends_on: None,
        times: None,
        time: time.into(),
        material_id: None,
        ticks: None,
    }
}

fn sales() -> Audience {
    Audience::Kind { kind: GroupKind::Sales }
}

#[tokio::test]
async fn todays_queue_holds_each_groups_posts_by_time_with_what_is_due_now() {
    let (_dir, store) = empty_store().await;
    let pool = store.pool();
    let a = group(&store, "宝妈好物1群", "sales").await;
    let b = group(&store, "宝妈好物2群", "sales").await;
    group(&store, "新人培训群", "training").await;
    let noon = kit(&store, "午间分享").await;
    plans::create(pool, &PlanDraft { material_id: Some(noon), ..daily("午间分享", "12:00", sales()) }, NOW)
        .await
        .unwrap();
    plans::create(pool, &daily("晚间合集", "21:00", sales()), NOW).await.unwrap();
    let mut not_wednesday = daily("周末晒单", "10:00", sales());
    not_wednesday.cadence = PlanCadence::Weekdays;
    not_wednesday.weekdays = vec![6, 7];
    plans::create(pool, &not_wednesday, NOW).await.unwrap();

    let queue = posting::queue(pool, NOW).await.unwrap();
    assert_eq!(queue.day, today());
    let seen: Vec<(String, &str, bool)> =
        queue.posts.iter().map(|p| (p.group_name.clone(), p.due.as_str(), p.due_now)).collect();
    assert_eq!(
        seen,
        [
            ("宝妈好物1群".to_owned(), "12:00", true),
            ("宝妈好物2群".to_owned(), "12:00", true),
            ("宝妈好物1群".to_owned(), "21:00", false),
            ("宝妈好物2群".to_owned(), "21:00", false),
        ],
        "sales groups only, no weekend plan on a Wednesday"
    );
    assert_eq!(queue.due_now, 2);
    assert_eq!(queue.next.as_ref().map(|p| (p.group_id, p.due.as_str())), Some((a, "21:00")));
    assert!(queue.posts[0].problem.is_none() && queue.posts[2].problem.is_some(), "the evening plan has no kit");
    let again = posting::queue(pool, NOW).await.unwrap();
    assert_eq!(
        again.posts.iter().map(|p| p.id).collect::<Vec<_>>(),
        queue.posts.iter().map(|p| p.id).collect::<Vec<_>>(),
        "a post keeps its id however often the day is read"
    );
    assert!(queue.posts.iter().any(|p| p.group_id == b));
}

#[tokio::test]
async fn the_day_is_beijings_whatever_the_instant_looks_like_elsewhere() {
    let (_dir, store) = empty_store().await;
    group(&store, "宝妈好物1群", "sales").await;
    plans::create(store.pool(), &daily("早安", "07:00", sales()), NOW).await.unwrap();
    // 23:30 UTC on the 18th is 07:30 on the 19th in Beijing: the 19th's
    // morning post is due, and the 18th's is not in the list.
    let late_utc = BizDay::parse("2026-11-19").unwrap().start() + 7 * 3600 + 30 * 60;
    let queue = posting::queue(store.pool(), late_utc).await.unwrap();
    assert_eq!(queue.day.to_string(), "2026-11-19");
    assert_eq!(queue.posts.len(), 1);
    assert_eq!(queue.posts[0].day.day, BizDay::parse("2026-11-19"));
    assert!(queue.posts[0].due_now);
}

#[tokio::test]
async fn a_group_gets_at_most_the_cap_of_posts_a_day_earliest_first() {
    let (_dir, store) = empty_store().await;
    let pool = store.pool();
    group(&store, "宝妈好物1群", "sales").await;
    for (title, time) in [("晚间", "20:00"), ("早安", "08:00"), ("午间", "12:00")] {
        plans::create(pool, &daily(title, time, sales()), NOW).await.unwrap();
    }
    PostingSettings { cap_per_group: 2, result_hours: 3 }.save(pool).await.unwrap();
    let queue = posting::queue(pool, NOW).await.unwrap();
    assert_eq!(queue.posts.iter().map(|p| p.due.as_str()).collect::<Vec<_>>(), ["08:00", "12:00"]);
    let refused = PostingSettings { cap_per_group: 0, result_hours: 3 }.save(pool).await.expect_err("below one");
    assert_eq!(field_of(refused), "cap_per_group");
    assert_eq!(PostingSettings::load(pool).await.unwrap().cap_per_group, 2, "the earlier setting stays");
}

#[tokio::test]
async fn one_occurrence_is_moved_or_skipped_without_touching_its_rule() {
    let (_dir, store) = empty_store().await;
    let pool = store.pool();
    group(&store, "宝妈好物1群", "sales").await;
    group(&store, "宝妈好物2群", "sales").await;
    let plan = plans::create(pool, &daily("午间分享", "12:00", sales()), NOW).await.unwrap();
    let queue = posting::queue(pool, NOW).await.unwrap();
    let (first, second) = (&queue.posts[0], &queue.posts[1]);

    let tomorrow = today().add_days(1);
    let change = PostChange { day: tomorrow.to_string(), time: "09:30".into(), material_id: None };
    log::change(pool, first.id, &change, NOW).await.unwrap();
    log::log(pool, second.id, &LogAction::Skipped { reason: "群里在做活动".into() }, NOW).await.unwrap();

    // The rule moves to 13:00: the skipped post and the moved one stay as she left them.
    plans::update(pool, plan.id, &daily("午间分享", "13:00", sales()), NOW).await.unwrap();
    let today_queue = posting::queue(pool, NOW).await.unwrap();
    let shown: Vec<(String, &str, PostStatus)> =
        today_queue.posts.iter().map(|p| (p.group_name.clone(), p.due.as_str(), p.status)).collect();
    assert_eq!(shown, [("宝妈好物2群".to_owned(), "12:00", PostStatus::Skipped)]);
    assert_eq!(today_queue.posts[0].reason.as_deref(), Some("群里在做活动"));

    let next_morning = tomorrow.start() + 8 * 3600;
    let tomorrow_queue = posting::queue(pool, next_morning).await.unwrap();
    let shown: Vec<(String, &str)> =
        tomorrow_queue.posts.iter().map(|p| (p.group_name.clone(), p.due.as_str())).collect();
    assert_eq!(
        shown,
        [("宝妈好物1群".to_owned(), "09:30"), ("宝妈好物1群".to_owned(), "13:00"), ("宝妈好物2群".to_owned(), "13:00")],
        "the moved post beside tomorrow's own, which follow the new rule"
    );
}

#[tokio::test]
async fn posting_ticks_the_checklist_late_is_marked_and_undo_takes_the_tick_back() {
    let (_dir, store) = empty_store().await;
    let pool = store.pool();
    let a = group(&store, "宝妈好物1群", "sales").await;
    plans::create(pool, &PlanDraft { ticks: Some(CheckItem::NoonPost), ..daily("午间分享", "12:00", sales()) }, NOW)
        .await
        .unwrap();
    plans::create(pool, &daily("早安", "08:00", sales()), NOW).await.unwrap();
    let queue = posting::queue(pool, at(12, 10)).await.unwrap();
    let (morning, noon) = (&queue.posts[0], &queue.posts[1]);

    let posted = log::log(pool, noon.id, &LogAction::Posted, at(12, 30)).await.unwrap();
    assert_eq!((posted.status, posted.late, posted.logged_at), (PostStatus::Posted, false, Some(at(12, 30))));
    let warmth = groups::temperature(pool, a, today()).await.unwrap();
    let ticked: Vec<CheckItem> = warmth.today.iter().filter(|c| c.done).map(|c| c.item).collect();
    assert_eq!(ticked, [CheckItem::NoonPost], "午间分享 ticked from the log");

    let late = log::log(pool, morning.id, &LogAction::Posted, at(12, 30)).await.unwrap();
    assert!(late.late, "logged four and a half hours after 08:00");
    let again = log::log(pool, noon.id, &LogAction::Posted, at(12, 40)).await.expect_err("logged already");
    assert_eq!(field_of(again), "status");

    log::undo(pool, noon.id, at(12, 45)).await.unwrap();
    let warmth = groups::temperature(pool, a, today()).await.unwrap();
    assert!(warmth.today.iter().all(|c| !c.done), "the tick went with the log");
    let skip =
        log::log(pool, noon.id, &LogAction::Skipped { reason: "  ".into() }, at(12, 50)).await.expect_err("no reason");
    assert_eq!(field_of(skip), "reason");

    let later = log::log(pool, noon.id, &LogAction::Later, at(12, 50)).await.unwrap();
    assert_eq!((later.status, later.due.as_str()), (PostStatus::Later, "13:20"));
    assert!(!posting::queue(pool, at(13, 0)).await.unwrap().posts.iter().any(|p| p.id == noon.id && p.due_now));
    assert!(posting::queue(pool, at(13, 20)).await.unwrap().posts.iter().any(|p| p.id == noon.id && p.due_now));
}

#[tokio::test]
async fn a_due_post_is_announced_once_and_again_only_when_put_off_and_due_again() {
    let (_dir, store) = empty_store().await;
    let pool = store.pool();
    group(&store, "宝妈好物1群", "sales").await;
    plans::create(pool, &daily("午间分享", "12:00", sales()), NOW).await.unwrap();
    let tasks = care::today(pool, today(), 7, 7).await.unwrap();

    let before = posting::queue(pool, at(11, 55)).await.unwrap();
    let first = care::announce(pool, &tasks, &before.posts, today()).await.unwrap();
    assert!(first.is_some_and(|n| !n.body.contains("帖子")), "the quiet group is news, the post not due yet is not");
    let due = posting::queue(pool, at(12, 1)).await.unwrap();
    let notice = care::announce(pool, &tasks, &due.posts, today()).await.unwrap().expect("announced");
    assert!(notice.body.contains("1 条帖子到点了"), "{}", notice.body);
    let still = posting::queue(pool, at(12, 6)).await.unwrap();
    assert_eq!(care::announce(pool, &tasks, &still.posts, today()).await.unwrap(), None, "once per post");

    log::log(pool, due.posts[0].id, &LogAction::Later, at(12, 6)).await.unwrap();
    let put_off = posting::queue(pool, at(12, 40)).await.unwrap();
    assert!(care::announce(pool, &tasks, &put_off.posts, today()).await.unwrap().is_some(), "due again at 12:36");
}

#[tokio::test]
async fn the_form_refuses_what_cannot_be_planned_at_its_field() {
    let (_dir, store) = empty_store().await;
    let pool = store.pool();
    group(&store, "宝妈好物1群", "sales").await;
    let refused =
        |draft: PlanDraft| async move { field_of(plans::create(pool, &draft, NOW).await.expect_err("refused")) };

    assert_eq!(refused(daily("培训", "20:00", Audience::Kind { kind: GroupKind::Training })).await, "audience");
    assert_eq!(refused(daily("空", "20:00", Audience::Groups { ids: vec![] })).await, "audience");
    assert_eq!(refused(daily("无标签", "20:00", Audience::Tag { tag: "没有这个".into() })).await, "audience");
    assert_eq!(refused(daily("午夜后", "24:00", sales())).await, "time");
    assert_eq!(refused(daily("", "12:00", sales())).await, "title");
    let mut day_n = daily("建群第N天", "12:00", sales());
    day_n.start = PlanStart::GroupCreated;
    day_n.after_days = -1;
    assert_eq!(refused(day_n).await, "after_days");
    let mut backwards = daily("倒序", "12:00", sales());
    backwards.ends = PlanEnds::Until;
    backwards.ends_on = Some(today().add_days(-8).to_string());
    assert_eq!(refused(backwards).await, "ends_on");
    let mut never = daily("零次", "12:00", sales());
    never.ends = PlanEnds::Times;
    never.times = Some(0);
    assert_eq!(refused(never).await, "times");
    let mut no_days = daily("无日", "12:00", sales());
    no_days.cadence = PlanCadence::Weekdays;
    assert_eq!(refused(no_days).await, "weekdays");
    assert!(plans::list(pool, false).await.unwrap().is_empty(), "nothing refused was saved");
    assert!(plans::create(pool, &daily("标签", "12:00", Audience::Tag { tag: "宝妈".into() }), NOW).await.is_ok());
}

#[tokio::test]
async fn an_archived_kit_is_named_on_its_plan_and_an_archived_group_stops_but_keeps_its_log() {
    let (_dir, store) = empty_store().await;
    let pool = store.pool();
    let a = group(&store, "宝妈好物1群", "sales").await;
    let b = group(&store, "宝妈好物2群", "sales").await;
    let noon = kit(&store, "午间分享").await;
    let plan = plans::create(pool, &PlanDraft { material_id: Some(noon), ..daily("午间", "12:00", sales()) }, NOW)
        .await
        .unwrap();
    let queue = posting::queue(pool, NOW).await.unwrap();
    let in_a = queue.posts.iter().find(|p| p.group_id == a).unwrap();
    log::log(pool, in_a.id, &LogAction::Posted, NOW).await.unwrap();

    materials::edit::archive(pool, noon, NOW).await.unwrap();
    let plan = plans::get(pool, plan.id).await.unwrap().unwrap();
    assert_eq!(plan.problem.map(|m| m.key), Some("posting.materialArchived".to_owned()));
    let refused = plans::update(pool, plan.id, &plan.draft, NOW).await.expect_err("asks for another kit");
    assert_eq!(field_of(refused), "material_id");

    sqlx::query("UPDATE groups SET archived_at = ?2 WHERE id = ?1").bind(a).bind(NOW).execute(pool).await.unwrap();
    sqlx::query("UPDATE groups SET archived_at = ?2 WHERE id = ?1").bind(b).bind(NOW).execute(pool).await.unwrap();
    let queue = posting::queue(pool, NOW).await.unwrap();
    assert_eq!(queue.posts.iter().map(|p| (p.group_id, p.status)).collect::<Vec<_>>(), [(a, PostStatus::Posted)]);
    let tomorrow = posting::queue(pool, NOW + 86_400).await.unwrap();
    assert!(tomorrow.posts.is_empty(), "no posts planned in archived groups");
}

/// Plants `value` in a stored plan's day column, as an older version whose
/// day parse took signed and five-digit years could have written it.
async fn plant_day(store: &Store, plan: tuanzhang::model::PlanId, column: &str, value: i64) {
    sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE post_plans SET {column} = ?2 WHERE id = ?1")))
        .bind(plan)
        .bind(value)
        .execute(store.pool())
        .await
        .expect("planted");
}

#[tokio::test]
async fn a_plan_with_an_unreadable_day_still_lists_named_and_the_queue_plans_the_rest() {
    let (_dir, store) = empty_store().await;
    let pool = store.pool();
    let a = group(&store, "宝妈好物1群", "sales").await;
    let good = plans::create(pool, &daily("午间分享", "12:00", sales()), NOW).await.unwrap();
    let bad_start = plans::create(pool, &daily("旧开始", "13:00", sales()), NOW).await.unwrap();
    let until = PlanDraft {
        ends: PlanEnds::Until,
        ends_on: Some(today().add_days(7).to_string()),
        ..daily("旧结束", "14:00", sales())
    };
    let bad_end = plans::create(pool, &until, NOW).await.unwrap();
    plant_day(&store, bad_start.id, "start_on", -9899).await;
    plant_day(&store, bad_end.id, "ends_on", 100_001_231).await;

    let listed = plans::list(pool, false).await.expect("the list holds despite the bad days");
    let seen: Vec<_> = listed
        .iter()
        .map(|p| {
            (p.draft.title.as_str(), p.unreadable.clone(), p.draft.start_on.as_deref(), p.draft.ends_on.as_deref())
        })
        .collect();
    let week_ago = today().add_days(-7).to_string();
    assert_eq!(
        seen,
        [
            ("午间分享", vec![], Some(week_ago.as_str()), None),
            ("旧开始", vec!["start_on".to_owned()], None, None),
            ("旧结束", vec!["ends_on".to_owned()], Some(week_ago.as_str()), None),
        ]
    );
    let one = plans::get(pool, bad_start.id).await.unwrap().expect("the bad plan opens");
    assert_eq!(one.unreadable, ["start_on"]);

    let queue = posting::queue(pool, NOW).await.expect("the day is planned despite the bad plans");
    let planned: Vec<_> = queue.posts.iter().map(|p| (p.plan_id, p.group_id)).collect();
    assert_eq!(planned, [(good.id, a)], "the bad plans post nothing");

    // Saved again with a day, the plan reads back whole and posts.
    let fixed = PlanDraft { start_on: Some(today().to_string()), ..bad_start.draft.clone() };
    let fixed = plans::update(pool, bad_start.id, &fixed, NOW).await.unwrap();
    assert!(fixed.unreadable.is_empty());
    let queue = posting::queue(pool, NOW).await.unwrap();
    assert_eq!(queue.posts.len(), 2);
}

#[tokio::test]
async fn a_group_with_an_unreadable_creation_day_misses_only_plans_counted_from_it() {
    let (_dir, store) = empty_store().await;
    let pool = store.pool();
    let a = group(&store, "宝妈好物1群", "sales").await;
    let b = group(&store, "宝妈好物2群", "sales").await;
    sqlx::query("UPDATE groups SET wechat_created_on = -9899 WHERE id = ?1").bind(b).execute(pool).await.unwrap();
    let fixed = plans::create(pool, &daily("午间分享", "12:00", sales()), NOW).await.unwrap();
    let counted = PlanDraft { start: PlanStart::GroupCreated, start_on: None, ..daily("建群后", "13:00", sales()) };
    let counted = plans::create(pool, &counted, NOW).await.unwrap();

    let queue = posting::queue(pool, NOW).await.expect("the day is planned despite the bad group");
    let planned: Vec<_> = queue.posts.iter().map(|p| (p.plan_id, p.group_id)).collect();
    assert_eq!(planned, [(fixed.id, a), (fixed.id, b), (counted.id, a)]);
    let detail = groups::detail(pool, b).await.expect("the bad group opens to be fixed");
    assert_eq!((detail.wechat_created_on, detail.unreadable), (None, vec!["wechat_created_on".to_owned()]));
}

#[tokio::test]
async fn a_logged_post_with_an_unreadable_day_still_lists_named_in_the_log_and_the_kits_record() {
    let (_dir, store) = empty_store().await;
    let pool = store.pool();
    group(&store, "宝妈好物1群", "sales").await;
    group(&store, "宝妈好物2群", "sales").await;
    let noon = kit(&store, "午间分享").await;
    let plan =
        PlanDraft { material_id: Some(noon), ticks: Some(CheckItem::NoonPost), ..daily("午间", "12:00", sales()) };
    plans::create(pool, &plan, NOW).await.unwrap();
    let queue = posting::queue(pool, NOW).await.unwrap();
    for post in &queue.posts {
        log::log(pool, post.id, &LogAction::Posted, NOW).await.unwrap();
    }
    let bad = queue.posts[1].id;
    // An older version moved it to a day of year 2999, then it was posted.
    sqlx::query("UPDATE posts SET day = 29990101 WHERE id = ?1").bind(bad).execute(pool).await.unwrap();

    let logged = posting::results::log(pool, 3, NOW).await.expect("the log holds despite the bad day");
    let seen: Vec<_> = logged.iter().map(|r| (r.post.id, r.post.day.day, r.post.unreadable.clone())).collect();
    assert_eq!(seen, [(bad, None, vec!["day".to_owned()]), (queue.posts[0].id, Some(today()), vec![])]);
    let record = posting::results::of_material(pool, noon, 3, NOW).await.expect("the kit's record holds too");
    assert_eq!(record.posted, 2);
    let undone = log::undo(pool, bad, NOW).await.expect("taken back without a day to untick");
    assert_eq!(undone.status, PostStatus::Due);
}
