//! 团长工作台 desktop shell: opens the store (demo mode when no account is set), registers the commands
//! from their one list and starts the background tasks.

mod commands;
mod state;
mod tasks;

pub use commands::COMMAND_NAMES;
pub use state::{AppInfo, AppState};
use std::path::PathBuf;
use tauri::Manager;
use tuanzhang::store::DataFolder;

/// `--data-dir DIR`, else `TUANZHANG_DATA_DIR`, else the OS app-data folder
/// named for the app: the same folder the CLI resolves.
fn data_folder() -> Result<DataFolder, Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            let dir = args.next().ok_or("--data-dir needs a folder")?;
            return Ok(DataFolder::at(&PathBuf::from(dir)));
        }
        if let Some(dir) = arg.strip_prefix("--data-dir=") {
            return Ok(DataFolder::at(&PathBuf::from(dir)));
        }
    }
    Ok(DataFolder::resolve(None))
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
            let state = tauri::async_runtime::block_on(AppState::open(data_folder()?))
                .map_err(|error| -> Box<dyn std::error::Error> { error })?;
            tasks::start(app.handle(), &state);
            app.manage(state);
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(error) = outcome {
        eprintln!("Tuanzhang cannot start: {error}");
        std::process::exit(1);
    }
}
