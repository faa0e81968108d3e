//! Pictures are encrypted at rest like the store they belong to. Each file
//! is `TZM1 | nonce (24 bytes) | ciphertext and tag`, sealed with
//! XChaCha20-Poly1305 under a key derived from the store's (HKDF-SHA256, so
//! SQLCipher's key is never used for anything else) with the file's name in
//! the media folder as associated data, so a file moved under another name
//! is refused. A random 24-byte nonce per file cannot repeat in practice.
//! A file without the marker is a plain one from an earlier version (no
//! picture format starts with it): read as it is, and sealed in the
//! background (`MediaStore::encrypt_earlier`).

use super::MediaError;
use crate::store::StoreKey;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use sha2::Sha256;

const MARKER: &[u8; 4] = b"TZM1";
const NONCE_BYTES: usize = 24;
const TAG_BYTES: usize = 16;
/// What sealing adds to a file.
pub(crate) const OVERHEAD: usize = MARKER.len() + NONCE_BYTES + TAG_BYTES;
/// HKDF's label: a new layout or cipher takes a new one, so no key serves two.
const INFO: &[u8] = b"tuanzhang media v1";

/// The pictures' key.
#[derive(Clone)]
pub(crate) struct MediaKey(XChaCha20Poly1305);

impl std::fmt::Debug for MediaKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MediaKey(…)")
    }
}

/// A file's content, and whether it was sealed.
pub(crate) enum Opened {
    Sealed(Vec<u8>),
    /// From a version before pictures were sealed.
    Plain(Vec<u8>),
}

impl MediaKey {
    pub(crate) fn derive(store: &StoreKey) -> MediaKey {
        let mut key = Key::default();
        Hkdf::<Sha256>::new(None, store.bytes())
            .expand(INFO, &mut key)
            // 32 bytes is a constant far under HKDF-SHA256's 8,160-byte limit.
            .expect("a 32-byte key is within HKDF-SHA256's output");
        MediaKey(XChaCha20Poly1305::new(&key))
    }

    /// `plain` sealed as the file `name` (its path in the media folder).
    pub(crate) fn seal(&self, name: &str, plain: &[u8]) -> Result<Vec<u8>, MediaError> {
        let mut nonce = [0_u8; NONCE_BYTES];
        getrandom::fill(&mut nonce).map_err(|e| MediaError::Io(std::io::Error::other(e.to_string())))?;
        let sealed = self
            .0
            .encrypt(&XNonce::from(nonce), Payload { msg: plain, aad: name.as_bytes() })
            .map_err(|_| MediaError::Io(std::io::Error::other("the picture is too large to encrypt")))?;
        let mut file = Vec::with_capacity(MARKER.len() + NONCE_BYTES + sealed.len());
        file.extend_from_slice(MARKER);
        file.extend_from_slice(&nonce);
        file.extend_from_slice(&sealed);
        Ok(file)
    }

    /// The content of the file `name`; `Unreadable` when it was sealed
    /// under another name or key, or changed since.
    pub(crate) fn open(&self, name: &str, file: Vec<u8>) -> Result<Opened, MediaError> {
        if !is_sealed(&file) {
            return Ok(Opened::Plain(file));
        }
        if file.len() < OVERHEAD {
            return Err(MediaError::Unreadable);
        }
        let (nonce, sealed) = file[MARKER.len()..].split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(|_| MediaError::Unreadable)?;
        let plain = self
            .0
            .decrypt(&XNonce::from(nonce), Payload { msg: sealed, aad: name.as_bytes() })
            .map_err(|_| MediaError::Unreadable)?;
        Ok(Opened::Sealed(plain))
    }
}

/// Whether a file's first bytes mark it sealed.
pub(crate) fn is_sealed(head: &[u8]) -> bool {
    head.starts_with(MARKER)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::secrets::MemorySecrets;

    fn key() -> StoreKey {
        StoreKey::load_or_create(&MemorySecrets::default()).unwrap()
    }

    fn content(opened: Opened) -> (bool, Vec<u8>) {
        match opened {
            Opened::Sealed(bytes) => (true, bytes),
            Opened::Plain(bytes) => (false, bytes),
        }
    }

    #[test]
    fn a_sealed_file_opens_only_under_its_name_and_key() {
        let store = key();
        let media = MediaKey::derive(&store);
        let file = media.seal("a.png", b"picture").unwrap();
        assert!(file.starts_with(b"TZM1") && file.len() == OVERHEAD + b"picture".len());
        assert!(!file.windows(7).any(|w| w == b"picture"), "the content is not in the clear");
        assert_ne!(file, media.seal("a.png", b"picture").unwrap(), "a new nonce every time");
        assert_eq!(content(media.open("a.png", file.clone()).unwrap()), (true, b"picture".to_vec()));
        assert!(matches!(media.open("b.png", file.clone()), Err(MediaError::Unreadable)));
        assert!(matches!(MediaKey::derive(&key()).open("a.png", file.clone()), Err(MediaError::Unreadable)));
        let mut changed = file.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert!(matches!(media.open("a.png", changed), Err(MediaError::Unreadable)));
        assert!(matches!(media.open("a.png", file[..OVERHEAD - 1].to_vec()), Err(MediaError::Unreadable)));
        assert_eq!(content(media.open("a.png", b"plain".to_vec()).unwrap()), (false, b"plain".to_vec()));
    }

    #[test]
    fn the_pictures_key_is_derived_not_the_stores() {
        let store = key();
        let media = MediaKey::derive(&store);
        // A file sealed with the store's raw key does not open.
        let raw = MediaKey(XChaCha20Poly1305::new(&Key::from(*store.bytes())));
        let file = raw.seal("a.png", b"picture").unwrap();
        assert!(matches!(media.open("a.png", file), Err(MediaError::Unreadable)));
        let again = MediaKey::derive(&store).seal("a.png", b"picture").unwrap();
        assert_eq!(content(media.open("a.png", again).unwrap()), (true, b"picture".to_vec()));
    }
}
