//! The training library: Chinese search, versions, folders, archive and
//! expiry, against a real store.

mod common;

use common::script as draft;
use common::{cli, today, NOW};

use tuanzhang::materials::{self, edit, folders, search, versions};
use tuanzhang::model::FormError;

async fn titles(store: &tuanzhang::store::Store, query: &str) -> Vec<String> {
    let found = search::search(store.pool(), query, today()).await.expect("search runs");
    found.hits.into_iter().map(|h| h.material.title).collect()
}

#[tokio::test]
async fn one_two_and_many_characters_latin_digits_and_pinyin_initials_are_found() {
    let (_dir, store) = common::empty_store().await;
    let pool = store.pool();
    for (title, body) in [
        ("红包雨开场话术", "今晚八点，群里发红包🧧，先到先得"),
        ("面膜试用", "补水面膜买一送一，限前50名"),
        ("团长早安问候", "早上好，今天也要元气满满"),
        ("iPhone15 以旧换新", "以旧换新最高补贴1500元"),
    ] {
        edit::create(pool, &draft(title, body), NOW).await.expect("saved");
    }
    assert_eq!(titles(&store, "团").await, ["团长早安问候"]);
    assert_eq!(titles(&store, "面膜").await, ["面膜试用"]);
    assert_eq!(titles(&store, "元气满满").await, ["团长早安问候"], "a phrase in a body");
    assert_eq!(titles(&store, "IPHONE15").await, ["iPhone15 以旧换新"], "Latin and digits, any case");
    assert_eq!(titles(&store, "1500").await, ["iPhone15 以旧换新"]);
    assert_eq!(titles(&store, "hby").await, ["红包雨开场话术"], "pinyin initials of a title");
    assert_eq!(titles(&store, "红包 八点").await, ["红包雨开场话术"], "every word must match");
    assert!(titles(&store, "红包 面膜").await.is_empty());
    assert!(titles(&store, "膜面").await.is_empty(), "characters out of order are not the word");
    assert!(titles(&store, "\"*) OR (").await.is_empty(), "operators are text, not syntax");
}

#[tokio::test]
async fn a_title_match_ranks_above_a_body_match_and_hits_are_marked() {
    let (_dir, store) = common::empty_store().await;
    let pool = store.pool();
    // The title match is the older one: newest-first alone would put it second.
    edit::create(pool, &draft("面膜上新", "新品到货"), NOW).await.expect("saved");
    edit::create(pool, &draft("晚间分享", "今天的面膜真的好用，面膜控必看"), NOW).await.expect("saved");
    let mut tagged = draft("新人必看", "欢迎");
    tagged.tags = vec!["面膜".into()];
    edit::create(pool, &tagged, NOW).await.expect("saved");
    let found = search::search(pool, "面膜", today()).await.expect("search runs");
    let order: Vec<&str> = found.hits.iter().map(|h| h.material.title.as_str()).collect();
    assert_eq!(order, ["面膜上新", "新人必看", "晚间分享"], "title, then tags, then body");
    let title: Vec<(String, bool)> = found.hits[0].title.iter().map(|s| (s.text.clone(), s.hit)).collect();
    assert_eq!(title, [("面膜".to_owned(), true), ("上新".to_owned(), false)]);
    let snippet: String =
        found.hits[2].snippet.iter().map(|s| if s.hit { format!("[{}]", s.text) } else { s.text.clone() }).collect();
    assert_eq!(snippet, "今天的[面膜]真的好用，[面膜]控必看");
}

#[tokio::test]
async fn tags_and_folder_names_are_searched_and_a_rename_reaches_the_index() {
    let (_dir, store) = common::empty_store().await;
    let pool = store.pool();
    let folder = folders::ensure_path(pool, "培训/新人", NOW).await.expect("folders made");
    let mut tagged = draft("第一课", "欢迎加入");
    tagged.tags = vec!["裂变".into()];
    tagged.folder_id = folder;
    edit::create(pool, &tagged, NOW).await.expect("saved");
    assert_eq!(titles(&store, "裂变").await, ["第一课"]);
    assert_eq!(titles(&store, "新人").await, ["第一课"], "its folder");
    assert_eq!(titles(&store, "培训").await, ["第一课"], "its folder's parent");
    let top = folders::list(pool).await.expect("folders")[0].id;
    let shelf = materials::list::MaterialFilter { folder_id: Some(top), ..Default::default() };
    let listed = materials::list::list(pool, &shelf, today(), page()).await.expect("the folder's list");
    assert_eq!(listed.items.iter().map(|m| m.title.as_str()).collect::<Vec<_>>(), ["第一课"], "with its subfolders");
    let tagged = materials::list::MaterialFilter { tag: Some("裂变".into()), ..Default::default() };
    assert_eq!(materials::list::list(pool, &tagged, today(), page()).await.expect("the tag's list").total, 1);
    folders::rename(pool, top, "课程").await.expect("renamed");
    assert!(titles(&store, "培训").await.is_empty());
    assert_eq!(titles(&store, "课程").await, ["第一课"]);
}

#[tokio::test]
async fn every_save_is_a_version_and_an_old_one_comes_back_as_a_new_save() {
    let (_dir, store) = common::empty_store().await;
    let pool = store.pool();
    let first = edit::create(pool, &draft("早安", "早上好"), NOW).await.expect("saved");
    let second = edit::update(pool, first.id, 1, &draft("早安问候", "早上好呀☀️"), NOW + 60).await.expect("saved");
    assert_eq!(second.revision, 2);
    let stale = edit::update(pool, first.id, 1, &draft("别的", "旧表单"), NOW + 120).await;
    assert!(matches!(stale, Err(FormError::Conflict { field: "revision", .. })), "{stale:?}");
    let history = versions::list(pool, first.id).await.expect("versions");
    assert_eq!(history.iter().map(|v| v.revision).collect::<Vec<_>>(), [2, 1]);
    let back = versions::bring_back(pool, first.id, 1, 2, NOW + 180).await.expect("brought back");
    assert_eq!((back.revision, back.title.as_str(), back.body.as_str()), (3, "早安", "早上好"));
    assert_eq!(titles(&store, "早安").await, ["早安"]);
    assert!(titles(&store, "问候").await.is_empty(), "the index follows the newest save");
    assert_eq!(versions::list(pool, first.id).await.expect("versions").len(), 3);
}

#[tokio::test]
async fn archived_ones_leave_search_and_come_back_expired_ones_sort_last() {
    let (_dir, store) = common::empty_store().await;
    let pool = store.pool();
    let mut old = draft("双11 预告", "双11 当天满减");
    old.expires_on = "2026-11-11".into();
    let old = edit::create(pool, &old, NOW).await.expect("saved");
    let fresh = edit::create(pool, &draft("双12 预告", "双11 之后还有双12"), NOW).await.expect("saved");
    let found = search::search(pool, "双11", today()).await.expect("search");
    let order: Vec<(&str, bool)> = found.hits.iter().map(|h| (h.material.title.as_str(), h.material.expired)).collect();
    assert_eq!(order, [("双12 预告", false), ("双11 预告", true)]);
    edit::archive(pool, fresh.id, NOW).await.expect("archived");
    assert_eq!(titles(&store, "双11").await, ["双11 预告"]);
    edit::restore(pool, fresh.id, NOW).await.expect("restored");
    assert_eq!(titles(&store, "双11").await.len(), 2);
    let listed = materials::list::list(pool, &Default::default(), today(), page()).await.expect("list");
    assert_eq!(listed.items.last().map(|m| m.id), Some(old.id), "expired last in the list too");
}

/// An expiry an older version stored unreadable (`-9899`, from a pack that
/// said `-1-01-01`) must not take the library down: the list, search, the
/// material itself and its versions load, and name the field.
#[tokio::test]
async fn a_material_with_an_unreadable_expiry_still_lists_and_is_named() {
    let (_dir, store) = common::empty_store().await;
    let pool = store.pool();
    let mut good = draft("双11 预告", "双11 当天满减");
    good.expires_on = "2026-12-12".into();
    edit::create(pool, &good, NOW).await.expect("saved");
    let bad = edit::create(pool, &draft("双11 收尾", "双11 最后一小时"), NOW).await.expect("saved");
    for table in [
        "materials SET expires_on = -9899 WHERE id = ?1",
        "material_versions SET expires_on = -9899 WHERE material_id = ?1",
    ] {
        sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE {table}"))).bind(bad.id).execute(pool).await.unwrap();
    }
    let named =
        |m: &materials::Material| (m.title.clone(), m.expires_on.day.map(|d| d.to_string()), m.unreadable.clone());
    let expected = [
        ("双11 收尾".to_owned(), None, vec!["expires_on".to_owned()]),
        ("双11 预告".to_owned(), Some("2026-12-12".to_owned()), vec![]),
    ];
    let listed = materials::list::list(pool, &Default::default(), today(), page()).await.expect("the list loads");
    let mut seen: Vec<_> = listed.items.iter().map(named).collect();
    seen.sort();
    assert_eq!(seen, expected);
    let found = search::search(pool, "双11", today()).await.expect("search loads");
    let mut seen: Vec<_> = found.hits.iter().map(|h| named(&h.material)).collect();
    seen.sort();
    assert_eq!(seen, expected);
    let opened = materials::get(pool, bad.id, today()).await.expect("it opens").expect("found");
    assert_eq!(opened.unreadable, ["expires_on"]);
    let history = versions::list(pool, bad.id).await.expect("its versions load");
    assert_eq!(history[0].expires_on.unreadable, Some(-9899));
}

fn page() -> tuanzhang::model::paging::PageRequest {
    tuanzhang::model::paging::PageRequest { offset: 0, limit: 50 }
}

#[tokio::test]
async fn a_folder_cannot_move_into_its_own_subtree_and_names_are_unique_among_siblings() {
    let (_dir, store) = common::empty_store().await;
    let pool = store.pool();
    let child = folders::ensure_path(pool, "一/二/三", NOW).await.expect("made").expect("a folder");
    let all = folders::list(pool).await.expect("folders");
    let top = all.iter().find(|f| f.name == "一").expect("top").id;
    let refused = folders::move_to(pool, top, Some(child)).await;
    assert!(matches!(refused, Err(FormError::Invalid { field: "parent_id", .. })), "{refused:?}");
    assert!(matches!(folders::move_to(pool, top, Some(top)).await, Err(FormError::Invalid { .. })));
    let twin = folders::create(pool, "二", Some(top), NOW).await;
    assert!(matches!(twin, Err(FormError::Conflict { field: "name", .. })), "{twin:?}");
    folders::move_to(pool, child, None).await.expect("moved to the top");
    assert_eq!(folders::list(pool).await.expect("folders").iter().filter(|f| f.parent_id.is_none()).count(), 2);
}

#[tokio::test]
async fn html_in_a_material_is_kept_as_text_and_the_body_is_kept_exactly() {
    let (_dir, store) = common::empty_store().await;
    let body = "<script>alert(1)</script>\n第二行  两个空格\n";
    let saved = edit::create(store.pool(), &draft("<b>粗体</b>", body), NOW).await.expect("saved");
    assert_eq!((saved.title.as_str(), saved.body.as_str()), ("<b>粗体</b>", body));
    assert_eq!(titles(&store, "粗体").await, ["<b>粗体</b>"]);
}

#[test]
fn the_command_line_adds_materials_into_folders_and_finds_them_by_a_short_word() {
    let dir = tempfile::tempdir().expect("a folder");
    let body = dir.path().join("body.txt");
    std::fs::write(&body, "今晚八点\n群里发红包🧧").expect("written");
    let body = body.to_str().expect("a UTF-8 path");
    let (out, err, ok) = cli(
        dir.path(),
        &["materials", "add", "--title", "红包雨", "--kind", "campaign", "--body-file", body, "--tag", "红包"],
    );
    assert!(ok, "{out}{err}");
    let (_, err, ok) = cli(
        dir.path(),
        &["materials", "add", "--title", "新人第一课", "--kind", "course", "--body", "欢迎", "--folder", "培训/新人"],
    );
    assert!(ok, "{err}");
    let (out, _, ok) = cli(dir.path(), &["materials", "search", "红", "--json"]);
    assert!(ok);
    let found: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(found["hits"][0]["material"]["title"], "红包雨");
    assert_eq!(found["hits"][0]["material"]["body"], "今晚八点\n群里发红包🧧");
    let (out, _, _) = cli(dir.path(), &["materials", "search", "新人"]);
    assert!(out.contains("新人第一课"), "{out}");
    let (out, _, _) = cli(dir.path(), &["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(stats["materials"], 2);

    let (_, err, ok) = cli(dir.path(), &["materials", "add", "--title", "空的", "--kind", "script"]);
    assert!(!ok && err.contains("body"), "a material with no text is refused by its field: {err}");
    let (_, err, ok) = cli(dir.path(), &["materials", "add", "--title", "x", "--kind", "memo", "--body", "y"]);
    assert!(!ok && err.contains("memo"), "{err}");
}

#[tokio::test]
async fn materials_from_before_the_index_are_indexed_when_the_store_next_opens() {
    let dir = tempfile::tempdir().expect("a folder");
    let key = common::key(dir.path());
    let store = tuanzhang::store::Store::open(dir.path(), &key).await.expect("opens");
    // As the migration leaves an older library: rows written, not indexed.
    sqlx::query(
        "INSERT INTO materials (uid, title, kind, body, created_at, updated_at)
         VALUES ('00000000000000000000000000000001', '旧话术', 'script', '老朋友的红包', 1, 1)",
    )
    .execute(store.pool())
    .await
    .expect("written");
    sqlx::query("INSERT INTO material_index_pending SELECT id FROM materials")
        .execute(store.pool())
        .await
        .expect("pending");
    assert!(titles(&store, "红包").await.is_empty());
    store.close().await;
    let store = tuanzhang::upkeep::open_for_work(dir.path(), &key).await.expect("opens again");
    assert_eq!(titles(&store, "红包").await, ["旧话术"]);
    store.close().await;
}

#[tokio::test]
async fn a_pasted_page_as_a_query_is_cut_to_the_search_box_length() {
    let (_dir, store) = common::empty_store().await;
    edit::create(store.pool(), &draft("红包雨开场", "今晚八点"), NOW).await.unwrap();
    // What lies past the box's 200 characters is not searched for (else no material would match).
    let pasted = format!("红包{}面膜", " ".repeat(100_000));
    let found = search::search(store.pool(), &pasted, today()).await.unwrap();
    assert_eq!(found.hits.len(), 1);
}
