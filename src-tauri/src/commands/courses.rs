//! Courses in the window: made from library lessons, assigned, and each
//! partner's lessons ticked or signed off, with the course board.

use super::Reply;
use crate::state::AppState;
use tauri::State;
use tuanzhang::courses::board::{self, BoardRow};
use tuanzhang::courses::progress::{self, Mark, PartnerProgress};
use tuanzhang::courses::{self, assign, edit, Course, CourseDraft};
use tuanzhang::model::{now_epoch, BizDay, CourseId, MaterialId, PartnerId};

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn list_courses(state: State<'_, AppState>) -> Reply<Vec<Course>> {
    Ok(courses::list(state.current().store.pool(), BizDay::today()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, draft), err)]
pub async fn create_course(state: State<'_, AppState>, draft: CourseDraft) -> Reply<Course> {
    Ok(edit::create(state.current().store.pool(), &draft, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, draft), err)]
pub async fn update_course(state: State<'_, AppState>, id: CourseId, draft: CourseDraft) -> Reply<Course> {
    Ok(edit::update(state.current().store.pool(), id, &draft, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn set_course_archived(state: State<'_, AppState>, id: CourseId, archived: bool) -> Reply<Course> {
    Ok(edit::set_archived(state.current().store.pool(), id, archived, now_epoch()).await?)
}

/// Assigns the partners chosen, or everyone with `tag`; answers how many were new to it.
#[tauri::command]
#[tracing::instrument(skip(state, partners, tag), err)]
pub async fn assign_course(
    state: State<'_, AppState>,
    id: CourseId,
    partners: Vec<PartnerId>,
    tag: Option<String>,
) -> Reply<u64> {
    let pool = state.current().store.pool().clone();
    let today = BizDay::today();
    Ok(match tag {
        Some(tag) => assign::tag(&pool, id, &tag, today).await?,
        None => assign::partners(&pool, id, &partners, today).await?,
    })
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn unassign_course(state: State<'_, AppState>, id: CourseId, partner: PartnerId) -> Reply<()> {
    Ok(assign::unassign(state.current().store.pool(), id, partner).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn course_board(state: State<'_, AppState>, id: CourseId) -> Reply<Vec<BoardRow>> {
    Ok(board::board(state.current().store.pool(), id, BizDay::today()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn course_progress(state: State<'_, AppState>, id: CourseId, partner: PartnerId) -> Reply<PartnerProgress> {
    Ok(progress::of_partner(state.current().store.pool(), id, partner).await?)
}

/// Every course she takes, with her progress in each.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn partner_courses(state: State<'_, AppState>, partner: PartnerId) -> Reply<Vec<PartnerProgress>> {
    Ok(progress::of_partner_all(state.current().store.pool(), partner, BizDay::today()).await?)
}

/// Marks (`mark` given) or takes back (none) a lesson for a partner, today.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn mark_lesson(
    state: State<'_, AppState>,
    id: CourseId,
    partner: PartnerId,
    lesson: MaterialId,
    mark: Option<Mark>,
) -> Reply<PartnerProgress> {
    let pool = state.current().store.pool().clone();
    Ok(match mark {
        Some(mark) => progress::mark(&pool, id, partner, lesson, mark, BizDay::today()).await?,
        None => progress::unmark(&pool, id, partner, lesson).await?,
    })
}
