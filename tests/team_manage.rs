//! The team: moves that keep the tree a tree, search and sort, and a
//! partner's own and downline earnings against the raw rows.

mod common;

use common::{assert_team_rollups_match_rows, config, World};
use tuanzhang::model::{BizDay, PartnerId};
use tuanzhang::store::Store;
use tuanzhang::team::{self, stage, MoveError, PageAt, PartnerPageRequest, PartnerSort};

use common::empty_store as store;

async fn add(store: &Store, name: &str, parent: Option<i64>, wechat: &str, joined: i64) -> i64 {
    let joined = BizDay::from_int(joined).expect("a yyyyMMdd day");
    common::Partner::named(name).under(parent).wechat(wechat).phone("13800138000").joined(joined).insert(store).await
}

async fn parent_of(store: &Store, id: i64) -> Option<i64> {
    sqlx::query_scalar("SELECT parent_id FROM partners WHERE id = ?1").bind(id).fetch_one(store.pool()).await.unwrap()
}

/// `partner_moves` in the order written: (partner, moved_at, old parent, new parent).
async fn moves(store: &Store) -> Vec<(i64, i64, Option<i64>, Option<i64>)> {
    sqlx::query_as("SELECT partner_id, moved_at, old_parent_id, new_parent_id FROM partner_moves ORDER BY id")
        .fetch_all(store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn every_parent_change_is_recorded_with_its_time_and_nothing_else_is() {
    let (_dir, store) = store().await;
    let root = add(&store, "团长", None, "leader01", 20250101).await;
    let a = add(&store, "甲", Some(root), "alpha001", 20250201).await;
    let b = add(&store, "乙", Some(a), "beta0002", 20250301).await;
    let c = add(&store, "丙", Some(b), "gamma003", 20250401).await;
    let d = add(&store, "丁", Some(b), "delta004", 20250401).await;
    let pool = store.pool();
    let (first, second) = (common::NOW, common::NOW + 600);

    assert!(team::move_partner(pool, PartnerId(a), Some(PartnerId(c)), true, first).await.is_err());
    team::move_partner(pool, PartnerId(a), Some(PartnerId(root)), true, first).await.unwrap();
    assert_eq!(moves(&store).await, vec![], "neither a refused move nor one to the same parent is a move");

    team::move_partner(pool, PartnerId(b), Some(PartnerId(root)), true, first).await.unwrap();
    assert_eq!(moves(&store).await, vec![(b, first, Some(a), Some(root))], "her downline moved with her, not apart");

    // Alone, under her own child: her children move up to her parent first.
    team::move_partner(pool, PartnerId(b), Some(PartnerId(c)), false, second).await.unwrap();
    assert_eq!(
        moves(&store).await[1..],
        [(c, second, Some(b), Some(root)), (d, second, Some(b), Some(root)), (b, second, Some(root), Some(c))]
    );
    team::move_partner(pool, PartnerId(c), None, false, second).await.unwrap();
    assert_eq!(
        moves(&store).await[4..],
        [(b, second, Some(c), Some(root)), (c, second, Some(root), None)],
        "to the top, and her child up to her old parent"
    );
}

#[tokio::test]
async fn entering_a_partner_is_no_move_and_entering_her_under_another_parent_is_one() {
    let (_dir, store) = store().await;
    let root = add(&store, "团长", None, "leader01", 20250101).await;
    let a = add(&store, "甲", Some(root), "alpha001", 20250201).await;
    let placeholder = common::Partner::named("p2002").placeholder_for("p2002").insert(&store).await;
    let entered = |name: &str, sub_union_id: &str, parent: i64| team::NewPartner {
        name: name.to_owned(),
        role: tuanzhang::model::PartnerRole::Member,
        sub_union_id: Some(sub_union_id.to_owned()),
        parent: Some(PartnerId(parent)),
        joined_on: None,
    };
    let mut conn = store.pool().acquire().await.unwrap();
    let new = team::upsert(&mut conn, &entered("乙", "p2001", root), common::NOW).await.unwrap();
    let filled = team::upsert(&mut conn, &entered("丙", "p2002", root), common::NOW).await.unwrap();
    assert_eq!(filled, PartnerId(placeholder), "the placeholder is taken");
    team::upsert(&mut conn, &entered("乙", "p2001", root), common::NOW + 60).await.unwrap();
    assert_eq!(moves(&store).await, vec![], "added, filled in, entered again in the same place");
    team::upsert(&mut conn, &entered("乙", "p2001", a), common::NOW + 120).await.unwrap();
    assert_eq!(moves(&store).await, vec![(new.0, common::NOW + 120, Some(root), Some(a))]);
}

#[tokio::test]
async fn moves_keep_the_tree_a_tree() {
    let (_dir, store) = store().await;
    let root = add(&store, "团长", None, "leader01", 20250101).await;
    let a = add(&store, "甲", Some(root), "alpha001", 20250201).await;
    let b = add(&store, "乙", Some(a), "beta0002", 20250301).await;
    let c = add(&store, "丙", Some(b), "gamma003", 20250401).await;
    let pool = store.pool();

    for (target, under) in [(a, c), (a, a), (a, b)] {
        let refused = team::move_partner(pool, PartnerId(target), Some(PartnerId(under)), true, common::NOW).await;
        assert!(matches!(refused, Err(MoveError::Cycle)), "{target} under {under}");
    }
    assert_eq!(parent_of(&store, a).await, Some(root), "a refused move changes nothing");
    assert!(matches!(
        team::move_partner(pool, PartnerId(a), Some(PartnerId(999)), true, common::NOW).await,
        Err(MoveError::NotFound(_))
    ));

    team::move_partner(pool, PartnerId(b), Some(PartnerId(root)), true, common::NOW).await.unwrap();
    assert_eq!(
        (parent_of(&store, b).await, parent_of(&store, c).await),
        (Some(root), Some(b)),
        "the subtree moved along"
    );

    team::move_partner(pool, PartnerId(b), Some(PartnerId(a)), false, common::NOW).await.unwrap();
    assert_eq!(
        (parent_of(&store, b).await, parent_of(&store, c).await),
        (Some(a), Some(root)),
        "alone: her downline stays behind with her old parent"
    );

    team::move_partner(pool, PartnerId(a), Some(PartnerId(b)), false, common::NOW).await.unwrap();
    assert_eq!(
        parent_of(&store, a).await,
        Some(b),
        "alone, moving under her own child is fine: the child moved up first"
    );
    assert_eq!(parent_of(&store, b).await, Some(root));
}

#[tokio::test]
async fn search_and_sort_page_through_the_team_with_contacts_masked() {
    let (_dir, store) = store().await;
    add(&store, "王芳", None, "wangfang1", 20250301).await;
    add(&store, "李娜", None, "lina00002", 20250501).await;
    add(&store, "王小丽", None, "xiaoli003", 20250101).await;
    let page = PartnerPageRequest { at: PageAt::First, limit: 50 };
    let found = team::list(store.pool(), "王", PartnerSort::Name, page).await.unwrap();
    assert_eq!(found.total, 2);
    let by_wechat = team::list(store.pool(), "lina00002", PartnerSort::Added, page).await.unwrap();
    assert_eq!((by_wechat.total, by_wechat.items[0].name.as_str()), (1, "李娜"));
    assert_eq!(by_wechat.items[0].wechat.as_deref(), Some("li*****02"));
    assert_eq!(
        team::list(store.pool(), "13800138000", PartnerSort::Added, page).await.unwrap().total,
        3,
        "a whole phone number matches"
    );
    let newest = team::list(store.pool(), "", PartnerSort::Joined, page).await.unwrap();
    let names: Vec<&str> = newest.items.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["李娜", "王芳", "王小丽"]);
}

/// A joining day an older version stored unreadable (`-9899`, from a sheet
/// that said `-1-01-01`) must not take the team down: the list, the tree
/// and her panel show everyone, and name her field.
#[tokio::test]
async fn a_partner_with_an_unreadable_joining_day_still_lists_and_is_named() {
    let (_dir, store) = store().await;
    let root = add(&store, "王芳", None, "wangfang1", 20250301).await;
    let bad = add(&store, "李娜", Some(root), "lina00002", 20250501).await;
    sqlx::query("UPDATE partners SET joined_on = -9899 WHERE id = ?1").bind(bad).execute(store.pool()).await.unwrap();
    let page = PartnerPageRequest { at: PageAt::First, limit: 50 };
    for sort in [PartnerSort::Added, PartnerSort::Name, PartnerSort::Joined] {
        let listed = team::list(store.pool(), "", sort, page).await.expect("the list loads");
        let mut seen: Vec<(&str, Option<String>, Vec<String>)> = listed
            .items
            .iter()
            .map(|p| (p.name.as_str(), p.joined_on.day.map(|d| d.to_string()), p.unreadable.clone()))
            .collect();
        seen.sort();
        assert_eq!(
            seen,
            [("李娜", None, vec!["joined_on".to_owned()]), ("王芳", Some("2025-03-01".to_owned()), vec![])],
            "{sort:?}"
        );
    }
    let below = team::children(store.pool(), Some(PartnerId(root)), page).await.expect("the tree loads");
    assert_eq!(below.items[0].unreadable, ["joined_on"]);
    let today = BizDay::from_int(20261123).unwrap();
    let panel = team::detail(store.pool(), PartnerId(bad), today, today, today, false).await.unwrap().expect("opens");
    assert_eq!((panel.joined_on, panel.unreadable), (None, vec!["joined_on".to_owned()]));
}

#[tokio::test]
async fn a_search_for_percent_or_underscore_means_those_characters() {
    let (_dir, store) = store().await;
    add(&store, "王芳", None, "wangfang1", 20250301).await;
    add(&store, "Amy_100%", None, "amy000004", 20250301).await;
    let page = PartnerPageRequest { at: PageAt::First, limit: 50 };
    let total = |search: &'static str| {
        let pool = store.pool().clone();
        async move { team::list(&pool, search, PartnerSort::Name, page).await.unwrap().total }
    };
    assert_eq!(total("%").await, 1, "only the name with a % in it");
    assert_eq!(total("_").await, 1, "only the name with an _ in it");
    assert_eq!(total("王_").await, 0, "_ is no wildcard");
    assert_eq!(total("amy").await, 1, "letters still match in any case");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn own_and_downline_earnings_and_the_stage_match_the_raw_rows() {
    let world = World::new(config(23, 400, common::NOW)).await;
    world.sync().await.expect("sync");
    let pool = world.store.pool();
    // Sync created a partner per sub-union id; hang the three busiest under
    // a fourth, and one more under the first of them.
    let busiest: Vec<i64> = sqlx::query_scalar(
        "SELECT partner_id FROM order_rows WHERE partner_id IS NOT NULL GROUP BY partner_id ORDER BY COUNT(*) DESC LIMIT 5",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let (top, children, grandchild) = (busiest[0], &busiest[1..4], busiest[4]);
    for child in children {
        team::move_partner(pool, PartnerId(*child), Some(PartnerId(top)), true, common::NOW).await.unwrap();
    }
    team::move_partner(pool, PartnerId(grandchild), Some(PartnerId(children[0])), true, common::NOW).await.unwrap();

    let today = common::today();
    let from = today.add_days(-29);
    let detail = team::detail(pool, PartnerId(top), from, today, today, false).await.unwrap().expect("exists");
    let sum = |ids: Vec<i64>| {
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        format!(
            "SELECT COALESCE(SUM(estimate_fee_fen), 0) FROM order_rows WHERE partner_id IN ({list})
             AND order_day BETWEEN {} AND {} AND valid_code IN (16, 17, 18, 24)",
            from.as_int(),
            today.as_int()
        )
    };
    assert_eq!(detail.own.estimate_fen.fen(), world.count(&sum(vec![top])).await);
    let mut below = children.to_vec();
    below.push(grandchild);
    assert_eq!(detail.team.estimate_fen.fen(), world.count(&sum(below)).await, "the downline counts every depth");
    assert_eq!((detail.direct_downline, detail.whole_downline), (3, 4));
    assert!(detail.own.orders > 0 && detail.team.orders > detail.own.orders);
    assert_eq!(detail.stage, stage(detail.stage_orders, detail.stage_days));
    assert!(detail.stage_orders > 0);
}

#[tokio::test]
async fn contacts_are_masked_in_the_detail_unless_revealed() {
    let (_dir, store) = store().await;
    let id = add(&store, "王芳", None, "wangfang1", 20250301).await;
    let today = BizDay::from_int(20261123).unwrap();
    let masked = team::detail(store.pool(), PartnerId(id), today, today, today, false).await.unwrap().unwrap();
    assert_eq!((masked.wechat.as_deref(), masked.phone.as_deref()), (Some("wa*****g1"), Some("138****8000")));
    let shown = team::detail(store.pool(), PartnerId(id), today, today, today, true).await.unwrap().unwrap();
    assert_eq!(shown.phone.as_deref(), Some("13800138000"));
    assert!(team::detail(store.pool(), PartnerId(id + 1), today, today, today, true).await.unwrap().is_none());
}

#[tokio::test]
async fn the_tree_view_reads_one_level_at_a_time() {
    let (_dir, store) = store().await;
    let root = add(&store, "团长", None, "leader01", 20250101).await;
    add(&store, "乙", Some(root), "beta0002", 20250301).await;
    add(&store, "甲", Some(root), "alpha001", 20250201).await;
    common::Partner::named("p9").placeholder_for("p9").insert(&store).await;
    let page = PartnerPageRequest { at: PageAt::First, limit: 50 };
    let top = team::children(store.pool(), None, page).await.unwrap();
    assert_eq!(
        (top.total, top.items[0].name.as_str(), top.items[0].downline),
        (1, "团长", 2),
        "placeholders are not her downline"
    );
    let below = team::children(store.pool(), Some(PartnerId(root)), page).await.unwrap();
    assert_eq!(below.items.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), vec!["乙", "甲"]);
}

/// The rollups behind own and team earnings stay exact through everything
/// that changes them: first sync, moves with and without the downline,
/// and a later sync in which rows change status and new orders arrive.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn team_rollups_follow_syncs_and_moves() {
    let world = World::new(config(31, 300, common::NOW)).await;
    world.sync().await.expect("first sync");
    let pool = world.store.pool();
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM partners ORDER BY id").fetch_all(pool).await.unwrap();
    assert!(ids.len() > 12, "the sandbox has a team");
    // A chain 0 ← 1 ← 2 ← 3 with 4 and 5 under 2, then reshuffles.
    for (child, parent) in [(1, 0), (2, 1), (3, 2), (4, 2), (5, 2), (6, 5)] {
        team::move_partner(pool, PartnerId(ids[child]), Some(PartnerId(ids[parent])), true, common::NOW).await.unwrap();
    }
    assert_team_rollups_match_rows(&world.store).await;
    team::move_partner(pool, PartnerId(ids[2]), Some(PartnerId(ids[7])), true, common::NOW).await.unwrap();
    assert_team_rollups_match_rows(&world.store).await;
    team::move_partner(pool, PartnerId(ids[5]), Some(PartnerId(ids[0])), false, common::NOW).await.unwrap();
    assert_team_rollups_match_rows(&world.store).await;
    team::move_partner(pool, PartnerId(ids[7]), None, true, common::NOW).await.unwrap();
    assert_team_rollups_match_rows(&world.store).await;

    world.advance_minutes(30 * 60).await;
    world.sync().await.expect("second sync");
    let history: i64 = world.count("SELECT COUNT(*) FROM order_row_history").await;
    assert!(history > 0, "the second sync saw rows change");
    assert_team_rollups_match_rows(&world.store).await;
}

fn form(name: &str) -> team::PartnerInput {
    team::PartnerInput {
        name: name.into(),
        role: tuanzhang::model::PartnerRole::Maker,
        wechat: String::new(),
        phone: String::new(),
        sub_union_id: String::new(),
        pdd_uid: String::new(),
        taobao_id: String::new(),
        joined_on: String::new(),
        tags: vec![],
        notes: String::new(),
    }
}

/// Each bad field is refused at that field with nothing written; a clash
/// with another partner's WeChat id, phone or sub-union id names her.
#[tokio::test]
async fn the_partner_form_checks_each_field_and_refuses_clashes() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    let today = common::today();
    let mut first = form("<b>小芳</b><script>alert(1)</script>");
    first.wechat = "xiaofang_88".into();
    first.phone = "138 0013 8000".into();
    first.sub_union_id = "fang-01".into();
    first.tags = vec![" 宝妈 ".into(), "宝妈".into(), "".into(), "夜猫子".into()];
    let fang = team::create(pool, &first, None, today, 0).await.expect("created");
    let detail = team::detail(pool, fang, today, today, today, true).await.unwrap().expect("exists");
    assert_eq!(detail.name, "<b>小芳</b><script>alert(1)</script>", "markup is kept as plain text");
    assert_eq!(detail.phone.as_deref(), Some("13800138000"));
    assert_eq!(detail.tags, vec!["宝妈", "夜猫子"]);

    let field_of = |e: team::PartnerError| match e {
        team::PartnerError::Invalid { field, .. } | team::PartnerError::Conflict { field, .. } => field,
        other => panic!("expected a field error, got {other}"),
    };
    let partners_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM partners").fetch_one(pool).await.unwrap();
    let mut cases: Vec<(team::PartnerInput, &str)> = Vec::new();
    cases.push((form(""), "name"));
    cases.push((form(&"长".repeat(61)), "name"));
    let mut bad = form("小王");
    bad.phone = "1380013800".into();
    cases.push((bad, "phone"));
    let mut bad = form("小王");
    bad.wechat = "8abc".into();
    cases.push((bad, "wechat"));
    let mut bad = form("小王");
    bad.joined_on = "2026-13-40".into();
    cases.push((bad, "joined_on"));
    let mut bad = form("小王");
    bad.sub_union_id = "有空格 的".into();
    cases.push((bad, "sub_union_id"));
    let mut bad = form("小王");
    bad.tags = vec!["很长很长很长很长很长很长很长很长很长很长很长".into()];
    cases.push((bad, "tags"));
    let mut bad = form("小王");
    bad.notes = "字".repeat(2_001);
    cases.push((bad, "notes"));
    for (clash, field) in [("wechat", "wechat"), ("phone", "phone"), ("sub", "sub_union_id")] {
        let mut bad = form("小王");
        match clash {
            "wechat" => bad.wechat = "xiaofang_88".into(),
            "phone" => bad.phone = "+86 13800138000".into(),
            _ => bad.sub_union_id = "fang-01".into(),
        }
        cases.push((bad, field));
    }
    for (input, field) in cases {
        let refused = team::create(pool, &input, None, today, 0).await.expect_err("refused");
        assert_eq!(field_of(refused), field);
    }
    let unknown_parent = team::create(pool, &form("小王"), Some(PartnerId(999_999)), today, 0).await.unwrap_err();
    assert_eq!(field_of(unknown_parent), "parent");
    let partners_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM partners").fetch_one(pool).await.unwrap();
    assert_eq!(partners_after, partners_before, "nothing half-saved");

    // Editing keeps her own identities without calling them clashes, and a
    // refused edit leaves the stored record as it was.
    let mut edit = first.clone();
    edit.name = "小芳".into();
    edit.notes = "周三晚上培训".into();
    team::update(pool, fang, &edit, today).await.expect("saved");
    let wang = team::create(pool, &form("小王"), Some(fang), today, 0).await.expect("created");
    let mut steal = form("小王");
    steal.wechat = "xiaofang_88".into();
    assert_eq!(field_of(team::update(pool, wang, &steal, today).await.unwrap_err()), "wechat");
    let detail = team::detail(pool, fang, today, today, today, true).await.unwrap().expect("exists");
    assert_eq!((detail.name.as_str(), detail.notes.as_str()), ("小芳", "周三晚上培训"));
    let wang_now = team::detail(pool, wang, today, today, today, true).await.unwrap().expect("exists");
    assert_eq!((wang_now.wechat, wang_now.parent.map(|p| p.id)), (None, Some(fang)));
}

/// A move while sync holds the write lock waits for it instead of failing:
/// the move reads the tree before it writes, and a write committed in
/// between must not leave it on a stale snapshot (SQLITE_BUSY_SNAPSHOT).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_move_during_a_sync_commit_waits_and_succeeds() {
    let (dir, store) = store().await;
    let pool = store.pool();
    let top = add(&store, "王芳", None, "wangfang01", 20250101).await;
    let moved = add(&store, "李娜", None, "lina000001", 20250101).await;
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let path = dir.path().join(tuanzhang::store::DB_FILE);
    let key = common::key(dir.path());
    let writer = std::thread::spawn(move || {
        let mut db = rusqlite::Connection::open(path).unwrap();
        db.execute_batch(&key.pragma_statement()).unwrap();
        let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
        locked_tx.send(()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(400));
        tx.execute("UPDATE partners SET notes = 'sync was here' WHERE id = ?1", [top]).unwrap();
        tx.commit().unwrap();
    });
    locked_rx.recv().unwrap();
    team::move_partner(pool, PartnerId(moved), Some(PartnerId(top)), true, common::NOW)
        .await
        .expect("the move waits its turn");
    writer.join().unwrap();
    assert_eq!(parent_of(&store, moved).await, Some(top));
}
