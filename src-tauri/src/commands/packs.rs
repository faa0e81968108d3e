//! Training packs in the window: exported to Downloads; imported from the
//! raw bytes of the file she picked, previewed first, then applied with
//! her choices (sent in headers, as imports send theirs).

use super::files::{downloads, free_path, percent_decode};
use super::{header, header_choice, uploaded, Reply, ShellError};
use crate::state::AppState;
use std::collections::HashMap;
use tauri::ipc::Request;
use tauri::{AppHandle, Runtime, State};
use tuanzhang::model::Message;
use tuanzhang::store::atomic::Existing;
// Under the names ts-rs gives them, which the generated client reads (tests/client.rs).
use tuanzhang::materials::packs::import::{self, Plan as PackPlan, Resolution as PackResolution, Tally as PackTally};
use tuanzhang::materials::packs::read::{self, Pack};
use tuanzhang::materials::packs::write::{self, Author, Selection};
use tuanzhang::materials::packs::Notes;
use tuanzhang::media::MediaStore;
use tuanzhang::model::{now_epoch, BizDay, CourseId, FolderId};

/// The largest pack the window sends. Its bytes are held whole in the window
/// and again here, so the cap stays well under the engine's own
/// (`read::MAX_PACK_BYTES`, which the CLI reads from disk against).
pub const WINDOW_PACK_BYTES: u64 = 64 * 1024 * 1024;

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
        (None, None, None) => return Err(ShellError::Refused(Message::new("pack.nothingToExport")).into()),
    };
    let path = free_path(&downloads(&app, &state)?, &format!("素材包-{}", BizDay::today()), "tzpack");
    let store = state.current().store.clone();
    let author =
        Author { name: "团长工作台", notes: if include_notes { Notes::Included } else { Notes::Omitted } };
    write::export(store.pool(), &MediaStore::of(&store), &selection, author, &path, Existing::Keep, now_epoch())
        .await?;
    Ok(path.display().to_string())
}

/// The pack she picked, read and checked off the runtime: inflating and
/// hashing a large pack takes seconds, during which this worker's other
/// commands move to another thread (the body is borrowed, so a pack is
/// not copied for it).
fn pack_of(request: &Request<'_>) -> Reply<Pack> {
    let bytes = uploaded(request, |length| read::check_size(length as u64, WINDOW_PACK_BYTES))?;
    let multi_thread = tokio::runtime::Handle::try_current()
        .is_ok_and(|runtime| runtime.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
    let pack = if multi_thread { tokio::task::block_in_place(|| read::open(bytes)) } else { read::open(bytes) };
    Ok(pack?)
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn pack_preview(state: State<'_, AppState>, request: Request<'_>) -> Reply<PackPlan> {
    let pack = pack_of(&request)?;
    Ok(import::plan(state.current().store.pool(), &pack).await?)
}

/// `x-on-conflict` settles every conflict not named in `x-choices` (a
/// percent-encoded JSON object of material id to choice).
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn pack_import(state: State<'_, AppState>, request: Request<'_>) -> Reply<PackTally> {
    let pack = pack_of(&request)?;
    let otherwise: PackResolution = header_choice(&request, "x-on-conflict")?;
    let choices: HashMap<String, PackResolution> =
        serde_json::from_str(&percent_decode(header(&request, "x-choices")?))
            .map_err(|_| ShellError::header_missing("x-choices"))?;
    let store = state.current().store.clone();
    Ok(import::apply(store.pool(), &MediaStore::of(&store), &pack, otherwise, &choices, now_epoch()).await?)
}
