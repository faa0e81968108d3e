//! A full disk in the middle of a sync: the run stops with a clear error,
//! every window committed before stays (with its cursor and rollups), and
//! once there is room again the next run ends equal to the platform.
//! `max_page_count` on the sync writer's connection stands in for the disk.

mod common;

use tuanzhang::sync::SyncError;

#[tokio::test]
async fn a_full_disk_stops_the_sync_and_loses_nothing_committed() {
    let mut config = common::config(31, 2_000, common::NOW);
    config.history_days = 3;
    let world = common::World::new(config).await;
    let room_pages = 60;
    world
        .store
        .bulk()
        .run(move |db| {
            let used: i64 = db.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            db.execute_batch(&format!("PRAGMA max_page_count = {};", used + room_pages))
        })
        .await
        .unwrap();

    let failed = world.sync().await.unwrap_err();
    assert!(matches!(failed, SyncError::Write(_)), "{failed}");
    assert!(failed.to_string().contains("full"), "the error says the disk is full: {failed}");
    let kept = world.count("SELECT COUNT(*) FROM order_rows").await;
    let summary = world.summary().await;
    assert!(kept > 0 && (kept as u64) < summary.rows, "some windows were committed before the disk filled: {kept}");
    let rolled = world.count("SELECT COALESCE(SUM(rows), 0) FROM daily_rollup").await;
    assert_eq!(rolled, kept, "the rollups hold exactly the committed rows");
    let status: String = sqlx::query_scalar("SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1")
        .fetch_one(world.store.pool())
        .await
        .unwrap();
    assert_eq!(status, "failed", "the run is recorded as failed, not left running");
    let problems = tuanzhang::store::health::problems(world.store.pool()).await.unwrap();
    assert!(problems.is_empty(), "{problems:?}");

    world.store.bulk().run(|db| db.execute_batch("PRAGMA max_page_count = 1073741823;")).await.unwrap();
    world.sync().await.expect("with room again the sync goes on from where it stopped");
    common::assert_same(&world.stats().await, &world.summary().await);
}
