//! Decoding under limits (which is also how a damaged or hostile picture
//! is found out) and the small JPEG the library lists show.

use super::{ImageFormat, MediaError, MAX_DECODE_BYTES, MAX_PIXELS, MAX_SIDE};
use image::{DynamicImage, ImageError, ImageReader, Limits};
use std::io::Cursor;

/// The longest side of a thumbnail, in pixels: sharp at twice a 120 px tile.
pub const THUMBNAIL_SIDE: u32 = 240;

/// Width and height, read from the header before anything is allocated,
/// and refused over the caps.
pub fn dimensions(bytes: &[u8], format: ImageFormat) -> Result<(u32, u32), MediaError> {
    // Read without the side limits, so a picture over them is named with
    // its size rather than as damaged.
    let mut header = ImageReader::with_format(Cursor::new(bytes), format.codec());
    header.limits(limits(None));
    let (width, height) = header.into_dimensions().map_err(|e| corrupt(format, e))?;
    let pixels = u64::from(width) * u64::from(height);
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE || pixels > MAX_PIXELS {
        return Err(MediaError::TooManyPixels { width, height });
    }
    Ok((width, height))
}

/// The whole picture (a GIF's first frame), decoded under the limits, its
/// size checked from the header first.
pub(crate) fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, MediaError> {
    let (width, height) = dimensions(bytes, format)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.codec());
    reader.limits(limits(Some(MAX_SIDE)));
    reader.decode().map_err(|e| match e {
        // The header passed, so only what it decodes to can be over.
        ImageError::Limits(_) => MediaError::TooManyPixels { width, height },
        e => corrupt(format, e),
    })
}

/// A JPEG no larger than `THUMBNAIL_SIDE` on either side, transparency laid
/// on white as WeChat shows it.
pub fn thumbnail(picture: &DynamicImage) -> Result<Vec<u8>, image::ImageError> {
    let small = picture.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE).to_rgba8();
    let on_white = image::RgbImage::from_fn(small.width(), small.height(), |x, y| {
        let [r, g, b, a] = small.get_pixel(x, y).0;
        let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        image::Rgb([over(r), over(g), over(b)])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80).encode_image(&on_white)?;
    Ok(out)
}

fn limits(max_side: Option<u32>) -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = max_side;
    limits.max_image_height = max_side;
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

fn corrupt(format: ImageFormat, error: ImageError) -> MediaError {
    MediaError::Corrupt { format, detail: error.to_string() }
}
