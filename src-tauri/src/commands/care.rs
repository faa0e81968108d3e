//! Caring for the team: today's list, the care log, onboarding and the reward and penalty rules.
//! Care notes are personal: these spans skip them.

use super::Reply;
use crate::state::AppState;
use tauri::State;
use tuanzhang::care::{self, CareEntry, CareInput, CareRule, StepStatus, TodayTasks};
use tuanzhang::model::paging::{Page, PageRequest};
use tuanzhang::model::{now_epoch, BizDay, OnboardingStep, PartnerId, RuleKind};

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn today_tasks(state: State<'_, AppState>) -> Reply<TodayTasks> {
    Ok(care::today_by_settings(state.current().store.pool(), BizDay::today()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, care), err)]
pub async fn record_care(state: State<'_, AppState>, partner_id: PartnerId, care: CareInput) -> Reply<CareEntry> {
    Ok(care::record(state.current().store.pool(), partner_id, &care, BizDay::today(), now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn care_history(
    state: State<'_, AppState>,
    partner_id: PartnerId,
    page: PageRequest,
) -> Reply<Page<CareEntry>> {
    Ok(care::history(state.current().store.pool(), partner_id, page).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn onboarding_plan(state: State<'_, AppState>, partner_id: PartnerId) -> Reply<Vec<StepStatus>> {
    Ok(care::plan(state.current().store.pool(), partner_id).await?)
}

/// Ticks or unticks a step and answers with the whole plan.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn set_onboarding_step(
    state: State<'_, AppState>,
    partner_id: PartnerId,
    step: OnboardingStep,
    done: bool,
) -> Reply<Vec<StepStatus>> {
    Ok(care::set_step_and_plan(state.current().store.pool(), partner_id, step, done, BizDay::today()).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn care_rules(state: State<'_, AppState>) -> Reply<Vec<CareRule>> {
    Ok(care::list_rules(state.current().store.pool()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, title), err)]
pub async fn create_care_rule(state: State<'_, AppState>, kind: RuleKind, title: String) -> Reply<CareRule> {
    Ok(care::create_rule(state.current().store.pool(), kind, &title, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn set_care_rule_active(state: State<'_, AppState>, id: i64, active: bool) -> Reply<()> {
    Ok(care::set_rule_active(state.current().store.pool(), id, active).await?)
}
