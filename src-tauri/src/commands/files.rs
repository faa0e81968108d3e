//! Files in and out of the window: imports arrive as raw bytes (no JSON array of numbers for a 10 MB
//! spreadsheet) with their metadata in headers, and report progress as `import-progress` events;
//! exports and templates are written to the Downloads folder and the path is shown to her.

use super::{header, header_choice, uploaded, Reply, ShellError};
use crate::state::AppState;
use serde::Serialize;
use std::path::{Path, PathBuf};
use tauri::ipc::Request;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tuanzhang::files::import::{self, DuplicatePolicy, ImportKind, ImportOutcome, ImportPreview};
use tuanzhang::files::tabular::{self, SourceTable};
use tuanzhang::files::{archive, export};
use tuanzhang::model::Message;
use tuanzhang::model::{now_epoch, BizDay};
use tuanzhang::store::atomic::{self, Existing};

/// The event an import's progress arrives as.
pub const IMPORT_PROGRESS_EVENT: &str = "import-progress";

#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// The uploaded file as a table, named as the user knows it.
fn table_of(request: &Request<'_>) -> Reply<(ImportKind, SourceTable)> {
    let kind = header_choice(request, "x-kind")?;
    let name = percent_decode(header(request, "x-file-name")?);
    let bytes = uploaded(request, |length| tabular::check_size(&name, length as u64))?;
    let table = tabular::read(&name, bytes)?;
    Ok((kind, table))
}

/// `encodeURIComponent` undone: file names are Chinese more often than not.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn import_preview(state: State<'_, AppState>, request: Request<'_>) -> Reply<ImportPreview> {
    let (kind, table) = table_of(&request)?;
    Ok(import::preview(state.current().store.pool(), kind, &table, BizDay::today()).await?)
}

/// Writes every good row in one transaction, telling the window how far it is as it goes.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn import_commit<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Reply<ImportOutcome> {
    let (kind, table) = table_of(&request)?;
    let policy = match header(&request, "x-policy")? {
        "merge" => DuplicatePolicy::Merge,
        _ => DuplicatePolicy::Skip,
    };
    let report = move |done, total| {
        if let Err(error) = app.emit(IMPORT_PROGRESS_EVENT, ImportProgress { done, total }) {
            tracing::warn!(%error, "cannot tell the window the import's progress");
        }
    };
    let (_, outcome) =
        import::commit(state.current().store.pool(), kind, &table, policy, BizDay::today(), now_epoch(), report)
            .await?;
    Ok(outcome)
}

fn file_label(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Partners => "团队",
        ImportKind::Groups => "社群",
    }
}

fn extension(format: &str) -> Reply<&'static str> {
    match format {
        "csv" => Ok("csv"),
        "xlsx" => Ok("xlsx"),
        other => Err(ShellError::Refused(Message::new("files.format.unknown").with("value", other)).into()),
    }
}

/// A free name in `folder` for a file named from her words, made safe on
/// every system (`files::names`): `name.ext`, else `name (2).ext`, …
pub(crate) fn free_path(folder: &Path, name: &str, ext: &str) -> PathBuf {
    tuanzhang::files::names::free_path(folder, name, ext, "团长工作台")
}

/// Her Downloads folder (the data folder where a system has none).
pub(crate) fn downloads<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> Reply<PathBuf> {
    let folder = app.path().download_dir().unwrap_or_else(|_| state.folder.root().to_path_buf());
    std::fs::create_dir_all(&folder).map_err(|e| {
        ShellError::Failed(Message::new("files.folder.create").with("path", folder.display()).with("reason", e))
    })?;
    Ok(folder)
}

/// Writes under a free name in Downloads, never over a file that is there
/// (one appearing between the choice and the write takes the next name).
pub(crate) fn save<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    name: &str,
    ext: &str,
    bytes: &[u8],
) -> Reply<String> {
    let folder = downloads(app, state)?;
    let mut tries = 0;
    loop {
        let path = free_path(&folder, name, ext);
        match atomic::write(&path, bytes, Existing::Keep) {
            Ok(()) => return Ok(path.display().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 5 => tries += 1,
            Err(e) => {
                return Err(ShellError::Failed(
                    Message::new("files.write").with("path", path.display()).with("reason", e),
                )
                .into())
            }
        }
    }
}

#[tauri::command]
#[tracing::instrument(skip(app, state), err)]
pub async fn save_import_template<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: ImportKind,
    format: String,
) -> Reply<String> {
    let ext = extension(&format)?;
    let bytes = export::template(kind, &format!("t.{ext}"))?;
    save(&app, &state, &format!("{}导入模板", file_label(kind)), ext, &bytes)
}

#[tauri::command]
#[tracing::instrument(skip(app, state), err)]
pub async fn export_table<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: ImportKind,
    format: String,
    reveal: bool,
) -> Reply<String> {
    let ext = extension(&format)?;
    let exported = export::export(state.current().store.pool(), kind, &format!("t.{ext}"), reveal).await?;
    save(&app, &state, &format!("{}-{}", file_label(kind), BizDay::today()), ext, &exported.bytes)
}

/// 设置 → 导出全部数据: every table in one ZIP in Downloads; contacts are
/// masked unless she asked (the window confirms a revealed export first).
#[tauri::command]
#[tracing::instrument(skip(app, state), err)]
pub async fn export_everything<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    reveal: bool,
) -> Reply<String> {
    let path = free_path(&downloads(&app, &state)?, &format!("团长工作台-全部数据-{}", BizDay::today()), "zip");
    archive::export_everything(&state.current().store, &path, Existing::Keep, reveal, now_epoch()).await?;
    Ok(path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_survive_uri_encoding() {
        assert_eq!(percent_decode("%E5%9B%A2%E9%98%9F.csv"), "团队.csv");
        assert_eq!(percent_decode("a%2"), "a%2");
    }
}
