//! A poster made hers: the QR code of her link for one group or partner,
//! drawn on this machine into the poster's slot, as a PNG for WeChat.

use super::parts::QrSlot;
use crate::error::{AppError, ErrorCode};
use crate::media::thumbnail::decode;
use crate::media::{ImageFormat, MediaError};
use qrcode::{Color, EcLevel, QrCode};

/// Modules of white around the code, as scanners want.
const QUIET_MODULES: u32 = 2;
/// Below this a phone camera cannot read a module.
const MIN_MODULE_PX: u32 = 2;

#[derive(Debug, thiserror::Error)]
pub enum PosterError {
    #[error(transparent)]
    Picture(#[from] MediaError),
    #[error("the QR slot is too small for the link: {needed} px needed, {slot} px there")]
    SlotTooSmall { needed: u32, slot: u32 },
    #[error("the link does not fit in a QR code")]
    LinkTooLong,
    #[error("the poster could not be encoded: {0}")]
    Encode(String),
}

impl PosterError {
    pub fn message(&self) -> crate::model::Message {
        use crate::model::Message;
        match self {
            PosterError::Picture(e) => e.message(),
            PosterError::SlotTooSmall { needed, slot } => {
                Message::new("posters.slotTooSmall").with("needed", needed).with("slot", slot)
            }
            PosterError::LinkTooLong => Message::new("posters.linkTooLong"),
            PosterError::Encode(detail) => Message::new("media.io").with("detail", detail),
        }
    }
}

/// `poster` with `link`'s QR code drawn into `slot`, as PNG bytes.
pub fn draw(poster: &[u8], format: ImageFormat, slot: QrSlot, link: &str) -> Result<Vec<u8>, PosterError> {
    let mut canvas = decode(poster, format)?.to_rgba8();
    let code =
        QrCode::with_error_correction_level(link.as_bytes(), EcLevel::M).map_err(|_| PosterError::LinkTooLong)?;
    let modules = code.width() as u32;
    let (width, height) = canvas.dimensions();
    let side = (u64::from(width) * u64::from(slot.size) / 1000) as u32;
    let side = side.min(height);
    let module_px = side / (modules + 2 * QUIET_MODULES);
    if module_px < MIN_MODULE_PX {
        return Err(PosterError::SlotTooSmall { needed: MIN_MODULE_PX * (modules + 2 * QUIET_MODULES), slot: side });
    }
    let left = ((u64::from(width) * u64::from(slot.x) / 1000) as u32).min(width - side);
    // A slot placed lower than a square fits is moved up, never cut.
    let top = ((u64::from(height) * u64::from(slot.y) / 1000) as u32).min(height - side);
    let colors = code.to_colors();
    let offset = (side - module_px * modules) / 2;
    for dy in 0..side {
        for dx in 0..side {
            let (mx, my) =
                (dx.checked_sub(offset).map(|d| d / module_px), dy.checked_sub(offset).map(|d| d / module_px));
            let dark = match (mx, my) {
                (Some(mx), Some(my)) if mx < modules && my < modules => {
                    colors[(my * modules + mx) as usize] == Color::Dark
                }
                _ => false,
            };
            let shade = if dark { 0 } else { 255 };
            canvas.put_pixel(left + dx, top + dy, image::Rgba([shade, shade, shade, 255]));
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    canvas.write_to(&mut out, image::ImageFormat::Png).map_err(|e| PosterError::Encode(e.to_string()))?;
    Ok(out.into_inner())
}

impl From<PosterError> for AppError {
    fn from(error: PosterError) -> AppError {
        match error {
            PosterError::Picture(e) => e.into(),
            other => AppError::new(ErrorCode::Validation, other.message()),
        }
    }
}
