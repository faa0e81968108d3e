//! The training library.

use super::files::{downloads, free_path};
use super::Reply;
use crate::state::AppState;
use tauri::State;
use tauri::{AppHandle, Runtime};
use tuanzhang::error::AppError;
use tuanzhang::links::{self, LinkError, LinkTarget};
use tuanzhang::materials::copy::{self, Copied};
use tuanzhang::materials::folders::{self, Folder};
use tuanzhang::materials::list::{self, MaterialFilter};
use tuanzhang::materials::search::{self, SearchResults};
use tuanzhang::materials::variables::Values;
use tuanzhang::materials::versions::{self, MaterialVersion};
use tuanzhang::materials::{edit, Material, MaterialDraft};
use tuanzhang::materials::{picture_folder, posters, Part};
use tuanzhang::media::MediaStore;
use tuanzhang::model::paging::{Page, PageRequest};
use tuanzhang::model::{now_epoch, BizDay, FolderId, MaterialId};
use tuanzhang::model::{FormError, Message};

#[tauri::command]
// The filter's tag is her own words; only its shape is traced.
#[tracing::instrument(
    skip(state, filter),
    fields(folder = ?filter.folder_id, kind = ?filter.kind, archived = filter.archived),
    err
)]
pub async fn list_materials(
    state: State<'_, AppState>,
    filter: MaterialFilter,
    page: PageRequest,
) -> Reply<Page<Material>> {
    Ok(list::list(state.current().store.pool(), &filter, BizDay::today(), page).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn search_materials(state: State<'_, AppState>, query: String) -> Reply<SearchResults> {
    Ok(search::search(state.current().store.pool(), &query, BizDay::today()).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn create_material(state: State<'_, AppState>, draft: MaterialDraft) -> Reply<Material> {
    Ok(edit::create(state.current().store.pool(), &draft, now_epoch()).await?)
}

/// One material, as a planned post names it.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn get_material(state: State<'_, AppState>, id: MaterialId) -> Reply<Material> {
    found(&state.current().store, id).await
}

/// `base` is the revision the form was opened on.
#[tauri::command]
#[tracing::instrument(skip(state, draft), err)]
pub async fn update_material(
    state: State<'_, AppState>,
    id: MaterialId,
    base: i64,
    draft: MaterialDraft,
) -> Reply<Material> {
    Ok(edit::update(state.current().store.pool(), id, base, &draft, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn duplicate_material(state: State<'_, AppState>, id: MaterialId) -> Reply<Material> {
    Ok(edit::duplicate(state.current().store.pool(), id, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn set_material_archived(state: State<'_, AppState>, id: MaterialId, archived: bool) -> Reply<Material> {
    let pool = state.current().store.pool().clone();
    Ok(match archived {
        true => edit::archive(&pool, id, now_epoch()).await?,
        false => edit::restore(&pool, id, now_epoch()).await?,
    })
}

/// A copy to WeChat, counted.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn record_material_use(state: State<'_, AppState>, id: MaterialId) -> Reply<Material> {
    Ok(edit::record_use(state.current().store.pool(), id, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn material_versions(state: State<'_, AppState>, id: MaterialId) -> Reply<Vec<MaterialVersion>> {
    Ok(versions::list(state.current().store.pool(), id).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn bring_back_version(
    state: State<'_, AppState>,
    id: MaterialId,
    revision: i64,
    base: i64,
) -> Reply<Material> {
    Ok(versions::bring_back(state.current().store.pool(), id, revision, base, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn material_folders(state: State<'_, AppState>) -> Reply<Vec<Folder>> {
    Ok(folders::list(state.current().store.pool()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, name), err)]
pub async fn create_folder(state: State<'_, AppState>, name: String, parent: Option<FolderId>) -> Reply<FolderId> {
    Ok(folders::create(state.current().store.pool(), &name, parent, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state, name), err)]
pub async fn rename_folder(state: State<'_, AppState>, id: FolderId, name: String) -> Reply<()> {
    Ok(folders::rename(state.current().store.pool(), id, &name).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn move_folder(state: State<'_, AppState>, id: FolderId, parent: Option<FolderId>) -> Reply<()> {
    Ok(folders::move_to(state.current().store.pool(), id, parent).await?)
}

/// Tags in use with their counts, most used first.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn material_tags(state: State<'_, AppState>) -> Reply<Vec<(String, i64)>> {
    Ok(list::tags(state.current().store.pool()).await?)
}

/// The material's texts (body, then text parts) filled for `target` (its
/// name and her link for it) and today, or the variables still to ask for.
#[tauri::command]
#[tracing::instrument(skip(state, values), err)]
pub async fn fill_material(
    state: State<'_, AppState>,
    id: MaterialId,
    target: Option<LinkTarget>,
    values: Values,
) -> Reply<Vec<Copied>> {
    let opened = state.current();
    let now = now_epoch();
    let material = found(&opened.store, id).await?;
    // No account (or none that opens) still copies: the link is then asked for.
    let client = opened.sync.client().await.ok();
    Ok(copy::fill_for(opened.store.pool(), client.as_ref(), &material, target, values, (BizDay::of(now), now)).await?)
}

/// Saves the material's pictures into a new folder in Downloads as 1, 2, 3…
#[tauri::command]
#[tracing::instrument(skip(app, state), err)]
pub async fn save_material_pictures<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: MaterialId,
) -> Reply<String> {
    let opened = state.current();
    let material = found(&opened.store, id).await?;
    let parent = downloads(&app, &state)?;
    let folder =
        picture_folder::save_in_order(opened.store.pool(), &MediaStore::of(&opened.store), &material, &parent).await?;
    Ok(folder.display().to_string())
}

/// The material's poster with the QR code of her link for `target`, as a
/// PNG in Downloads.
#[tauri::command]
#[tracing::instrument(skip(app, state), err)]
pub async fn export_poster<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: MaterialId,
    target: LinkTarget,
) -> Reply<String> {
    let opened = state.current();
    let now = now_epoch();
    let material = found(&opened.store, id).await?;
    let (image, qr) = material
        .parts
        .0
        .iter()
        .find_map(|part| match part {
            Part::Poster { image, qr } => Some((image.clone(), *qr)),
            _ => None,
        })
        .ok_or_else(|| FormError::invalid("parts", Message::new("posters.none")))?;
    let product = material.product.as_deref().ok_or(LinkError::NoProduct)?;
    let client = opened.sync.client().await.ok();
    let link = links::link_for(opened.store.pool(), client.as_ref(), product, target, now).await?;
    let (info, bytes) = MediaStore::of(&opened.store).read(opened.store.pool(), &image).await?;
    let png = tokio::task::spawn_blocking(move || posters::draw(&bytes, info.format, qr, &link.url))
        .await
        .map_err(AppError::internal)??;
    let path = free_path(&downloads(&app, &state)?, &format!("海报-{}", material.title), "png");
    tuanzhang::store::atomic::write(&path, &png, tuanzhang::store::atomic::Existing::Keep)
        .map_err(tuanzhang::media::MediaError::Io)?;
    Ok(path.display().to_string())
}

async fn found(store: &tuanzhang::store::Store, id: MaterialId) -> Reply<Material> {
    Ok(tuanzhang::materials::get(store.pool(), id, BizDay::today())
        .await?
        .ok_or_else(|| FormError::not_found("materials.notFound"))?)
}
