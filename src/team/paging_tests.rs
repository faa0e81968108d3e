//! The team pages by key: walked forward or back, every sort gives each
//! partner exactly once in the order of its whole ORDER BY, and every page
//! statement seeks an index instead of sorting.

use super::*;
use crate::store::temp_store;

/// 41 partners with ties in name and joining day, days missing, one day
/// unreadable, placeholders, two levels of a tree and WeChat ids to search.
async fn team(pool: &SqlitePool) {
    let names = ["王芳", "李娜", "王芳", "Amy", "amy", "张伟"];
    let days = [Some(20250103), Some(20250101), None, Some(20250103), Some(20250102), Some(0)];
    for i in 0..41_i64 {
        let index = usize::try_from(i).expect("small");
        let parent = match i {
            0..=6 => None,
            _ => Some(1 + i % 2),
        };
        sqlx::query(
            "INSERT INTO partners (name, role, parent_id, sub_union_id, wechat, joined_on, is_placeholder, created_at)
             VALUES (?1, 'member', ?2, ?3, ?4, ?5, ?6, 0)",
        )
        .bind(names[index % names.len()])
        .bind(parent)
        .bind(format!("s{i}"))
        .bind(format!("wx{}", i % 3))
        .bind(days[index % days.len()])
        .bind(i % 7 == 3)
        .execute(pool)
        .await
        .expect("a partner");
    }
}

#[derive(Clone, Copy)]
enum Read<'a> {
    List(&'a str, PartnerSort),
    Children(Option<i64>),
}

impl Read<'_> {
    async fn page(self, pool: &SqlitePool, at: PageAt, limit: u32) -> KeyedPage<PartnerSummary> {
        let page = PartnerPageRequest { at, limit };
        match self {
            Read::List(search, sort) => list(pool, search, sort, page).await,
            Read::Children(parent) => children(pool, parent.map(PartnerId), page).await,
        }
        .expect("a page")
    }

    /// The ids in the order of the whole ORDER BY, read at once.
    async fn all(self, pool: &SqlitePool) -> Vec<i64> {
        let (condition, filter, sort) = match self {
            Read::List(search, sort) => (MATCHES, Filter::Text(search), sort),
            Read::Children(parent) => (UNDER, Filter::Parent(parent), PartnerSort::Name),
        };
        let sql = format!("SELECT p.id FROM partners p WHERE {condition} ORDER BY {}", sort.order_by());
        let query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
        match filter {
            Filter::Text(text) => query.bind(text),
            Filter::Parent(parent) => query.bind(parent),
        }
        .fetch_all(pool)
        .await
        .expect("the whole order")
    }
}

fn ids(page: &KeyedPage<PartnerSummary>) -> Vec<i64> {
    page.items.iter().map(|p| p.id.0).collect()
}

const WAYS: [Read<'static>; 9] = [
    Read::List("", PartnerSort::Added),
    Read::List("", PartnerSort::Name),
    Read::List("", PartnerSort::Joined),
    Read::List("王", PartnerSort::Added),
    Read::List("amy", PartnerSort::Name),
    Read::List("wx1", PartnerSort::Joined),
    Read::Children(None),
    Read::Children(Some(1)),
    Read::Children(Some(2)),
];

#[tokio::test]
async fn walking_forward_or_back_gives_every_partner_once_in_order() {
    let (_dir, store) = temp_store().await;
    let pool = store.pool();
    team(pool).await;
    for way in WAYS {
        let all = way.all(pool).await;
        assert!(all.len() > 4, "each way has pages to walk");
        let total = i64::try_from(all.len()).expect("small");
        let mut forward = Vec::new();
        let mut page = way.page(pool, PageAt::First, 3).await;
        for _ in 0..all.len() {
            assert_eq!(page.total, total);
            assert!(!page.restarted);
            assert_eq!(page.more_before, !forward.is_empty(), "only the first page has nothing before it");
            forward.extend(ids(&page));
            let Some(last) = page.items.last().filter(|_| page.more_after) else { break };
            page = way.page(pool, PageAt::After(last.id), 3).await;
        }
        assert_eq!(forward, all);
        let mut back = Vec::new();
        let mut page = way.page(pool, PageAt::Last, 3).await;
        for _ in 0..all.len() {
            assert!(!page.restarted);
            assert_eq!(page.more_after, !back.is_empty(), "only the last page has nothing after it");
            back.splice(0..0, ids(&page));
            let Some(first) = page.items.first().filter(|_| page.more_before) else { break };
            page = way.page(pool, PageAt::Before(first.id), 3).await;
        }
        assert_eq!(back, all);
    }
}

#[tokio::test]
async fn the_last_page_is_the_tail_and_a_vanished_cursor_starts_again() {
    let (_dir, store) = temp_store().await;
    let pool = store.pool();
    team(pool).await;
    for sort in [PartnerSort::Added, PartnerSort::Name, PartnerSort::Joined] {
        let way = Read::List("", sort);
        let all = way.all(pool).await;
        let last = way.page(pool, PageAt::Last, 4).await;
        assert_eq!(ids(&last), all[all.len() - 4..]);
        assert!(last.more_before && !last.more_after);
    }
    // A leaf in the middle of every order goes while her page is shown.
    let gone = 40;
    sqlx::query("DELETE FROM partners WHERE id = ?1").bind(gone).execute(pool).await.expect("deleted");
    for at in [PageAt::After(PartnerId(gone)), PageAt::Before(PartnerId(gone))] {
        let way = Read::List("", PartnerSort::Name);
        let page = way.page(pool, at, 5).await;
        assert!(page.restarted, "{at:?}");
        assert_eq!(ids(&page), way.all(pool).await[..5]);
        assert!(!page.more_before && page.more_after);
    }
    // Nothing is left past the last partner: she is shown the start again.
    let all = Read::List("", PartnerSort::Added).all(pool).await;
    let past = Read::List("", PartnerSort::Added).page(pool, PageAt::After(PartnerId(all[all.len() - 1])), 5).await;
    assert!(past.restarted);
    assert_eq!(ids(&past), all[..5]);
}

#[tokio::test]
async fn a_cursor_that_left_the_filter_still_places_the_page() {
    let (_dir, store) = temp_store().await;
    let pool = store.pool();
    team(pool).await;
    let way = Read::List("wx1", PartnerSort::Name);
    let all = way.all(pool).await;
    let first = way.page(pool, PageAt::First, 3).await;
    let edge = all[2];
    sqlx::query("UPDATE partners SET wechat = 'wx9' WHERE id = ?1").bind(edge).execute(pool).await.expect("edited");
    let next = way.page(pool, PageAt::After(PartnerId(edge)), 3).await;
    assert_eq!(ids(&first), all[..3]);
    assert_eq!(ids(&next), all[3..6]);
    assert!(next.more_before, "the first two still match");
}

/// The highest `?N` a statement names.
fn parameters(sql: &str) -> usize {
    (1..=9).rev().find(|n| sql.contains(&format!("?{n}"))).unwrap_or(0)
}

#[tokio::test]
async fn every_page_statement_seeks_an_index_and_never_sorts() {
    let (_dir, store) = temp_store().await;
    for sql in step_statements() {
        let bounded = sql.contains("> ?2") || sql.contains("< ?2") || sql.contains("> (?2") || sql.contains("< (?2");
        let explain = format!("EXPLAIN QUERY PLAN {sql}");
        let mut query = sqlx::query_as::<_, (i64, i64, i64, String)>(sqlx::AssertSqlSafe(explain));
        for _ in 0..parameters(&sql) {
            query = query.bind(None::<i64>);
        }
        let plan: Vec<String> =
            query.fetch_all(store.pool()).await.expect("a plan").into_iter().map(|row| row.3).collect();
        let plan = plan.join("\n");
        assert!(!plan.contains("TEMP B-TREE"), "sorts:\n{plan}\n{sql}");
        let outer =
            plan.lines().find(|line| line.starts_with("SEARCH p ") || line.starts_with("SCAN p ")).unwrap_or("");
        if bounded {
            assert!(
                outer.starts_with("SEARCH p USING") && (outer.contains(">?") || outer.contains("<?")),
                "does not seek past the key:\n{plan}\n{sql}"
            );
        } else {
            assert!(outer.starts_with("SEARCH p USING") || outer.starts_with("SCAN p USING INDEX"), "{plan}\n{sql}");
        }
    }
}
