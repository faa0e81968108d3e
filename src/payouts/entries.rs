//! What she enters by hand: payments she made outside the app, voids of a
//! wrong payment, and adjustments with a reason. Nothing is ever edited or
//! deleted; a payment moves the `paid` and closing balance of the statement
//! it is allocated to, never its lines.

use super::audit;
use super::close::{first_open, is_closed};
use super::plan;
use crate::model::{BizDay, BizMonth, EpochSecs, FormError, Message, Money, PartnerId, PayMethod, PayoutActor};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

/// A million yuan: no single payment or adjustment of hers comes near.
const MAX_ENTRY_FEN: i64 = 100_000_000;
const MAX_REFERENCE: usize = 100;
const MAX_NOTE: usize = 200;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PaymentInput {
    pub partner: PartnerId,
    /// Yuan, as typed.
    pub amount: String,
    pub method: PayMethod,
    /// Today when absent.
    #[serde(default)]
    pub paid_on: Option<BizDay>,
    #[serde(default)]
    pub reference: String,
    /// A picture of the transfer, already kept in the store's media.
    #[serde(default)]
    pub voucher: Option<String>,
    /// Tax she withheld, yuan; recorded and exported, never computed.
    #[serde(default)]
    pub tax: String,
    #[serde(default)]
    pub note: String,
    /// `yyyy-MM` of the statement it pays; else the oldest with a balance.
    #[serde(default)]
    pub statement: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PaymentOutcome {
    pub id: i64,
    /// The statement it was allocated to.
    pub month: String,
    pub balance_before: Money,
    pub balance_after: Money,
    /// More than she was owed: allowed, the balance goes negative and carries.
    pub over_balance: bool,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AdjustmentInput {
    pub partner: PartnerId,
    /// Signed yuan: negative takes from her balance (a write-off of what she
    /// owes is a positive one).
    pub amount: String,
    pub reason: String,
}

pub async fn record_payment(
    pool: &SqlitePool,
    input: &PaymentInput,
    actor: PayoutActor,
    now: EpochSecs,
    today: BizDay,
) -> Result<PaymentOutcome, FormError> {
    let amount = positive_amount("amount", &input.amount)?;
    let tax = if input.tax.trim().is_empty() { Money::ZERO } else { positive_or_zero("tax", &input.tax)? };
    if tax > amount {
        return Err(FormError::invalid("tax", Message::new("payout.payment.taxOverAmount")));
    }
    let paid_on = input.paid_on.unwrap_or(today);
    if paid_on > today {
        return Err(FormError::invalid("paidOn", Message::new("payout.payment.future")));
    }
    let reference = bounded_text("reference", &input.reference, MAX_REFERENCE)?;
    let note = bounded_text("note", &input.note, MAX_NOTE)?;
    let mut tx = crate::store::begin_write(pool).await?;
    ensure_partner(&mut tx, input.partner).await?;
    let plans = plan::load(&mut tx).await?;
    let Some(open) = first_open(&mut tx, &plans).await? else {
        return Err(FormError::invalid("partner", Message::new("payout.close.noPlan")));
    };
    let month = match input.statement.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(text) => picked_statement(&mut tx, text, open).await?,
        None => oldest_with_balance(&mut tx, input.partner).await?.unwrap_or(open),
    };
    let balance_before = balance(&mut tx, input.partner).await?;
    let written = sqlx::query_scalar(
        "INSERT INTO payout_payments (partner_id, month, amount_fen, method, paid_on, reference, voucher_hash,
                                      tax_fen, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
    )
    .bind(input.partner)
    .bind(month.as_int())
    .bind(amount)
    .bind(input.method)
    .bind(paid_on)
    .bind(&reference)
    .bind(input.voucher.as_deref())
    .bind(tax)
    .bind(&note)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match written {
        Ok(id) => id,
        Err(error) if crate::model::is_foreign_key_violation(&error) => {
            return Err(FormError::invalid("voucher", Message::new("payout.payment.voucherMissing")))
        }
        Err(error) => return Err(error.into()),
    };
    let detail = serde_json::json!({
        "payment": id, "partner": input.partner.0, "amount_fen": amount.fen(), "method": input.method.as_str(),
        "paid_on": paid_on.as_int(), "tax_fen": tax.fen(), "voucher": input.voucher.is_some(),
    });
    audit::record(&mut tx, actor, now, audit::Action::Payment, Some(month), &detail).await?;
    tx.commit().await?;
    let balance_after = Money::from_fen(balance_before.fen() - amount.fen());
    Ok(PaymentOutcome {
        id,
        month: month.to_string(),
        balance_before,
        balance_after,
        over_balance: amount > balance_before,
    })
}

/// A wrong payment is voided by a second row of the opposite amount on the
/// same statement; the first stays, and a payment is voided at most once.
pub async fn void_payment(
    pool: &SqlitePool,
    payment: i64,
    actor: PayoutActor,
    now: EpochSecs,
    today: BizDay,
) -> Result<i64, FormError> {
    let mut tx = crate::store::begin_write(pool).await?;
    #[derive(sqlx::FromRow)]
    struct Original {
        partner_id: PartnerId,
        month: i64,
        amount_fen: i64,
        method: PayMethod,
        voids_payment_id: Option<i64>,
    }
    let original: Option<Original> = sqlx::query_as(
        "SELECT partner_id, month, amount_fen, method, voids_payment_id FROM payout_payments WHERE id = ?1",
    )
    .bind(payment)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(Original { partner_id: partner, month, amount_fen: amount, method, voids_payment_id }) = original else {
        return Err(FormError::not_found("payout.payment.notFound"));
    };
    if voids_payment_id.is_some() {
        return Err(FormError::invalid("payment", Message::new("payout.payment.isVoid")));
    }
    let written = sqlx::query_scalar(
        "INSERT INTO payout_payments (partner_id, month, amount_fen, method, paid_on, note, voids_payment_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?7) RETURNING id",
    )
    .bind(partner)
    .bind(month)
    .bind(-amount)
    .bind(method)
    .bind(today)
    .bind(payment)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match written {
        Ok(id) => id,
        Err(error) if crate::model::is_unique_violation(&error) => {
            return Err(FormError::conflict("payment", Message::new("payout.payment.alreadyVoided")))
        }
        Err(error) => return Err(error.into()),
    };
    let detail = serde_json::json!({ "void": id, "payment": payment, "partner": partner.0, "amount_fen": -amount });
    audit::record(&mut tx, actor, now, audit::Action::Void, BizMonth::from_int(month), &detail).await?;
    tx.commit().await?;
    Ok(id)
}

/// An adjustment lands in the first open month, with its reason.
pub async fn adjust(
    pool: &SqlitePool,
    input: &AdjustmentInput,
    actor: PayoutActor,
    now: EpochSecs,
) -> Result<String, FormError> {
    let amount = Money::parse_yuan(&input.amount)
        .map_err(|_| FormError::invalid("amount", Message::new("payout.amount.format").with("text", &input.amount)))?;
    if amount == Money::ZERO || amount.fen().abs() > MAX_ENTRY_FEN {
        return Err(FormError::invalid("amount", Message::new("payout.amount.range").with("text", &input.amount)));
    }
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(FormError::invalid("reason", Message::new("payout.adjust.reasonMissing")));
    }
    let reason = bounded_text("reason", reason, MAX_NOTE)?;
    let mut tx = crate::store::begin_write(pool).await?;
    ensure_partner(&mut tx, input.partner).await?;
    let plans = plan::load(&mut tx).await?;
    let Some(month) = first_open(&mut tx, &plans).await? else {
        return Err(FormError::invalid("partner", Message::new("payout.close.noPlan")));
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO payout_lines (month, partner_id, kind, amount_fen, reason, created_at)
         VALUES (?1, ?2, 'adjustment', ?3, ?4, ?5) RETURNING id",
    )
    .bind(month.as_int())
    .bind(input.partner)
    .bind(amount)
    .bind(&reason)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let detail = serde_json::json!({ "line": id, "partner": input.partner.0, "amount_fen": amount.fen() });
    audit::record(&mut tx, actor, now, audit::Action::Adjustment, Some(month), &detail).await?;
    tx.commit().await?;
    Ok(month.to_string())
}

/// What she owes the partner over every stored line less every payment
/// (closed months, and adjustments of the open one).
pub async fn balance(conn: &mut SqliteConnection, partner: PartnerId) -> Result<Money, sqlx::Error> {
    let fen: i64 = sqlx::query_scalar(
        "SELECT (SELECT COALESCE(SUM(amount_fen), 0) FROM payout_lines WHERE partner_id = ?1)
              - (SELECT COALESCE(SUM(amount_fen), 0) FROM payout_payments WHERE partner_id = ?1)",
    )
    .bind(partner)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Money::from_fen(fen))
}

/// The oldest closed statement whose closing balance is still above zero,
/// while she still owes the partner anything over the closed months; else
/// the latest closed statement (the payment then carries as a negative
/// balance).
async fn oldest_with_balance(conn: &mut SqliteConnection, partner: PartnerId) -> Result<Option<BizMonth>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct MonthNet {
        month: i64,
        net: i64,
    }
    let months: Vec<MonthNet> = sqlx::query_as(
        "SELECT m.month,
                (SELECT COALESCE(SUM(l.amount_fen), 0) FROM payout_lines l WHERE l.partner_id = ?1 AND l.month = m.month)
              - (SELECT COALESCE(SUM(p.amount_fen), 0) FROM payout_payments p WHERE p.partner_id = ?1 AND p.month = m.month)
                AS net
         FROM payout_months m ORDER BY m.month",
    )
    .bind(partner)
    .fetch_all(&mut *conn)
    .await?;
    let paid_elsewhere: i64 = sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM payout_payments
         WHERE partner_id = ?1 AND month NOT IN (SELECT month FROM payout_months)",
    )
    .bind(partner)
    .fetch_one(&mut *conn)
    .await?;
    let standing = months.iter().map(|m| m.net).sum::<i64>() - paid_elsewhere;
    let latest = months.last().and_then(|m| BizMonth::from_int(m.month));
    if standing <= 0 {
        return Ok(latest);
    }
    let mut closing = 0i64;
    for MonthNet { month, net } in months {
        closing += net;
        if closing > 0 {
            return Ok(BizMonth::from_int(month));
        }
    }
    Ok(latest)
}

/// A statement she picked: a closed month, or the open one.
async fn picked_statement(conn: &mut SqliteConnection, text: &str, open: BizMonth) -> Result<BizMonth, FormError> {
    let month = BizMonth::parse(text)
        .map_err(|_| FormError::invalid("statement", Message::new("error.month").with("text", text)))?;
    if month == open || is_closed(conn, month).await? {
        Ok(month)
    } else {
        Err(FormError::invalid("statement", Message::new("payout.payment.noStatement").with("month", month)))
    }
}

async fn ensure_partner(conn: &mut SqliteConnection, partner: PartnerId) -> Result<(), FormError> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM partners WHERE id = ?1").bind(partner).fetch_optional(&mut *conn).await?;
    match found {
        Some(_) => Ok(()),
        None => Err(FormError::invalid("partner", Message::new("payout.partner.notFound").with("id", partner))),
    }
}

fn positive_amount(field: &'static str, text: &str) -> Result<Money, FormError> {
    let money = positive_or_zero(field, text)?;
    if money == Money::ZERO {
        return Err(FormError::invalid(field, Message::new("payout.amount.range").with("text", text)));
    }
    Ok(money)
}

/// Yuan with at most two decimals (`12.345` is refused, never rounded).
fn positive_or_zero(field: &'static str, text: &str) -> Result<Money, FormError> {
    let money = Money::parse_yuan(text)
        .map_err(|_| FormError::invalid(field, Message::new("payout.amount.format").with("text", text)))?;
    if !(0..=MAX_ENTRY_FEN).contains(&money.fen()) {
        return Err(FormError::invalid(field, Message::new("payout.amount.range").with("text", text)));
    }
    Ok(money)
}

fn bounded_text(field: &'static str, text: &str, max: usize) -> Result<String, FormError> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(FormError::invalid(field, Message::new("payout.text.tooLong").with("max", max)));
    }
    Ok(text.to_owned())
}
