//! The pictures on disk: `media/<sha256>.<ext>` as added, untouched, and
//! `media/thumbs/<sha256>.jpg`, each written whole or not at all; the
//! `media` table lists them.

use super::thumbnail::{decode, thumbnail};
use super::{ImageFormat, MediaError, MediaHash, MAX_IMAGE_BYTES};
use crate::files::atomic::{self, Existing};
use crate::model::EpochSecs;
use crate::store::private::private_dir;
use serde::Serialize;
use sqlx::SqlitePool;
use std::path::{Path, PathBuf};

const MEDIA_DIR: &str = "media";
const THUMBS_DIR: &str = "thumbs";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, sqlx::FromRow)]
#[ts(export)]
pub struct ImageInfo {
    #[ts(type = "string")]
    pub hash: MediaHash,
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
    #[ts(type = "number")]
    pub bytes: i64,
}

/// The pictures of one store, kept in its folder.
#[derive(Debug, Clone)]
pub struct MediaStore {
    dir: PathBuf,
}

impl MediaStore {
    /// The pictures beside the store in `store_dir`.
    pub fn beside(store_dir: &Path) -> MediaStore {
        MediaStore { dir: store_dir.join(MEDIA_DIR) }
    }

    /// Checks `bytes` is a picture we take, then keeps it (once: a picture
    /// already kept is not written again) with its thumbnail.
    pub async fn add(&self, pool: &SqlitePool, bytes: Vec<u8>, now: EpochSecs) -> Result<ImageInfo, MediaError> {
        if bytes.is_empty() {
            return Err(MediaError::Empty);
        }
        if bytes.len() > MAX_IMAGE_BYTES {
            return Err(MediaError::TooLarge { bytes: bytes.len() });
        }
        let format = ImageFormat::sniff(&bytes)?;
        let hash = MediaHash::of(&bytes);
        if let Some(known) = self.info(pool, &hash).await? {
            if self.original(&known).exists() {
                return Ok(known);
            }
        }
        let dir = self.dir.clone();
        let info = tokio::task::spawn_blocking(move || write_files(&dir, &bytes, format, hash))
            .await
            .map_err(|e| MediaError::Io(std::io::Error::other(e.to_string())))??;
        sqlx::query(
            "INSERT INTO media (hash, format, width, height, bytes, added_at) VALUES (?, ?, ?, ?, ?, ?) \
             ON CONFLICT (hash) DO NOTHING",
        )
        .bind(&info.hash)
        .bind(info.format)
        .bind(info.width)
        .bind(info.height)
        .bind(info.bytes)
        .bind(now)
        .execute(pool)
        .await?;
        Ok(info)
    }

    pub async fn info(&self, pool: &SqlitePool, hash: &MediaHash) -> Result<Option<ImageInfo>, sqlx::Error> {
        sqlx::query_as("SELECT hash, format, width, height, bytes FROM media WHERE hash = ?")
            .bind(hash)
            .fetch_optional(pool)
            .await
    }

    /// The picture as added.
    pub fn original(&self, info: &ImageInfo) -> PathBuf {
        self.dir.join(format!("{}.{}", info.hash, info.format.extension()))
    }

    pub fn thumbnail(&self, hash: &MediaHash) -> PathBuf {
        self.dir.join(THUMBS_DIR).join(format!("{hash}.jpg"))
    }

    /// The original's bytes, or `Missing` when the file has gone.
    pub async fn read(&self, pool: &SqlitePool, hash: &MediaHash) -> Result<(ImageInfo, Vec<u8>), MediaError> {
        let info = self.info(pool, hash).await?.ok_or(MediaError::Missing)?;
        match tokio::fs::read(self.original(&info)).await {
            Ok(bytes) => Ok((info, bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(MediaError::Missing),
            Err(e) => Err(MediaError::Io(e)),
        }
    }
}

fn write_files(dir: &Path, bytes: &[u8], format: ImageFormat, hash: MediaHash) -> Result<ImageInfo, MediaError> {
    let picture = decode(bytes, format)?;
    let small = thumbnail(&picture).map_err(|e| MediaError::Corrupt { format, detail: e.to_string() })?;
    let info = ImageInfo { hash, format, width: picture.width(), height: picture.height(), bytes: bytes.len() as i64 };
    private_dir(&dir.join(THUMBS_DIR))?;
    let original = dir.join(format!("{}.{}", info.hash, format.extension()));
    keep(&original, bytes)?;
    keep(&dir.join(THUMBS_DIR).join(format!("{}.jpg", info.hash)), &small)?;
    Ok(info)
}

/// A file named by its content that is already there is that content.
fn keep(path: &Path, bytes: &[u8]) -> Result<(), MediaError> {
    match atomic::write(path, bytes, Existing::Keep) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(MediaError::Io(e)),
        _ => Ok(()),
    }
}
