//! The training library.

use super::Reply;
use crate::state::AppState;
use tauri::State;
use tuanzhang::materials::folders::{self, Folder};
use tuanzhang::materials::list::{self, MaterialFilter};
use tuanzhang::materials::search::{self, SearchResults};
use tuanzhang::materials::variables::{self, Filled, Values};
use tuanzhang::materials::versions::{self, MaterialVersion};
use tuanzhang::materials::{edit, Material, MaterialDraft};
use tuanzhang::model::paging::{Page, PageRequest};
use tuanzhang::model::{now_epoch, BizDay, FolderId, MaterialId};

#[tauri::command]
#[tracing::instrument(skip(state), err)]
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
#[tracing::instrument(skip(state), err)]
pub async fn create_folder(state: State<'_, AppState>, name: String, parent: Option<FolderId>) -> Reply<FolderId> {
    Ok(folders::create(state.current().store.pool(), &name, parent, now_epoch()).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
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

/// The material's text with its variables filled from `values` and today,
/// or the variables still to ask her for.
#[tauri::command]
#[tracing::instrument(skip(state, values), err)]
pub async fn fill_material(state: State<'_, AppState>, id: MaterialId, values: Values) -> Reply<Filled> {
    let today = BizDay::today();
    let material = tuanzhang::materials::get(state.current().store.pool(), id, today)
        .await?
        .ok_or_else(|| tuanzhang::error::FormError::not_found("materials.notFound"))?;
    Ok(variables::fill(&material.body, &values, today)?)
}
