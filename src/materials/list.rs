//! The library as a list: a folder (and what is below it), a tag, a kind,
//! or the archive; current ones first, expired after, newest edit first.

use super::{complete, Material, COLUMNS};
use crate::model::paging::{Page, PageRequest};
use crate::model::{BizDay, FolderId, MaterialKind};
use serde::Deserialize;
use sqlx::SqlitePool;

#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct MaterialFilter {
    #[serde(default)]
    pub folder_id: Option<FolderId>,
    #[serde(default)]
    pub tag: Option<String>,
    #[serde(default)]
    pub kind: Option<MaterialKind>,
    /// The archive instead of the library.
    #[serde(default)]
    pub archived: bool,
}

pub async fn list(
    pool: &SqlitePool,
    filter: &MaterialFilter,
    today: BizDay,
    page: PageRequest,
) -> Result<Page<Material>, sqlx::Error> {
    let (count, select) = list_sql();
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(count))
        .bind(filter.archived)
        .bind(filter.folder_id)
        .bind(&filter.tag)
        .bind(filter.kind)
        .fetch_one(pool)
        .await?;
    let items: Vec<Material> = sqlx::query_as(sqlx::AssertSqlSafe(select))
        .bind(filter.archived)
        .bind(filter.folder_id)
        .bind(&filter.tag)
        .bind(filter.kind)
        .bind(today)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(pool)
        .await?;
    Ok(Page { items: complete(pool, items, today).await?, total, offset: page.offset })
}

/// The count and the page select of the materials a filter keeps: `?1`
/// archived or not, `?2` a folder (and those below it), `?3` a tag, `?4` a
/// kind, each unset when NULL; the select's `?5` is today.
pub(super) fn list_sql() -> (String, String) {
    const MATCHING: &str = "FROM materials m
         WHERE (m.archived_at IS NOT NULL) = ?1
           AND (?2 IS NULL OR m.folder_id IN (
                WITH RECURSIVE below (id) AS (
                    SELECT ?2 UNION SELECT f.id FROM material_folders f JOIN below ON f.parent_id = below.id
                ) SELECT id FROM below))
           AND (?3 IS NULL OR EXISTS (SELECT 1 FROM material_tags t WHERE t.material_id = m.id AND t.tag = ?3))
           AND (?4 IS NULL OR m.kind = ?4)";
    let select = format!(
        "SELECT {COLUMNS} {MATCHING}
         ORDER BY (m.expires_on IS NOT NULL AND m.expires_on < ?5), m.updated_at DESC, m.id DESC
         LIMIT ?6 OFFSET ?7"
    );
    (format!("SELECT COUNT(*) {MATCHING}"), select)
}

/// Every tag in use, most used first, with how many current materials carry it.
pub async fn tags(pool: &SqlitePool) -> Result<Vec<(String, i64)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct TagUse {
        tag: String,
        n: i64,
    }
    let used: Vec<TagUse> = sqlx::query_as(
        "SELECT t.tag, COUNT(*) AS n FROM material_tags t JOIN materials m ON m.id = t.material_id
         WHERE m.archived_at IS NULL GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT 200",
    )
    .fetch_all(pool)
    .await?;
    Ok(used.into_iter().map(|t| (t.tag, t.n)).collect())
}
