//! One status model for every platform: pending → paid → completed →
//! settled, or invalid with a reason. JD's `validCode` maps onto it.

use super::time::BizDay;
use serde::{Deserialize, Serialize};

/// `ValidCode::is_valid` as a condition on a `valid_code` column: rows that
/// earn (or will earn) commission.
macro_rules! valid_code_sql {
    () => {
        "valid_code IN (16, 17, 18, 24)"
    };
}

pub(crate) use valid_code_sql;

/// JD Union's `validCode`, kept verbatim in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(transparent)]
#[sqlx(transparent)]
pub struct ValidCode(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OrderStatus {
    Pending,
    Paid,
    Completed,
    Settled,
    Invalid,
    Unknown,
}

/// The sync writer's side of the same verbatim code.
impl rusqlite::types::ToSql for ValidCode {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.0.into())
    }
}

impl rusqlite::types::FromSql for ValidCode {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        i64::column_result(value).map(ValidCode)
    }
}

impl ValidCode {
    pub const PENDING: ValidCode = ValidCode(15);
    pub const PAID: ValidCode = ValidCode(16);
    pub const COMPLETED: ValidCode = ValidCode(17);
    pub const LEGACY_SETTLED: ValidCode = ValidCode(18);
    pub const DEPOSIT_PAID: ValidCode = ValidCode(24);
    pub const CANCELLED: ValidCode = ValidCode(3);
    /// Punished for breaking the platform's rules (多多进宝's 已处罚 lands here too).
    pub const RULE_BREACH: ValidCode = ValidCode(27);
    /// A state the platform did not say, or one this version does not know:
    /// kept, shown as unknown, never dropped.
    pub const UNKNOWN: ValidCode = ValidCode(-1);

    /// Rows that earn (or will earn) commission.
    pub fn is_valid(self) -> bool {
        matches!(self.0, 16 | 17 | 18 | 24)
    }

    /// Turned invalid for a reason: neither earning, nor awaiting payment
    /// (15), nor of a state the platform did not say (-1).
    pub fn is_invalid(self) -> bool {
        !self.is_valid() && !matches!(self.0, 15 | -1)
    }

    /// `is_valid` as an SQL condition on a `valid_code` column.
    pub const VALID_SQL: &'static str = valid_code_sql!();

    /// Traffic hijack, abnormal traffic, rule breach, multi-transaction
    /// anomaly: worth an alert, not just a shrug.
    pub fn is_risk(self) -> bool {
        (25..=28).contains(&self.0)
    }

    /// Settlement is derived from `payMonth` (code 18 is no longer written
    /// back): a completed row whose pay month has passed is settled.
    pub fn status(self, pay_month: Option<BizDay>, today: BizDay) -> OrderStatus {
        match self.0 {
            15 => OrderStatus::Pending,
            16 | 24 => OrderStatus::Paid,
            17 | 18 => match pay_month {
                Some(month) if month <= today => OrderStatus::Settled,
                _ if self.0 == 18 => OrderStatus::Settled,
                _ => OrderStatus::Completed,
            },
            -1 => OrderStatus::Unknown,
            _ => OrderStatus::Invalid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settlement_comes_from_pay_month() {
        let today = BizDay::from_int(20261123).unwrap();
        let past = BizDay::from_int(20261120);
        let future = BizDay::from_int(20261220);
        assert_eq!(ValidCode::COMPLETED.status(past, today), OrderStatus::Settled);
        assert_eq!(ValidCode::COMPLETED.status(future, today), OrderStatus::Completed);
        assert_eq!(ValidCode::COMPLETED.status(None, today), OrderStatus::Completed);
        assert_eq!(ValidCode::PAID.status(None, today), OrderStatus::Paid);
        assert_eq!(ValidCode(26).status(None, today), OrderStatus::Invalid);
        assert!(ValidCode(26).is_risk() && !ValidCode(3).is_risk());
        assert!(ValidCode::PAID.is_valid() && !ValidCode::CANCELLED.is_valid() && !ValidCode::PENDING.is_valid());
    }
}
