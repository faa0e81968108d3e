//! The payments allocated to one partner's statement, as the window lists
//! them to void a wrong one: with whether each voids another or was voided,
//! which a statement's payment lines only name in their note.

use crate::model::{BizDay, BizMonth, Money, PartnerId, PayMethod};
use serde::Serialize;
use sqlx::SqlitePool;

/// Payments on one statement the window lists; a month holds a handful.
const MAX_LISTED: i64 = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export, rename = "PayoutPayment")]
#[serde(rename_all = "camelCase")]
pub struct PaymentRow {
    pub id: i64,
    pub paid_on: BizDay,
    /// Negative for a void.
    pub amount: Money,
    pub method: PayMethod,
    pub reference: String,
    pub tax: Money,
    pub voucher: Option<String>,
    /// The payment this row voids.
    pub voids: Option<i64>,
    /// A later row voids this one.
    pub voided: bool,
}

pub async fn payments(pool: &SqlitePool, partner: PartnerId, month: BizMonth) -> Result<Vec<PaymentRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.paid_on, p.amount_fen AS amount, p.method, p.reference, p.tax_fen AS tax,
                p.voucher_hash AS voucher, p.voids_payment_id AS voids,
                EXISTS (SELECT 1 FROM payout_payments v WHERE v.voids_payment_id = p.id) AS voided
         FROM payout_payments p WHERE p.partner_id = ?1 AND p.month = ?2 ORDER BY p.id LIMIT ?3",
    )
    .bind(partner)
    .bind(month.as_int())
    .bind(MAX_LISTED)
    .fetch_all(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PayoutActor;
    use crate::payouts::{record_payment, set_plan, void_payment, PaymentInput, PlanInput};

    #[tokio::test]
    async fn a_statement_lists_its_payments_with_the_void_that_undid_one() {
        let (_dir, store) = crate::store::temp_store().await;
        let pool = store.pool();
        let today = BizDay::parse("2026-11-23").unwrap();
        let partner: PartnerId = sqlx::query_scalar(
            "INSERT INTO partners (name, role, is_placeholder, created_at) VALUES ('小美', 'member', 0, 0) RETURNING id",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        let plan =
            PlanInput { own_rate: "10".into(), effective_from: BizDay::parse("2026-11-01"), ..PlanInput::default() };
        set_plan(pool, &plan, PayoutActor::Cli, today, 1).await.unwrap();
        let pay = |amount: &str, reference: &str| PaymentInput {
            partner,
            amount: amount.into(),
            method: PayMethod::Alipay,
            paid_on: None,
            reference: reference.into(),
            voucher: None,
            tax: String::new(),
            note: String::new(),
            statement: None,
        };
        let first = record_payment(pool, &pay("12.5", "A1"), PayoutActor::Cli, 2, today).await.unwrap();
        let second = record_payment(pool, &pay("3", "A2"), PayoutActor::Cli, 3, today).await.unwrap();
        let void = void_payment(pool, first.id, PayoutActor::Cli, 4, today).await.unwrap();

        let listed = payments(pool, partner, BizMonth::parse("2026-11").unwrap()).await.unwrap();
        let seen: Vec<(i64, i64, &str, Option<i64>, bool)> =
            listed.iter().map(|p| (p.id, p.amount.fen(), p.reference.as_str(), p.voids, p.voided)).collect();
        assert_eq!(
            seen,
            vec![
                (first.id, 1_250, "A1", None, true),
                (second.id, 300, "A2", None, false),
                (void, -1_250, "", Some(first.id), false)
            ]
        );
        assert!(payments(pool, partner, BizMonth::parse("2026-10").unwrap()).await.unwrap().is_empty());
    }
}
