//! The house's shape, checked the way rust-analyzer's tidy tests check theirs: the core's layers
//! (as ARCHITECTURE.md's "Layers" table states them) have no arrow up and no cycle, and no file or
//! function grows past what a reader can hold.
//!
//! How it reads Rust: comments, strings and character literals are blanked first; then every
//! `use` item and every `crate::…`, `super::…` and `self::…` path is resolved to the module it
//! names (the longest prefix that is a file of the crate). Test-only code is left out: a
//! `#[cfg(test)]` item and everything after it in a file, and files named `tests.rs` or under a
//! `tests/` folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Longest a source file may be, in lines.
const MAX_FILE_LINES: usize = 800;
/// Longest a function outside tests may be, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 80;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A module path inside the core: `["case", "imports"]` is `case/imports/mod.rs`.
type ModPath = Vec<String>;

/// One arrow: where it starts (file and line), and the module it points at.
struct Use {
    from: ModPath,
    to: ModPath,
    at: String,
}

#[test]
fn the_cores_layers_have_no_arrow_up() {
    let layers = layers_in_architecture_md();
    let uses = uses_in(&root().join("core/src"));
    let mut problems = Vec::new();
    for u in &uses {
        let (Some(from), Some(to)) = (u.from.first(), u.to.first()) else { continue };
        if from == to {
            continue;
        }
        let layer = |m: &str| layers.get(m).copied();
        match (layer(from), layer(to)) {
            (Some(a), Some(b)) if b < a => {}
            (Some(a), Some(b)) => problems.push(format!(
                "{}: `{from}` (layer {a}) uses `{to}` (layer {b}): {}",
                u.at,
                if a == b { "modules of one layer do not use each other" } else { "an arrow up" }
            )),
            _ => problems.push(format!("{}: `{from}` or `{to}` has no layer in ARCHITECTURE.md", u.at)),
        }
    }
    assert!(problems.is_empty(), "the core's layers (ARCHITECTURE.md, \"Layers\"):\n{}", problems.join("\n"));
}

#[test]
fn no_module_s_submodules_form_a_cycle() {
    let uses = uses_in(&root().join("core/src"));
    // For each module, the arrows between its submodules (whatever inside each they come from).
    let mut siblings: BTreeMap<ModPath, BTreeMap<(String, String), Vec<String>>> = BTreeMap::new();
    for u in &uses {
        let common = u.from.iter().zip(&u.to).take_while(|(a, b)| a == b).count();
        if common == u.from.len() || common == u.to.len() {
            continue; // a module and its own parent or child: Rust's `super` and `mod`
        }
        let parent = u.from[..common].to_vec();
        let arrow = (u.from[common].clone(), u.to[common].clone());
        siblings.entry(parent).or_default().entry(arrow).or_default().push(u.at.clone());
    }
    let mut problems = Vec::new();
    for (parent, arrows) in &siblings {
        for cycle in cycles(arrows.keys()) {
            let evidence: Vec<String> = arrows
                .iter()
                .filter(|((a, b), _)| cycle.contains(a) && cycle.contains(b))
                .map(|((a, b), at)| format!("  {a} -> {b} at {}", at[0]))
                .collect();
            let name = if parent.is_empty() { "crate".to_owned() } else { parent.join("::") };
            problems.push(format!("a cycle in `{name}` among {cycle:?}:\n{}", evidence.join("\n")));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_file_over_800_lines_and_no_function_over_80() {
    let mut problems = Vec::new();
    for dir in ["core/src", "src-tauri", "tests", "bench"] {
        for file in rust_files(&root().join(dir)) {
            let source = std::fs::read_to_string(&file).unwrap();
            let shown = file.strip_prefix(root()).unwrap().display().to_string();
            let lines = source.lines().count();
            if lines > MAX_FILE_LINES {
                problems.push(format!("{shown}: {lines} lines (at most {MAX_FILE_LINES})"));
            }
            // Tests and the benchmark's tools are left out of the function check.
            if !is_test_file(&file) && !shown.starts_with("tests") && !shown.starts_with("bench") {
                for (name, line, length) in long_functions(&blank(&source)) {
                    problems.push(format!("{shown}:{line}: fn {name} is {length} lines (at most {MAX_FN_LINES})"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The tidy checks catch what they say they catch.
#[test]
fn the_tidy_checks_see_what_they_look_for() {
    let source = "fn a() {\n    let s = \"{\";\n    let c = '}';\n    // }\n}\n";
    assert_eq!(blank(source).lines().count(), source.lines().count(), "blanking keeps lines");
    assert!(!blank(source).contains(['"', '\'']), "{}", blank(source));
    assert_eq!(blank("fn a() {}\n#[cfg(test)]\nmod tests {}\n"), "fn a() {}\n", "tests are left out");
    assert_eq!(long_functions(&blank(source)), Vec::<(String, usize, usize)>::new());
    let long = format!("fn long() {{\n{}}}\n", "    x();\n".repeat(MAX_FN_LINES));
    assert_eq!(long_functions(&blank(&long)), vec![("long".to_owned(), 1, MAX_FN_LINES + 2)]);
    let paths = paths_in(&blank("use crate::{a::{b, c as d}, e};\nlet x = super::f::g();\n"));
    let named: Vec<String> = paths.iter().map(|(_, p)| p.join("::")).collect();
    assert_eq!(named, ["crate::a::b", "crate::a::c", "crate::e", "super::f::g"]);
    let arrows = [("a".to_owned(), "b".to_owned()), ("b".to_owned(), "a".to_owned()), ("b".to_owned(), "c".to_owned())];
    assert_eq!(cycles(arrows.iter()), vec![BTreeSet::from(["a".to_owned(), "b".to_owned()])]);
}

/// The layer of each top-level module, from ARCHITECTURE.md's "Layers" table (`| 3 | `zones` |`).
fn layers_in_architecture_md() -> BTreeMap<String, usize> {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let section = doc.split("## Layers").nth(1).expect("ARCHITECTURE.md has a \"Layers\" section");
    let section = section.split("\n## ").next().unwrap();
    let mut layers = BTreeMap::new();
    for row in section.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
        let Some(Ok(layer)) = cells.first().map(|c| c.parse::<usize>()) else { continue };
        for module in cells[1].split(',') {
            layers.insert(module.trim().trim_matches('`').to_owned(), layer);
        }
    }
    assert!(layers.len() > 10, "the Layers table names every top-level module: {layers:?}");
    layers
}

/// Every arrow between the crate's modules in `src` (the crate root is `lib.rs`).
fn uses_in(src: &Path) -> Vec<Use> {
    let modules: BTreeMap<ModPath, PathBuf> =
        rust_files(src).into_iter().filter(|f| !is_test_file(f)).map(|f| (module_of(src, &f), f)).collect();
    // `crate::Error` is `crate::error::Error`: the root's re-exports name their module.
    let root_source = blank(&std::fs::read_to_string(src.join("lib.rs")).unwrap());
    let mut reexports = BTreeMap::new();
    for (_, path) in paths_in(&root_source) {
        if let [_, module, name] = path.as_slice() {
            reexports.insert(name.clone(), module.clone());
        }
    }
    let mut uses = Vec::new();
    for (module, file) in &modules {
        let source = blank(&std::fs::read_to_string(file).unwrap());
        let shown = file.strip_prefix(root()).unwrap().display().to_string();
        for (line, path) in paths_in(&source) {
            let Some(mut absolute) = absolute(module, &path) else { continue };
            if let [name, ..] = absolute.as_slice() {
                if let Some(owner) = reexports.get(name) {
                    absolute.insert(0, owner.clone());
                }
            }
            let to = (0..=absolute.len()).rev().map(|n| absolute[..n].to_vec()).find(|m| modules.contains_key(m));
            if let Some(to) = to.filter(|to| to != module) {
                uses.push(Use { from: module.clone(), to, at: format!("{shown}:{line}") });
            }
        }
    }
    uses
}

/// `path` (as written in `module`) from the crate root; `None` for a path outside the crate.
fn absolute(module: &ModPath, path: &[String]) -> Option<ModPath> {
    let (first, rest) = path.split_first()?;
    let mut base = match first.as_str() {
        "crate" => Vec::new(),
        "self" => module.clone(),
        "super" => module[..module.len().checked_sub(1)?].to_vec(),
        _ => return None,
    };
    let mut rest = rest;
    while let Some(("super", tail)) = rest.split_first().map(|(h, t)| (h.as_str(), t)) {
        base.pop();
        rest = tail;
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

fn module_of(src: &Path, file: &Path) -> ModPath {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: ModPath = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

fn is_test_file(file: &Path) -> bool {
    file.file_name().is_some_and(|n| n == "tests.rs") || file.components().any(|c| c.as_os_str() == "tests")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The source with comments, string and character literals blanked (newlines kept, so lines
/// still count), and cut at its first `#[cfg(test)]`: what the build sees outside tests.
fn blank(source: &str) -> String {
    let source = source.split("#[cfg(test)]").next().unwrap();
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let keep_newlines = |from: &[char], out: &mut String| out.extend(from.iter().filter(|&&c| c == '\n'));
    while i < chars.len() {
        let rest = &chars[i..];
        let end = if rest.starts_with(&['/', '/']) {
            rest.iter().position(|&c| c == '\n').unwrap_or(rest.len())
        } else if rest.starts_with(&['/', '*']) {
            rest.windows(2).position(|w| w == ['*', '/']).map_or(rest.len(), |p| p + 2)
        } else if let Some(len) = raw_string_len(rest, i == 0 || !is_ident(chars[i - 1])) {
            len
        } else if rest[0] == '"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != '"' {
                j += if rest[j] == '\\' { 2 } else { 1 };
            }
            j + 1
        } else if rest[0] == '\'' && char_literal_len(rest).is_some() {
            char_literal_len(rest).unwrap()
        } else {
            out.push(rest[0]);
            i += 1;
            continue;
        };
        let end = end.min(rest.len());
        out.push(' ');
        keep_newlines(&rest[..end], &mut out);
        i += end;
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The length of `r"…"`, `r#"…"#` or `br"…"` at the start of `text`, if one starts there.
fn raw_string_len(text: &[char], at_word_start: bool) -> Option<usize> {
    if !at_word_start {
        return None;
    }
    let start = if text.first() == Some(&'b') { 1 } else { 0 };
    if text.get(start) != Some(&'r') {
        return None;
    }
    let hashes = text[start + 1..].iter().take_while(|&&c| c == '#').count();
    let open = start + 1 + hashes;
    if text.get(open) != Some(&'"') {
        return None;
    }
    let close: Vec<char> = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
    let body = &text[open + 1..];
    body.windows(close.len()).position(|w| w == close.as_slice()).map(|p| open + 1 + p + close.len())
}

/// The length of a character literal (`'{'`, `'\n'`, `'\u{a0}'`) at the start of `text`; `None`
/// for a lifetime (`'a`).
fn char_literal_len(text: &[char]) -> Option<usize> {
    match text.get(1)? {
        '\\' => text.iter().skip(2).position(|&c| c == '\'').map(|p| p + 3),
        _ if text.get(2) == Some(&'\'') => Some(3),
        _ => None,
    }
}

/// Every path a blanked source names from the crate (`use` trees expanded), with its line.
fn paths_in(source: &str) -> Vec<(usize, Vec<String>)> {
    let mut found = Vec::new();
    let mut rest = source;
    let mut offset = 0;
    while let Some(at) = find_word(rest, "use") {
        let start = offset + at;
        let tail = &source[start + 3..];
        let Some(end) = tail.find(';') else { break };
        let line = source[..start].matches('\n').count() + 1;
        for path in expand_use_tree(Vec::new(), &tail[..end]) {
            found.push((line, path));
        }
        offset = start + 3 + end;
        rest = &source[offset..];
    }
    // Paths in code: `crate::x::y`, `super::x`, `self::x` (those in `use` items were read above).
    let code = strip_use_items(source);
    for (index, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = ["crate::", "super::", "self::"].iter().filter_map(|p| find_word(rest, p)).min() {
            let path: String = rest[at..]
                .chars()
                .take_while(|&c| is_ident(c) || c == ':')
                .collect::<String>()
                .trim_end_matches(':')
                .to_owned();
            rest = &rest[at + path.len().max(1)..];
            found.push((index + 1, path.split("::").map(str::to_owned).collect()));
        }
    }
    found.sort();
    found.dedup();
    found
}

/// `word` in `text` where it starts a word, if anywhere.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find(word) {
        let at = from + at;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let word_ends = word.ends_with(':') || !after.is_some_and(is_ident);
        if !before.is_some_and(|c| is_ident(c) || c == ':') && word_ends {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// The source with each `use …;` item blanked (its newlines kept).
fn strip_use_items(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = find_word(rest, "use") {
        let Some(end) = rest[at..].find(';') else { break };
        out.push_str(&rest[..at]);
        out.extend(rest[at..at + end].chars().filter(|&c| c == '\n'));
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    out
}

/// `a::{b, c::{d as e}}` under `prefix`: `a::b`, `a::c::d`.
fn expand_use_tree(prefix: Vec<String>, tree: &str) -> Vec<Vec<String>> {
    let mut full = prefix;
    let Some(open) = tree.find('{') else {
        // A leaf: its path, without an `as` rename or a glob.
        let path = tree.split_whitespace().next().unwrap_or_default();
        full.extend(path.split("::").filter(|s| !s.is_empty() && *s != "*").map(str::to_owned));
        if full.last().is_some_and(|l| l == "self") {
            full.pop(); // `use crate::x::{self, y}` names `x` itself
        }
        return if full.is_empty() { Vec::new() } else { vec![full] };
    };
    let head: String = tree[..open].chars().filter(|c| !c.is_whitespace()).collect();
    full.extend(head.split("::").filter(|s| !s.is_empty()).map(str::to_owned));
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let (mut depth, mut start, mut paths) = (0, 0, Vec::new());
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                paths.extend(expand_use_tree(full.clone(), &inner[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    paths.extend(expand_use_tree(full, &inner[start..]));
    paths
}

/// Every function in a blanked source longer than `MAX_FN_LINES`: name, first line, length.
fn long_functions(source: &str) -> Vec<(String, usize, usize)> {
    let mut long = Vec::new();
    // Open functions: name, first line, brace depth outside it, whether its body has opened.
    let mut open: Vec<(String, usize, usize, bool)> = Vec::new();
    let mut depth = 0usize;
    for (index, line) in source.lines().enumerate() {
        if let Some(at) = find_word(line, "fn") {
            let name: String = line[at + 2..].trim_start().chars().take_while(|&c| is_ident(c)).collect();
            if !name.is_empty() {
                open.push((name, index + 1, depth, false));
            }
        }
        for c in line.chars() {
            match c {
                '{' => {
                    if let Some(f) = open.last_mut().filter(|f| !f.3 && f.2 == depth) {
                        f.3 = true;
                    }
                    depth += 1;
                }
                '}' => {
                    depth = depth.saturating_sub(1);
                    if open.last().is_some_and(|f| f.3 && f.2 == depth) {
                        let (name, first, _, _) = open.pop().unwrap();
                        let length = index + 1 - first + 1;
                        if length > MAX_FN_LINES {
                            long.push((name, first, length));
                        }
                    }
                }
                // A declaration without a body (in a trait, or `extern`).
                ';' if open.last().is_some_and(|f| !f.3 && f.2 == depth) => {
                    open.pop();
                }
                _ => {}
            }
        }
    }
    long
}

/// The cycles among `arrows`: each set of nodes that all reach one another.
fn cycles<'a>(arrows: impl Iterator<Item = &'a (String, String)>) -> Vec<BTreeSet<String>> {
    let mut graph: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in arrows {
        graph.entry(a).or_default().push(b);
        graph.entry(b).or_default();
    }
    let nodes: Vec<&str> = graph.keys().copied().collect();
    // Reachability is small here (a module's submodules): a node is in a cycle with each node
    // that reaches it and that it reaches.
    let reaches = |from: &str| -> BTreeSet<&str> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(n) = stack.pop() {
            for &next in &graph[n] {
                if seen.insert(next) {
                    stack.push(next);
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&str, BTreeSet<&str>> = nodes.iter().map(|&n| (n, reaches(n))).collect();
    let mut found: Vec<BTreeSet<String>> = Vec::new();
    for &n in &nodes {
        if !reach[n].contains(n) {
            continue;
        }
        let component: BTreeSet<String> =
            nodes.iter().filter(|&&m| reach[n].contains(m) && reach[m].contains(n)).map(|m| m.to_string()).collect();
        if !found.contains(&component) {
            found.push(component);
        }
    }
    found
}
