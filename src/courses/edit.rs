//! Making and changing a course: its title, its lessons in order (each a
//! material of the library, once), whether newcomers get it, archiving.

use super::{get, invalid, not_found, Course, CourseDraft, CourseError, MAX_LESSONS, MAX_TITLE_CHARS};
use crate::model::new_uid;
use crate::model::{BizDay, CourseId, EpochSecs};
use sqlx::{SqliteConnection, SqlitePool};

pub async fn create(pool: &SqlitePool, draft: &CourseDraft, now: EpochSecs) -> Result<Course, CourseError> {
    let title = checked(draft)?;
    let mut tx = crate::store::begin_write(pool).await?;
    let id: CourseId = sqlx::query_scalar(
        "INSERT INTO courses (uid, title, newcomers_from, created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id",
    )
    .bind(new_uid()?)
    .bind(&title)
    .bind(draft.for_newcomers.then(|| BizDay::of(now)))
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    write_lessons(&mut tx, id, draft).await?;
    tx.commit().await?;
    get(pool, id).await?.ok_or_else(not_found)
}

/// Saves `draft` over course `id`. Progress on lessons that stay is kept;
/// a lesson taken out takes its ticks with it only from the course's view
/// (they stay stored, and come back if the lesson does).
pub async fn update(
    pool: &SqlitePool,
    id: CourseId,
    draft: &CourseDraft,
    now: EpochSecs,
) -> Result<Course, CourseError> {
    let title = checked(draft)?;
    let mut tx = crate::store::begin_write(pool).await?;
    let changed = sqlx::query(
        "UPDATE courses SET title = ?2,
                newcomers_from = CASE WHEN ?3 THEN COALESCE(newcomers_from, ?4) ELSE NULL END
         WHERE id = ?1",
    )
    .bind(id)
    .bind(&title)
    .bind(draft.for_newcomers)
    .bind(BizDay::of(now))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(not_found());
    }
    write_lessons(&mut tx, id, draft).await?;
    tx.commit().await?;
    get(pool, id).await?.ok_or_else(not_found)
}

pub async fn set_archived(
    pool: &SqlitePool,
    id: CourseId,
    archived: bool,
    now: EpochSecs,
) -> Result<Course, CourseError> {
    let changed = sqlx::query("UPDATE courses SET archived_at = ?2 WHERE id = ?1")
        .bind(id)
        .bind(archived.then_some(now))
        .execute(pool)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(not_found());
    }
    get(pool, id).await?.ok_or_else(not_found)
}

fn checked(draft: &CourseDraft) -> Result<String, CourseError> {
    let title = draft.title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS || title.chars().any(char::is_control) {
        return Err(invalid("title", "courses.titleLength"));
    }
    if draft.lessons.is_empty() {
        return Err(invalid("lessons", "courses.noLessons"));
    }
    if draft.lessons.len() > MAX_LESSONS {
        return Err(invalid("lessons", "courses.tooManyLessons"));
    }
    let mut seen = std::collections::HashSet::new();
    if !draft.lessons.iter().all(|l| seen.insert(l.material_id)) {
        return Err(invalid("lessons", "courses.lessonTwice"));
    }
    if draft.lessons.iter().any(|l| l.pass_score.is_some_and(|s| !(1..=100).contains(&s))) {
        return Err(invalid("lessons", "courses.passScore"));
    }
    Ok(title.to_owned())
}

async fn write_lessons(conn: &mut SqliteConnection, id: CourseId, draft: &CourseDraft) -> Result<(), CourseError> {
    sqlx::query("DELETE FROM course_lessons WHERE course_id = ?1").bind(id).execute(&mut *conn).await?;
    for (position, lesson) in draft.lessons.iter().enumerate() {
        let inserted = sqlx::query(
            "INSERT INTO course_lessons (course_id, material_id, position, pass_score)
             SELECT ?1, id, ?3, ?4 FROM materials WHERE id = ?2",
        )
        .bind(id)
        .bind(lesson.material_id)
        .bind(position as i64)
        .bind(lesson.pass_score)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Err(invalid("lessons", "materials.notFound"));
        }
    }
    Ok(())
}
