//! `--store mine|demo`: the command line reaches either store of the data folder, with the key found
//! at the folder's root as the window finds it; without the flag it opens the store the window opens.

mod common;

use common::{cli, cli_command, key, seed_group};
use serde_json::Value;
use std::path::Path;
use tuanzhang::model::{BizDay, Lang, Message};
use tuanzhang::store::lock::FolderLock;
use tuanzhang::store::{DataFolder, Store, StoreKind, DB_FILE};

fn json(dir: &Path, args: &[&str]) -> Value {
    let (text, said, ok) = cli(dir, args);
    assert!(ok, "{args:?}: {said}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}: {text}"))
}

/// The store of `kind` with `groups` groups in it, so a count tells whose it is.
async fn store_with_groups(dir: &Path, kind: StoreKind, groups: usize) {
    let store = Store::open(&DataFolder::at(dir).store_dir(kind), &key(dir)).await.unwrap();
    for n in 0..groups {
        seed_group(&store, &format!("群{n}")).await;
    }
    store.close().await;
}

/// Which store a command without `--store` read, told by its group count
/// (hers has 1, the demo's 2).
fn default_reads(dir: &Path) -> &'static str {
    match json(dir, &["stats", "--json"])["groups"].as_i64() {
        Some(1) => "mine",
        Some(2) => "demo",
        other => panic!("neither store: {other:?}"),
    }
}

#[test]
fn the_demo_made_by_the_cli_is_read_with_store_demo_and_hers_with_store_mine() {
    let dir = tempfile::tempdir().unwrap();
    let (_, said, ok) = cli(dir.path(), &["demo"]);
    assert!(ok, "the demo is made: {said}");
    let info = json(dir.path(), &["info", "--json"]);
    assert_eq!((info["opens"].as_str(), info["default_store"].as_str()), (Some("demo"), Some("demo")), "{info}");

    let (truth, (first, last)) = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = Store::open(&dir.path().join("demo"), &key(dir.path())).await.unwrap();
        let truth = tuanzhang::store::stats::stats(store.pool()).await.unwrap();
        let days: (BizDay, BizDay) = sqlx::query_as("SELECT MIN(order_day), MAX(order_day) FROM order_rows")
            .fetch_one(store.pool())
            .await
            .unwrap();
        store.close().await;
        (truth, days)
    });
    assert!(truth.rows > 0, "the demo synced");
    let demo = json(dir.path(), &["--store", "demo", "stats", "--json"]);
    assert_eq!((demo["rows"].as_u64(), demo["partners"].as_u64()), (Some(truth.rows), Some(truth.partners)));
    assert_eq!(json(dir.path(), &["stats", "--json"]), demo, "with no account of hers the default is the demo");
    let mine = json(dir.path(), &["--store", "mine", "stats", "--json"]);
    assert_eq!((mine["rows"].as_i64(), mine["partners"].as_i64()), (Some(0), Some(0)), "her store is apart");

    let (from, to) = (first.to_string(), last.to_string());
    let range = ["report", "--from", from.as_str(), "--to", to.as_str(), "--by", "status", "--json"];
    let report = json(dir.path(), &[&["--store", "demo"][..], &range[..]].concat());
    assert!(report["total"]["orders"].as_i64().is_some_and(|n| n > 0), "{report}");
    assert_eq!(json(dir.path(), &range)["total"], report["total"]);

    let plans = json(dir.path(), &["--store", "demo", "plan", "list", "--json"]);
    assert!(plans.as_array().is_some_and(|p| !p.is_empty()), "the demo's starter plans: {plans}");
    assert!(json(dir.path(), &["--store", "demo", "plan", "today", "--json"]).is_array());
    assert_eq!(json(dir.path(), &["--store", "mine", "plan", "list", "--json"]), serde_json::json!([]));
    assert_eq!(json(dir.path(), &["--store", "mine", "plan", "today", "--json"]), serde_json::json!([]));
}

#[tokio::test]
async fn without_the_flag_the_cli_opens_what_the_window_opens() {
    let dir = tempfile::tempdir().unwrap();
    let info = json(dir.path(), &["info", "--json"]);
    assert_eq!(info["opens"], "demo", "{info}");
    assert_eq!(info["default_store"], "mine", "no demo made yet: hers, which the CLI can fill");
    assert!(!dir.path().join(DB_FILE).exists(), "info makes no store");

    store_with_groups(dir.path(), StoreKind::Demo, 2).await;
    store_with_groups(dir.path(), StoreKind::Mine, 1).await;
    assert_eq!(default_reads(dir.path()), "demo", "her store holds no account of hers: the demo");
    let (text, _, ok) = cli(dir.path(), &["info"]);
    assert!(ok && text.contains("the window opens: demo") && text.contains("commands use: demo"), "{text}");

    let set = cli_command(dir.path())
        .args(["account", "set-jd", "--gateway", "https://api.jd.com/routerjson", "--app-key", "her-key"])
        .env("TUANZHANG_APP_SECRET", "s")
        .output()
        .unwrap();
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    assert_eq!(default_reads(dir.path()), "mine", "her account is connected: hers");
    let info = json(dir.path(), &["info", "--json"]);
    assert_eq!((info["opens"].as_str(), info["default_store"].as_str()), (Some("mine"), Some("mine")), "{info}");

    let folder = DataFolder::at(dir.path());
    folder.choose(StoreKind::Demo).unwrap();
    assert_eq!(default_reads(dir.path()), "demo", "her choice in the window comes first");
    assert_eq!(json(dir.path(), &["info", "--json"])["default_store"], "demo");
    folder.choose(StoreKind::Mine).unwrap();
    assert_eq!(default_reads(dir.path()), "mine");
    assert_eq!(json(dir.path(), &["--store", "demo", "stats", "--json"])["groups"], 2, "the flag overrides it");

    let (_, said, ok) = cli(dir.path(), &["--store", "mine", "demo"]);
    assert!(!ok && said.contains("demo's store only"), "{said}");
    let (_, said, ok) = cli(dir.path(), &["--store", "demo", "account", "set-jd", "--gateway", "x", "--app-key", "k"]);
    assert!(!ok && said.contains("sets hers"), "her account never goes into the demo: {said}");
}

#[tokio::test]
async fn store_demo_before_any_demo_says_how_to_make_one_and_writes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let fresh = root.path().join("new-laptop");
    let told = Message::new("cli.noDemoStore").render(Lang::Zh);
    for args in [&["--store", "demo", "stats"][..], &["--store", "demo", "plan", "today"], &["--store", "demo", "sync"]]
    {
        let output = cli_command(&fresh).args(args).output().unwrap();
        let said = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {said}");
        assert!(said.contains(&told) && said.contains("tuanzhang demo"), "{args:?}: {said}");
        assert!(!fresh.exists(), "{args:?} wrote into the data folder");
    }

    store_with_groups(root.path(), StoreKind::Mine, 1).await;
    let listing = || {
        let mut names: Vec<_> = std::fs::read_dir(root.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        names
    };
    let before = listing();
    let (_, said, ok) = cli(root.path(), &["--store", "demo", "materials", "search", "x"]);
    assert!(!ok && said.contains(&told), "{said}");
    assert_eq!(listing(), before, "her folder is as it was");
}

#[test]
fn her_damaged_store_is_still_restored_from_the_command_line_without_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let (copy, said, ok) = cli(dir.path(), &["backup", "create"]);
    assert!(ok, "{said}");
    let id = Path::new(copy.trim_end()).file_stem().and_then(|s| s.to_str()).unwrap().to_owned();
    let path = dir.path().join(DB_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[..4096].fill(0);
    std::fs::write(&path, bytes).unwrap();

    let listed = json(dir.path(), &["backup", "list", "--json"]);
    assert_eq!(listed[0]["id"], id.as_str(), "{listed}");
    let (restored, said, ok) = cli(dir.path(), &["backup", "restore", &id]);
    assert!(ok && restored.starts_with(&format!("restored {id}")), "{restored}{said}");
    let (text, said, ok) = cli(dir.path(), &["check"]);
    assert!(ok && text.trim_end().ends_with("ok"), "{text}{said}");
}

#[test]
fn an_unknown_store_is_refused_by_the_parser() {
    let dir = tempfile::tempdir().unwrap();
    let output = cli_command(dir.path()).args(["--store", "theirs", "stats"]).output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains("possible values: mine, demo"), "{said}");
}

#[tokio::test]
async fn writing_the_demo_takes_the_folder_lock_the_app_holds() {
    let dir = tempfile::tempdir().unwrap();
    store_with_groups(dir.path(), StoreKind::Demo, 2).await;
    let held = FolderLock::acquire(dir.path(), "团长工作台 (the app)").unwrap();
    let (_, said, ok) = cli(dir.path(), &["--store", "demo", "settings", "sync-interval", "20"]);
    assert!(!ok && said.contains("in use by 团长工作台 (the app)"), "{said}");
    assert_eq!(json(dir.path(), &["--store", "demo", "stats", "--json"])["groups"], 2, "reading needs no lock");
    drop(held);
    let (text, said, ok) = cli(dir.path(), &["--store", "demo", "settings", "sync-interval", "20"]);
    assert!(ok && text.contains("20 minutes"), "{said}");
}
