//! Unit tests of include expansion: the cases of mdBook's own include
//! tests (whole files, anchors, line ranges, rustdoc's hidden lines, nested
//! and recursive includes, escapes), each against a scratch book.

use super::*;

/// A scratch book: `files` written under a fresh directory, which is
/// removed when the value drops.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str, files: &[(&str, &str)]) -> Scratch {
        let dir = std::env::temp_dir().join(format!("book-markdown-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        // The page's own directory: `src/../l` resolves only if it exists.
        fs::create_dir_all(dir.join("src")).expect("mkdir");
        for (path, text) in files {
            let path = dir.join(path);
            fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            fs::write(path, text).expect("write");
        }
        Scratch(dir)
    }

    fn expand(&self, page: &str) -> Expanded {
        let file = self.0.join("src/page.md");
        Expanded::of(&self.0, &file, page)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

const LISTING: &str = "use std::thread;\n\n// ANCHOR: body\nfn main() {\n    // ANCHOR: inner\n    thread::spawn(|| {});\n    // ANCHOR_END: inner\n}\n// ANCHOR_END: body\n// ANCHOR: bodyguard\nfn other() {}\n// ANCHOR_END: bodyguard\n";

fn book(name: &str) -> Scratch {
    Scratch::new(
        name,
        &[
            ("l/a.rs", LISTING),
            ("l/nested.md", "before\n{{#include a.rs:inner}}\nafter\n"),
        ],
    )
}

#[test]
fn whole_file() {
    let b = book("whole");
    let e = b.expand("x\n{{#include ../l/a.rs}}\ny");
    assert!(e.errors.is_empty(), "{:?}", e.errors);
    assert_eq!(e.lines.len(), 2 + LISTING.lines().count());
    assert_eq!(e.lines[1], "use std::thread;");
    assert_eq!(
        e.origins[1],
        Origin {
            file: "l/a.rs".into(),
            line: 1
        }
    );
    assert_eq!(
        e.origins.last().map(|o| o.label()),
        Some("src/page.md:3".into())
    );
}

#[test]
fn anchor_drops_every_anchor_comment() {
    let b = book("anchor");
    let e = b.expand("{{#include ../l/a.rs:body}}");
    assert_eq!(e.lines, ["fn main() {", "    thread::spawn(|| {});", "}"]);
    assert_eq!(e.origins[1].line, 6);
}

#[test]
fn anchor_is_matched_whole() {
    let b = book("prefix");
    let e = b.expand("{{#include ../l/a.rs:body}}");
    assert!(
        !e.text().contains("other"),
        "ANCHOR: bodyguard is not ANCHOR: body"
    );
}

#[test]
fn line_ranges() {
    let b = book("ranges");
    assert_eq!(
        b.expand("{{#include ../l/a.rs:4:4}}").lines,
        ["fn main() {"]
    );
    assert_eq!(b.expand("{{#include ../l/a.rs:4}}").lines, ["fn main() {"]);
    assert_eq!(
        b.expand("{{#include ../l/a.rs::1}}").lines,
        ["use std::thread;"]
    );
    let from = b.expand("{{#include ../l/a.rs:11:}}");
    assert_eq!(from.lines, ["fn other() {}", "// ANCHOR_END: bodyguard"]);
    assert!(
        b.expand("{{#include ../l/a.rs:2:y}}").errors[0]
            .1
            .contains("bad line range")
    );
}

#[test]
fn rustdoc_include_hides_what_it_does_not_show() {
    let b = book("rustdoc");
    let e = b.expand("{{#rustdoc_include ../l/a.rs:inner}}");
    let shown: Vec<&str> = e
        .lines
        .iter()
        .map(String::as_str)
        .filter(|l| !l.starts_with('#'))
        .collect();
    assert_eq!(shown, ["    thread::spawn(|| {});"]);
    assert!(e.lines.contains(&"# use std::thread;".to_owned()));
    assert!(
        e.lines.contains(&"#".to_owned()),
        "an empty hidden line is `#`"
    );
    let compiled: Vec<&str> = e.lines.iter().map(|l| unhide(l)).collect();
    assert!(compiled.contains(&"fn main() {"));
}

#[test]
fn nested_includes_keep_their_origins() {
    let b = book("nested");
    let e = b.expand("{{#include ../l/nested.md}}");
    assert_eq!(e.lines, ["before", "    thread::spawn(|| {});", "after"]);
    assert_eq!(
        e.origins[0],
        Origin {
            file: "l/nested.md".into(),
            line: 1
        }
    );
    assert_eq!(
        e.origins[1],
        Origin {
            file: "l/a.rs".into(),
            line: 6
        }
    );
    assert_eq!(
        e.origins[2],
        Origin {
            file: "l/nested.md".into(),
            line: 3
        }
    );
    assert_eq!(e.read.len(), 2);
}

#[test]
fn text_around_a_directive_is_kept() {
    let b = book("around");
    let e = b.expand("`{{#include ../l/a.rs:4:4}}` here");
    assert_eq!(e.lines, ["`fn main() {` here"]);
}

#[test]
fn escaped_and_other_directives_stay() {
    let b = book("escaped");
    let page = "\\{{#include ../l/a.rs}}\n{{#claim x}}";
    assert_eq!(
        b.expand(page).lines,
        ["\\{{#include ../l/a.rs}}", "{{#claim x}}"]
    );
}

#[test]
fn problems_name_the_line() {
    let b = book("problems");
    let e = b.expand("ok\n{{#include ../l/missing.rs}}\n{{#include ../l/a.rs:nope}}");
    let labels: Vec<String> = e.errors.iter().map(|(o, _)| o.label()).collect();
    assert_eq!(labels, ["src/page.md:2", "src/page.md:3"]);
    assert!(e.errors[1].1.contains("anchor `nope` not found in l/a.rs"));
}

#[test]
fn includes_cannot_recurse_forever() {
    let b = Scratch::new("loop", &[("l/self.md", "{{#include self.md}}\n")]);
    let e = b.expand("{{#include ../l/self.md}}");
    assert!(
        e.errors[0].1.contains("nested more than 10 deep"),
        "{:?}",
        e.errors
    );
}
