//! The kept links, and making anew those about to expire.

use super::target::{Binding, LinkTarget};
use super::{make, LinkError, REFRESH_DAYS};
use crate::model::{EpochSecs, GroupId, PartnerId, PositionId, SubUnionId};
use crate::platform::jd::promotion::PromotionLink;
use crate::platform::jd::JdClient;
use crate::platform::ErrorClass;
use sqlx::SqlitePool;

pub(super) struct Kept {
    pub binding: Binding,
    pub short_url: String,
    pub click_url: String,
    pub expires_at: EpochSecs,
}

#[derive(sqlx::FromRow)]
struct KeptRow {
    product: String,
    target: String,
    target_id: i64,
    position_id: Option<i64>,
    sub_union_id: Option<String>,
    short_url: String,
    click_url: String,
    expires_at: EpochSecs,
}

impl KeptRow {
    fn kept(self) -> Kept {
        Kept {
            binding: Binding {
                position_id: self.position_id.map(PositionId),
                sub_union_id: self.sub_union_id.and_then(|s| SubUnionId::parse(&s).ok()),
            },
            short_url: self.short_url,
            click_url: self.click_url,
            expires_at: self.expires_at,
        }
    }

    fn target(&self) -> Option<LinkTarget> {
        match self.target.as_str() {
            "group" => Some(LinkTarget::Group(GroupId(self.target_id))),
            "partner" => Some(LinkTarget::Partner(PartnerId(self.target_id))),
            _ => None,
        }
    }
}

const COLUMNS: &str = "product, target, target_id, position_id, sub_union_id, short_url, click_url, expires_at";

/// Every SQL text the link cache builds at run time, for the prepare test.
#[cfg(test)]
pub(super) fn built_sql() -> Vec<String> {
    vec![kept_sql(), due_sql()]
}

fn kept_sql() -> String {
    format!("SELECT {COLUMNS} FROM promotion_links WHERE product = ? AND target = ? AND target_id = ?")
}

/// The links expiring within `?2` seconds of `?1`, soonest first, at most `?3`.
fn due_sql() -> String {
    format!("SELECT {COLUMNS} FROM promotion_links WHERE expires_at - ? <= ? ORDER BY expires_at LIMIT ?")
}

pub(super) async fn kept(pool: &SqlitePool, product: &str, target: LinkTarget) -> Result<Option<Kept>, sqlx::Error> {
    let (kind, id) = target.column();
    let row: Option<KeptRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(kept_sql())).bind(product).bind(kind).bind(id).fetch_optional(pool).await?;
    Ok(row.map(KeptRow::kept))
}

pub(super) async fn keep(
    pool: &SqlitePool,
    product: &str,
    target: LinkTarget,
    binding: &Binding,
    link: &PromotionLink,
    made_at: EpochSecs,
    expires_at: EpochSecs,
) -> Result<(), sqlx::Error> {
    let (kind, id) = target.column();
    sqlx::query(
        "INSERT INTO promotion_links (product, target, target_id, position_id, sub_union_id, short_url, click_url, \
         made_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (product, target, target_id) DO UPDATE SET position_id = excluded.position_id, \
         sub_union_id = excluded.sub_union_id, short_url = excluded.short_url, click_url = excluded.click_url, \
         made_at = excluded.made_at, expires_at = excluded.expires_at",
    )
    .bind(product)
    .bind(kind)
    .bind(id)
    .bind(binding.position_id.map(|p| p.0))
    .bind(binding.sub_union_id.as_ref().map(SubUnionId::as_str))
    .bind(&link.short_url)
    .bind(&link.click_url)
    .bind(made_at)
    .bind(expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// The most links made anew in one go, so a sync run's tail stays short.
const MAX_REFRESH: i64 = 200;

/// What a refresh did.
#[derive(Debug)]
pub struct Refreshed {
    /// Links made anew.
    pub made: usize,
    /// Links the platform refused to make anew (a product taken off sale):
    /// each kept as it was and tried again next run, the rest made anyway.
    pub refused: Vec<RefusedLink>,
}

#[derive(Debug)]
pub struct RefusedLink {
    pub product: String,
    pub target: LinkTarget,
    pub error: LinkError,
}

/// Makes anew the kept links with a week or less left, soonest first; one
/// whose group or partner is gone, or no longer has a position or
/// sub-union id, is dropped. A link the platform refuses is set aside and
/// the others still made; a failure every link would meet (offline, the
/// account's credentials, the store) ends the refresh.
pub async fn refresh_due(pool: &SqlitePool, client: &JdClient, now: EpochSecs) -> Result<Refreshed, LinkError> {
    let due: Vec<KeptRow> = sqlx::query_as(sqlx::AssertSqlSafe(due_sql()))
        .bind(now)
        .bind(REFRESH_DAYS * 86_400)
        .bind(MAX_REFRESH)
        .fetch_all(pool)
        .await?;
    let mut refreshed = Refreshed { made: 0, refused: Vec::new() };
    for row in due {
        let Some(target) = row.target() else { continue };
        match target.binding(pool).await {
            Ok(binding) => match make(pool, client, &row.product, target, &binding).await {
                Ok(_) => refreshed.made += 1,
                Err(LinkError::Platform(error)) if error.class() == ErrorClass::Rejected => {
                    refreshed.refused.push(RefusedLink {
                        product: row.product,
                        target,
                        error: LinkError::Platform(error),
                    });
                }
                Err(other) => return Err(other),
            },
            Err(LinkError::UnknownTarget | LinkError::NoPosition | LinkError::NoSubUnionId) => {
                let (kind, id) = target.column();
                sqlx::query("DELETE FROM promotion_links WHERE product = ? AND target = ? AND target_id = ?")
                    .bind(&row.product)
                    .bind(kind)
                    .bind(id)
                    .execute(pool)
                    .await?;
            }
            Err(other) => return Err(other),
        }
    }
    Ok(refreshed)
}
