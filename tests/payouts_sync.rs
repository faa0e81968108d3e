//! 分润 over what sync brings in from the sandbox: months close over the
//! settled rows, the sandbox's refunds after settlement come back as
//! reversals once, moves follow the order's time, and the demo's history.

mod common;

use common::{config, World, NOW};
use tuanzhang::model::{BizDay, BizMonth, LedgerKind, PartnerId, PayoutActor, RowId};
use tuanzhang::payouts::{self, PlanInput};
use tuanzhang::store::Store;

const ACTOR: PayoutActor = PayoutActor::Cli;

fn month(text: &str) -> BizMonth {
    BizMonth::parse(text).expect("a month")
}

/// Every row the ledger covers is booked exactly what the platform settled
/// of it through `through`, and nothing else is booked.
async fn assert_ledger_matches_rows(store: &Store, ledger_from: BizDay, through: BizDay) {
    let wrong: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM order_rows r
         WHERE r.pay_month BETWEEN ?1 AND ?2
           AND COALESCE((SELECT SUM(s.fee_fen) FROM order_row_settlements s WHERE s.row_id = r.id AND s.settle_day <= ?2),
                        r.actual_fee_fen)
               <> COALESCE((SELECT SUM(b.fee_fen) FROM payout_basis b WHERE b.row_id = r.id), 0)",
    )
    .bind(ledger_from)
    .bind(through)
    .fetch_one(store.pool())
    .await
    .expect("compare");
    assert_eq!(wrong, 0, "rows booked other than what the platform settled");
    let stray: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM payout_basis b JOIN order_rows r ON r.id = b.row_id
         WHERE r.pay_month IS NULL OR r.pay_month NOT BETWEEN ?1 AND ?2",
    )
    .bind(ledger_from)
    .bind(through)
    .fetch_one(store.pool())
    .await
    .expect("stray");
    assert_eq!(stray, 0, "booked a row the platform has not settled");
}

/// One ledger line as booking makes it and as it is stored: partner, kind, fen, row.
type LedgerLine = (PartnerId, LedgerKind, i64, Option<RowId>);

/// The lines closing `month` would write now, in the order booking makes them.
async fn drafted_lines(store: &Store, month: BizMonth, today: BizDay) -> Vec<LedgerLine> {
    let mut conn = store.pool().acquire().await.unwrap();
    let plans = payouts::plan::load(&mut conn).await.unwrap();
    let booking = payouts::close::draft_booking(&mut conn, &plans, month, today).await.unwrap();
    booking.lines.into_iter().map(|l| (l.partner, l.kind, l.amount, Some(l.row))).collect()
}

/// The month's stored lines in the order of their ids, which its hash reads.
async fn stored_lines(store: &Store, month: BizMonth) -> Vec<LedgerLine> {
    sqlx::query_as("SELECT partner_id, kind, amount_fen, row_id FROM payout_lines WHERE month = ?1 ORDER BY id")
        .bind(month.as_int())
        .fetch_all(store.pool())
        .await
        .unwrap()
}

/// What a close froze of a month: its totals and each partner's lines by
/// kind (pending and payments move on; these never do).
async fn frozen_figures(store: &Store, m: &str, today: BizDay) -> Vec<(i64, i64, i64, i64, i64)> {
    let statements = payouts::month_statements(store.pool(), month(m), today).await.expect("statements");
    assert_eq!(statements.partners_fen.fen() + statements.hers_fen.fen(), statements.settled_fen.fen());
    let lines: i64 = statements
        .statements
        .iter()
        .map(|s| s.earned_fen.fen() + s.override_fen.fen() + s.reversed_fen.fen() + s.adjusted_fen.fen())
        .sum();
    assert_eq!(lines, statements.partners_fen.fen(), "{m}: the partners' total is the sum of their statements");
    let mut figures =
        vec![(0, statements.settled_fen.fen(), statements.partners_fen.fen(), statements.hers_fen.fen(), 0)];
    figures.extend(statements.statements.iter().map(|s| {
        (s.partner.id.0, s.opening_fen.fen(), s.earned_fen.fen(), s.override_fen.fen(), s.reversed_fen.fen())
    }));
    figures
}

#[tokio::test]
async fn months_close_over_synced_rows_and_later_refunds_come_back_once_as_reversals() {
    let world = World::new(config(27, 150, NOW)).await;
    world.sync().await.expect("first sync");
    let today = BizDay::of(NOW);
    // A small tree, so upline shares have someone to go to; one move later.
    let partners: Vec<i64> = sqlx::query_scalar("SELECT id FROM partners ORDER BY id LIMIT 40")
        .fetch_all(world.store.pool())
        .await
        .expect("partners");
    for pair in partners.chunks(2) {
        if let [upline, seller] = pair {
            tuanzhang::team::move_partner(world.store.pool(), PartnerId(*seller), Some(PartnerId(*upline)), false, NOW)
                .await
                .expect("moved under an upline");
        }
    }
    let plan = PlanInput {
        own_rate: "55".into(),
        override_rate: Some("5".into()),
        override_levels: 1,
        minimum: "1".into(),
        effective_from: Some(month("2026-09").first_day()),
        ..PlanInput::default()
    };
    payouts::set_plan(world.store.pool(), &plan, ACTOR, today, NOW).await.expect("plan");
    for m in ["2026-09", "2026-10"] {
        let drafted = drafted_lines(&world.store, month(m), today).await;
        let closed = payouts::close(world.store.pool(), month(m), today, NOW, ACTOR).await.expect("close");
        // October's lines fill several of close's INSERTs (a thousand rows
        // each, the last one partly), stored in the order booking made them.
        assert!(m == "2026-09" || closed.lines > 2_000, "{m}: {} lines", closed.lines);
        assert_eq!(stored_lines(&world.store, month(m)).await, drafted, "{m}: stored as booked, in order");
    }
    let early = payouts::close(world.store.pool(), month("2026-11"), today, NOW, ACTOR).await;
    assert!(early.is_err(), "November is not settled on the 18th");
    assert_ledger_matches_rows(&world.store, month("2026-09").first_day(), month("2026-10").last_day()).await;
    let october = frozen_figures(&world.store, "2026-10", today).await;

    // Forty days on: November settles, some rows settled in October are
    // refunded in November, and a partner changes upline.
    tuanzhang::team::move_partner(
        world.store.pool(),
        PartnerId(partners[1]),
        Some(PartnerId(partners[2])),
        false,
        NOW + 86_400,
    )
    .await
    .expect("moved again");
    world.advance_minutes(40 * 24 * 60).await;
    world.sync().await.expect("sync after the clock moved");
    let later = BizDay::of(NOW + 40 * 86_400);
    payouts::close(world.store.pool(), month("2026-11"), later, NOW + 40 * 86_400, ACTOR).await.expect("november");
    assert_ledger_matches_rows(&world.store, month("2026-09").first_day(), month("2026-11").last_day()).await;
    assert!(frozen_figures(&world.store, "2026-10", later).await == october, "October never changed");
    let reversals: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT l.row_id, o.month FROM payout_lines l JOIN payout_lines o ON o.id = l.reverses_line_id
         WHERE l.kind = 'reversal' AND l.month = 202611",
    )
    .fetch_all(world.store.pool())
    .await
    .expect("reversals");
    assert!(!reversals.is_empty(), "the sandbox's refunds after settlement came back in November");
    assert!(reversals.iter().all(|(_, m)| *m < 202611), "each reverses a line of a closed month");
    let twice: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT row_id, partner_id FROM payout_lines WHERE kind = 'reversal'
                               GROUP BY row_id, partner_id HAVING COUNT(*) > 1)",
    )
    .fetch_one(world.store.pool())
    .await
    .expect("twice");
    assert_eq!(twice, 0, "a refund appears once");

    let november = frozen_figures(&world.store, "2026-11", later).await;
    world.sync().await.expect("a rerun");
    assert!(frozen_figures(&world.store, "2026-11", later).await == november, "a rerun changes nothing");
    assert!(payouts::verify(world.store.pool()).await.expect("verify").iter().all(|c| c.ok));
}

#[tokio::test]
async fn the_demo_has_a_plan_two_closed_months_payments_and_a_clawback() {
    let world = World::new(config(tuanzhang::demo::DEMO_SEED, 150, NOW)).await;
    let today = BizDay::of(NOW);
    let before = tuanzhang::demo::payouts::enter(world.store.pool(), today, NOW).await.expect("before a sync");
    assert_eq!(before, tuanzhang::demo::payouts::Entered::NotYet, "nothing closes over an empty store");
    world.sync().await.expect("sync");
    let entered = tuanzhang::demo::payouts::enter(world.store.pool(), today, NOW).await.expect("entered");
    assert_eq!(entered, tuanzhang::demo::payouts::Entered::Now);
    let months = payouts::months(world.store.pool(), today).await.expect("months");
    assert_eq!(months.closed, ["2026-10", "2026-09"]);
    let paid: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM payout_payments").fetch_one(world.store.pool()).await.expect("n");
    assert!(paid > 0, "the first month is mostly paid");
    let pay_list = payouts::pay_list(world.store.pool(), month("2026-09"), today).await.expect("pay list");
    assert_eq!(pay_list.len(), 3, "three left to pay");
    let clawbacks: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM payout_lines WHERE kind = 'reversal' AND month = 202610")
            .fetch_one(world.store.pool())
            .await
            .expect("reversals");
    assert!(clawbacks >= 1, "one clawback at least");
    let latest = payouts::pay_list(world.store.pool(), month("2026-10"), today).await.expect("latest pay list");
    let reminder = payouts::reminder(world.store.pool(), today).await.expect("reminder");
    assert_eq!(
        reminder.payable.fen(),
        latest.iter().map(|r| r.amount.fen()).sum::<i64>(),
        "总览 says what the pay list holds"
    );
    assert_eq!(reminder.payable_partners as usize, latest.len());
    let again = tuanzhang::demo::payouts::enter(world.store.pool(), today, NOW).await.expect("again");
    assert_eq!(again, tuanzhang::demo::payouts::Entered::Already);
}
