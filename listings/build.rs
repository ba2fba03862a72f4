//! Turns the book's chapters into tests, and lists what the harness needs
//! to know about them. For each markdown file under the book's `src/`, it
//! expands `{{#include}}` and `{{#rustdoc_include}}` as mdBook does
//! (`book_markdown::include`), remembering where every line came from; finds
//! every fenced code block, also inside admonitions, and checks its info
//! string; and writes, to `$OUT_DIR`:
//!
//! - `chapter_blocks.rs`: one test per distinct Rust program, which
//!   `tests/chapters.rs` runs through skeptic (`build/programs.rs`);
//! - `rust_blocks.rs`: every Rust block as the built pages must show it, for
//!   `tests/rendered.rs` (`build/programs.rs`);
//! - `claim_refs.rs`: the claim ids the prose mentions and the admonitions
//!   that make claims, for `tests/claims.rs` (`build/listing_table.rs`);
//! - `listing_table.rs`: what runs each numbered listing, for the `listing`
//!   program, `cargo run -- 1-3` (`build/listing_table.rs`);
//! - `outputs.rs`: every `{{#output ...}}` and a hash of its program's files
//!   (`build/outputs.rs`);
//! - `claim_sources.rs`: each claim's defining file and a hash of it and
//!   the files it embeds (`build/claim_sources.rs`).
//!
//! It also checks that a listing file's first comment names the listings
//! whose captions show it (`build/listing_numbers.rs`). A problem found here
//! becomes a failing test that names the file and line, so one bad block
//! does not hide the results of all the others.

use std::collections::{BTreeMap, BTreeSet};
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use book_markdown::files::files_below;
use book_markdown::include::{Expanded, Origin, relative};
use book_markdown::listing::caption_number;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

#[path = "build/claim_sources.rs"]
mod claim_sources;
#[path = "build/listing_numbers.rs"]
mod listing_numbers;
#[path = "build/listing_table.rs"]
mod listing_table;
#[path = "build/outputs.rs"]
mod outputs;
#[path = "build/programs.rs"]
mod programs;

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest_dir
        .parent()
        .expect("listings/ sits in the book's root");
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("set by cargo"));
    // A directory here makes cargo rerun this script when any file below it
    // changes or appears, so a new chapter is picked up without a clean.
    println!("cargo:rerun-if-changed={}", root.join("src").display());
    for dir in ["src", "c", "python", "go"] {
        println!(
            "cargo:rerun-if-changed={}",
            manifest_dir.join(dir).display()
        );
    }
    let write = |name: &str, text: String| {
        fs::write(out_dir.join(name), text).unwrap_or_else(|e| panic!("write {name}: {e}"));
    };

    let (claim_sources, embedded) = claim_sources::table(root, &manifest_dir.join("src"));
    write("claim_sources.rs", claim_sources);
    let mut book = Book {
        embedded,
        ..Book::default()
    };
    for chapter in &files_below(&root.join("src"), Some("md")) {
        book.scan_chapter(root, chapter);
    }
    book.write_program_tests();
    let mut problems = listing_numbers::mismatches(root, &book.captions);
    let (outputs, output_problems) = book.outputs.table(root, &book.captions);
    problems.extend(output_problems);
    for (origin, message) in problems {
        book.failing_test(&origin, &message);
    }
    write("outputs.rs", outputs);
    let target = env::var("TARGET").expect("set by cargo");
    write(
        "chapter_blocks.rs",
        format!("const TARGET: &str = {target:?};\n\n{}", book.tests),
    );
    write(
        "claim_refs.rs",
        format!(
            "const CLAIM_REFS: &[ClaimRef] = &[\n{}];\n",
            book.claim_refs
        ),
    );
    write(
        "rust_blocks.rs",
        format!(
            "const RUST_BLOCKS: &[(&str, &str)] = &[\n{}];\n",
            book.rendered
        ),
    );
    write("listing_table.rs", format!("&[\n{}]\n", book.listings));
}

#[derive(Default)]
struct Book {
    tests: String,
    /// One entry per distinct program: several blocks that include the
    /// same listing file whole (each showing another part of it) are one
    /// program, compiled and run once for all of them.
    programs: Vec<Program>,
    claim_refs: String,
    /// `(page, code)` of every Rust block, for the check of the built book.
    rendered: String,
    test_names: BTreeSet<String>,
    /// The files under `listings/` that the crate embeds with
    /// `include_str!`: the other languages' listings its checks run.
    embedded: BTreeSet<String>,
    /// The entries of the listing table, one per numbered listing.
    listings: String,
    /// Each numbered listing: the files its block shows (none for one shown
    /// whole on its page), and where its caption is.
    captions: Captions,
    /// The last Rust, C, Python or Go block read, which a caption that
    /// follows it names.
    last_block: Option<Shown>,
    /// The `{{#output}}` directives.
    outputs: outputs::Outputs,
}

/// Each listing's number, the files its block shows, and its caption.
type Captions = BTreeMap<String, (BTreeSet<String>, Origin)>;

/// A block a listing caption can name: its origin and the files it shows.
struct Shown {
    language: String,
    origin: Origin,
    /// The files its lines came from, other than the chapter.
    files: BTreeSet<String>,
    compile_fail: bool,
}

struct Program {
    name: String,
    origins: Vec<String>,
    included: BTreeSet<String>,
    expect: String,
    code: String,
}

impl Book {
    fn scan_chapter(&mut self, root: &Path, chapter: &Path) {
        let rel = relative(root, chapter);
        let page = chapter
            .strip_prefix(root.join("src"))
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|_| rel.clone());
        let text = fs::read_to_string(chapter).expect("read chapter");
        let mut expanded = Expanded::of(root, chapter, &text);
        for file in &expanded.read {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        for (origin, message) in std::mem::take(&mut expanded.errors) {
            self.failing_test(&origin, &message);
        }
        self.scan_links(&expanded, &page);
        for (origin, message) in self.outputs.scan(&expanded) {
            self.failing_test(&origin, &message);
        }
        let markdown = expanded.lines.join("\n");
        self.scan_markdown(&expanded, &markdown, 0, &page);
    }

    /// Finds the fenced code blocks of `markdown`, whose first line is line
    /// `first_line` of the expanded chapter.
    fn scan_markdown(
        &mut self,
        expanded: &Expanded,
        markdown: &str,
        first_line: usize,
        page: &str,
    ) {
        let mut block: Option<(String, usize, String)> = None;
        // A caption is a paragraph that starts with emphasis whose text
        // starts with "Listing N-M:".
        let mut paragraph_starts = false;
        let mut caption_starts = false;
        for (event, range) in Parser::new_ext(markdown, Options::all()).into_offset_iter() {
            let was_paragraph_start = std::mem::take(&mut paragraph_starts);
            let was_caption_start = std::mem::take(&mut caption_starts);
            match event {
                Event::Start(Tag::Paragraph) => paragraph_starts = true,
                Event::Start(Tag::Emphasis) => caption_starts = was_paragraph_start,
                Event::Text(ref text) if was_caption_start => {
                    if let Some(number) = caption_number(text) {
                        let line = first_line + markdown[..range.start].matches('\n').count();
                        self.listing(expanded, number, line);
                    }
                }
                _ => {}
            }
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let info = match kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    let line = first_line + markdown[..range.start].matches('\n').count();
                    block = Some((info, line, String::new()));
                }
                Event::Text(text) => {
                    if let Some((_, _, body)) = block.as_mut() {
                        body.push_str(&text);
                    }
                }
                Event::End(Tag::CodeBlock(_)) => {
                    if let Some((info, line, body)) = block.take() {
                        self.code_block(expanded, &info, line, &body, page);
                    }
                }
                _ => {}
            }
        }
    }

    fn code_block(&mut self, expanded: &Expanded, info: &str, line: usize, body: &str, page: &str) {
        let origin = &expanded.origins[line];
        let mut words = info
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty());
        let language = words.next().unwrap_or("");
        let attributes: Vec<&str> = words.clone().collect();
        if let Some(message) = book_markdown::blocks::refused_block(language, &attributes, body) {
            self.failing_test(origin, &message);
        }
        self.last_block = match language {
            "rust" | "c" | "python" | "go" => Some(Shown {
                language: language.to_owned(),
                origin: origin.clone(),
                files: (line + 1..line + 1 + body.lines().count())
                    .filter_map(|i| expanded.origins.get(i))
                    .map(|o| o.file.clone())
                    .filter(|file| *file != origin.file)
                    .collect(),
                compile_fail: words.any(|w| w == "compile_fail"),
            }),
            _ => None,
        };
        match language {
            "" => self.failing_test(
                origin,
                "a code block needs a language (`rust`, `text`, `console`, ...); \
                 mdBook and rustdoc would treat a bare block as Rust",
            ),
            "admonish" => {
                if let Some(id) =
                    listing_table::attribute(info, "id").and_then(|id| id.strip_prefix("claim-"))
                {
                    self.claim_ref(id, origin, page, body);
                }
                // An admonition's body is markdown: its code blocks are
                // tested like any other, so none hides from the harness.
                self.scan_markdown(expanded, body, line + 1, page);
            }
            "rust" => self.rust_block(expanded, info, line, body, page),
            "c" | "python" | "go" => self.foreign_block(expanded, language, line, body),
            _ => {}
        }
    }
}
