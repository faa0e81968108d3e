//! The key her store and its backups are encrypted with (SQLCipher): 32
//! random bytes, kept where the account secret is kept (the OS keyring, or
//! a 0600 file where no keyring service runs), never beside the database
//! in the clear.

use crate::store::secrets::{SecretError, SecretStore};

/// The secret store's name for the key; one key serves every store of the
/// folder (hers, the demo's, their backups).
const SECRET_NAME: &str = "store-key";
const KEY_BYTES: usize = 32;

#[derive(Clone, PartialEq, Eq)]
pub struct StoreKey([u8; KEY_BYTES]);

impl std::fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoreKey(…)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(transparent)]
    Secrets(#[from] SecretError),
    #[error("the operating system gave no random bytes for a new key: {0}")]
    Random(getrandom::Error),
    #[error("the stored database key is not 64 hexadecimal digits")]
    Malformed,
}

impl StoreKey {
    /// The key kept in `secrets`, made and kept there on first use.
    pub fn load_or_create(secrets: &dyn SecretStore) -> Result<StoreKey, KeyError> {
        if let Some(text) = secrets.get(SECRET_NAME)? {
            return StoreKey::from_hex(&text).ok_or(KeyError::Malformed);
        }
        let mut bytes = [0_u8; KEY_BYTES];
        getrandom::fill(&mut bytes).map_err(KeyError::Random)?;
        let key = StoreKey(bytes);
        secrets.set(SECRET_NAME, &key.hex())?;
        Ok(key)
    }

    pub fn from_hex(text: &str) -> Option<StoreKey> {
        let text = text.trim();
        if text.len() != KEY_BYTES * 2 || !text.is_ascii() {
            return None;
        }
        let mut bytes = [0_u8; KEY_BYTES];
        for (slot, pair) in bytes.iter_mut().zip(text.as_bytes().chunks(2)) {
            *slot = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
        }
        Some(StoreKey(bytes))
    }

    /// The raw key, only to derive other keys from (the pictures'): it is
    /// never used as a key itself outside SQLCipher.
    pub(crate) fn bytes(&self) -> &[u8; KEY_BYTES] {
        &self.0
    }

    fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The value of `PRAGMA key`: a raw key (`x'…'`), so SQLCipher skips
    /// deriving one from a passphrase on every connection; double-quoted
    /// because sqlx writes pragma values as they are. Every way of keying a
    /// connection passes here or through `attach_clause`, so both make sure
    /// SQLCipher is set up first.
    fn pragma_value(&self) -> String {
        super::engine::ready();
        format!("\"x'{}'\"", self.hex())
    }

    /// Options for an sqlx connection to a database this key unlocks (sqlx
    /// sends `key` before any other pragma).
    pub fn connect_options(&self) -> sqlx::sqlite::SqliteConnectOptions {
        sqlx::sqlite::SqliteConnectOptions::new().pragma("key", self.pragma_value())
    }

    /// The statement that unlocks a rusqlite connection; it must come first.
    pub fn pragma_statement(&self) -> String {
        format!("PRAGMA key = {};", self.pragma_value())
    }

    /// `ATTACH … KEY …` for a second, encrypted database: an expression,
    /// so the raw key is a single-quoted string (its quotes doubled).
    pub(crate) fn attach_clause(&self) -> String {
        super::engine::ready();
        format!("KEY 'x''{}'''", self.hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::secrets::MemorySecrets;

    #[test]
    fn a_key_is_made_once_and_read_back_the_same() {
        let secrets = MemorySecrets::default();
        let first = StoreKey::load_or_create(&secrets).unwrap();
        let again = StoreKey::load_or_create(&secrets).unwrap();
        assert_eq!(first, again);
        assert_eq!(StoreKey::from_hex(&first.hex()), Some(first.clone()));
        assert_ne!(first, StoreKey::load_or_create(&MemorySecrets::default()).unwrap());
        assert_eq!(format!("{first:?}"), "StoreKey(…)");
    }

    #[test]
    fn a_damaged_stored_key_is_refused_not_replaced() {
        let secrets = MemorySecrets::default();
        secrets.set(SECRET_NAME, "not hex at all").unwrap();
        assert!(matches!(StoreKey::load_or_create(&secrets), Err(KeyError::Malformed)));
        assert_eq!(secrets.get(SECRET_NAME).unwrap().as_deref(), Some("not hex at all"));
        assert!(StoreKey::from_hex(&"é".repeat(32)).is_none());
    }
}
