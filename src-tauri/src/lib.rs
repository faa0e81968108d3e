//! 团长工作台 desktop shell: opens the store (demo mode when no account is set), registers the commands
//! from their one list and starts the background tasks.

mod commands;
mod state;
mod tasks;

pub use commands::COMMAND_NAMES;
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

/// `tauri::generate_handler!` over every command in `commands/list.rs`.
macro_rules! handler {
    ($($area:ident::$name:ident),* $(,)?) => { tauri::generate_handler![$(commands::$area::$name),*] };
}

/// The app's commands on any runtime (the real one, or tests' mock one).
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(commands::app_commands!(handler))
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("TUANZHANG_LOG").unwrap_or_else(|_| "warn".into()))
        .init();
    let outcome = with_commands(tauri::Builder::default())
        .setup(|app| {
            let dir = data_dir(app)?;
            let state = tauri::async_runtime::block_on(AppState::open(&dir))?;
            let settings = tauri::async_runtime::block_on(tuanzhang::store::settings::load(state.store.pool()))?;
            tasks::start(app.handle(), state.sync.clone(), state.store.clone(), settings.sync_interval());
            app.manage(state);
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(error) = outcome {
        eprintln!("Tuanzhang cannot start: {error}");
        std::process::exit(1);
    }
}
