//! The care log: each call, chat, training, reward or penalty with a note;
//! rewards and penalties name the rule that applied.

use super::{no_partner, CareError};
use crate::model::paging::{Page, PageRequest};
use crate::model::{BizDay, CareKind, PartnerId};
use crate::model::{FormError, Message};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

pub const MAX_NOTE_CHARS: usize = 2_000;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct CareInput {
    pub kind: CareKind,
    /// Required for rewards and penalties, absent otherwise.
    #[ts(type = "number | null")]
    pub rule_id: Option<i64>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct CareEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: CareKind,
    pub rule: Option<String>,
    pub note: String,
    pub day: BizDay,
}

pub async fn record(
    pool: &SqlitePool,
    partner: PartnerId,
    input: &CareInput,
    day: BizDay,
    now: i64,
) -> Result<CareEntry, CareError> {
    if input.note.chars().count() > MAX_NOTE_CHARS {
        return Err(FormError::invalid("note", Message::new("field.notes").with("max", MAX_NOTE_CHARS)));
    }
    let needs_rule = matches!(input.kind, CareKind::Reward | CareKind::Penalty);
    let rule = match (needs_rule, input.rule_id) {
        (true, None) => return Err(FormError::invalid("rule_id", Message::new("care.rule.needed"))),
        (false, Some(_)) => return Err(FormError::invalid("rule_id", Message::new("care.rule.notApplicable"))),
        (false, None) => None,
        (true, Some(id)) => {
            #[derive(sqlx::FromRow)]
            struct Rule {
                kind: String,
                title: String,
                active: bool,
            }
            let found: Option<Rule> = sqlx::query_as("SELECT kind, title, active FROM care_rules WHERE id = ?1")
                .bind(id)
                .fetch_optional(pool)
                .await?;
            match found {
                Some(Rule { kind, title, active: true }) if kind == input.kind.as_str() => Some(title),
                Some(Rule { active: false, .. }) => {
                    return Err(FormError::invalid("rule_id", Message::new("care.rule.retired")))
                }
                _ => return Err(FormError::invalid("rule_id", Message::new("care.rule.wrongKind"))),
            }
        }
    };
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM partners WHERE id = ?1").bind(partner).fetch_optional(pool).await?;
    if exists.is_none() {
        return Err(no_partner());
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO care_log (partner_id, kind, rule_id, note, day, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
    )
    .bind(partner)
    .bind(input.kind.as_str())
    .bind(input.rule_id)
    .bind(input.note.trim_end())
    .bind(day)
    .bind(now)
    .fetch_one(pool)
    .await?;
    Ok(CareEntry { id, kind: input.kind, rule, note: input.note.trim_end().to_owned(), day })
}

/// Newest first.
pub async fn history(pool: &SqlitePool, partner: PartnerId, page: PageRequest) -> Result<Page<CareEntry>, sqlx::Error> {
    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM care_log WHERE partner_id = ?1").bind(partner).fetch_one(pool).await?;
    let items = sqlx::query_as(
        "SELECT l.id, l.kind, r.title AS rule, l.note, l.day FROM care_log l LEFT JOIN care_rules r ON r.id = l.rule_id
         WHERE l.partner_id = ?1 ORDER BY l.day DESC, l.id DESC LIMIT ?2 OFFSET ?3",
    )
    .bind(partner)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    Ok(Page { items, total, offset: page.offset })
}
