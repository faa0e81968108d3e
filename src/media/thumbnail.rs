//! Decoding under limits (which is also how a damaged or hostile picture
//! is found out) and the small JPEG the library lists show.

use super::{ImageFormat, MediaError, MAX_DECODE_BYTES, MAX_SIDE};
use image::{DynamicImage, ImageReader, Limits};
use std::io::Cursor;

/// The longest side of a thumbnail, in pixels: sharp at twice a 120 px tile.
pub const THUMBNAIL_SIDE: u32 = 240;

/// Width and height, read from the header before anything is allocated.
pub fn dimensions(bytes: &[u8], format: ImageFormat) -> Result<(u32, u32), MediaError> {
    let (width, height) =
        reader(bytes, format).into_dimensions().map_err(|e| MediaError::Corrupt { format, detail: e.to_string() })?;
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return Err(MediaError::TooManyPixels { width, height });
    }
    Ok((width, height))
}

/// The whole picture (a GIF's first frame), decoded under the limits.
pub(crate) fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, MediaError> {
    dimensions(bytes, format)?;
    reader(bytes, format).decode().map_err(|e| MediaError::Corrupt { format, detail: e.to_string() })
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

fn reader(bytes: &[u8], format: ImageFormat) -> ImageReader<Cursor<&[u8]>> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.codec());
    reader.limits(limits);
    reader
}
