//! Her commission: the dashboard and its headline, reports and charts over any range, the share
//! card, the settlement calendar and where a month's money went. Each takes
//! the platform its figures are of: `None` (null) for every platform.

use super::files::save;
use super::{Reply, ShellError};
use crate::state::AppState;
use tauri::{AppHandle, Runtime, State};
use tuanzhang::charts::{self, png, share_card, ChartKind, Lang};
use tuanzhang::earnings::headline::{self, Headline};
use tuanzhang::earnings::money_explained::{self, MoneyKind, MoneyRow, MonthMoney, RowTimeline};
use tuanzhang::earnings::report::{self, Report};
use tuanzhang::earnings::report_file;
use tuanzhang::earnings::report_rows::{Drill, ReportBy};
use tuanzhang::earnings::risk::{self, RiskFlags, RiskRadar};
use tuanzhang::earnings::rows_behind::{self, SettlementLines, TotalLines};
use tuanzhang::earnings::settlements::{self, SettlementCalendar};
use tuanzhang::earnings::{self, Dashboard};
use tuanzhang::error::AppError;
use tuanzhang::files::tabular::FileFormat;
use tuanzhang::model::paging::{Page, PageRequest};
use tuanzhang::model::{now_epoch, BizDay, BizMonth, Platform, RowId};
use tuanzhang::model::{FormError, Message};

const TREND_DAYS: u16 = 30;

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn dashboard(state: State<'_, AppState>, platform: Option<Platform>) -> Reply<Dashboard> {
    Ok(earnings::dashboard(state.current().store.pool(), platform, BizDay::today()).await?)
}

/// Today, yesterday, this month and last month against the span before, and the next settlement.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn earnings_headline(state: State<'_, AppState>, platform: Option<Platform>) -> Reply<Headline> {
    Ok(headline::headline(state.current().store.pool(), platform, tuanzhang::model::now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn trend_chart(state: State<'_, AppState>, lang: String, platform: Option<Platform>) -> Reply<String> {
    Ok(charts::trend(state.current().store.pool(), platform, BizDay::today(), TREND_DAYS, Lang::parse(&lang)).await?)
}

/// `month` is `yyyy-MM` (Beijing).
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn month_money(state: State<'_, AppState>, month: String, platform: Option<Platform>) -> Reply<MonthMoney> {
    Ok(money_explained::month_money(state.current().store.pool(), platform, BizMonth::parse(&month)?).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn month_money_rows(
    state: State<'_, AppState>,
    month: String,
    kind: MoneyKind,
    page: PageRequest,
    platform: Option<Platform>,
) -> Reply<Page<MoneyRow>> {
    let month = BizMonth::parse(&month)?;
    Ok(money_explained::month_rows(state.current().store.pool(), platform, month, kind, BizDay::today(), page).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn row_timeline(state: State<'_, AppState>, row_id: RowId) -> Reply<RowTimeline> {
    money_explained::row_timeline(state.current().store.pool(), row_id, BizDay::today())
        .await?
        .ok_or_else(|| ShellError::NotFound("earnings.row.notFound").into())
}

/// A report over `from`..`to` (yyyy-MM-dd, Beijing), lines by `by`.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn earnings_report(
    state: State<'_, AppState>,
    from: String,
    to: String,
    by: ReportBy,
    platform: Option<Platform>,
) -> Reply<Report> {
    let range = range_of(&from, &to)?;
    Ok(report::report(state.current().store.pool(), platform, range, by, BizDay::today()).await?)
}

/// The order lines behind one line of a report (of the platform its drill names).
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn report_lines(state: State<'_, AppState>, drill: Drill, page: PageRequest) -> Reply<Page<MoneyRow>> {
    let today = BizDay::today();
    let (from, to) = report::checked_range(drill.from, drill.to, today)?;
    Ok(rows_behind::report_lines(state.current().store.pool(), Drill { from, to, ..drill }, today, page).await?)
}

/// The order lines behind one of the report's totals over `from`..`to`.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn report_total_lines(
    state: State<'_, AppState>,
    from: String,
    to: String,
    which: TotalLines,
    page: PageRequest,
    platform: Option<Platform>,
) -> Reply<Page<MoneyRow>> {
    let today = BizDay::today();
    let (from, to) = range_of(&from, &to)?;
    let range = report::checked_range(from, to, today)?;
    Ok(rows_behind::total_lines(state.current().store.pool(), platform, which, range, today, page).await?)
}

/// The report as CSV or XLSX (`format`) in Downloads; returns the path.
#[tauri::command]
#[tracing::instrument(skip(app, state), err)]
// Each argument is a named field of the window's call; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub async fn export_report<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    from: String,
    to: String,
    by: ReportBy,
    format: String,
    lang: String,
    platform: Option<Platform>,
) -> Reply<String> {
    let range = range_of(&from, &to)?;
    let found = report::report(state.current().store.pool(), platform, range, by, BizDay::today()).await?;
    let format = FileFormat::of(&format!("x.{format}"));
    let ext = if format == FileFormat::Xlsx { "xlsx" } else { "csv" };
    let bytes = report_file::report_file(&found, format, Lang::parse(&lang))?;
    save(&app, &state, &format!("收益报表-{}-{}", found.from, found.to), ext, &bytes)
}

/// A chart over the range as SVG, for the window.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn earnings_chart(
    state: State<'_, AppState>,
    kind: ChartKind,
    from: String,
    to: String,
    lang: String,
    platform: Option<Platform>,
) -> Reply<String> {
    let range = range_of(&from, &to)?;
    Ok(charts::draw(state.current().store.pool(), platform, kind, range, BizDay::today(), Lang::parse(&lang)).await?)
}

/// The chart as PNG bytes (for the clipboard).
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn earnings_chart_png(
    state: State<'_, AppState>,
    kind: ChartKind,
    from: String,
    to: String,
    lang: String,
    platform: Option<Platform>,
) -> Reply<tauri::ipc::Response> {
    let range = range_of(&from, &to)?;
    let svg =
        charts::draw(state.current().store.pool(), platform, kind, range, BizDay::today(), Lang::parse(&lang)).await?;
    let png = tokio::task::spawn_blocking(move || png::svg_to_png(&svg, 2.0)).await.map_err(AppError::internal)??;
    Ok(tauri::ipc::Response::new(png))
}

/// The chart saved in Downloads as `svg` or `png`; returns the path.
#[tauri::command]
#[tracing::instrument(skip(app, state), err)]
// Each argument is a named field of the window's call; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub async fn export_chart<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: ChartKind,
    from: String,
    to: String,
    format: String,
    lang: String,
    platform: Option<Platform>,
) -> Reply<String> {
    let range = range_of(&from, &to)?;
    let svg =
        charts::draw(state.current().store.pool(), platform, kind, range, BizDay::today(), Lang::parse(&lang)).await?;
    let (ext, bytes) = if format == "png" {
        ("png", tokio::task::spawn_blocking(move || png::svg_to_png(&svg, 2.0)).await.map_err(AppError::internal)??)
    } else {
        ("svg", svg.into_bytes())
    };
    let name = format!("{}-{from}-{to}", Message::new(&format!("chart.file.{}", kind_name(kind))).render(Lang::Zh));
    save(&app, &state, &name, ext, &bytes)
}

fn kind_name(kind: ChartKind) -> &'static str {
    match kind {
        ChartKind::Trend => "trend",
        ChartKind::Groups => "groups",
        ChartKind::Partners => "partners",
        ChartKind::Status => "status",
        ChartKind::Categories => "categories",
        ChartKind::Cohort => "cohort",
        ChartKind::Hours => "hours",
    }
}

/// 晒收入: the share card as a PNG in Downloads; returns the path.
#[tauri::command]
#[tracing::instrument(skip(app, state), err)]
pub async fn export_share_card<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    from: String,
    to: String,
    rounded: bool,
    lang: String,
    platform: Option<Platform>,
) -> Reply<String> {
    let range = range_of(&from, &to)?;
    let figures = share_card::figures(state.current().store.pool(), platform, range, BizDay::today()).await?;
    let svg = share_card::card_svg(&figures, rounded, Lang::parse(&lang));
    let png = tokio::task::spawn_blocking(move || png::svg_to_png(&svg, 1.0)).await.map_err(AppError::internal)??;
    save(&app, &state, &format!("晒收入-{}-{}", figures.from, figures.to), "png", &png)
}

/// 到账日历: coming settlement days and the last six months'.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn settlement_calendar(state: State<'_, AppState>, platform: Option<Platform>) -> Reply<SettlementCalendar> {
    Ok(settlements::calendar(state.current().store.pool(), platform, BizDay::today(), 6).await?)
}

/// The order lines behind a figure of the calendar.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn settlement_lines(
    state: State<'_, AppState>,
    which: SettlementLines,
    page: PageRequest,
    platform: Option<Platform>,
) -> Reply<Page<MoneyRow>> {
    Ok(rows_behind::settlement_lines(state.current().store.pool(), platform, which, BizDay::today(), page).await?)
}

/// Risk lines (validCode 25–28) by partner and group over the range.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn risk_radar(
    state: State<'_, AppState>,
    from: String,
    to: String,
    platform: Option<Platform>,
) -> Reply<RiskRadar> {
    let (from, to) = range_of(&from, &to)?;
    let range = report::checked_range(from, to, BizDay::today())?;
    Ok(risk::radar(state.current().store.pool(), platform, range).await?)
}

/// 总览's flags: new risk lines since she last looked, and partners whose share jumped.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn risk_flags(state: State<'_, AppState>) -> Reply<RiskFlags> {
    Ok(risk::flags(state.current().store.pool(), now_epoch()).await?)
}

/// She has seen the risk lines of the flags that counted through change
/// `through` (their `through`).
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn mark_risk_seen(state: State<'_, AppState>, through: i64) -> Reply<RiskFlags> {
    let opened = state.current();
    risk::mark_seen(opened.store.pool(), through).await?;
    Ok(risk::flags(opened.store.pool(), now_epoch()).await?)
}

fn range_of(from: &str, to: &str) -> Reply<(BizDay, BizDay)> {
    let day = |text: &str, field: &'static str| {
        BizDay::parse(text).ok_or_else(|| FormError::invalid(field, Message::new("report.badDay").with("text", text)))
    };
    Ok((day(from, "from")?, day(to, "to")?))
}
