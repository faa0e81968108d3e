//! The one SQLite file: where it lives, how it is opened and backed up, typed settings and totals.

use sqlx::sqlite::{SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::model::now_epoch;

mod bulk;
mod closing;
pub mod encryption;
mod engine;
pub mod key;
pub use backups::BackupReason;
pub use folder::{DataFolder, StoreKind, APP_IDENTIFIER};
pub use key::{KeyError, StoreKey};
pub mod atomic;
pub mod backups;
pub mod folder;
pub mod health;
pub mod lock;
pub(crate) mod platform_ids;
pub mod private;
pub mod secrets;
pub mod settings;
pub(crate) mod sql;
pub mod stats;
pub mod write;
pub use bulk::{BulkError, BulkWriter, WRITER_PRAGMAS};
pub use write::begin_write;

pub const DB_FILE: &str = "tuanzhang.db";
/// SQLite's companions of a WAL-mode database file.
pub(crate) const WAL_FILES: [&str; 2] = ["-wal", "-shm"];

pub(crate) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}: {source}")]
    CreateDir { path: PathBuf, source: std::io::Error },
    #[error("cannot open the database {path}: {source}")]
    Open { path: PathBuf, source: sqlx::Error },
    #[error("cannot open the database {path} for syncing: {source}")]
    OpenWriter { path: PathBuf, source: rusqlite::Error },
    #[error("cannot back up {path} before upgrading it (nothing was changed): {source}")]
    Backup { path: PathBuf, source: Box<backups::BackupError> },
    #[error("cannot encrypt the database from an earlier version (it was kept as it was): {0}")]
    Encrypt(#[from] encryption::ConvertError),
    #[error("the database {path} cannot be read with this laptop's key: it is damaged, or it was encrypted on another laptop")]
    Unreadable { path: PathBuf },
    #[error("the database {path} is damaged and was not changed ({problems}): restore a backup")]
    Damaged { path: PathBuf, problems: String },
    #[error("the database {path} was written by a newer version of the app (schema {found}; this version knows up to {known}): install the newer version")]
    Newer { path: PathBuf, found: i64, known: i64 },
    #[error("cannot upgrade the database {path} (a backup is in {backup_dir}): {source}")]
    Migrate { path: PathBuf, backup_dir: PathBuf, source: sqlx::migrate::MigrateError },
}

/// An open store. `pool` is for user edits and reads (`synchronous=FULL`: an
/// edit shown as saved survives a power cut); `bulk` is the single writer sync
/// uses (`synchronous=NORMAL`: in WAL mode a crash can only lose whole recent
/// windows, and the cursor lives in the same transaction, so sync re-reads
/// them). Both are encrypted with `key` (SQLCipher), as are the backups.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    bulk: BulkWriter,
    key: StoreKey,
    dir: std::path::PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store in `data_dir` with `key` and
    /// brings its schema up to date, keeping a copy of the old file first. A
    /// plaintext store or backup from an earlier version is encrypted first.
    pub async fn open(data_dir: &Path, key: &StoreKey) -> Result<Store, StoreError> {
        let path = data_dir.join(DB_FILE);
        let existed = std::fs::metadata(&path).is_ok_and(|m| m.len() > 0);
        private::private_dir(data_dir)
            .and_then(|()| private::create_private_file(&path))
            .and_then(|()| WAL_FILES.iter().try_for_each(|suffix| private::private_file(&sidecar(&path, suffix))))
            .and_then(|()| private::private_file(&path))
            .map_err(|source| StoreError::CreateDir { path: data_dir.to_path_buf(), source })?;
        encrypt_earlier_plaintext(data_dir, key).await?;
        let options = key
            .connect_options()
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let open_err = |source: sqlx::Error| {
            if existed && not_a_database(&source) {
                StoreError::Unreadable { path: path.clone() }
            } else {
                StoreError::Open { path: path.clone(), source }
            }
        };
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .after_connect(|conn, _| Box::pin(closing::track(conn)))
            .connect_with(options.synchronous(SqliteSynchronous::Full))
            .await
            .map_err(open_err)?;
        let migrator = sqlx::migrate!();
        let backup_dir = data_dir.join(backups::BACKUP_DIR);
        if existed {
            refuse_unreadable_or_newer(&pool, &path, &migrator).await?;
        }
        if existed && has_pending_migrations(&pool, &migrator).await {
            // An upgrade rewrites the schema, so it starts only from a whole
            // file. Every page is read for that (seconds for a big store,
            // once per version); any other opening leaves the whole-file
            // check to `upkeep::HealthCheck`, in the background.
            refuse_damaged(&pool, &path).await?;
            let copied = backups::create(&pool, data_dir, BackupReason::BeforeUpgrade, now_epoch()).await;
            let copy = copied.map_err(|source| StoreError::Backup { path: path.clone(), source: Box::new(source) })?;
            tracing::info!(backup = %copy.display(), "backed up the database before upgrading it");
        }
        migrator.run(&pool).await.map_err(|source| StoreError::Migrate { path: path.clone(), backup_dir, source })?;
        let bulk =
            BulkWriter::open(&path, key).map_err(|source| StoreError::OpenWriter { path: path.clone(), source })?;
        Ok(Store { pool, bulk, key: key.clone(), dir: data_dir.to_path_buf() })
    }

    pub fn key(&self) -> &StoreKey {
        &self.key
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The folder this store's file, backups and pictures live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn bulk(&self) -> &BulkWriter {
        &self.bulk
    }

    /// A long read on a connection of its own (see `bulk::read_apart`).
    pub async fn read_apart<T, F>(&self, work: F) -> Result<T, BulkError>
    where
        T: Send + 'static,
        F: FnOnce(&mut rusqlite::Connection) -> Result<T, rusqlite::Error> + Send + 'static,
    {
        bulk::read_apart(&self.dir.join(DB_FILE), &self.key, work).await
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A new store in a temporary folder with a key of its own, for the
/// engine's unit tests (the folder is removed when the guard drops).
#[cfg(test)]
pub(crate) async fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let key = StoreKey::load_or_create(&crate::store::secrets::MemorySecrets::default()).expect("a key");
    let store = Store::open(dir.path(), &key).await.expect("a new store opens");
    (dir, store)
}

/// The store and every backup still in plaintext, from a version before
/// encryption, each encrypted in place; the store is copied first. Only the
/// store's own conversion can stop it opening: a backup that cannot be
/// converted (a damaged copy set aside) is left as it is, with a warning.
async fn encrypt_earlier_plaintext(data_dir: &Path, key: &StoreKey) -> Result<(), StoreError> {
    let path = data_dir.join(DB_FILE);
    let keep = sidecar(&path, ".plaintext-copy");
    let store_is_plaintext = encryption::is_plaintext(&path);
    if !store_is_plaintext && keep.exists() {
        // A conversion that ended after its rename: the store is encrypted,
        // so its plaintext copy must not stay behind.
        std::fs::remove_file(&keep).map_err(|source| encryption::ConvertError::Io { path: keep.clone(), source })?;
    }
    let copies: Vec<PathBuf> = std::fs::read_dir(data_dir.join(backups::BACKUP_DIR))
        .map(|entries| entries.flatten().map(|e| e.path()).filter(|p| encryption::is_plaintext(p)).collect())
        .unwrap_or_default();
    if !store_is_plaintext && copies.is_empty() {
        return Ok(());
    }
    let key = key.clone();
    let store_path = path.clone();
    let converted = tokio::task::spawn_blocking(move || {
        for copy in &copies {
            tracing::info!(file = %copy.display(), "encrypting a backup from an earlier version");
            if let Err(error) = encryption::encrypt_in_place(copy, &key, None) {
                tracing::warn!(%error, "a backup from an earlier version stays as it was");
            }
        }
        if store_is_plaintext {
            tracing::info!("encrypting the store from an earlier version");
            encryption::encrypt_in_place(&store_path, &key, Some(&keep))?;
        }
        Ok::<(), encryption::ConvertError>(())
    })
    .await;
    let stopped = |e: tokio::task::JoinError| encryption::ConvertError::Io { path, source: std::io::Error::other(e) };
    Ok(converted.map_err(stopped)??)
}

/// A store whose first pages do not read (a lost key, a broken header) is
/// refused as such, and one a newer version of the app wrote is never
/// downgraded.
async fn refuse_unreadable_or_newer(
    pool: &SqlitePool,
    path: &Path,
    migrator: &sqlx::migrate::Migrator,
) -> Result<(), StoreError> {
    // Reading the schema reads the first pages: a wrong key or a header
    // gone shows here, at once, whatever the file's size.
    let applied: Result<Option<i64>, sqlx::Error> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1").fetch_one(pool).await;
    if applied.as_ref().is_err_and(not_a_database) {
        pool.close().await;
        return Err(StoreError::Unreadable { path: path.to_path_buf() });
    }
    let known = migrator.iter().map(|m| m.version).max().unwrap_or(0);
    if let Some(found) = applied.unwrap_or(None).filter(|v| *v > known) {
        pool.close().await;
        return Err(StoreError::Newer { path: path.to_path_buf(), found, known });
    }
    Ok(())
}

/// A damaged store is never upgraded (she is offered a backup instead).
async fn refuse_damaged(pool: &SqlitePool, path: &Path) -> Result<(), StoreError> {
    let problems = match health::quick_problems(pool).await {
        Ok(problems) => problems,
        Err(error) => vec![error.to_string()],
    };
    if problems.is_empty() {
        return Ok(());
    }
    pool.close().await;
    Err(StoreError::Damaged { path: path.to_path_buf(), problems: problems.join("; ") })
}

/// SQLITE_NOTADB: the first page does not decrypt with the key given.
fn not_a_database(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.code().as_deref() == Some("26"))
}

async fn has_pending_migrations(pool: &SqlitePool, migrator: &sqlx::migrate::Migrator) -> bool {
    let latest = migrator.iter().map(|m| m.version).max().unwrap_or(0);
    let applied: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
        .fetch_one(pool)
        .await
        .unwrap_or(None);
    applied.unwrap_or(0) < latest
}
