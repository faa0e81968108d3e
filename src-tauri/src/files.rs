//! Files in and out of the window: imports arrive as raw bytes (no JSON
//! array of numbers for a 10 MB spreadsheet) with their metadata in
//! headers; exports and templates are written to the Downloads folder and
//! the path is shown to the user.

use crate::state::AppState;
use serde::Serialize;
use std::path::{Path, PathBuf};
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Manager, Runtime, State};
use tuanzhang::app_error::{AppError, ErrorCode};
use tuanzhang::export;
use tuanzhang::import::{self, DuplicatePolicy, ImportKind, ImportOutcome, ImportPreview};
use tuanzhang::model::{now_epoch, BizDay};
use tuanzhang::tabular::{self, SourceTable};

type Reply<T> = Result<T, AppError>;

#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

fn header<'a>(request: &'a Request<'_>, name: &str) -> Reply<&'a str> {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| AppError::new(ErrorCode::Validation, format!("missing request header {name}")))
}

fn kind_of(text: &str) -> Reply<ImportKind> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| AppError::new(ErrorCode::Validation, format!("unknown table {text:?}")))
}

/// The uploaded file as a table, named as the user knows it.
fn table_of(request: &Request<'_>) -> Reply<(ImportKind, SourceTable)> {
    let kind = kind_of(header(request, "x-kind")?)?;
    let encoded = header(request, "x-file-name")?;
    let name = percent_decode(encoded);
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(AppError::new(ErrorCode::Validation, "the file must arrive as raw bytes"));
    };
    let table = tabular::read(&name, bytes).map_err(|e| AppError::new(ErrorCode::Validation, e.to_string()))?;
    Ok((kind, table))
}

/// `encodeURIComponent` undone: file names are Chinese more often than not.
fn percent_decode(text: &str) -> String {
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

fn import_error(error: import::ImportError) -> AppError {
    match error {
        import::ImportError::Store(e) => e.into(),
        other => AppError::new(ErrorCode::Validation, other.to_string()),
    }
}

#[tauri::command]
pub async fn import_preview(state: State<'_, AppState>, request: Request<'_>) -> Reply<ImportPreview> {
    let (kind, table) = table_of(&request)?;
    import::preview(state.store.pool(), kind, &table, BizDay::today()).await.map_err(import_error)
}

/// Writes every good row in one transaction; `import_progress` reports how
/// far it is meanwhile.
#[tauri::command]
pub async fn import_commit(state: State<'_, AppState>, request: Request<'_>) -> Reply<ImportOutcome> {
    let (kind, table) = table_of(&request)?;
    let policy = match header(&request, "x-policy")? {
        "merge" => DuplicatePolicy::Merge,
        _ => DuplicatePolicy::Skip,
    };
    let progress = state.import_progress.clone();
    let report = move |done, total| {
        *progress.lock().unwrap_or_else(|p| p.into_inner()) = Some(ImportProgress { done, total });
    };
    let outcome = import::commit(state.store.pool(), kind, &table, policy, BizDay::today(), now_epoch(), report).await;
    *state.import_progress.lock().unwrap_or_else(|p| p.into_inner()) = None;
    outcome.map(|(_, outcome)| outcome).map_err(import_error)
}

#[tauri::command]
pub fn import_progress(state: State<'_, AppState>) -> Option<ImportProgress> {
    *state.import_progress.lock().unwrap_or_else(|p| p.into_inner())
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
        other => Err(AppError::new(ErrorCode::Validation, format!("unknown format {other:?}: csv or xlsx"))),
    }
}

/// A free name in `folder`: `name.ext`, else `name (2).ext`, …
fn free_path(folder: &Path, name: &str, ext: &str) -> PathBuf {
    let mut path = folder.join(format!("{name}.{ext}"));
    let mut n = 2;
    while path.exists() {
        path = folder.join(format!("{name} ({n}).{ext}"));
        n += 1;
    }
    path
}

fn save<R: Runtime>(app: &AppHandle<R>, state: &AppState, name: &str, ext: &str, bytes: &[u8]) -> Reply<String> {
    let folder = app.path().download_dir().unwrap_or_else(|_| state.info.data_dir.clone());
    std::fs::create_dir_all(&folder)
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("无法创建文件夹 {}: {e}", folder.display())))?;
    let path = free_path(&folder, name, ext);
    std::fs::write(&path, bytes)
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("无法写入 {}（磁盘满了？）: {e}", path.display())))?;
    Ok(path.display().to_string())
}

#[tauri::command]
pub async fn save_import_template<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: ImportKind,
    format: String,
) -> Reply<String> {
    let ext = extension(&format)?;
    let bytes =
        export::template(kind, &format!("t.{ext}")).map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
    save(&app, &state, &format!("{}导入模板", file_label(kind)), ext, &bytes)
}

#[tauri::command]
pub async fn export_table<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: ImportKind,
    format: String,
    reveal: bool,
) -> Reply<String> {
    let ext = extension(&format)?;
    let bytes = export::export(state.store.pool(), kind, &format!("t.{ext}"), reveal).await.map_err(|e| match e {
        export::ExportError::Store(e) => AppError::from(e),
        other => AppError::new(ErrorCode::Internal, other.to_string()),
    })?;
    save(&app, &state, &format!("{}-{}", file_label(kind), BizDay::today()), ext, &bytes)
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
