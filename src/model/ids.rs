//! Identifiers: each its own type so a group id can never be passed where a
//! partner id is expected.

use crate::model::FormError;
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! int_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS, sqlx::Type,
        )]
        #[ts(export, type = "number")]
        #[sqlx(transparent)]
        pub struct $name(pub i64);

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                i64::column_result(value).map($name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

int_id!(
    /// Our own account row (one platform login).
    AccountId
);
int_id!(
    /// A WeChat group managed in the console.
    GroupId
);
int_id!(
    /// A downstream partner in the team tree.
    PartnerId
);
int_id!(
    /// The platform's promotion position (推广位); one per group.
    PositionId
);
int_id!(
    /// The platform's primary key of one order line (order + SKU).
    RowId
);
int_id!(
    /// The platform order; several rows share it when it has several SKUs.
    OrderId
);
int_id!(
    /// One sync run.
    SyncRunId
);

int_id!(
    /// A piece of training material (素材) in the library.
    MaterialId
);
int_id!(
    /// A folder of the library's tree.
    FolderId
);
int_id!(
    /// A course: lessons in order, assigned to partners.
    CourseId
);
int_id!(
    /// A posting plan: a rule over groups, a time and a kit.
    PlanId
);
int_id!(
    /// One planned post: a plan's occurrence for one group on one day.
    PostId
);

/// A sub-union id (≤ 80 characters of `[A-Za-z0-9_-]`) that attributes an
/// order to one downstream person.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SubUnionId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("sub-union id must be 1–80 characters of A-Z a-z 0-9 _ -: {0:?}")]
pub struct SubUnionIdError(pub String);

impl SubUnionId {
    pub fn parse(text: &str) -> Result<SubUnionId, SubUnionIdError> {
        let ok = !text.is_empty()
            && text.len() <= 80
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if ok {
            Ok(SubUnionId(text.to_owned()))
        } else {
            Err(SubUnionIdError(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SubUnionId {
    type Error = SubUnionIdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        SubUnionId::parse(&value)
    }
}

impl From<SubUnionId> for String {
    fn from(value: SubUnionId) -> String {
        value.0
    }
}

impl rusqlite::types::ToSql for SubUnionId {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl fmt::Display for SubUnionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// 32 hex digits from the OS's generator: an id no other laptop will make.
pub fn new_uid() -> Result<String, FormError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| FormError::Store(sqlx::Error::Protocol(format!("no random bytes for an id: {e}"))))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_union_id_is_validated() {
        assert!(SubUnionId::parse("p123_g45_m7").is_ok());
        assert!(SubUnionId::parse("").is_err());
        assert!(SubUnionId::parse("有中文").is_err());
        assert!(SubUnionId::parse(&"a".repeat(81)).is_err());
    }
}
