//! One partner's way through a course: each lesson done (ticked by her, or
//! signed off by the trainer, with the day), a check's score where the
//! lesson has one (done only once passed), and her progress in percent.

use super::{invalid, lessons, not_found, CourseError};
use crate::model::{BizDay, CourseId, MarkedBy, MaterialId, PartnerId, StoredDay};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

#[derive(Debug, Clone, Copy, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Mark {
    pub marked_by: MarkedBy,
    /// The check's score (0–100), for a lesson that has one.
    #[serde(default)]
    pub score: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct LessonState {
    pub material_id: MaterialId,
    pub title: String,
    pub pass_score: Option<u8>,
    pub done: bool,
    /// `yyyy-MM-dd`: when it was done, or the check last taken.
    pub marked_on: Option<String>,
    pub marked_by: Option<MarkedBy>,
    pub score: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PartnerProgress {
    pub course_id: CourseId,
    pub course_title: String,
    pub partner_id: PartnerId,
    pub lessons: Vec<LessonState>,
    pub done: u32,
    pub total: u32,
    /// Lessons done of all, rounded down: 100 only when every one is.
    pub percent: u8,
}

/// Marks a lesson of `course` for `partner` on `today`; a lesson with a
/// check needs its score, and counts as done once the score passes.
pub async fn mark(
    pool: &SqlitePool,
    course: CourseId,
    partner: PartnerId,
    lesson: MaterialId,
    mark: Mark,
    today: BizDay,
) -> Result<PartnerProgress, CourseError> {
    let pass_score = lesson_of(pool, course, partner, lesson).await?;
    if mark.score.is_some_and(|s| s > 100) {
        return Err(invalid("score", "courses.passScore"));
    }
    if pass_score.is_some() && mark.score.is_none() {
        return Err(invalid("score", "courses.scoreRequired"));
    }
    sqlx::query(
        "INSERT INTO lesson_progress (course_id, partner_id, material_id, done_on, marked_by, score)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (course_id, partner_id, material_id)
         DO UPDATE SET done_on = ?4, marked_by = ?5, score = ?6",
    )
    .bind(course)
    .bind(partner)
    .bind(lesson)
    .bind(today)
    .bind(mark.marked_by)
    .bind(mark.score)
    .execute(pool)
    .await?;
    of_partner(pool, course, partner).await
}

/// Takes a mark back (a tick by mistake).
pub async fn unmark(
    pool: &SqlitePool,
    course: CourseId,
    partner: PartnerId,
    lesson: MaterialId,
) -> Result<PartnerProgress, CourseError> {
    lesson_of(pool, course, partner, lesson).await?;
    sqlx::query("DELETE FROM lesson_progress WHERE course_id = ?1 AND partner_id = ?2 AND material_id = ?3")
        .bind(course)
        .bind(partner)
        .bind(lesson)
        .execute(pool)
        .await?;
    of_partner(pool, course, partner).await
}

/// The lesson's passing score, once it is known that the course has the
/// lesson and the partner takes the course.
async fn lesson_of(
    pool: &SqlitePool,
    course: CourseId,
    partner: PartnerId,
    lesson: MaterialId,
) -> Result<Option<u8>, CourseError> {
    let assigned: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM course_assignments WHERE course_id = ?1 AND partner_id = ?2")
            .bind(course)
            .bind(partner)
            .fetch_optional(pool)
            .await?;
    if assigned.is_none() {
        return Err(invalid("partner", "courses.notAssigned"));
    }
    let found: Option<Option<u8>> =
        sqlx::query_scalar("SELECT pass_score FROM course_lessons WHERE course_id = ?1 AND material_id = ?2")
            .bind(course)
            .bind(lesson)
            .fetch_optional(pool)
            .await?;
    found.ok_or_else(|| invalid("lesson", "courses.noSuchLesson"))
}

#[derive(sqlx::FromRow)]
struct MarkRow {
    material_id: MaterialId,
    #[sqlx(try_from = "Option<i64>")]
    done_on: StoredDay,
    marked_by: MarkedBy,
    score: Option<u8>,
}

pub async fn of_partner(
    pool: &SqlitePool,
    course: CourseId,
    partner: PartnerId,
) -> Result<PartnerProgress, CourseError> {
    let title: Option<String> =
        sqlx::query_scalar("SELECT title FROM courses WHERE id = ?1").bind(course).fetch_optional(pool).await?;
    let course_title = title.ok_or_else(not_found)?;
    let marks: Vec<MarkRow> = sqlx::query_as(
        "SELECT material_id, done_on, marked_by, score FROM lesson_progress WHERE course_id = ?1 AND partner_id = ?2",
    )
    .bind(course)
    .bind(partner)
    .fetch_all(pool)
    .await?;
    let lessons: Vec<LessonState> = lessons(pool, course)
        .await?
        .into_iter()
        .map(|lesson| {
            let mark = marks.iter().find(|m| m.material_id == lesson.material_id);
            let passed = |m: &MarkRow| lesson.pass_score.is_none_or(|pass| m.score.is_some_and(|s| s >= pass));
            LessonState {
                done: mark.is_some_and(passed),
                marked_on: mark.and_then(|m| m.done_on.day).map(|d| d.to_string()),
                marked_by: mark.map(|m| m.marked_by),
                score: mark.and_then(|m| m.score),
                material_id: lesson.material_id,
                title: lesson.title,
                pass_score: lesson.pass_score,
            }
        })
        .collect();
    let done = lessons.iter().filter(|l| l.done).count() as u32;
    let total = lessons.len() as u32;
    let percent = super::percent(done, total);
    Ok(PartnerProgress { course_id: course, course_title, partner_id: partner, lessons, done, total, percent })
}

/// Every course the partner takes (newcomers' courses assigned first).
pub async fn of_partner_all(
    pool: &SqlitePool,
    partner: PartnerId,
    today: BizDay,
) -> Result<Vec<PartnerProgress>, CourseError> {
    super::assign::newcomers(pool, today).await?;
    let courses: Vec<CourseId> = sqlx::query_scalar(
        "SELECT a.course_id FROM course_assignments a JOIN courses c ON c.id = a.course_id
         WHERE a.partner_id = ?1 AND c.archived_at IS NULL ORDER BY a.assigned_on, a.course_id",
    )
    .bind(partner)
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(courses.len());
    for course in courses {
        out.push(of_partner(pool, course, partner).await?);
    }
    Ok(out)
}
