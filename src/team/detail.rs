//! One partner up close: contacts (masked unless asked), place in the tree,
//! lifecycle stage, and earnings of her own and of her whole downline.

use super::stage::{stage, LifecycleStage, WINDOW_DAYS};
use crate::model::contact::{mask_phone, mask_wechat};
use crate::model::{BizDay, Money, PartnerId, PartnerRole};
use serde::Serialize;
use sqlx::{Row, SqlitePool};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct EarningsLine {
    #[ts(type = "number")]
    pub estimate_fen: Money,
    #[ts(type = "number")]
    pub actual_fen: Money,
    pub orders: i64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PartnerRef {
    pub id: PartnerId,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PartnerDetail {
    pub id: PartnerId,
    pub name: String,
    pub role: PartnerRole,
    pub parent: Option<PartnerRef>,
    /// Her mentor (师父).
    pub mentor: Option<PartnerRef>,
    pub sub_union_id: Option<String>,
    pub joined_on: Option<String>,
    /// Masked (`wa******01`) unless revealed.
    pub wechat: Option<String>,
    /// Masked (`138****8000`) unless revealed.
    pub phone: Option<String>,
    pub notes: String,
    pub tags: Vec<String>,
    /// Sync created her for an unknown sub-union id; nobody named her yet.
    pub is_placeholder: bool,
    pub stage: LifecycleStage,
    /// Orders attributed to her in the last 30 days, and on how many days.
    pub stage_orders: i64,
    pub stage_days: i64,
    pub direct_downline: i64,
    pub whole_downline: i64,
    /// Her own attributed orders over the chosen range (by order day).
    pub own: EarningsLine,
    /// Everyone below her, at any depth, over the same range.
    pub team: EarningsLine,
}

pub async fn detail(
    pool: &SqlitePool,
    id: PartnerId,
    from: BizDay,
    to: BizDay,
    today: BizDay,
    reveal: bool,
) -> Result<Option<PartnerDetail>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT p.name, p.role, p.parent_id, parent.name AS parent_name, p.mentor_id, mentor.name AS mentor_name,
                p.sub_union_id, p.joined_on, p.wechat, p.phone, p.notes, p.tags, p.is_placeholder,
                (SELECT COUNT(*) FROM partners c WHERE c.parent_id = p.id) AS direct
         FROM partners p LEFT JOIN partners parent ON parent.id = p.parent_id
              LEFT JOIN partners mentor ON mentor.id = p.mentor_id
         WHERE p.id = ?1",
    )
    .bind(id.0)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let (stage_orders, stage_days): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(orders), 0), COUNT(*) FROM partner_daily
         WHERE partner_id = ?1 AND day BETWEEN ?2 AND ?3 AND orders > 0",
    )
    .bind(id.0)
    .bind(today.add_days(1 - WINDOW_DAYS).as_int())
    .bind(today.as_int())
    .fetch_one(pool)
    .await?;
    let whole_downline: i64 = sqlx::query_scalar(
        "WITH RECURSIVE below(id) AS (SELECT id FROM partners WHERE parent_id = ?1
             UNION ALL SELECT p.id FROM partners p JOIN below b ON p.parent_id = b.id)
         SELECT COUNT(*) FROM below",
    )
    .bind(id.0)
    .fetch_one(pool)
    .await?;
    let own = earnings(pool, "partner_daily", "partner_id", id, from, to).await?;
    let team = earnings(pool, "team_daily", "ancestor_id", id, from, to).await?;
    let contact =
        |value: Option<String>, masker: fn(&str) -> String| value.map(|v| if reveal { v } else { masker(&v) });
    let parent_id: Option<i64> = row.try_get("parent_id")?;
    let mentor_id: Option<i64> = row.try_get("mentor_id")?;
    let joined: Option<i64> = row.try_get("joined_on")?;
    Ok(Some(PartnerDetail {
        id,
        name: row.try_get("name")?,
        role: row.try_get::<String, _>("role")?.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        parent: match parent_id {
            Some(parent) => Some(PartnerRef { id: PartnerId(parent), name: row.try_get("parent_name")? }),
            None => None,
        },
        mentor: match mentor_id {
            Some(mentor) => Some(PartnerRef { id: PartnerId(mentor), name: row.try_get("mentor_name")? }),
            None => None,
        },
        sub_union_id: row.try_get("sub_union_id")?,
        joined_on: joined.and_then(BizDay::from_int).map(|d| d.to_string()),
        wechat: contact(row.try_get("wechat")?, mask_wechat),
        phone: contact(row.try_get("phone")?, mask_phone),
        notes: row.try_get("notes")?,
        tags: serde_json::from_str(&row.try_get::<String, _>("tags")?).unwrap_or_default(),
        is_placeholder: row.try_get("is_placeholder")?,
        stage: stage(stage_orders, stage_days),
        stage_orders,
        stage_days,
        direct_downline: row.try_get("direct")?,
        whole_downline,
        own,
        team,
    }))
}

/// Valid commission from one of the rollups `team::rollup` keeps: at most
/// one row per day of the range, however big her downline.
async fn earnings(
    pool: &SqlitePool,
    table: &str,
    key: &str,
    id: PartnerId,
    from: BizDay,
    to: BizDay,
) -> Result<EarningsLine, sqlx::Error> {
    let sql = format!(
        "SELECT COALESCE(SUM(estimate_fee_fen), 0), COALESCE(SUM(actual_fee_fen), 0), COALESCE(SUM(orders), 0)
         FROM {table} WHERE {key} = ?1 AND day BETWEEN ?2 AND ?3"
    );
    // Assembled from constant fragments only.
    let (estimate, actual, orders): (i64, i64, i64) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .bind(from.as_int())
        .bind(to.as_int())
        .fetch_one(pool)
        .await?;
    Ok(EarningsLine { estimate_fen: Money::from_fen(estimate), actual_fen: Money::from_fen(actual), orders })
}
