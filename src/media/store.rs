//! The pictures on disk: `media/<sha256>.<ext>` as added, and
//! `media/thumbs/<sha256>.jpg`, each sealed (`sealed.rs`) and written whole
//! or not at all; the `media` table lists them. The name stays the SHA-256
//! of the plain bytes, so a picture is kept once and packs name it alike.

use super::sealed::{self, MediaKey, Opened};
use super::thumbnail::{decode, dimensions, thumbnail};
use super::{ImageFormat, MediaError, MediaHash, MAX_IMAGE_BYTES};
use crate::model::EpochSecs;
use crate::store::atomic::{self, Existing};
use crate::store::private::private_dir;
use crate::store::{begin_write, Store, StoreKey};
use serde::Serialize;
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

const MEDIA_DIR: &str = "media";
const THUMBS_DIR: &str = "thumbs";
/// A picture no material shows is kept this long: it may be in a form not
/// saved yet.
const COLLECT_AFTER_SECS: i64 = 24 * 3600;
/// Pictures removed by one collection; the rest wait for the next.
const MAX_COLLECTED: i64 = 5_000;
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
    key: MediaKey,
}

impl MediaStore {
    /// The pictures beside the store in `store_dir`, sealed with a key
    /// derived from the store's `key`.
    pub fn beside(store_dir: &Path, key: &StoreKey) -> MediaStore {
        MediaStore { dir: store_dir.join(MEDIA_DIR), key: MediaKey::derive(key) }
    }

    /// The pictures kept beside `store`.
    pub fn of(store: &Store) -> MediaStore {
        MediaStore::beside(store.dir(), store.key())
    }

    /// Checks `bytes` is a picture we take, then keeps it (once: a picture
    /// already kept is not written again) with its thumbnail.
    pub async fn add(&self, pool: &SqlitePool, bytes: Vec<u8>, now: EpochSecs) -> Result<ImageInfo, MediaError> {
        let format = check(&bytes)?;
        let (hash, bytes) = blocking(move || Ok((MediaHash::of(&bytes), bytes))).await?;
        if let Some(known) = self.info(pool, &hash).await? {
            if self.original(&known).exists() {
                return Ok(known);
            }
        }
        let store = self.clone();
        let (written, bytes) = blocking(move || Ok((store.write_files(&bytes, format, &hash)?, bytes))).await?;
        let mut tx = begin_write(pool).await?;
        self.settle(&mut tx, &written.info, &bytes, now).await?;
        tx.commit().await?;
        Ok(written.info)
    }

    /// Checks every picture of a pack (sizes and kinds from their headers,
    /// all before anything is written), then writes those not kept yet,
    /// decoding each off the runtime. The rows are written by
    /// `Staged::record` in the pack's transaction; on a refusal the files
    /// written are taken back. A refused picture is named by its hash.
    pub async fn stage(
        &self,
        pool: &SqlitePool,
        pictures: &[(MediaHash, Vec<u8>)],
    ) -> Result<Staged, (MediaHash, MediaError)> {
        let mut staged =
            Staged { store: self.clone(), pictures: Vec::with_capacity(pictures.len()), created: Vec::new() };
        let mut unknown = Vec::new();
        for (hash, bytes) in pictures {
            let named = |error: MediaError| (hash.clone(), error);
            match self.info(pool, hash).await.map_err(|e| named(e.into()))? {
                Some(known) if self.original(&known).exists() => staged.pictures.push(known),
                _ => unknown.push((hash, bytes, check(bytes).map_err(named)?)),
            }
        }
        for (hash, bytes, format) in unknown {
            let (store, owned, name) = (self.clone(), bytes.clone(), hash.clone());
            match blocking(move || store.write_files(&owned, format, &name)).await {
                Ok(written) => {
                    if written.created {
                        staged.created.push(written.info.clone());
                    }
                    staged.pictures.push(written.info);
                }
                Err(error) => {
                    if let Err(undo) = staged.undo(pool).await {
                        tracing::warn!(error = %undo, "pictures of a refused pack stay until the next collection");
                    }
                    return Err((hash.clone(), error));
                }
            }
        }
        Ok(staged)
    }

    /// Removes the pictures no material or earlier version of one shows,
    /// no payment keeps as its voucher and no partner as her 收款码, added
    /// over `COLLECT_AFTER_SECS` before `now`: their rows and files.
    /// Only pictures the store lists are looked at, so the files of a
    /// picture a restored backup no longer lists stay for a later restore.
    pub async fn collect(&self, pool: &SqlitePool, now: EpochSecs) -> Result<Collected, MediaError> {
        // Under the write lock: a picture being kept by an import or a form
        // is settled before or after, never between its file and its row.
        let mut tx = begin_write(pool).await?;
        let unshown: Vec<ImageInfo> = sqlx::query_as(
            "SELECT hash, format, width, height, bytes FROM media
             WHERE added_at <= ?1 AND hash NOT IN (
                 SELECT json_extract(p.value, '$.image') FROM materials m, json_each(m.parts) p
                 WHERE json_extract(p.value, '$.image') IS NOT NULL
                 UNION
                 SELECT json_extract(p.value, '$.image') FROM material_versions v, json_each(v.parts) p
                 WHERE json_extract(p.value, '$.image') IS NOT NULL
                 UNION
                 SELECT voucher_hash FROM payout_payments WHERE voucher_hash IS NOT NULL
                 UNION
                 SELECT media_hash FROM partner_pay_codes)
             ORDER BY hash LIMIT ?2",
        )
        .bind(now.saturating_sub(COLLECT_AFTER_SECS))
        .bind(MAX_COLLECTED)
        .fetch_all(&mut *tx)
        .await?;
        for info in &unshown {
            sqlx::query("DELETE FROM media WHERE hash = ?1").bind(&info.hash).execute(&mut *tx).await?;
        }
        let (store, collected) = (self.clone(), Collected { pictures: unshown.len() as u32 });
        blocking(move || unshown.iter().try_for_each(|info| store.remove_files(info))).await?;
        tx.commit().await?;
        Ok(collected)
    }

    /// Writes the row of a picture whose files were written before the
    /// write lock was taken, writing them again if a collection or a
    /// refused import removed them meanwhile: a row always has its files.
    async fn settle(
        &self,
        conn: &mut SqliteConnection,
        info: &ImageInfo,
        bytes: &[u8],
        now: EpochSecs,
    ) -> Result<(), MediaError> {
        if !self.original(info).exists() || !self.thumbnail(&info.hash).exists() {
            let (store, owned, info) = (self.clone(), bytes.to_vec(), info.clone());
            blocking(move || store.write_files(&owned, info.format, &info.hash)).await?;
        }
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
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    fn remove_files(&self, info: &ImageInfo) -> Result<(), MediaError> {
        for path in [self.original(info), self.thumbnail(&info.hash)] {
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(MediaError::Io(e)),
                _ => {}
            }
        }
        Ok(())
    }

    pub async fn info(&self, pool: &SqlitePool, hash: &MediaHash) -> Result<Option<ImageInfo>, sqlx::Error> {
        sqlx::query_as("SELECT hash, format, width, height, bytes FROM media WHERE hash = ?")
            .bind(hash)
            .fetch_optional(pool)
            .await
    }

    /// Where the picture is kept (sealed: read it with `read`).
    pub fn original(&self, info: &ImageInfo) -> PathBuf {
        self.dir.join(original_name(&info.hash, info.format))
    }

    /// Where its thumbnail is kept (sealed: read it with `read_thumbnail`).
    pub fn thumbnail(&self, hash: &MediaHash) -> PathBuf {
        self.dir.join(thumbnail_name(hash))
    }

    /// The original's bytes as added, or `Missing` when the file has gone;
    /// `Unreadable` when they are not the bytes its name is the hash of.
    pub async fn read(&self, pool: &SqlitePool, hash: &MediaHash) -> Result<(ImageInfo, Vec<u8>), MediaError> {
        let info = self.info(pool, hash).await?.ok_or(MediaError::Missing)?;
        let store = self.clone();
        blocking(move || {
            let bytes = store.open(&original_name(&info.hash, info.format))?;
            // Sealed or plain, a file is the picture its name is the hash
            // of: a plain one from an earlier version has no tag to say so.
            if MediaHash::of(&bytes) != info.hash {
                return Err(MediaError::Unreadable);
            }
            Ok((info, bytes))
        })
        .await
    }

    /// The thumbnail's JPEG bytes, or `Missing` when the file has gone.
    pub async fn read_thumbnail(&self, hash: &MediaHash) -> Result<Vec<u8>, MediaError> {
        let store = self.clone();
        let name = thumbnail_name(hash);
        blocking(move || {
            let bytes = store.open(&name)?;
            // A plain thumbnail from an earlier version cannot be checked
            // against its name (that is the original's hash); a JPEG at least.
            if ImageFormat::sniff(&bytes).ok() != Some(ImageFormat::Jpeg) {
                return Err(MediaError::Unreadable);
            }
            Ok(bytes)
        })
        .await
    }

    /// Seals the plain pictures and thumbnails an earlier version kept,
    /// one file at a time, and answers how many. Each is rewritten whole,
    /// so a crash leaves it plain or sealed, and the next run goes on. Each
    /// is sealed under the write lock, so a collection or a refused import
    /// cannot remove it between its read and its rewrite (which would bring
    /// it back with no row). A file that cannot be sealed stays as it is,
    /// with a warning; reads refuse one whose bytes do not match its name.
    pub async fn encrypt_earlier(&self, pool: &SqlitePool) -> Result<u32, MediaError> {
        let store = self.clone();
        let plain = blocking(move || store.plain_files()).await?;
        let mut sealed = 0;
        for name in plain {
            let tx = begin_write(pool).await?;
            let (store, file) = (self.clone(), name.clone());
            match blocking(move || store.seal_plain(&file)).await {
                Ok(true) => sealed += 1,
                Ok(false) => {}
                Err(error) => {
                    tracing::warn!(file = %name, %error, "a picture from an earlier version stays unencrypted")
                }
            }
            tx.rollback().await?;
        }
        Ok(sealed)
    }

    /// The names (in the media folder) of the files not sealed yet.
    fn plain_files(&self) -> Result<Vec<String>, MediaError> {
        let mut plain = Vec::new();
        for (folder, prefix) in [(self.dir.clone(), ""), (self.dir.join(THUMBS_DIR), "thumbs/")] {
            let entries = match std::fs::read_dir(&folder) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                entries => entries?,
            };
            for entry in entries {
                let entry = entry?;
                let Some(name) = entry.file_name().to_str().filter(|name| is_picture_name(name)).map(str::to_owned)
                else {
                    continue;
                };
                let mut head = [0_u8; 4];
                let read = match std::fs::File::open(entry.path()).and_then(|mut file| file.read(&mut head)) {
                    // Collected since the folder was listed.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                    read => read?,
                };
                if !sealed::is_sealed(&head[..read]) {
                    plain.push(format!("{prefix}{name}"));
                }
            }
        }
        Ok(plain)
    }

    /// Seals the file `name` if it is still plain; answers whether it was.
    fn seal_plain(&self, name: &str) -> Result<bool, MediaError> {
        let plain = match self.open_file(name) {
            Ok(Opened::Plain(bytes)) => bytes,
            Ok(Opened::Sealed(_)) | Err(MediaError::Missing) => return Ok(false),
            Err(error) => return Err(error),
        };
        let hash = Path::new(name).file_stem().and_then(|stem| stem.to_str()).and_then(MediaHash::parse);
        if !name.starts_with("thumbs/") && hash != Some(MediaHash::of(&plain)) {
            return Err(MediaError::Unreadable);
        }
        let sealed = self.key.seal(name, &plain)?;
        atomic::write(&self.dir.join(name), &sealed, Existing::Replace)?;
        Ok(true)
    }

    /// The plain content of the file `name`, sealed or from an earlier version.
    fn open(&self, name: &str) -> Result<Vec<u8>, MediaError> {
        match self.open_file(name)? {
            Opened::Sealed(bytes) | Opened::Plain(bytes) => Ok(bytes),
        }
    }

    fn open_file(&self, name: &str) -> Result<Opened, MediaError> {
        // Nothing kept is larger than the largest picture, sealed.
        const MAX_FILE_BYTES: u64 = (MAX_IMAGE_BYTES + sealed::OVERHEAD) as u64;
        let file = match std::fs::File::open(self.dir.join(name)) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(MediaError::Missing),
            Err(e) => return Err(MediaError::Io(e)),
        };
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(MediaError::Unreadable);
        }
        self.key.open(name, bytes)
    }

    fn write_files(&self, bytes: &[u8], format: ImageFormat, hash: &MediaHash) -> Result<Written, MediaError> {
        // A picture is kept under the hash of its bytes, whatever it was sent as.
        if &MediaHash::of(bytes) != hash {
            return Err(MediaError::Corrupt { format, detail: "its bytes do not match its name".to_owned() });
        }
        let picture = decode(bytes, format)?;
        let small = thumbnail(&picture).map_err(|e| MediaError::Corrupt { format, detail: e.to_string() })?;
        let info = ImageInfo {
            hash: hash.clone(),
            format,
            width: picture.width(),
            height: picture.height(),
            bytes: bytes.len() as i64,
        };
        private_dir(&self.dir.join(THUMBS_DIR))?;
        let (original, small_name) = (original_name(hash, format), thumbnail_name(hash));
        let created = keep(&self.dir.join(&original), &self.key.seal(&original, bytes)?)?;
        keep(&self.dir.join(&small_name), &self.key.seal(&small_name, &small)?)?;
        Ok(Written { info, created })
    }
}

/// A picture's file name in the media folder, also what its seal is bound to.
fn original_name(hash: &MediaHash, format: ImageFormat) -> String {
    format!("{hash}.{}", format.extension())
}

fn thumbnail_name(hash: &MediaHash) -> String {
    format!("{THUMBS_DIR}/{hash}.jpg")
}

/// `<sha256>.<ext>` for a format kept: not a write's stage or a stray file.
fn is_picture_name(name: &str) -> bool {
    const KEPT: [ImageFormat; 4] = [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Webp, ImageFormat::Gif];
    name.split_once('.').is_some_and(|(stem, extension)| {
        MediaHash::parse(stem).is_some() && KEPT.iter().any(|format| format.extension() == extension)
    })
}

/// Pictures of a pack, written ahead of its transaction.
#[derive(Debug)]
pub struct Staged {
    store: MediaStore,
    /// Every picture of the pack, kept before or written now.
    pictures: Vec<ImageInfo>,
    /// Those whose files this import wrote.
    created: Vec<ImageInfo>,
}

impl Staged {
    /// Lists the pictures in the pack's transaction (`conn` holds the write
    /// lock), so they are listed exactly when the pack's materials are.
    pub async fn record(
        &self,
        conn: &mut SqliteConnection,
        pictures: &[(MediaHash, Vec<u8>)],
        now: EpochSecs,
    ) -> Result<(), (MediaHash, MediaError)> {
        let bytes: HashMap<&MediaHash, &[u8]> = pictures.iter().map(|(hash, b)| (hash, b.as_slice())).collect();
        for info in &self.pictures {
            let named = |error: MediaError| (info.hash.clone(), error);
            let bytes = bytes.get(&info.hash).ok_or(MediaError::Missing).map_err(named)?;
            self.store.settle(conn, info, bytes, now).await.map_err(named)?;
        }
        Ok(())
    }

    /// Takes back the files this import wrote, after its transaction was
    /// rolled back: those no row lists (another import may have listed the
    /// same picture meanwhile, and keeps it).
    pub async fn undo(&self, pool: &SqlitePool) -> Result<(), MediaError> {
        if self.created.is_empty() {
            return Ok(());
        }
        let mut tx = begin_write(pool).await?;
        let mut unlisted = Vec::with_capacity(self.created.len());
        for info in &self.created {
            let listed: Option<i64> = sqlx::query_scalar("SELECT 1 FROM media WHERE hash = ?1")
                .bind(&info.hash)
                .fetch_optional(&mut *tx)
                .await?;
            if listed.is_none() {
                unlisted.push(info.clone());
            }
        }
        let store = self.store.clone();
        blocking(move || unlisted.iter().try_for_each(|info| store.remove_files(info))).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// What a collection removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Collected {
    pub pictures: u32,
}

/// Size and kind, and the dimensions from the header: what can be refused
/// before anything is decoded or written.
fn check(bytes: &[u8]) -> Result<ImageFormat, MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    super::check_size(bytes.len())?;
    let format = ImageFormat::sniff(bytes)?;
    dimensions(bytes, format)?;
    Ok(format)
}

/// Decoding, hashing and file writes, on a blocking thread.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, MediaError> + Send + 'static,
) -> Result<T, MediaError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| MediaError::Io(std::io::Error::other(e.to_string())))?
}

struct Written {
    info: ImageInfo,
    /// The original was not there before.
    created: bool,
}

/// A file named by its content that is already there is that content;
/// answers whether it was written now.
fn keep(path: &Path, bytes: &[u8]) -> Result<bool, MediaError> {
    match atomic::write(path, bytes, Existing::Keep) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(MediaError::Io(e)),
    }
}
