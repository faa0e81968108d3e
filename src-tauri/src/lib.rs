//! 团长工作台 desktop shell: opens the store (demo mode when no account is
//! set), registers the commands and starts a first sync.

mod care_commands;
mod commands;
mod files;
mod notices;
mod state;

pub use state::{AppInfo, AppState};
use std::path::PathBuf;
use tauri::Manager;

/// `--data-dir DIR`, else `TUANZHANG_DATA_DIR`, else the OS app-data folder.
fn data_dir(app: &tauri::App) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            return args.next().map(PathBuf::from).ok_or_else(|| "--data-dir needs a folder".into());
        }
        if let Some(dir) = arg.strip_prefix("--data-dir=") {
            return Ok(PathBuf::from(dir));
        }
    }
    match std::env::var_os("TUANZHANG_DATA_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => Ok(app.path().app_data_dir()?),
    }
}

/// The app's commands on any runtime (the real one, or tests' mock one).
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::app_info,
        commands::dashboard,
        commands::trend_chart,
        commands::daily_earnings,
        commands::list_groups,
        commands::list_partners,
        commands::list_materials,
        commands::create_material,
        commands::sync_status,
        commands::sync_now,
        commands::month_money,
        commands::month_money_rows,
        commands::row_timeline,
        commands::group_detail,
        commands::create_group,
        commands::update_group,
        commands::archive_group,
        commands::record_group_members,
        commands::position_choices,
        commands::create_position,
        files::import_preview,
        files::import_commit,
        files::import_progress,
        files::save_import_template,
        files::export_table,
        commands::partner_detail,
        commands::create_partner,
        commands::update_partner,
        commands::move_partner,
        care_commands::today_tasks,
        care_commands::record_care,
        care_commands::care_history,
        care_commands::onboarding_plan,
        care_commands::set_onboarding_step,
        care_commands::care_rules,
        care_commands::create_care_rule,
        care_commands::set_care_rule_active,
        care_commands::set_mentor,
        care_commands::set_care_settings,
        care_commands::desktop_notifications,
        care_commands::set_desktop_notifications,
        commands::group_temperature,
        commands::set_group_check,
        commands::group_stats,
        commands::size_chart,
        commands::partner_children,
    ])
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("TUANZHANG_LOG").unwrap_or_else(|_| "warn".into()))
        .init();
    let outcome = with_commands(tauri::Builder::default())
        .setup(|app| {
            let dir = data_dir(app)?;
            let state = tauri::async_runtime::block_on(AppState::open(&dir))?;
            let sync = state.sync.clone();
            let store = state.store.clone();
            let interval = tauri::async_runtime::block_on(tuanzhang::settings::sync_interval(state.store.pool()))?;
            app.manage(state);
            // Syncs at once when the last success is older than the interval,
            // then on the interval; a credential error pauses it (the 同步
            // page says why) until a manual run succeeds.
            tauri::async_runtime::spawn(async move {
                let outcome = tuanzhang::sync::schedule::watch(&sync, interval, |_| {}, |_| {}, false).await;
                if let Err(error) = outcome {
                    tracing::error!(%error, "the sync schedule stopped");
                }
            });
            tauri::async_runtime::spawn(notices::watch(store));
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(error) = outcome {
        eprintln!("团长工作台无法启动 / cannot start: {error}");
        std::process::exit(1);
    }
}
