//! The posting plan in the window: today's queue, the plans and their
//! editor, what she did with each post, and what posts brought.

use super::Reply;
use crate::state::AppState;
use tauri::State;
use tuanzhang::model::{now_epoch, BizDay, GroupId, MaterialId, PlanId, PostId};
use tuanzhang::posting::results::{self, HourSales, MaterialRecord, PostResult};
use tuanzhang::posting::{
    self, log, plans, starter, LogAction, Plan, PlanDraft, Post, PostChange, PostingSettings, Queue,
};

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn post_queue(state: State<'_, AppState>) -> Reply<Queue> {
    Ok(posting::queue(state.current().store.pool(), now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn list_plans(state: State<'_, AppState>, archived: bool) -> Reply<Vec<Plan>> {
    Ok(plans::list(state.current().store.pool(), archived).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, draft), err)]
pub async fn create_plan(state: State<'_, AppState>, draft: PlanDraft) -> Reply<Plan> {
    Ok(plans::create(state.current().store.pool(), &draft, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, draft), err)]
pub async fn update_plan(state: State<'_, AppState>, id: PlanId, draft: PlanDraft) -> Reply<Plan> {
    Ok(plans::update(state.current().store.pool(), id, &draft, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn set_plan_archived(state: State<'_, AppState>, id: PlanId, archived: bool) -> Reply<Plan> {
    Ok(plans::set_archived(state.current().store.pool(), id, archived, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn add_starter_plans(state: State<'_, AppState>) -> Reply<Vec<Plan>> {
    Ok(starter::add(state.current().store.pool(), now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, action), err)]
pub async fn log_post(state: State<'_, AppState>, id: PostId, action: LogAction) -> Reply<Post> {
    Ok(log::log(state.current().store.pool(), id, &action, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn undo_post(state: State<'_, AppState>, id: PostId) -> Reply<Post> {
    Ok(log::undo(state.current().store.pool(), id, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, change), err)]
pub async fn change_post(state: State<'_, AppState>, id: PostId, change: PostChange) -> Reply<Post> {
    Ok(log::change(state.current().store.pool(), id, &change, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn post_log(state: State<'_, AppState>) -> Reply<Vec<PostResult>> {
    let pool = state.current().store.pool().clone();
    let hours = PostingSettings::load(&pool).await?.result_hours;
    Ok(results::log(&pool, hours, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn material_record(state: State<'_, AppState>, id: MaterialId) -> Reply<MaterialRecord> {
    let pool = state.current().store.pool().clone();
    let hours = PostingSettings::load(&pool).await?.result_hours;
    Ok(results::of_material(&pool, id, hours, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn group_hours(state: State<'_, AppState>, id: GroupId) -> Reply<Vec<HourSales>> {
    Ok(results::group_hours(state.current().store.pool(), id, BizDay::today()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn posting_settings(state: State<'_, AppState>) -> Reply<PostingSettings> {
    Ok(PostingSettings::load(state.current().store.pool()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn save_posting_settings(state: State<'_, AppState>, settings: PostingSettings) -> Reply<PostingSettings> {
    Ok(settings.save(state.current().store.pool()).await?)
}
