//! Money is integer fen (分) end to end; platform amounts arrive as decimal
//! text and are converted without ever touching floating point. Amounts are
//! bounded where they are read (`platform::jd::bounds`), so the sums SQLite
//! takes over them cannot overflow; Rust code adds none, and offers no
//! unchecked `+` that could wrap.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of Chinese yuan held as whole fen.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS, sqlx::Type,
)]
#[sqlx(transparent)]
#[ts(export, type = "number")]
pub struct Money(i64);

/// A percentage held as hundredths of a percent (basis points of a percent):
/// `10.55%` is `RatePct(1055)`.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS, sqlx::Type,
)]
#[sqlx(transparent)]
#[ts(export, type = "number")]
pub struct RatePct(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a decimal amount with at most two decimals: {text:?}")]
pub struct DecimalError {
    pub text: String,
}

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    pub const fn fen(self) -> i64 {
        self.0
    }

    /// Parses a yuan amount such as `12.3`, `-0.05` or `"7"` into fen.
    pub fn parse_yuan(text: &str) -> Result<Money, DecimalError> {
        parse_hundredths(text).map(Money)
    }
}

impl RatePct {
    pub const fn from_hundredths(h: i64) -> RatePct {
        RatePct(h)
    }

    pub const fn hundredths(self) -> i64 {
        self.0
    }

    pub fn parse(text: &str) -> Result<RatePct, DecimalError> {
        parse_hundredths(text).map(RatePct)
    }
}

/// Fixed-point parse of a decimal with at most two fraction digits.
/// Extra fraction digits are accepted only when they are zeros, so no value
/// is ever silently rounded.
fn parse_hundredths(text: &str) -> Result<i64, DecimalError> {
    let err = || DecimalError { text: text.to_owned() };
    let trimmed = text.trim().trim_matches('"');
    let (negative, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && frac.is_empty() {
        return Err(err());
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err());
    }
    let (kept, dropped) = frac.split_at(frac.len().min(2));
    if dropped.bytes().any(|b| b != b'0') {
        return Err(err());
    }
    let whole_value: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| err())? };
    let mut frac_value: i64 = if kept.is_empty() { 0 } else { kept.parse().map_err(|_| err())? };
    if kept.len() == 1 {
        frac_value *= 10;
    }
    let magnitude = whole_value.checked_mul(100).and_then(|v| v.checked_add(frac_value)).ok_or_else(err)?;
    Ok(if negative { -magnitude } else { magnitude })
}

fn write_hundredths(f: &mut fmt::Formatter<'_>, value: i64) -> fmt::Result {
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
}

/// The sync writer's side of the same integer fen.
impl rusqlite::types::ToSql for Money {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.0.into())
    }
}

impl rusqlite::types::FromSql for Money {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        i64::column_result(value).map(Money)
    }
}

/// Stored as its integer hundredths.
impl rusqlite::types::ToSql for RatePct {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.0.into())
    }
}

impl rusqlite::types::FromSql for RatePct {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        i64::column_result(value).map(RatePct)
    }
}

impl fmt::Display for Money {
    /// Yuan with two decimals, the form platforms and spreadsheets use.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_hundredths(f, self.0)
    }
}

impl fmt::Display for RatePct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_hundredths(f, self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_yuan_without_float_rounding() {
        assert_eq!(Money::parse_yuan("12.34").unwrap().fen(), 1234);
        assert_eq!(Money::parse_yuan("0.1").unwrap().fen(), 10);
        assert_eq!(Money::parse_yuan("7").unwrap().fen(), 700);
        assert_eq!(Money::parse_yuan("-2.05").unwrap().fen(), -205);
        assert_eq!(Money::parse_yuan("\"3.50\"").unwrap().fen(), 350);
        assert_eq!(Money::parse_yuan(".5").unwrap().fen(), 50);
        assert_eq!(Money::parse_yuan("1.100").unwrap().fen(), 110);
        // 0.29 * 100 in f64 is 28.999999999999996: the classic float bug.
        assert_eq!(Money::parse_yuan("0.29").unwrap().fen(), 29);
        assert_eq!(Money::parse_yuan("1234567.89").unwrap().fen(), 123_456_789);
    }

    #[test]
    fn rejects_what_it_cannot_represent_exactly() {
        for bad in ["", "-", "1.234", "1e3", "abc", "1.2.3", "--1", " . ", "NaN", "99999999999999999999"] {
            assert!(Money::parse_yuan(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn displays_two_decimals() {
        assert_eq!(Money::from_fen(1234).to_string(), "12.34");
        assert_eq!(Money::from_fen(-5).to_string(), "-0.05");
        assert_eq!(Money::from_fen(700).to_string(), "7.00");
        assert_eq!(RatePct::parse("10.5").unwrap().to_string(), "10.50");
    }

    #[test]
    fn display_and_parse_round_trip() {
        for fen in [-100_001, -1, 0, 1, 99, 100, 123_456_789] {
            let m = Money::from_fen(fen);
            assert_eq!(Money::parse_yuan(&m.to_string()).unwrap(), m);
        }
    }
}
