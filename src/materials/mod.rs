//! Training material (培训素材): scripts, posters, course outlines and daily kits that paste into WeChat as is.

use crate::error::{FormError, Message};
use crate::model::paging::{Page, PageRequest};
use crate::model::{now_epoch, MaterialKind};
use serde::Serialize;
use sqlx::SqlitePool;

#[derive(Debug, Clone, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct Material {
    pub id: i64,
    pub title: String,
    pub kind: MaterialKind,
    pub body: String,
}

/// The material form's refusals, at the field they concern.
pub type MaterialError = FormError;

const MAX_TITLE_CHARS: usize = 100;

pub async fn create(pool: &SqlitePool, title: &str, kind: MaterialKind, body: &str) -> Result<Material, MaterialError> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        return Err(FormError::invalid("title", Message::new("materials.titleLength").with("max", MAX_TITLE_CHARS)));
    }
    if body.trim().is_empty() {
        return Err(FormError::invalid("body", Message::new("field.required")));
    }
    let now = now_epoch();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO materials (title, kind, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4) RETURNING id",
    )
    .bind(title)
    .bind(kind.as_str())
    .bind(body)
    .bind(now)
    .fetch_one(pool)
    .await?;
    Ok(Material { id, title: title.to_owned(), kind, body: body.to_owned() })
}

pub async fn list(pool: &SqlitePool, page: PageRequest) -> Result<Page<Material>, sqlx::Error> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM materials").fetch_one(pool).await?;
    let items = sqlx::query_as(
        "SELECT id, title, kind, body FROM materials ORDER BY updated_at DESC, id DESC LIMIT ?1 OFFSET ?2",
    )
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    Ok(Page { items, total, offset: page.offset })
}
