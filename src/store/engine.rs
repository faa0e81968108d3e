//! SQLCipher's one-time setup, finished before any connection is opened or
//! keyed.
//!
//! SQLite runs SQLCipher's setup (`sqlcipher_extra_init`, its
//! `SQLITE_EXTRA_INIT`) at the end of its first `sqlite3_initialize`, after
//! it has marked itself initialised and outside its own lock. A thread that
//! opens a database in that window finds SQLite ready and SQLCipher not, and
//! its `PRAGMA key` fails ("sqlcipher not initialized"): the store will not
//! open. Tests open many stores on many threads at once and met it.
//!
//! [`ready`] runs SQLite's first initialisation, SQLCipher's setup with it,
//! inside a `Once`, so every other caller waits until both are complete.
//! Should another caller have started them first (a test's own plain
//! connection), `ready` runs SQLCipher's setup itself: that holds SQLite's
//! main lock until SQLCipher is set up, and returns at once when it is. Its
//! last step, adding `sqlcipher_export` to connections opened after it, comes
//! after it lets the lock go; that matters only when another caller started
//! it, which the app never does: every connection it opens is opened through
//! [`open`] or with a `StoreKey`'s options, which call `ready` first.

use std::ffi::{c_char, c_int};
use std::path::Path;
use std::sync::Once;

extern "C" {
    // Defined by the SQLCipher that libsqlite3-sys bundles (rusqlite's
    // `bundled-sqlcipher`): the function its build names as SQLITE_EXTRA_INIT.
    fn sqlcipher_extra_init(arg: *const c_char) -> c_int;
}

/// Returns once SQLite and SQLCipher are both set up in this process.
pub(crate) fn ready() {
    static SETUP: Once = Once::new();
    SETUP.call_once(set_up);
}

/// A rusqlite connection to the file at `path`, SQLCipher set up first.
pub(crate) fn open(path: &Path) -> rusqlite::Result<rusqlite::Connection> {
    ready();
    rusqlite::Connection::open(path)
}

#[allow(unsafe_code)]
fn set_up() {
    // SAFETY: both take no pointer we own (SQLCipher ignores its argument),
    // may be called from any thread at any time, and return at once when
    // their work is done; SQLCipher's needs SQLite's mutexes, set up first.
    let code = unsafe {
        match rusqlite::ffi::sqlite3_initialize() {
            rusqlite::ffi::SQLITE_OK => sqlcipher_extra_init(std::ptr::null()),
            failed => failed,
        }
    };
    if code != rusqlite::ffi::SQLITE_OK {
        // Keying will fail with SQLite's own error, which says more.
        tracing::error!(code, "SQLite could not set itself up");
    }
}
