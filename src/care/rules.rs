//! Reward and penalty rules: the defaults come with the store, she can add
//! her own and retire any (retired rules stay on past log entries).

use super::CareError;
use crate::model::RuleKind;
use crate::model::{FormError, Message};
use serde::Serialize;
use sqlx::SqlitePool;

pub const MAX_TITLE_CHARS: usize = 60;

#[derive(Debug, Clone, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct CareRule {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: RuleKind,
    pub title: String,
    pub active: bool,
}

pub async fn list_rules(pool: &SqlitePool) -> Result<Vec<CareRule>, sqlx::Error> {
    sqlx::query_as("SELECT id, kind, title, active FROM care_rules ORDER BY kind DESC, id").fetch_all(pool).await
}

pub async fn create_rule(pool: &SqlitePool, kind: RuleKind, title: &str, now: i64) -> Result<CareRule, CareError> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS || title.chars().any(char::is_control) {
        return Err(FormError::invalid("title", Message::new("care.rule.title").with("max", MAX_TITLE_CHARS)));
    }
    let id: i64 =
        sqlx::query_scalar("INSERT INTO care_rules (kind, title, created_at) VALUES (?1, ?2, ?3) RETURNING id")
            .bind(kind.as_str())
            .bind(title)
            .bind(now)
            .fetch_one(pool)
            .await?;
    Ok(CareRule { id, kind, title: title.to_owned(), active: true })
}

pub async fn set_rule_active(pool: &SqlitePool, id: i64, active: bool) -> Result<(), CareError> {
    let done =
        sqlx::query("UPDATE care_rules SET active = ?1 WHERE id = ?2").bind(active).bind(id).execute(pool).await?;
    if done.rows_affected() == 0 {
        return Err(FormError::not_found("care.rule.notFound"));
    }
    Ok(())
}
