//! Reading the ledger: a month's statements, one partner's statement, her
//! balance, the pay list and 总览's reminder. A closed month reads what was
//! written; the open month reads what closing it today would write.

use super::booking::{self, Booking, NewLine, Span};
use super::close::{self, draft_booking, first_open, is_closed};
use super::plan::{self, CheckedPlan, PlanInput, Plans};
use super::statement::{mask_order, PendingLine, Statement, StatementLine, StatementLineKind};
use crate::model::{
    BizDay, BizMonth, EpochSecs, FormError, Lang, LedgerKind, Message, Money, PartnerId, PartnerRole, PayMethod,
    RatePct,
};
use serde::Serialize;
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::{BTreeMap, HashMap};

/// A partner as a statement row names her.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, rename = "PayoutPartner")]
pub struct PartnerRef {
    pub id: PartnerId,
    pub name: String,
}

/// The CLI's `payout statements --json` and the 分润 table: money in fen.
/// `partners_fen + hers_fen == settled_fen`; each statement's
/// `closing = opening + earned + override + reversed + adjusted − paid`.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MonthStatements {
    pub month: String,
    pub closed: bool,
    pub settled_fen: Money,
    pub partners_fen: Money,
    pub hers_fen: Money,
    pub statements: Vec<StatementRow>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StatementRow {
    pub partner: PartnerRef,
    pub opening_fen: Money,
    pub earned_fen: Money,
    pub override_fen: Money,
    pub reversed_fen: Money,
    pub adjusted_fen: Money,
    pub paid_fen: Money,
    pub closing_fen: Money,
    pub payable_fen: Money,
    pub pending_fen: Money,
}

impl Default for PartnerRef {
    fn default() -> PartnerRef {
        PartnerRef { id: PartnerId(0), name: String::new() }
    }
}

/// The pending section lists this many of a partner's orders, newest first.
const PENDING_LISTED: i64 = 200;
/// A statement holds at most this many lines of one month.
const MAX_STATEMENT_LINES: i64 = 20_000;

/// Which month a reader may open: a closed one, or the one open now.
async fn readable_month(conn: &mut SqliteConnection, plans: &Plans, month: BizMonth) -> Result<bool, FormError> {
    if is_closed(conn, month).await? {
        return Ok(true);
    }
    match first_open(conn, plans).await? {
        Some(open) if open == month => Ok(false),
        Some(open) => Err(FormError::invalid("month", Message::new("payout.month.notOpen").with("open", open))),
        None => Err(FormError::invalid("month", Message::new("payout.close.noPlan"))),
    }
}

pub async fn month_statements(pool: &SqlitePool, month: BizMonth, today: BizDay) -> Result<MonthStatements, FormError> {
    let mut conn = pool.acquire().await?;
    let plans = plan::load(&mut conn).await?;
    let closed = readable_month(&mut conn, &plans, month).await?;
    let (settled, month_lines) = if closed {
        let settled: i64 = sqlx::query_scalar("SELECT settled_fen FROM payout_months WHERE month = ?1")
            .bind(month.as_int())
            .fetch_one(&mut *conn)
            .await?;
        (settled, stored_totals(&mut conn, month).await?)
    } else {
        let booking = draft_booking(&mut conn, &plans, month, today).await?;
        let mut totals = booked_totals(&booking.lines);
        for (partner, kinds) in stored_totals(&mut conn, month).await? {
            let entry = totals.entry(partner).or_default();
            entry.adjusted += kinds.adjusted;
        }
        (booking.settled(), totals)
    };
    let openings = openings(&mut conn, month).await?;
    let standings = standings(&mut conn, None).await?;
    let paid = paid_in(&mut conn, month).await?;
    let pending = pending_by_partner(&mut conn, &plans, today).await?;
    let mut partners: Vec<PartnerId> =
        month_lines.keys().chain(openings.keys()).chain(paid.keys()).chain(pending.keys()).copied().collect();
    partners.sort_unstable();
    partners.dedup();
    let names = names(&mut conn, &partners).await?;
    let latest = plans.latest();
    let statements: Vec<StatementRow> = partners
        .into_iter()
        .map(|partner| {
            let kinds = month_lines.get(&partner).copied().unwrap_or_default();
            let opening = openings.get(&partner).copied().unwrap_or(0);
            let paid = paid.get(&partner).copied().unwrap_or(0);
            let closing = opening + kinds.sum() - paid;
            let minimum = latest.map(|p| p.minimum_for(partner).fen()).unwrap_or(0).max(1);
            StatementRow {
                partner: PartnerRef { id: partner, name: names.get(&partner).cloned().unwrap_or_default() },
                opening_fen: Money::from_fen(opening),
                earned_fen: Money::from_fen(kinds.earned),
                override_fen: Money::from_fen(kinds.override_share),
                reversed_fen: Money::from_fen(kinds.reversed),
                adjusted_fen: Money::from_fen(kinds.adjusted),
                paid_fen: Money::from_fen(paid),
                closing_fen: Money::from_fen(closing),
                payable_fen: Money::from_fen(payable(closed, closing, standings.get(&partner).copied(), minimum)),
                pending_fen: Money::from_fen(pending.get(&partner).copied().unwrap_or(0)),
            }
        })
        .filter(|row| *row != StatementRow { partner: row.partner.clone(), ..StatementRow::default() })
        .collect();
    let partners_fen: i64 = month_lines.values().map(KindTotals::sum).sum();
    Ok(MonthStatements {
        month: month.to_string(),
        closed,
        settled_fen: Money::from_fen(settled),
        partners_fen: Money::from_fen(partners_fen),
        hers_fen: Money::from_fen(settled - partners_fen),
        statements,
    })
}

#[derive(Debug, Clone, Copy, Default)]
struct KindTotals {
    earned: i64,
    override_share: i64,
    reversed: i64,
    adjusted: i64,
}

impl KindTotals {
    fn add(&mut self, kind: LedgerKind, amount: i64) {
        match kind {
            LedgerKind::Commission => self.earned += amount,
            LedgerKind::Override => self.override_share += amount,
            LedgerKind::Reversal => self.reversed += amount,
            LedgerKind::Adjustment => self.adjusted += amount,
        }
    }

    fn sum(&self) -> i64 {
        self.earned + self.override_share + self.reversed + self.adjusted
    }
}

fn booked_totals(lines: &[NewLine]) -> BTreeMap<PartnerId, KindTotals> {
    let mut totals: BTreeMap<PartnerId, KindTotals> = BTreeMap::new();
    for line in lines {
        totals.entry(line.partner).or_default().add(line.kind, line.amount);
    }
    totals
}

/// The month's stored lines by partner and kind (a draft month stores only
/// its adjustments).
async fn stored_totals(
    conn: &mut SqliteConnection,
    month: BizMonth,
) -> Result<BTreeMap<PartnerId, KindTotals>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct KindSum {
        partner_id: PartnerId,
        kind: LedgerKind,
        amount: i64,
    }
    let rows: Vec<KindSum> = sqlx::query_as(
        "SELECT partner_id, kind, SUM(amount_fen) AS amount FROM payout_lines WHERE month = ?1 GROUP BY partner_id, kind",
    )
    .bind(month.as_int())
    .fetch_all(&mut *conn)
    .await?;
    let mut totals: BTreeMap<PartnerId, KindTotals> = BTreeMap::new();
    for row in rows {
        totals.entry(row.partner_id).or_default().add(row.kind, row.amount);
    }
    Ok(totals)
}

/// One partner's sum of fen.
#[derive(sqlx::FromRow)]
struct PartnerSum {
    partner_id: PartnerId,
    amount: i64,
}

/// Each partner's balance carried into `month`: every earlier line less
/// every earlier payment.
async fn openings(conn: &mut SqliteConnection, month: BizMonth) -> Result<HashMap<PartnerId, i64>, sqlx::Error> {
    let rows: Vec<PartnerSum> = sqlx::query_as(
        "SELECT partner_id, SUM(amount) AS amount FROM (
             SELECT partner_id, amount_fen AS amount FROM payout_lines WHERE month < ?1
             UNION ALL SELECT partner_id, -amount_fen FROM payout_payments WHERE month < ?1)
         GROUP BY partner_id HAVING SUM(amount) <> 0",
    )
    .bind(month.as_int())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.partner_id, r.amount)).collect())
}

/// What a closed statement lets her pay now: its closing balance, but never
/// more than the partner's standing over every closed month less every
/// payment (a later statement's payment covers an earlier balance too), and
/// nothing below the minimum, which rolls over.
fn payable(closed: bool, closing: i64, standing: Option<i64>, minimum: i64) -> i64 {
    let payable = closing.min(standing.unwrap_or(0));
    if closed && payable >= minimum {
        payable
    } else {
        0
    }
}

/// Each partner's balance over every closed month's lines less every
/// payment; one partner's with `only`.
async fn standings(
    conn: &mut SqliteConnection,
    only: Option<PartnerId>,
) -> Result<HashMap<PartnerId, i64>, sqlx::Error> {
    let rows: Vec<PartnerSum> = sqlx::query_as(
        "SELECT partner_id, SUM(amount) AS amount FROM (
             SELECT l.partner_id, l.amount_fen AS amount FROM payout_lines l JOIN payout_months m ON m.month = l.month
             WHERE ?1 IS NULL OR l.partner_id = ?1
             UNION ALL SELECT partner_id, -amount_fen FROM payout_payments WHERE ?1 IS NULL OR partner_id = ?1)
         GROUP BY partner_id",
    )
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.partner_id, r.amount)).collect())
}

async fn paid_in(conn: &mut SqliteConnection, month: BizMonth) -> Result<HashMap<PartnerId, i64>, sqlx::Error> {
    let rows: Vec<PartnerSum> = sqlx::query_as(
        "SELECT partner_id, SUM(amount_fen) AS amount FROM payout_payments WHERE month = ?1 GROUP BY partner_id",
    )
    .bind(month.as_int())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.partner_id, r.amount)).collect())
}

/// What each partner stands to earn on orders the platform has not settled
/// yet (estimated, or completed with a settlement day still to come).
async fn pending_by_partner(
    conn: &mut SqliteConnection,
    plans: &Plans,
    today: BizDay,
) -> Result<HashMap<PartnerId, i64>, sqlx::Error> {
    let mut pending: HashMap<PartnerId, i64> = HashMap::new();
    let Some(_) = plans.latest() else { return Ok(pending) };
    #[derive(sqlx::FromRow)]
    struct Unsettled {
        partner_id: PartnerId,
        order_day: BizDay,
        role: PartnerRole,
        fee: i64,
    }
    let rows: Vec<Unsettled> = sqlx::query_as(
        "SELECT r.partner_id, r.order_day, p.role,
                CASE WHEN r.valid_code = 17 THEN r.actual_fee_fen ELSE r.estimate_fee_fen END AS fee
         FROM order_rows r JOIN partners p ON p.id = r.partner_id
         WHERE r.valid_code IN (16, 17, 18, 24) AND (r.pay_month IS NULL OR r.pay_month > ?1)",
    )
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let Some(plan) = plans.for_day(row.order_day) else { continue };
        let rate = plan.own_rate_for(row.partner_id, Some(row.role));
        *pending.entry(row.partner_id).or_default() += booking::share(row.fee, rate);
    }
    Ok(pending)
}

async fn names(conn: &mut SqliteConnection, partners: &[PartnerId]) -> Result<HashMap<PartnerId, String>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Named {
        id: PartnerId,
        name: String,
    }
    // The ids travel as one JSON array: one constant statement however many.
    let ids = serde_json::Value::from(partners.iter().map(|p| p.0).collect::<Vec<i64>>()).to_string();
    let rows: Vec<Named> =
        sqlx::query_as("SELECT id, name FROM partners WHERE id IN (SELECT value FROM json_each(?1))")
            .bind(ids)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.name)).collect())
}

/// One partner's statement: only her lines, her payments, her pending
/// orders. Nothing of another partner, a group or her own margin is read.
pub async fn partner_statement(
    pool: &SqlitePool,
    partner: PartnerId,
    month: BizMonth,
    today: BizDay,
    lang: Lang,
) -> Result<Statement, FormError> {
    let mut conn = pool.acquire().await?;
    let plans = plan::load(&mut conn).await?;
    let name: Option<String> =
        sqlx::query_scalar("SELECT name FROM partners WHERE id = ?1").bind(partner).fetch_optional(&mut *conn).await?;
    let Some(partner_name) = name else {
        return Err(FormError::NotFound(Message::new("payout.partner.notFound").with("id", partner)));
    };
    let closed = readable_month(&mut conn, &plans, month).await?;
    let mut lines = if closed {
        stored_lines(&mut conn, partner, month, None).await?
    } else {
        let booking = draft_booking(&mut conn, &plans, month, today).await?;
        let mut lines = draft_lines(&mut conn, &booking, partner).await?;
        lines.extend(stored_lines(&mut conn, partner, month, Some(LedgerKind::Adjustment)).await?);
        lines
    };
    let opening = openings(&mut conn, month).await?.get(&partner).copied().unwrap_or(0);
    let standing = standings(&mut conn, Some(partner)).await?.get(&partner).copied();
    // Her totals are the sum of these lines: a statement too long to hold
    // them all is refused, never summed short.
    if lines.len() > MAX_STATEMENT_LINES as usize {
        return Err(FormError::invalid(
            "month",
            Message::new("payout.statement.tooLong").with("max", MAX_STATEMENT_LINES),
        ));
    }
    lines.extend(payment_lines(&mut conn, partner, month, lang).await?);
    let mut totals = KindTotals::default();
    let mut paid = 0;
    for line in &lines {
        match line.kind {
            StatementLineKind::Commission => totals.earned += line.amount.fen(),
            StatementLineKind::Override => totals.override_share += line.amount.fen(),
            StatementLineKind::Reversal => totals.reversed += line.amount.fen(),
            StatementLineKind::Adjustment => totals.adjusted += line.amount.fen(),
            StatementLineKind::Payment => paid -= line.amount.fen(),
        }
    }
    let closing = opening + totals.sum() - paid;
    let minimum = plans.latest().map(|p| p.minimum_for(partner)).unwrap_or(Money::ZERO);
    let (pending, pending_total, pending_more) = pending_lines(&mut conn, &plans, partner, today).await?;
    Ok(Statement {
        month: month.to_string(),
        partner_name,
        number: format!("TZ-{}-{}", month.as_int(), partner),
        closed,
        as_of: today,
        opening: Money::from_fen(opening),
        lines,
        earned: Money::from_fen(totals.earned),
        override_share: Money::from_fen(totals.override_share),
        reversed: Money::from_fen(totals.reversed),
        adjusted: Money::from_fen(totals.adjusted),
        paid: Money::from_fen(paid),
        closing: Money::from_fen(closing),
        payable: Money::from_fen(payable(closed, closing, standing, minimum.fen().max(1))),
        minimum,
        pending,
        pending_total: Money::from_fen(pending_total),
        pending_more,
    })
}

fn statement_kind(kind: LedgerKind) -> StatementLineKind {
    match kind {
        LedgerKind::Commission => StatementLineKind::Commission,
        LedgerKind::Override => StatementLineKind::Override,
        LedgerKind::Reversal => StatementLineKind::Reversal,
        LedgerKind::Adjustment => StatementLineKind::Adjustment,
    }
}

async fn stored_lines(
    conn: &mut SqliteConnection,
    partner: PartnerId,
    month: BizMonth,
    only: Option<LedgerKind>,
) -> Result<Vec<StatementLine>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        kind: LedgerKind,
        amount_fen: i64,
        paid_fen: Option<i64>,
        rate: Option<RatePct>,
        reason: Option<String>,
        created_at: EpochSecs,
        order_ref: Option<String>,
        order_day: Option<BizDay>,
        sku_name: Option<String>,
        original_month: Option<i64>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT l.kind, l.amount_fen, r.actual_cos_price_fen AS paid_fen, l.rate, l.reason, l.created_at,
                COALESCE(r.order_key, CAST(r.order_id AS TEXT)) AS order_ref, r.order_day, r.sku_name, o.month AS original_month
         FROM payout_lines l
         LEFT JOIN order_rows r ON r.id = l.row_id
         LEFT JOIN payout_lines o ON o.id = l.reverses_line_id
         WHERE l.month = ?1 AND l.partner_id = ?2 AND (?3 IS NULL OR l.kind = ?3)
         ORDER BY l.id LIMIT ?4",
    )
    .bind(month.as_int())
    .bind(partner)
    .bind(only)
    .bind(MAX_STATEMENT_LINES + 1)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| StatementLine {
            kind: statement_kind(row.kind),
            day: row.order_day.unwrap_or_else(|| BizDay::of(row.created_at)),
            order: row.order_ref.as_deref().map(mask_order),
            product: row.sku_name,
            paid: row.paid_fen.map(Money::from_fen),
            rate: row.rate,
            amount: Money::from_fen(row.amount_fen),
            note: row.reason.or_else(|| row.original_month.map(|m| format!("TZ-{m}-{partner}"))),
        })
        .collect())
}

/// The open month's lines for one partner, as closing today would write.
async fn draft_lines(
    conn: &mut SqliteConnection,
    booking: &Booking,
    partner: PartnerId,
) -> Result<Vec<StatementLine>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Order {
        order_ref: String,
        order_day: BizDay,
        sku_name: String,
        actual_cos_price_fen: i64,
    }
    let mut lines = Vec::new();
    for line in booking.lines.iter().filter(|l| l.partner == partner).take(MAX_STATEMENT_LINES as usize + 1) {
        let row: Option<Order> = sqlx::query_as(
            "SELECT COALESCE(order_key, CAST(order_id AS TEXT)) AS order_ref, order_day, sku_name, actual_cos_price_fen
                 FROM order_rows WHERE id = ?1",
        )
        .bind(line.row)
        .fetch_optional(&mut *conn)
        .await?;
        let original_month: Option<i64> = match line.reverses {
            Some(id) => {
                sqlx::query_scalar("SELECT month FROM payout_lines WHERE id = ?1")
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?
            }
            None => None,
        };
        lines.push(StatementLine {
            kind: statement_kind(line.kind),
            day: row.as_ref().map(|r| r.order_day).unwrap_or(booking.through),
            order: row.as_ref().map(|r| mask_order(&r.order_ref)),
            paid: row.as_ref().map(|r| Money::from_fen(r.actual_cos_price_fen)),
            product: row.map(|r| r.sku_name),
            rate: Some(line.rate),
            amount: Money::from_fen(line.amount),
            note: original_month.map(|m| format!("TZ-{m}-{partner}")),
        });
    }
    Ok(lines)
}

async fn payment_lines(
    conn: &mut SqliteConnection,
    partner: PartnerId,
    month: BizMonth,
    lang: Lang,
) -> Result<Vec<StatementLine>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Paid {
        id: i64,
        amount_fen: i64,
        method: PayMethod,
        paid_on: BizDay,
        reference: String,
        tax_fen: i64,
        voids_payment_id: Option<i64>,
    }
    let rows: Vec<Paid> = sqlx::query_as(
        "SELECT id, amount_fen, method, paid_on, reference, tax_fen, voids_payment_id
         FROM payout_payments WHERE partner_id = ?1 AND month = ?2 ORDER BY id",
    )
    .bind(partner)
    .bind(month.as_int())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|paid| {
            let mut note = method_word(paid.method, lang).to_owned();
            if !paid.reference.is_empty() {
                note.push_str(" · ");
                note.push_str(&paid.reference);
            }
            if paid.tax_fen > 0 {
                note.push_str(&format!(" · {} {}", tax_word(lang), Money::from_fen(paid.tax_fen)));
            }
            let note = match paid.voids_payment_id {
                Some(voided) => format!("{} #{voided}", void_word(lang)),
                None => format!("#{} {note}", paid.id),
            };
            StatementLine {
                kind: StatementLineKind::Payment,
                day: paid.paid_on,
                order: None,
                product: None,
                paid: None,
                rate: None,
                amount: Money::from_fen(-paid.amount_fen),
                note: Some(note),
            }
        })
        .collect())
}

pub fn method_word(method: PayMethod, lang: Lang) -> &'static str {
    match (method, lang) {
        (PayMethod::Wechat, Lang::Zh) => "微信",
        (PayMethod::Alipay, Lang::Zh) => "支付宝",
        (PayMethod::Bank, Lang::Zh) => "银行转账",
        (PayMethod::Cash, Lang::Zh) => "现金",
        (PayMethod::Other, Lang::Zh) => "其他",
        (PayMethod::Wechat, Lang::En) => "WeChat",
        (PayMethod::Alipay, Lang::En) => "Alipay",
        (PayMethod::Bank, Lang::En) => "Bank transfer",
        (PayMethod::Cash, Lang::En) => "Cash",
        (PayMethod::Other, Lang::En) => "Other",
    }
}

fn tax_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "代扣税",
        Lang::En => "tax withheld",
    }
}

fn void_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "作废付款",
        Lang::En => "Void of payment",
    }
}

async fn pending_lines(
    conn: &mut SqliteConnection,
    plans: &Plans,
    partner: PartnerId,
    today: BizDay,
) -> Result<(Vec<PendingLine>, i64, u32), sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Unsettled {
        order_ref: String,
        order_day: BizDay,
        sku_name: String,
        paid: i64,
        fee: i64,
        role: PartnerRole,
    }
    let rows: Vec<Unsettled> = sqlx::query_as(
        "SELECT COALESCE(r.order_key, CAST(r.order_id AS TEXT)) AS order_ref, r.order_day, r.sku_name,
                CASE WHEN r.valid_code = 17 THEN r.actual_cos_price_fen ELSE r.estimate_cos_price_fen END AS paid,
                CASE WHEN r.valid_code = 17 THEN r.actual_fee_fen ELSE r.estimate_fee_fen END AS fee, p.role
         FROM order_rows r JOIN partners p ON p.id = r.partner_id
         WHERE r.partner_id = ?1 AND r.valid_code IN (16, 17, 18, 24) AND (r.pay_month IS NULL OR r.pay_month > ?2)
         ORDER BY r.order_time DESC, r.id DESC",
    )
    .bind(partner)
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;
    let mut total = 0;
    let mut listed = Vec::new();
    let mut more = 0u32;
    for row in rows {
        let Some(plan) = plans.for_day(row.order_day) else { continue };
        let rate = plan.own_rate_for(partner, Some(row.role));
        let amount = booking::share(row.fee, rate);
        total += amount;
        if (listed.len() as i64) < PENDING_LISTED {
            listed.push(PendingLine {
                day: row.order_day,
                order: mask_order(&row.order_ref),
                product: row.sku_name,
                paid: Money::from_fen(row.paid),
                rate,
                amount: Money::from_fen(amount),
            });
        } else {
            more = more.saturating_add(1);
        }
    }
    Ok((listed, total, more))
}

/// 团队's partner panel: what she owes the partner and her last statement.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PartnerBalance {
    pub has_plan: bool,
    /// Closed statements and open-month adjustments, less payments.
    pub balance: Money,
    pub last_statement: Option<LastStatement>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct LastStatement {
    pub month: String,
    pub earned: Money,
    pub closing: Money,
}

pub async fn partner_balance(pool: &SqlitePool, partner: PartnerId) -> Result<PartnerBalance, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let plans = plan::load(&mut conn).await?;
    let balance = super::entries::balance(&mut conn, partner).await?;
    let last: Option<i64> = sqlx::query_scalar("SELECT MAX(month) FROM payout_months").fetch_one(&mut *conn).await?;
    let last_statement = match last.and_then(BizMonth::from_int) {
        Some(month) => {
            #[derive(sqlx::FromRow)]
            struct Last {
                earned: i64,
                closing: i64,
            }
            let last: Last = sqlx::query_as(
                "SELECT (SELECT COALESCE(SUM(amount_fen), 0) FROM payout_lines
                         WHERE partner_id = ?1 AND month = ?2 AND kind IN ('commission', 'override')) AS earned,
                        (SELECT COALESCE(SUM(amount), 0) FROM (
                             SELECT amount_fen AS amount FROM payout_lines WHERE partner_id = ?1 AND month <= ?2
                             UNION ALL SELECT -amount_fen FROM payout_payments WHERE partner_id = ?1 AND month <= ?2))
                            AS closing",
            )
            .bind(partner)
            .bind(month.as_int())
            .fetch_one(&mut *conn)
            .await?;
            Some(LastStatement {
                month: month.to_string(),
                earned: Money::from_fen(last.earned),
                closing: Money::from_fen(last.closing),
            })
        }
        None => None,
    };
    Ok(PartnerBalance { has_plan: !plans.is_empty(), balance, last_statement })
}

/// One row of the pay list: a partner with a payable balance.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PayListRow {
    pub partner: PartnerRef,
    pub amount: Money,
    /// Her 收款码 picture (a media hash), if she has one.
    pub pay_code: Option<String>,
}

pub async fn pay_list(pool: &SqlitePool, month: BizMonth, today: BizDay) -> Result<Vec<PayListRow>, FormError> {
    let statements = month_statements(pool, month, today).await?;
    if !statements.closed {
        return Err(FormError::invalid("month", Message::new("payout.payList.notClosed").with("month", month)));
    }
    let mut conn = pool.acquire().await?;
    #[derive(sqlx::FromRow)]
    struct PayCode {
        partner_id: PartnerId,
        media_hash: String,
    }
    let codes: HashMap<PartnerId, String> =
        sqlx::query_as::<_, PayCode>("SELECT partner_id, media_hash FROM partner_pay_codes")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|c| (c.partner_id, c.media_hash))
            .collect();
    Ok(statements
        .statements
        .into_iter()
        .filter(|s| s.payable_fen > Money::ZERO)
        .map(|s| PayListRow { pay_code: codes.get(&s.partner.id).cloned(), amount: s.payable_fen, partner: s.partner })
        .collect())
}

/// 总览's reminder: a month she can close, and what she can pay now.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PayoutReminder {
    pub has_plan: bool,
    pub closable: Option<String>,
    /// What the latest closed month lets her pay, and to how many partners.
    pub payable: Money,
    pub payable_partners: u32,
    pub payable_month: Option<String>,
}

pub async fn reminder(pool: &SqlitePool, today: BizDay) -> Result<PayoutReminder, FormError> {
    let months = close::months(pool, today).await?;
    let closable = months.open.as_ref().filter(|o| o.can_close).map(|o| o.month.clone());
    let latest_closed = months.closed.first().and_then(|m| BizMonth::parse(m).ok());
    // The latest closed month's pay list without reading its statements:
    // its closing balance is never below her standing (payments on the open
    // month only lower the standing), so each payable is the standing,
    // where it reaches the minimum.
    let mut conn = pool.acquire().await?;
    let plans = plan::load(&mut conn).await?;
    let minimum = |partner| plans.latest().map(|p| p.minimum_for(partner).fen()).unwrap_or(0).max(1);
    let payable: Vec<i64> = match latest_closed {
        Some(_) => standings(&mut conn, None)
            .await?
            .into_iter()
            .filter(|(partner, standing)| *standing >= minimum(*partner))
            .map(|(_, standing)| standing)
            .collect(),
        None => Vec::new(),
    };
    let payable_partners = u32::try_from(payable.len()).unwrap_or(u32::MAX);
    let payable = payable.iter().sum::<i64>();
    Ok(PayoutReminder {
        has_plan: months.has_plan,
        closable,
        payable: Money::from_fen(payable),
        payable_partners,
        payable_month: latest_closed.map(|m| m.to_string()),
    })
}

/// What last month would have paid under a plan she is editing.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export, rename = "PayoutPlanPreview")]
#[serde(rename_all = "camelCase")]
pub struct PlanPreview {
    pub month: String,
    pub settled: Money,
    pub partners: Money,
    pub hers: Money,
    pub partners_paid: u32,
}

pub async fn preview(
    pool: &SqlitePool,
    input: &PlanInput,
    today: BizDay,
    now: EpochSecs,
) -> Result<PlanPreview, FormError> {
    let checked: CheckedPlan = plan::check(input, today, None)?;
    let month = BizMonth::of(today).previous();
    let plans = Plans::from_versions(vec![checked.as_version(0, now)]);
    let mut conn = pool.acquire().await?;
    let booking =
        booking::book(&mut conn, &plans, month, month.last_day(), Span::Settled { from: month.first_day() }).await?;
    let mut partners_paid: Vec<PartnerId> = booking.lines.iter().map(|l| l.partner).collect();
    partners_paid.sort_unstable();
    partners_paid.dedup();
    Ok(PlanPreview {
        month: month.to_string(),
        settled: Money::from_fen(booking.settled()),
        partners: Money::from_fen(booking.partners()),
        hers: Money::from_fen(booking.settled() - booking.partners()),
        partners_paid: u32::try_from(partners_paid.len()).unwrap_or(u32::MAX),
    })
}

/// Stores a new plan version after its checks.
pub async fn set_plan(
    pool: &SqlitePool,
    input: &PlanInput,
    actor: crate::model::PayoutActor,
    today: BizDay,
    now: EpochSecs,
) -> Result<plan::Plan, FormError> {
    let mut tx = crate::store::begin_write(pool).await?;
    let plans = plan::load(&mut tx).await?;
    let open = first_open(&mut tx, &plans).await?;
    let checked = plan::check(input, today, open)?;
    let version = plan::store(&mut tx, &checked, actor, now).await?;
    let plans = plan::load(&mut tx).await?;
    tx.commit().await?;
    plans.by_version(version).cloned().ok_or_else(|| FormError::not_found("payout.plan.notFound"))
}
