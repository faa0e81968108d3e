//! Rust never words a message; it names a key the UI's catalogs word. A key
//! named in the code but missing from a catalog would show as the bare key,
//! so every key the sources name must be in both catalogs.

use std::collections::BTreeSet;
use std::path::Path;

/// Where a key is written: as a message, a not-found, or the advice a sync
/// failure class names (`ErrorClass::advice_key`).
const KEY_CALLS: &[&str] = &["Message::new(\"", "FormError::not_found(\"", "\"sync.failure."];

fn sources(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(std::fs::read_to_string(&path).expect("a source file"));
        }
    }
}

fn keys_named_in(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for call in KEY_CALLS {
        for (at, _) in text.match_indices(call) {
            let rest = &text[at + call.len()..];
            if let Some(end) = rest.find('"') {
                let prefix = call.strip_prefix('"').unwrap_or("");
                keys.push(format!("{prefix}{}", &rest[..end]));
            }
        }
    }
    keys
}

fn catalog(name: &str) -> serde_json::Map<String, serde_json::Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/i18n").join(name);
    serde_json::from_str(&std::fs::read_to_string(path).expect("a catalog")).expect("a JSON object")
}

#[test]
fn every_message_key_the_code_names_is_worded_in_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    sources(&root.join("src"), &mut texts);
    sources(&root.join("src-tauri/src"), &mut texts);
    let named: BTreeSet<String> = texts.iter().flat_map(|t| keys_named_in(t)).filter(|k| k != "no.such.key").collect();
    assert!(named.len() > 50, "the scan finds the keys: {named:?}");
    for (language, words) in [("zh-CN", catalog("zh-CN.json")), ("en", catalog("en.json"))] {
        let missing: Vec<&String> = named.iter().filter(|k| !words.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{language} has no words for {missing:?}");
    }
}

#[test]
fn the_scan_sees_a_key_in_each_form_the_code_uses() {
    let text = r#"Message::new("a.b") FormError::not_found("c.d") X => "sync.failure.offline","#;
    assert_eq!(keys_named_in(text), vec!["a.b", "c.d", "sync.failure.offline"]);
}
