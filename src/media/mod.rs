//! Pictures for the training library: checked to be a real PNG, JPEG, WebP
//! or GIF by decoding them under limits, stored once by their SHA-256 in
//! the store's folder with a thumbnail, encrypted at rest with a key
//! derived from the store's, and handed out untouched.

mod format;
mod hash;
mod sealed;
mod store;
pub(crate) mod thumbnail;

pub use format::ImageFormat;
pub use hash::MediaHash;
pub use store::{Collected, ImageInfo, MediaStore, Staged};

use crate::error::{AppError, ErrorCode};
use crate::model::Message;

/// The largest picture taken: a WeChat photo is well under it.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;

/// Refuses a picture over `MAX_IMAGE_BYTES` before a byte of it is read.
pub fn check_size(bytes: usize) -> Result<(), MediaError> {
    if bytes > MAX_IMAGE_BYTES {
        return Err(MediaError::TooLarge { bytes });
    }
    Ok(())
}
/// The widest or tallest picture taken: a phone poster is a few thousand
/// pixels a side, so more is a decompression bomb or a scan no phone shows.
pub const MAX_SIDE: u32 = 8_000;
/// The most pixels a picture taken may have (a 48 MP phone photo is cut
/// down before WeChat sends it): 40 MP decode to 160 MB.
pub const MAX_PIXELS: u64 = 40_000_000;
/// What decoding one picture may allocate: the largest picture taken, at
/// four bytes a pixel. A 16-bit picture near the caps is refused by it too.
const MAX_DECODE_BYTES: u64 = MAX_PIXELS * 4;

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("the picture is {bytes} bytes, over the {MAX_IMAGE_BYTES} allowed")]
    TooLarge { bytes: usize },
    #[error("the file is empty")]
    Empty,
    #[error("the file is not a picture")]
    NotAnImage,
    #[error("{format} pictures are not taken; use PNG, JPEG, WebP or GIF")]
    Unsupported { format: &'static str },
    #[error("the {format} picture is damaged: {detail}")]
    Corrupt { format: ImageFormat, detail: String },
    #[error("the picture is {width}×{height}, over {MAX_SIDE} on a side or {MAX_PIXELS} pixels")]
    TooManyPixels { width: u32, height: u32 },
    #[error("no such picture")]
    Missing,
    #[error("the picture on disk was changed, or sealed with another key, and cannot be read")]
    Unreadable,
    #[error("the picture could not be written: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

impl MediaError {
    pub fn message(&self) -> Message {
        match self {
            MediaError::TooLarge { bytes } => Message::new("media.tooLarge")
                .with("mib", format!("{:.1}", *bytes as f64 / 1_048_576.0))
                .with("max", MAX_IMAGE_BYTES / 1_048_576),
            MediaError::Empty => Message::new("media.empty"),
            MediaError::NotAnImage => Message::new("media.notAnImage"),
            MediaError::Unsupported { format } => Message::new("media.unsupported").with("format", format),
            MediaError::Corrupt { format, .. } => Message::new("media.corrupt").with("format", format.label()),
            MediaError::TooManyPixels { width, height } => Message::new("media.tooManyPixels")
                .with("width", width)
                .with("height", height)
                .with("max", MAX_SIDE)
                .with("max_mp", MAX_PIXELS / 1_000_000),
            MediaError::Missing => Message::new("media.missing"),
            MediaError::Unreadable => Message::new("media.unreadable"),
            MediaError::Io(e) => Message::new("media.io").with("detail", e),
            MediaError::Store(_) => Message::new("error.unexpected"),
        }
    }
}

impl From<MediaError> for AppError {
    fn from(error: MediaError) -> AppError {
        match error {
            MediaError::Store(e) => e.into(),
            MediaError::Io(ref e) => {
                tracing::error!(%e, "a picture could not be read or written");
                AppError::new(ErrorCode::Internal, error.message())
            }
            other => AppError::at_field(ErrorCode::Validation, "parts", other.message()),
        }
    }
}
