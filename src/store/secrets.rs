//! Where the platform app secret lives: the OS keyring (Secret Service on
//! Linux), or, where no keyring service runs, a 0600 file in the data folder
//! with a warning. Never SQLite, logs or IPC responses.

use crate::model::Message;
use crate::store::atomic::Existing;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const SERVICE: &str = "tuanzhang";
const FILE_NAME: &str = "secrets.json";

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("cannot use the OS keyring: {0}")]
    Keyring(String),
    #[error("cannot read or write the secrets file {path}: {reason}")]
    File { path: PathBuf, reason: String },
}

pub trait SecretStore: Send + Sync {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError>;
    fn set(&self, key: &str, value: &str) -> Result<(), SecretError>;
    /// A warning for the user when secrets are kept less safely than in a keyring.
    fn warning(&self) -> Option<Message>;
}

/// The keyring if it answers, otherwise the file in `data_dir`.
/// `TUANZHANG_SECRET_STORE=file` forces the file, so that tests and scripted
/// set-ups never write into the user's real keyring.
pub fn open_default(data_dir: &Path) -> Arc<dyn SecretStore> {
    if std::env::var("TUANZHANG_SECRET_STORE").is_ok_and(|v| v == "file") {
        return Arc::new(FileSecrets::new(data_dir));
    }
    match KeyringSecrets::probe() {
        Ok(keyring) => Arc::new(keyring),
        Err(error) => {
            tracing::info!(%error, "no OS keyring service; keeping secrets in a 0600 file");
            Arc::new(FileSecrets::new(data_dir))
        }
    }
}

pub struct KeyringSecrets;

impl KeyringSecrets {
    /// A store that only pretends (an in-memory mock where no native store
    /// is built in) or that refuses writes would lose the secret silently:
    /// a test entry must be written, read back equal and deleted.
    fn probe() -> Result<KeyringSecrets, SecretError> {
        probe_round_trip(|| keyring::Entry::new(SERVICE, "probe"))?;
        Ok(KeyringSecrets)
    }
}

/// Writes, reads back and deletes a test entry through `entry`; any step
/// that fails or reads back something else is the store's failure.
fn probe_round_trip(entry: impl Fn() -> keyring::Result<keyring::Entry>) -> Result<(), SecretError> {
    let fail = |e: keyring::Error| SecretError::Keyring(e.to_string());
    let written = format!("probe-{}", std::process::id());
    entry().and_then(|e| e.set_password(&written)).map_err(fail)?;
    // A fresh handle: a mock keeps values per handle, a real store does not.
    let read = entry().and_then(|e| e.get_password()).map_err(fail)?;
    let _ = entry().and_then(|e| e.delete_credential());
    if read == written {
        Ok(())
    } else {
        Err(SecretError::Keyring("the keyring did not keep a test entry".into()))
    }
}

impl SecretStore for KeyringSecrets {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        let entry = keyring::Entry::new(SERVICE, key).map_err(|e| SecretError::Keyring(e.to_string()))?;
        match entry.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(SecretError::Keyring(e.to_string())),
        }
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        keyring::Entry::new(SERVICE, key)
            .and_then(|entry| entry.set_password(value))
            .map_err(|e| SecretError::Keyring(e.to_string()))
    }

    fn warning(&self) -> Option<Message> {
        None
    }
}

pub struct FileSecrets {
    path: PathBuf,
}

impl FileSecrets {
    pub fn new(data_dir: &Path) -> FileSecrets {
        FileSecrets { path: data_dir.join(FILE_NAME) }
    }

    fn read_all(&self) -> Result<BTreeMap<String, String>, SecretError> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| self.error(e.to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(self.error(e.to_string())),
        }
    }

    fn error(&self, reason: String) -> SecretError {
        SecretError::File { path: self.path.clone(), reason }
    }
}

impl SecretStore for FileSecrets {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        Ok(self.read_all()?.remove(key))
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        let mut all = self.read_all()?;
        all.insert(key.to_owned(), value.to_owned());
        let text = serde_json::to_string_pretty(&all).map_err(|e| self.error(e.to_string()))?;
        write_private(&self.path, text.as_bytes()).map_err(|e| self.error(e.to_string()))
    }

    fn warning(&self) -> Option<Message> {
        Some(Message::new("secrets.fileFallback").with("path", self.path.display()))
    }
}

/// Writes through a uniquely named stage created 0600, renamed over the
/// old file (the app's own) and the folder synced, so the secret is never
/// readable by others, not even for a moment, and two writers never share
/// a stage.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // The first secret (the store's key) is kept before any store has
    // created the data folder.
    if let Some(folder) = path.parent() {
        crate::store::private::private_dir(folder)?;
    }
    crate::store::atomic::write(path, bytes, Existing::Replace)?;
    // A file restored from elsewhere may have come with another mode.
    crate::store::private::private_file(path)
}

/// For tests: nothing touches the disk or the keyring.
#[derive(Default)]
pub struct MemorySecrets(Mutex<BTreeMap<String, String>>);

impl SecretStore for MemorySecrets {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        Ok(self.0.lock().unwrap_or_else(|p| p.into_inner()).get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn warning(&self) -> Option<Message> {
        None
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_keyring_that_does_not_keep_a_test_entry_is_refused() {
        // The mock keeps a value per handle only: what a store that loses
        // secrets looks like from here.
        let builder = keyring::mock::default_credential_builder();
        let outcome =
            probe_round_trip(|| Ok(keyring::Entry::new_with_credential(builder.build(None, "tz-test", "probe")?)));
        assert!(outcome.is_err(), "a mock store must not be accepted");
    }
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn file_secrets_are_private_and_round_trip() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("not-made-yet");
        let dir = dir.as_path();
        let store = FileSecrets::new(dir);
        assert_eq!(store.get("k").unwrap(), None);
        store.set("k", "s3cret").unwrap();
        assert_eq!(store.get("k").unwrap().as_deref(), Some("s3cret"));
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir.join(FILE_NAME)), 0o600);
        assert_eq!(mode(dir), 0o700, "a folder made for the first secret is private too");
        assert!(store.warning().is_some());
    }

    #[test]
    fn every_write_makes_the_file_private_again_and_leaves_no_stage() {
        let root = tempfile::tempdir().unwrap();
        let store = FileSecrets::new(root.path());
        store.set("a", "1").unwrap();
        let file = root.path().join(FILE_NAME);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        store.set("b", "2").unwrap();
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        let names: Vec<String> =
            std::fs::read_dir(root.path()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into()).collect();
        assert_eq!(names, vec![FILE_NAME.to_owned()], "no temporary file is left: {names:?}");
    }

    #[test]
    fn two_writers_at_once_never_share_a_stage() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().to_path_buf();
        let writers: Vec<_> = (0..4)
            .map(|n| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let store = FileSecrets::new(&path);
                    (0..25).try_for_each(|i| store.set(&format!("w{n}"), &format!("{i}")))
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap().expect("every write lands whole");
        }
        let text = std::fs::read_to_string(path.join(FILE_NAME)).unwrap();
        serde_json::from_str::<serde_json::Value>(&text).expect("the file is whole JSON, never a mix of two");
    }
}
