//! What a store says about itself: its schema version and whether SQLite finds it whole.

use sqlx::SqlitePool;

/// The newest schema this version of the app knows.
pub fn latest_schema() -> i64 {
    sqlx::migrate!().iter().map(|m| m.version).max().unwrap_or(0)
}

/// The newest migration applied, 0 for a new store.
pub async fn schema_version(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    let version: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1").fetch_one(pool).await?;
    Ok(version.unwrap_or(0))
}

/// `PRAGMA quick_check`: every page read and its structure checked, the
/// indexes not compared with their tables; empty when the store is whole,
/// else the first problems SQLite names (at most 5).
pub async fn quick_problems(pool: &SqlitePool) -> Result<Vec<String>, sqlx::Error> {
    let found: Vec<String> = sqlx::query_scalar("PRAGMA quick_check(5)").fetch_all(pool).await?;
    Ok(found.into_iter().filter(|line| line != "ok").collect())
}

/// `PRAGMA integrity_check`: empty when the store is whole, else each problem SQLite names (at most 100).
pub async fn problems(pool: &SqlitePool) -> Result<Vec<String>, sqlx::Error> {
    let found: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check(100)").fetch_all(pool).await?;
    Ok(found.into_iter().filter(|line| line != "ok").collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_new_store_is_whole_and_at_the_latest_schema() {
        let (_dir, store) = crate::store::temp_store().await;
        assert!(problems(store.pool()).await.unwrap().is_empty());
        assert!(quick_problems(store.pool()).await.unwrap().is_empty());
        let latest = sqlx::migrate!().iter().map(|m| m.version).max().unwrap();
        assert_eq!(schema_version(store.pool()).await.unwrap(), latest);
    }
}
