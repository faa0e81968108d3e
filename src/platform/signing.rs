//! The MD5 signature JD, 多多进宝 and 淘宝联盟 share: uppercase hex MD5 of
//! `secret + k1v1k2v2… + secret` over the pairs given, in their order
//! (each platform chooses which pairs, sorted by key).

use md5::{Digest, Md5};

pub fn md5_wrapped<'a>(secret: &str, pairs: impl Iterator<Item = (&'a String, &'a String)>) -> String {
    let mut hasher = Md5::new();
    hasher.update(secret.as_bytes());
    for (key, value) in pairs {
        hasher.update(key.as_bytes());
        hasher.update(value.as_bytes());
    }
    hasher.update(secret.as_bytes());
    upper_hex(&hasher.finalize())
}

pub fn upper_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}
