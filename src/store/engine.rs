//! SQLCipher's one-time setup, finished before any connection is keyed.
//!
//! SQLite runs SQLCipher's setup (`sqlcipher_extra_init`, its
//! `SQLITE_EXTRA_INIT`) at the end of its first `sqlite3_initialize`, after
//! it has marked itself initialised and outside its own lock. A thread that
//! opens a database in that window finds SQLite ready and SQLCipher not, and
//! its `PRAGMA key` fails ("sqlcipher not initialized"): the store will not
//! open. Tests open many stores on many threads at once and met it.
//!
//! [`ready`] runs that setup itself. SQLCipher's setup holds SQLite's main
//! lock from start to end and returns at once when it has already run, so
//! whichever thread started it, `ready` returns only once it is complete.
//! Every way this crate keys a connection calls it first (see `StoreKey`).

use std::ffi::{c_char, c_int};
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
