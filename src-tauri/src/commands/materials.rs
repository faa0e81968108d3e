//! The training library.

use super::Reply;
use crate::state::AppState;
use tauri::State;
use tuanzhang::materials::{self, Material};
use tuanzhang::model::paging::{Page, PageRequest};
use tuanzhang::model::MaterialKind;

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn list_materials(state: State<'_, AppState>, page: PageRequest) -> Reply<Page<Material>> {
    Ok(materials::list(state.current().store.pool(), page).await?)
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn create_material(
    state: State<'_, AppState>,
    title: String,
    kind: MaterialKind,
    body: String,
) -> Reply<Material> {
    Ok(materials::create(state.current().store.pool(), &title, kind, &body).await?)
}
