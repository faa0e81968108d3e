//! Who takes a course: partners chosen one by one, everyone with a tag (as
//! of now), and every newcomer once the course is for newcomers.

use super::{invalid, not_found, CourseError};
use crate::care::ONBOARDING_DAYS;
use crate::model::{AssignedBy, BizDay, CourseId, PartnerId, StoredDay};
use sqlx::SqlitePool;

/// Assigns `partners`; one already taking the course keeps her progress.
/// Returns how many were newly assigned.
pub async fn partners(
    pool: &SqlitePool,
    course: CourseId,
    partners: &[PartnerId],
    today: BizDay,
) -> Result<u64, CourseError> {
    exists(pool, course).await?;
    let ids = serde_json::to_string(&partners.iter().map(|p| p.0).collect::<Vec<_>>())
        .map_err(|_| invalid("partners", "courses.noPartner"))?;
    let added = sqlx::query(
        "INSERT OR IGNORE INTO course_assignments (course_id, partner_id, assigned_on, how)
         SELECT ?1, p.id, ?2, ?3 FROM partners p WHERE p.id IN (SELECT value FROM json_each(?4)) AND p.is_placeholder = 0",
    )
    .bind(course)
    .bind(today)
    .bind(AssignedBy::One)
    .bind(ids)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(added)
}

/// Assigns everyone who has `tag` now; returns how many were newly assigned.
pub async fn tag(pool: &SqlitePool, course: CourseId, tag: &str, today: BizDay) -> Result<u64, CourseError> {
    exists(pool, course).await?;
    let tag = tag.trim();
    if tag.is_empty() {
        return Err(invalid("tag", "field.required"));
    }
    let added = sqlx::query(
        "INSERT OR IGNORE INTO course_assignments (course_id, partner_id, assigned_on, how)
         SELECT ?1, p.id, ?2, ?3 FROM partners p
         WHERE p.is_placeholder = 0 AND EXISTS (SELECT 1 FROM json_each(p.tags) t WHERE t.value = ?4)",
    )
    .bind(course)
    .bind(today)
    .bind(AssignedBy::Tag)
    .bind(tag)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(added)
}

pub async fn unassign(pool: &SqlitePool, course: CourseId, partner: PartnerId) -> Result<(), CourseError> {
    sqlx::query("DELETE FROM course_assignments WHERE course_id = ?1 AND partner_id = ?2")
        .bind(course)
        .bind(partner)
        .execute(pool)
        .await?;
    Ok(())
}

/// Every course for newcomers assigned to each partner who joined from a
/// week before the course was set so (a partner still in her first week
/// then is a newcomer too). Idempotent; called before progress is read,
/// so a partner added by hand, by import or by sync is never missed.
pub async fn newcomers(pool: &SqlitePool, today: BizDay) -> Result<u64, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct ForNewcomers {
        id: CourseId,
        #[sqlx(try_from = "Option<i64>")]
        newcomers_from: StoredDay,
    }
    let courses: Vec<ForNewcomers> = sqlx::query_as(
        "SELECT id, newcomers_from FROM courses WHERE newcomers_from IS NOT NULL AND archived_at IS NULL",
    )
    .fetch_all(pool)
    .await?;
    let mut added = 0;
    for ForNewcomers { id: course, newcomers_from } in courses {
        let Some(from) = newcomers_from.day else { continue };
        let first_week = from.add_days(-(ONBOARDING_DAYS - 1));
        added += sqlx::query(
            "INSERT OR IGNORE INTO course_assignments (course_id, partner_id, assigned_on, how)
             SELECT ?1, id, MAX(joined_on, ?2), ?3 FROM partners
             WHERE is_placeholder = 0 AND joined_on BETWEEN ?4 AND ?5",
        )
        .bind(course)
        .bind(from)
        .bind(AssignedBy::Newcomer)
        .bind(first_week)
        .bind(today)
        .execute(pool)
        .await?
        .rows_affected();
    }
    Ok(added)
}

async fn exists(pool: &SqlitePool, course: CourseId) -> Result<(), CourseError> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM courses WHERE id = ?1").bind(course).fetch_optional(pool).await?;
    found.map(|_| ()).ok_or_else(not_found)
}
