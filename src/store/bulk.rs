//! The sync writer: one plain SQLite connection driven on a blocking
//! thread. Going through sqlx cost a hop to its worker thread per statement
//! and a copy of every bound value; a window of 500 rows is thousands of
//! statements, so the sync path uses prepared statements directly instead.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// WAL with `synchronous=NORMAL`: a crash can lose only whole recent
/// transactions, and each carries its own cursor, so sync re-reads them. A
/// 32 MiB page cache keeps the order-row indexes' hot pages in memory
/// across windows instead of reading them back for every commit.
pub const WRITER_PRAGMAS: &str =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;";

#[derive(Clone)]
pub struct BulkWriter {
    connection: Arc<Mutex<rusqlite::Connection>>,
}

impl std::fmt::Debug for BulkWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BulkWriter")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BulkError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the sync writer stopped unexpectedly: {0}")]
    Stopped(String),
}

impl BulkWriter {
    pub(super) fn open(path: &Path, key: &super::StoreKey) -> Result<BulkWriter, rusqlite::Error> {
        let connection = super::engine::open(path)?;
        connection.execute_batch(&key.pragma_statement())?;
        connection.busy_timeout(Duration::from_secs(10))?;
        connection.execute_batch(WRITER_PRAGMAS)?;
        Ok(BulkWriter { connection: Arc::new(Mutex::new(connection)) })
    }

    /// Runs `work` with the connection on a blocking thread, one caller at
    /// a time.
    pub async fn run<T, F>(&self, work: F) -> Result<T, BulkError>
    where
        T: Send + 'static,
        F: FnOnce(&mut rusqlite::Connection) -> Result<T, rusqlite::Error> + Send + 'static,
    {
        let connection = Arc::clone(&self.connection);
        tokio::task::spawn_blocking(move || {
            // A panic inside `work` rolls its transaction back when the
            // transaction drops, so the connection is still sound.
            let mut connection = connection.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            work(&mut connection)
        })
        .await
        .map_err(|e| BulkError::Stopped(e.to_string()))?
        .map_err(BulkError::from)
    }
}

/// Runs a long read (export everything) on a connection of its own, on a
/// blocking thread. Through the sync writer it would hold that writer's
/// lock for minutes and stall every sync commit behind it; on its own
/// connection it reads one WAL snapshot while sync goes on committing.
pub async fn read_apart<T, F>(path: &Path, key: &super::StoreKey, work: F) -> Result<T, BulkError>
where
    T: Send + 'static,
    F: FnOnce(&mut rusqlite::Connection) -> Result<T, rusqlite::Error> + Send + 'static,
{
    let path = path.to_path_buf();
    let key = key.clone();
    tokio::task::spawn_blocking(move || {
        let mut connection = super::engine::open(&path)?;
        connection.execute_batch(&key.pragma_statement())?;
        connection.busy_timeout(Duration::from_secs(10))?;
        // Nothing here may write: a long read that wrote would be a writer.
        connection.execute_batch("PRAGMA query_only = ON;")?;
        work(&mut connection)
    })
    .await
    .map_err(|e| BulkError::Stopped(e.to_string()))?
    .map_err(BulkError::from)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_long_read_apart_leaves_the_sync_writer_free() {
        let (_dir, store) = super::super::temp_store().await;
        let (started, reading_started) = tokio::sync::oneshot::channel();
        let (release, released) = std::sync::mpsc::channel::<()>();
        let reading = tokio::spawn({
            let store = store.clone();
            async move {
                store
                    .read_apart(move |db| {
                        let tx = db.transaction()?;
                        let before: i64 = tx.query_row("SELECT COUNT(*) FROM settings", [], |r| r.get(0))?;
                        started.send(()).ok();
                        released.recv().ok();
                        let after: i64 = tx.query_row("SELECT COUNT(*) FROM settings", [], |r| r.get(0))?;
                        Ok((before, after))
                    })
                    .await
            }
        });
        reading_started.await.expect("the read began");
        // A sync commit while the long read holds its snapshot: it must not
        // wait for the read (a timeout here means it did).
        let commit = store.bulk().run(|db| db.execute("INSERT INTO settings (key, value) VALUES ('probe', 'x')", []));
        tokio::time::timeout(Duration::from_secs(30), commit).await.expect("sync was not held").unwrap();
        release.send(()).unwrap();
        let (before, after) = reading.await.unwrap().unwrap();
        assert_eq!(before, after, "the read saw one snapshot throughout");
        let refused = store.read_apart(|db| db.execute("DELETE FROM settings", [])).await;
        assert!(refused.is_err(), "a read apart cannot write");
        store.close().await;
    }
}
