//! The IPC boundary with no display: the app's own config and capability
//! file, the mock runtime, real commands over a real store.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};
use tuanzhang::store::DataFolder;
use tuanzhang_desktop::{
    hand_over_to_running, watch_show_requests, with_commands, AppState, Starting, Startup, SHOW_REQUEST,
};

fn request(cmd: &str, args: Value) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("a valid url"),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

fn call(webview: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(webview, request(cmd, args)).map(|body| body.deserialize::<Value>().expect("JSON answer"))
}

/// A test's app; dropping it closes the open store and waits for every
/// connection, so none is still closing when the test process exits
/// (SQLCipher's exit clean-up would meet it).
struct TestApp(tauri::App<MockRuntime>);

impl Drop for TestApp {
    fn drop(&mut self) {
        use tauri::Manager;
        if let Some(state) = self.0.try_state::<AppState>() {
            tauri::async_runtime::block_on(state.close());
        }
    }
}

/// The app over the store in `dir`, with the real config and capabilities,
/// and a window with the given label.
fn app_with_window(dir: &std::path::Path, label: &str) -> (TestApp, WebviewWindow<MockRuntime>) {
    let state = tauri::async_runtime::block_on(AppState::open(DataFolder::at(dir))).expect("state opens");
    let app = with_commands(mock_builder())
        .manage(state)
        .manage(Starting::settled(Startup::fine(DataFolder::at(dir))))
        .build(tauri::generate_context!())
        .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, label, Default::default()).build().expect("window");
    (TestApp(app), window)
}

#[test]
fn commands_answer_typed_values_and_errors_cross_as_code_key_and_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, webview) = app_with_window(dir.path(), "main");

    let info = call(&webview, "app_info", json!({})).expect("app_info");
    assert_eq!(info["demo"], true, "no account configured means demo mode");

    let dashboard = call(&webview, "dashboard", json!({})).expect("dashboard");
    assert_eq!(dashboard["month_orders"], 0, "nothing synced yet");

    let error =
        call(&webview, "create_material", json!({ "draft": { "title": "  ", "kind": "script", "body": "早安！" } }))
            .expect_err("an empty title is refused");
    assert_eq!(error["code"], "Validation");
    assert_eq!(
        (error["field"].as_str(), error["key"].as_str()),
        (Some("title"), Some("materials.titleLength")),
        "{error}"
    );
    assert_eq!(error["params"]["max"], "100", "the UI words it from its catalog with these values");

    let saved = call(
        &webview,
        "create_material",
        json!({ "draft": { "title": "早安话术", "kind": "script", "body": "<b>早安</b>" } }),
    )
    .expect("a good material saves");
    assert_eq!(saved["body"], "<b>早安</b>", "stored as typed; the UI shows it as text");
    let page =
        call(&webview, "list_materials", json!({ "filter": {}, "page": { "offset": 0, "limit": 50 } })).expect("list");
    assert_eq!(page["total"], 1);
    let found = call(&webview, "search_materials", json!({ "query": "早" })).expect("search");
    assert_eq!(found["hits"][0]["material"]["title"], "早安话术", "a one-character word finds it");

    let svg = call(&webview, "trend_chart", json!({ "lang": "zh-CN" })).expect("chart");
    assert!(svg.as_str().is_some_and(|s| s.starts_with("<svg")));
}

#[test]
fn a_window_not_named_in_the_capability_file_may_call_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, other) = app_with_window(dir.path(), "other");
    assert!(call(&other, "dashboard", json!({})).is_err());
}

#[test]
fn no_command_ever_answers_with_the_app_secret() {
    // Keep the planted secret out of a developer's real keyring.
    std::env::set_var("TUANZHANG_SECRET_STORE", "file");
    let dir = tempfile::tempdir().expect("temp dir");
    let secret = format!("planted-ipc-{}", std::process::id());
    tauri::async_runtime::block_on(async {
        let secrets = tuanzhang::store::secrets::open_default(dir.path());
        let key = tuanzhang::store::StoreKey::load_or_create(secrets.as_ref()).expect("key");
        let store = tuanzhang::store::Store::open(dir.path(), &key).await.expect("store");
        tuanzhang::account::set_jd(
            store.pool(),
            secrets.as_ref(),
            "http://127.0.0.1:9/routerjson",
            "key",
            &secret,
            false,
        )
        .await
        .expect("account");
        store.close().await;
    });
    let (_app, webview) = app_with_window(dir.path(), "main");
    let page = json!({ "filter": {}, "page": { "offset": 0, "limit": 50 } });
    let mut answers = String::new();
    for (cmd, args) in [
        ("app_info", json!({})),
        ("dashboard", json!({})),
        ("trend_chart", json!({ "lang": "en" })),
        ("list_groups", json!({ "archived": false, "page": { "offset": 0, "limit": 50 } })),
        ("position_choices", json!({})),
        ("group_stats", json!({ "days": 30 })),
        ("size_chart", json!({ "days": 30, "lang": "zh" })),
        ("today_tasks", json!({})),
        ("list_partners", json!({ "search": "", "sort": "name", "page": { "at": { "kind": "first" }, "limit": 50 } })),
        ("list_materials", page),
        ("sync_status", json!({})),
    ] {
        let answer = call(&webview, cmd, args).unwrap_or_else(|e| e);
        answers.push_str(&answer.to_string());
    }
    assert!(answers.contains("\"demo\":false"), "a real account, not the demo");
    assert!(!answers.contains(&secret));
}

#[test]
fn money_explained_answers_for_a_month_and_refuses_a_malformed_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, webview) = app_with_window(dir.path(), "main");

    let month = call(&webview, "month_money", json!({ "month": "2026-11" })).expect("month_money");
    assert_eq!(month["month"], "2026-11");
    assert_eq!(month["settled"], json!({ "fen": 0, "rows": 0 }), "nothing synced yet");

    let error = call(&webview, "month_money", json!({ "month": "11月" })).expect_err("not a month");
    assert_eq!(error["code"], "Validation");

    let rows = call(
        &webview,
        "month_money_rows",
        json!({ "month": "2026-11", "kind": "refunded", "page": { "offset": 0, "limit": 50 } }),
    )
    .expect("month_money_rows");
    assert_eq!(rows["total"], 0);

    let missing = call(&webview, "row_timeline", json!({ "rowId": 42 })).expect_err("no such row");
    assert_eq!(missing["code"], "NotFound");
}

#[test]
fn a_group_form_error_names_its_field_and_a_saved_group_reads_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, webview) = app_with_window(dir.path(), "main");
    let group = |name: &str| {
        json!({ "group": { "name": name, "kind": "sales", "position_id": null, "owner_partner_id": null,
                           "tags": ["宝妈"], "notes": "", "wechat_created_on": null } })
    };
    let error = call(&webview, "create_group", group(" ")).expect_err("a blank name is refused");
    assert_eq!((error["code"].as_str(), error["field"].as_str()), (Some("Validation"), Some("name")));

    let saved = call(&webview, "create_group", group("宝妈好物9群")).expect("saves");
    let id = saved["id"].clone();
    call(&webview, "archive_group", json!({ "id": id, "archived": true })).expect("archives");
    let archived = call(&webview, "list_groups", json!({ "archived": true, "page": { "offset": 0, "limit": 50 } }))
        .expect("lists archived");
    assert_eq!(archived["items"][0]["name"], "宝妈好物9群");
    let detail = call(&webview, "record_group_members", json!({ "id": id, "members": 123 })).expect("records");
    assert_eq!(detail["members"][0]["members"], 123);
    assert_eq!(detail["archived"], true);
}

#[test]
fn a_payout_plan_is_refused_at_its_field_or_saved_and_a_bad_month_or_file_kind_is_refused_at_its_own() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, webview) = app_with_window(dir.path(), "main");
    let months = call(&webview, "payout_months", json!({})).expect("payout_months");
    assert_eq!(months["hasPlan"], false);
    assert_eq!(call(&webview, "payout_plan", json!({})).expect("payout_plan"), Value::Null);

    let plan = |own: &str| json!({ "plan": { "ownRate": own, "effectiveFrom": "2026-10-01" } });
    let error = call(&webview, "set_payout_plan", plan("120")).expect_err("over 100 %");
    assert_eq!((error["code"].as_str(), error["field"].as_str()), (Some("Validation"), Some("ownRate")));
    let saved = call(&webview, "set_payout_plan", plan("10.5")).expect("saves");
    assert_eq!((saved["version"].as_i64(), saved["ownRate"].as_i64()), (Some(1), Some(1050)));
    assert_eq!(call(&webview, "payout_plan", json!({})).expect("reads back")["version"], 1);
    assert_eq!(call(&webview, "payout_reminder", json!({})).expect("payout_reminder")["hasPlan"], true);

    let error = call(&webview, "month_statements", json!({ "month": "11月" })).expect_err("not a month");
    assert_eq!((error["code"].as_str(), error["field"].as_str()), (Some("Validation"), Some("month")));
    let error = call(
        &webview,
        "export_partner_statement",
        json!({ "partner": 1, "month": "2026-10", "format": "svg", "lang": "zh-CN" }),
    )
    .expect_err("not a statement's file");
    assert_eq!((error["code"].as_str(), error["key"].as_str()), (Some("Validation"), Some("statement.error.format")));
}

fn upload(cmd: &str, kind: &str, file_name: &str, policy: &str, bytes: Vec<u8>) -> InvokeRequest {
    let mut headers = tauri::http::HeaderMap::new();
    headers.insert("x-kind", kind.parse().expect("header"));
    headers.insert("x-file-name", file_name.parse().expect("header"));
    headers.insert("x-policy", policy.parse().expect("header"));
    InvokeRequest { body: InvokeBody::Raw(bytes), headers, ..request(cmd, json!({})) }
}

#[test]
fn a_file_uploaded_as_raw_bytes_is_previewed_then_imported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, webview) = app_with_window(dir.path(), "main");
    let (gbk, _, _) = encoding_rs::GBK.encode("姓名,微信号,手机\n王芳,wangfang1,13800000001\n李娜,lina0002,12345\n");
    let file = "%E5%9B%A2%E9%98%9F.csv";
    let preview = get_ipc_response(&webview, upload("import_preview", "partners", file, "skip", gbk.to_vec()))
        .map(|b| b.deserialize::<Value>().expect("JSON"))
        .expect("preview");
    assert_eq!(preview["file"], "团队.csv");
    assert_eq!((preview["rows"].as_u64(), preview["ready"].as_u64()), (Some(2), Some(1)));
    assert_eq!(preview["issues"][0]["line"], 3);
    assert_eq!(preview["issues"][0]["column"], "手机");

    let total = |webview: &WebviewWindow<MockRuntime>| {
        call(
            webview,
            "list_partners",
            json!({ "search": "", "sort": "added", "page": { "at": { "kind": "first" }, "limit": 1 } }),
        )
        .expect("list")["total"]
            .as_u64()
    };
    let before = total(&webview).expect("a total");
    let outcome = get_ipc_response(&webview, upload("import_commit", "partners", file, "skip", gbk.to_vec()))
        .map(|b| b.deserialize::<Value>().expect("JSON"))
        .expect("commit");
    assert_eq!((outcome["imported"].as_u64(), outcome["skipped"].as_u64()), (Some(1), Some(1)));
    assert_eq!(total(&webview), Some(before + 1));

    let broken =
        get_ipc_response(&webview, upload("import_preview", "partners", "x.xlsx", "skip", b"not a zip".to_vec()))
            .map(|b| b.deserialize::<Value>().expect("JSON"))
            .expect_err("a broken workbook is refused");
    assert_eq!(broken["code"], "Validation");
    assert_eq!(
        (broken["key"].as_str(), broken["params"]["file"].as_str()),
        (Some("table.xlsx"), Some("x.xlsx")),
        "{broken}"
    );
}

#[test]
fn care_over_ipc_refuses_a_reward_without_a_rule_and_lists_today() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, webview) = app_with_window(dir.path(), "main");
    // The demo enters its team in the background, after the window opens.
    let mut today = call(&webview, "today_tasks", json!({})).expect("today");
    for _ in 0..300 {
        if today["contact"][0]["partner_id"].is_number() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        today = call(&webview, "today_tasks", json!({})).expect("today");
    }
    assert_eq!(today["care_days"], 7);
    let partner = today["contact"][0]["partner_id"].clone();
    assert!(partner.is_number(), "the demo's direct downline is on the care rhythm: {today}");
    let refused = call(
        &webview,
        "record_care",
        json!({ "partnerId": partner, "care": { "kind": "reward", "rule_id": null, "note": "" } }),
    )
    .expect_err("a reward names its rule");
    assert_eq!((refused["code"].as_str(), refused["field"].as_str()), (Some("Validation"), Some("rule_id")));
    assert_eq!(refused["key"], "care.rule.needed");
    call(
        &webview,
        "record_care",
        json!({ "partnerId": partner, "care": { "kind": "call", "rule_id": null, "note": "" } }),
    )
    .expect("a call is recorded");
    let after = call(&webview, "today_tasks", json!({})).expect("today");
    assert_eq!(after["contact_total"].as_i64(), today["contact_total"].as_i64().map(|n| n - 1));
}

#[test]
fn a_command_missing_from_the_list_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, webview) = app_with_window(dir.path(), "main");
    assert!(call(&webview, "import_progress", json!({})).is_err(), "progress is pushed as events now");
}

/// Her own platform, apart from the demo's: a second sandbox on loopback.
fn her_platform() -> tuanzhang::platform::sandbox::RunningSandbox {
    use tuanzhang::platform::sandbox::{Sandbox, SandboxConfig};
    let mut config = SandboxConfig::new(77, 1_795_003_200);
    config.rows_per_day = 20;
    config.app_key = "her-app-key".into();
    config.app_secret = "her-app-secret".into();
    tauri::async_runtime::block_on(async {
        std::sync::Arc::new(Sandbox::new(config)).serve(([127, 0, 0, 1], 0).into()).await.expect("serves")
    })
}

#[test]
fn connecting_her_account_opens_her_own_store_syncs_it_and_leaves_the_demo_apart() {
    // Keep the planted secret out of a developer's real keyring.
    std::env::set_var("TUANZHANG_SECRET_STORE", "file");
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, webview) = app_with_window(dir.path(), "main");
    assert_eq!(call(&webview, "app_info", json!({})).expect("info")["store"], "demo");
    let platform = her_platform();
    let account = |secret: &str| json!({ "account": { "platform": "jd", "gateway": platform.gateway_url(), "app_key": " her-app-key\n", "app_secret": secret } });

    let wrong = call(&webview, "test_connection", account("not-her-secret")).expect_err("a wrong secret");
    assert_eq!((wrong["field"].as_str(), wrong["key"].as_str()), (Some("app_secret"), Some("account.test.signature")));
    let tested = call(&webview, "test_connection", account("her-app-secret")).expect("her account answers");
    let positions = platform.sandbox.dataset.positions.len().to_string();
    assert_eq!(tested["found"], json!({ "key": "account.testOk", "params": { "positions": positions } }));
    let blank = call(&webview, "connect_account", account(" ")).expect_err("no secret");
    assert_eq!(blank["field"], "app_secret");

    let info = call(&webview, "connect_account", account("her-app-secret")).expect("connects");
    assert_eq!((info["store"].as_str(), info["connected"].as_bool()), (Some("mine"), Some(true)));
    assert_eq!(info["app_key"], "her-app-key", "the pasted newline is gone");
    assert_eq!(
        info["accounts"],
        json!([
            { "platform": "jd", "app_key": "her-app-key" },
            { "platform": "pdd", "app_key": null },
            { "platform": "taobao", "app_key": null }
        ]),
        "设置 lists the three platforms, hers connected on JD"
    );
    let mut status = Value::Null;
    for _ in 0..600 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        status = call(&webview, "sync_status", json!({})).expect("status");
        if status["live"]["running"] == false && status["runs"][0]["status"] != "running" {
            break;
        }
    }
    assert_eq!(status["runs"][0]["status"], "succeeded", "her first sync runs and succeeds: {status}");

    let (stats, demo_partners) = tauri::async_runtime::block_on(async {
        let secrets = tuanzhang::store::secrets::FileSecrets::new(dir.path());
        let key = tuanzhang::store::StoreKey::load_or_create(&secrets).expect("key");
        let store = tuanzhang::store::Store::open(dir.path(), &key).await.expect("her store");
        let stats = tuanzhang::store::stats::stats(store.pool()).await.expect("stats");
        let page = tuanzhang::team::PartnerPageRequest { at: tuanzhang::team::PageAt::First, limit: 1 };
        let demo = tuanzhang::team::list(store.pool(), "demo-p1001", tuanzhang::team::PartnerSort::Added, page)
            .await
            .expect("search")
            .total;
        store.close().await;
        (stats, demo)
    });
    let truth = platform.sandbox.summary();
    assert_eq!(
        (stats.rows, stats.estimate_fee_fen),
        (truth.rows, truth.estimate_fee_fen),
        "her figures are her platform's"
    );
    assert_eq!(demo_partners, 0, "no demo partner in her store");
    let answers = call(&webview, "app_info", json!({})).expect("info").to_string();
    assert!(!answers.contains("her-app-secret"), "the secret never comes back");

    let back = call(&webview, "open_store", json!({ "store": "demo" })).expect("back to the demo");
    assert_eq!((back["store"].as_str(), back["demo"].as_bool()), (Some("demo"), Some(true)));
    assert_eq!(
        DataFolder::at(dir.path()).chosen(),
        Some(tuanzhang::store::StoreKind::Demo),
        "the choice is remembered"
    );
}

#[test]
fn a_restore_asked_for_happens_at_the_next_start_before_the_store_opens() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = DataFolder::at(dir.path());
    let partners = |state: &AppState| {
        let page = tuanzhang::team::PartnerPageRequest { at: tuanzhang::team::PageAt::First, limit: 1 };
        tauri::async_runtime::block_on(tuanzhang::team::list(
            state.current().store.pool(),
            "",
            tuanzhang::team::PartnerSort::Added,
            page,
        ))
        .expect("list")
        .total
    };
    let state = tauri::async_runtime::block_on(AppState::open(folder.clone())).expect("opens");
    let copy = tauri::async_runtime::block_on(tuanzhang::store::backups::create(
        state.current().store.pool(),
        &state.current().dir,
        tuanzhang::store::BackupReason::Manual,
        tuanzhang::model::now_epoch(),
    ))
    .expect("a copy now");
    let id = copy.file_stem().and_then(|s| s.to_str()).expect("an id").to_owned();
    let before = partners(&state);
    let partner = json!({ "name": "新来的", "role": "member", "wechat": "", "phone": "", "sub_union_id": "",
                          "joined_on": "", "tags": [], "notes": "" });
    let input: tuanzhang::team::PartnerInput = serde_json::from_value(partner).expect("input");
    tauri::async_runtime::block_on(tuanzhang::team::create(
        state.current().store.pool(),
        &input,
        None,
        tuanzhang::model::BizDay::today(),
        0,
    ))
    .expect("added after the copy");
    assert_eq!(partners(&state), before + 1);
    state.restore_at_next_start(&id).expect("asked");
    drop(state);

    let reopened = tauri::async_runtime::block_on(AppState::open(folder)).expect("reopens");
    assert_eq!(reopened.current().info.restore_notice.as_ref().map(|m| m.key.as_str()), Some("backup.restored"));
    assert_eq!(partners(&reopened), before, "the copy is back in place");
}

#[test]
fn the_cli_and_the_app_name_the_data_folder_alike() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json")).expect("config");
    let config: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        config["identifier"],
        tuanzhang::store::APP_IDENTIFIER,
        "the OS data folder is named for it on both sides"
    );
}

/// A store that does not open: the window still opens, on a screen that says
/// why and offers the newest copy that opens, and only that copy restores.
#[test]
fn a_damaged_store_opens_the_start_screen_with_the_newest_good_copy() {
    std::env::set_var("TUANZHANG_SECRET_STORE", "file");
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = DataFolder::at(dir.path());
    let problem = tauri::async_runtime::block_on(async {
        let secrets = tuanzhang::store::secrets::open_default(dir.path());
        let key = tuanzhang::store::StoreKey::load_or_create(secrets.as_ref()).expect("key");
        let store = tuanzhang::store::Store::open(dir.path(), &key).await.expect("her store");
        tuanzhang::account::set_jd(store.pool(), secrets.as_ref(), "http://127.0.0.1:9/routerjson", "k", "s", false)
            .await
            .expect("her account");
        let copy = tuanzhang::store::backups::create(
            store.pool(),
            dir.path(),
            tuanzhang::store::BackupReason::Manual,
            1_795_003_200,
        )
        .await
        .expect("a copy");
        store.close().await;
        let path = dir.path().join(tuanzhang::store::DB_FILE);
        let mut bytes = std::fs::read(&path).expect("store file");
        for b in &mut bytes[..4096] {
            *b = 0;
        }
        std::fs::write(&path, bytes).expect("damaged");
        let error = AppState::open(folder.clone()).await.err().expect("a damaged store does not open");
        (Startup::failed(folder.clone(), &error).await, copy)
    });
    let (startup, copy) = problem;
    let id = copy.file_stem().and_then(|s| s.to_str()).expect("an id").to_owned();
    assert!(startup.restore_target(&id).is_some(), "the offered copy can be restored");
    assert!(startup.restore_target("manual-1-0").is_none(), "no other id can");
    let app = with_commands(mock_builder())
        .manage(Starting::settled(startup))
        .build(tauri::generate_context!())
        .expect("app builds");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("window");
    let shown = call(&webview, "start_problem", json!({})).expect("start_problem");
    assert_eq!(shown["message"]["key"], "start.unreadable", "{shown}");
    assert_eq!(shown["backup"]["id"], id.as_str());
    assert_eq!(shown["backup"]["partners"], 0);
    let refused = call(&webview, "restore_after_failure", json!({ "id": "../elsewhere" })).expect_err("unknown id");
    assert_eq!(refused["code"], "NotFound");
}

/// A second launch finds the folder held by the app, leaves its request and
/// ends; the running app takes the request and brings its window forward.
/// A folder held by the command line is not handed over (the start screen
/// says who holds it).
#[test]
fn a_second_launch_hands_over_to_the_running_app() {
    use tauri::Manager;
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = DataFolder::at(dir.path());
    assert!(!hand_over_to_running(&folder), "nothing runs yet: this launch starts the app");
    let (app, _webview) = app_with_window(dir.path(), "main");
    tauri::async_runtime::spawn(watch_show_requests(app.0.app_handle().clone(), dir.path().to_path_buf()));
    assert!(hand_over_to_running(&folder), "the app holds the folder: a second launch hands over");
    let request = dir.path().join(SHOW_REQUEST);
    let mut waited = 0;
    while request.exists() && waited < 100 {
        std::thread::sleep(std::time::Duration::from_millis(50));
        waited += 1;
    }
    assert!(!request.exists(), "the running app took the request");
    drop(app);

    let cli = tempfile::tempdir().expect("temp dir");
    let _held = tuanzhang::store::lock::FolderLock::acquire(cli.path(), "tuanzhang sync").expect("lock");
    assert!(!hand_over_to_running(&DataFolder::at(cli.path())), "the command line is not the app");
}
