//! The demo's 分润: a plan from two months back, those two months closed
//! once a sync has brought their settled orders in, and most of the first
//! month's balances paid, so the page opens on a history (the sandbox's
//! refunds after settlement give the second month its reversals).

use crate::model::{BizDay, BizMonth, EpochSecs, FormError, PartnerRole, PayMethod, PayoutActor};
use crate::payouts::{self, plan::RoleRateInput, PaymentInput, PlanInput};
use chrono::Datelike;
use sqlx::SqlitePool;

const ACTOR: PayoutActor = PayoutActor::Demo;
/// Partners on the first month's pay list left unpaid, for the pay list to show.
const LEFT_UNPAID: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entered {
    Now,
    /// A plan is there already (entered before, or hers): nothing to do.
    Already,
    /// No sync has succeeded yet.
    NotYet,
}

/// The two latest months the platform has settled by `today`: from the
/// 21st the current month is one (JD settles on the 20th); before, the two
/// before it. The 88 days of orders the demo serves always reach both.
pub fn months_to_close(today: BizDay) -> [BizMonth; 2] {
    let this = BizMonth::of(today);
    let last = if today.date().day() > 20 { this } else { this.previous() };
    [last.previous(), last]
}

/// Enters it once: not before a sync succeeded, never over a plan.
pub async fn enter(pool: &SqlitePool, today: BizDay, now: EpochSecs) -> Result<Entered, FormError> {
    let plans: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payout_plans").fetch_one(pool).await?;
    let synced: Option<String> =
        sqlx::query_scalar("SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1").fetch_optional(pool).await?;
    if plans > 0 {
        return Ok(Entered::Already);
    }
    if synced.as_deref() != Some("succeeded") {
        return Ok(Entered::NotYet);
    }
    let [first, second] = months_to_close(today);
    let role = |role, own_rate: &str| RoleRateInput { role, own_rate: own_rate.into() };
    let plan = PlanInput {
        own_rate: "60".into(),
        role_rates: vec![role(PartnerRole::Leader, "75"), role(PartnerRole::Shopkeeper, "70")],
        minimum: "5".into(),
        effective_from: Some(first.first_day()),
        ..PlanInput::default()
    };
    let plan = payouts::set_plan(pool, &plan, ACTOR, today, now).await?;
    for month in [first, second] {
        if plan.closable_from(month) <= today {
            payouts::close(pool, month, today, now, ACTOR).await?;
        }
    }
    let Ok(payable) = payouts::pay_list(pool, first, today).await else { return Ok(Entered::Now) };
    let paid_on = plan.closable_from(first).add_days(2).min(today);
    let paid = payable.len().saturating_sub(LEFT_UNPAID);
    for (index, row) in payable.into_iter().take(paid).enumerate() {
        let payment = PaymentInput {
            partner: row.partner.id,
            amount: row.amount.to_string(),
            method: if index % 5 == 4 { PayMethod::Alipay } else { PayMethod::Wechat },
            paid_on: Some(paid_on),
            reference: format!("{}{:04}", paid_on.as_int(), index + 1),
            voucher: None,
            tax: String::new(),
            note: String::new(),
            statement: Some(first.to_string()),
        };
        payouts::record_payment(pool, &payment, ACTOR, now, today).await?;
    }
    Ok(Entered::Now)
}
