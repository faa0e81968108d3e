//! A plan's rule as types: on which Beijing days it falls for one group,
//! counting how often it fell before so "N times" can end it.

use crate::model::BizDay;
use chrono::Datelike;

/// Chosen weekdays, bit 0 Monday … bit 6 Sunday; never empty once checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weekdays(u8);

impl Weekdays {
    /// From ISO numbers, 1 Monday … 7 Sunday; `None` when empty or out of range.
    pub fn from_numbers(numbers: &[i64]) -> Option<Weekdays> {
        let mut bits = 0u8;
        for &n in numbers {
            let n = u8::try_from(n).ok().filter(|n| (1..=7).contains(n))?;
            bits |= 1 << (n - 1);
        }
        (bits != 0).then_some(Weekdays(bits))
    }

    pub fn from_bits(bits: i64) -> Option<Weekdays> {
        u8::try_from(bits).ok().filter(|b| *b != 0 && *b < 128).map(Weekdays)
    }

    pub fn bits(self) -> u8 {
        self.0
    }

    pub fn numbers(self) -> Vec<i64> {
        (1..=7).filter(|n| self.0 & (1 << (n - 1)) != 0).collect()
    }

    pub fn has(self, day: BizDay) -> bool {
        self.0 & (1 << day.date().weekday().num_days_from_monday()) != 0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    Daily,
    Weekdays(Weekdays),
    Once,
}

/// Where the rule's first day comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    On(BizDay),
    /// Day N after the group was created (day 0 is the day itself).
    AfterGroupCreated(u16),
    /// Day N of a campaign that starts on a day (a 双11 countdown).
    AfterCampaign {
        start: BizDay,
        days: u16,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ends {
    Never,
    /// The last day it may fall on.
    Until(BizDay),
    Times(u16),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub cadence: Cadence,
    pub start: Start,
    pub ends: Ends,
}

impl Rule {
    /// The first day the rule may fall on for a group created on `created`.
    pub fn first_day(&self, created: BizDay) -> BizDay {
        match self.start {
            Start::AfterGroupCreated(days) => created.add_days(i64::from(days)),
            _ => self.fixed_first_day().unwrap_or(created),
        }
    }

    /// The first day when it does not depend on a group, to check an end against.
    pub fn fixed_first_day(&self) -> Option<BizDay> {
        match self.start {
            Start::On(day) => Some(day),
            Start::AfterCampaign { start, days } => Some(start.add_days(i64::from(days))),
            Start::AfterGroupCreated(_) => None,
        }
    }

    pub fn falls_on(&self, day: BizDay, created: BizDay) -> bool {
        let first = self.first_day(created);
        if day < first || !self.matches(day, first) {
            return false;
        }
        match self.ends {
            Ends::Never => true,
            Ends::Until(last) => day <= last,
            Ends::Times(times) => self.count_before(first, day) < u32::from(times),
        }
    }

    fn matches(&self, day: BizDay, first: BizDay) -> bool {
        match self.cadence {
            Cadence::Daily => true,
            Cadence::Weekdays(weekdays) => weekdays.has(day),
            Cadence::Once => day == first,
        }
    }

    /// How many days in `[first, day)` the rule falls on, ends aside.
    fn count_before(&self, first: BizDay, day: BizDay) -> u32 {
        let span = (day.date() - first.date()).num_days().max(0);
        match self.cadence {
            Cadence::Once => 0,
            Cadence::Daily => u32::try_from(span).unwrap_or(u32::MAX),
            Cadence::Weekdays(weekdays) => {
                let weeks = span / 7;
                let per_week = i64::from(weekdays.bits().count_ones());
                let rest = (0..span % 7).filter(|k| weekdays.has(first.add_days(weeks * 7 + k))).count() as i64;
                u32::try_from(weeks * per_week + rest).unwrap_or(u32::MAX)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> BizDay {
        BizDay::parse(text).expect("a test day")
    }

    fn rule(cadence: Cadence, start: Start, ends: Ends) -> Rule {
        Rule { cadence, start, ends }
    }

    #[test]
    fn weekdays_fall_on_the_chosen_days_only() {
        // 2026-12-01 is a Tuesday.
        let mon_wed_fri = Weekdays::from_numbers(&[1, 3, 5]).expect("three days");
        let r = rule(Cadence::Weekdays(mon_wed_fri), Start::On(day("2026-11-30")), Ends::Never);
        let fell: Vec<bool> = (0..7).map(|k| r.falls_on(day("2026-11-30").add_days(k), day("2026-01-01"))).collect();
        assert_eq!(fell, [true, false, true, false, true, false, false]);
        assert_eq!(Weekdays::from_numbers(&[]), None);
        assert_eq!(Weekdays::from_numbers(&[8]), None);
        assert_eq!(Weekdays::from_numbers(&[0]), None);
    }

    #[test]
    fn times_count_only_the_days_it_falls_on() {
        let weekends = Weekdays::from_numbers(&[6, 7]).expect("two days");
        let r = rule(Cadence::Weekdays(weekends), Start::On(day("2026-12-01")), Ends::Times(3));
        let fell: Vec<String> = (0..30)
            .map(|k| day("2026-12-01").add_days(k))
            .filter(|d| r.falls_on(*d, day("2026-01-01")))
            .map(|d| d.to_string())
            .collect();
        assert_eq!(fell, ["2026-12-05", "2026-12-06", "2026-12-12"]);
        let daily = rule(Cadence::Daily, Start::On(day("2026-12-01")), Ends::Times(2));
        assert!(daily.falls_on(day("2026-12-02"), day("2026-01-01")));
        assert!(!daily.falls_on(day("2026-12-03"), day("2026-01-01")));
    }

    #[test]
    fn until_is_the_last_day_and_nothing_falls_before_the_first() {
        let r = rule(Cadence::Daily, Start::On(day("2026-12-01")), Ends::Until(day("2026-12-03")));
        let created = day("2026-01-01");
        assert!(!r.falls_on(day("2026-11-30"), created));
        assert!(r.falls_on(day("2026-12-03"), created));
        assert!(!r.falls_on(day("2026-12-04"), created));
    }

    #[test]
    fn a_fixed_date_falls_once() {
        let r = rule(Cadence::Once, Start::On(day("2026-12-12")), Ends::Never);
        let created = day("2026-01-01");
        assert!(r.falls_on(day("2026-12-12"), created));
        assert!(!r.falls_on(day("2026-12-13"), created));
        assert!(!r.falls_on(day("2027-12-12"), created));
    }

    #[test]
    fn day_n_counts_from_each_groups_creation_or_the_campaigns_start() {
        let third_day = rule(Cadence::Once, Start::AfterGroupCreated(2), Ends::Never);
        assert!(third_day.falls_on(day("2026-12-03"), day("2026-12-01")));
        assert!(!third_day.falls_on(day("2026-12-03"), day("2026-12-02")));
        assert!(third_day.falls_on(day("2026-12-04"), day("2026-12-02")));
        assert_eq!(third_day.fixed_first_day(), None);

        let countdown = rule(
            Cadence::Daily,
            Start::AfterCampaign { start: day("2026-11-01"), days: 3 },
            Ends::Until(day("2026-11-11")),
        );
        assert_eq!(countdown.fixed_first_day(), Some(day("2026-11-04")));
        let created = day("2020-01-01");
        assert!(!countdown.falls_on(day("2026-11-03"), created));
        assert!(countdown.falls_on(day("2026-11-04"), created));
        assert!(countdown.falls_on(day("2026-11-11"), created));
        assert!(!countdown.falls_on(day("2026-11-12"), created));
    }
}
