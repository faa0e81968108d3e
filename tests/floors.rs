//! Imports point down. `docs/ARCHITECTURE.md` gives every room of `src/` its floor; this reads every
//! `use crate::…`, `use super::…` and inline `crate::`/`super::` path in `src/` (test code aside) and
//! fails on an import that points up a floor, or across a floor, or closes a cycle between files,
//! printing the offending line. It is the guarantee separate crates would give, kept in one crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A file of `src/`: which crate it belongs to and its module path there.
struct SourceFile {
    path: PathBuf,
    in_binary: bool,
    module: Vec<String>,
}

/// One import: the file that names a path, the file the path resolves to and the line naming it.
struct Import {
    from: usize,
    to: usize,
    line: usize,
}

#[test]
fn every_import_points_down_a_floor_and_no_files_import_each_other_in_a_loop() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let floors = floors_from_the_architecture_doc(&root.join("docs/ARCHITECTURE.md"));
    let files = without_test_modules(source_files(&root.join("src")));
    let imports = imports(&files);
    let mut wrong = Vec::new();
    let mut reported = BTreeSet::new();

    for room in files.iter().map(room_of).collect::<BTreeSet<_>>() {
        if !floors.contains_key(&room) {
            wrong.push(format!("room `{room}` has no floor in docs/ARCHITECTURE.md"));
        }
    }
    for import in &imports {
        let (from, to) = (&files[import.from], &files[import.to]);
        let (from_room, to_room) = (room_of(from), room_of(to));
        if from_room == to_room {
            continue;
        }
        let (Some(&up), Some(&down)) = (floors.get(&from_room), floors.get(&to_room)) else { continue };
        let line = format!("{}:{}", display(root, &from.path), import.line);
        if down >= up && reported.insert(line.clone()) {
            wrong.push(format!(
                "{line}: room `{from_room}` (floor {up}) imports `{to_room}` (floor {down}): {}",
                line_of(&from.path, import.line)
            ));
        }
    }
    for cycle in cycles(files.len(), &imports) {
        let names: Vec<String> = cycle.iter().map(|&i| display(root, &files[i].path)).collect();
        let ties: BTreeSet<String> = imports
            .iter()
            .filter(|i| cycle.contains(&i.from) && cycle.contains(&i.to))
            .map(|i| {
                format!("  {}:{}: {}", display(root, &files[i.from].path), i.line, line_of(&files[i.from].path, i.line))
            })
            .collect();
        let ties: Vec<String> = ties.into_iter().collect();
        wrong.push(format!("files import each other in a loop: {}\n{}", names.join(" -> "), ties.join("\n")));
    }
    assert!(wrong.is_empty(), "imports that do not point down:\n{}", wrong.join("\n"));
}

#[test]
fn the_reader_sees_use_trees_inline_paths_and_skips_tests_strings_and_comments() {
    let text = r#"
        //! See crate::charts for drawings.
        use crate::model::{Message, paging::{Page, PageRequest}};
        use super::report::ReportRow;
        fn f() -> String { let _ = crate::store::begin_write; "crate::demo".to_owned() }
        /* crate::cli */
        fn g<'a>(x: &'a str) -> char { let _ = super::super::links::target(x); 'c' }
        #[serde(deserialize_with = "crate::materials::parts::at_most_parts")]
        #[cfg(test)]
        mod tests { use crate::demo::seed; }
        #[cfg(test)]
        use crate::upkeep;
    "#;
    let here = vec!["earnings".to_owned(), "breakdowns".to_owned()];
    let paths: Vec<String> = paths_named(text, &here, false).into_iter().map(|(path, _)| path.join("::")).collect();
    assert_eq!(
        paths,
        [
            "model::Message",
            "model::paging::Page",
            "model::paging::PageRequest",
            "earnings::report::ReportRow",
            "store::begin_write",
            "links::target",
            "materials::parts::at_most_parts",
        ]
    );
}

/// The floor table of `docs/ARCHITECTURE.md`: rows `| 3 | store, platform | … |`.
fn floors_from_the_architecture_doc(doc: &Path) -> BTreeMap<String, u32> {
    let text = fs::read_to_string(doc).expect("docs/ARCHITECTURE.md is readable");
    let mut floors = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || !cells[0].is_empty() {
            continue;
        }
        let Ok(floor) = cells[1].parse::<u32>() else { continue };
        for room in cells[2].split(',').map(|r| r.trim().trim_matches('`')) {
            floors.insert(room.to_owned(), floor);
        }
    }
    assert!(floors.len() > 10, "docs/ARCHITECTURE.md has its floor table");
    floors
}

fn source_files(src: &Path) -> Vec<SourceFile> {
    let mut paths = Vec::new();
    collect_rs(src, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let relative: Vec<String> = path
                .strip_prefix(src)
                .expect("under src")
                .with_extension("")
                .iter()
                .map(|part| part.to_string_lossy().into_owned())
                .collect();
            let in_binary = relative[0] == "main" || relative[0] == "cli";
            let mut module = relative;
            if matches!(module.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                module.pop();
            }
            SourceFile { path, in_binary, module }
        })
        .collect()
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The files left once every module declared as `#[cfg(test)] mod name;` (and all under it) is taken out.
fn without_test_modules(files: Vec<SourceFile>) -> Vec<SourceFile> {
    let mut test_only: Vec<(bool, Vec<String>)> = Vec::new();
    for file in &files {
        let text = fs::read_to_string(&file.path).expect("a source file is readable");
        let tokens = tokens(&text);
        for (i, window) in tokens.windows(9).enumerate() {
            let words: Vec<&str> = window.iter().map(|t| t.text.as_str()).collect();
            if words[..8] == ["#", "[", "cfg", "(", "test", ")", "]", "mod"]
                && tokens.get(i + 9).is_some_and(|t| t.text == ";")
            {
                let mut module = file.module.clone();
                module.push(words[8].to_owned());
                test_only.push((file.in_binary, module));
            }
        }
    }
    files
        .into_iter()
        .filter(|file| !test_only.iter().any(|(bin, module)| *bin == file.in_binary && file.module.starts_with(module)))
        .collect()
}

/// A room is the first folder or file under `src/` (`lib.rs` and `main.rs` are rooms of their own).
fn room_of(file: &SourceFile) -> String {
    match file.module.first() {
        Some(first) => first.clone(),
        None if file.in_binary => "main".to_owned(),
        None => "lib".to_owned(),
    }
}

fn imports(files: &[SourceFile]) -> Vec<Import> {
    let by_module: BTreeMap<(bool, Vec<String>), usize> =
        files.iter().enumerate().map(|(i, f)| ((f.in_binary, f.module.clone()), i)).collect();
    let mut imports = Vec::new();
    for (from, file) in files.iter().enumerate() {
        let text = fs::read_to_string(&file.path).expect("a source file is readable");
        for (path, line) in paths_named(&text, &file.module, file.in_binary) {
            // `tuanzhang::` from the binary names the library.
            let (in_binary, path) = match path.split_first() {
                Some((first, rest)) if first == "tuanzhang" && file.in_binary => (false, rest.to_vec()),
                _ => (file.in_binary, path),
            };
            let resolved =
                (0..=path.len()).rev().find_map(|len| by_module.get(&(in_binary, path[..len].to_vec())).copied());
            if let Some(to) = resolved.filter(|&to| to != from) {
                imports.push(Import { from, to, line });
            }
        }
    }
    imports
}

/// Every crate-relative path a file names outside its tests, made absolute, with its line.
fn paths_named(text: &str, module: &[String], in_binary: bool) -> Vec<(Vec<String>, usize)> {
    let tokens = without_test_code(tokens(text));
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].text == "use" {
            let end = (i..tokens.len()).find(|&j| tokens[j].text == ";").unwrap_or(tokens.len());
            let mut trees = Vec::new();
            use_tree(&tokens[i + 1..end], Vec::new(), &mut trees);
            for tree in trees {
                if let Some(path) = absolute(&tree, module, in_binary) {
                    out.push((path, tokens[i].line));
                }
            }
            i = end + 1;
            continue;
        }
        if is_serde_path_string(&tokens, i) {
            let inner = tokens[i].text.trim_matches('"');
            for (path, _) in paths_named(inner, module, in_binary) {
                out.push((path, tokens[i].line));
            }
            i += 1;
            continue;
        }
        let starts_path = matches!(tokens[i].text.as_str(), "crate" | "super")
            && tokens.get(i + 1).is_some_and(|t| t.text == "::")
            && (i == 0 || tokens[i - 1].text != "::");
        if starts_path {
            let mut path = vec![tokens[i].text.clone()];
            let mut j = i + 1;
            while tokens.get(j).is_some_and(|t| t.text == "::") && tokens.get(j + 1).is_some_and(|t| is_ident(&t.text))
            {
                path.push(tokens[j + 1].text.clone());
                j += 2;
            }
            if let Some(path) = absolute(&path, module, in_binary) {
                out.push((path, tokens[i].line));
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// A string serde reads as a path: `with = "…"`, `deserialize_with = "…"`, `serialize_with = "…"`.
fn is_serde_path_string(tokens: &[Token], i: usize) -> bool {
    i >= 2
        && tokens[i].text.starts_with('"')
        && tokens[i - 1].text == "="
        && matches!(tokens[i - 2].text.as_str(), "with" | "deserialize_with" | "serialize_with")
}

/// `crate::a::b` and `super::c` from the module `here` as segments from the crate root; paths into other
/// crates are left out, except `tuanzhang::` named by the binary.
fn absolute(path: &[String], here: &[String], in_binary: bool) -> Option<Vec<String>> {
    let first = path.first()?;
    match first.as_str() {
        "crate" => Some(path[1..].to_vec()),
        "tuanzhang" if in_binary => Some(path.to_vec()),
        "super" | "self" => {
            let mut base = here.to_vec();
            let mut rest = path;
            while let Some((step, tail)) = rest.split_first() {
                match step.as_str() {
                    "super" => {
                        base.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                rest = tail;
            }
            base.extend(rest.iter().cloned());
            Some(base)
        }
        _ => None,
    }
}

/// The paths of one `use` tree, braces expanded.
fn use_tree(tokens: &[Token], prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut path = prefix;
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i].text.as_str() {
            "::" | "pub" | "as" => i += 1,
            "{" => {
                let close = matching(tokens, i);
                for part in split_top_level(&tokens[i + 1..close]) {
                    use_tree(part, path.clone(), out);
                }
                return;
            }
            "*" => break,
            word if is_ident(word) => {
                // `x as y` names `x`.
                if i > 0 && tokens[i - 1].text == "as" {
                    i += 1;
                    continue;
                }
                path.push(word.to_owned());
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.push(path);
}

fn split_top_level(tokens: &[Token]) -> Vec<&[Token]> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, token) in tokens.iter().enumerate() {
        match token.text.as_str() {
            "{" => depth += 1,
            "}" => depth -= 1,
            "," if depth == 0 => {
                parts.push(&tokens[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&tokens[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

fn matching(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        match token.text.as_str() {
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    tokens.len().saturating_sub(1)
}

/// The tokens with every item under `#[cfg(test)]` taken out (a test module, a helper, a `use`).
fn without_test_code(tokens: Vec<Token>) -> Vec<Token> {
    let mut kept = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let is_cfg_test = tokens[i].text == "#"
            && tokens.get(i + 1).is_some_and(|t| t.text == "[")
            && tokens.get(i + 2).is_some_and(|t| t.text == "cfg")
            && tokens.get(i + 3).is_some_and(|t| t.text == "(")
            && tokens.get(i + 4).is_some_and(|t| t.text == "test")
            && tokens.get(i + 5).is_some_and(|t| t.text == ")");
        if !is_cfg_test {
            kept.push(tokens[i].clone());
            i += 1;
            continue;
        }
        // Skip to the end of the item: its `;` or its block.
        let mut j = i + 7;
        while j < tokens.len() && tokens[j].text != ";" && tokens[j].text != "{" {
            j += 1;
        }
        i = if tokens.get(j).is_some_and(|t| t.text == "{") { matching(&tokens, j) + 1 } else { j + 1 };
    }
    kept
}

#[derive(Clone)]
struct Token {
    text: String,
    line: usize,
}

fn is_ident(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// Identifiers, `::` and single punctuation, with comments, strings and character literals left out.
fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let (mut out, mut line, mut i) = (Vec::new(), 1, 0);
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || (next == Some('#') && raw_string_ahead(&chars, i + 1))) {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            i += 2 + hashes;
            while i < chars.len() {
                if chars[i] == '"' && chars[i + 1..].iter().take(hashes).filter(|&&h| h == '#').count() == hashes {
                    i += 1 + hashes;
                    break;
                }
                line += usize::from(chars[i] == '\n');
                i += 1;
            }
        } else if c == '"' || (c == 'b' && next == Some('"')) {
            let (start_line, start) = (line, i);
            i += if c == 'b' { 2 } else { 1 };
            while i < chars.len() && chars[i] != '"' {
                line += usize::from(chars[i] == '\n');
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            // Kept whole, behind its quote, so it never reads as code; serde's
            // `with = "…"` names a path inside one (see `paths_named`).
            out.push(Token { text: chars[start..i.min(chars.len())].iter().collect(), line: start_line });
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token { text: chars[start..i].iter().collect(), line });
        } else if c == ':' && next == Some(':') {
            out.push(Token { text: "::".to_owned(), line });
            i += 2;
        } else {
            out.push(Token { text: c.to_string(), line });
            i += 1;
        }
    }
    out
}

fn raw_string_ahead(chars: &[char], from: usize) -> bool {
    let hashes = chars[from..].iter().take_while(|&&h| h == '#').count();
    chars.get(from + hashes) == Some(&'"')
}

/// Every set of files that import one another in a loop (Tarjan's strongly connected components).
fn cycles(count: usize, imports: &[Import]) -> Vec<Vec<usize>> {
    let mut next: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); count];
    for import in imports {
        next[import.from].insert(import.to);
    }
    let mut state = Tarjan {
        next,
        index: vec![None; count],
        low: vec![0; count],
        on_stack: vec![false; count],
        ..Default::default()
    };
    for node in 0..count {
        if state.index[node].is_none() {
            state.visit(node);
        }
    }
    state.found
}

#[derive(Default)]
struct Tarjan {
    next: Vec<BTreeSet<usize>>,
    index: Vec<Option<usize>>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    counter: usize,
    found: Vec<Vec<usize>>,
}

impl Tarjan {
    fn visit(&mut self, node: usize) {
        self.index[node] = Some(self.counter);
        self.low[node] = self.counter;
        self.counter += 1;
        self.stack.push(node);
        self.on_stack[node] = true;
        for to in self.next[node].clone() {
            match self.index[to] {
                None => {
                    self.visit(to);
                    self.low[node] = self.low[node].min(self.low[to]);
                }
                Some(index) if self.on_stack[to] => self.low[node] = self.low[node].min(index),
                Some(_) => {}
            }
        }
        if Some(self.low[node]) == self.index[node] {
            let mut component = Vec::new();
            while let Some(top) = self.stack.pop() {
                self.on_stack[top] = false;
                component.push(top);
                if top == node {
                    break;
                }
            }
            if component.len() > 1 {
                component.reverse();
                self.found.push(component);
            }
        }
    }
}

fn display(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

fn line_of(path: &Path, line: usize) -> String {
    fs::read_to_string(path).ok().and_then(|t| t.lines().nth(line - 1).map(|l| l.trim().to_owned())).unwrap_or_default()
}
