//! Text encodings of CSV files from Chinese Excel and WPS: UTF-8 with or
//! without a BOM, or GBK (what "CSV (逗号分隔)" saves on a Chinese Windows).

use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Gbk,
}

/// The text, or `None` when the bytes are neither valid UTF-8 nor GBK.
pub fn decode(bytes: &[u8]) -> Option<(Cow<'_, str>, TextEncoding)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some((Cow::Borrowed(text), TextEncoding::Utf8));
    }
    encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(bytes).map(|text| (text, TextEncoding::Gbk))
}
