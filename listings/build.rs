//! Turns every Rust code block of the book's chapters into a test.
//!
//! For each markdown file under the book's `src/`, this script
//! 1. expands `{{#include}}` and `{{#rustdoc_include}}` as mdBook does,
//!    remembering where every line came from;
//! 2. finds every fenced code block, also inside admonitions, and checks
//!    its info string: a language is required, `ignore` and `no_run` are
//!    refused, `compile_fail` needs the error codes it expects;
//! 3. writes one test per distinct Rust program to
//!    `$OUT_DIR/chapter_blocks.rs` (blocks that include the same listing file
//!    whole, each showing another part, are one program), which
//!    `tests/chapters.rs` includes and runs through skeptic, and a list of
//!    the claim ids the prose mentions to `$OUT_DIR/claim_refs.rs`, which
//!    `tests/claims.rs` compares with the claim checks;
//! 4. finds every numbered listing (a block followed by a caption
//!    `*Listing N-M: ...*`) and writes to `$OUT_DIR/listing_table.rs` what
//!    runs it, for the `listing` program (`cargo run -- 1-3`).
//!
//! A problem found here becomes a failing test that names the file and line,
//! so one bad block does not hide the results of all the others.

use std::collections::BTreeSet;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use book_markdown::include::{Expanded, Origin, relative, unhide};
use book_markdown::listing::caption_number;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

#[path = "build/listing_numbers.rs"]
mod listing_numbers;
#[path = "build/outputs.rs"]
mod outputs;

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

    let mut chapters = Vec::new();
    collect_markdown(&root.join("src"), &mut chapters);
    chapters.sort();

    let mut book = Book::default();
    let mut sources = Vec::new();
    collect_files(&manifest_dir.join("src"), "rs", &mut sources);
    let mut claim_sources = String::new();
    for source in &sources {
        let embedded = embedded_files(root, source);
        // What a claim's check is made of: the file that defines it and the
        // files it embeds. Its hash tells a recorded verdict from a stale one.
        let text = fs::read_to_string(source).unwrap_or_default();
        let mut hash = Fnv::default();
        hash.write(text.as_bytes());
        for file in &embedded {
            hash.write(&fs::read(root.join(file)).unwrap_or_default());
        }
        for id in claim_ids(&text) {
            claim_sources.push_str(&format!(
                "    ({id:?}, {:?}, \"{:016x}\"),\n",
                relative(root, source),
                hash.0
            ));
        }
        book.embedded.extend(embedded);
    }
    for chapter in &chapters {
        book.scan_chapter(root, chapter);
    }
    book.write_program_tests();
    for (origin, message) in book.listing_files.mismatches(root) {
        book.failing_test(&origin, &message);
    }
    let (outputs, problems) = book.outputs.table(root);
    for (origin, message) in problems {
        book.failing_test(&origin, &message);
    }
    fs::write(out_dir.join("outputs.rs"), outputs).expect("write the outputs table");

    let target = env::var("TARGET").expect("set by cargo");
    let tests = format!("const TARGET: &str = {target:?};\n\n{}", book.tests);
    let claim_refs = format!(
        "const CLAIM_REFS: &[ClaimRef] = &[\n{}];\n",
        book.claim_refs
    );
    fs::write(out_dir.join("chapter_blocks.rs"), tests).expect("write chapter tests");
    fs::write(out_dir.join("claim_refs.rs"), claim_refs).expect("write claim references");
    let rendered = format!(
        "const RUST_BLOCKS: &[(&str, &str)] = &[\n{}];\n",
        book.rendered
    );
    fs::write(out_dir.join("rust_blocks.rs"), rendered).expect("write the list of blocks");
    let listings = format!("&[\n{}]\n", book.listings);
    fs::write(out_dir.join("listing_table.rs"), listings).expect("write the listing table");
    let claim_sources = format!(
        "/// Each claim's id, the file that defines its check, and a hash of that\n\
         /// file and the files it embeds.\n\
         pub const CLAIM_SOURCES: &[(&str, &str, &str)] = &[\n{claim_sources}];\n"
    );
    fs::write(out_dir.join("claim_sources.rs"), claim_sources).expect("write claim sources");
}

/// The ids of the claims a Rust source file defines (`id: "..."`).
fn claim_ids(text: &str) -> Vec<String> {
    text.split("id: \"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"'))
        .map(|(id, _)| id.to_owned())
        .filter(|id| {
            !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
        .collect()
}

/// The 64-bit FNV-1a hash: small, stable across Rust versions and
/// machines, which std's hasher is not promised to be.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

fn collect_markdown(dir: &Path, found: &mut Vec<PathBuf>) {
    collect_files(dir, "md", found);
}

fn collect_files(dir: &Path, extension: &str, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, extension, found);
        } else if path.extension().is_some_and(|ext| ext == extension) {
            found.push(path);
        }
    }
}

/// The files a Rust source embeds with `include_str!("...")`, relative to
/// the book's root.
fn embedded_files(root: &Path, source: &Path) -> Vec<String> {
    let text = fs::read_to_string(source).unwrap_or_default();
    let dir = source.parent().expect("a file has a parent");
    text.split("include_str!(\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"'))
        .map(|(path, _)| relative(root, &dir.join(path)))
        .collect()
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
    listing_numbers: BTreeSet<String>,
    /// The last Rust, C, Python or Go block read, which a caption that
    /// follows it names.
    last_block: Option<Shown>,
    /// The `{{#output}}` directives, and the files of every listing.
    outputs: outputs::Outputs,
    /// The listing files and the captions that show them.
    listing_files: listing_numbers::ListingFiles,
}

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
                if let Some(id) = attribute(info, "id").and_then(|id| id.strip_prefix("claim-")) {
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

    /// A C, Python or Go block must show (part of) one listing file that a
    /// check embeds with `include_str!`, so the reader sees code that runs.
    fn foreign_block(&mut self, expanded: &Expanded, language: &str, line: usize, body: &str) {
        let origin = &expanded.origins[line];
        let body_lines = body.lines().count();
        let files: BTreeSet<&str> = (line + 1..line + 1 + body_lines)
            .filter_map(|i| expanded.origins.get(i))
            .map(|o| o.file.as_str())
            .collect();
        let folder = format!("listings/{language}/");
        let problem = match files.iter().collect::<Vec<_>>()[..] {
            [file] if file.starts_with(&folder) => {
                if self.embedded.contains(*file) {
                    return;
                }
                format!(
                    "{file} is shown but no check runs it: embed it with include_str! \
                     in a toolchain::Source under listings/src"
                )
            }
            _ => format!(
                "a `{language}` block must include one listing file under {folder} \
                 (with {{{{#include}}}}), which a check runs"
            ),
        };
        self.failing_test(origin, &problem);
    }

    fn rust_block(&mut self, expanded: &Expanded, info: &str, line: usize, body: &str, page: &str) {
        let origin = &expanded.origins[line];
        let mut expect = Expect::Runs;
        let mut codes = Vec::new();
        let mut compile_fail = false;
        for word in info
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .skip(1)
        {
            match word {
                "compile_fail" => compile_fail = true,
                "should_panic" => expect = Expect::ShouldPanic,
                "editable" | "noplayground" | "mdbook-runnable" => {}
                code if is_error_code(code) => codes.push(code.to_owned()),
                "ignore" | "no_run" => {
                    return self.failing_test(
                        origin,
                        &format!(
                            "`{word}` is not allowed: every Rust block is compiled and run \
                             (bound a listing that could hang, see the README)"
                        ),
                    );
                }
                other => {
                    return self.failing_test(
                        origin,
                        &format!("unknown code block attribute `{other}` in `{info}`"),
                    );
                }
            }
        }
        if compile_fail {
            if codes.is_empty() {
                return self.failing_test(
                    origin,
                    "a `compile_fail` block must name the error codes it expects, \
                     for example `rust,compile_fail,E0277`",
                );
            }
            expect = Expect::CompileFail(codes);
        } else if !codes.is_empty() {
            return self.failing_test(origin, "error codes only make sense with `compile_fail`");
        }

        // The lines of the block's body, after the opening fence.
        let body_lines = body.lines().count();
        let included: BTreeSet<&str> = (line + 1..line + 1 + body_lines)
            .filter_map(|i| expanded.origins.get(i))
            .map(|o| o.file.as_str())
            .filter(|file| *file != origin.file)
            .collect();
        let code: String = body.lines().map(|l| format!("{}\n", unhide(l))).collect();
        writeln!(self.rendered, "({page:?}, {code:?}),").expect("write to a String");
        let expect = expect.to_rust();
        if let Some(program) = self
            .programs
            .iter_mut()
            .find(|p| p.code == code && p.expect == expect)
        {
            program.origins.push(origin.label());
            program
                .included
                .extend(included.iter().map(|f| f.to_string()));
            return;
        }
        let name = self.test_name(origin);
        self.programs.push(Program {
            name,
            origins: vec![origin.label()],
            included: included.iter().map(|f| f.to_string()).collect(),
            expect,
            code,
        });
    }

    /// Writes one test per distinct program, after every chapter is read.
    fn write_program_tests(&mut self) {
        for program in &self.programs {
            let hashes = "#".repeat(longest_hash_run(&program.code) + 1);
            let included: Vec<String> = program.included.iter().map(|f| format!("{f:?}")).collect();
            writeln!(
                self.tests,
                "#[test]\nfn {name}() {{\n    check_block(\n        {origin:?},\n        &[{included}],\n        {expect},\n        r{hashes}\"{code}\"{hashes},\n    );\n}}\n",
                name = program.name,
                origin = program.origins.join(", "),
                included = included.join(", "),
                expect = program.expect,
                code = program.code,
            )
            .expect("write to a String");
        }
    }

    /// Listing `number`, whose caption is at `line`: an entry of the table
    /// of the `listing` program, which says what runs it.
    fn listing(&mut self, expanded: &Expanded, number: &str, line: usize) {
        let caption = &expanded.origins[line];
        let Some(shown) = self.last_block.take() else {
            return self.failing_test(
                caption,
                &format!("the caption of Listing {number} follows no Rust, C, Python or Go block"),
            );
        };
        if !self.listing_numbers.insert(number.to_owned()) {
            return self.failing_test(caption, &format!("a second Listing {number}"));
        }
        self.outputs
            .listing_files
            .insert(number.to_owned(), shown.files.clone());
        for file in &shown.files {
            self.listing_files.shown(file, number, caption);
        }
        let files: Vec<&String> = shown.files.iter().collect();
        let shows = match (shown.language.as_str(), &files[..]) {
            ("rust", []) => format!("Shows::Page {{ compiles: {} }}", !shown.compile_fail),
            ("rust", [file]) if file.starts_with("listings/src/") && file.ends_with(".rs") => {
                let module =
                    file["listings/src/".len()..file.len() - ".rs".len()].replace('/', "::");
                format!(
                    "Shows::Rust {{ file: {file:?}, main: || listings::{module}::main().outcome() }}"
                )
            }
            (language, [file]) if file.starts_with(&format!("listings/{language}/")) => {
                let name = file.rsplit('/').next().expect("a path has a last part");
                let variant = match language {
                    "c" => "C",
                    "python" => "Python",
                    _ => "Go",
                };
                format!(
                    "Shows::Other {{ language: Language::{variant}, file: {file:?}, source: Source {{ \
                     name: {name:?}, text: include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {path:?})) }} }}",
                    path = &file["listings".len()..],
                )
            }
            _ => {
                return self.failing_test(
                    caption,
                    &format!(
                        "Listing {number} must be a block of its own or show one listing file, \
                         so that `cargo run -- {number}` can run it"
                    ),
                );
            }
        };
        writeln!(
            self.listings,
            "    Listing {{ number: {number:?}, block: {block:?}, shows: {shows} }},",
            block = shown.origin.label(),
        )
        .expect("write to a String");
    }

    fn claim_ref(&mut self, id: &str, origin: &Origin, page: &str, body: &str) {
        writeln!(
            self.claim_refs,
            "ClaimRef {{ id: {id:?}, origin: {origin:?}, page: {page:?}, statement: Some({body:?}) }},",
            origin = origin.label(),
        )
        .expect("write to a String");
    }

    /// Links to a claim's admonition (`...#claim-<id>`) count as mentions
    /// of the claim, so a link to a claim that does not exist fails too.
    fn scan_links(&mut self, expanded: &Expanded, page: &str) {
        for (i, line) in expanded.lines.iter().enumerate() {
            for (at, _) in line.match_indices("#claim-") {
                let id: String = line[at + "#claim-".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                writeln!(
                    self.claim_refs,
                    "ClaimRef {{ id: {id:?}, origin: {origin:?}, page: {page:?}, statement: None }},",
                    origin = expanded.origins[i].label(),
                )
                .expect("write to a String");
            }
        }
    }

    fn failing_test(&mut self, origin: &Origin, message: &str) {
        let name = self.test_name(origin);
        writeln!(
            self.tests,
            "#[test]\nfn {name}() {{\n    panic!(\"{{}}\", {msg:?});\n}}\n",
            msg = format!("{}: {message}", origin.label()),
        )
        .expect("write to a String");
    }

    /// A test name that says where the block is: `ch01_intro_md_line_42`.
    fn test_name(&mut self, origin: &Origin) -> String {
        let file = origin.file.strip_prefix("src/").unwrap_or(&origin.file);
        let mut name: String = file
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        write!(name, "_line_{}", origin.line).expect("write to a String");
        let mut unique = name.clone();
        let mut n = 2;
        while !self.test_names.insert(unique.clone()) {
            unique = format!("{name}_{n}");
            n += 1;
        }
        unique
    }
}

enum Expect {
    Runs,
    ShouldPanic,
    CompileFail(Vec<String>),
}

impl Expect {
    fn to_rust(&self) -> String {
        match self {
            Expect::Runs => "Expect::Runs".to_owned(),
            Expect::ShouldPanic => "Expect::ShouldPanic".to_owned(),
            Expect::CompileFail(codes) => format!("Expect::CompileFail(&{codes:?})"),
        }
    }
}

fn is_error_code(word: &str) -> bool {
    word.len() == 5 && word.starts_with('E') && word[1..].chars().all(|c| c.is_ascii_digit())
}

/// The value of `key="value"` in an admonition's info string.
fn attribute<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    let start = info.find(&format!("{key}=\""))? + key.len() + 2;
    let len = info[start..].find('"')?;
    Some(&info[start..start + len])
}

fn longest_hash_run(text: &str) -> usize {
    text.split(|c| c != '#').map(str::len).max().unwrap_or(0)
}
