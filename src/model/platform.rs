//! The platforms she earns on, and the store's ids for rows whose platform
//! keys are text.

use super::{OrderId, RowId};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// 京东联盟, 多多进宝 or 淘宝联盟: the platform an account, an order row or
/// a place belongs to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Platform {
    /// The first platform Tuanzhang knew, and the one a progress line
    /// starts on before a round names its platform.
    #[default]
    Jd,
    Pdd,
    Taobao,
}

impl Platform {
    pub const ALL: [Platform; 3] = [Platform::Jd, Platform::Pdd, Platform::Taobao];

    /// The word stored in `accounts.platform` and `order_rows.platform`.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Jd => "jd",
            Platform::Pdd => "pdd",
            Platform::Taobao => "taobao",
        }
    }

    pub fn parse(word: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|p| p.as_str() == word)
    }

    /// Which of the two negative halves a text key's id falls in.
    fn key_tag(self) -> i64 {
        match self {
            Platform::Jd | Platform::Pdd => 0,
            Platform::Taobao => 1,
        }
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl sqlx::Type<sqlx::Sqlite> for Platform {
    fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
        <&str as sqlx::Type<sqlx::Sqlite>>::type_info()
    }

    fn compatible(ty: &sqlx::sqlite::SqliteTypeInfo) -> bool {
        <&str as sqlx::Type<sqlx::Sqlite>>::compatible(ty)
    }
}

impl<'q> sqlx::Encode<'q, sqlx::Sqlite> for Platform {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Sqlite as sqlx::Database>::ArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <&str as sqlx::Encode<'q, sqlx::Sqlite>>::encode_by_ref(&self.as_str(), buf)
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Sqlite> for Platform {
    fn decode(value: <sqlx::Sqlite as sqlx::Database>::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let word = <&str as sqlx::Decode<'r, sqlx::Sqlite>>::decode(value)?;
        Platform::parse(word).ok_or_else(|| format!("unknown platform {word:?}").into())
    }
}

impl rusqlite::types::ToSql for Platform {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

impl rusqlite::types::FromSql for Platform {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let word = value.as_str()?;
        Platform::parse(word).ok_or_else(|| rusqlite::types::FromSqlError::Other(format!("platform {word:?}").into()))
    }
}

/// Bits of a key's digest an id keeps: with the platform's bit and the
/// sign, the id stays within what the window's numbers hold exactly
/// (JavaScript's 2⁵³), as JD's own ids do.
const KEY_BITS: u32 = 51;

/// A stable id for a text key: JD's own ids are positive, so 多多进宝's and
/// 淘宝联盟's keys (order numbers that do not fit an integer) land in the
/// negative half, each platform on its own parity there, so the platforms'
/// ids never meet. Two keys of one platform meeting on one id is a
/// 1-in-2⁵¹ event per pair; the sync writer checks the stored key and sets
/// such a row aside, naming why, rather than write over the other.
fn key_id(platform: Platform, kind: &str, key: &str) -> i64 {
    let digest = Sha256::new().chain_update(platform.as_str()).chain_update([0]).chain_update(kind).chain_update([0]);
    let digest = digest.chain_update(key.as_bytes()).finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    let bits = (u64::from_be_bytes(first) >> (64 - KEY_BITS)) as i64;
    -((bits << 1 | platform.key_tag()) + 1)
}

impl RowId {
    /// The store's id of a 多多进宝 or 淘宝联盟 row, from its platform key.
    pub fn from_platform_key(platform: Platform, key: &str) -> RowId {
        RowId(key_id(platform, "row", key))
    }
}

impl OrderId {
    /// The store's id of a 多多进宝 or 淘宝联盟 order, from its platform number.
    pub fn from_platform_key(platform: Platform, key: &str) -> OrderId {
        OrderId(key_id(platform, "order", key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_keys_land_apart_from_jd_and_from_each_other() {
        let pdd = RowId::from_platform_key(Platform::Pdd, "200615-123456789012345");
        let taobao = RowId::from_platform_key(Platform::Taobao, "200615-123456789012345");
        assert!(pdd.0 < 0 && taobao.0 < 0);
        assert_ne!(pdd, taobao);
        assert_eq!(pdd.0.rem_euclid(2), 1, "PDD ids are odd (−1 − even)");
        assert_eq!(taobao.0.rem_euclid(2), 0, "Taobao ids are even");
        assert_eq!(pdd, RowId::from_platform_key(Platform::Pdd, "200615-123456789012345"), "stable");
        assert_ne!(pdd.0, OrderId::from_platform_key(Platform::Pdd, "200615-123456789012345").0);
        // The window reads ids as JavaScript numbers: they must stay exact there.
        const JS_SAFE: i64 = (1 << 53) - 1;
        for key in ["0", "z", "261020-999999999999999", "4000000000000000000"] {
            for platform in [Platform::Pdd, Platform::Taobao] {
                assert!(RowId::from_platform_key(platform, key).0 >= -JS_SAFE, "{platform} {key}");
                assert!(OrderId::from_platform_key(platform, key).0 >= -JS_SAFE, "{platform} {key}");
            }
        }
        for platform in Platform::ALL {
            assert_eq!(Platform::parse(platform.as_str()), Some(platform));
        }
    }
}
