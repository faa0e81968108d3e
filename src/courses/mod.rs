//! Courses (课程): lessons from the library in order, assigned to partners
//! one by one, by tag, or to every newcomer; each partner's progress, and
//! a board of who is stuck at which lesson and for how long.

pub mod assign;
pub mod board;
pub mod edit;
pub mod progress;

use crate::model::{BizDay, CourseId, EpochSecs, MaterialId};
use crate::model::{FormError, Message};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

pub const MAX_TITLE_CHARS: usize = 60;
pub const MAX_LESSONS: usize = 100;

#[derive(Debug, Clone, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct Course {
    pub id: CourseId,
    pub uid: String,
    pub title: String,
    /// Every newcomer is assigned it.
    pub for_newcomers: bool,
    pub archived_at: Option<EpochSecs>,
    #[sqlx(skip)]
    pub lessons: Vec<Lesson>,
    /// Partners it is assigned to.
    pub assigned: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct Lesson {
    pub material_id: MaterialId,
    /// The material's title.
    #[serde(default)]
    pub title: String,
    /// A check to pass (out of 100) for the lesson to count as done.
    pub pass_score: Option<u8>,
}

/// The lessons of a course as the form sends them.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct CourseDraft {
    pub title: String,
    pub lessons: Vec<LessonDraft>,
    #[serde(default)]
    pub for_newcomers: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct LessonDraft {
    pub material_id: MaterialId,
    #[serde(default)]
    pub pass_score: Option<u8>,
}

pub type CourseError = FormError;

/// Lessons done of all, rounded down: 100 only when every one is.
pub(crate) fn percent(done: u32, total: u32) -> u8 {
    (done * 100).checked_div(total).unwrap_or(0) as u8
}

pub(crate) fn not_found() -> FormError {
    FormError::not_found("courses.notFound")
}

pub(crate) fn invalid(field: &'static str, key: &str) -> FormError {
    FormError::invalid(field, Message::new(key))
}

const COLUMNS: &str = "c.id, c.uid, c.title, c.newcomers_from IS NOT NULL AS for_newcomers, c.archived_at,
     (SELECT COUNT(*) FROM course_assignments a WHERE a.course_id = c.id) AS assigned";

/// Every course (archived last), with its lessons and how many take it
/// (newcomers assigned first, so the count is today's).
pub async fn list(pool: &SqlitePool, today: BizDay) -> Result<Vec<Course>, sqlx::Error> {
    assign::newcomers(pool, today).await?;
    let mut courses: Vec<Course> = sqlx::query_as(sqlx::AssertSqlSafe(list_sql())).fetch_all(pool).await?;
    for course in &mut courses {
        course.lessons = lessons(pool, course.id).await?;
    }
    Ok(courses)
}

pub async fn get(pool: &SqlitePool, id: CourseId) -> Result<Option<Course>, sqlx::Error> {
    let found: Option<Course> = sqlx::query_as(sqlx::AssertSqlSafe(get_sql())).bind(id).fetch_optional(pool).await?;
    let Some(mut course) = found else { return Ok(None) };
    course.lessons = lessons(pool, id).await?;
    Ok(Some(course))
}

/// Every SQL text the courses room builds at run time, for the prepare test.
#[cfg(test)]
pub(crate) fn built_sql() -> Vec<String> {
    vec![list_sql(), get_sql()]
}

fn list_sql() -> String {
    format!("SELECT {COLUMNS} FROM courses c ORDER BY c.archived_at IS NOT NULL, c.id")
}

fn get_sql() -> String {
    format!("SELECT {COLUMNS} FROM courses c WHERE c.id = ?1")
}

pub(crate) async fn lessons(pool: &SqlitePool, id: CourseId) -> Result<Vec<Lesson>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.material_id, m.title, l.pass_score FROM course_lessons l JOIN materials m ON m.id = l.material_id
         WHERE l.course_id = ?1 ORDER BY l.position",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}
