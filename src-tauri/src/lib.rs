//! 团长工作台 desktop shell: opens the store (demo mode when no account is set), registers the commands
//! from their one list and starts the background tasks.
// Tests may unwrap; the shipped code says why a value cannot fail or returns the error.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod commands;
mod start;
mod state;
mod tasks;

pub use commands::packs::WINDOW_PACK_BYTES;
pub use commands::COMMAND_NAMES;
pub use start::{hand_over_to_running, StartProblem, Starting, Startup, SHOW_REQUEST};
pub use state::{AppInfo, AppState, OpenError};
use std::path::PathBuf;
pub use tasks::show_window::watch as watch_show_requests;
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
    let folder = match data_folder() {
        Ok(folder) => folder,
        Err(error) => {
            eprintln!("Tuanzhang cannot start: {error}");
            std::process::exit(2);
        }
    };
    if hand_over_to_running(&folder) {
        return;
    }
    let built = with_commands(tauri::Builder::default())
        .setup(move |app| {
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(watch_show_requests(handle.clone(), folder.root().to_path_buf()));
            // Her data opens while the page loads: the event loop (which
            // serves the page its files) is not held up by the store.
            let (starting, settle) = Starting::begin();
            app.manage(starting);
            tauri::async_runtime::spawn(async move { settle.send(open_or_explain(&handle, folder).await) });
            Ok(())
        })
        .build(tauri::generate_context!());
    match built {
        Ok(app) => app.run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                close_before_exit(app);
            }
        }),
        Err(error) => {
            eprintln!("Tuanzhang cannot start: {error}");
            std::process::exit(1);
        }
    }
}

/// Closes the store on the runtime and waits for it at most a few seconds:
/// a task being stopped may itself wait on this (the main) thread, say to
/// emit an event, and the window must still close.
fn close_before_exit<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    const PATIENCE: std::time::Duration = std::time::Duration::from_secs(3);
    let handle = app.clone();
    let (closed, wait) = std::sync::mpsc::channel();
    tauri::async_runtime::spawn(async move {
        if let Some(state) = handle.try_state::<AppState>() {
            state.close().await;
        }
        let _ = closed.send(());
    });
    if wait.recv_timeout(PATIENCE).is_err() {
        tracing::warn!("the store did not close in time; exiting anyway");
    }
}

/// Opens her data and what serves it; when it does not open, the window
/// shows the start screen instead (the reason, a copy to restore, a retry).
async fn open_or_explain<R: tauri::Runtime>(app: &tauri::AppHandle<R>, folder: DataFolder) -> Startup {
    match AppState::open(folder.clone()).await {
        Ok(state) => {
            tasks::start(app, &state);
            app.manage(state);
            Startup::fine(folder)
        }
        Err(error) => {
            tracing::error!(%error, "her data did not open; the window explains");
            Startup::failed(folder, &error).await
        }
    }
}
