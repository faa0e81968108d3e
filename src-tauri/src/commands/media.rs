//! Pictures in the window: added from the bytes of a picked, dropped or
//! pasted file; shown from their thumbnails or originals.

use super::Reply;
use crate::state::AppState;
use tauri::ipc::{InvokeBody, Request, Response};
use tauri::State;
use tuanzhang::error::{AppError, ErrorCode, Message};
use tuanzhang::media::{ImageInfo, MediaError, MediaHash, MAX_IMAGE_BYTES};
use tuanzhang::model::now_epoch;

/// Keeps the picture sent as the raw body; answers what it is.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn add_picture(state: State<'_, AppState>, request: Request<'_>) -> Reply<ImageInfo> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(AppError::new(ErrorCode::Validation, Message::new("files.body.notRaw")));
    };
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(MediaError::TooLarge { bytes: bytes.len() }.into());
    }
    let store = state.current().store.clone();
    Ok(store.media().add(store.pool(), bytes.clone(), now_epoch()).await?)
}

/// The picture's bytes: its thumbnail, or the original as added.
#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn picture(state: State<'_, AppState>, hash: String, original: bool) -> Reply<Response> {
    let hash = MediaHash::parse(&hash).ok_or(MediaError::Missing)?;
    let store = state.current().store.clone();
    let media = store.media();
    if original {
        let (_, bytes) = media.read(store.pool(), &hash).await?;
        return Ok(Response::new(bytes));
    }
    Ok(Response::new(media.read_thumbnail(&hash).await?))
}
