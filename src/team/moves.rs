//! Moving a partner, with or without everyone below her, to a new parent.
//! A move that would make someone their own ancestor is refused; the
//! team earnings totals move with her in the same transaction, and each
//! partner whose parent changes is recorded in `partner_moves`, so that a
//! share paid to an upline follows the upline at the order's time.

use super::rollup::{attach, detach, Moving};
use crate::error::{AppError, ErrorCode};
use crate::model::PartnerId;
use crate::model::{EpochSecs, FormError, Message};
use sqlx::{SqliteConnection, SqlitePool};

#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    #[error("that move would make a cycle")]
    Cycle,
    #[error("no partner {0}")]
    NotFound(PartnerId),
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

/// With `with_subtree`, her downline moves with her; without, her direct
/// downline first moves up to her old parent. One transaction either way,
/// with each parent change recorded as made at `now`.
pub async fn move_partner(
    pool: &SqlitePool,
    id: PartnerId,
    new_parent: Option<PartnerId>,
    with_subtree: bool,
    now: EpochSecs,
) -> Result<(), MoveError> {
    // Immediate: the rollup shift reads the tree it then rewrites, and a
    // sync commit in between must wait rather than fail the move.
    let mut tx = crate::store::begin_write(pool).await?;
    let old_parent: Option<Option<i64>> =
        sqlx::query_scalar("SELECT parent_id FROM partners WHERE id = ?1").bind(id).fetch_optional(&mut *tx).await?;
    let old_parent = old_parent.ok_or(MoveError::NotFound(id))?;
    if let Some(parent) = new_parent {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM partners WHERE id = ?1").bind(parent).fetch_optional(&mut *tx).await?;
        if exists.is_none() {
            return Err(MoveError::NotFound(parent));
        }
        if parent == id {
            return Err(MoveError::Cycle);
        }
        if with_subtree {
            // Walking up from the new parent must not pass through her.
            let passes: i64 = sqlx::query_scalar(
                "WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM partners WHERE id = ?1
                     UNION ALL SELECT p.id, p.parent_id FROM partners p JOIN up ON p.id = up.parent_id)
                 SELECT COUNT(*) FROM up WHERE id = ?2",
            )
            .bind(parent)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            if passes > 0 {
                return Err(MoveError::Cycle);
            }
        }
    }
    let moving = if with_subtree { Moving::WithDownline } else { Moving::Herself };
    detach(&mut tx, id.0, moving).await?;
    if !with_subtree {
        sqlx::query(
            "INSERT INTO partner_moves (partner_id, moved_at, old_parent_id, new_parent_id)
             SELECT id, ?1, parent_id, ?2 FROM partners WHERE parent_id = ?3 ORDER BY id",
        )
        .bind(now)
        .bind(old_parent)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE partners SET parent_id = ?1 WHERE parent_id = ?2")
            .bind(old_parent)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE partners SET parent_id = ?1 WHERE id = ?2")
        .bind(new_parent.map(|p| p.0))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    record_move(&mut tx, id, now, old_parent, new_parent.map(|p| p.0)).await?;
    attach(&mut tx, id.0, moving).await?;
    tx.commit().await?;
    Ok(())
}

/// Records that her parent went from `old` to `new` at `now`, when it
/// changed at all: a partner put back under the same parent did not move.
pub(crate) async fn record_move(
    conn: &mut SqliteConnection,
    id: PartnerId,
    now: EpochSecs,
    old: Option<i64>,
    new: Option<i64>,
) -> Result<(), sqlx::Error> {
    if old != new {
        sqlx::query(
            "INSERT INTO partner_moves (partner_id, moved_at, old_parent_id, new_parent_id) VALUES (?1, ?2, ?3, ?4)",
        )
        .bind(id)
        .bind(now)
        .bind(old)
        .bind(new)
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// Assigns her mentor (师父), or clears it; nobody mentors herself.
/// A mentor is a form field, not a move: refusals come at that field.
pub async fn set_mentor(pool: &SqlitePool, id: PartnerId, mentor: Option<PartnerId>) -> Result<(), FormError> {
    if mentor == Some(id) {
        return Err(FormError::invalid("mentor", Message::new("team.mentor.self")));
    }
    if let Some(mentor) = mentor {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM partners WHERE id = ?1").bind(mentor).fetch_optional(pool).await?;
        if exists.is_none() {
            return Err(FormError::invalid("mentor", Message::new("team.partner.notFound")));
        }
    }
    let done = sqlx::query("UPDATE partners SET mentor_id = ?1 WHERE id = ?2")
        .bind(mentor.map(|m| m.0))
        .bind(id)
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(FormError::not_found("team.partner.notFound"));
    }
    Ok(())
}

impl From<MoveError> for AppError {
    fn from(error: MoveError) -> AppError {
        match error {
            MoveError::Cycle => AppError::at_field(ErrorCode::Conflict, "new_parent", Message::new("team.move.cycle")),
            MoveError::NotFound(_) => AppError::new(ErrorCode::NotFound, Message::new("team.partner.notFound")),
            MoveError::Store(e) => e.into(),
        }
    }
}
