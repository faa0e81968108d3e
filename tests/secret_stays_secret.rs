//! A unique app secret is planted, used for a real sync with trace logging,
//! and then looked for everywhere it must not be: the SQLite file, its WAL
//! and shared memory, backups, and everything the processes printed.

mod common;

use std::path::Path;
use std::process::Output;
use std::sync::Arc;
use tuanzhang::model::now_epoch;
use tuanzhang::platform::sandbox::{Sandbox, SandboxConfig, DEMO_APP_KEY};

fn run(data_dir: &Path, secret: &str, args: &[&str]) -> Output {
    common::cli_traced(data_dir, args, &[("TUANZHANG_APP_SECRET", secret)])
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_secret_is_nowhere_but_the_secret_store() {
    let secret = format!("planted-{}-{}", std::process::id(), now_epoch());
    // A fixed instant (2026-11-18 20:00 Beijing): the test must not depend on when it runs.
    let mut config = SandboxConfig::new(5, 1_795_003_200);
    config.app_secret = secret.clone();
    config.history_days = 2;
    let sandbox = Arc::new(Sandbox::new(config)).serve(([127, 0, 0, 1], 0).into()).await.expect("serves");
    let dir = tempfile::tempdir().expect("temp dir");

    let mut printed = Vec::new();
    for args in [
        vec!["account", "set-jd", "--gateway", &sandbox.gateway_url(), "--app-key", DEMO_APP_KEY],
        vec!["sync", "--backfill-days", "2"],
        vec!["stats", "--json"],
    ] {
        let output = run(dir.path(), &secret, &args);
        printed.extend(output.stdout);
        printed.extend(output.stderr);
    }
    let printed = String::from_utf8_lossy(&printed);
    assert!(printed.contains("sync succeeded"), "the sync really ran: {printed}");
    assert!(printed.contains("TRACE") || printed.contains("DEBUG"), "trace logging was on");
    assert!(!printed.contains(&secret), "the secret was printed or logged");

    let mut checked_database = false;
    for file in files_under(dir.path()) {
        let bytes = std::fs::read(&file).expect("readable file");
        let holds_secret = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        checked_database |= name.starts_with("tuanzhang.db");
        assert_eq!(holds_secret, name == "secrets.json", "{}", file.display());
    }
    assert!(checked_database);
}
