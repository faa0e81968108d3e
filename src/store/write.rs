//! The one way a transaction that will write begins.
//!
//! SQLite runs its busy handler when a transaction asks for the write lock
//! at BEGIN, but not when a read transaction later upgrades to a write:
//! that upgrade fails at once with SQLITE_BUSY while another connection
//! (a sync commit) holds the lock. A save that reads before it writes must
//! therefore take the lock first, and then waits up to the pool's busy
//! timeout like any other writer.

use sqlx::{Sqlite, SqlitePool, Transaction};

/// Begins a transaction holding the write lock (`BEGIN IMMEDIATE`).
pub async fn begin_write(pool: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}
