//! IPC commands: one-line adapters from the window to engine use cases.
//! Errors cross as `{code, message}` (`AppError`).

use crate::state::{AppInfo, AppState};
use tauri::State;
use tuanzhang::app_error::{AppError, ErrorCode};
use tuanzhang::charts::{earnings_trend_svg, size_conversion_svg, Lang, SizePoint};
use tuanzhang::earnings::{self, Dashboard, DayEarning};
use tuanzhang::groups::{self, GroupDetail, GroupInput, GroupStats, GroupSummary, Temperature};
use tuanzhang::materials::{self, Material};
use tuanzhang::model::{now_epoch, BizDay, BizMonth, CheckItem, GroupId, MaterialKind, PartnerId, RowId};
use tuanzhang::money_explained::{self, MoneyKind, MoneyRow, MonthMoney, RowTimeline};
use tuanzhang::paging::{Page, PageRequest};
use tuanzhang::positions::{self, PositionChoice};
use tuanzhang::sync::runs::{self, SyncRunInfo};
use tuanzhang::sync::service::LiveSync;
use tuanzhang::team::{self, MoveError, PartnerDetail, PartnerInput, PartnerSort, PartnerSummary};

type Reply<T> = Result<T, AppError>;

/// The first day of the last `days` days (1–366) ending `today`.
fn first_of_last(days: u16, today: BizDay) -> BizDay {
    today.add_days(1 - i64::from(days.clamp(1, 366)))
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    state.info.clone()
}

#[tauri::command]
pub async fn dashboard(state: State<'_, AppState>) -> Reply<Dashboard> {
    Ok(earnings::dashboard(state.store.pool(), BizDay::today()).await?)
}

#[tauri::command]
pub async fn trend_chart(state: State<'_, AppState>, lang: String) -> Reply<String> {
    let points = earnings::daily_trend(state.store.pool(), BizDay::today(), 30).await?;
    earnings_trend_svg(&points, Lang::parse(&lang), (960, 400))
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))
}

/// Estimated and actual commission for each of the last 30 days.
#[tauri::command]
pub async fn daily_earnings(state: State<'_, AppState>) -> Reply<Vec<DayEarning>> {
    let points = earnings::daily_trend(state.store.pool(), BizDay::today(), 30).await?;
    Ok(points.into_iter().map(DayEarning::from).collect())
}

#[tauri::command]
pub async fn list_groups(state: State<'_, AppState>, archived: bool, page: PageRequest) -> Reply<Page<GroupSummary>> {
    Ok(groups::list(state.store.pool(), BizDay::today(), archived, page).await?)
}

#[tauri::command]
pub async fn group_detail(state: State<'_, AppState>, id: GroupId) -> Reply<GroupDetail> {
    Ok(groups::detail(state.store.pool(), id).await?)
}

#[tauri::command]
pub async fn create_group(state: State<'_, AppState>, group: GroupInput) -> Reply<GroupDetail> {
    Ok(groups::create(state.store.pool(), &group, BizDay::today(), now_epoch()).await?)
}

#[tauri::command]
pub async fn update_group(state: State<'_, AppState>, id: GroupId, group: GroupInput) -> Reply<GroupDetail> {
    Ok(groups::update(state.store.pool(), id, &group, BizDay::today()).await?)
}

/// Archives (`archived = true`) or restores a group.
#[tauri::command]
pub async fn archive_group(state: State<'_, AppState>, id: GroupId, archived: bool) -> Reply<()> {
    Ok(groups::set_archived(state.store.pool(), id, archived, now_epoch()).await?)
}

/// Today's member count (Beijing day).
#[tauri::command]
pub async fn record_group_members(state: State<'_, AppState>, id: GroupId, members: i64) -> Reply<GroupDetail> {
    Ok(groups::record_members(state.store.pool(), id, BizDay::today(), members).await?)
}

#[tauri::command]
pub async fn group_temperature(state: State<'_, AppState>, id: GroupId) -> Reply<Temperature> {
    Ok(groups::temperature(state.store.pool(), id, BizDay::today()).await?)
}

/// Ticks (or unticks) one of today's habits for a group.
#[tauri::command]
pub async fn set_group_check(
    state: State<'_, AppState>,
    id: GroupId,
    item: CheckItem,
    done: bool,
) -> Reply<Temperature> {
    Ok(groups::set_check(state.store.pool(), id, BizDay::today(), item, done).await?)
}

/// Every active group over the last `days` days.
#[tauri::command]
pub async fn group_stats(state: State<'_, AppState>, days: u16) -> Reply<Vec<GroupStats>> {
    let today = BizDay::today();
    Ok(groups::stats(state.store.pool(), first_of_last(days, today), today, today).await?)
}

/// Group size against orders per member over the last `days` days, as SVG.
#[tauri::command]
pub async fn size_chart(state: State<'_, AppState>, days: u16, lang: String) -> Reply<String> {
    let today = BizDay::today();
    let stats = groups::stats(state.store.pool(), first_of_last(days, today), today, today).await?;
    let points: Vec<SizePoint> = stats
        .iter()
        .filter_map(|s| Some(SizePoint { members: s.members?, conversion: s.orders_per_member? }))
        .collect();
    size_conversion_svg(&points, groups::KNEE_MEMBERS, Lang::parse(&lang), (900, 420))
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))
}

/// The account's promotion positions on the platform, with the group bound
/// to each.
#[tauri::command]
pub async fn position_choices(state: State<'_, AppState>) -> Reply<Vec<PositionChoice>> {
    let client = state.sync.client().await?;
    Ok(positions::choices(state.store.pool(), &client).await?)
}

#[tauri::command]
pub async fn create_position(state: State<'_, AppState>, name: String) -> Reply<PositionChoice> {
    let client = state.sync.client().await?;
    Ok(positions::create(&client, &name).await?)
}

#[tauri::command]
pub async fn list_partners(
    state: State<'_, AppState>,
    search: String,
    sort: PartnerSort,
    page: PageRequest,
) -> Reply<Page<PartnerSummary>> {
    Ok(team::list(state.store.pool(), &search, sort, page).await?)
}

/// One level of the team tree: her direct downline for `parent = null`.
#[tauri::command]
pub async fn partner_children(
    state: State<'_, AppState>,
    parent: Option<PartnerId>,
    page: PageRequest,
) -> Reply<Page<PartnerSummary>> {
    Ok(team::children(state.store.pool(), parent, page).await?)
}

/// A partner with her own and downline earnings over the last `days` days.
#[tauri::command]
pub async fn partner_detail(
    state: State<'_, AppState>,
    id: PartnerId,
    days: u16,
    reveal: bool,
) -> Reply<PartnerDetail> {
    let today = BizDay::today();
    let from = first_of_last(days, today);
    team::detail(state.store.pool(), id, from, today, today, reveal)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, format!("没有这位伙伴 / no partner {id}")))
}

/// Adds a partner by hand under `parent` (or at the top).
#[tauri::command]
pub async fn create_partner(
    state: State<'_, AppState>,
    partner: PartnerInput,
    parent: Option<PartnerId>,
) -> Reply<PartnerId> {
    Ok(team::create(state.store.pool(), &partner, parent, BizDay::today(), now_epoch()).await?)
}

#[tauri::command]
pub async fn update_partner(state: State<'_, AppState>, id: PartnerId, partner: PartnerInput) -> Reply<()> {
    Ok(team::update(state.store.pool(), id, &partner, BizDay::today()).await?)
}

#[tauri::command]
pub async fn move_partner(
    state: State<'_, AppState>,
    id: PartnerId,
    new_parent: Option<PartnerId>,
    with_subtree: bool,
) -> Reply<()> {
    team::move_partner(state.store.pool(), id, new_parent, with_subtree).await.map_err(|e| match e {
        MoveError::Cycle => AppError::at_field(ErrorCode::Conflict, "new_parent", e.to_string()),
        MoveError::NotFound(_) => AppError::new(ErrorCode::NotFound, e.to_string()),
        MoveError::Store(e) => e.into(),
    })
}

#[tauri::command]
pub async fn list_materials(state: State<'_, AppState>, page: PageRequest) -> Reply<Page<Material>> {
    Ok(materials::list(state.store.pool(), page).await?)
}

#[tauri::command]
pub async fn create_material(
    state: State<'_, AppState>,
    title: String,
    kind: MaterialKind,
    body: String,
) -> Reply<Material> {
    Ok(materials::create(state.store.pool(), &title, kind, &body).await?)
}

/// `month` is `yyyy-MM` (Beijing).
#[tauri::command]
pub async fn month_money(state: State<'_, AppState>, month: String) -> Reply<MonthMoney> {
    Ok(money_explained::month_money(state.store.pool(), BizMonth::parse(&month)?).await?)
}

#[tauri::command]
pub async fn month_money_rows(
    state: State<'_, AppState>,
    month: String,
    kind: MoneyKind,
    page: PageRequest,
) -> Reply<Page<MoneyRow>> {
    let month = BizMonth::parse(&month)?;
    Ok(money_explained::month_rows(state.store.pool(), month, kind, BizDay::today(), page).await?)
}

#[tauri::command]
pub async fn row_timeline(state: State<'_, AppState>, row_id: RowId) -> Reply<RowTimeline> {
    money_explained::row_timeline(state.store.pool(), row_id, BizDay::today())
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, format!("没有这条订单行 / no order row {row_id}")))
}

#[derive(serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SyncStatus {
    live: LiveSync,
    runs: Vec<SyncRunInfo>,
}

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Reply<SyncStatus> {
    Ok(SyncStatus { live: state.sync.live(), runs: runs::recent(state.store.pool(), 10).await? })
}

/// Starts a run unless one is going; returns whether it started one.
#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> Reply<bool> {
    Ok(state.sync.start())
}
