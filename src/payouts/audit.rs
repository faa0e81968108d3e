//! Who changed the money, when and what: every plan, close, payment, void
//! and adjustment, append-only (the store's triggers refuse edits). The
//! detail holds ids and amounts, never a name or a contact.

use crate::model::{BizMonth, EpochSecs, PayoutActor};
use serde::Serialize;
use sqlx::SqliteConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, rename = "PayoutAuditAction")]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Plan,
    Close,
    Payment,
    Void,
    Adjustment,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Plan => "plan",
            Action::Close => "close",
            Action::Payment => "payment",
            Action::Void => "void",
            Action::Adjustment => "adjustment",
        }
    }
}

pub async fn record(
    conn: &mut SqliteConnection,
    actor: PayoutActor,
    at: EpochSecs,
    action: Action,
    month: Option<BizMonth>,
    detail: &serde_json::Value,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO payout_audit (at, actor, action, month, detail) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(at)
        .bind(actor)
        .bind(action.as_str())
        .bind(month.map(BizMonth::as_int))
        .bind(detail.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// One audit line as the window lists it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export, rename = "PayoutAuditLine")]
#[serde(rename_all = "camelCase")]
pub struct AuditLine {
    pub id: i64,
    #[ts(type = "number")]
    pub at: EpochSecs,
    pub actor: PayoutActor,
    pub action: String,
    pub month: Option<String>,
    pub detail: String,
}

/// The newest lines first, at most `limit` (bounded to 500).
pub async fn recent(conn: &mut SqliteConnection, limit: u32) -> Result<Vec<AuditLine>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        at: EpochSecs,
        actor: PayoutActor,
        action: String,
        month: Option<i64>,
        detail: String,
    }
    let rows: Vec<Row> =
        sqlx::query_as("SELECT id, at, actor, action, month, detail FROM payout_audit ORDER BY id DESC LIMIT ?1")
            .bind(i64::from(limit.min(500)))
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|row| AuditLine {
            id: row.id,
            at: row.at,
            actor: row.actor,
            action: row.action,
            month: row.month.and_then(BizMonth::from_int).map(|m| m.to_string()),
            detail: row.detail,
        })
        .collect())
}
