//! "Money explained" checked against the sandbox's own knowledge of every
//! row's life: what each refund and each invalidation took away, and what
//! settled in each month.

mod common;

use common::{config, World};
use std::collections::{BTreeMap, BTreeSet};
use tuanzhang::earnings::money_explained::{month_money, month_rows, row_timeline, MoneyKind};
use tuanzhang::model::paging::PageRequest;
use tuanzhang::model::ValidCode;
use tuanzhang::model::{BizDay, BizMonth, RowId};
use tuanzhang::platform::sandbox::dataset::{Dataset, EventKind, RowState};

fn fee(state: &RowState) -> i64 {
    if state.valid_code == 17 {
        state.actual_fee_fen
    } else {
        state.estimate_fee_fen
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Expected {
    settled: (i64, i64),
    refunded: (i64, i64),
    invalidated: (i64, i64),
}

/// Per month, from the sandbox: the fee just before each refund or
/// invalidation minus the fee just after, and the settled fees, each on
/// the day the platform settled it.
fn expected(dataset: &Dataset, now: i64) -> BTreeMap<BizMonth, Expected> {
    let mut months: BTreeMap<BizMonth, Expected> = BTreeMap::new();
    for row in &dataset.rows {
        let Some(state) = dataset.state_at(row, now) else {
            continue;
        };
        let ordered_in = BizMonth::of(BizDay::of(Dataset::order_time(row)));
        let days: Vec<(i64, i64)> = state.settlements(now).collect();
        if state.clawback.is_some() && !days.is_empty() {
            // Paid, then partly taken back on a later settlement day: each
            // day's money counts in its own month, the row once in each.
            let mut counted = BTreeSet::new();
            for (day, fen) in days {
                let month = BizMonth::of(BizDay::from_int(day).expect("a settlement day"));
                let line = &mut months.entry(month).or_default().settled;
                *line = (line.0 + fen, line.1 + i64::from(counted.insert(month)));
            }
        } else if let Some(pay_month) = state.pay_month.and_then(BizDay::from_int) {
            if state.valid_code == 17 {
                let line = &mut months.entry(BizMonth::of(pay_month)).or_default().settled;
                *line = (line.0 + state.actual_fee_fen, line.1 + 1);
            }
        }
        for event in row.events.iter().flatten().filter(|e| e.at < now) {
            let before = || dataset.state_at(row, event.at).expect("a later event has an earlier state");
            let month = months.entry(ordered_in).or_default();
            match event.kind {
                EventKind::PartialRefund | EventKind::LateRefund(_) if ValidCode(state.valid_code).is_valid() => {
                    let after = dataset.state_at(row, event.at + 1).expect("the refund's own state");
                    month.refunded = (month.refunded.0 + fee(&before()) - fee(&after), month.refunded.1 + 1);
                }
                EventKind::Invalid(_) => {
                    month.invalidated = (month.invalidated.0 + fee(&before()), month.invalidated.1 + 1);
                }
                _ => {}
            }
        }
    }
    months
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn month_totals_match_what_each_row_gained_and_lost() {
    let world = World::new(config(31, 300, common::NOW)).await;
    world.sync().await.expect("backfill");
    world.advance_minutes(3 * 24 * 60).await;
    world.sync().await.expect("incremental");
    let dataset = &world.sandbox.sandbox.dataset;
    let expected = expected(dataset, world.sandbox.sandbox.clock.now());
    assert!(expected.values().any(|m| m.settled.1 > 0 && m.refunded.1 > 0 && m.invalidated.1 > 0));
    let pool = world.store.pool();
    for (month, want) in &expected {
        let got = month_money(pool, None, *month).await.unwrap();
        let line = |l: tuanzhang::earnings::money_explained::MoneyLine| (l.fen.fen(), l.rows);
        let got =
            Expected { settled: line(got.settled), refunded: line(got.refunded), invalidated: line(got.invalidated) };
        assert_eq!(&got, want, "month {month}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rows_behind_a_line_add_up_to_it() {
    let world = World::new(config(32, 300, common::NOW)).await;
    world.sync().await.expect("backfill");
    let pool = world.store.pool();
    let month = BizMonth::of(common::today()).previous();
    let totals = month_money(pool, None, month).await.unwrap();
    for (kind, line) in [
        (MoneyKind::Settled, totals.settled),
        (MoneyKind::Refunded, totals.refunded),
        (MoneyKind::Invalidated, totals.invalidated),
    ] {
        assert!(line.rows > 0, "{kind:?} has rows last month");
        let (mut sum, mut seen, mut offset) = (0, 0, 0);
        let mut last_amount = i64::MAX;
        loop {
            let page =
                month_rows(pool, None, month, kind, common::today(), PageRequest { offset, limit: 200 }).await.unwrap();
            assert_eq!(page.total, line.rows);
            for row in &page.items {
                assert!(row.amount_fen.fen() <= last_amount, "largest amounts first");
                last_amount = row.amount_fen.fen();
                sum += row.amount_fen.fen();
            }
            seen += page.items.len() as i64;
            if page.items.is_empty() {
                break;
            }
            offset += page.items.len() as u32;
        }
        assert_eq!((sum, seen), (line.fen.fen(), line.rows), "{kind:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_row_timeline_shows_every_state_sync_saw_ending_with_the_current_one() {
    let world = World::new(config(33, 300, common::NOW)).await;
    world.sync().await.expect("backfill");
    world.advance_minutes(4 * 24 * 60).await;
    world.sync().await.expect("incremental");
    let pool = world.store.pool();
    let changed: i64 = sqlx::query_scalar(
        "SELECT row_id FROM order_row_history GROUP BY row_id HAVING COUNT(*) >= 1 ORDER BY COUNT(*) DESC, row_id LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .expect("some row changed after the clock moved");
    let timeline = row_timeline(pool, RowId(changed), common::today()).await.unwrap().expect("row exists");
    let history = world.count(&format!("SELECT COUNT(*) FROM order_row_history WHERE row_id = {changed}")).await;
    assert_eq!(timeline.states.len() as i64, history + 1);
    assert!(timeline.states.windows(2).all(|w| w[0].modify_time < w[1].modify_time), "{:?}", timeline.states);
    assert!(timeline.states.windows(2).all(|w| w[0] != w[1]), "each state differs from the one before");
    let row = world.sandbox.sandbox.dataset.rows.iter().find(|r| r.id == changed).expect("sandbox row");
    let now = world.sandbox.sandbox.dataset.state_at(row, world.sandbox.sandbox.clock.now()).expect("visible");
    let last = timeline.states.last().unwrap();
    assert_eq!(
        (last.valid_code, last.estimate_fee_fen.fen(), last.actual_fee_fen.fen()),
        (now.valid_code, now.estimate_fee_fen, now.actual_fee_fen)
    );
    assert!(row_timeline(pool, RowId(1), common::today()).await.unwrap().is_none());
}
