//! The course board: everyone taking a course, where she is, and how long
//! she has been there — the longest stuck first, those finished last.

use super::{lessons, not_found, CourseError};
use crate::model::{BizDay, CourseId, MaterialId, PartnerId, StoredDay};
use serde::Serialize;
use sqlx::SqlitePool;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BoardRow {
    pub partner_id: PartnerId,
    pub name: String,
    pub done: u32,
    pub total: u32,
    pub percent: u8,
    /// The first lesson not yet done; none once she has finished.
    pub at_lesson: Option<String>,
    /// `yyyy-MM-dd`: her last lesson done, or the day she was assigned.
    pub since: String,
    pub days_since: i64,
}

#[derive(sqlx::FromRow)]
struct Taker {
    partner_id: PartnerId,
    name: String,
    #[sqlx(try_from = "Option<i64>")]
    assigned_on: StoredDay,
}

/// A lesson counted done, and the day it was.
#[derive(sqlx::FromRow)]
struct Done {
    partner_id: PartnerId,
    material_id: MaterialId,
    #[sqlx(try_from = "Option<i64>")]
    done_on: StoredDay,
}

pub async fn board(pool: &SqlitePool, course: CourseId, today: BizDay) -> Result<Vec<BoardRow>, CourseError> {
    super::assign::newcomers(pool, today).await?;
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM courses WHERE id = ?1").bind(course).fetch_optional(pool).await?;
    exists.ok_or_else(not_found)?;
    let lessons = lessons(pool, course).await?;
    let takers: Vec<Taker> = sqlx::query_as(
        "SELECT a.partner_id, p.name, a.assigned_on FROM course_assignments a JOIN partners p ON p.id = a.partner_id
         WHERE a.course_id = ?1 ORDER BY p.name",
    )
    .bind(course)
    .fetch_all(pool)
    .await?;
    // Every lesson counted done, per partner, with its day: one read for the board.
    let done: Vec<Done> = sqlx::query_as(
        "SELECT lp.partner_id, lp.material_id, lp.done_on FROM lesson_progress lp
         JOIN course_lessons l ON l.course_id = lp.course_id AND l.material_id = lp.material_id
         WHERE lp.course_id = ?1 AND (l.pass_score IS NULL OR lp.score >= l.pass_score)",
    )
    .bind(course)
    .fetch_all(pool)
    .await?;
    let total = lessons.len() as u32;
    let mut rows: Vec<BoardRow> = takers
        .into_iter()
        .map(|taker| {
            let hers: Vec<&Done> = done.iter().filter(|d| d.partner_id == taker.partner_id).collect();
            let is_done = |lesson: &super::Lesson| hers.iter().any(|d| d.material_id == lesson.material_id);
            let done_count = lessons.iter().filter(|l| is_done(l)).count() as u32;
            let last = hers.iter().filter_map(|d| d.done_on.day).chain(taker.assigned_on.day).max();
            let since = last.unwrap_or(today);
            BoardRow {
                partner_id: taker.partner_id,
                name: taker.name,
                done: done_count,
                total,
                percent: super::percent(done_count, total),
                at_lesson: lessons.iter().find(|l| !is_done(l)).map(|l| l.title.clone()),
                since: since.to_string(),
                days_since: (today.date() - since.date()).num_days().max(0),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.at_lesson.is_none(), std::cmp::Reverse(a.days_since), &a.name).cmp(&(
            b.at_lesson.is_none(),
            std::cmp::Reverse(b.days_since),
            &b.name,
        ))
    });
    Ok(rows)
}
