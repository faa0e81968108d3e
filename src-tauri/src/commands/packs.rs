//! Training packs in the window: exported to Downloads; imported from the
//! raw bytes of the file she picked, previewed first, then applied with
//! her choices (sent in headers, as imports send theirs).

use super::files::{downloads, free_path, header, percent_decode};
use super::Reply;
use crate::state::AppState;
use std::collections::HashMap;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Runtime, State};
use tuanzhang::error::{AppError, ErrorCode, Message};
use tuanzhang::files::atomic::Existing;
use tuanzhang::materials::packs::import::{self, Plan, Resolution, Tally};
use tuanzhang::materials::packs::read::{self, Pack};
use tuanzhang::materials::packs::write::{self, Author, Selection};
use tuanzhang::materials::packs::Notes;
use tuanzhang::model::{now_epoch, BizDay, CourseId, FolderId};

/// Writes the folder's (or the tag's) pack to Downloads; answers its path.
/// Private notes go with it only when she ticked `include_notes`.
#[tauri::command]
#[tracing::instrument(skip(app, state), err)]
pub async fn export_pack<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    folder_id: Option<FolderId>,
    tag: Option<String>,
    course_id: Option<CourseId>,
    include_notes: bool,
) -> Reply<String> {
    let selection = match (folder_id, tag, course_id) {
        (Some(id), _, _) => Selection::Folder(id),
        (None, Some(tag), _) => Selection::Tag(tag),
        (None, None, Some(id)) => Selection::Course(id),
        (None, None, None) => return Err(AppError::new(ErrorCode::Validation, Message::new("pack.nothingToExport"))),
    };
    let path = free_path(&downloads(&app, &state)?, &format!("素材包-{}", BizDay::today()), "tzpack");
    let store = state.current().store.clone();
    let author =
        Author { name: "团长工作台", notes: if include_notes { Notes::Included } else { Notes::Omitted } };
    write::export(store.pool(), &store.media(), &selection, author, &path, Existing::Keep, now_epoch()).await?;
    Ok(path.display().to_string())
}

/// The pack she picked, read and checked off the runtime: inflating and
/// hashing a large pack takes seconds, during which this worker's other
/// commands move to another thread (the body is borrowed, so a pack is
/// not copied for it).
fn pack_of(request: &Request<'_>) -> Reply<Pack> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(AppError::new(ErrorCode::Validation, Message::new("files.body.notRaw")));
    };
    let multi_thread = tokio::runtime::Handle::try_current()
        .is_ok_and(|runtime| runtime.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
    let pack = if multi_thread { tokio::task::block_in_place(|| read::open(bytes)) } else { read::open(bytes) };
    Ok(pack?)
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn pack_preview(state: State<'_, AppState>, request: Request<'_>) -> Reply<Plan> {
    let pack = pack_of(&request)?;
    Ok(import::plan(state.current().store.pool(), &pack).await?)
}

/// `x-on-conflict` settles every conflict not named in `x-choices` (a
/// percent-encoded JSON object of material id to choice).
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn pack_import(state: State<'_, AppState>, request: Request<'_>) -> Reply<Tally> {
    let pack = pack_of(&request)?;
    let choice = |text: &str| -> Reply<Resolution> {
        serde_json::from_value(serde_json::Value::String(text.to_owned()))
            .map_err(|_| AppError::new(ErrorCode::Validation, Message::new("files.kind.unknown").with("value", text)))
    };
    let otherwise = choice(header(&request, "x-on-conflict")?)?;
    let choices: HashMap<String, Resolution> = serde_json::from_str(&percent_decode(header(&request, "x-choices")?))
        .map_err(|_| {
            AppError::new(ErrorCode::Validation, Message::new("files.header.missing").with("name", "x-choices"))
        })?;
    let store = state.current().store.clone();
    Ok(import::apply(store.pool(), &store.media(), &pack, otherwise, &choices, now_epoch()).await?)
}
