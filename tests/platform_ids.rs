//! Her partners and groups across platforms: a partner holds an id on
//! 多多进宝 (`uid`) and 淘宝联盟 (`relation_id`/`special_id`), a group a 推广位
//! on each (`p_id`, `adzone_id`); sync attributes by them, an id claimed
//! twice is refused naming who holds it, giving an id attributes the rows
//! already stored with it, and the import/export files carry them.

mod common;

use common::empty_store as store;
use common::{assert_team_rollups_match_rows, today, NOW};
use tuanzhang::files::export;
use tuanzhang::files::import::{self, DuplicatePolicy, ImportKind};
use tuanzhang::files::tabular;
use tuanzhang::groups::{self, GroupInput};
use tuanzhang::model::{
    AccountId, FormError, GroupKind, Lang, Money, OrderId, OrderRow, PartnerId, PartnerRole, Platform, PositionId,
    RatePct, RowId, SubUnionId, SyncRunId, ValidCode,
};
use tuanzhang::store::Store;
use tuanzhang::sync::ingest::{commit_window, WindowCommit};
use tuanzhang::team::{self, PartnerInput};

fn partner(name: &str) -> PartnerInput {
    PartnerInput {
        name: name.into(),
        role: PartnerRole::Member,
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

fn group(name: &str) -> GroupInput {
    GroupInput {
        name: name.into(),
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

/// The refusal's field and message key, for a conflict.
fn conflict(error: FormError) -> (&'static str, String, String) {
    match error {
        FormError::Conflict { field, message } => {
            let named = message.params.get("other").or(message.params.get("holder")).cloned().unwrap_or_default();
            (field, message.key, named)
        }
        other => panic!("expected a conflict, got {other}"),
    }
}

/// One order row of `platform`, paid at 10:00 Beijing today, earning `fee`
/// fen; `person` and `place` are what the platform says (for JD, the
/// sub-union id and the position).
fn row(platform: Platform, key: &str, person: &str, place: &str, fee: i64) -> OrderRow {
    let jd = platform == Platform::Jd;
    let ordered = today().start() + 2 * 3600;
    OrderRow {
        id: if jd { RowId(key.parse().expect("a JD id")) } else { RowId::from_platform_key(platform, key) },
        order_id: if jd { OrderId(key.parse().expect("a JD id")) } else { OrderId::from_platform_key(platform, key) },
        parent_id: 0,
        order_time: ordered,
        finish_time: None,
        modify_time: ordered + 60,
        sku_id: 1,
        sku_name: "每日坚果礼盒750g".into(),
        sku_num: 1,
        sku_return_num: 0,
        sku_frozen_num: 0,
        price: Money::from_fen(5_990),
        cid1: 0,
        commission_rate: RatePct::from_hundredths(1_000),
        final_rate: RatePct::from_hundredths(10_000),
        estimate_cos_price: Money::from_fen(5_990),
        estimate_fee: Money::from_fen(fee),
        actual_cos_price: Money::ZERO,
        actual_fee: Money::ZERO,
        pay_month: None,
        union_id: 0,
        position_id: jd.then(|| PositionId(place.parse().expect("a JD position"))),
        sub_union_id: if jd { SubUnionId::parse(person).ok() } else { None },
        plus: false,
        valid_code: ValidCode::PAID,
        settlements: None,
        platform,
        platform_key: (!jd).then(|| key.to_owned()),
        order_key: (!jd).then(|| key.to_owned()),
        platform_status: (!jd).then(|| "1".to_owned()),
        platform_place: (!jd).then(|| place.to_owned()),
        platform_person: (!jd).then(|| person.to_owned()),
    }
}

/// Commits `rows` as one sync window of account 1.
async fn sync(store: &Store, rows: Vec<OrderRow>) {
    let run: i64 = sqlx::query_scalar(
        "INSERT INTO sync_runs (account_id, started_at, status) VALUES (1, 0, 'running') RETURNING id",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    let window = WindowCommit {
        account: AccountId(1),
        run: SyncRunId(run),
        rows,
        rejected: Vec::new(),
        cursor: NOW,
        pages: 1,
        recorded_at: NOW,
        subsidies: Vec::new(),
        clawbacks: Vec::new(),
        punishments: Vec::new(),
    };
    commit_window(store.bulk(), window).await.unwrap();
}

/// A partner's own and team estimates today, from the rollups.
async fn earnings(store: &Store, id: i64) -> (i64, i64) {
    let detail = team::detail(store.pool(), PartnerId(id), today(), today(), today(), false).await.unwrap().unwrap();
    (detail.own.estimate_fen.fen(), detail.team.estimate_fen.fen())
}

/// Each group's estimate in `daily_rollup` (group 0: rows under no group)
/// beside the same summed from the rows; they must agree.
async fn assert_group_rollups_match_rows(store: &Store) {
    let mismatched: i64 = sqlx::query_scalar(
        "WITH raw AS (SELECT COALESCE(group_id, 0) AS g, platform, order_day AS day, COUNT(*) AS n,
                             SUM(CASE WHEN valid_code IN (16, 17, 18, 24) THEN estimate_fee_fen ELSE 0 END) AS e
                      FROM order_rows GROUP BY 1, 2, 3),
              kept AS (SELECT group_id AS g, platform, day, SUM(rows) AS n, SUM(estimate_fee_fen) AS e
                       FROM daily_rollup GROUP BY 1, 2, 3 HAVING SUM(rows) <> 0),
              orders AS (SELECT COALESCE(group_id, 0) AS g, platform, order_day AS day, COUNT(DISTINCT order_id) AS o
                         FROM order_rows WHERE valid_code IN (16, 17, 18, 24) GROUP BY 1, 2, 3),
              kept_orders AS (SELECT group_id AS g, platform, day, orders AS o FROM daily_rollup
                              WHERE pay_month = 0 AND orders <> 0)
         SELECT (SELECT COUNT(*) FROM (SELECT * FROM raw EXCEPT SELECT * FROM kept
                                       UNION ALL SELECT * FROM (SELECT * FROM kept EXCEPT SELECT * FROM raw)))
              + (SELECT COUNT(*) FROM (SELECT * FROM orders EXCEPT SELECT * FROM kept_orders
                                       UNION ALL SELECT * FROM (SELECT * FROM kept_orders EXCEPT SELECT * FROM orders)))",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(mismatched, 0, "daily_rollup differs from the rows per group");
}

async fn partner_of(store: &Store, platform: Platform, key: &str) -> Option<i64> {
    sqlx::query_scalar("SELECT partner_id FROM order_rows WHERE id = ?1")
        .bind(RowId::from_platform_key(platform, key))
        .fetch_one(store.pool())
        .await
        .unwrap()
}

async fn group_of(store: &Store, platform: Platform, key: &str) -> Option<i64> {
    sqlx::query_scalar("SELECT group_id FROM order_rows WHERE id = ?1")
        .bind(RowId::from_platform_key(platform, key))
        .fetch_one(store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn an_id_claimed_twice_is_refused_naming_who_holds_it() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    let held = PartnerInput { pdd_uid: "p12".into(), taobao_id: "2718281828".into(), ..partner("王芳") };
    let wangfang = team::create(pool, &held, None, today(), NOW).await.unwrap();
    let lina = team::create(pool, &partner("李娜"), None, today(), NOW).await.unwrap();

    let pdd = PartnerInput { pdd_uid: r#"{"uid":"p12","sid":"g3"}"#.into(), ..partner("李娜") };
    let refused = team::update(pool, lina, &pdd, today()).await.unwrap_err();
    assert_eq!(conflict(refused), ("pdd_uid", "team.contact.taken".into(), "王芳".into()));
    let taobao = PartnerInput { taobao_id: "2718281828".into(), ..partner("李娜") };
    let refused = team::update(pool, lina, &taobao, today()).await.unwrap_err();
    assert_eq!(conflict(refused), ("taobao_id", "team.contact.taken".into(), "王芳".into()));
    let new_one = PartnerInput { pdd_uid: "p12".into(), ..partner("张敏") };
    let refused = team::create(pool, &new_one, None, today(), NOW).await.unwrap_err();
    assert_eq!(conflict(refused).0, "pdd_uid");
    assert_eq!(common::count(&store, "SELECT COUNT(*) FROM partners").await, 2, "a refused save writes nothing");

    // The same value on another platform is another id.
    let crossed = PartnerInput { pdd_uid: "2718281828".into(), taobao_id: "12".into(), ..partner("李娜") };
    team::update(pool, lina, &crossed, today()).await.unwrap();
    let detail = team::detail(pool, lina, today(), today(), today(), false).await.unwrap().unwrap();
    assert_eq!((detail.pdd_uid.as_deref(), detail.taobao_id.as_deref()), (Some("2718281828"), Some("12")));
    let detail = team::detail(pool, wangfang, today(), today(), today(), false).await.unwrap().unwrap();
    assert_eq!((detail.pdd_uid.as_deref(), detail.taobao_id.as_deref()), (Some("p12"), Some("2718281828")));

    let first =
        GroupInput { pdd_pid: "1000001_2000014".into(), taobao_adzone_id: "109876543210".into(), ..group("一群") };
    groups::create(pool, &first, today(), NOW).await.unwrap();
    let second = groups::create(pool, &group("二群"), today(), NOW).await.unwrap();
    let pdd = GroupInput { pdd_pid: "1000001_2000014".into(), ..group("二群") };
    let refused = groups::update(pool, second.id, &pdd, today()).await.unwrap_err();
    assert_eq!(conflict(refused), ("pdd_pid", "groups.position.bound".into(), "一群".into()));
    let taobao = GroupInput { taobao_adzone_id: "0109876543210".into(), ..group("二群") };
    let refused = groups::update(pool, second.id, &taobao, today()).await.unwrap_err();
    assert_eq!(conflict(refused), ("taobao_adzone_id", "groups.position.bound".into(), "一群".into()));
    let crossed = GroupInput { pdd_pid: "109876543210".into(), ..group("二群") };
    let saved = groups::update(pool, second.id, &crossed, today()).await.unwrap();
    assert_eq!((saved.pdd_pid.as_deref(), saved.taobao_adzone_id), (Some("109876543210"), None));
}

#[tokio::test]
async fn bad_ids_are_refused_at_their_field() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    let too_long = PartnerInput { pdd_uid: "u".repeat(65), ..partner("王芳") };
    let cases =
        [(too_long, "pdd_uid"), (PartnerInput { taobao_id: "mm_1_2_3".into(), ..partner("王芳") }, "taobao_id")];
    for (input, field) in cases {
        let error = team::create(pool, &input, None, today(), NOW).await.unwrap_err();
        assert_eq!(common::invalid_field(error), field);
    }
    let cases = [
        (GroupInput { pdd_pid: "1000001 2000014".into(), ..group("一群") }, "pdd_pid"),
        (GroupInput { taobao_adzone_id: "-3".into(), ..group("一群") }, "taobao_adzone_id"),
    ];
    for (input, field) in cases {
        let error = groups::create(pool, &input, today(), NOW).await.unwrap_err();
        assert_eq!(common::invalid_field(error), field);
    }
    assert_eq!(common::count(&store, "SELECT COUNT(*) FROM partners").await, 0);
    assert_eq!(common::count(&store, "SELECT COUNT(*) FROM groups").await, 0);
}

/// Rows of three platforms for one partner: hers, her upline's team's, and
/// her group's; a person or place nobody holds gets no placeholder.
#[tokio::test]
async fn sync_attributes_rows_of_every_platform_to_her_and_her_team() {
    let (_dir, store) = store().await;
    common::seed_account(&store).await;
    let pool = store.pool();
    let leader = team::create(pool, &partner("团长"), None, today(), NOW).await.unwrap();
    let xiaomei = PartnerInput {
        sub_union_id: "xm01".into(),
        pdd_uid: "p12".into(),
        taobao_id: "2718281828".into(),
        ..partner("小美")
    };
    let xiaomei = team::create(pool, &xiaomei, Some(leader), today(), NOW).await.unwrap();
    let shared = GroupInput {
        position_id: Some(3_001),
        pdd_pid: "1000001_2000014".into(),
        taobao_adzone_id: "109876543210".into(),
        ..group("宝妈好物1群")
    };
    let shared = groups::create(pool, &shared, today(), NOW).await.unwrap().id;

    sync(
        &store,
        vec![
            row(Platform::Jd, "9001", "xm01", "3001", 100),
            row(Platform::Pdd, "261201-001", r#"{"uid":"p12","sid":"g3"}"#, "1000001_2000014", 20),
            row(Platform::Taobao, "2026120122001", "2718281828", "109876543210", 3),
            row(Platform::Pdd, "261201-002", r#"{"uid":"nobody"}"#, "1000001_9999999", 4_000),
        ],
    )
    .await;

    assert_eq!(earnings(&store, xiaomei.0).await, (123, 0), "her own, whatever the platform");
    assert_eq!(earnings(&store, leader.0).await, (0, 123), "her upline's team counts all three platforms");
    for (platform, key) in [(Platform::Pdd, "261201-001"), (Platform::Taobao, "2026120122001")] {
        assert_eq!(partner_of(&store, platform, key).await, Some(xiaomei.0));
        assert_eq!(group_of(&store, platform, key).await, Some(shared.0));
    }
    assert_eq!(partner_of(&store, Platform::Pdd, "261201-002").await, None);
    assert_eq!(group_of(&store, Platform::Pdd, "261201-002").await, None);
    assert_eq!(common::count(&store, "SELECT COUNT(*) FROM partners").await, 2, "no placeholder partner");
    assert_eq!(common::count(&store, "SELECT COUNT(*) FROM groups").await, 1, "no placeholder group");
    assert_team_rollups_match_rows(&store).await;
    assert_group_rollups_match_rows(&store).await;

    // A move takes all three platforms' money with her.
    let other = team::create(pool, &partner("另一位团长"), None, today(), NOW).await.unwrap();
    team::move_partner(pool, xiaomei, Some(other), true, NOW).await.unwrap();
    assert_eq!((earnings(&store, leader.0).await, earnings(&store, other.0).await), ((0, 0), (0, 123)));
    assert_team_rollups_match_rows(&store).await;
}

/// A 淘宝联盟 row read again from the answer of every order, which names no
/// 渠道 or 会员 id, stays her partner's: a trade's person never changes.
#[tokio::test]
async fn a_taobao_row_read_again_without_its_person_stays_her_partners() {
    let (_dir, store) = store().await;
    common::seed_account(&store).await;
    let pool = store.pool();
    let xiaomei =
        team::create(pool, &PartnerInput { taobao_id: "2718281828".into(), ..partner("小美") }, None, today(), NOW)
            .await
            .unwrap();
    let named = row(Platform::Taobao, "2026120122001", "2718281828", "109876543210", 3);
    sync(&store, vec![named.clone()]).await;
    assert_eq!(partner_of(&store, Platform::Taobao, "2026120122001").await, Some(xiaomei.0));

    let unnamed = OrderRow {
        platform_person: None,
        modify_time: named.modify_time + 60,
        estimate_fee: Money::from_fen(5),
        ..named
    };
    sync(&store, vec![unnamed]).await;
    assert_eq!(partner_of(&store, Platform::Taobao, "2026120122001").await, Some(xiaomei.0));
    let person: Option<String> = sqlx::query_scalar("SELECT platform_person FROM order_rows WHERE id = ?1")
        .bind(RowId::from_platform_key(Platform::Taobao, "2026120122001"))
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(person.as_deref(), Some("2718281828"));
    assert_eq!(earnings(&store, xiaomei.0).await, (5, 0), "the newer copy's money, still hers");
    assert_team_rollups_match_rows(&store).await;
}

/// Rows synced before she named whose id it is become that partner's and
/// that group's when she does, rollups and all, and sync goes on from there.
#[tokio::test]
async fn giving_an_id_attributes_the_rows_already_stored_with_it() {
    let (_dir, store) = store().await;
    common::seed_account(&store).await;
    let pool = store.pool();
    let leader = team::create(pool, &partner("团长"), None, today(), NOW).await.unwrap();
    let xiaomei = team::create(pool, &partner("小美"), Some(leader), today(), NOW).await.unwrap();
    let first = group("宝妈好物1群");
    let shared = groups::create(pool, &first, today(), NOW).await.unwrap().id;
    let mut cancelled = row(Platform::Pdd, "261201-003", "p12", "1000001_2000014", 9);
    cancelled.valid_code = ValidCode::CANCELLED;
    sync(
        &store,
        vec![
            row(Platform::Pdd, "261201-001", r#"{"uid":"p12","sid":"g3"}"#, "1000001_2000014", 20),
            row(Platform::Pdd, "261201-002", r#"{"sid":"g4","uid":"p12"}"#, "1000001_2000014", 30),
            cancelled,
            row(Platform::Taobao, "2026120122001", "p12", "1000001_2000014", 4_000),
        ],
    )
    .await;
    assert_eq!(earnings(&store, leader.0).await, (0, 0));

    let named = PartnerInput { pdd_uid: "p12".into(), ..partner("小美") };
    team::update(pool, xiaomei, &named, today()).await.unwrap();
    let placed = GroupInput { pdd_pid: "1000001_2000014".into(), ..first.clone() };
    groups::update(pool, shared, &placed, today()).await.unwrap();

    assert_eq!(earnings(&store, xiaomei.0).await, (50, 0), "both valid 多多进宝 rows, not the cancelled one");
    assert_eq!(earnings(&store, leader.0).await, (0, 50));
    assert_eq!(partner_of(&store, Platform::Pdd, "261201-003").await, Some(xiaomei.0));
    assert_eq!(partner_of(&store, Platform::Taobao, "2026120122001").await, None, "another platform's p12");
    assert_eq!(group_of(&store, Platform::Pdd, "261201-003").await, Some(shared.0));
    assert_eq!(group_of(&store, Platform::Taobao, "2026120122001").await, None);
    assert_team_rollups_match_rows(&store).await;
    assert_group_rollups_match_rows(&store).await;
    let listed = groups::list(pool, today(), false, tuanzhang::model::paging::PageRequest { offset: 0, limit: 10 })
        .await
        .unwrap();
    assert_eq!((listed.items[0].month_estimate_fen.fen(), listed.items[0].month_orders), (50, 2));

    // Sync later changes the rows where they now are.
    let mut refunded = row(Platform::Pdd, "261201-001", r#"{"uid":"p12","sid":"g3"}"#, "1000001_2000014", 20);
    refunded.valid_code = ValidCode::CANCELLED;
    refunded.modify_time += 600;
    sync(&store, vec![refunded]).await;
    assert_eq!(earnings(&store, leader.0).await, (0, 30));
    assert_team_rollups_match_rows(&store).await;
    assert_group_rollups_match_rows(&store).await;

    // Her id has brought orders: it is proven, as a sub-union id is.
    let refused = team::update(pool, xiaomei, &partner("小美"), today()).await.unwrap_err();
    assert_eq!(conflict(refused).1, "team.platformId.attributed");
}

fn csv(file: &str, text: &str) -> tabular::SourceTable {
    tabular::read(file, text.as_bytes()).unwrap()
}

#[tokio::test]
async fn files_carry_the_ids_and_a_bad_or_taken_one_is_reported_at_its_line() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    let held = PartnerInput { wechat: "wangfang88".into(), taobao_id: "31415".into(), ..partner("王芳") };
    team::create(pool, &held, None, today(), NOW).await.unwrap();
    for (name, wechat) in [("刘洋", "liuyang01"), ("吴红", "wuhong001")] {
        let input = PartnerInput { wechat: wechat.into(), ..partner(name) };
        team::create(pool, &input, None, today(), NOW).await.unwrap();
    }
    let table = csv(
        "team.csv",
        &format!(
            "姓名,微信号,多多进宝 uid,淘宝渠道ID\n\
             李娜,lina0001,p12,2718281828\n\
             张敏,zhangmin1,{},\n\
             周杰,zhoujie01,p13,31415abc\n\
             王芳,wangfang88,p14,27\n\
             陈静,chenjing1,p12,\n\
             刘洋,liuyang01,p16,31415\n\
             孙丽,sunli0001,p17,\n\
             吴红,wuhong001,p18,\n",
            "u".repeat(65)
        ),
    );
    let (preview, outcome) =
        import::commit(pool, ImportKind::Partners, &table, DuplicatePolicy::Merge, today(), NOW, |_, _| {})
            .await
            .unwrap();
    let located: Vec<String> = preview.issues.iter().map(|i| i.located("team.csv", Lang::Zh)).collect();
    let expected = [
        "team.csv:3: 多多进宝 uid: 多多进宝 uid 应为 1–64 字节",
        "team.csv:4: 淘宝渠道ID: 淘宝渠道ID（relation_id 或 special_id）应为正整数：31415abc",
        "team.csv:5: 淘宝渠道ID: 伙伴「王芳」在这个平台的 ID 已是 31415",
        "team.csv:6: 多多进宝 uid: 与第 2 行重复：p12",
        "team.csv:7: 微信号: 同时对应多位已有伙伴：微信号→刘洋，淘宝渠道ID→王芳",
    ];
    assert_eq!(located.len(), expected.len(), "{located:?}");
    for (found, expected) in located.iter().zip(expected) {
        assert!(found.starts_with(expected), "{found} does not start with {expected}");
    }
    assert_eq!((outcome.imported, outcome.merged), (2, 1), "good rows kept: 李娜 and 孙丽 new, 吴红 merged");
    let ids: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT p.name, (SELECT person FROM partner_platform_ids WHERE partner_id = p.id AND platform = 'pdd') AS pdd,
                (SELECT person FROM partner_platform_ids WHERE partner_id = p.id AND platform = 'taobao') AS taobao
         FROM partners p WHERE pdd IS NOT NULL OR taobao IS NOT NULL ORDER BY p.id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let some = |text: &str| Some(text.to_owned());
    assert_eq!(
        ids,
        vec![
            ("王芳".to_owned(), None, some("31415")),
            ("吴红".to_owned(), some("p18"), None),
            ("李娜".to_owned(), some("p12"), some("2718281828")),
            ("孙丽".to_owned(), some("p17"), None),
        ]
    );

    let groups_table = csv(
        "groups.csv",
        "群名,多多进宝推广位,淘宝推广位\n\
         一群,1000001_2000014,109876543210\n\
         二群,1000001 2000015,\n\
         三群,,mm_1_2_3\n",
    );
    let (preview, outcome) =
        import::commit(pool, ImportKind::Groups, &groups_table, DuplicatePolicy::Skip, today(), NOW, |_, _| {})
            .await
            .unwrap();
    let located: Vec<String> = preview.issues.iter().map(|i| i.located("groups.csv", Lang::Zh)).collect();
    assert_eq!(located.len(), 2, "{located:?}");
    assert!(located[0].starts_with("groups.csv:3: 多多进宝推广位: 多多进宝推广位应为"), "{located:?}");
    assert!(located[1].starts_with("groups.csv:4: 淘宝推广位: 淘宝推广位（adzone_id"), "{located:?}");
    assert_eq!(outcome.imported, 1);
    let again = import::preview(
        pool,
        ImportKind::Groups,
        &csv("groups.csv", "群名,淘宝推广位\n另一个群,109876543210\n"),
        today(),
    )
    .await
    .unwrap();
    assert_eq!(again.duplicates.len(), 1, "a place another group holds is that group");
    assert_eq!(
        (again.duplicates[0].matched_on.as_str(), again.duplicates[0].existing_name.as_str()),
        ("淘宝推广位", "一群")
    );
}

#[tokio::test]
async fn an_exported_file_imports_back_with_every_platform_id() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    let full = PartnerInput {
        wechat: "wangfang88".into(),
        sub_union_id: "wf01".into(),
        pdd_uid: "p12".into(),
        taobao_id: "2718281828".into(),
        ..partner("王芳")
    };
    team::create(pool, &full, None, today(), NOW).await.unwrap();
    team::create(pool, &PartnerInput { wechat: "lina0001".into(), ..partner("李娜") }, None, today(), NOW)
        .await
        .unwrap();
    let placed = GroupInput {
        position_id: Some(3_001),
        pdd_pid: "1000001_2000014".into(),
        taobao_adzone_id: "109876543210".into(),
        ..group("一群")
    };
    groups::create(pool, &placed, today(), NOW).await.unwrap();

    let (_other_dir, other) = common::empty_store().await;
    for (kind, file) in [(ImportKind::Partners, "团队.xlsx"), (ImportKind::Groups, "社群.csv")] {
        let exported = export::export(pool, kind, file, true).await.unwrap();
        let table = tabular::read(file, &exported.bytes).unwrap();
        let (preview, _) =
            import::commit(other.pool(), kind, &table, DuplicatePolicy::Skip, today(), NOW, |_, _| {}).await.unwrap();
        assert!(preview.issues.is_empty(), "{:?}", preview.issues);
    }
    for sql in [
        "SELECT p.name || ':' || i.platform || ':' || i.person FROM partner_platform_ids i
         JOIN partners p ON p.id = i.partner_id ORDER BY 1",
        "SELECT g.name || ':' || i.platform || ':' || i.place FROM group_platform_ids i
         JOIN groups g ON g.id = i.group_id ORDER BY 1",
    ] {
        let before: Vec<String> = sqlx::query_scalar(sql).fetch_all(pool).await.unwrap();
        let after: Vec<String> = sqlx::query_scalar(sql).fetch_all(other.pool()).await.unwrap();
        assert_eq!(before.len(), 2);
        assert_eq!(before, after);
    }
    let template = export::template(ImportKind::Partners, "模板.csv").unwrap();
    let table = tabular::read("模板.csv", &template).unwrap();
    assert_eq!(&table.headers[7..], ["多多进宝 uid", "淘宝渠道ID"]);
}
