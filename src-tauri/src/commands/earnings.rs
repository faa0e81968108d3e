//! Her commission: the dashboard and its headline, the trend and where a month's money went.

use super::Reply;
use crate::state::AppState;
use tauri::State;
use tuanzhang::charts::{self, Lang};
use tuanzhang::earnings::headline::{self, Headline};
use tuanzhang::earnings::money_explained::{self, MoneyKind, MoneyRow, MonthMoney, RowTimeline};
use tuanzhang::earnings::{self, Dashboard, DayEarning};
use tuanzhang::error::{AppError, ErrorCode, Message};
use tuanzhang::model::paging::{Page, PageRequest};
use tuanzhang::model::{BizDay, BizMonth, RowId};

const TREND_DAYS: u16 = 30;

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn dashboard(state: State<'_, AppState>) -> Reply<Dashboard> {
    Ok(earnings::dashboard(state.current().store.pool(), BizDay::today()).await?)
}

/// Today, yesterday, this month and last month against the span before, and the next settlement.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn earnings_headline(state: State<'_, AppState>) -> Reply<Headline> {
    Ok(headline::headline(state.current().store.pool(), BizDay::today()).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn trend_chart(state: State<'_, AppState>, lang: String) -> Reply<String> {
    charts::trend(state.current().store.pool(), BizDay::today(), TREND_DAYS, Lang::parse(&lang)).await
}

/// Estimated and actual commission for each of the last 30 days.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn daily_earnings(state: State<'_, AppState>) -> Reply<Vec<DayEarning>> {
    Ok(earnings::daily(state.current().store.pool(), BizDay::today(), TREND_DAYS).await?)
}

/// `month` is `yyyy-MM` (Beijing).
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn month_money(state: State<'_, AppState>, month: String) -> Reply<MonthMoney> {
    Ok(money_explained::month_money(state.current().store.pool(), BizMonth::parse(&month)?).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn month_money_rows(
    state: State<'_, AppState>,
    month: String,
    kind: MoneyKind,
    page: PageRequest,
) -> Reply<Page<MoneyRow>> {
    let month = BizMonth::parse(&month)?;
    Ok(money_explained::month_rows(state.current().store.pool(), month, kind, BizDay::today(), page).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn row_timeline(state: State<'_, AppState>, row_id: RowId) -> Reply<RowTimeline> {
    money_explained::row_timeline(state.current().store.pool(), row_id, BizDay::today())
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, Message::new("earnings.row.notFound")))
}
