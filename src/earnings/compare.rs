//! Which span a figure is set against, so that like meets like: a span
//! still running (this month so far, this year so far) against the same
//! days of the period before, a whole month against the whole month before,
//! any other range against the same number of days just before it. The
//! window words the [`Comparison`] ("比上月同期") beside the change.

use crate::model::{BizDay, BizMonth};
use chrono::Datelike;
use serde::Serialize;

/// First and last day, both included.
pub type Span = (BizDay, BizDay);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Comparison {
    /// Today so far against the day before up to the same hour.
    DayBeforeSameHour,
    /// A whole day against the whole day before.
    DayBefore,
    /// This month so far against the same days of the month before, no
    /// further than its end (31 March against February).
    SameDaysLastMonth,
    /// A whole calendar month against the whole month before.
    MonthBefore,
    /// This year so far against the same days of last year.
    SameDaysLastYear,
    /// Any other range against the same number of days just before it.
    SameLengthBefore,
}

/// The same day of the month `months` before `day`'s, no further than that
/// month's end (29 February a year on is 28 February).
fn same_day_months_before(day: BizDay, months: u32) -> BizDay {
    let month = (0..months).fold(BizMonth::of(day), |month, _| month.previous());
    month.first_day().add_days(i64::from(day.date().day0())).min(month.last_day())
}

/// This month so far (`today` in it) against the same days of last month.
pub fn same_days_last_month(today: BizDay) -> Span {
    (BizMonth::of(today).previous().first_day(), same_day_months_before(today, 1))
}

/// The whole month before `month`.
pub fn month_before(month: BizMonth) -> Span {
    let before = month.previous();
    (before.first_day(), before.last_day())
}

/// What the report's range `[from, to]` (already cut at `today`) is set
/// against. A range that starts on the 1st of today's month and runs to
/// today is this month so far, even in January where it is also this year
/// so far: the month is the finer of the two.
pub fn report_before((from, to): Span, today: BizDay) -> (Comparison, Span) {
    let month = BizMonth::of(from);
    let starts_a_month = from == month.first_day();
    if starts_a_month && to == today && BizMonth::of(today) == month {
        return (Comparison::SameDaysLastMonth, same_days_last_month(today));
    }
    if from.date().ordinal0() == 0 && to == today && from.date().year() == today.date().year() {
        return (Comparison::SameDaysLastYear, (same_day_months_before(from, 12), same_day_months_before(to, 12)));
    }
    if starts_a_month && to == month.last_day() {
        return (Comparison::MonthBefore, month_before(month));
    }
    let length = (to.date() - from.date()).num_days() + 1;
    (Comparison::SameLengthBefore, (from.add_days(-length), from.add_days(-1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> BizDay {
        BizDay::parse(text).expect("a day")
    }

    fn span(from: &str, to: &str) -> Span {
        (day(from), day(to))
    }

    #[test]
    fn a_running_month_meets_the_same_days_of_the_month_before_clipped_to_its_end() {
        assert_eq!(same_days_last_month(day("2026-03-31")), span("2026-02-01", "2026-02-28"));
        assert_eq!(same_days_last_month(day("2028-03-31")), span("2028-02-01", "2028-02-29"), "leap");
        assert_eq!(same_days_last_month(day("2028-02-29")), span("2028-01-01", "2028-01-29"));
        assert_eq!(same_days_last_month(day("2026-01-01")), span("2025-12-01", "2025-12-01"));
    }

    #[test]
    fn the_report_names_what_its_range_meets() {
        let today = day("2026-03-06");
        assert_eq!(
            report_before(span("2026-03-01", "2026-03-06"), today),
            (Comparison::SameDaysLastMonth, span("2026-02-01", "2026-02-06"))
        );
        assert_eq!(
            report_before(span("2026-02-01", "2026-02-28"), today),
            (Comparison::MonthBefore, span("2026-01-01", "2026-01-31"))
        );
        assert_eq!(
            report_before(span("2026-01-01", "2026-03-06"), today),
            (Comparison::SameDaysLastYear, span("2025-01-01", "2025-03-06"))
        );
        assert_eq!(
            report_before(span("2028-01-01", "2028-02-29"), day("2028-02-29")),
            (Comparison::SameDaysLastYear, span("2027-01-01", "2027-02-28")),
            "29 February a year on is the 28th"
        );
        assert_eq!(
            report_before(span("2026-02-25", "2026-03-06"), today),
            (Comparison::SameLengthBefore, span("2026-02-15", "2026-02-24"))
        );
        assert_eq!(
            report_before(span("2026-02-01", "2026-02-10"), today),
            (Comparison::SameLengthBefore, span("2026-01-22", "2026-01-31")),
            "part of a month that has ended is a custom range"
        );
    }
}
