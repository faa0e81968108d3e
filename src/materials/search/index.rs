//! Keeping the search index in step with the library: each save calls
//! [`refresh`] in its own transaction.

use super::{grams, initials::initials};
use crate::materials::Parts;
use crate::model::MaterialId;
use sqlx::SqliteConnection;

/// Puts material `id`'s current text in the index, or takes it out when
/// it is archived or gone.
pub async fn refresh(conn: &mut SqliteConnection, id: MaterialId) -> Result<(), sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Indexed {
        title: String,
        body: String,
        parts: String,
        tags: Option<String>,
        folders: Option<String>,
    }
    sqlx::query("DELETE FROM material_search WHERE rowid = ?1").bind(id).execute(&mut *conn).await?;
    let row: Option<Indexed> = sqlx::query_as(
        "WITH RECURSIVE up (id, parent_id, name) AS (
             SELECT f.id, f.parent_id, f.name FROM material_folders f
             WHERE f.id = (SELECT folder_id FROM materials WHERE id = ?1)
             UNION ALL
             SELECT f.id, f.parent_id, f.name FROM material_folders f JOIN up ON f.id = up.parent_id
         )
         SELECT m.title, m.body, m.parts,
                (SELECT group_concat(tag, ' ') FROM material_tags WHERE material_id = m.id) AS tags,
                (SELECT group_concat(name, ' ') FROM up) AS folders
         FROM materials m WHERE m.id = ?1 AND m.archived_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(Indexed { title, mut body, parts, tags, folders }) = row else { return Ok(()) };
    // Unreadable parts are impossible through the form; their text is then only left out of search.
    for text in Parts::try_from(parts).unwrap_or_default().texts() {
        body.push('\n');
        body.push_str(text);
    }
    let title_grams = grams::index(&title);
    let tag_grams = grams::index(tags.as_deref().unwrap_or_default());
    let folder_grams = grams::index(folders.as_deref().unwrap_or_default());
    let body_grams = grams::index(&body);
    sqlx::query(
        "INSERT INTO material_search
             (rowid, title1, title2, initials, tags1, tags2, folder1, folder2, body1, body2)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )
    .bind(id)
    .bind(title_grams.singles)
    .bind(title_grams.pairs)
    .bind(grams::index(&initials(&title)).pairs)
    .bind(tag_grams.singles)
    .bind(tag_grams.pairs)
    .bind(folder_grams.singles)
    .bind(folder_grams.pairs)
    .bind(body_grams.singles)
    .bind(body_grams.pairs)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Indexes what a migration left waiting (materials from before the index
/// existed); nothing to do on most opens.
pub async fn catch_up(pool: &sqlx::SqlitePool) -> Result<usize, sqlx::Error> {
    let waiting: Vec<MaterialId> =
        sqlx::query_scalar("SELECT material_id FROM material_index_pending").fetch_all(pool).await?;
    if waiting.is_empty() {
        return Ok(0);
    }
    let mut tx = crate::store::begin_write(pool).await?;
    for id in &waiting {
        refresh(&mut tx, *id).await?;
    }
    sqlx::query("DELETE FROM material_index_pending").execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(waiting.len())
}
