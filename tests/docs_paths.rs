//! Every repository path the README, DEVELOPING and docs/ name must exist: a
//! newcomer follows them, and a moved file otherwise leaves the docs pointing
//! at nothing without any build noticing.
//!
//! What counts as a path:
//! - an inline code word (`src/store/sql.rs`) or a link target outside code
//!   fences: with a `/` and a first part that is a top-level entry of the
//!   repository it must exist from the root; ending in a known extension
//!   otherwise (`store/sql.rs`, `list.rs`) some file must end with it;
//! - inside a code fence, a word that starts with a top-level entry and a `/`
//!   (`(src/sandbox)` in a diagram), and the first word of a tree line, which
//!   is resolved under the nearest less-indented directory above it, so the
//!   tree in docs/ARCHITECTURE.md is checked against the tree on disk.
//!
//! URLs, globs (`*`), placeholders (`<area>`, `{id}`, `…`) and URL paths
//! (`/admin/faults`) are not paths. Names inside her data folder or inside an
//! archive the app writes are listed in `NOT_IN_REPO`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Names the docs quote that live in her data folder or in an archive the
/// app writes, never in the repository.
const NOT_IN_REPO: &[&str] = &[
    // the data folder (docs/ARCHITECTURE.md, "The data folder")
    "secrets.json",
    "backups/",
    "media/",
    "demo/",
    // members of an export ZIP or a .tzpack
    "manifest.json",
    "courses.json",
    "json/",
    "csv/",
];

/// Build output and tools' folders: neither walked nor top-level entries.
const SKIPPED_DIRS: &[&str] = &[".git", "target", "node_modules"];

const KNOWN_EXTENSIONS: &[&str] =
    &["rs", "ts", "tsx", "js", "mjs", "md", "sql", "sh", "json", "toml", "yml", "yaml", "png", "css", "html"];

/// The most files the walk accepts: a runaway symlink loop or a stray
/// download fails the test instead of filling memory.
const MAX_FILES: usize = 50_000;

struct Repo {
    root: PathBuf,
    top_level: BTreeSet<String>,
    /// Every file and folder, relative to the root with `/` separators;
    /// folders end with `/`.
    entries: Vec<String>,
}

impl Repo {
    fn load() -> Repo {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let top_level = std::fs::read_dir(&root)
            .expect("the repository root")
            .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
            .filter(|name| !SKIPPED_DIRS.contains(&name.as_str()))
            .collect();
        let mut entries = Vec::new();
        walk(&root, "", &mut entries);
        Repo { root, top_level, entries }
    }

    fn exists(&self, relative: &str) -> bool {
        self.root.join(relative.trim_end_matches('/')).exists()
    }

    /// Whether some file or folder ends with `tail` on a name boundary.
    fn has_tail(&self, tail: &str) -> bool {
        self.entries
            .iter()
            .any(|entry| entry == tail || entry.strip_suffix(tail).is_some_and(|head| head.ends_with('/')))
    }

    fn starts_at_top(&self, word: &str) -> bool {
        word.split_once('/').is_some_and(|(first, _)| self.top_level.contains(first))
    }
}

fn walk(dir: &Path, prefix: &str, entries: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("a folder") {
        let entry = entry.expect("an entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if SKIPPED_DIRS.contains(&name.as_str()) {
            continue;
        }
        assert!(entries.len() < MAX_FILES, "more than {MAX_FILES} files under the repository");
        let kind = entry.file_type().expect("a file type");
        if kind.is_dir() {
            let relative = format!("{prefix}{name}/");
            entries.push(relative.clone());
            walk(&entry.path(), &relative, entries);
        } else {
            entries.push(format!("{prefix}{name}"));
        }
    }
}

/// The word with quoting punctuation, `./`, a `:line` and a `::item` taken
/// off, or None when it is no path at all.
fn clean(word: &str) -> Option<&str> {
    let word = word.trim_start_matches(['(', '[', '"', '\'']);
    let word = word.trim_end_matches([')', ']', '"', '\'', ',', ';', '.', ':']);
    let word = word.strip_prefix("./").unwrap_or(word);
    let word = word.split_once("::").map_or(word, |(path, _)| path);
    let word = match word.rsplit_once(':') {
        Some((path, line)) if line.chars().all(|c| c.is_ascii_digit()) => path,
        _ => word,
    };
    let not_a_path = word.is_empty()
        || word.contains("://")
        || word.starts_with('/')
        || word.starts_with('#')
        || word.contains(['*', '<', '>', '{', '}', '…', '?', '=', '$']);
    (!not_a_path).then_some(word)
}

fn has_known_extension(word: &str) -> bool {
    word.rsplit_once('.').is_some_and(|(_, ext)| KNOWN_EXTENSIONS.contains(&ext))
}

fn allowed(word: &str) -> bool {
    NOT_IN_REPO.iter().any(|name| word == *name || (name.ends_with('/') && word.starts_with(name)))
}

/// A quoted word outside fences: whether it names something that is missing.
fn quoted_is_missing(repo: &Repo, word: &str) -> bool {
    let Some(word) = clean(word) else { return false };
    if allowed(word) {
        return false;
    }
    if repo.starts_at_top(word) {
        !repo.exists(word)
    } else if has_known_extension(word) {
        !repo.has_tail(word)
    } else {
        false
    }
}

/// A link target, relative to the document that holds it.
fn link_is_missing(repo: &Repo, doc_dir: &Path, target: &str) -> bool {
    let target = target.split_once('#').map_or(target, |(path, _)| path);
    if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
        return false;
    }
    !repo.root.join(doc_dir).join(target).exists()
}

fn link_targets(line: &str) -> Vec<&str> {
    line.match_indices("](")
        .filter_map(|(at, _)| {
            let rest = &line[at + 2..];
            rest.find(')').map(|end| rest[..end].split_whitespace().next().unwrap_or(""))
        })
        .collect()
}

/// Inline code spans on one line (a span never crosses a line in these docs).
fn code_spans(line: &str) -> impl Iterator<Item = &str> {
    line.split('`').skip(1).step_by(2)
}

/// The directories a tree in a fence has opened, with their indentation;
/// None where the parent is no repository folder (`<data folder>/`).
type TreeStack = Vec<(usize, Option<String>)>;

/// The first word of a fenced line, read as a tree entry under the nearest
/// less-indented folder above it. Returns the path to check, if any.
fn tree_entry(stack: &mut TreeStack, line: &str) -> Option<String> {
    let indent = line.len() - line.trim_start().len();
    let first = line.split_whitespace().next()?;
    // `<data folder>/` opens a folder that is none of the repository's.
    let opens_folder = first.ends_with('/') || first.starts_with('<');
    if !opens_folder && !has_known_extension(first) {
        return None;
    }
    while stack.last().is_some_and(|(open, _)| *open >= indent) {
        stack.pop();
    }
    let parent = match stack.last() {
        Some((_, parent)) => parent.clone(),
        None => Some(String::new()),
    };
    let path = match (parent, clean(first)) {
        (Some(parent), Some(word)) if !allowed(word) => Some(format!("{parent}{word}")),
        _ => None,
    };
    if opens_folder {
        stack.push((indent, path.clone()));
    }
    path
}

fn missing_in(repo: &Repo, doc: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(repo.root.join(doc)).expect("a doc");
    let doc_dir = doc.parent().unwrap_or(Path::new(""));
    let mut missing = Vec::new();
    let mut in_fence = false;
    let mut tree = TreeStack::new();
    for (index, line) in text.lines().enumerate() {
        let mut report = |what: &str| missing.push(format!("{}:{}: {what}", doc.display(), index + 1));
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            tree.clear();
            continue;
        }
        if in_fence {
            let entry = tree_entry(&mut tree, line);
            if let Some(path) = &entry {
                if !repo.exists(path) {
                    report(path);
                }
            }
            // A tree entry's first word was resolved under its parent above.
            let skip = usize::from(entry.is_some());
            for word in line.split_whitespace().skip(skip).filter_map(clean) {
                if repo.starts_at_top(word) && !repo.exists(word) {
                    report(word);
                }
            }
            continue;
        }
        for span in code_spans(line) {
            for word in span.split_whitespace() {
                if quoted_is_missing(repo, word) {
                    report(word);
                }
            }
        }
        for target in link_targets(line) {
            if link_is_missing(repo, doc_dir, target) {
                report(target);
            }
        }
    }
    missing
}

fn docs(repo: &Repo) -> Vec<PathBuf> {
    let mut docs = vec![PathBuf::from("README.md"), PathBuf::from("DEVELOPING.md")];
    let mut in_docs: Vec<PathBuf> = std::fs::read_dir(repo.root.join("docs"))
        .expect("docs/")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .map(|path| Path::new("docs").join(path.file_name().expect("a file name")))
        .collect();
    in_docs.sort();
    docs.extend(in_docs);
    docs
}

#[test]
fn every_path_the_docs_name_exists() {
    let repo = Repo::load();
    let missing: Vec<String> = docs(&repo).iter().flat_map(|doc| missing_in(&repo, doc)).collect();
    assert!(missing.is_empty(), "the docs name paths that do not exist:\n{}", missing.join("\n"));
}

#[test]
fn the_checker_sees_a_stale_path_and_lets_the_data_folder_be() {
    let repo = Repo::load();
    assert!(quoted_is_missing(&repo, "src/sandbox"));
    assert!(quoted_is_missing(&repo, "ui/src/api.ts"));
    assert!(quoted_is_missing(&repo, "store/no_such_file.rs"));
    assert!(!quoted_is_missing(&repo, "src/store/"));
    assert!(!quoted_is_missing(&repo, "store/sql.rs"));
    assert!(!quoted_is_missing(&repo, "tests/common::NOW"));
    assert!(!quoted_is_missing(&repo, "media/"));
    assert!(!quoted_is_missing(&repo, "src-tauri/src/commands/<area>.rs"));
    let mut tree = TreeStack::new();
    assert_eq!(tree_entry(&mut tree, "src-tauri/   the shell").as_deref(), Some("src-tauri/"));
    assert_eq!(tree_entry(&mut tree, "  src/commands/   one file").as_deref(), Some("src-tauri/src/commands/"));
    assert_eq!(tree_entry(&mut tree, "<data folder>/").as_deref(), None);
    assert_eq!(tree_entry(&mut tree, "  media/ (thumbs/)").as_deref(), None);
}
