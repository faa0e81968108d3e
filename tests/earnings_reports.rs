//! 总览's headline and the reports, read from the rollup and checked
//! against the raw order rows, after a backfill and again after the clock
//! passes a settlement day; and `tuanzhang report` from a terminal.

mod common;

use common::{config, World};
use tuanzhang::earnings::headline::{headline, Headline, SpanKind, Totals};
use tuanzhang::earnings::report::report;
use tuanzhang::earnings::report_rows::ReportBy;
use tuanzhang::earnings::rows_behind::TotalLines;
use tuanzhang::earnings::settlements;
use tuanzhang::model::FormError;
use tuanzhang::model::{BizDay, Lang, ValidCode};

/// The raw rows' totals for a span, its last day's orders placed up to the
/// end of `until_hour` (Beijing) when given; what settled as the settlement
/// calendar counts it.
async fn raw(world: &World, (from, to): (BizDay, BizDay), today: BizDay, until_hour: Option<u8>) -> Totals {
    let valid = ValidCode::VALID_SQL;
    let (estimate, orders): (i64, i64) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT COALESCE(SUM(estimate_fee_fen), 0), COUNT(DISTINCT order_id) FROM order_rows
         WHERE order_day BETWEEN ?1 AND ?2 AND {valid}
           AND (order_day < ?2 OR (order_time + 28800) / 3600 % 24 <= ?3)"
    )))
    .bind(from)
    .bind(to)
    .bind(until_hour.unwrap_or(23))
    .fetch_one(world.store.pool())
    .await
    .unwrap();
    // What landed: a valid row's commission on its pay day, or, for a row
    // paid over settlement days of its own, what each of those days moved.
    let settled: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COALESCE(SUM(fen), 0) FROM (
             SELECT actual_fee_fen AS fen FROM order_rows
             WHERE pay_month BETWEEN ?1 AND ?2 AND {valid} AND id NOT IN (SELECT row_id FROM order_row_settlements)
             UNION ALL
             SELECT fee_fen FROM order_row_settlements WHERE settle_day BETWEEN ?1 AND ?2)"
    )))
    .bind(from)
    .bind(to.min(today))
    .fetch_one(world.store.pool())
    .await
    .unwrap();
    Totals {
        estimate_fen: tuanzhang::model::Money::from_fen(estimate),
        settled_fen: tuanzhang::model::Money::from_fen(settled),
        orders,
    }
}

async fn assert_matches_raw_rows(world: &World, head: &Headline) {
    for span in &head.spans {
        assert_eq!(span.totals, raw(world, (span.from, span.to), head.today, None).await, "{:?}", span.kind);
        // Each figure opens lines that add up to it.
        let range = (span.from, span.to);
        let (_, estimated) = world.total_lines(TotalLines::Estimated, range, head.today).await;
        assert_eq!(estimated, span.totals.estimate_fen.fen(), "{:?}: the lines behind the estimate", span.kind);
        let (_, landed) = world.total_lines(TotalLines::Landed, range, head.today).await;
        assert_eq!(landed, span.totals.settled_fen.fen(), "{:?}: the lines behind what landed", span.kind);
        assert_eq!(
            span.before,
            raw(world, (span.before_from, span.before_to), head.today, span.before_until_hour).await,
            "{:?} before",
            span.kind
        );
    }
    // The next pay day is the calendar's first coming day that moves money,
    // at what the calendar expects (checked against the raw rows and their
    // settlement days in earnings_breakdowns).
    let calendar = settlements::calendar(world.store.pool(), None, head.today, 0).await.unwrap();
    let next = calendar.coming.iter().find(|c| c.expected_fen.fen() != 0);
    assert_eq!(head.next_settlement.as_ref().map(|n| (n.day, n.expected_fen)), next.map(|c| (c.day, c.expected_fen)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_headline_matches_the_raw_rows_before_and_after_a_settlement_day() {
    let world = World::new(config(41, 300, common::NOW)).await;
    world.sync().await.expect("backfill");
    // NOW is 2026-11-18: October's completed orders settle on the 20th.
    let before = headline(world.store.pool(), None, common::NOW).await.unwrap();
    assert_eq!(
        before.spans[0].before_until_hour,
        Some(20),
        "today so far (NOW is 20:00) against yesterday until 21:00"
    );
    assert_eq!(
        before.spans.iter().map(|s| s.kind).collect::<Vec<_>>(),
        [SpanKind::Today, SpanKind::Yesterday, SpanKind::ThisMonth, SpanKind::LastMonth]
    );
    let next = before.next_settlement.as_ref().expect("October's orders still to settle");
    assert_eq!(next.day.to_string(), "2026-11-20");
    assert!(next.expected_fen.fen() > 0);
    assert!(before.spans[3].totals.estimate_fen.fen() > 0, "October has orders");
    assert_matches_raw_rows(&world, &before).await;

    world.advance_minutes(3 * 24 * 60).await;
    world.sync().await.expect("incremental");
    let after_now = world.sandbox.sandbox.clock.now();
    let after_day = BizDay::of(after_now);
    let after = headline(world.store.pool(), None, after_now).await.unwrap();
    assert!(after.spans[2].totals.settled_fen.fen() > 0, "what was expected landed on the 20th");
    assert!(after.next_settlement.as_ref().is_none_or(|n| n.day > after_day));
    assert_matches_raw_rows(&world, &after).await;
}

/// The raw rows' estimate, settled-by-today and orders for one order day range.
async fn raw_placed(world: &World, (from, to): (BizDay, BizDay), today: BizDay) -> (i64, i64, i64) {
    let valid = ValidCode::VALID_SQL;
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT COALESCE(SUM(estimate_fee_fen), 0),
                COALESCE(SUM(CASE WHEN pay_month BETWEEN 1 AND ?3 THEN actual_fee_fen END), 0),
                COUNT(DISTINCT order_id)
         FROM order_rows WHERE order_day BETWEEN ?1 AND ?2 AND {valid}"
    )))
    .bind(from)
    .bind(to)
    .bind(today)
    .fetch_one(world.store.pool())
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_by_day_week_month_and_group_add_up_to_the_raw_rows() {
    let world = World::new(config(43, 200, common::NOW)).await;
    world.sync().await.expect("backfill");
    let pool = world.store.pool();
    let today = BizDay::of(common::NOW);
    let range = (today.add_days(-59), today);

    let days = report(pool, None, range, ReportBy::Day, today).await.unwrap();
    assert_eq!(days.rows.len(), 60, "every day, none missing");
    for row in &days.rows {
        let day = BizDay::parse(&row.label.render(Lang::Zh)).expect("a day label");
        let (estimate, settled, orders) = raw_placed(&world, (day, day), today).await;
        assert_eq!((row.estimate_fen.fen(), row.settled_fen.fen(), row.orders), (estimate, settled, orders), "{day}");
    }
    let (estimate, settled, orders) = raw_placed(&world, range, today).await;
    assert_eq!(
        (days.total.estimate_fen.fen(), days.total.settled_fen.fen(), days.total.orders),
        (estimate, settled, orders)
    );
    let before = (today.add_days(-119), today.add_days(-60));
    let (estimate_before, _, _) = raw_placed(&world, before, today).await;
    assert_eq!(days.previous.estimate_fen.fen(), estimate_before, "the 60 days before");

    for by in [ReportBy::Week, ReportBy::Month, ReportBy::Group] {
        let other = report(pool, None, range, by, today).await.unwrap();
        assert_eq!(other.total, days.total, "{by:?} has the same total");
        let summed: i64 = other.rows.iter().map(|r| r.estimate_fen.fen()).sum();
        assert_eq!(summed, days.total.estimate_fen.fen(), "{by:?} rows add up to it");
    }
    let months = report(pool, None, range, ReportBy::Month, today).await.unwrap();
    assert_eq!(
        months.rows.iter().map(|r| r.label.render(Lang::Zh)).collect::<Vec<_>>(),
        ["2026-09", "2026-10", "2026-11"]
    );
    let groups = report(pool, None, range, ReportBy::Group, today).await.unwrap();
    assert!(groups.rows.windows(2).all(|w| w[0].estimate_fen >= w[1].estimate_fen), "largest first");
}

#[tokio::test]
async fn a_range_that_cannot_be_read_is_refused_at_its_field() {
    let (_dir, store) = common::empty_store().await;
    let today = BizDay::of(common::NOW);
    let field = |error: FormError| match error {
        FormError::Invalid { field, .. } => field,
        other => panic!("{other}"),
    };
    let backwards = report(store.pool(), None, (today, today.add_days(-1)), ReportBy::Day, today).await.unwrap_err();
    assert_eq!(field(backwards), "to");
    let ahead =
        report(store.pool(), None, (today.add_days(1), today.add_days(2)), ReportBy::Day, today).await.unwrap_err();
    assert_eq!(field(ahead), "from");
    let empty = report(store.pool(), None, (today.add_days(-6), today), ReportBy::Day, today).await.unwrap();
    assert_eq!(empty.rows.len(), 7);
    assert_eq!(empty.total.orders, 0);
    assert_eq!(empty.estimate_change_pct, None, "nothing before to compare with");
}

#[test]
fn the_command_line_reports_as_json_and_refuses_a_backwards_range() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err, ok) =
        common::cli(dir.path(), &["report", "--from", "2026-01-01", "--to", "2026-01-31", "--by", "week", "--json"]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["total"]["orders"], 0);
    let rows = json["rows"].as_array().expect("rows");
    assert_eq!(rows.first().map(|r| r["label"].clone()), Some(serde_json::json!("2026-W01")));
    for key in ["label", "estimate_fen", "settled_fen", "orders"] {
        assert!(rows[0].get(key).is_some(), "each row has {key}");
    }
    let (_, err, ok) = common::cli(dir.path(), &["report", "--from", "2026-02-01", "--to", "2026-01-01"]);
    assert!(!ok);
    assert!(err.contains("to"), "names the field");
}
