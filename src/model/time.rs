//! Instants are UTC epoch seconds; business days are Beijing days
//! (Asia/Shanghai is UTC+8 all year, no daylight saving), whatever the
//! laptop's own zone.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use std::fmt;

/// UTC seconds since the Unix epoch.
pub type EpochSecs = i64;

pub const PLATFORM_TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

pub fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a time of the form yyyy-MM-dd HH:mm:ss: {text:?}")]
pub struct TimeParseError {
    pub text: String,
}

/// Formats an instant the way the platform wants it: Beijing wall time.
pub fn format_platform(at: EpochSecs) -> String {
    beijing().timestamp_opt(at, 0).single().map(|t| t.format(PLATFORM_TIME_FORMAT).to_string()).unwrap_or_default()
}

/// Parses platform wall time (Beijing) into an instant; a year outside
/// [`BizDay::MIN_YEAR`]..=[`BizDay::MAX_YEAR`] is refused like any other
/// text that is not a time, so its day can be stored and read back.
pub fn parse_platform(text: &str) -> Result<EpochSecs, TimeParseError> {
    let trimmed = text.trim();
    // `%Y` also reads a signed year (`+2026`), which no platform writes.
    let unsigned = trimmed.starts_with(|c: char| c.is_ascii_digit());
    NaiveDateTime::parse_from_str(trimmed, PLATFORM_TIME_FORMAT)
        .ok()
        .filter(|naive| unsigned && BizDay::YEARS.contains(&naive.year()))
        .and_then(|naive| beijing().from_local_datetime(&naive).single())
        .map(|t| t.timestamp())
        .ok_or_else(|| TimeParseError { text: text.to_owned() })
}

pub fn now_epoch() -> EpochSecs {
    Utc::now().timestamp()
}

pub fn to_beijing(at: EpochSecs) -> DateTime<FixedOffset> {
    beijing()
        .timestamp_opt(at, 0)
        .single()
        .unwrap_or_else(|| beijing().timestamp_opt(0, 0).single().expect("epoch exists"))
}

/// A Beijing calendar day, stored as the integer `yyyymmdd` so that SQL can
/// range over it cheaply.
///
/// Every day lies in [`BizDay::MIN`]..=[`BizDay::MAX`] (years 1900 to
/// 2100, wider than any order, joining day or campaign the app meets), so
/// every one round-trips through `as_int`/`from_int` (eight digits, no sign)
/// and `Display`/`parse` (`yyyy-MM-dd`): whatever the app stores reads back.
/// Only the constructors below make one, and each keeps to the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BizDay(NaiveDate);

/// `NaiveDate::from_ymd_opt` for the two constant ends of the range.
const fn known_date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("a constant date that exists"),
    }
}

impl BizDay {
    pub const MIN_YEAR: i32 = 1900;
    pub const MAX_YEAR: i32 = 2100;
    pub const YEARS: std::ops::RangeInclusive<i32> = BizDay::MIN_YEAR..=BizDay::MAX_YEAR;
    pub const MIN: BizDay = BizDay(known_date(BizDay::MIN_YEAR, 1, 1));
    pub const MAX: BizDay = BizDay(known_date(BizDay::MAX_YEAR, 12, 31));

    /// The Beijing day of an instant; an instant before or after the range
    /// (a clock gone wild) is clamped to its first or last day, so every
    /// day made from a clock can still be stored.
    pub fn of(at: EpochSecs) -> BizDay {
        let first = BizDay::MIN.start();
        let last = BizDay::MAX.start() + 24 * 3600 - 1;
        BizDay(to_beijing(at.clamp(first, last)).date_naive())
    }

    pub fn today() -> BizDay {
        BizDay::of(now_epoch())
    }

    pub fn date(self) -> NaiveDate {
        self.0
    }

    pub fn as_int(self) -> i64 {
        i64::from(self.0.year()) * 10_000 + i64::from(self.0.month()) * 100 + i64::from(self.0.day())
    }

    /// `yyyymmdd` within the range; anything else (a sign, a fifth year
    /// digit, month 13) is `None`.
    pub fn from_int(value: i64) -> Option<BizDay> {
        if !(BizDay::MIN.as_int()..=BizDay::MAX.as_int()).contains(&value) {
            return None;
        }
        BizDay::from_ymd(value / 10_000, value / 100 % 100, value % 100)
    }

    /// `yyyy-MM-dd` (month and day may drop their leading zero), as forms
    /// and files write a day: a year of exactly four digits, no sign, within
    /// the range.
    pub fn parse(text: &str) -> Option<BizDay> {
        let mut pieces = text.trim().split('-');
        let (year, month, day) = (pieces.next()?, pieces.next()?, pieces.next()?);
        if pieces.next().is_some() {
            return None;
        }
        BizDay::from_ymd(digits(year, 4..=4)?, digits(month, 1..=2)?, digits(day, 1..=2)?)
    }

    fn from_ymd(year: i64, month: i64, day: i64) -> Option<BizDay> {
        let year = i32::try_from(year).ok().filter(|y| BizDay::YEARS.contains(y))?;
        NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?).map(BizDay)
    }

    /// `days` later (earlier when negative), clamped to the range's ends:
    /// callers step a few days or months from a day they hold and need a
    /// day back, and a day past the range could not be stored. A loop that
    /// walks towards a day uses [`BizDay::checked_add_days`] instead, so it
    /// ends at [`BizDay::MAX`] rather than standing on it.
    pub fn add_days(self, days: i64) -> BizDay {
        self.checked_add_days(days).unwrap_or(if days < 0 { BizDay::MIN } else { BizDay::MAX })
    }

    /// `days` later, or `None` past the range.
    pub fn checked_add_days(self, days: i64) -> Option<BizDay> {
        let target = i64::from(self.0.num_days_from_ce()).checked_add(days)?;
        let date = NaiveDate::from_num_days_from_ce_opt(i32::try_from(target).ok()?)?;
        Some(BizDay(date)).filter(|day| (BizDay::MIN..=BizDay::MAX).contains(day))
    }

    pub fn first_of_month(self) -> BizDay {
        BizDay(self.0.with_day(1).expect("day 1 exists in every month"))
    }

    /// The instant this day starts in Beijing.
    pub fn start(self) -> EpochSecs {
        beijing()
            .from_local_datetime(&self.0.and_hms_opt(0, 0, 0).expect("midnight exists"))
            .single()
            .map(|t| t.timestamp())
            .expect("a fixed offset has no gaps")
    }
}

/// Plain ASCII digits, as many as `count` allows (no sign, no spaces).
fn digits(text: &str, count: std::ops::RangeInclusive<usize>) -> Option<i64> {
    if !count.contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `yyyy-MM-dd` to the window.
impl serde::Serialize for BizDay {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// `yyyy-MM-dd` from the window; anything else is refused, never guessed.
impl<'de> serde::Deserialize<'de> for BizDay {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        BizDay::parse(&text).ok_or_else(|| serde::de::Error::custom("a day is written yyyy-MM-dd"))
    }
}

impl ts_rs::TS for BizDay {
    type WithoutGenerics = BizDay;
    type OptionInnerType = BizDay;
    fn name(_: &ts_rs::Config) -> String {
        "string".to_owned()
    }
    fn inline(_: &ts_rs::Config) -> String {
        "string".to_owned()
    }
}

/// Stored as the integer `yyyyMMdd`, which sorts and compares as days do.
impl sqlx::Type<sqlx::Sqlite> for BizDay {
    fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
        <i64 as sqlx::Type<sqlx::Sqlite>>::type_info()
    }
}

impl<'q> sqlx::Encode<'q, sqlx::Sqlite> for BizDay {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Sqlite as sqlx::Database>::ArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <i64 as sqlx::Encode<'q, sqlx::Sqlite>>::encode(self.as_int(), buf)
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Sqlite> for BizDay {
    fn decode(value: sqlx::sqlite::SqliteValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let int = <i64 as sqlx::Decode<'r, sqlx::Sqlite>>::decode(value)?;
        BizDay::from_int(int).ok_or_else(|| format!("not a yyyyMMdd day: {int}").into())
    }
}

/// The sync writer's side of the same integer `yyyyMMdd`.
impl rusqlite::types::ToSql for BizDay {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_int().into())
    }
}

/// Refuses what [`BizDay::from_int`] refuses, as the sqlx decoder does.
impl rusqlite::types::FromSql for BizDay {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let int = i64::column_result(value)?;
        BizDay::from_int(int).ok_or(rusqlite::types::FromSqlError::OutOfRange(int))
    }
}

impl fmt::Display for BizDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

/// A nullable `yyyymmdd` column read without failing. A value no `BizDay`
/// could have written (an older version stored `-9899`) reads as no day,
/// kept in `unreadable`: one such row must not fail a whole list, and the
/// list names it so she can fix or remove it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoredDay {
    pub day: Option<BizDay>,
    /// What the store holds instead of a day.
    pub unreadable: Option<i64>,
}

impl From<Option<i64>> for StoredDay {
    fn from(value: Option<i64>) -> Self {
        match value.map(|int| (int, BizDay::from_int(int))) {
            None => StoredDay::default(),
            Some((_, Some(day))) => StoredDay { day: Some(day), unreadable: None },
            Some((int, None)) => StoredDay { day: None, unreadable: Some(int) },
        }
    }
}

/// The sync writer reads a stored day as leniently as the sqlx readers do.
impl rusqlite::types::FromSql for StoredDay {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        Option::<i64>::column_result(value).map(StoredDay::from)
    }
}

/// `yyyy-MM-dd` or null to the window; an unreadable value is named apart.
impl serde::Serialize for StoredDay {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.day.serialize(serializer)
    }
}

/// A Beijing calendar month, `yyyy-MM` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BizMonth(BizDay);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a month of the form yyyy-MM: {text:?}")]
pub struct MonthParseError {
    pub text: String,
}

impl BizMonth {
    pub fn of(day: BizDay) -> BizMonth {
        BizMonth(day.first_of_month())
    }

    /// `yyyy-MM`, by the same rule as [`BizDay::parse`].
    pub fn parse(text: &str) -> Result<BizMonth, MonthParseError> {
        BizDay::parse(&format!("{}-01", text.trim()))
            .map(BizMonth)
            .ok_or_else(|| MonthParseError { text: text.to_owned() })
    }

    pub fn first_day(self) -> BizDay {
        self.0
    }

    /// The day before the next month's first; December 2100 ends on the
    /// range's last day.
    pub fn last_day(self) -> BizDay {
        match self.0.checked_add_days(31) {
            Some(later) => later.first_of_month().add_days(-1),
            None => BizDay::MAX,
        }
    }

    /// The month after; the range's last month is its own next (as
    /// [`BizDay::add_days`] clamps), so a loop walking months stops at
    /// `last_day() == BizDay::MAX`.
    pub fn next(self) -> BizMonth {
        BizMonth(self.0.add_days(31).first_of_month())
    }

    /// `yyyymm`, as the ledger stores a month.
    pub fn as_int(self) -> i64 {
        self.0.as_int() / 100
    }

    /// From `yyyymm`; `None` for anything that is not a month of the range.
    pub fn from_int(value: i64) -> Option<BizMonth> {
        BizDay::from_int(value.checked_mul(100)?.checked_add(1)?).map(BizMonth)
    }

    /// The month before; the range's first month is its own previous.
    pub fn previous(self) -> BizMonth {
        BizMonth(self.0.add_days(-1).first_of_month())
    }
}

impl fmt::Display for BizMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0 .0.format("%Y-%m"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_and_step_across_years() {
        let december = BizMonth::parse("2026-12").unwrap();
        assert_eq!(december.to_string(), "2026-12");
        assert_eq!(december.last_day().as_int(), 20261231);
        assert_eq!(december.next().to_string(), "2027-01");
        assert_eq!(BizMonth::parse("2024-03").unwrap().previous().last_day().as_int(), 20240229);
        assert_eq!(BizMonth::of(BizDay::from_int(20261123).unwrap()).to_string(), "2026-11");
        assert!(BizMonth::parse("2026-13").is_err());
        assert!(BizMonth::parse("十一月").is_err());
    }

    /// A seeded xorshift: the same "random" inputs on every run, so a
    /// failure replays.
    struct Seeded(u64);

    impl Seeded {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// Every text `parse` accepts is a day that reads back: as `yyyymmdd`
    /// and as text (month and day padded). Texts are drawn from pieces a
    /// hostile file or pack would try: signs, short, long and zero years,
    /// one-digit months, spaces, other separators, non-ASCII digits.
    #[test]
    fn every_accepted_text_round_trips_and_nothing_panics() {
        const YEARS: [&str; 10] = ["-1", "+2020", "0000", "0001", "99999", "２０２６", "1899", "2101", "", "2026 "];
        const PIECES: [&str; 14] = ["-", "+", " ", "0", "1", "9", "00", "13", "31", "/", "２", "年", "\u{0}", "é"];
        let mut draw = Seeded(0x5eed_da7e);
        let mut accepted = 0;
        for _ in 0..200_000 {
            let text = match draw.below(3) {
                // Shaped like a day, each piece good or bad.
                0 | 1 => {
                    let year = match draw.below(3) {
                        0 => YEARS[draw.below(YEARS.len())].to_owned(),
                        _ => (1890 + draw.below(221)).to_string(),
                    };
                    let small = |draw: &mut Seeded, width: usize| match draw.below(6) {
                        0 => PIECES[draw.below(PIECES.len())].to_owned(),
                        1 => draw.below(40).to_string(),
                        _ => format!("{:0width$}", draw.below(33)),
                    };
                    let sep = if draw.below(8) == 0 { "/" } else { "-" };
                    let width = 1 + draw.below(2);
                    format!("{year}{sep}{}-{}", small(&mut draw, 2), small(&mut draw, width))
                }
                // Anything at all from the pieces.
                _ => (0..1 + draw.below(9)).map(|_| PIECES[draw.below(PIECES.len())]).collect(),
            };
            let Some(day) = BizDay::parse(&text) else { continue };
            accepted += 1;
            let pieces: Vec<u32> = text.trim().split('-').map(|p| p.parse().unwrap()).collect();
            assert_eq!(day.to_string(), format!("{:04}-{:02}-{:02}", pieces[0], pieces[1], pieces[2]), "{text:?}");
            assert_eq!(BizDay::from_int(day.as_int()), Some(day), "{text:?}");
            assert_eq!(BizDay::parse(&day.to_string()), Some(day), "{text:?}");
            assert!(BizDay::YEARS.contains(&day.date().year()), "{text:?}");
            let month = BizMonth::of(day);
            assert_eq!(BizMonth::parse(&month.to_string()), Ok(month));
        }
        assert!(accepted > 10_000, "the pieces make days too ({accepted})");
        for text in ["-1-01-01", "+2020-01-01", "99999-01-01", "0001-01-01", "0000-01-01", "1899-12-31", "2101-01-01"] {
            assert_eq!(BizDay::parse(text), None, "{text}");
        }
        assert!(BizMonth::parse("-1-01").is_err());
        assert!(BizMonth::parse("2026-12-01").is_err());
    }

    /// Every integer `from_int` accepts reads back the same, over every
    /// `yyyymmdd` shape around the range and the integers a bad row holds.
    #[test]
    fn every_accepted_int_round_trips() {
        let mut accepted = 0;
        for year in 1890..=2110 {
            for month in 0..=13 {
                for day in 0..=32 {
                    let int = year * 10_000 + month * 100 + day;
                    if let Some(parsed) = BizDay::from_int(int) {
                        accepted += 1;
                        assert_eq!(parsed.as_int(), int);
                        assert_eq!(BizDay::parse(&parsed.to_string()), Some(parsed));
                    }
                }
            }
        }
        assert_eq!(accepted, 73_414, "every day of 1900 to 2100 and no other");
        for int in [-9899, -1, 0, 101, 99_991_231, i64::MIN, i64::MAX, 18_991_231, 21_010_101] {
            assert_eq!(BizDay::from_int(int), None, "{int}");
        }
    }

    /// Steps past the range's ends stop at them instead of panicking, and
    /// every instant makes a day that can be stored.
    #[test]
    fn stepping_and_clocks_stay_within_the_range() {
        assert_eq!(BizDay::MAX.add_days(1), BizDay::MAX);
        assert_eq!(BizDay::MIN.add_days(i64::MIN), BizDay::MIN);
        assert_eq!(BizDay::MIN.add_days(i64::MAX), BizDay::MAX);
        assert_eq!(BizDay::MAX.checked_add_days(1), None);
        assert_eq!(BizDay::MAX.checked_add_days(-1).map(BizDay::as_int), Some(21001230));
        let last = BizMonth::of(BizDay::MAX);
        assert_eq!(last.last_day(), BizDay::MAX);
        assert_eq!(last.next(), last);
        assert_eq!(BizMonth::of(BizDay::MIN).previous(), BizMonth::of(BizDay::MIN));
        for at in [i64::MIN, -1 << 40, 0, 1 << 40, i64::MAX] {
            let day = BizDay::of(at);
            assert_eq!(BizDay::from_int(day.as_int()), Some(day), "{at}");
        }
        assert_eq!(BizDay::of(i64::MAX), BizDay::MAX);
        assert_eq!(BizDay::of(i64::MIN), BizDay::MIN);
        assert!(parse_platform("2101-01-01 00:00:00").is_err());
        assert!(parse_platform("+2026-01-01 00:00:00").is_err());
        assert!(parse_platform("2100-12-31 23:59:59").is_ok());
    }

    #[test]
    fn platform_time_is_beijing_wall_time() {
        let at = parse_platform("2026-11-11 00:30:00").unwrap();
        // 00:30 in Beijing is 16:30 the previous day in UTC.
        assert_eq!(Utc.timestamp_opt(at, 0).unwrap().to_rfc3339(), "2026-11-10T16:30:00+00:00");
        assert_eq!(format_platform(at), "2026-11-11 00:30:00");
        assert!(parse_platform("2026-11-11T00:30:00").is_err());
    }

    #[test]
    fn business_day_follows_beijing_not_utc() {
        let at = parse_platform("2026-11-11 00:30:00").unwrap();
        assert_eq!(BizDay::of(at).as_int(), 20261111);
        assert_eq!(BizDay::of(at).start(), parse_platform("2026-11-11 00:00:00").unwrap());
        assert_eq!(BizDay::from_int(20261111), Some(BizDay::of(at)));
        assert_eq!(BizDay::from_int(20261131), None);
        assert_eq!(BizDay::of(at).first_of_month().as_int(), 20261101);
    }

    #[test]
    fn rusqlite_stores_a_day_as_its_integer_and_refuses_a_bad_one() {
        let db = rusqlite::Connection::open_in_memory().unwrap();
        let day = BizDay::from_int(20261111).unwrap();
        let stored: i64 = db.query_row("SELECT ?1", [day], |r| r.get(0)).unwrap();
        assert_eq!(stored, 20261111);
        assert_eq!(db.query_row("SELECT 20261111", [], |r| r.get::<_, BizDay>(0)).unwrap(), day);
        assert!(db.query_row("SELECT 20261131", [], |r| r.get::<_, BizDay>(0)).is_err());
        assert!(db.query_row("SELECT -9899", [], |r| r.get::<_, BizDay>(0)).is_err());
    }
}
