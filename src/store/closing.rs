//! Lets a connection that is closing finish before the process ends.
//!
//! SQLCipher frees its shared state from an `atexit` handler. sqlx closes a
//! dropped connection later, on that connection's own thread, so a process
//! that ends right after dropping a store (a test binary after its last
//! test, a CLI run that returned early) can have SQLCipher's state freed
//! under a closing connection and die of SIGSEGV on its way out.
//!
//! Each connection carries a token that SQLite drops once the connection is
//! fully closed (the destructor of a collation registered for it, which
//! SQLite calls after closing the file and its cipher). An exit handler,
//! registered after SQLCipher's and so run before it, waits a bounded time
//! for the tokens of connections still closing.

use sqlx::SqliteConnection;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;
use std::time::{Duration, Instant};

/// Connections opened and not yet fully closed.
static OPEN: AtomicUsize = AtomicUsize::new(0);

/// How long the exit waits for them: a close takes milliseconds; a
/// connection still open at exit (never closed) is not touched by SQLCipher's
/// handler, so giving up on it is safe.
const EXIT_WAIT: Duration = Duration::from_secs(2);

/// Counts one connection for as long as SQLite keeps it.
struct Open;

impl Open {
    fn new() -> Open {
        OPEN.fetch_add(1, Ordering::SeqCst);
        Open
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        OPEN.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Counts `conn` until SQLite has closed it, and makes sure the exit waits
/// for it. Call right after the connection opens.
pub(crate) async fn track(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    let token = Open::new();
    // The collation is never used in a query; it is how SQLite tells us the
    // connection is gone, by dropping what it holds.
    conn.lock_handle().await?.create_collation("tuanzhang_open", move |a: &str, b: &str| {
        let _held = &token;
        a.cmp(b)
    })?;
    // Registered after this connection made SQLCipher register its own
    // handler, so ours runs first.
    static REGISTERED: Once = Once::new();
    REGISTERED.call_once(register_exit_wait);
    Ok(())
}

#[allow(unsafe_code)]
fn register_exit_wait() {
    // SAFETY: `atexit` only stores the pointer to a plain `extern "C"`
    // function with no arguments, which lives as long as the program.
    let refused = unsafe { libc::atexit(wait_for_closing) } != 0;
    if refused {
        tracing::warn!("could not ask the exit to wait for closing connections");
    }
}

extern "C" fn wait_for_closing() {
    let deadline = Instant::now() + EXIT_WAIT;
    while OPEN.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
}
