//! 分润: the plan, a month's statements and closing it, the pay list and the payments she records,
//! adjustments, a partner's statement and its files, and her partners' 收款码 pictures.
//! Notes, references and reasons never reach the trace: these spans skip the inputs that hold them.

use super::files::save;
use super::Reply;
use crate::state::AppState;
use std::path::Path;
use tauri::{AppHandle, Runtime, State};
use tuanzhang::error::AppError;
use tuanzhang::model::{now_epoch, BizDay, BizMonth, FormError, Lang, Message, PartnerId, PayoutActor};
// The engine's types under the names ts-rs exports them as, which the client generator reads here.
use tuanzhang::payouts::audit::{self, AuditLine as PayoutAuditLine};
use tuanzhang::payouts::pay_codes;
use tuanzhang::payouts::payment_list::{self, PaymentRow as PayoutPayment};
use tuanzhang::payouts::plan::{self, Plan as PayoutPlan, PlanInput as PayoutPlanInput};
use tuanzhang::payouts::statement_files::{statement_pdf, statement_png, statement_xlsx, StatementFormat};
use tuanzhang::payouts::{
    self, AdjustmentInput, CloseOutcome, LedgerMonths, MonthStatements, PartnerBalance, PayListRow, PaymentInput,
    PaymentOutcome, PayoutReminder, PlanPreview as PayoutPlanPreview, Statement,
};

/// The audit lines the window lists at most.
const AUDIT_SHOWN: u32 = 50;

/// The months closed and the one open, and whether she has a plan at all.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn payout_months(state: State<'_, AppState>) -> Reply<LedgerMonths> {
    Ok(payouts::months(state.current().store.pool(), BizDay::today()).await?)
}

/// The plan in force now, if she has set one.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn payout_plan(state: State<'_, AppState>) -> Reply<Option<PayoutPlan>> {
    Ok(plan::current(state.current().store.pool()).await?)
}

/// Stores the plan as a new version, from its effective day.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn set_payout_plan(state: State<'_, AppState>, plan: PayoutPlanInput) -> Reply<PayoutPlan> {
    let pool = state.current().store.pool().clone();
    Ok(payouts::set_plan(&pool, &plan, PayoutActor::Window, BizDay::today(), now_epoch()).await?)
}

/// What last month would have paid under the plan she is editing; stores nothing.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn preview_payout_plan(state: State<'_, AppState>, plan: PayoutPlanInput) -> Reply<PayoutPlanPreview> {
    Ok(payouts::preview(state.current().store.pool(), &plan, BizDay::today(), now_epoch()).await?)
}

/// `month` is `yyyy-MM`: a closed month, or the open one as closing it today would write it.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn month_statements(state: State<'_, AppState>, month: String) -> Reply<MonthStatements> {
    Ok(payouts::month_statements(state.current().store.pool(), month_of(&month)?, BizDay::today()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn close_payout_month(state: State<'_, AppState>, month: String) -> Reply<CloseOutcome> {
    let month = month_of(&month)?;
    Ok(payouts::close(state.current().store.pool(), month, BizDay::today(), now_epoch(), PayoutActor::Window).await?)
}

/// The partners a closed month lets her pay, with their 收款码.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn pay_list(state: State<'_, AppState>, month: String) -> Reply<Vec<PayListRow>> {
    Ok(payouts::pay_list(state.current().store.pool(), month_of(&month)?, BizDay::today()).await?)
}

/// A payment she made outside the app, recorded once she confirmed it.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn record_payout(state: State<'_, AppState>, payment: PaymentInput) -> Reply<PaymentOutcome> {
    let pool = state.current().store.pool().clone();
    Ok(payouts::record_payment(&pool, &payment, PayoutActor::Window, now_epoch(), BizDay::today()).await?)
}

/// The payments on one partner's statement, with their ids to void a wrong one.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn partner_payments(
    state: State<'_, AppState>,
    partner: PartnerId,
    month: String,
) -> Reply<Vec<PayoutPayment>> {
    Ok(payment_list::payments(state.current().store.pool(), partner, month_of(&month)?).await?)
}

/// Voids a wrong payment by a reversing entry; answers the void's id.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn void_payout(state: State<'_, AppState>, payment: i64) -> Reply<i64> {
    let pool = state.current().store.pool().clone();
    Ok(payouts::void_payment(&pool, payment, PayoutActor::Window, now_epoch(), BizDay::today()).await?)
}

/// An adjustment with its reason; answers the month it landed in.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn adjust_payout(state: State<'_, AppState>, adjustment: AdjustmentInput) -> Reply<String> {
    Ok(payouts::adjust(state.current().store.pool(), &adjustment, PayoutActor::Window, now_epoch()).await?)
}

/// One partner's statement for a month, worded in the window's language.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn partner_statement(
    state: State<'_, AppState>,
    partner: PartnerId,
    month: String,
    lang: String,
) -> Reply<Statement> {
    let month = month_of(&month)?;
    let pool = state.current().store.pool().clone();
    Ok(payouts::partner_statement(&pool, partner, month, BizDay::today(), Lang::parse(&lang)).await?)
}

/// The statement as `png`, `pdf` or `xlsx` in Downloads; returns the path.
#[tauri::command]
#[tracing::instrument(skip(app, state), err)]
pub async fn export_partner_statement<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    partner: PartnerId,
    month: String,
    format: String,
    lang: String,
) -> Reply<String> {
    let month = month_of(&month)?;
    let format = StatementFormat::of(Path::new(&format!("statement.{format}")))?;
    let lang = Lang::parse(&lang);
    let pool = state.current().store.pool().clone();
    let statement = payouts::partner_statement(&pool, partner, month, BizDay::today(), lang).await?;
    let name = format!("{}-{}-{month}", Message::new("payout.file.statement").render(Lang::Zh), statement.partner_name);
    let bytes = tokio::task::spawn_blocking(move || match format {
        StatementFormat::Png => statement_png(&statement, lang),
        StatementFormat::Pdf => statement_pdf(&statement, lang),
        StatementFormat::Xlsx => statement_xlsx(&statement, lang),
    })
    .await
    .map_err(AppError::internal)??;
    let ext = match format {
        StatementFormat::Png => "png",
        StatementFormat::Pdf => "pdf",
        StatementFormat::Xlsx => "xlsx",
    };
    save(&app, &state, &name, ext, &bytes)
}

/// The month's book for her accountant (statements, lines, payments with
/// tax withheld) as one XLSX in Downloads; returns the path.
#[tauri::command]
#[tracing::instrument(skip(app, state), err)]
pub async fn export_payout_book<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    month: String,
    lang: String,
) -> Reply<String> {
    let month = month_of(&month)?;
    let lang = Lang::parse(&lang);
    let pool = state.current().store.pool().clone();
    let book = payouts::accounting::month_book(&pool, month, BizDay::today()).await?;
    let bytes = tokio::task::spawn_blocking(move || payouts::accounting::month_book_xlsx(&book, lang))
        .await
        .map_err(AppError::internal)??;
    let name = format!("{}-{month}", Message::new("payout.file.book").render(Lang::Zh));
    save(&app, &state, &name, "xlsx", &bytes)
}

/// 团队's partner panel: what she owes the partner and her last statement.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn partner_payout_balance(state: State<'_, AppState>, partner: PartnerId) -> Reply<PartnerBalance> {
    Ok(payouts::partner_balance(state.current().store.pool(), partner).await?)
}

/// 总览's reminder: a month she can close and what she can pay now.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn payout_reminder(state: State<'_, AppState>) -> Reply<PayoutReminder> {
    Ok(payouts::reminder(state.current().store.pool(), BizDay::today()).await?)
}

/// Who changed the money and when, newest first.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn payout_audit(state: State<'_, AppState>) -> Reply<Vec<PayoutAuditLine>> {
    let mut conn = state.current().store.pool().acquire().await?;
    Ok(audit::recent(&mut conn, AUDIT_SHOWN).await?)
}

/// The partner's 收款码 picture (a media hash), if she has one.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn partner_pay_code(state: State<'_, AppState>, partner: PartnerId) -> Reply<Option<String>> {
    Ok(pay_codes::pay_code(state.current().store.pool(), partner).await?)
}

/// Keeps a picture she added (its media hash) as the partner's 收款码, or forgets it (`null`).
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn set_pay_code(state: State<'_, AppState>, partner: PartnerId, picture: Option<String>) -> Reply<()> {
    let pool = state.current().store.pool().clone();
    Ok(pay_codes::set_pay_code(&pool, partner, picture.as_deref(), now_epoch()).await?)
}

/// A month as the window sends it (`yyyy-MM`), refused at the month field.
fn month_of(text: &str) -> Reply<BizMonth> {
    BizMonth::parse(text)
        .map_err(|_| FormError::invalid("month", Message::new("error.month").with("text", text)).into())
}
