//! Plaintext stores from versions before encryption: each is converted in
//! place on first open. Until the final rename the plaintext file is
//! untouched, so a crash or a full disk mid-way leaves it as it was; the
//! plaintext copy taken first is removed once the encrypted one is verified.

use super::key::StoreKey;
use super::{private, sidecar, WAL_FILES};
use std::io::Read;
use std::path::{Path, PathBuf};

const PLAINTEXT_HEADER: &[u8; 16] = b"SQLite format 3\0";

#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    #[error("cannot encrypt {path}: {source}")]
    Sqlite { path: PathBuf, source: rusqlite::Error },
    #[error("cannot encrypt {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the encrypted copy of {path} differs from it ({table}); the plaintext file was kept")]
    Differs { path: PathBuf, table: String },
}

/// Whether `path` is an unencrypted SQLite file (an encrypted one starts
/// with random bytes; a missing or empty one is neither).
pub fn is_plaintext(path: &Path) -> bool {
    let mut header = [0_u8; 16];
    std::fs::File::open(path).and_then(|mut file| file.read_exact(&mut header)).is_ok() && &header == PLAINTEXT_HEADER
}

/// Encrypts the plaintext database at `path` with `key`, first keeping a
/// plaintext copy at `keep` (when given) until the result is verified. On
/// any failure the staged file and the copy are removed and `path` is as it
/// was.
pub fn encrypt_in_place(path: &Path, key: &StoreKey, keep: Option<&Path>) -> Result<(), ConvertError> {
    let io = |source| ConvertError::Io { path: path.to_path_buf(), source };
    let staged = sidecar(path, ".encrypting");
    let staged_whole = stage_encrypted(path, &staged, key, keep);
    if let Err(error) = staged_whole {
        let _ = std::fs::remove_file(&staged);
        if let Some(keep) = keep {
            let _ = std::fs::remove_file(keep);
        }
        return Err(error);
    }
    std::fs::rename(&staged, path).map_err(io)?;
    for suffix in WAL_FILES {
        remove_if_there(&sidecar(path, suffix)).map_err(io)?;
    }
    if let Some(keep) = keep {
        remove_if_there(keep).map_err(io)?;
    }
    Ok(())
}

/// The encrypted copy of `path` at `staged`, verified and on disk.
fn stage_encrypted(path: &Path, staged: &Path, key: &StoreKey, keep: Option<&Path>) -> Result<(), ConvertError> {
    let sqlite = |source| ConvertError::Sqlite { path: path.to_path_buf(), source };
    let io = |source| ConvertError::Io { path: path.to_path_buf(), source };
    remove_if_there(staged).map_err(io)?;
    private::create_private_file(staged).map_err(io)?;
    let plain = super::engine::open(path).map_err(sqlite)?;
    // Everything committed into the WAL goes into the file first, so the copy
    // and the export below see all of it.
    plain.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").map_err(sqlite)?;
    if let Some(keep) = keep {
        remove_if_there(keep).map_err(io)?;
        private::create_private_file(keep).map_err(io)?;
        plain.execute("VACUUM INTO ?1", [keep.to_string_lossy()]).map_err(sqlite)?;
    }
    plain
        .execute_batch(&format!(
            "ATTACH DATABASE '{}' AS encrypted {}; SELECT sqlcipher_export('encrypted'); DETACH DATABASE encrypted;",
            staged.to_string_lossy().replace('\'', "''"),
            key.attach_clause()
        ))
        .map_err(sqlite)?;
    verify_same(&plain, staged, key)?;
    drop(plain);
    std::fs::File::open(staged).and_then(|f| f.sync_all()).map_err(io)
}

/// The encrypted copy opens with `key`, is whole, and holds as many rows in
/// every table as the plaintext one.
fn verify_same(plain: &rusqlite::Connection, staged: &Path, key: &StoreKey) -> Result<(), ConvertError> {
    let sqlite = |source| ConvertError::Sqlite { path: staged.to_path_buf(), source };
    let encrypted = super::engine::open(staged).map_err(sqlite)?;
    encrypted.execute_batch(&key.pragma_statement()).map_err(sqlite)?;
    let check: String = encrypted.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(sqlite)?;
    if check != "ok" {
        return Err(ConvertError::Differs { path: staged.to_path_buf(), table: check });
    }
    let tables: Vec<String> = {
        let mut statement = plain
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .map_err(sqlite)?;
        let names = statement.query_map([], |r| r.get(0)).map_err(sqlite)?;
        names.collect::<Result<_, _>>().map_err(sqlite)?
    };
    for table in tables {
        // Names come from the database's own schema, quoted as identifiers.
        let count = format!("SELECT COUNT(*) FROM \"{}\"", table.replace('"', "\"\""));
        let before: i64 = plain.query_row(&count, [], |r| r.get(0)).map_err(sqlite)?;
        let after: i64 = encrypted.query_row(&count, [], |r| r.get(0)).map_err(sqlite)?;
        if before != after {
            return Err(ConvertError::Differs { path: staged.to_path_buf(), table });
        }
    }
    Ok(())
}

fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::secrets::MemorySecrets;

    #[test]
    fn a_plaintext_file_becomes_encrypted_with_every_row_and_no_copy_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let keep = dir.path().join("old-plaintext.db");
        {
            let db = rusqlite::Connection::open(&path).unwrap();
            db.execute_batch(
                "PRAGMA journal_mode = WAL; CREATE TABLE partners (name TEXT);
                 INSERT INTO partners VALUES ('王秀英'), ('李娜');",
            )
            .unwrap();
        }
        assert!(is_plaintext(&path));
        let key = StoreKey::load_or_create(&MemorySecrets::default()).unwrap();
        encrypt_in_place(&path, &key, Some(&keep)).unwrap();
        assert!(!is_plaintext(&path));
        assert!(!keep.exists(), "the plaintext copy goes once the encrypted file is verified");
        let bytes = std::fs::read(&path).unwrap();
        assert!(!bytes.windows("王秀英".len()).any(|w| w == "王秀英".as_bytes()));
        let db = rusqlite::Connection::open(&path).unwrap();
        db.execute_batch(&key.pragma_statement()).unwrap();
        let rows: i64 = db.query_row("SELECT COUNT(*) FROM partners", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, 2);
    }

    #[test]
    fn a_file_that_is_not_plaintext_sqlite_is_not_taken_for_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        assert!(!is_plaintext(&path));
        std::fs::write(&path, b"SQLite").unwrap();
        assert!(!is_plaintext(&path));
    }
}
