//! A kit's pictures saved into one new folder as 1, 2, 3… in the order she
//! posts them, each untouched (so its real extension: 1.jpg, 2.png).

use super::Material;
use crate::files::names;
use crate::media::{MediaError, MediaStore};
use crate::store::atomic::{self, Existing};
use sqlx::SqlitePool;
use std::path::{Path, PathBuf};

/// Writes the pictures of `material` into a new folder under `parent`
/// named for it; returns the folder. Nothing is written over.
pub async fn save_in_order(
    pool: &SqlitePool,
    media: &MediaStore,
    material: &Material,
    parent: &Path,
) -> Result<PathBuf, MediaError> {
    let folder = names::free_path(parent, &material.title, "", "素材图片");
    std::fs::create_dir_all(&folder)?;
    for (n, hash) in material.parts.images().enumerate() {
        let (info, bytes) = media.read(pool, hash).await?;
        let target = folder.join(format!("{}.{}", n + 1, info.format.extension()));
        atomic::write(&target, &bytes, Existing::Keep)?;
    }
    Ok(folder)
}
