//! One partner up close: contacts (masked unless asked), place in the tree,
//! lifecycle stage, and earnings of her own and of her whole downline.

use super::stage::{stage, LifecycleStage, WINDOW_DAYS};
use crate::model::contact::{mask_phone, mask_wechat};
use crate::model::{BizDay, Money, PartnerId, PartnerRole, StoredDay};
use serde::Serialize;
use sqlx::SqlitePool;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct EarningsLine {
    pub estimate_fen: Money,
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
    /// Her 多多进宝 `uid` and 淘宝联盟 `relation_id`/`special_id` (`platform_ids`).
    pub pdd_uid: Option<String>,
    pub taobao_id: Option<String>,
    pub joined_on: Option<BizDay>,
    /// The fields whose stored values are unreadable, shown as empty (see
    /// `PartnerSummary::unreadable`).
    pub unreadable: Vec<String>,
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

/// Her row as stored, with her parent's and mentor's names.
#[derive(sqlx::FromRow)]
struct Stored {
    name: String,
    role: PartnerRole,
    parent_id: Option<PartnerId>,
    parent_name: Option<String>,
    mentor_id: Option<PartnerId>,
    mentor_name: Option<String>,
    sub_union_id: Option<String>,
    pdd_uid: Option<String>,
    taobao_id: Option<String>,
    #[sqlx(try_from = "Option<i64>")]
    joined_on: StoredDay,
    wechat: Option<String>,
    phone: Option<String>,
    notes: String,
    /// A JSON array of strings.
    tags: String,
    is_placeholder: bool,
    direct: i64,
}

fn reference(id: Option<PartnerId>, name: Option<String>) -> Option<PartnerRef> {
    Some(PartnerRef { id: id?, name: name.unwrap_or_default() })
}

pub async fn detail(
    pool: &SqlitePool,
    id: PartnerId,
    from: BizDay,
    to: BizDay,
    today: BizDay,
    reveal: bool,
) -> Result<Option<PartnerDetail>, sqlx::Error> {
    let Some(row) = sqlx::query_as::<_, Stored>(
        "SELECT p.name, p.role, p.parent_id, parent.name AS parent_name, p.mentor_id, mentor.name AS mentor_name,
                p.sub_union_id,
                (SELECT person FROM partner_platform_ids WHERE partner_id = p.id AND platform = 'pdd') AS pdd_uid,
                (SELECT person FROM partner_platform_ids WHERE partner_id = p.id AND platform = 'taobao') AS taobao_id,
                p.joined_on, p.wechat, p.phone, p.notes, p.tags, p.is_placeholder,
                (SELECT COUNT(*) FROM partners c WHERE c.parent_id = p.id) AS direct
         FROM partners p LEFT JOIN partners parent ON parent.id = p.parent_id
              LEFT JOIN partners mentor ON mentor.id = p.mentor_id
         WHERE p.id = ?1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    #[derive(sqlx::FromRow)]
    struct Stage {
        orders: i64,
        days: i64,
    }
    let Stage { orders: stage_orders, days: stage_days } = sqlx::query_as(
        "SELECT COALESCE(SUM(orders), 0) AS orders, COUNT(*) AS days FROM partner_daily
         WHERE partner_id = ?1 AND day BETWEEN ?2 AND ?3 AND orders > 0",
    )
    .bind(id)
    .bind(today.add_days(1 - WINDOW_DAYS))
    .bind(today)
    .fetch_one(pool)
    .await?;
    let whole_downline: i64 = sqlx::query_scalar(
        "WITH RECURSIVE below(id) AS (SELECT id FROM partners WHERE parent_id = ?1
             UNION ALL SELECT p.id FROM partners p JOIN below b ON p.parent_id = b.id)
         SELECT COUNT(*) FROM below",
    )
    .bind(id)
    .fetch_one(pool)
    .await?;
    let own = earnings(pool, Rollup::Own, id, from, to).await?;
    let team = earnings(pool, Rollup::Team, id, from, to).await?;
    let contact =
        |value: Option<String>, masker: fn(&str) -> String| value.map(|v| if reveal { v } else { masker(&v) });
    Ok(Some(PartnerDetail {
        id,
        name: row.name,
        role: row.role,
        parent: reference(row.parent_id, row.parent_name),
        mentor: reference(row.mentor_id, row.mentor_name),
        sub_union_id: row.sub_union_id,
        pdd_uid: row.pdd_uid,
        taobao_id: row.taobao_id,
        joined_on: row.joined_on.day,
        unreadable: super::unreadable_joined_on(row.joined_on),
        wechat: contact(row.wechat, mask_wechat),
        phone: contact(row.phone, mask_phone),
        notes: row.notes,
        tags: serde_json::from_str(&row.tags).unwrap_or_default(),
        is_placeholder: row.is_placeholder,
        stage: stage(stage_orders, stage_days),
        stage_orders,
        stage_days,
        direct_downline: row.direct,
        whole_downline,
        own,
        team,
    }))
}

/// Valid commission from one of the rollups `team::rollup` keeps: at most
/// one row per day of the range, however big her downline.
async fn earnings(
    pool: &SqlitePool,
    rollup: Rollup,
    id: PartnerId,
    from: BizDay,
    to: BizDay,
) -> Result<EarningsLine, sqlx::Error> {
    // Assembled from constant fragments only.
    sqlx::query_as(sqlx::AssertSqlSafe(earnings_sql(rollup))).bind(id).bind(from).bind(to).fetch_one(pool).await
}

/// Her own days, or her downline's.
#[derive(Clone, Copy)]
pub(super) enum Rollup {
    Own,
    Team,
}

pub(super) fn earnings_sql(rollup: Rollup) -> String {
    let (table, key) = match rollup {
        Rollup::Own => ("partner_daily", "partner_id"),
        Rollup::Team => ("team_daily", "ancestor_id"),
    };
    format!(
        "SELECT COALESCE(SUM(estimate_fee_fen), 0) AS estimate_fen, COALESCE(SUM(actual_fee_fen), 0) AS actual_fen,
                COALESCE(SUM(orders), 0) AS orders
         FROM {table} WHERE {key} = ?1 AND day BETWEEN ?2 AND ?3"
    )
}
