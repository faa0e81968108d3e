//! Creating and changing materials. Every save is one transaction that
//! writes the material, its tags, its new version and its search entry
//! together, so a crash leaves the last save whole or not at all.

use super::draft::{Checked, MaterialDraft};
use super::{search, Material, MaterialError, Parts};
use crate::model::{is_foreign_key_violation, FormError, Message};
use crate::model::{new_uid, BizDay, EpochSecs, MaterialId};
use sqlx::{SqliteConnection, SqlitePool};

pub async fn create(pool: &SqlitePool, draft: &MaterialDraft, now: EpochSecs) -> Result<Material, MaterialError> {
    let checked = draft.check()?;
    let mut tx = crate::store::begin_write(pool).await?;
    let id = insert(&mut tx, &checked, &new_uid()?, now).await?;
    tx.commit().await?;
    found(pool, id, now).await
}

/// Many materials in one transaction (a starter library, a benchmark's
/// hundred thousand): all of them or, at the first refusal, none.
pub async fn create_all(
    pool: &SqlitePool,
    drafts: &[MaterialDraft],
    now: EpochSecs,
) -> Result<Vec<MaterialId>, MaterialError> {
    let mut tx = crate::store::begin_write(pool).await?;
    let mut ids = Vec::with_capacity(drafts.len());
    for draft in drafts {
        ids.push(insert(&mut tx, &draft.check()?, &new_uid()?, now).await?);
    }
    tx.commit().await?;
    Ok(ids)
}

/// Writes a new material (revision 1) with its tags, version and search entry.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    checked: &Checked,
    uid: &str,
    now: EpochSecs,
) -> Result<MaterialId, MaterialError> {
    check_pictures(conn, &checked.parts).await?;
    let id: MaterialId = sqlx::query_scalar(
        "INSERT INTO materials (uid, title, kind, body, notes, folder_id, product, expires_on, parts, created_at,
                                updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?10, ?9, ?9) RETURNING id",
    )
    .bind(uid)
    .bind(&checked.title)
    .bind(checked.kind)
    .bind(&checked.body)
    .bind(&checked.notes)
    .bind(checked.folder_id)
    .bind(&checked.product)
    .bind(checked.expires_on)
    .bind(now)
    .bind(checked.parts.to_json())
    .fetch_one(&mut *conn)
    .await
    .map_err(folder_refused)?;
    write_tags(conn, id, &checked.tags).await?;
    write_version(conn, id, 1, checked, now).await?;
    search::index::refresh(conn, id).await?;
    Ok(id)
}

/// Saves `draft` over material `id` as its next revision. `base` is the
/// revision the form was opened on: a save over a newer one (another
/// window, a pack imported meanwhile) is refused rather than lost.
pub async fn update(
    pool: &SqlitePool,
    id: MaterialId,
    base: i64,
    draft: &MaterialDraft,
    now: EpochSecs,
) -> Result<Material, MaterialError> {
    let checked = draft.check()?;
    let mut tx = crate::store::begin_write(pool).await?;
    let revision: Option<i64> =
        sqlx::query_scalar("SELECT revision FROM materials WHERE id = ?1").bind(id).fetch_optional(&mut *tx).await?;
    let revision = revision.ok_or_else(|| FormError::not_found("materials.notFound"))?;
    if revision != base {
        return Err(FormError::conflict("revision", Message::new("materials.changedMeanwhile")));
    }
    overwrite(&mut tx, id, revision + 1, &checked, now).await?;
    tx.commit().await?;
    found(pool, id, now).await
}

/// Writes `checked` as revision `revision` of material `id`.
pub(crate) async fn overwrite(
    conn: &mut SqliteConnection,
    id: MaterialId,
    revision: i64,
    checked: &Checked,
    now: EpochSecs,
) -> Result<(), MaterialError> {
    check_pictures(conn, &checked.parts).await?;
    sqlx::query(
        "UPDATE materials SET title = ?2, kind = ?3, body = ?4, notes = ?5, folder_id = ?6, product = ?7,
                expires_on = ?8, revision = ?9, updated_at = ?10, parts = ?11
         WHERE id = ?1",
    )
    .bind(id)
    .bind(&checked.title)
    .bind(checked.kind)
    .bind(&checked.body)
    .bind(&checked.notes)
    .bind(checked.folder_id)
    .bind(&checked.product)
    .bind(checked.expires_on)
    .bind(revision)
    .bind(now)
    .bind(checked.parts.to_json())
    .execute(&mut *conn)
    .await
    .map_err(folder_refused)?;
    write_tags(conn, id, &checked.tags).await?;
    write_version(conn, id, revision, checked, now).await?;
    search::index::refresh(conn, id).await?;
    Ok(())
}

/// A copy to start from: everything but its history and use counts.
pub async fn duplicate(pool: &SqlitePool, id: MaterialId, now: EpochSecs) -> Result<Material, MaterialError> {
    let original = found(pool, id, now).await?;
    let mut title = format!("{}（副本）", original.title);
    if title.chars().count() > super::draft::MAX_TITLE_CHARS {
        let keep = super::draft::MAX_TITLE_CHARS - "（副本）".chars().count();
        title = format!("{}（副本）", original.title.chars().take(keep).collect::<String>());
    }
    let checked = Checked {
        title,
        kind: original.kind,
        body: original.body,
        notes: original.notes,
        tags: original.tags,
        folder_id: original.folder_id,
        product: original.product,
        expires_on: original.expires_on.day,
        parts: original.parts,
    };
    let mut tx = crate::store::begin_write(pool).await?;
    let copy = insert(&mut tx, &checked, &new_uid()?, now).await?;
    tx.commit().await?;
    found(pool, copy, now).await
}

/// Out of the list and the search, kept whole: restore brings it back.
pub async fn archive(pool: &SqlitePool, id: MaterialId, now: EpochSecs) -> Result<Material, MaterialError> {
    set_archived(pool, id, Some(now), now).await
}

pub async fn restore(pool: &SqlitePool, id: MaterialId, now: EpochSecs) -> Result<Material, MaterialError> {
    set_archived(pool, id, None, now).await
}

async fn set_archived(
    pool: &SqlitePool,
    id: MaterialId,
    archived_at: Option<EpochSecs>,
    now: EpochSecs,
) -> Result<Material, MaterialError> {
    let mut tx = crate::store::begin_write(pool).await?;
    let changed = sqlx::query("UPDATE materials SET archived_at = ?2 WHERE id = ?1")
        .bind(id)
        .bind(archived_at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(FormError::not_found("materials.notFound"));
    }
    search::index::refresh(&mut tx, id).await?;
    tx.commit().await?;
    found(pool, id, now).await
}

/// One more use (a copy to WeChat), and when.
pub async fn record_use(pool: &SqlitePool, id: MaterialId, now: EpochSecs) -> Result<Material, MaterialError> {
    let changed = sqlx::query("UPDATE materials SET uses = uses + 1, last_used_at = ?2 WHERE id = ?1")
        .bind(id)
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(FormError::not_found("materials.notFound"));
    }
    found(pool, id, now).await
}

async fn write_tags(conn: &mut SqliteConnection, id: MaterialId, tags: &[String]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM material_tags WHERE material_id = ?1").bind(id).execute(&mut *conn).await?;
    for (position, tag) in tags.iter().enumerate() {
        sqlx::query("INSERT INTO material_tags (material_id, tag, position) VALUES (?1, ?2, ?3)")
            .bind(id)
            .bind(tag)
            .bind(position as i64)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

async fn write_version(
    conn: &mut SqliteConnection,
    id: MaterialId,
    revision: i64,
    checked: &Checked,
    now: EpochSecs,
) -> Result<(), MaterialError> {
    let tags = serde_json::to_string(&checked.tags).map_err(|e| FormError::Store(sqlx::Error::Decode(Box::new(e))))?;
    sqlx::query(
        "INSERT INTO material_versions
             (material_id, revision, title, kind, body, notes, tags, folder_id, product, expires_on, saved_at, parts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )
    .bind(id)
    .bind(revision)
    .bind(&checked.title)
    .bind(checked.kind)
    .bind(&checked.body)
    .bind(&checked.notes)
    .bind(tags)
    .bind(checked.folder_id)
    .bind(&checked.product)
    .bind(checked.expires_on)
    .bind(now)
    .bind(checked.parts.to_json())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Every picture the parts show must be kept already: a part naming a
/// picture that is not here would post a hole.
async fn check_pictures(conn: &mut SqliteConnection, parts: &Parts) -> Result<(), MaterialError> {
    for hash in parts.images() {
        let kept: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM media WHERE hash = ?1").bind(hash).fetch_optional(&mut *conn).await?;
        if kept.is_none() {
            return Err(FormError::invalid("parts", Message::new("media.missing")));
        }
    }
    Ok(())
}

fn folder_refused(error: sqlx::Error) -> MaterialError {
    if is_foreign_key_violation(&error) {
        FormError::invalid("folder_id", Message::new("materials.folderNotFound"))
    } else {
        FormError::Store(error)
    }
}

async fn found(pool: &SqlitePool, id: MaterialId, now: EpochSecs) -> Result<Material, MaterialError> {
    super::get(pool, id, BizDay::of(now)).await?.ok_or_else(|| FormError::not_found("materials.notFound"))
}
