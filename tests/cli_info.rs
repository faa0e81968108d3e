//! `tuanzhang info` and `tuanzhang check`: where the data is, which store the window opens, and whether
//! SQLite finds each store whole, told without the secret.

mod common;

use common::{cli, cli_command};

#[test]
fn info_names_the_folder_the_store_it_opens_and_the_account_but_never_the_secret() {
    let dir = tempfile::tempdir().unwrap();
    let (fresh, _, ok) = cli(dir.path(), &["info", "--json"]);
    assert!(ok, "{fresh}");
    let fresh: serde_json::Value = serde_json::from_str(&fresh).unwrap();
    assert_eq!(fresh["data_dir"], dir.path().to_str().unwrap());
    assert_eq!(fresh["opens"], "demo", "with no account of hers the window opens the demo");
    assert_eq!(fresh["stores"], serde_json::json!([]));

    let set = cli_command(dir.path())
        .args(["account", "set-jd", "--gateway", "https://api.jd.com/routerjson", "--app-key", "her-key"])
        .env("TUANZHANG_APP_SECRET", "planted-cli-secret")
        .output()
        .expect("the CLI runs");
    assert!(set.status.success());
    let (text, _, ok) = cli(dir.path(), &["info", "--json"]);
    assert!(ok, "{text}");
    assert!(!text.contains("planted-cli-secret"), "{text}");
    let info: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(info["opens"], "mine");
    assert_eq!(info["stores"][0]["kind"], "mine");
    assert_eq!(info["stores"][0]["account"], "https://api.jd.com/routerjson (her-key)");
    assert!(info["stores"][0]["schema_version"].as_i64().unwrap() > 0);

    // A 多多进宝 account beside it: each platform's account is listed.
    let set = cli_command(dir.path())
        .args([
            "account",
            "set-pdd",
            "--gateway",
            "https://gw-api.pinduoduo.com/api/router",
            "--client-id",
            "her-client",
        ])
        .env("TUANZHANG_APP_SECRET", "planted-pdd-secret")
        .output()
        .expect("the CLI runs");
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    let (text, _, ok) = cli(dir.path(), &["info", "--json"]);
    assert!(ok && !text.contains("planted-pdd-secret"), "{text}");
    let info: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        info["stores"][0]["accounts"],
        serde_json::json!([
            "jd: https://api.jd.com/routerjson (her-key)",
            "pdd: https://gw-api.pinduoduo.com/api/router (her-client)"
        ])
    );
}

#[test]
fn check_says_ok_for_a_whole_store_and_fails_for_a_damaged_one() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, ok) = cli(dir.path(), &["stats", "--json"]);
    assert!(ok, "the store is created");
    let (text, _, ok) = cli(dir.path(), &["check"]);
    assert!(ok && text.trim_end().ends_with("ok"), "{text}");

    let path = dir.path().join(tuanzhang::store::DB_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle..].iter_mut().for_each(|b| *b = 0xA5);
    bytes[..16].copy_from_slice(b"not a sqlite db!");
    std::fs::write(&path, bytes).unwrap();
    let (_, _, ok) = cli(dir.path(), &["check"]);
    assert!(!ok, "a damaged store is reported, not passed");
}

#[test]
fn backups_are_created_listed_with_their_ids_and_restored_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, ok) = cli(dir.path(), &["backup", "create"]);
    assert!(ok && path.trim_end().ends_with(".db"), "{path}");
    let (listed, _, ok) = cli(dir.path(), &["backup", "list", "--json"]);
    assert!(ok, "{listed}");
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let id = listed[0]["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("manual-"), "{id}");
    assert_eq!((listed[0]["partners"].as_i64(), listed[0]["order_rows"].as_i64()), (Some(0), Some(0)));
    assert!(listed[0]["taken_at"].as_str().is_some());
    let (restored, _, ok) = cli(dir.path(), &["backup", "restore", &id]);
    assert!(ok && restored.starts_with(&format!("restored {id}")), "{restored}");
    let (missing, _, ok) = cli(dir.path(), &["backup", "restore", "manual-1-0"]);
    assert!(!ok, "an unknown backup is refused: {missing}");
}

#[test]
fn a_second_writer_hears_who_holds_the_data_folder_and_stops() {
    let dir = tempfile::tempdir().unwrap();
    let held = tuanzhang::store::lock::FolderLock::acquire(dir.path(), "团长工作台 (the app)").unwrap();
    let (_, said, ok) = cli(dir.path(), &["sync"]);
    assert!(!ok);
    assert!(said.contains("in use by 团长工作台 (the app)"), "{said}");
    let (_, _, reading) = cli(dir.path(), &["stats", "--json"]);
    assert!(reading, "reading needs no lock");
    drop(held);
    let (_, _, ok) = cli(dir.path(), &["settings", "sync-interval", "20"]);
    assert!(ok, "free once the app let go");
}

#[test]
fn a_data_folder_that_does_not_exist_yet_is_made_private_on_first_use() {
    let root = tempfile::tempdir().unwrap();
    let fresh = root.path().join("first").join("start");
    let (text, _, ok) = cli(&fresh, &["info", "--json"]);
    assert!(ok, "the first command on a new laptop works: {text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }
}
