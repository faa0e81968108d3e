//! The demo's course: the starter library's 新人培训 lessons in order, the
//! last with a check, for every newcomer.

use crate::courses::{edit, CourseDraft, CourseError, LessonDraft};
use crate::materials::folders;
use crate::model::{EpochSecs, MaterialId};
use sqlx::SqlitePool;

const TITLE: &str = "新人七天训练营";
const FOLDER: &str = "新人培训";
/// The last lesson's check: answering doubts needs to be right.
const LAST_PASS_SCORE: u8 = 60;

/// Makes the course once, into a store with no course, when the starter
/// lessons are there. Answers whether it was made.
pub async fn enter(pool: &SqlitePool, now: EpochSecs) -> Result<bool, CourseError> {
    let courses: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM courses").fetch_one(pool).await?;
    let Some(folder) = folders::find_path(pool, FOLDER).await? else { return Ok(false) };
    if courses > 0 {
        return Ok(false);
    }
    let lessons: Vec<MaterialId> = sqlx::query_scalar(
        "SELECT id FROM materials WHERE folder_id = ?1 AND kind = 'course' AND archived_at IS NULL ORDER BY title",
    )
    .bind(folder)
    .fetch_all(pool)
    .await?;
    let last = lessons.len().saturating_sub(1);
    let draft = CourseDraft {
        title: TITLE.to_owned(),
        lessons: lessons
            .iter()
            .enumerate()
            .map(|(i, id)| LessonDraft { material_id: *id, pass_score: (i == last).then_some(LAST_PASS_SCORE) })
            .collect(),
        for_newcomers: true,
    };
    if draft.lessons.is_empty() {
        return Ok(false);
    }
    edit::create(pool, &draft, now).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_starter_lessons_become_one_course_for_newcomers_made_once() {
        let (_dir, store) = crate::store::temp_store().await;
        assert!(!enter(store.pool(), 1_796_112_000).await.unwrap(), "no lessons yet, no course");
        super::super::library::enter(store.pool(), &crate::media::MediaStore::of(&store), 1_796_112_000).await.unwrap();
        assert!(enter(store.pool(), 1_796_112_000).await.unwrap());
        assert!(!enter(store.pool(), 1_796_112_000).await.unwrap(), "made once");
        let courses = crate::courses::list(store.pool(), crate::model::BizDay::of(1_796_112_000)).await.unwrap();
        assert_eq!(courses.len(), 1);
        let course = &courses[0];
        assert!(course.for_newcomers);
        assert_eq!(course.lessons.len(), 4);
        assert_eq!(course.lessons[0].title, "第 1 课：认识京东联盟");
        assert_eq!(course.lessons[3].pass_score, Some(LAST_PASS_SCORE));
    }
}
