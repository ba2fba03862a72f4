//! Include expansion as mdBook 0.4's `links` preprocessor does it:
//!
//! - `{{#include file}}` pulls in the whole file; `{{#include file:3:5}}`
//!   lines 3 to 5, `file:3` line 3 only, `file:3:` line 3 onwards and
//!   `file::5` lines 1 to 5;
//!   `{{#include file:name}}` the lines between `ANCHOR: name` and
//!   `ANCHOR_END: name`, without any anchor comment;
//! - `{{#rustdoc_include ...}}` selects the same way, but keeps the lines
//!   not selected as rustdoc's hidden lines (`# line`), so that the block
//!   still compiles as the whole file;
//! - included text may include in turn (up to ten deep), relative to the
//!   file that includes it; `\{{#include ...}}` is shown as written.
//!
//! Every expanded line keeps its [`Origin`], so that a problem in a block
//! names the listing file and line it came from.

use std::fs;
use std::path::{Path, PathBuf};

/// Where a line of expanded markdown came from: a file relative to the
/// book's root, and a line number from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

impl Origin {
    /// `file:line`.
    pub fn label(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// A page after include expansion.
#[derive(Debug, Default)]
pub struct Expanded {
    pub lines: Vec<String>,
    /// The origin of each line of `lines`.
    pub origins: Vec<Origin>,
    /// Problems found while expanding, each with where it happened.
    pub errors: Vec<(Origin, String)>,
    /// Every file that was read, for a build script's `rerun-if-changed`.
    pub read: Vec<PathBuf>,
}

impl Expanded {
    /// The expanded text of `file` (whose contents are `text`), with
    /// `root` the directory that origins are relative to.
    pub fn of(root: &Path, file: &Path, text: &str) -> Expanded {
        let mut out = Expanded::default();
        expand(root, file, text, 0, &mut out);
        out
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }
}

/// Appends `text` (the contents of `file`) to `out`, expanding includes.
fn expand(root: &Path, file: &Path, text: &str, depth: usize, out: &mut Expanded) {
    let rel = relative(root, file);
    for (i, line) in text.lines().enumerate() {
        let here = Origin {
            file: rel.clone(),
            line: i + 1,
        };
        let Some((before, directive, after)) = find_include(line) else {
            out.lines.push(line.to_owned());
            out.origins.push(here);
            continue;
        };
        match include(root, file, directive, depth, &mut out.read) {
            Ok((mut lines, mut origins)) => {
                if lines.is_empty() {
                    lines.push(String::new());
                    origins.push(here.clone());
                }
                let last = lines.len() - 1;
                lines[0] = format!("{before}{}", lines[0]);
                lines[last] = format!("{}{after}", lines[last]);
                out.lines.extend(lines);
                out.origins.extend(origins);
            }
            Err(message) => {
                out.errors.push((here.clone(), message));
                out.lines.push(line.to_owned());
                out.origins.push(here);
            }
        }
    }
}

/// Splits a line around its first include directive, unless escaped.
fn find_include(line: &str) -> Option<(&str, &str, &str)> {
    let start = line.find("{{#")?;
    if line[..start].ends_with('\\') {
        return None;
    }
    let end = start + line[start..].find("}}")?;
    let directive = line[start + 3..end].trim();
    if directive.starts_with("include ") || directive.starts_with("rustdoc_include ") {
        Some((&line[..start], directive, &line[end + 2..]))
    } else {
        None
    }
}

/// What `{{#kind target}}` pulls in: its lines and the origin of each.
fn include(
    root: &Path,
    file: &Path,
    directive: &str,
    depth: usize,
    read: &mut Vec<PathBuf>,
) -> Result<(Vec<String>, Vec<Origin>), String> {
    if depth >= 10 {
        return Err("includes nested more than 10 deep".to_owned());
    }
    let (kind, target) = directive
        .split_once(' ')
        .ok_or("an include names no file")?;
    let target = target.trim();
    let (path, selector) = match target.split_once(':') {
        Some((path, selector)) => (path, Some(selector)),
        None => (target, None),
    };
    let path = file.parent().unwrap_or(Path::new("")).join(path);
    let rel = relative(root, &path);
    let text = fs::read_to_string(&path).map_err(|e| format!("cannot include {rel}: {e}"))?;
    read.push(path.clone());
    let lines: Vec<&str> = text.lines().collect();
    let selection = select(&lines, selector).map_err(|e| format!("{e} in {rel}"))?;

    let (kept, kept_origins) = keep(&lines, &selection, kind == "rustdoc_include", &rel);
    let mut content = Expanded::default();
    expand(root, &path, &kept, depth + 1, &mut content);
    read.append(&mut content.read);
    if let Some((_, message)) = content.errors.first() {
        return Err(message.clone());
    }
    // `expand` numbered the lines of `kept`; map them back to the file.
    let origins = content
        .origins
        .into_iter()
        .map(|o| {
            if o.file == rel {
                kept_origins[o.line - 1].clone()
            } else {
                o
            }
        })
        .collect();
    Ok((content.lines, origins))
}

/// The text an include pulls in, before it is expanded in turn, and the
/// origin of each of its lines: the selected lines, and with `hide` the
/// others as rustdoc's hidden lines; anchor comments dropped if anchored.
fn keep(lines: &[&str], selection: &Selection, hide: bool, rel: &str) -> (String, Vec<Origin>) {
    let mut kept = String::new();
    let mut origins = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if selection.anchored && (line.contains("ANCHOR:") || line.contains("ANCHOR_END:")) {
            continue;
        }
        if selection.lines[i] {
            kept.push_str(line);
        } else if hide {
            kept.push_str(if line.is_empty() { "#" } else { "# " });
            kept.push_str(line);
        } else {
            continue;
        }
        kept.push('\n');
        origins.push(Origin {
            file: rel.to_owned(),
            line: i + 1,
        });
    }
    (kept, origins)
}

/// The lines a selector picks, and whether anchor comments are dropped.
struct Selection {
    lines: Vec<bool>,
    anchored: bool,
}

fn select(lines: &[&str], selector: Option<&str>) -> Result<Selection, String> {
    let Some(sel) = selector else {
        return Ok(Selection {
            lines: vec![true; lines.len()],
            anchored: false,
        });
    };
    if sel.starts_with(|c: char| c.is_ascii_digit() || c == ':') {
        let parse = |s: &str, default: usize| match s {
            "" => Ok(default),
            _ => s
                .parse::<usize>()
                .map_err(|_| format!("bad line range `{sel}`")),
        };
        let (first, last) = match sel.split_once(':') {
            Some((from, to)) => (parse(from, 1)?, parse(to, lines.len())?),
            // `file:3` is line 3 alone, as in mdBook.
            None => (parse(sel, 1)?, parse(sel, 1)?),
        };
        let lines = (1..=lines.len()).map(|n| n >= first && n <= last).collect();
        return Ok(Selection {
            lines,
            anchored: false,
        });
    }
    let start = format!("ANCHOR: {sel}");
    let end = format!("ANCHOR_END: {sel}");
    let mut inside = false;
    let mut found = false;
    let picked = lines
        .iter()
        .map(|line| {
            if is_marker(line, &end) {
                inside = false;
            } else if is_marker(line, &start) {
                inside = true;
                found = true;
                return false;
            }
            inside
        })
        .collect();
    if !found {
        return Err(format!("anchor `{sel}` not found"));
    }
    Ok(Selection {
        lines: picked,
        anchored: true,
    })
}

/// Whether `line` is an anchor comment for exactly `marker` (so that
/// `ANCHOR: a` does not also open `ANCHOR: ab`).
fn is_marker(line: &str, marker: &str) -> bool {
    line.split(marker).nth(1).is_some_and(|rest| {
        !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-')
    })
}

/// `path` relative to `root`, with `.` and `..` steps resolved.
pub fn relative(root: &Path, path: &Path) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.strip_prefix(root).unwrap_or(path).components() {
        match part.as_os_str().to_str().unwrap_or("?") {
            ".." => {
                parts.pop();
            }
            "." => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// Removes rustdoc's hiding mark: `# code` is compiled as `code`, `##x` as
/// `#x`.
pub fn unhide(line: &str) -> &str {
    let trimmed = line.trim_start();
    if let Some(rest) = trimmed.strip_prefix("# ") {
        rest
    } else if trimmed == "#" {
        ""
    } else if trimmed.starts_with("##") {
        &trimmed[1..]
    } else {
        line
    }
}

#[cfg(test)]
#[path = "include_tests.rs"]
mod tests;
