//! A picture's name in the store: the SHA-256 of its bytes, so the same
//! picture added twice, or arriving in two packs, is kept once.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(try_from = "String", into = "String")]
#[sqlx(transparent)]
pub struct MediaHash(String);

impl MediaHash {
    pub fn of(bytes: &[u8]) -> MediaHash {
        let digest = Sha256::digest(bytes);
        MediaHash(digest.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Only 64 lower-case hex digits: a hash names a file, so nothing else
    /// may reach a path.
    pub fn parse(text: &str) -> Option<MediaHash> {
        (text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
            .then(|| MediaHash(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for MediaHash {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        MediaHash::parse(&value)
            .ok_or_else(|| format!("not a picture hash: {:?}", value.chars().take(80).collect::<String>()))
    }
}

impl From<MediaHash> for String {
    fn from(value: MediaHash) -> String {
        value.0
    }
}

impl std::fmt::Display for MediaHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_sha256_in_hex_is_a_hash() {
        let hash = MediaHash::of(b"abc");
        assert_eq!(hash.as_str(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert!(MediaHash::parse(hash.as_str()).is_some());
        assert!(MediaHash::parse("../../etc/passwd").is_none());
        assert!(MediaHash::parse(&"A".repeat(64)).is_none());
    }
}
