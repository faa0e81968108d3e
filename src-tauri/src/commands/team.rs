//! 团队: the partner list and tree, a partner's detail, adding, editing, moving and mentors.
//! Contacts and names never reach the trace: these spans skip their inputs.

use super::{first_of_last, Reply, ShellError};
use crate::state::AppState;
use tauri::State;
use tuanzhang::model::paging::KeyedPage;
use tuanzhang::model::{now_epoch, BizDay, PartnerId};
use tuanzhang::team::{self, PartnerDetail, PartnerInput, PartnerPageRequest, PartnerSort, PartnerSummary};

#[tauri::command]
#[tracing::instrument(skip(state, search), err)]
pub async fn list_partners(
    state: State<'_, AppState>,
    search: String,
    sort: PartnerSort,
    page: PartnerPageRequest,
) -> Reply<KeyedPage<PartnerSummary>> {
    Ok(team::list(state.current().store.pool(), &search, sort, page).await?)
}

/// One level of the team tree: her direct downline for `parent = null`.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn partner_children(
    state: State<'_, AppState>,
    parent: Option<PartnerId>,
    page: PartnerPageRequest,
) -> Reply<KeyedPage<PartnerSummary>> {
    Ok(team::children(state.current().store.pool(), parent, page).await?)
}

/// A partner with her own and downline earnings over the last `days` days.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn partner_detail(
    state: State<'_, AppState>,
    id: PartnerId,
    days: u16,
    reveal: bool,
) -> Reply<PartnerDetail> {
    let today = BizDay::today();
    team::detail(state.current().store.pool(), id, first_of_last(days, today), today, today, reveal)
        .await?
        .ok_or_else(|| ShellError::NotFound("team.partner.notFound").into())
}

/// Adds a partner by hand under `parent` (or at the top).
#[tauri::command]
#[tracing::instrument(skip(state, partner), err)]
pub async fn create_partner(
    state: State<'_, AppState>,
    partner: PartnerInput,
    parent: Option<PartnerId>,
) -> Reply<PartnerId> {
    Ok(team::create(state.current().store.pool(), &partner, parent, BizDay::today(), now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, partner), err)]
pub async fn update_partner(state: State<'_, AppState>, id: PartnerId, partner: PartnerInput) -> Reply<()> {
    Ok(team::update(state.current().store.pool(), id, &partner, BizDay::today()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn move_partner(
    state: State<'_, AppState>,
    id: PartnerId,
    new_parent: Option<PartnerId>,
    with_subtree: bool,
) -> Reply<()> {
    Ok(team::move_partner(state.current().store.pool(), id, new_parent, with_subtree, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn set_mentor(state: State<'_, AppState>, partner_id: PartnerId, mentor_id: Option<PartnerId>) -> Reply<()> {
    Ok(team::set_mentor(state.current().store.pool(), partner_id, mentor_id).await?)
}
