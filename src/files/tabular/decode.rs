//! Text encodings of CSV files from Chinese Excel and WPS: UTF-8 with or
//! without a BOM, GBK / GB18030 (what "CSV (逗号分隔)" saves on a Chinese
//! Windows) or Big5 (a Traditional Chinese one). The encoding is decided
//! for the file and told to her; a UTF-8 file with a few broken bytes stays
//! UTF-8, its broken lines reported, rather than turning every name into
//! garbage as GBK.

use serde::Serialize;
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub enum TextEncoding {
    #[serde(rename = "UTF-8")]
    Utf8,
    /// GBK and its superset GB18030 decode alike.
    #[serde(rename = "GB18030")]
    Gb18030,
    #[serde(rename = "Big5")]
    Big5,
}

/// Decoded text and what it was read as.
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: TextEncoding,
    /// 1-based lines holding bytes that were not UTF-8 (replaced by `�`).
    pub broken_lines: Vec<u64>,
}

/// Why the bytes cannot be read as text, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undecodable {
    /// Excel's "Unicode text" (UTF-16): not a CSV this app reads.
    Utf16,
    /// Neither UTF-8, GB18030 nor Big5.
    Unknown,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, Undecodable> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Undecodable::Utf16);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded { text: Cow::Borrowed(text), encoding: TextEncoding::Utf8, broken_lines: Vec::new() });
    }
    if mostly_utf8(bytes) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let broken_lines = text
            .split('\n')
            .enumerate()
            .filter(|(_, line)| line.contains('\u{FFFD}'))
            .map(|(index, _)| index as u64 + 1)
            .collect();
        return Ok(Decoded { text: Cow::Owned(text), encoding: TextEncoding::Utf8, broken_lines });
    }
    // Every Big5 byte pair is also a GBK one, so GBK alone would read
    // Traditional text as garbage without a single error.
    let order = if looks_like_big5(bytes) {
        [(encoding_rs::BIG5, TextEncoding::Big5), (encoding_rs::GB18030, TextEncoding::Gb18030)]
    } else {
        [(encoding_rs::GB18030, TextEncoding::Gb18030), (encoding_rs::BIG5, TextEncoding::Big5)]
    };
    for (encoding, label) in order {
        if let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) {
            return Ok(Decoded { text, encoding: label, broken_lines: Vec::new() });
        }
    }
    Err(Undecodable::Unknown)
}

/// Whether valid multi-byte UTF-8 characters outnumber the broken
/// sequences twice over:
/// Chinese in GBK is almost never valid UTF-8 by chance, so a file whose
/// Chinese mostly reads as UTF-8 is UTF-8 with a few broken bytes.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid_multibyte, mut invalid) = (0usize, 0usize);
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                valid_multibyte += text.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(error) => {
                let (good, after) = rest.split_at(error.valid_up_to());
                valid_multibyte += std::str::from_utf8(good).map_or(0, |t| t.chars().filter(|c| !c.is_ascii()).count());
                let skip = error.error_len().unwrap_or(after.len()).max(1);
                invalid += 1;
                rest = &after[skip.min(after.len())..];
            }
        }
    }
    valid_multibyte > invalid * 2
}

/// Simplified Chinese in GBK keeps to GB2312, whose second bytes are all
/// 0xA1 or above; about half of Big5's second bytes are below it.
fn looks_like_big5(bytes: &[u8]) -> bool {
    let (mut pairs, mut low_trail) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (lead, Some(&trail)) if lead >= 0x81 => {
                pairs += 1;
                low_trail += usize::from(trail < 0xA1);
                i += 2;
            }
            _ => i += 1,
        }
    }
    pairs >= 2 && low_trail * 10 > pairs * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_encoding_is_told_by_name() {
        let text = "姓名,微信号\n王芳,wangfang01\n";
        assert_eq!(decode(text.as_bytes()).unwrap().encoding, TextEncoding::Utf8);
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(&gbk).unwrap().encoding, TextEncoding::Gb18030);
        let (gb18030, _, _) = encoding_rs::GB18030.encode("姓名,备注\n王芳,𠀀\n");
        let decoded = decode(&gb18030).unwrap();
        assert_eq!((decoded.encoding, decoded.text.contains('𠀀')), (TextEncoding::Gb18030, true));
        let (big5, _, _) =
            encoding_rs::BIG5.encode("姓名,備註,電話\n陳淑芬,臺灣新北市,0912345678\n林志明,高雄,0933111222\n");
        let decoded = decode(&big5).unwrap();
        assert_eq!(decoded.encoding, TextEncoding::Big5);
        assert!(decoded.text.contains("陳淑芬"), "{}", decoded.text);
        assert_eq!(decode(b"\xFF\xFEa\x00").err(), Some(Undecodable::Utf16));
    }

    #[test]
    fn a_utf8_file_with_one_stray_byte_stays_utf8_and_names_its_line() {
        let mut bytes = "姓名,微信号\n王芳,wangfang01\n李娜,lina_88\n张伟,zw\n".as_bytes().to_vec();
        let third_line = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(1).map(|(i, _)| i + 1).unwrap();
        bytes.insert(third_line + 2, 0xFF);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, TextEncoding::Utf8);
        assert_eq!(decoded.broken_lines, vec![3]);
        assert!(decoded.text.contains("王芳") && decoded.text.contains("张伟"), "the other names are intact");
    }
}
