//! IPC for caring for the team: today's list, the care log, onboarding,
//! reward and penalty rules, mentors and the care settings.

use crate::state::AppState;
use serde::Serialize;
use tauri::State;
use tuanzhang::app_error::{AppError, ErrorCode};
use tuanzhang::care::{self, CareEntry, CareError, CareInput, CareRule, StepStatus, TodayTasks};
use tuanzhang::model::{now_epoch, BizDay, OnboardingStep, PartnerId, RuleKind};
use tuanzhang::paging::{Page, PageRequest};
use tuanzhang::settings;
use tuanzhang::team::{self, MoveError};

type Reply<T> = Result<T, AppError>;

fn care_error(error: CareError) -> AppError {
    match error {
        CareError::Invalid { field, message } => AppError::at_field(ErrorCode::Validation, field, message),
        CareError::NoPartner => AppError::new(ErrorCode::NotFound, error.to_string()),
        CareError::Store(e) => e.into(),
    }
}

#[tauri::command]
pub async fn today_tasks(state: State<'_, AppState>) -> Reply<TodayTasks> {
    Ok(care::today_by_settings(state.store.pool(), BizDay::today()).await?)
}

#[tauri::command]
pub async fn record_care(state: State<'_, AppState>, partner_id: PartnerId, care: CareInput) -> Reply<CareEntry> {
    care::record(state.store.pool(), partner_id, &care, BizDay::today(), now_epoch()).await.map_err(care_error)
}

#[tauri::command]
pub async fn care_history(
    state: State<'_, AppState>,
    partner_id: PartnerId,
    page: PageRequest,
) -> Reply<Page<CareEntry>> {
    Ok(care::history(state.store.pool(), partner_id, page).await?)
}

#[tauri::command]
pub async fn onboarding_plan(state: State<'_, AppState>, partner_id: PartnerId) -> Reply<Vec<StepStatus>> {
    Ok(care::plan(state.store.pool(), partner_id).await?)
}

#[tauri::command]
pub async fn set_onboarding_step(
    state: State<'_, AppState>,
    partner_id: PartnerId,
    step: OnboardingStep,
    done: bool,
) -> Reply<Vec<StepStatus>> {
    care::set_step(state.store.pool(), partner_id, step, done, BizDay::today()).await.map_err(care_error)?;
    Ok(care::plan(state.store.pool(), partner_id).await?)
}

#[tauri::command]
pub async fn care_rules(state: State<'_, AppState>) -> Reply<Vec<CareRule>> {
    Ok(care::list_rules(state.store.pool()).await?)
}

#[tauri::command]
pub async fn create_care_rule(state: State<'_, AppState>, kind: RuleKind, title: String) -> Reply<CareRule> {
    care::create_rule(state.store.pool(), kind, &title, now_epoch()).await.map_err(care_error)
}

#[tauri::command]
pub async fn set_care_rule_active(state: State<'_, AppState>, id: i64, active: bool) -> Reply<()> {
    care::set_rule_active(state.store.pool(), id, active).await.map_err(care_error)
}

#[tauri::command]
pub async fn set_mentor(state: State<'_, AppState>, partner_id: PartnerId, mentor_id: Option<PartnerId>) -> Reply<()> {
    team::set_mentor(state.store.pool(), partner_id, mentor_id).await.map_err(|e| match e {
        MoveError::Cycle => {
            AppError::at_field(ErrorCode::Validation, "mentor", "不能做自己的师父 / nobody mentors herself")
        }
        MoveError::NotFound(_) => AppError::new(ErrorCode::NotFound, e.to_string()),
        MoveError::Store(e) => e.into(),
    })
}

#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CareSettings {
    pub care_days: i64,
    pub dormant_days: i64,
}

#[tauri::command]
pub async fn desktop_notifications(state: State<'_, AppState>) -> Reply<bool> {
    Ok(settings::desktop_notifications(state.store.pool()).await?)
}

#[tauri::command]
pub async fn set_desktop_notifications(state: State<'_, AppState>, on: bool) -> Reply<bool> {
    settings::set_desktop_notifications(state.store.pool(), on).await?;
    Ok(settings::desktop_notifications(state.store.pool()).await?)
}

#[tauri::command]
pub async fn set_care_settings(state: State<'_, AppState>, care_days: i64, dormant_days: i64) -> Reply<CareSettings> {
    let pool = state.store.pool();
    settings::set_care_days(pool, care_days).await?;
    settings::set_dormant_days(pool, dormant_days).await?;
    Ok(CareSettings { care_days: settings::care_days(pool).await?, dormant_days: settings::dormant_days(pool).await? })
}
