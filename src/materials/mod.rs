//! The training library (培训素材): scripts, daily kits, posters, lessons and
//! campaign kits that paste into WeChat as written, with tags, a folder
//! tree, versions of every save, use counts, and Chinese search.

pub mod copy;
pub mod draft;
pub mod edit;
pub mod folders;
pub mod list;
pub mod packs;
pub mod parts;
pub mod picture_folder;
pub mod posters;
pub mod search;
pub mod variables;
pub mod versions;

pub use draft::MaterialDraft;
pub use parts::{Part, Parts};

use crate::model::{BizDay, EpochSecs, FolderId, MaterialId, MaterialKind, StoredDay};
use serde::Serialize;
use sqlx::SqliteExecutor;

/// The material form's refusals, at the field they concern.
pub type MaterialError = crate::model::FormError;

/// One material as the window shows it.
#[derive(Debug, Clone, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct Material {
    pub id: MaterialId,
    /// Stable across laptops (training packs name it).
    pub uid: String,
    pub title: String,
    pub kind: MaterialKind,
    pub body: String,
    pub notes: String,
    #[sqlx(skip)]
    pub tags: Vec<String>,
    pub folder_id: Option<FolderId>,
    pub product: Option<String>,
    /// `yyyy-MM-dd`, Beijing.
    #[sqlx(try_from = "Option<i64>")]
    #[ts(type = "string | null")]
    pub expires_on: StoredDay,
    /// Past its expiry as of the day asked about: marked, sorted last.
    #[sqlx(skip)]
    pub expired: bool,
    pub archived_at: Option<EpochSecs>,
    #[sqlx(try_from = "String")]
    pub parts: Parts,
    pub revision: i64,
    pub uses: i64,
    pub last_used_at: Option<EpochSecs>,
    pub updated_at: EpochSecs,
    /// The fields whose stored values are unreadable (an older version
    /// wrote them), shown as empty: the material still lists, named, so
    /// she can save it again or remove it.
    #[sqlx(skip)]
    pub unreadable: Vec<String>,
}

impl Material {
    /// The texts posted, in order: the body, then each text part and the
    /// link part (her link, on a line of its own).
    pub fn texts(&self) -> Vec<&str> {
        let parts = self.parts.0.iter().filter_map(|part| match part {
            Part::Text { text } => Some(text.as_str()),
            Part::Link => Some("{链接}"),
            Part::Image { .. } | Part::Poster { .. } => None,
        });
        std::iter::once(self.body.as_str()).chain(parts).collect()
    }
}

pub(crate) const COLUMNS: &str =
    "id, uid, title, kind, body, notes, folder_id, product, expires_on, archived_at, parts, revision, \
                       uses, last_used_at, updated_at";

/// Tags and the expired mark filled in for `materials`, as of `today`.
/// Ids as a JSON array, for `IN (SELECT value FROM json_each(?))`.
pub(crate) fn id_list(ids: impl Iterator<Item = MaterialId>) -> String {
    let ids: Vec<String> = ids.map(|id| id.0.to_string()).collect();
    format!("[{}]", ids.join(","))
}

pub(crate) async fn complete<'c>(
    executor: impl SqliteExecutor<'c>,
    mut materials: Vec<Material>,
    today: BizDay,
) -> Result<Vec<Material>, sqlx::Error> {
    if materials.is_empty() {
        return Ok(materials);
    }
    #[derive(sqlx::FromRow)]
    struct Tagged {
        material_id: MaterialId,
        tag: String,
    }
    let tags: Vec<Tagged> = sqlx::query_as(
        "SELECT material_id, tag FROM material_tags WHERE material_id IN (SELECT value FROM json_each(?1))
         ORDER BY material_id, position",
    )
    .bind(id_list(materials.iter().map(|m| m.id)))
    .fetch_all(executor)
    .await?;
    for material in &mut materials {
        material.tags = tags.iter().filter(|t| t.material_id == material.id).map(|t| t.tag.clone()).collect();
        material.expired = material.expires_on.day.is_some_and(|day| day < today);
        if material.expires_on.unreadable.is_some() {
            material.unreadable = vec!["expires_on".to_owned()];
        }
    }
    Ok(materials)
}

/// Every SQL text this room builds at run time, each variant once, for the
/// test that prepares them all against a migrated store.
#[cfg(test)]
pub(crate) fn built_sql() -> Vec<String> {
    let (count, select) = list::list_sql();
    vec![get_sql(), count, select, search::in_order_sql()]
}

fn get_sql() -> String {
    format!("SELECT {COLUMNS} FROM materials WHERE id = ?1")
}

pub async fn get(pool: &sqlx::SqlitePool, id: MaterialId, today: BizDay) -> Result<Option<Material>, sqlx::Error> {
    let found: Option<Material> = sqlx::query_as(sqlx::AssertSqlSafe(get_sql())).bind(id).fetch_optional(pool).await?;
    Ok(complete(pool, found.into_iter().collect(), today).await?.pop())
}
