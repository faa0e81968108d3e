//! File and folder names made from her text (a material's title, a kit's
//! name): every file the app writes from a user's words is named here, so
//! no title can leave the folder it was meant for or fail on Windows.

use std::path::{Path, PathBuf};

/// The most bytes a whole name may take; most file systems allow 255.
pub const MAX_NAME_BYTES: usize = 200;
/// Room kept for ` (12)` and an extension such as `.tzpack`.
const SUFFIX_RESERVE: usize = 16;
/// Windows refuses these as names, with or without an extension.
const DEVICE_NAMES: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2",
    "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// `text` as one path component on every system: separators, reserved and
/// control characters become `_`; no leading or trailing dots or spaces;
/// never a device name; cut at a character boundary so that the name with
/// a suffix and an extension stays within `MAX_NAME_BYTES`. `fallback` is
/// used when nothing is left.
pub fn safe_stem(text: &str, fallback: &str) -> String {
    let replaced: String =
        text.chars().map(|c| if c.is_control() || r#"/\:*?"<>|"#.contains(c) { '_' } else { c }).collect();
    let mut stem = String::new();
    for c in replaced.trim_matches(|c: char| c == '.' || c.is_whitespace()).chars() {
        if stem.len() + c.len_utf8() > MAX_NAME_BYTES - SUFFIX_RESERVE {
            break;
        }
        stem.push(c);
    }
    let stem = stem.trim_end_matches(|c: char| c == '.' || c.is_whitespace()).to_owned();
    let device = stem.split('.').next().is_some_and(|first| DEVICE_NAMES.iter().any(|d| d.eq_ignore_ascii_case(first)));
    match (stem.is_empty(), device) {
        (true, _) => fallback.to_owned(),
        (false, true) => format!("_{stem}"),
        (false, false) => stem,
    }
}

/// A name under `folder` that nothing holds yet: `stem.ext`, then
/// `stem (2).ext`, … (`ext` empty for a folder). `stem` is made safe first.
pub fn free_path(folder: &Path, stem: &str, ext: &str, fallback: &str) -> PathBuf {
    let stem = safe_stem(stem, fallback);
    let named = |suffix: String| {
        let dot = if ext.is_empty() { "" } else { "." };
        folder.join(format!("{stem}{suffix}{dot}{ext}"))
    };
    let mut path = named(String::new());
    let mut n: u32 = 2;
    while path.symlink_metadata().is_ok() && n < u32::MAX {
        path = named(format!(" ({n})"));
        n += 1;
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_stays_one_name_in_its_folder() {
        assert_eq!(safe_stem("早安/问候: 第1期?", "x"), "早安_问候_ 第1期_");
        assert_eq!(safe_stem("海报-\\..\\..\\Windows", "x"), "海报-_.._.._Windows");
        assert_eq!(safe_stem("../..", "x"), "_", "never a parent folder");
        assert_eq!(safe_stem("..", "素材图片"), "素材图片");
        assert_eq!(safe_stem("  ...  ", "素材图片"), "素材图片");
        assert_eq!(safe_stem("a\u{0}b\nc", "x"), "a_b_c");
    }

    #[test]
    fn windows_device_names_are_never_a_name() {
        assert_eq!(safe_stem("con", "x"), "_con");
        assert_eq!(safe_stem("LPT1.txt", "x"), "_LPT1.txt");
        assert_eq!(safe_stem("console", "x"), "console");
    }

    #[test]
    fn a_long_title_is_cut_within_the_byte_budget_at_a_character() {
        let title = "团长".repeat(100);
        let stem = safe_stem(&title, "x");
        assert!(stem.len() <= MAX_NAME_BYTES - SUFFIX_RESERVE, "{}", stem.len());
        assert!(stem.chars().all(|c| c == '团' || c == '长'));
        let dir = tempfile::tempdir().unwrap();
        let path = free_path(dir.path(), &format!("海报-{title}"), "png", "海报");
        assert!(path.file_name().unwrap().len() <= MAX_NAME_BYTES);
        std::fs::write(&path, b"x").expect("a long Chinese title makes a name the system takes");
    }

    #[test]
    fn a_taken_name_gets_the_next_number_in_the_same_folder() {
        let dir = tempfile::tempdir().unwrap();
        let first = free_path(dir.path(), "海报/../../x", "png", "海报");
        assert_eq!(first.parent(), Some(dir.path()));
        std::fs::write(&first, b"x").unwrap();
        let second = free_path(dir.path(), "海报/../../x", "png", "海报");
        assert_eq!(second.file_name().unwrap().to_string_lossy(), "海报_.._.._x (2).png");
    }
}
