//! Pictures in the window: added from the bytes of a picked, dropped or
//! pasted file; shown from their thumbnails or originals.

use super::{uploaded, Reply};
use crate::state::AppState;
use tauri::ipc::{Request, Response};
use tauri::State;
use tuanzhang::media::MediaStore;
use tuanzhang::media::{self, ImageInfo, MediaError, MediaHash};
use tuanzhang::model::now_epoch;

/// Keeps the picture sent as the raw body; answers what it is.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn add_picture(state: State<'_, AppState>, request: Request<'_>) -> Reply<ImageInfo> {
    let bytes = uploaded(&request, media::check_size)?;
    let store = state.current().store.clone();
    Ok(MediaStore::of(&store).add(store.pool(), bytes.to_vec(), now_epoch()).await?)
}

/// The picture's bytes: its thumbnail, or the original as added.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn picture(state: State<'_, AppState>, hash: String, original: bool) -> Reply<Response> {
    let hash = MediaHash::parse(&hash).ok_or(MediaError::Missing)?;
    let store = state.current().store.clone();
    let media = MediaStore::of(&store);
    if original {
        let (_, bytes) = media.read(store.pool(), &hash).await?;
        return Ok(Response::new(bytes));
    }
    Ok(Response::new(media.read_thumbnail(&hash).await?))
}
