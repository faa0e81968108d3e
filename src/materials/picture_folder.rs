//! A kit's pictures saved into one new folder as 1, 2, 3… in the order she
//! posts them, each untouched (so its real extension: 1.jpg, 2.png).

use super::Material;
use crate::files::atomic::{self, Existing};
use crate::media::{MediaError, MediaStore};
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
    let folder = free_folder(parent, &folder_name(&material.title));
    std::fs::create_dir_all(&folder)?;
    for (n, hash) in material.parts.images().enumerate() {
        let (info, bytes) = media.read(pool, hash).await?;
        let target = folder.join(format!("{}.{}", n + 1, info.format.extension()));
        atomic::write(&target, &bytes, Existing::Keep)?;
    }
    Ok(folder)
}

/// Her title as a folder name on any system: no separators, reserved
/// characters or control characters, not ending in a dot or a space.
fn folder_name(title: &str) -> String {
    let cleaned: String =
        title.chars().map(|c| if c.is_control() || r#"/\:*?"<>|"#.contains(c) { '_' } else { c }).take(40).collect();
    let cleaned = cleaned.trim().trim_end_matches('.').trim().to_owned();
    if cleaned.is_empty() {
        "素材图片".to_owned()
    } else {
        cleaned
    }
}

fn free_folder(parent: &Path, name: &str) -> PathBuf {
    let mut path = parent.join(name);
    let mut n = 2;
    while path.symlink_metadata().is_ok() {
        path = parent.join(format!("{name} ({n})"));
        n += 1;
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_becomes_a_folder_name_on_every_system() {
        assert_eq!(folder_name("早安/问候: 第1期?"), "早安_问候_ 第1期_");
        assert_eq!(folder_name("../.."), ".._", "never a parent folder");
        assert_eq!(folder_name(".."), "素材图片");
        assert_eq!(folder_name("  ...  "), "素材图片");
    }
}
