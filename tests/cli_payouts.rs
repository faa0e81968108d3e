//! `tuanzhang payout …`: the same engine as the window, from a terminal.

mod common;

use common::{cli, config, World, NOW};
use serde_json::Value;

#[tokio::test]
async fn a_plan_deeper_than_the_law_allows_exits_non_zero_and_a_closed_month_adds_up() {
    let world = World::new(config(31, 120, NOW)).await;
    world.sync().await.expect("sync");
    let dir = world.dir().to_path_buf();
    let run = move |args: Vec<&'static str>| {
        let dir = dir.clone();
        async move { tokio::task::spawn_blocking(move || cli(&dir, &args)).await.expect("the CLI ran") }
    };

    let (_, said, ok) =
        run(vec!["payout", "plan", "set", "--own-rate", "50", "--override-rate", "5", "--override-levels", "2"]).await;
    assert!(!ok, "refused");
    assert!(said.contains("overrideLevels") && said.contains("4 levels"), "it says why: {said}");
    let (text, _, ok) = run(vec!["payout", "plan", "show", "--json"]).await;
    assert!(ok && text.trim() == "null", "nothing was stored: {text}");

    let (_, said, ok) = run(vec![
        "payout",
        "plan",
        "set",
        "--own-rate",
        "50",
        "--role",
        "shopkeeper",
        "--own-rate",
        "60",
        "--minimum",
        "1",
        "--from",
        "2026-09-01",
    ])
    .await;
    assert!(ok, "{said}");
    let (text, _, _) = run(vec!["payout", "plan", "show", "--json"]).await;
    let plan: Value = serde_json::from_str(&text).expect("the plan as JSON");
    assert_eq!(plan["ownRate"], 5000, "the rate typed before any --role is the plan's: {plan}");
    assert_eq!(plan["roleRates"][0]["role"], "shopkeeper");
    assert_eq!(plan["roleRates"][0]["ownRate"], 6000, "the rate typed right after --role is the role's");
    let (_, said, ok) = run(vec!["payout", "plan", "set", "--own-rate", "50", "--role", "leader"]).await;
    assert!(!ok && said.contains("--role leader"), "a role without its rate is refused: {said}");
    let (_, said, ok) = run(vec!["payout", "close", "--month", "2026-10"]).await;
    assert!(!ok && said.contains("2026-09"), "September closes first: {said}");
    for month in ["2026-09", "2026-10"] {
        let (_, said, ok) = run(vec!["payout", "close", "--month", month]).await;
        assert!(ok, "{month}: {said}");
    }
    let (text, said, ok) = run(vec!["payout", "statements", "--month", "2026-10", "--json"]).await;
    assert!(ok, "{said}");
    let json: Value = serde_json::from_str(&text).expect("json");
    assert_eq!((json["month"].as_str(), json["closed"].as_bool()), (Some("2026-10"), Some(true)));
    let fen = |v: &Value, k: &str| v[k].as_i64().unwrap_or_else(|| panic!("{k} in {v}"));
    assert_eq!(fen(&json, "partners_fen") + fen(&json, "hers_fen"), fen(&json, "settled_fen"));
    let statements = json["statements"].as_array().expect("statements");
    assert!(!statements.is_empty());
    let mut lines = 0;
    for s in statements {
        for key in [
            "opening_fen",
            "earned_fen",
            "override_fen",
            "reversed_fen",
            "adjusted_fen",
            "paid_fen",
            "closing_fen",
            "payable_fen",
            "pending_fen",
        ] {
            fen(s, key);
        }
        assert!(s["partner"]["id"].is_i64() && s["partner"]["name"].is_string());
        assert_eq!(
            fen(s, "closing_fen"),
            fen(s, "opening_fen")
                + fen(s, "earned_fen")
                + fen(s, "override_fen")
                + fen(s, "reversed_fen")
                + fen(s, "adjusted_fen")
                - fen(s, "paid_fen")
        );
        lines += fen(s, "earned_fen") + fen(s, "override_fen") + fen(s, "reversed_fen") + fen(s, "adjusted_fen");
    }
    assert_eq!(lines, fen(&json, "partners_fen"));

    let partner = statements[0]["partner"]["id"].as_i64().expect("id").to_string();
    let partner: &'static str = Box::leak(partner.into_boxed_str());
    let (_, said, ok) =
        run(vec!["payout", "pay", "--partner", partner, "--amount", "1.005", "--method", "wechat"]).await;
    assert!(!ok && said.contains("amount"), "three decimals are refused: {said}");
    let (text, said, ok) =
        run(vec!["payout", "pay", "--partner", partner, "--amount", "1", "--method", "wechat", "--reference", "wx1"])
            .await;
    assert!(ok, "{said}");
    assert!(text.contains("2026-09"), "paid against the oldest statement with a balance: {text}");
    let (_, said, ok) =
        run(vec!["payout", "adjust", "--partner", partner, "--amount", "-0.5", "--reason", "多付退回"]).await;
    assert!(ok, "{said}");
    let (_, said, ok) = run(vec!["check"]).await;
    assert!(ok, "the closed months' hashes hold: {said}");
}
