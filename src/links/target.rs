//! Whom a link is for, and what the platform needs to credit them.

use super::LinkError;
use crate::model::{GroupId, PartnerId, PositionId, SubUnionId};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[ts(export)]
pub enum LinkTarget {
    Group(GroupId),
    Partner(PartnerId),
}

impl LinkTarget {
    pub(super) fn column(self) -> (&'static str, i64) {
        match self {
            LinkTarget::Group(id) => ("group", id.0),
            LinkTarget::Partner(id) => ("partner", id.0),
        }
    }

    /// The position or sub-union id the link is made with.
    pub(super) async fn binding(self, pool: &SqlitePool) -> Result<Binding, LinkError> {
        match self {
            LinkTarget::Group(id) => {
                let row: Option<Option<PositionId>> =
                    sqlx::query_scalar("SELECT position_id FROM groups WHERE id = ? AND is_placeholder = 0")
                        .bind(id)
                        .fetch_optional(pool)
                        .await?;
                let position = row.ok_or(LinkError::UnknownTarget)?.ok_or(LinkError::NoPosition)?;
                Ok(Binding { position_id: Some(position), sub_union_id: None })
            }
            LinkTarget::Partner(id) => {
                let row: Option<Option<String>> = sqlx::query_scalar("SELECT sub_union_id FROM partners WHERE id = ?")
                    .bind(id)
                    .fetch_optional(pool)
                    .await?;
                let text = row.ok_or(LinkError::UnknownTarget)?.ok_or(LinkError::NoSubUnionId)?;
                let sub_union_id = SubUnionId::parse(&text).map_err(|_| LinkError::NoSubUnionId)?;
                Ok(Binding { position_id: None, sub_union_id: Some(sub_union_id) })
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Binding {
    pub position_id: Option<PositionId>,
    pub sub_union_id: Option<SubUnionId>,
}
