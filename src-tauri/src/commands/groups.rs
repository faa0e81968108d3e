//! 社群: groups, their member counts, positions, warmth checklists and insights.

use super::{first_of_last, Reply};
use crate::state::AppState;
use tauri::State;
use tuanzhang::charts::{self, Lang};
use tuanzhang::groups::positions::{self, PositionChoice};
use tuanzhang::groups::{self, GroupDetail, GroupInput, GroupStats, GroupSummary, Temperature};
use tuanzhang::model::paging::{Page, PageRequest};
use tuanzhang::model::{now_epoch, BizDay, CheckItem, GroupId};

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn list_groups(state: State<'_, AppState>, archived: bool, page: PageRequest) -> Reply<Page<GroupSummary>> {
    Ok(groups::list(state.current().store.pool(), BizDay::today(), archived, page).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn group_detail(state: State<'_, AppState>, id: GroupId) -> Reply<GroupDetail> {
    Ok(groups::detail(state.current().store.pool(), id).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn create_group(state: State<'_, AppState>, group: GroupInput) -> Reply<GroupDetail> {
    Ok(groups::create(state.current().store.pool(), &group, BizDay::today(), now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, group), err)]
pub async fn update_group(state: State<'_, AppState>, id: GroupId, group: GroupInput) -> Reply<GroupDetail> {
    Ok(groups::update(state.current().store.pool(), id, &group, BizDay::today()).await?)
}

/// Archives (`archived = true`) or restores a group.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn archive_group(state: State<'_, AppState>, id: GroupId, archived: bool) -> Reply<()> {
    Ok(groups::set_archived(state.current().store.pool(), id, archived, now_epoch()).await?)
}

/// Today's member count (Beijing day).
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn record_group_members(state: State<'_, AppState>, id: GroupId, members: i64) -> Reply<GroupDetail> {
    Ok(groups::record_members(state.current().store.pool(), id, BizDay::today(), members).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn group_temperature(state: State<'_, AppState>, id: GroupId) -> Reply<Temperature> {
    Ok(groups::temperature(state.current().store.pool(), id, BizDay::today()).await?)
}

/// Ticks (or unticks) one of today's habits for a group.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn set_group_check(
    state: State<'_, AppState>,
    id: GroupId,
    item: CheckItem,
    done: bool,
) -> Reply<Temperature> {
    Ok(groups::set_check(state.current().store.pool(), id, BizDay::today(), item, done).await?)
}

/// Every active group over the last `days` days.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn group_stats(state: State<'_, AppState>, days: u16) -> Reply<Vec<GroupStats>> {
    let today = BizDay::today();
    Ok(groups::compare(state.current().store.pool(), first_of_last(days, today), today, today).await?)
}

/// Group size against orders per member over the last `days` days, as SVG.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn size_chart(state: State<'_, AppState>, days: u16, lang: String) -> Reply<String> {
    let today = BizDay::today();
    Ok(charts::group_size(state.current().store.pool(), first_of_last(days, today), today, Lang::parse(&lang)).await?)
}

/// The account's promotion positions on the platform, with the group bound to each.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn position_choices(state: State<'_, AppState>) -> Reply<Vec<PositionChoice>> {
    let client = state.current().sync.client().await?;
    Ok(positions::choices(state.current().store.pool(), &client).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn create_position(state: State<'_, AppState>, name: String) -> Reply<PositionChoice> {
    let client = state.current().sync.client().await?;
    Ok(positions::create(&client, &name).await?)
}
