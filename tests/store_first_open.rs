//! The first stores a process opens, opened on many threads at once, all
//! unlock. SQLCipher finishes setting itself up after SQLite has, and a
//! store keyed in between would not open (`store::engine`).
//!
//! That moment comes once per process and the race is lost only now and
//! then (about one fresh process in sixteen before the fix), so the test
//! runs itself as many fresh processes, each opening its stores at once.

use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Barrier};
use tuanzhang::store::StoreKey;

/// Set in a child: the folder it opens its stores in.
const CHILD_FOLDER: &str = "TUANZHANG_FIRST_OPEN_FOLDER";
const PROCESSES: usize = 100;
const THREADS: usize = 64;
const TEST: &str = "stores_keyed_at_once_by_fresh_processes_all_unlock";

#[test]
fn stores_keyed_at_once_by_fresh_processes_all_unlock() {
    if let Some(folder) = std::env::var_os(CHILD_FOLDER) {
        open_all_at_once(Path::new(&folder));
        return;
    }
    let me = std::env::current_exe().unwrap();
    for process in 0..PROCESSES {
        let folder = tempfile::tempdir().unwrap();
        let run = Command::new(&me)
            .args(["--exact", TEST, "--test-threads=1"])
            .env(CHILD_FOLDER, folder.path())
            .output()
            .unwrap();
        assert!(run.status.success(), "process {process}: {}", String::from_utf8_lossy(&run.stderr));
        // The child ran this test, not none of them (a name gone stale).
        assert!(String::from_utf8_lossy(&run.stdout).contains("1 passed"), "process {process} ran no test");
    }
}

fn open_all_at_once(folder: &Path) {
    let key = StoreKey::from_hex(&"5a".repeat(32)).unwrap();
    let start = Arc::new(Barrier::new(THREADS));
    let opening: Vec<_> = (0..THREADS)
        .map(|i| {
            let path = folder.join(format!("{i}.db"));
            let (key, start) = (key.clone(), start.clone());
            std::thread::spawn(move || -> rusqlite::Result<i64> {
                start.wait();
                // Opened before it is keyed, as the sync writer opens.
                let db = rusqlite::Connection::open(&path)?;
                db.execute_batch(&key.pragma_statement())?;
                db.execute_batch("CREATE TABLE kept (x)")?;
                db.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get(0))
            })
        })
        .collect();
    for (i, thread) in opening.into_iter().enumerate() {
        assert_eq!(thread.join().unwrap(), Ok(1), "store {i}");
    }
}
