//! A refund after the platform settled a row comes back in `balanceExt` as
//! a negative amount on a later settlement day; sync keeps every such
//! row's settlement days, which add up to what the row earns now.

mod common;

use common::{assert_same, config, World};
use std::collections::BTreeSet;
use tuanzhang::platform::sandbox::dataset::{Dataset, EventKind};

/// Every stored settlement day: (row, day, fen).
async fn settlements(world: &World) -> Vec<(i64, i64, i64)> {
    sqlx::query_as("SELECT row_id, settle_day, fee_fen FROM order_row_settlements ORDER BY row_id, settle_day")
        .fetch_all(world.store.pool())
        .await
        .expect("settlements")
}

/// The rows the platform shows clawed back right now.
fn clawed_back_on_the_platform(world: &World) -> BTreeSet<i64> {
    let (dataset, now) = (&world.sandbox.sandbox.dataset, world.sandbox.sandbox.clock.now());
    dataset
        .rows
        .iter()
        .filter(|row| dataset.state_at(row, now).is_some_and(|s| s.clawback.is_some()))
        .map(|r| r.id)
        .collect()
}

/// The first refund after settlement still to come, and its row.
fn next_late_refund(dataset: &Dataset, now: i64) -> (i64, i64) {
    dataset
        .rows
        .iter()
        .flat_map(|row| row.events.iter().flatten().map(move |e| (e, row.id)))
        .filter(|(e, _)| matches!(e.kind, EventKind::LateRefund(_)) && e.at >= now)
        .map(|(e, id)| (e.at, id))
        .min()
        .expect("a refund after settlement ahead")
}

async fn check_settlements_add_up(world: &World) {
    let stored = settlements(world).await;
    let rows: BTreeSet<i64> = stored.iter().map(|(row, _, _)| *row).collect();
    assert_eq!(rows, clawed_back_on_the_platform(world), "exactly the rows clawed back keep their days");
    let not_adding_up = world
        .count(
            "SELECT COUNT(*) FROM (SELECT row_id, SUM(fee_fen) AS settled FROM order_row_settlements GROUP BY row_id) s
             JOIN order_rows r ON r.id = s.row_id WHERE s.settled <> r.actual_fee_fen",
        )
        .await;
    assert_eq!(not_adding_up, 0, "each row's settlement days add up to its actual fee");
    let clawed_back_later = world
        .count(
            "SELECT COUNT(DISTINCT s.row_id) FROM order_row_settlements s JOIN order_rows r ON r.id = s.row_id
             WHERE s.fee_fen < 0 AND s.settle_day > r.pay_month",
        )
        .await;
    assert_eq!(clawed_back_later, rows.len() as i64, "each has a negative entry after its pay month");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_after_settlement_is_kept_as_a_negative_later_settlement() {
    let world = World::new(config(41, 80, common::NOW)).await;
    world.sync().await.expect("first sync");
    let before = clawed_back_on_the_platform(&world);
    assert!(!before.is_empty(), "some rows settled in October were refunded since");
    check_settlements_add_up(&world).await;

    let now = world.sandbox.sandbox.clock.now();
    let (refund_at, row) = next_late_refund(&world.sandbox.sandbox.dataset, now);
    // Just past it: the rerun below reads it again in its overlap.
    world.advance_minutes((refund_at - now) / 60 + 2).await;
    world.sync().await.expect("sync after the refund");
    let after = clawed_back_on_the_platform(&world);
    assert!(after.contains(&row) && !before.contains(&row), "row {row} was refunded while the clock moved");
    check_settlements_add_up(&world).await;
    assert_same(&world.stats().await, &world.summary().await);

    let (stored, history) = (settlements(&world).await, world.count("SELECT COUNT(*) FROM order_row_history").await);
    let again = world.sync().await.expect("a rerun");
    assert!(again.progress.rows_fetched > 0, "the overlap is read again");
    assert_eq!(again.progress.rows_written, 0, "a rerun writes no row");
    assert_eq!(settlements(&world).await, stored, "and changes no settlement");
    assert_eq!(world.count("SELECT COUNT(*) FROM order_row_history").await, history);
}
