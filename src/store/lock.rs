//! One writer per data folder: the app and the CLI take the same lock, so two syncs never run against
//! one store and neither takes the other's live run for an abandoned one. The OS releases it when the
//! holder exits, however it exits.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::Duration;

const LOCK_FILE: &str = "lock";

/// Held while it lives.
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("the data folder is in use by {holder}")]
    Held { holder: String },
    #[error("cannot lock the data folder {path}: {source}")]
    Io { path: std::path::PathBuf, source: std::io::Error },
}

impl FolderLock {
    /// Takes the lock, or says who holds it. `who` names this holder for
    /// anyone who finds the lock taken (`tuanzhang sync`, the app).
    pub fn acquire(root: &Path, who: &str) -> Result<FolderLock, LockError> {
        let path = root.join(LOCK_FILE);
        let io = |source| LockError::Io { path: path.clone(), source };
        super::private::private_dir(root).map_err(io)?;
        let mut file =
            std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                return Err(LockError::Held {
                    holder: if holder.is_empty() { "another program".to_owned() } else { holder.to_owned() },
                });
            }
            Err(std::fs::TryLockError::Error(source)) => return Err(io(source)),
        }
        super::private::private_file(&path).map_err(io)?;
        file.set_len(0).and_then(|()| file.seek(SeekFrom::Start(0))).map_err(io)?;
        write!(file, "{who} (process {})", std::process::id()).and_then(|()| file.flush()).map_err(io)?;
        Ok(FolderLock { _file: file })
    }

    /// Waits for the lock, looking again every `every`, at most `attempts` times.
    pub fn wait(root: &Path, who: &str, every: Duration, attempts: u32) -> Result<FolderLock, LockError> {
        let mut last = None;
        for _ in 0..attempts.max(1) {
            match FolderLock::acquire(root, who) {
                Err(held @ LockError::Held { .. }) => {
                    last = Some(held);
                    std::thread::sleep(every);
                }
                other => return other,
            }
        }
        Err(last.unwrap_or(LockError::Held { holder: "another program".to_owned() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_hears_who_has_the_folder_until_it_is_let_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = FolderLock::acquire(dir.path(), "tuanzhang sync").unwrap();
        match FolderLock::acquire(dir.path(), "the app") {
            Err(LockError::Held { holder }) => assert!(holder.starts_with("tuanzhang sync (process "), "{holder}"),
            other => panic!("{other:?}"),
        }
        drop(first);
        assert!(FolderLock::acquire(dir.path(), "the app").is_ok(), "free again once let go");
    }
}
