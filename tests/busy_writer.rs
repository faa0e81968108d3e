//! Saves during a sync commit: a save that reads before it writes must wait
//! for the writer, not fail at once with "database is locked". SQLite runs
//! no busy handler when a read transaction upgrades to a write, so every
//! such save begins IMMEDIATE (`store::begin_write`).

mod common;

use common::script as draft;
use common::NOW;
use std::time::Duration;
use tuanzhang::materials::{edit, versions};
use tuanzhang::store::Store;

/// The sync writer takes the write lock, writes, and commits only when told:
/// as a sync window's commit does. Answers once the lock is held.
async fn hold_the_writer(store: &Store) -> (std::sync::mpsc::Sender<()>, tokio::task::JoinHandle<()>) {
    let (held, lock_is_held) = tokio::sync::oneshot::channel();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let bulk = store.bulk().clone();
    let holder = tokio::spawn(async move {
        bulk.run(move |db| {
            let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            tx.execute("INSERT INTO settings (key, value) VALUES ('sync-probe', 'x')", [])?;
            held.send(()).ok();
            released.recv().ok();
            tx.commit()
        })
        .await
        .expect("the sync commit goes through");
    });
    lock_is_held.await.expect("the writer holds the lock");
    (release, holder)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saves_that_read_first_wait_for_a_sync_commit_and_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    let pool = store.pool();
    let made = edit::create(pool, &draft("早安问候", "第一版"), NOW).await.unwrap();
    let second = edit::update(pool, made.id, made.revision, &draft("早安问候", "第二版"), NOW + 60).await.unwrap();

    let (release, holder) = hold_the_writer(&store).await;
    let saves = async {
        let updated = edit::update(pool, second.id, second.revision, &draft("早安问候", "第三版"), NOW + 120).await;
        let updated = updated.expect("an edit saved during a sync commit waits and succeeds");
        versions::bring_back(pool, made.id, 1, updated.revision, NOW + 180)
            .await
            .expect("bringing a version back during a sync commit waits and succeeds")
    };
    let release_later = async {
        // Long enough for the saves to reach the held lock.
        tokio::time::sleep(Duration::from_millis(400)).await;
        release.send(()).unwrap();
    };
    let (back, ()) = tokio::join!(saves, release_later);
    holder.await.unwrap();
    assert_eq!(back.body, "第一版");
    assert_eq!(back.revision, 4, "both saves landed, after the sync's commit");
    store.close().await;
}

/// Every sqlx transaction in the engine begins through `store::begin_write`:
/// a bare `begin()` is the deferred kind that fails at once under a sync.
#[test]
fn no_transaction_begins_deferred() {
    let mut found = Vec::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut folders = vec![root.join("src"), root.join("src-tauri/src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("store/write.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (n, line) in text.lines().enumerate() {
                    if line.contains(".begin()") || line.contains(".begin_with(") {
                        found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "use store::begin_write:\n{}", found.join("\n"));
}
