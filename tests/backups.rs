//! Backups: a copy names what it holds, names never collide, old copies are pruned to 7 daily and 4
//! weekly, and a restore brings back the store as it was, after backing up the current one.

mod common;

use tuanzhang::store::backups::{self, BackupError, BackupReason};
use tuanzhang::store::Store;

const DAY: i64 = 86_400;

async fn partners(store: &Store) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM partners").fetch_one(store.pool()).await.unwrap()
}

#[tokio::test]
async fn a_backup_then_a_change_then_a_restore_gives_back_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    common::Partner::named("王芳").insert(&store).await;
    let first = backups::create(store.pool(), dir.path(), BackupReason::Manual, common::NOW).await.unwrap();
    let second = backups::create(store.pool(), dir.path(), BackupReason::Manual, common::NOW).await.unwrap();
    assert_ne!(first, second, "two copies in the same second still get their own names");
    common::Partner::named("李娜").insert(&store).await;
    assert_eq!(partners(&store).await, 2);
    store.close().await;

    let listed = backups::list(dir.path(), &common::key(dir.path())).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!((listed[0].partners, listed[0].reason), (1, BackupReason::Manual), "each copy says what it holds");
    let restored =
        backups::restore(dir.path(), &common::key(dir.path()), &listed[1].id, common::NOW + 60).await.unwrap();
    assert_eq!(restored.partners, 1);

    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    assert_eq!(partners(&store).await, 1, "the store is as the copy was");
    store.close().await;
    let after = backups::list(dir.path(), &common::key(dir.path())).await.unwrap();
    assert_eq!(after[0].reason, BackupReason::BeforeRestore, "the replaced store was kept first");
    assert_eq!(after[0].partners, 2);
}

#[tokio::test]
async fn a_damaged_or_unknown_backup_is_refused_and_the_store_stays() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    common::Partner::named("王芳").insert(&store).await;
    let copy = backups::create(store.pool(), dir.path(), BackupReason::Manual, common::NOW).await.unwrap();
    store.close().await;
    let mut bytes = std::fs::read(&copy).unwrap();
    let at = bytes.len() / 2;
    bytes.truncate(at);
    std::fs::write(&copy, bytes).unwrap();
    let id = copy.file_stem().unwrap().to_str().unwrap().to_owned();
    let refused = backups::restore(dir.path(), &common::key(dir.path()), &id, common::NOW).await.unwrap_err();
    assert!(
        matches!(refused, BackupError::Unknown(_) | BackupError::Damaged { .. } | BackupError::Store(_)),
        "{refused}"
    );
    assert!(matches!(
        backups::restore(dir.path(), &common::key(dir.path()), "manual-1-0", common::NOW).await,
        Err(BackupError::Unknown(_))
    ));
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    assert_eq!(partners(&store).await, 1, "the current store is intact");
    store.close().await;
}

#[tokio::test]
async fn pruning_keeps_the_newest_of_7_days_and_of_4_weeks_before() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    // Two copies a day for 60 days.
    for day in 0..60 {
        for hour in [9, 21] {
            let at = common::NOW - day * DAY - hour * 3600;
            backups::create(store.pool(), dir.path(), BackupReason::Daily, at).await.unwrap();
        }
    }
    store.close().await;
    let all = backups::list(dir.path(), &common::key(dir.path())).await.unwrap();
    assert_eq!(all.len(), 120);
    backups::prune(dir.path(), &all, common::NOW).unwrap();
    let kept = backups::list(dir.path(), &common::key(dir.path())).await.unwrap();
    assert_eq!(kept.len(), 7 + 4, "{:?}", kept.iter().map(|b| &b.taken_at).collect::<Vec<_>>());
    assert_eq!(kept[0].id, all[0].id, "the newest copy stays");
    let newest_days: std::collections::HashSet<_> = kept[..7].iter().map(|b| &b.taken_at[..10]).collect();
    assert_eq!(newest_days.len(), 7, "one copy for each of the last 7 days");
}

#[tokio::test]
async fn safety_copies_outlive_a_manual_copy_the_same_day_for_7_days() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    let restored = common::NOW - 2 * 3600;
    backups::create(store.pool(), dir.path(), BackupReason::BeforeRestore, restored).await.unwrap();
    backups::create(store.pool(), dir.path(), BackupReason::BeforeUpgrade, restored + 60).await.unwrap();
    backups::create(store.pool(), dir.path(), BackupReason::Manual, common::NOW).await.unwrap();
    store.close().await;
    let reasons = |all: &[backups::BackupInfo]| all.iter().map(|b| b.reason).collect::<Vec<_>>();
    let all = backups::list(dir.path(), &common::key(dir.path())).await.unwrap();
    backups::prune(dir.path(), &all, common::NOW).unwrap();
    let kept = backups::list(dir.path(), &common::key(dir.path())).await.unwrap();
    assert_eq!(
        reasons(&kept),
        [BackupReason::Manual, BackupReason::BeforeUpgrade, BackupReason::BeforeRestore],
        "the same day's manual copy takes neither safety copy"
    );
    backups::prune(dir.path(), &kept, common::NOW + 6 * DAY).unwrap();
    assert_eq!(backups::list(dir.path(), &common::key(dir.path())).await.unwrap().len(), 3, "kept for 7 days");
    let kept = backups::list(dir.path(), &common::key(dir.path())).await.unwrap();
    backups::prune(dir.path(), &kept, common::NOW + 8 * DAY).unwrap();
    let later = backups::list(dir.path(), &common::key(dir.path())).await.unwrap();
    assert_eq!(reasons(&later), [BackupReason::Manual], "after 7 days the day's newest copy stands for it");
}

#[tokio::test]
async fn a_daily_backup_is_taken_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    assert!(backups::daily(&store, dir.path(), common::NOW).await.unwrap().is_some());
    assert!(backups::daily(&store, dir.path(), common::NOW + 3600).await.unwrap().is_none(), "not twice a day");
    assert!(backups::daily(&store, dir.path(), common::NOW + DAY).await.unwrap().is_some());
    store.close().await;
}

#[tokio::test]
async fn a_damaged_store_is_mended_by_restoring_a_copy_and_kept_aside_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    for n in 0..2000 {
        common::Partner::named(&format!("伙伴{n}")).insert(&store).await;
    }
    let copy = backups::create(store.pool(), dir.path(), BackupReason::Manual, common::NOW).await.unwrap();
    store.close().await;
    drop(store);
    let path = dir.path().join(tuanzhang::store::DB_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[3 * 4096..6 * 4096].iter_mut().for_each(|b| *b = 0x5A);
    std::fs::write(&path, &bytes).unwrap();
    let damaged = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    let problems =
        tuanzhang::upkeep::HealthCheck::start(damaged.pool().clone(), std::time::Duration::ZERO).problems().await;
    assert!(!problems.is_empty(), "the store is damaged");
    damaged.close().await;
    drop(damaged);
    let bytes = std::fs::read(&path).unwrap();

    let id = copy.file_stem().unwrap().to_str().unwrap().to_owned();
    backups::restore(dir.path(), &common::key(dir.path()), &id, common::NOW + 60).await.unwrap();
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    assert_eq!(partners(&store).await, 2000, "mended from the copy");
    store.close().await;
    let aside = dir.path().join("backups").join(format!("before-restore-{}-raw.db", common::NOW + 60));
    assert_eq!(std::fs::read(aside).unwrap(), bytes, "the damaged file was kept as it was");
}
