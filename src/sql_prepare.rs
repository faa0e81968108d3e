//! Every SQL text the engine builds at run time (`format!` over constant
//! fragments, one text per sort, filter, grouping or drill) is prepared here
//! against a freshly migrated store, each variant once, so a misspelt
//! column or a broken fragment fails the suite rather than a window.
//! Each room names its own texts in a `built_sql()` next to the builders.

use crate::store::temp_store;
use sqlx::{Executor, SqlSafeStr};

/// The texts read and written through sqlx, by room.
fn sqlx_texts() -> Vec<(&'static str, Vec<String>)> {
    vec![
        ("store::backups", crate::store::backups::COUNTED.map(crate::store::backups::count_sql).to_vec()),
        ("materials", crate::materials::built_sql()),
        ("posting::queue", crate::posting::queue::built_sql()),
        ("posting::plans", crate::posting::plans::built_sql()),
        ("posting::results", crate::posting::results::built_sql()),
        ("team", crate::team::built_sql()),
        ("care", crate::care::built_sql()),
        ("courses", crate::courses::built_sql()),
        ("links", crate::links::built_sql()),
        ("earnings", crate::earnings::built_sql()),
        ("payouts::close", crate::payouts::close::built_sql()),
    ]
}

/// The texts the sync writer prepares on its own rusqlite connection.
fn rusqlite_texts() -> Vec<(&'static str, Vec<String>)> {
    vec![
        ("sync::ingest", vec![crate::sync::stored_rows::select_existing_sql(), crate::sync::ingest::upsert_sql()]),
        ("team::rollup", crate::team::rollup::partner_days_sql().to_vec()),
        ("team::rollup (platforms)", crate::team::rollup::platform_days_sql().to_vec()),
    ]
}

#[tokio::test]
async fn every_sql_text_built_at_run_time_prepares_against_a_migrated_store() {
    let (_dir, store) = temp_store().await;
    let mut refused = Vec::new();
    let mut prepared = 0;
    let mut conn = store.pool().acquire().await.unwrap();
    for (room, texts) in sqlx_texts() {
        assert!(!texts.is_empty(), "{room} names no text");
        for sql in texts {
            match (&mut *conn).prepare(sqlx::AssertSqlSafe(sql.clone()).into_sql_str()).await {
                Ok(_) => prepared += 1,
                Err(error) => refused.push(format!("{room}: {error}\n{sql}")),
            }
        }
    }
    drop(conn);
    let texts = rusqlite_texts();
    let refused_by_writer = store
        .bulk()
        .run(move |connection| {
            let mut refused = Vec::new();
            for (room, texts) in texts {
                for sql in texts {
                    if let Err(error) = connection.prepare(&sql) {
                        refused.push(format!("{room}: {error}\n{sql}"));
                    }
                }
            }
            Ok(refused)
        })
        .await
        .unwrap();
    refused.extend(refused_by_writer);
    assert!(refused.is_empty(), "{} of the built SQL texts do not prepare:\n\n{}", refused.len(), refused.join("\n\n"));
    assert!(prepared > 0);
}
