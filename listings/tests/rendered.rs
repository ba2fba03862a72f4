//! Checks that the Rust blocks a reader sees in the built book are exactly
//! the blocks the chapter tests compile: no block rendered from an include,
//! an admonition or anything else escapes the harness, and the harness
//! expands includes as mdBook does.
//!
//! It also checks that no directive of the book's own (`{{#claim ...}}`,
//! `{{#output ...}}`, ...) reached a page unexpanded.
//!
//! It reads the HTML that `mdbook build` wrote, so it needs the book built
//! first: `ci/test` runs it after the build, as
//! `BOOK_RENDERED_DIR=book cargo test --test rendered`. Plain `cargo test`
//! does not run it (`test = false`); run without that variable, it fails,
//! rather than pass having checked nothing.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

include!(concat!(env!("OUT_DIR"), "/rust_blocks.rs"));

/// Pages that repeat the chapters (index.html is a copy of the first) or
/// are not chapters.
const SKIPPED: &[&str] = &["index.html", "print.html", "404.html", "toc.html"];

fn main() -> ExitCode {
    let Some(dir) = env::var_os("BOOK_RENDERED_DIR") else {
        eprintln!(
            "rendered: nothing to check; set BOOK_RENDERED_DIR to a built book (ci/test does)"
        );
        return ExitCode::FAILURE;
    };
    // A relative path is taken from the book's root, where ci/test runs.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
    let mut pages = Vec::new();
    collect_html(&dir, &mut pages);
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut pages_checked = 0;
    for page in &pages {
        let rel = page.strip_prefix(&dir).unwrap_or(page).to_string_lossy();
        if SKIPPED.contains(&rel.as_ref()) {
            continue;
        }
        pages_checked += 1;
        match fs::read_to_string(page) {
            Ok(html) => checked += check_page(&rel, &html, &mut problems),
            Err(e) => problems.push(format!("cannot read {}: {e}", page.display())),
        }
    }
    for problem in &problems {
        eprintln!("error: {problem}\n");
    }
    println!(
        "rendered: {checked} Rust blocks in {pages_checked} pages, {} problems",
        problems.len()
    );
    if problems.is_empty() && checked > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Checks one built page: no directive left unexpanded, and its Rust blocks
/// exactly those the harness tested for its chapter. Returns how many Rust
/// blocks it found.
fn check_page(rel: &str, html: &str, problems: &mut Vec<String>) -> usize {
    for directive in book_markdown::directive::find(html) {
        problems.push(format!(
            "{rel}: `{{{{#{} {}}}}}` was not expanded",
            directive.name, directive.args
        ));
    }
    let markdown = rel.replace(".html", ".md");
    let mut tested: Vec<&str> = RUST_BLOCKS
        .iter()
        .filter(|(p, _)| *p == markdown)
        .map(|(_, code)| code.trim())
        .collect();
    let blocks = rust_blocks(html);
    for block in &blocks {
        match tested.iter().position(|code| *code == block.trim()) {
            Some(i) => {
                tested.remove(i);
            }
            None => problems.push(format!(
                "{rel}: this Rust block is shown but not tested as shown:\n{}",
                block.lines().take(3).collect::<Vec<_>>().join("\n")
            )),
        }
    }
    for code in tested {
        problems.push(format!(
            "src/{markdown}: the harness tests a block that the built page does not show:\n{}",
            code.lines().take(3).collect::<Vec<_>>().join("\n")
        ));
    }
    blocks.len()
}

fn collect_html(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_html(&path, found);
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
    found.sort();
}

/// The text of every `<code class="language-rust ...">` element.
fn rust_blocks(html: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<code class=\"language-rust") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let Some(close) = rest.find("</code>") else {
            break;
        };
        blocks.push(unescape(&strip_tags(&rest[open_end + 1..close])));
        rest = &rest[close..];
    }
    blocks
}

fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}
