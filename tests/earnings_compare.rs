//! Like against like: 总览's spans and the report's ranges each set against
//! the right span before, at the first and last minute of a Beijing month,
//! of a leap February and of a year. Every day's orders are worth an amount
//! that names the day and the hour, so the wrong span (a day too many, the
//! whole last day instead of up to the hour) gives a different sum.

mod common;

use common::empty_store;
use tuanzhang::earnings::compare::Comparison;
use tuanzhang::earnings::headline::{headline, SpanFigures, SpanKind};
use tuanzhang::earnings::report::report;
use tuanzhang::earnings::report_rows::ReportBy;
use tuanzhang::model::{BizDay, EpochSecs};
use tuanzhang::store::Store;

/// The hours a day's orders are placed at: its first and its last.
const HOURS: [u8; 2] = [0, 23];

fn day(text: &str) -> BizDay {
    BizDay::parse(text).expect("a day")
}

/// One order placed at `hour` of `day`: `yymmdd` fen at midnight, a
/// thousand times that at 23:00.
fn worth(day: BizDay, hour: u8) -> i64 {
    let yymmdd = day.as_int() % 1_000_000;
    if hour == 0 {
        yymmdd
    } else {
        yymmdd * 1000
    }
}

/// Every day from `from` to `to` with one order at each of `HOURS`, in the
/// daily and the hourly rollup as a sync leaves them.
async fn seed(store: &Store, (from, to): (BizDay, BizDay)) {
    let mut tx = store.pool().begin().await.expect("a transaction");
    let mut day = from;
    while day <= to {
        let whole: i64 = HOURS.iter().map(|&h| worth(day, h)).sum();
        sqlx::query(
            "INSERT INTO daily_rollup (day, group_id, pay_month, rows, valid_rows, orders, estimate_fee_fen)
             VALUES (?1, 0, 0, 2, 2, 2, ?2)",
        )
        .bind(day)
        .bind(whole)
        .execute(&mut *tx)
        .await
        .expect("the day seeds");
        for hour in HOURS {
            sqlx::query(
                "INSERT INTO hour_daily (day, hour, pay_month, rows, orders, estimate_fee_fen)
                 VALUES (?1, ?2, 0, 1, 1, ?3)",
            )
            .bind(day)
            .bind(hour)
            .bind(worth(day, hour))
            .execute(&mut *tx)
            .await
            .expect("the hour seeds");
        }
        day = day.add_days(1);
    }
    tx.commit().await.expect("the seed commits");
}

/// What was placed from `from` to `to`, the last day only up to the end of `until_hour`.
fn placed((from, to): (BizDay, BizDay), until_hour: Option<u8>) -> i64 {
    let mut sum = 0;
    let mut day = from;
    while day <= to {
        let last_hour = if day == to { until_hour.unwrap_or(23) } else { 23 };
        sum += HOURS.iter().filter(|&&h| h <= last_hour).map(|&h| worth(day, h)).sum::<i64>();
        day = day.add_days(1);
    }
    sum
}

/// The Beijing minute `hh:mm` of `day`.
fn at(day_text: &str, hour: i64, minute: i64) -> EpochSecs {
    day(day_text).start() + hour * 3600 + minute * 60
}

async fn seeded_store() -> (tempfile::TempDir, Store) {
    let (dir, store) = empty_store().await;
    seed(&store, (day("2024-12-01"), day("2028-03-31"))).await;
    (dir, store)
}

fn span(spans: &[SpanFigures], kind: SpanKind) -> &SpanFigures {
    spans.iter().find(|s| s.kind == kind).expect("every span is there")
}

/// `kind`'s span before, as `(comparison, from, to, until hour)`, and that
/// its estimate is what was placed in exactly that span.
fn before_of(spans: &[SpanFigures], kind: SpanKind) -> (Comparison, String, String, Option<u8>) {
    let s = span(spans, kind);
    assert_eq!(s.before.estimate_fen.fen(), placed((s.before_from, s.before_to), s.before_until_hour), "{kind:?}");
    (s.comparison, s.before_from.to_string(), s.before_to.to_string(), s.before_until_hour)
}

fn expect(comparison: Comparison, from: &str, to: &str, hour: Option<u8>) -> (Comparison, String, String, Option<u8>) {
    (comparison, from.to_owned(), to.to_owned(), hour)
}

#[tokio::test]
async fn the_headline_sets_each_span_against_the_same_span_before_at_month_edges() {
    let (_dir, store) = seeded_store().await;
    use Comparison::*;
    use SpanKind::*;
    // (now, this month's span before, today's, last month's).
    let cases = [
        (
            at("2026-03-01", 0, 0),
            expect(SameDaysLastMonth, "2026-02-01", "2026-02-01", Some(0)),
            expect(DayBeforeSameHour, "2026-02-28", "2026-02-28", Some(0)),
            expect(MonthBefore, "2026-01-01", "2026-01-31", None),
        ),
        (
            // February has no 31st: all of it, its last day whole.
            at("2026-03-31", 23, 59),
            expect(SameDaysLastMonth, "2026-02-01", "2026-02-28", None),
            expect(DayBeforeSameHour, "2026-03-30", "2026-03-30", Some(23)),
            expect(MonthBefore, "2026-01-01", "2026-01-31", None),
        ),
        (
            at("2028-02-29", 0, 0),
            expect(SameDaysLastMonth, "2028-01-01", "2028-01-29", Some(0)),
            expect(DayBeforeSameHour, "2028-02-28", "2028-02-28", Some(0)),
            expect(MonthBefore, "2027-12-01", "2027-12-31", None),
        ),
        (
            at("2028-02-29", 23, 59),
            expect(SameDaysLastMonth, "2028-01-01", "2028-01-29", Some(23)),
            expect(DayBeforeSameHour, "2028-02-28", "2028-02-28", Some(23)),
            expect(MonthBefore, "2027-12-01", "2027-12-31", None),
        ),
        (
            at("2028-03-31", 23, 59),
            expect(SameDaysLastMonth, "2028-02-01", "2028-02-29", None),
            expect(DayBeforeSameHour, "2028-03-30", "2028-03-30", Some(23)),
            expect(MonthBefore, "2028-01-01", "2028-01-31", None),
        ),
        (
            // The month before is December of the year before.
            at("2026-01-01", 0, 0),
            expect(SameDaysLastMonth, "2025-12-01", "2025-12-01", Some(0)),
            expect(DayBeforeSameHour, "2025-12-31", "2025-12-31", Some(0)),
            expect(MonthBefore, "2025-11-01", "2025-11-30", None),
        ),
    ];
    for (now, this_month, today, last_month) in cases {
        let head = headline(store.pool(), None, now).await.expect("the headline reads");
        assert_eq!(before_of(&head.spans, ThisMonth), this_month, "this month at {}", head.today);
        assert_eq!(before_of(&head.spans, Today), today, "today at {}", head.today);
        assert_eq!(before_of(&head.spans, LastMonth), last_month, "last month at {}", head.today);
        let yesterday = before_of(&head.spans, Yesterday);
        assert_eq!((yesterday.0, yesterday.3), (DayBefore, None));
        // The spans themselves are whole days up to today.
        let this = span(&head.spans, ThisMonth);
        assert_eq!(this.totals.estimate_fen.fen(), placed((this.from, this.to), None), "{}", head.today);
    }
}

#[tokio::test]
async fn the_report_sets_a_running_month_or_year_against_the_same_days_before() {
    let (_dir, store) = seeded_store().await;
    use Comparison::*;
    let cases = [
        // (range, today, what it meets)
        (("2026-03-01", "2026-03-31"), "2026-03-31", (SameDaysLastMonth, "2026-02-01", "2026-02-28")),
        (("2026-03-01", "2026-03-01"), "2026-03-01", (SameDaysLastMonth, "2026-02-01", "2026-02-01")),
        (("2028-02-01", "2028-02-29"), "2028-02-29", (SameDaysLastMonth, "2028-01-01", "2028-01-29")),
        (("2028-03-01", "2028-03-31"), "2028-03-31", (SameDaysLastMonth, "2028-02-01", "2028-02-29")),
        (("2026-01-01", "2026-01-01"), "2026-01-01", (SameDaysLastMonth, "2025-12-01", "2025-12-01")),
        (("2028-01-01", "2028-02-29"), "2028-02-29", (SameDaysLastYear, "2027-01-01", "2027-02-28")),
        (("2026-01-01", "2026-03-31"), "2026-03-31", (SameDaysLastYear, "2025-01-01", "2025-03-31")),
        (("2026-02-01", "2026-02-28"), "2026-03-31", (MonthBefore, "2026-01-01", "2026-01-31")),
        (("2025-12-01", "2025-12-31"), "2026-01-01", (MonthBefore, "2025-11-01", "2025-11-30")),
        (("2026-03-25", "2026-03-31"), "2026-03-31", (SameLengthBefore, "2026-03-18", "2026-03-24")),
    ];
    for ((from, to), today, (comparison, before_from, before_to)) in cases {
        let found =
            report(store.pool(), None, (day(from), day(to)), ReportBy::Month, day(today)).await.expect("a report");
        let label = format!("{from}..{to} on {today}");
        assert_eq!(found.comparison, comparison, "{label}");
        assert_eq!((found.previous_from, found.previous_to), (day(before_from), day(before_to)), "{label}");
        assert_eq!(found.previous.estimate_fen.fen(), placed((day(before_from), day(before_to)), None), "{label}");
        assert_eq!(found.total.estimate_fen.fen(), placed((day(from), day(to)), None), "{label}");
    }
}
