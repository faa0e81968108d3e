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

/// Parses platform wall time (Beijing) into an instant.
pub fn parse_platform(text: &str) -> Result<EpochSecs, TimeParseError> {
    NaiveDateTime::parse_from_str(text.trim(), PLATFORM_TIME_FORMAT)
        .ok()
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BizDay(NaiveDate);

impl BizDay {
    pub fn of(at: EpochSecs) -> BizDay {
        BizDay(to_beijing(at).date_naive())
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

    pub fn from_int(value: i64) -> Option<BizDay> {
        let year = i32::try_from(value / 10_000).ok()?;
        let month = u32::try_from(value / 100 % 100).ok()?;
        let day = u32::try_from(value % 100).ok()?;
        NaiveDate::from_ymd_opt(year, month, day).map(BizDay)
    }

    /// `yyyy-MM-dd`, as forms and files write a day.
    pub fn parse(text: &str) -> Option<BizDay> {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok().map(BizDay)
    }

    pub fn add_days(self, days: i64) -> BizDay {
        BizDay(self.0 + chrono::Duration::days(days))
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

impl fmt::Display for BizDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
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

    pub fn parse(text: &str) -> Result<BizMonth, MonthParseError> {
        NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d")
            .map(|first| BizMonth(BizDay(first)))
            .map_err(|_| MonthParseError { text: text.to_owned() })
    }

    pub fn first_day(self) -> BizDay {
        self.0
    }

    pub fn last_day(self) -> BizDay {
        self.next().0.add_days(-1)
    }

    pub fn next(self) -> BizMonth {
        BizMonth(self.0.add_days(31).first_of_month())
    }

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
}
