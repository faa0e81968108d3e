//! The three platforms through the command line, as a user drives them:
//! an account on each against its own sandbox, one `sync` that runs all
//! three, `stats --json` whose per-platform totals equal each sandbox's
//! summary, and `sync --platform` that runs one.

mod common;

use std::sync::Arc;
use tuanzhang::platform::sandbox::pdd::PddSandbox;
use tuanzhang::platform::sandbox::taobao::TaobaoSandbox;
use tuanzhang::platform::sandbox::{Sandbox, SandboxConfig, Summary, DEMO_APP_KEY, DEMO_APP_SECRET};

/// A fixed instant (2026-11-18 20:00 Beijing): the test must not depend on when it runs.
const ANCHOR: i64 = 1_795_003_200;

fn config(seed: u64) -> SandboxConfig {
    let mut config = SandboxConfig::new(seed, ANCHOR);
    config.history_days = 2;
    config.rows_per_day = 150;
    config
}

fn run(dir: &std::path::Path, args: &[&str]) -> String {
    let output = common::cli_command(dir)
        .args(args)
        .env("TUANZHANG_APP_SECRET", DEMO_APP_SECRET)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the CLI runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{args:?}: {stdout}{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

fn platform_totals(stats: &serde_json::Value, platform: &str) -> (u64, u64, i64, i64) {
    let p = &stats["platforms"][platform];
    let number = |key: &str| p[key].as_i64().unwrap_or_else(|| panic!("platforms.{platform}.{key} in {stats}"));
    (number("rows") as u64, number("orders") as u64, number("estimate_fee_fen"), number("actual_fee_fen"))
}

fn summary_totals(summary: &Summary) -> (u64, u64, i64, i64) {
    (summary.rows, summary.orders, summary.estimate_fee_fen, summary.actual_fee_fen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_sync_runs_every_platform_and_stats_match_each_sandbox() {
    let local = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let jd = Arc::new(Sandbox::new(config(1))).serve(local).await.expect("JD serves");
    let pdd = Arc::new(PddSandbox::new(config(1))).serve(local).await.expect("PDD serves");
    let taobao = Arc::new(TaobaoSandbox::new(config(1))).serve(local).await.expect("Taobao serves");
    let dir = tempfile::tempdir().expect("temp dir");
    let dir = dir.path();

    run(dir, &["account", "set-jd", "--gateway", &jd.gateway_url(), "--app-key", DEMO_APP_KEY]);
    run(dir, &["account", "set-pdd", "--gateway", &pdd.gateway_url(), "--client-id", DEMO_APP_KEY]);
    run(dir, &["account", "set-taobao", "--gateway", &taobao.gateway_url(), "--app-key", DEMO_APP_KEY]);
    let synced = run(dir, &["sync", "--backfill-days", "3"]);
    for platform in ["jd", "pdd", "taobao"] {
        assert!(synced.contains(&format!("sync succeeded ({platform})")), "{synced}");
    }

    let stats: serde_json::Value = serde_json::from_str(&run(dir, &["stats", "--json"])).expect("stats is JSON");
    let expected = [
        ("jd", summary_totals(&jd.sandbox.summary())),
        ("pdd", summary_totals(&pdd.sandbox.summary())),
        ("taobao", summary_totals(&taobao.sandbox.summary())),
    ];
    for (platform, summary) in expected {
        assert!(summary.0 > 100, "{platform}'s sandbox serves rows");
        assert_eq!(platform_totals(&stats, platform), summary, "{platform}");
    }
    // No id of one platform met another's: every row of each is its own.
    let all_rows: u64 = expected.iter().map(|(_, s)| s.0).sum();
    assert_eq!(stats["rows"].as_u64(), Some(all_rows));

    let again = run(dir, &["sync", "--platform", "pdd"]);
    assert!(again.contains("sync succeeded (pdd)") && again.contains(" 0 rows written"), "{again}");
    assert!(!again.contains("(jd)") && !again.contains("(taobao)"), "only 多多进宝 ran: {again}");
}
