//! Every save of a material, kept: viewed side by side, and any brought
//! back as a new save (bringing one back never rewrites history).

use super::draft::Checked;
use super::{edit, Material, MaterialError, Parts};
use crate::model::{BizDay, EpochSecs, FolderId, MaterialId, MaterialKind, StoredDay};
use crate::model::{FormError, Message};
use serde::Serialize;
use sqlx::SqlitePool;

#[derive(Debug, Clone, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct MaterialVersion {
    pub revision: i64,
    pub title: String,
    pub kind: MaterialKind,
    pub body: String,
    pub notes: String,
    #[sqlx(try_from = "String")]
    #[ts(type = "Array<string>")]
    pub tags: TagList,
    pub folder_id: Option<FolderId>,
    pub product: Option<String>,
    #[sqlx(try_from = "Option<i64>")]
    #[ts(type = "string | null")]
    pub expires_on: StoredDay,
    #[sqlx(try_from = "String")]
    pub parts: Parts,
    pub saved_at: EpochSecs,
}

/// A version's tags, stored as a JSON array.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct TagList(pub Vec<String>);

impl TryFrom<String> for TagList {
    type Error = serde_json::Error;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        serde_json::from_str(&text).map(TagList)
    }
}

/// Newest first.
pub async fn list(pool: &SqlitePool, id: MaterialId) -> Result<Vec<MaterialVersion>, sqlx::Error> {
    sqlx::query_as(
        "SELECT revision, title, kind, body, notes, tags, folder_id, product, expires_on, parts, saved_at
         FROM material_versions WHERE material_id = ?1 ORDER BY revision DESC",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

/// Saves revision `revision` again as the material's newest; `base` as in
/// [`edit::update`]. A folder since removed is left out.
pub async fn bring_back(
    pool: &SqlitePool,
    id: MaterialId,
    revision: i64,
    base: i64,
    now: EpochSecs,
) -> Result<Material, MaterialError> {
    let mut tx = crate::store::begin_write(pool).await?;
    let current: Option<i64> =
        sqlx::query_scalar("SELECT revision FROM materials WHERE id = ?1").bind(id).fetch_optional(&mut *tx).await?;
    let current = current.ok_or_else(|| FormError::not_found("materials.notFound"))?;
    if current != base {
        return Err(FormError::conflict("revision", Message::new("materials.changedMeanwhile")));
    }
    let old: Option<MaterialVersion> = sqlx::query_as(
        "SELECT v.revision, v.title, v.kind, v.body, v.notes, v.tags,
                (SELECT id FROM material_folders WHERE id = v.folder_id) AS folder_id, v.product, v.expires_on,
                v.parts, v.saved_at
         FROM material_versions v WHERE v.material_id = ?1 AND v.revision = ?2",
    )
    .bind(id)
    .bind(revision)
    .fetch_optional(&mut *tx)
    .await?;
    let old = old.ok_or_else(|| FormError::not_found("materials.versionNotFound"))?;
    let checked = Checked {
        title: old.title,
        kind: old.kind,
        body: old.body,
        notes: old.notes,
        tags: old.tags.0,
        folder_id: old.folder_id,
        product: old.product,
        expires_on: old.expires_on.day,
        parts: old.parts,
    };
    edit::overwrite(&mut tx, id, current + 1, &checked, now).await?;
    tx.commit().await?;
    super::get(pool, id, BizDay::of(now)).await?.ok_or_else(|| FormError::not_found("materials.notFound"))
}
