//! A second launch of the app leaves a request in the data folder (see
//! `start.rs`); the running app brings its window forward when it finds it.
//! A look every half second is one `stat`, on every desktop OS alike.

use crate::start::SHOW_REQUEST;
use std::path::PathBuf;
use std::time::Duration;
use tauri::Manager;

const LOOK_EVERY: Duration = Duration::from_millis(500);

pub async fn watch<R: tauri::Runtime>(app: tauri::AppHandle<R>, folder: PathBuf) {
    let request = folder.join(SHOW_REQUEST);
    // A request left from before this start was for an app that is gone.
    let _ = std::fs::remove_file(&request);
    let mut tick = tokio::time::interval(LOOK_EVERY);
    loop {
        tick.tick().await;
        if std::fs::remove_file(&request).is_ok() {
            bring_forward(&app);
        }
    }
}

fn bring_forward<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    let Some(window) = app.get_webview_window("main") else { return };
    let shown = window.unminimize().and_then(|()| window.show()).and_then(|()| window.set_focus());
    if let Err(error) = shown {
        tracing::warn!(%error, "cannot bring the window forward");
    }
}
