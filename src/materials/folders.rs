//! The library's folder tree. A folder's name is searched with the
//! materials inside it (and inside its subfolders).

use super::{search, MaterialError};
use crate::model::new_uid;
use crate::model::{is_unique_violation, FormError, Message};
use crate::model::{EpochSecs, FolderId};
use serde::Serialize;
use sqlx::{SqliteConnection, SqlitePool};

pub const MAX_NAME_CHARS: usize = 40;

#[derive(Debug, Clone, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct Folder {
    pub id: FolderId,
    pub parent_id: Option<FolderId>,
    pub name: String,
    /// Materials directly inside, archived ones not counted.
    pub materials: i64,
}

/// Every folder, parents before their children, siblings by name.
pub async fn list(pool: &SqlitePool) -> Result<Vec<Folder>, sqlx::Error> {
    sqlx::query_as(
        "WITH RECURSIVE tree (id, path) AS (
             SELECT id, name FROM material_folders WHERE parent_id IS NULL
             UNION ALL
             SELECT f.id, tree.path || char(31) || f.name FROM material_folders f JOIN tree ON f.parent_id = tree.id
         )
         SELECT f.id, f.parent_id, f.name,
                (SELECT COUNT(*) FROM materials m WHERE m.folder_id = f.id AND m.archived_at IS NULL) AS materials
         FROM material_folders f JOIN tree ON tree.id = f.id
         ORDER BY tree.path",
    )
    .fetch_all(pool)
    .await
}

fn check_name(name: &str) -> Result<String, MaterialError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(FormError::invalid("name", Message::new("field.tooLong").with("max", MAX_NAME_CHARS)));
    }
    if name.chars().any(char::is_control) {
        return Err(FormError::invalid("name", Message::new("field.control")));
    }
    Ok(name.to_owned())
}

fn taken(error: sqlx::Error) -> MaterialError {
    if is_unique_violation(&error) {
        FormError::conflict("name", Message::new("folders.nameTaken"))
    } else if crate::model::is_foreign_key_violation(&error) {
        FormError::invalid("parent_id", Message::new("materials.folderNotFound"))
    } else {
        FormError::Store(error)
    }
}

pub async fn create(
    pool: &SqlitePool,
    name: &str,
    parent: Option<FolderId>,
    now: EpochSecs,
) -> Result<FolderId, MaterialError> {
    let name = check_name(name)?;
    sqlx::query_scalar(
        "INSERT INTO material_folders (uid, parent_id, name, created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id",
    )
    .bind(new_uid()?)
    .bind(parent)
    .bind(name)
    .bind(now)
    .fetch_one(pool)
    .await
    .map_err(taken)
}

pub async fn rename(pool: &SqlitePool, id: FolderId, name: &str) -> Result<(), MaterialError> {
    let name = check_name(name)?;
    let mut tx = crate::store::begin_write(pool).await?;
    let changed = sqlx::query("UPDATE material_folders SET name = ?2 WHERE id = ?1")
        .bind(id)
        .bind(name)
        .execute(&mut *tx)
        .await
        .map_err(taken)?
        .rows_affected();
    if changed == 0 {
        return Err(FormError::not_found("materials.folderNotFound"));
    }
    refresh_subtree(&mut tx, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves folder `id` under `parent` (`None`: to the top). A folder cannot
/// go inside itself or inside one of its own subfolders.
pub async fn move_to(pool: &SqlitePool, id: FolderId, parent: Option<FolderId>) -> Result<(), MaterialError> {
    let mut tx = crate::store::begin_write(pool).await?;
    if let Some(parent) = parent {
        let inside: bool = sqlx::query_scalar(
            "WITH RECURSIVE below (id) AS (
                 SELECT ?1 UNION SELECT f.id FROM material_folders f JOIN below ON f.parent_id = below.id
             )
             SELECT EXISTS (SELECT 1 FROM below WHERE id = ?2)",
        )
        .bind(id)
        .bind(parent)
        .fetch_one(&mut *tx)
        .await?;
        if inside {
            return Err(FormError::invalid("parent_id", Message::new("folders.intoItself")));
        }
    }
    let changed = sqlx::query("UPDATE material_folders SET parent_id = ?2 WHERE id = ?1")
        .bind(id)
        .bind(parent)
        .execute(&mut *tx)
        .await
        .map_err(taken)?
        .rows_affected();
    if changed == 0 {
        return Err(FormError::not_found("materials.folderNotFound"));
    }
    refresh_subtree(&mut tx, id).await?;
    tx.commit().await?;
    Ok(())
}

/// The search entries of every material in `id` and below, whose folder
/// names just changed.
async fn refresh_subtree(conn: &mut SqliteConnection, id: FolderId) -> Result<(), sqlx::Error> {
    let ids: Vec<crate::model::MaterialId> = sqlx::query_scalar(
        "WITH RECURSIVE below (id) AS (
             SELECT ?1 UNION SELECT f.id FROM material_folders f JOIN below ON f.parent_id = below.id
         )
         SELECT m.id FROM materials m JOIN below ON m.folder_id = below.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    for material in ids {
        search::index::refresh(conn, material).await?;
    }
    Ok(())
}

/// The folder at `path` (names separated by `/`), made where missing.
pub async fn ensure_path(pool: &SqlitePool, path: &str, now: EpochSecs) -> Result<Option<FolderId>, MaterialError> {
    let mut parent: Option<FolderId> = None;
    for name in path.split('/').map(str::trim).filter(|n| !n.is_empty()) {
        let name = check_name(name)?;
        parent = Some(match child(pool, parent, &name).await? {
            Some(id) => id,
            None => create(pool, &name, parent, now).await?,
        });
    }
    Ok(parent)
}

/// The folder at `path` (names separated by `/`), if there is one.
pub async fn find_path(pool: &SqlitePool, path: &str) -> Result<Option<FolderId>, sqlx::Error> {
    let mut parent: Option<FolderId> = None;
    for name in path.split('/').map(str::trim).filter(|n| !n.is_empty()) {
        match child(pool, parent, name).await? {
            Some(id) => parent = Some(id),
            None => return Ok(None),
        }
    }
    Ok(parent)
}

/// The folder named `name` directly under `parent` (`None`: the top).
async fn child(pool: &SqlitePool, parent: Option<FolderId>, name: &str) -> Result<Option<FolderId>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM material_folders WHERE COALESCE(parent_id, 0) = COALESCE(?1, 0) AND name = ?2")
        .bind(parent)
        .bind(name)
        .fetch_optional(pool)
        .await
}
