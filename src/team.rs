//! The downstream team (团队): a tree of partners, each attributed by a
//! sub-union id.

use crate::model::{BizDay, PartnerId, PartnerRole};
use crate::paging::{Page, PageRequest};
use serde::Serialize;
use sqlx::{Row, SqlitePool};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PartnerSummary {
    pub id: PartnerId,
    pub name: String,
    pub role: PartnerRole,
    pub sub_union_id: Option<String>,
    pub parent_name: Option<String>,
    /// `yyyy-MM-dd`, Beijing.
    pub joined_on: Option<String>,
    pub is_placeholder: bool,
    pub downline: i64,
}

#[derive(Debug, Clone)]
pub struct NewPartner {
    pub name: String,
    pub role: PartnerRole,
    pub sub_union_id: Option<String>,
    pub parent: Option<PartnerId>,
    pub joined_on: Option<BizDay>,
}

pub async fn list(pool: &SqlitePool, page: PageRequest) -> Result<Page<PartnerSummary>, sqlx::Error> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM partners").fetch_one(pool).await?;
    let rows = sqlx::query(
        "SELECT p.id, p.name, p.role, p.sub_union_id, parent.name AS parent_name, p.joined_on, p.is_placeholder,
                (SELECT COUNT(*) FROM partners c WHERE c.parent_id = p.id) AS downline
         FROM partners p LEFT JOIN partners parent ON parent.id = p.parent_id
         ORDER BY p.is_placeholder, p.id LIMIT ?1 OFFSET ?2",
    )
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    let items = rows
        .iter()
        .map(|r| {
            let joined: Option<i64> = r.try_get("joined_on")?;
            Ok(PartnerSummary {
                id: PartnerId(r.try_get("id")?),
                name: r.try_get("name")?,
                role: r.try_get::<String, _>("role")?.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                sub_union_id: r.try_get("sub_union_id")?,
                parent_name: r.try_get("parent_name")?,
                joined_on: joined.and_then(BizDay::from_int).map(|d| d.to_string()),
                is_placeholder: r.try_get("is_placeholder")?,
                downline: r.try_get("downline")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Page { items, total, offset: page.offset })
}

/// Adds a partner, or fills in the placeholder sync created for the same
/// sub-union id.
pub async fn upsert(
    db: impl sqlx::SqliteExecutor<'_>,
    partner: &NewPartner,
    now: i64,
) -> Result<PartnerId, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO partners (name, role, sub_union_id, parent_id, joined_on, is_placeholder, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)
         ON CONFLICT (sub_union_id) DO UPDATE SET name = excluded.name, role = excluded.role,
             parent_id = excluded.parent_id, joined_on = excluded.joined_on, is_placeholder = 0
         RETURNING id",
    )
    .bind(&partner.name)
    .bind(partner.role.as_str())
    .bind(&partner.sub_union_id)
    .bind(partner.parent.map(|p| p.0))
    .bind(partner.joined_on.map(BizDay::as_int))
    .bind(now)
    .fetch_one(db)
    .await?;
    Ok(PartnerId(id))
}
