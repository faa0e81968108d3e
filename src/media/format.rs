//! What a file is, from its first bytes, whatever its name says.

use super::MediaError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, sqlx::Type)]
#[serde(rename_all = "lowercase")]
#[sqlx(rename_all = "lowercase")]
#[ts(export)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Webp,
    Gif,
}

impl ImageFormat {
    /// The format the bytes start as; a picture of another kind is named so
    /// she knows to convert it.
    pub fn sniff(bytes: &[u8]) -> Result<ImageFormat, MediaError> {
        let starts = |magic: &[u8]| bytes.starts_with(magic);
        if starts(b"\x89PNG\r\n\x1a\n") {
            Ok(ImageFormat::Png)
        } else if starts(&[0xFF, 0xD8, 0xFF]) {
            Ok(ImageFormat::Jpeg)
        } else if starts(b"GIF87a") || starts(b"GIF89a") {
            Ok(ImageFormat::Gif)
        } else if bytes.len() >= 12 && starts(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Ok(ImageFormat::Webp)
        } else if starts(b"BM") {
            Err(MediaError::Unsupported { format: "BMP" })
        } else if starts(b"II*\0") || starts(b"MM\0*") {
            Err(MediaError::Unsupported { format: "TIFF" })
        } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" && matches!(&bytes[8..12], b"heic" | b"heix" | b"mif1") {
            Err(MediaError::Unsupported { format: "HEIC" })
        } else {
            Err(MediaError::NotAnImage)
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Webp => "webp",
            ImageFormat::Gif => "gif",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ImageFormat::Png => "PNG",
            ImageFormat::Jpeg => "JPEG",
            ImageFormat::Webp => "WebP",
            ImageFormat::Gif => "GIF",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Webp => "image/webp",
            ImageFormat::Gif => "image/gif",
        }
    }

    pub(super) fn codec(self) -> image::ImageFormat {
        match self {
            ImageFormat::Png => image::ImageFormat::Png,
            ImageFormat::Jpeg => image::ImageFormat::Jpeg,
            ImageFormat::Webp => image::ImageFormat::WebP,
            ImageFormat::Gif => image::ImageFormat::Gif,
        }
    }
}

impl std::fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_bytes_decide_not_the_name() {
        assert_eq!(ImageFormat::sniff(b"\x89PNG\r\n\x1a\nrest").unwrap(), ImageFormat::Png);
        assert_eq!(ImageFormat::sniff(b"RIFF\0\0\0\0WEBPVP8 ").unwrap(), ImageFormat::Webp);
        assert!(matches!(ImageFormat::sniff(b"BM\0\0"), Err(MediaError::Unsupported { format: "BMP" })));
        assert!(matches!(ImageFormat::sniff(b"\0\0\0\x18ftypheic"), Err(MediaError::Unsupported { format: "HEIC" })));
        assert!(matches!(ImageFormat::sniff(b"<html>hello</html>"), Err(MediaError::NotAnImage)));
        assert!(matches!(ImageFormat::sniff(b"RIFF"), Err(MediaError::NotAnImage)));
    }
}
