//! The account's promotion positions (推广位) on the platform, and which of
//! our groups each is bound to: what the group form offers to pick from.

use crate::error::{AppError, ErrorCode};
use crate::model::Message;
use crate::platform::jd::positions::{PlatformPosition, POSITION_PAGE_SIZE};
use crate::platform::jd::JdClient;
use crate::platform::PlatformError;
use serde::Serialize;
use sqlx::SqlitePool;
use std::collections::HashMap;

pub const MAX_NAME_CHARS: usize = 30;
/// More than the platform allows (5,000), so a broken `total` cannot loop.
const MAX_PAGES: u32 = 60;

#[derive(Debug, thiserror::Error)]
pub enum PositionError {
    #[error("a position name has 1–{MAX_NAME_CHARS} characters")]
    BadName,
    #[error(transparent)]
    Platform(#[from] PlatformError),
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PositionChoice {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// The group already bound to it, if any.
    pub bound_to: Option<String>,
}

pub async fn choices(pool: &SqlitePool, client: &JdClient) -> Result<Vec<PositionChoice>, PositionError> {
    let mut positions: Vec<PlatformPosition> = Vec::new();
    for page in 1..=MAX_PAGES {
        let answer = client.positions(page).await?;
        let last = answer.positions.len() < POSITION_PAGE_SIZE as usize;
        positions.extend(answer.positions);
        if last || positions.len() as u64 >= answer.total {
            break;
        }
    }
    #[derive(sqlx::FromRow)]
    struct Bound {
        position_id: i64,
        name: String,
    }
    let bound: HashMap<i64, String> = sqlx::query_as::<_, Bound>(
        "SELECT position_id, name FROM groups WHERE position_id IS NOT NULL AND is_placeholder = 0",
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|b| (b.position_id, b.name))
    .collect();
    Ok(positions
        .into_iter()
        .map(|p| PositionChoice { bound_to: bound.get(&p.id).cloned(), id: p.id, name: p.name })
        .collect())
}

pub async fn create(client: &JdClient, name: &str) -> Result<PositionChoice, PositionError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(PositionError::BadName);
    }
    let created = client.create_positions(vec![name.to_owned()]).await?;
    let position = created
        .into_iter()
        .find(|p| p.name == name)
        .ok_or_else(|| PlatformError::Malformed(format!("the answer to creating {name:?} does not list it")))?;
    Ok(PositionChoice { id: position.id, name: position.name, bound_to: None })
}

impl From<PositionError> for AppError {
    fn from(error: PositionError) -> AppError {
        match error {
            PositionError::BadName => AppError::at_field(
                ErrorCode::Validation,
                "position_name",
                Message::new("groups.position.badName").with("max", MAX_NAME_CHARS),
            ),
            PositionError::Platform(e) => e.into(),
            PositionError::Store(e) => e.into(),
        }
    }
}
