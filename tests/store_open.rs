//! Opening the store: pragmas in force, and a copy kept before upgrading.

mod common;

use sqlx::Connection;
use tuanzhang::store::{Store, DB_FILE};

#[tokio::test]
async fn a_new_store_is_wal_with_foreign_keys_and_full_sync() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(store.pool()).await.unwrap();
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(store.pool()).await.unwrap();
    let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(store.pool()).await.unwrap();
    assert_eq!((journal.as_str(), foreign_keys, synchronous), ("wal", 1, 2));
    assert!(!dir.path().join("backups").exists(), "a new file has nothing to back up");
}

#[tokio::test]
async fn an_existing_file_is_copied_before_migrations_touch_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    {
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let mut old = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query("CREATE TABLE notes_from_an_older_version (text TEXT)").execute(&mut old).await.unwrap();
        sqlx::query("INSERT INTO notes_from_an_older_version VALUES ('保留我')").execute(&mut old).await.unwrap();
        old.close().await.unwrap();
    }
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups")).unwrap().collect();
    assert_eq!(backups.len(), 1);
    let backup = backups[0].as_ref().unwrap().path();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777, 0o600, "the copy is private");
    }
    // The plaintext store of an earlier version was encrypted first, its
    // plaintext copy removed once verified; the pre-upgrade copy is encrypted.
    use tuanzhang::store::encryption::is_plaintext;
    assert!(!is_plaintext(&dir.path().join(DB_FILE)) && !is_plaintext(&backup));
    assert!(!dir.path().join("tuanzhang.db.plaintext-copy").exists());
    let options = common::key(dir.path()).connect_options().filename(&backup).read_only(true);
    let mut copy = sqlx::SqliteConnection::connect_with(&options).await.unwrap();
    let kept: String =
        sqlx::query_scalar("SELECT text FROM notes_from_an_older_version").fetch_one(&mut copy).await.unwrap();
    assert_eq!(kept, "保留我");
    let migrated: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM order_rows").fetch_one(store.pool()).await.unwrap();
    assert_eq!(migrated, 0);
    store.close().await;

    // Opening again with nothing to migrate makes no second copy.
    Store::open(dir.path(), &common::key(dir.path())).await.unwrap().close().await;
    assert_eq!(std::fs::read_dir(dir.path().join("backups")).unwrap().count(), 1);
}

#[tokio::test]
async fn the_sync_writer_trades_fsync_per_commit_for_speed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    let synchronous: i64 = store.bulk().run(|db| db.query_row("PRAGMA synchronous", [], |r| r.get(0))).await.unwrap();
    assert_eq!(synchronous, 1, "NORMAL: in WAL mode a crash loses at most whole recent windows");
}

#[tokio::test]
async fn a_store_holding_only_the_demo_is_set_aside_so_hers_starts_empty() {
    use tuanzhang::account;
    use tuanzhang::demo::separate_legacy;
    use tuanzhang::store::secrets::MemorySecrets;
    use tuanzhang::store::{DataFolder, StoreKind};
    let dir = tempfile::tempdir().unwrap();
    let folder = DataFolder::at(dir.path());
    let secrets = MemorySecrets::default();
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    account::set_jd(store.pool(), &secrets, "http://127.0.0.1:9/routerjson", "demo-app-key", "s", true).await.unwrap();
    store.close().await;
    assert!(separate_legacy(&folder, &common::key(dir.path())).await.unwrap(), "the old mixed store is set aside");
    assert!(!dir.path().join(tuanzhang::store::DB_FILE).exists(), "her store starts empty");
    assert!(!folder.store_dir(StoreKind::Demo).join(tuanzhang::store::DB_FILE).exists(), "the demo starts afresh");
    let aside = std::fs::read_dir(dir.path().join("backups")).unwrap().count();
    assert_eq!(aside, 1, "nothing she typed is lost");

    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    account::set_jd(store.pool(), &secrets, "http://127.0.0.1:9/routerjson", "her-key", "s", false).await.unwrap();
    store.close().await;
    assert!(!separate_legacy(&folder, &common::key(dir.path())).await.unwrap(), "her own store stays where it is");
    assert!(dir.path().join(tuanzhang::store::DB_FILE).exists());
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_folder_and_every_file_in_it_are_hers_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = Store::open(&data, &common::key(dir.path())).await.unwrap();
    sqlx::query("CREATE TABLE IF NOT EXISTS planted (x)").execute(store.pool()).await.unwrap();
    let mode = |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700, "the folder");
    for file in [DB_FILE, "tuanzhang.db-wal", "tuanzhang.db-shm"] {
        assert_eq!(mode(&data.join(file)), 0o600, "{file}");
    }
    store.close().await;

    // A store from before this rule is made private when it is opened again.
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(data.join(DB_FILE), std::fs::Permissions::from_mode(0o644)).unwrap();
    let store = Store::open(&data, &common::key(dir.path())).await.unwrap();
    assert_eq!((mode(&data), mode(&data.join(DB_FILE))), (0o700, 0o600));
    store.close().await;
}

#[tokio::test]
async fn a_store_from_a_newer_version_is_refused_as_such_and_no_backup_is_claimed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (9999, 'from the future', 1, x'00', 0)")
        .execute(store.pool())
        .await
        .unwrap();
    store.close().await;
    let refused = Store::open(dir.path(), &common::key(dir.path())).await.unwrap_err();
    let text = refused.to_string();
    assert!(matches!(refused, tuanzhang::store::StoreError::Newer { found: 9999, .. }), "{text}");
    assert!(text.contains("newer version") && !text.contains("backup is in"), "{text}");
    assert!(!dir.path().join("backups").exists(), "no copy was taken, and none is claimed");
}

/// A store of 2,000 partners whose last pages are overwritten, closed; the
/// damaged bytes as they are on disk. `upgrade_pending` takes the newest
/// migration off the record first, so the next opening would upgrade it.
async fn damaged_store(dir: &std::path::Path, upgrade_pending: bool) -> Vec<u8> {
    let store = Store::open(dir, &common::key(dir)).await.unwrap();
    for n in 0..2000 {
        sqlx::query("INSERT INTO partners (name, role, created_at) VALUES (?1, 'member', 0)")
            .bind(format!("伙伴{n}"))
            .execute(store.pool())
            .await
            .unwrap();
    }
    if upgrade_pending {
        sqlx::query("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)")
            .execute(store.pool())
            .await
            .unwrap();
    }
    store.close().await;
    // The sync writer's connection, the last, checkpoints as it goes.
    drop(store);
    let path = dir.join(DB_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    // Pages in use past the schema's (which opening reads): pages 21–23 of
    // about 170, tables' and indexes' own.
    for b in &mut bytes[20 * page..23 * page] {
        *b = 0x5A;
    }
    std::fs::write(&path, &bytes).unwrap();
    bytes
}

#[tokio::test]
async fn a_damaged_store_opens_at_once_and_its_background_check_names_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    damaged_store(dir.path(), false).await;
    // Opening reads the first pages only, so a big store opens in the time
    // a small one does; the whole file is read by the check behind it.
    let store = Store::open(dir.path(), &common::key(dir.path())).await.expect("opens");
    let problems =
        tuanzhang::upkeep::HealthCheck::start(store.pool().clone(), std::time::Duration::ZERO).problems().await;
    assert!(!problems.is_empty(), "the check names the damage");
    store.close().await;

    let whole = tempfile::tempdir().unwrap();
    let store = Store::open(whole.path(), &common::key(whole.path())).await.unwrap();
    assert!(
        tuanzhang::upkeep::HealthCheck::start(store.pool().clone(), std::time::Duration::ZERO)
            .problems()
            .await
            .is_empty(),
        "a whole store passes"
    );
    store.close().await;
}

#[tokio::test]
async fn a_damaged_store_is_never_upgraded_and_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = damaged_store(dir.path(), true).await;
    let refused = Store::open(dir.path(), &common::key(dir.path())).await.expect_err("a damaged store is not upgraded");
    assert!(matches!(refused, tuanzhang::store::StoreError::Damaged { .. }), "{refused}");
    assert!(std::fs::read(dir.path().join(DB_FILE)).unwrap() == bytes, "and is left exactly as it was");
    assert!(!dir.path().join("backups").exists(), "no copy of a damaged file is taken");
}

#[tokio::test]
async fn the_store_its_wal_and_its_backups_never_hold_a_name_in_the_clear() {
    let dir = tempfile::tempdir().unwrap();
    let key = common::key(dir.path());
    let store = Store::open(dir.path(), &key).await.unwrap();
    let planted = "植入的名字-Planted-Partner";
    sqlx::query("INSERT INTO partners (name, role, created_at, phone) VALUES (?1, 'member', 0, '13912345678')")
        .bind(planted)
        .execute(store.pool())
        .await
        .unwrap();
    let backup = tuanzhang::store::backups::create(
        store.pool(),
        dir.path(),
        tuanzhang::store::BackupReason::Manual,
        common::NOW,
    )
    .await
    .unwrap();
    // Read the files while the WAL still holds the insert.
    let wal = dir.path().join("tuanzhang.db-wal");
    assert!(std::fs::metadata(&wal).unwrap().len() > 0, "the insert is in the WAL");
    for file in [dir.path().join(DB_FILE), wal, backup.clone()] {
        let bytes = std::fs::read(&file).unwrap();
        for needle in [planted.as_bytes(), b"13912345678", b"SQLite format 3"] {
            let found = bytes.windows(needle.len()).any(|w| w == needle);
            assert!(!found, "{} holds {:?} in the clear", file.display(), String::from_utf8_lossy(needle));
        }
    }
    store.close().await;

    // Only the key opens them: another laptop's key is told apart from damage.
    let other = tempfile::tempdir().unwrap();
    std::fs::copy(&backup, other.path().join(DB_FILE)).unwrap();
    let refused = Store::open(other.path(), &common::key(other.path())).await.unwrap_err();
    assert!(matches!(refused, tuanzhang::store::StoreError::Unreadable { .. }), "{refused}");
    let store = Store::open(dir.path(), &key).await.unwrap();
    let name: String = sqlx::query_scalar("SELECT name FROM partners").fetch_one(store.pool()).await.unwrap();
    assert_eq!(name, planted);
    store.close().await;
}

#[tokio::test]
async fn a_backup_that_cannot_be_encrypted_never_keeps_her_store_shut_nor_a_plaintext_copy_stays() {
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    // A plaintext copy from an earlier version, damaged past its header.
    let mut damaged = b"SQLite format 3\0".to_vec();
    damaged.extend(std::iter::repeat_n(0x5A_u8, 8192));
    std::fs::write(backups.join("before-restore-1-raw.db"), &damaged).unwrap();
    // A plaintext copy left by a conversion that ended after its rename.
    let leftover = dir.path().join("tuanzhang.db.plaintext-copy");
    Store::open(dir.path(), &common::key(dir.path())).await.unwrap().close().await;
    std::fs::write(&leftover, b"SQLite format 3\0 with her partners in the clear").unwrap();

    let store = Store::open(dir.path(), &common::key(dir.path())).await.expect("her store opens all the same");
    store.close().await;
    assert!(!leftover.exists(), "no plaintext copy stays beside an encrypted store");
    assert_eq!(std::fs::read(backups.join("before-restore-1-raw.db")).unwrap(), damaged, "left as it was");
    let names: Vec<String> =
        std::fs::read_dir(&backups).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["before-restore-1-raw.db"], "no half-made file is left beside it");
}

/// A store from before 多多进宝 and 淘宝联盟 keeps every account, row and run
/// through the rebuild of `accounts` (whose CHECK named JD alone): the rows
/// read as JD's, nothing points at a missing account, and an account on
/// another platform can be set at last.
#[tokio::test]
async fn a_store_from_the_jd_only_days_takes_the_other_platforms_and_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    store_of_version(
        dir.path(),
        22,
        &[
            "INSERT INTO accounts (id, platform, gateway, app_key, created_at) VALUES (7, 'jd', 'https://api.jd.com/routerjson', 'hers', 1)",
            "INSERT INTO sync_runs (id, account_id, started_at, status) VALUES (3, 7, 2, 'succeeded')",
            "INSERT INTO sync_cursors (account_id, stream, position, updated_at) VALUES (7, 'order_rows', 99, 3)",
            "INSERT INTO order_rows (id, account_id, order_id, parent_id, order_time, order_day, modify_time, sku_id, sku_name,
                 sku_num, sku_return_num, sku_frozen_num, price_fen, cid1, commission_rate, final_rate, estimate_cos_price_fen,
                 estimate_fee_fen, actual_cos_price_fen, actual_fee_fen, union_id, plus, valid_code)
             VALUES (41, 7, 42, 0, 10, 20261101, 10, 1, '坚果', 1, 0, 0, 1000, 1, 1000, 9000, 1000, 90, 0, 0, 1, 0, 16)",
        ],
    )
    .await;
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    let pool = store.pool();
    let account: (i64, String, String) =
        sqlx::query_as("SELECT id, platform, app_key FROM accounts").fetch_one(pool).await.unwrap();
    assert_eq!(account, (7, "jd".to_owned(), "hers".to_owned()));
    let row: (i64, String) =
        sqlx::query_as("SELECT account_id, platform FROM order_rows WHERE id = 41").fetch_one(pool).await.unwrap();
    assert_eq!(row, (7, "jd".to_owned()));
    let dangling: Vec<(String, i64)> =
        sqlx::query_as("SELECT \"table\", rowid FROM pragma_foreign_key_check").fetch_all(pool).await.unwrap();
    assert!(dangling.is_empty(), "{dangling:?}");
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(pool).await.unwrap();
    assert_eq!(foreign_keys, 1, "foreign keys are on again after the rebuild");
    sqlx::query("INSERT INTO accounts (platform, gateway, app_key, created_at) VALUES ('pdd', 'https://gw-api.pinduoduo.com/api/router', 'c', 4)")
        .execute(pool)
        .await
        .unwrap();
    let refused =
        sqlx::query("INSERT INTO accounts (platform, gateway, app_key, created_at) VALUES ('kuaishou', 'x', 'k', 5)")
            .execute(pool)
            .await;
    assert!(refused.is_err(), "an unknown platform is still refused");
    store.close().await;
}

/// A store whose 淘宝联盟 account synced before the 渠道 and 会员 answers were
/// read forgets that account's cursor once, so its next run reads the 90
/// days again and the rows stored get their person; other accounts keep
/// theirs, and no row is touched.
#[tokio::test]
async fn a_taobao_account_synced_before_people_were_read_reads_its_days_again() {
    let dir = tempfile::tempdir().unwrap();
    store_of_version(
        dir.path(),
        28,
        &[
            "INSERT INTO accounts (id, platform, gateway, app_key, created_at) VALUES (7, 'jd', 'https://api.jd.com/routerjson', 'hers', 1)",
            "INSERT INTO accounts (id, platform, gateway, app_key, created_at) VALUES (8, 'taobao', 'https://eco.taobao.com/router/rest', 'tb', 1)",
            "INSERT INTO sync_cursors (account_id, stream, position, updated_at) VALUES (7, 'order_rows', 99, 3)",
            "INSERT INTO sync_cursors (account_id, stream, position, updated_at) VALUES (8, 'order_rows', 98, 3)",
        ],
    )
    .await;
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    let cursors: Vec<(i64, i64)> = sqlx::query_as("SELECT account_id, position FROM sync_cursors ORDER BY account_id")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert_eq!(cursors, [(7, 99)], "JD's cursor stays; 淘宝联盟's reads its days again");
    store.close().await;
}

/// The per-platform partner rollups are built from the rows a store already
/// holds: each platform's valid rows with a partner, an order counted once.
#[tokio::test]
async fn a_store_from_before_the_platform_partner_rollups_builds_them_from_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    store_of_version(
        dir.path(),
        29,
        &[
            "INSERT INTO accounts (id, platform, gateway, app_key, created_at) VALUES (7, 'jd', 'https://api.jd.com/routerjson', 'hers', 1)",
            "INSERT INTO partners (id, name, role, sub_union_id, created_at) VALUES (5, '王芳', 'member', 'p5', 0)",
            "INSERT INTO order_rows (id, account_id, order_id, parent_id, order_time, order_day, modify_time, sku_id,
                 sku_name, sku_num, sku_return_num, sku_frozen_num, price_fen, cid1, commission_rate, final_rate,
                 estimate_cos_price_fen, estimate_fee_fen, actual_cos_price_fen, actual_fee_fen, union_id, plus,
                 valid_code, platform, partner_id)
             VALUES (41, 7, 42, 0, 10, 20261101, 10, 1, '坚果', 1, 0, 0, 1000, 1, 1000, 9000, 1000, 90, 0, 0, 1, 0, 16, 'jd', 5),
                    (43, 7, 42, 0, 10, 20261101, 10, 2, '核桃', 1, 0, 0, 1000, 1, 1000, 9000, 1000, 10, 1000, 10, 1, 0, 17, 'jd', 5),
                    (-44, 7, 44, 0, 10, 20261101, 10, 3, '纸巾', 1, 0, 0, 1000, 1, 1000, 9000, 1000, 200, 0, 0, 1, 0, 16, 'pdd', 5),
                    (-45, 7, 45, 0, 10, 20261102, 10, 3, '纸巾', 1, 0, 0, 1000, 1, 1000, 9000, 1000, 50, 0, 0, 1, 0, 3, 'pdd', 5),
                    (-46, 7, 46, 0, 10, 20261103, 10, 4, '毛巾', 1, 0, 0, 1000, 1, 1000, 9000, 1000, 70, 0, 0, 1, 0, 16, 'taobao', NULL)",
        ],
    )
    .await;
    let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
    let pool = store.pool();
    let days: Vec<(String, i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT platform, partner_id, day, orders, estimate_fee_fen, actual_fee_fen FROM partner_platform_daily
         ORDER BY platform",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(days, [("jd".to_owned(), 5, 20261101, 1, 100, 10), ("pdd".to_owned(), 5, 20261101, 1, 200, 0)]);
    let ceilings: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT platform, month, partner_id, ceiling_fen FROM partner_platform_month_ceiling ORDER BY platform",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(ceilings, [("jd".to_owned(), 202611, 5, 100), ("pdd".to_owned(), 202611, 5, 200)]);
    let totals: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT platform, day, orders, estimate_fee_fen, actual_fee_fen FROM partner_platform_day_totals ORDER BY platform",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(totals, [("jd".to_owned(), 20261101, 1, 100, 10), ("pdd".to_owned(), 20261101, 1, 200, 0)]);
    store.close().await;
}

/// 总览's new risk lines were those dated after her marks; from 0033 they
/// are the changes logged after her mark. A store that had marks starts its
/// log with what was new by them, as the flag held them (the platform's
/// date to the later of what sync had read and now, the laptop's to now);
/// one where she never looked, with every risk line.
#[tokio::test]
async fn a_store_from_before_the_risk_change_log_keeps_what_was_new() {
    // Risk line 51 changed before her mark (120), 52 after what sync had read
    // (105) but before her mark, 55 after her mark. Valid line 53 froze after
    // her freeze mark (200), 54 before it.
    const ROWS: &str = "INSERT INTO order_rows (id, account_id, order_id, parent_id, order_time, order_day,
             modify_time, sku_id, sku_name, sku_num, sku_return_num, sku_frozen_num, price_fen, cid1,
             commission_rate, final_rate, estimate_cos_price_fen, estimate_fee_fen, actual_cos_price_fen,
             actual_fee_fen, union_id, plus, valid_code, platform)
         VALUES (51, 7, 51, 0, 10, 20261101, 90, 1, '坚果', 1, 0, 0, 1000, 1, 1000, 9000, 1000, 90, 0, 0, 1, 0, 26, 'jd'),
                (52, 7, 52, 0, 10, 20261101, 110, 1, '坚果', 1, 0, 0, 1000, 1, 1000, 9000, 1000, 90, 0, 0, 1, 0, 25, 'jd'),
                (55, 7, 55, 0, 10, 20261101, 130, 1, '坚果', 1, 0, 0, 1000, 1, 1000, 9000, 1000, 90, 0, 0, 1, 0, 28, 'jd'),
                (53, 7, 53, 0, 10, 20261101, 90, 1, '坚果', 1, 0, 0, 1000, 1, 1000, 9000, 1000, 90, 0, 0, 1, 0, 16, 'jd'),
                (54, 7, 54, 0, 10, 20261101, 90, 1, '坚果', 1, 0, 0, 1000, 1, 1000, 9000, 1000, 90, 0, 0, 1, 0, 16, 'jd')";
    const BEFORE: [&str; 4] = [
        "INSERT INTO accounts (id, platform, gateway, app_key, created_at) VALUES (7, 'jd', 'https://api.jd.com/routerjson', 'hers', 1)",
        ROWS,
        "INSERT INTO order_row_punishments (row_id, trade_key, punish_status, violation_type, first_seen, last_seen)
         VALUES (53, 't53', 0, 1, 300, 300), (54, 't54', 0, 1, 150, 150)",
        "INSERT INTO sync_cursors (account_id, stream, position, updated_at) VALUES (7, 'order_rows', 105, 0)",
    ];
    let looked = tempfile::tempdir().unwrap();
    let mut statements = BEFORE.to_vec();
    statements.push("INSERT INTO risk_seen (id, modify_time, punished_seen) VALUES (1, 120, 200)");
    store_of_version(looked.path(), 32, &statements).await;
    let never_looked = tempfile::tempdir().unwrap();
    store_of_version(never_looked.path(), 32, &BEFORE).await;
    // Where she looked: 55 and 53; where she never did: all five. 51
    // changing again is news only where it was seen.
    for (dir, new, after) in [(&looked, 2, 3), (&never_looked, 5, 5)] {
        let store = Store::open(dir.path(), &common::key(dir.path())).await.unwrap();
        let flags = tuanzhang::earnings::risk::flags(store.pool(), common::NOW).await.unwrap();
        assert_eq!(flags.new_rows, new);
        sqlx::query("UPDATE order_rows SET valid_code = 27, modify_time = 400 WHERE id = 51")
            .execute(store.pool())
            .await
            .unwrap();
        let flags = tuanzhang::earnings::risk::flags(store.pool(), common::NOW).await.unwrap();
        assert_eq!(flags.new_rows, after, "51 changed again");
        store.close().await;
    }
}

/// A plain store file in `dir` as version `version` left it, holding what
/// `statements` put in, for the migrations after it to upgrade.
async fn store_of_version(dir: &std::path::Path, version: i64, statements: &[&'static str]) {
    let url = format!("sqlite://{}?mode=rwc", dir.join(DB_FILE).display());
    let mut old = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let mut migrator = sqlx::migrate!();
    migrator.migrations = migrator.migrations.iter().filter(|m| m.version <= version).cloned().collect();
    migrator.run(&mut old).await.unwrap();
    for statement in statements {
        sqlx::query(*statement).execute(&mut old).await.unwrap();
    }
    old.close().await.unwrap();
}
