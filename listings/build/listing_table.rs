//! Numbered listings, the other languages' blocks, and claim references:
//! the table of the `listing` program (`$OUT_DIR/listing_table.rs`), the
//! check that a C, Python or Go block shows a file a check runs, and the
//! claim ids the prose mentions (`$OUT_DIR/claim_refs.rs`).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use book_markdown::include::{Expanded, Origin};

use crate::Book;

impl Book {
    /// Listing `number`, whose caption is at `line`: an entry of the table
    /// of the `listing` program, which says what runs it.
    pub(crate) fn listing(&mut self, expanded: &Expanded, number: &str, line: usize) {
        let caption = &expanded.origins[line];
        let Some(shown) = self.last_block.take() else {
            return self.failing_test(
                caption,
                &format!("the caption of Listing {number} follows no Rust, C, Python or Go block"),
            );
        };
        if self.captions.contains_key(number) {
            return self.failing_test(caption, &format!("a second Listing {number}"));
        }
        self.captions
            .insert(number.to_owned(), (shown.files.clone(), caption.clone()));
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

    /// A C, Python or Go block must show (part of) one listing file that a
    /// check embeds with `include_str!`, so the reader sees code that runs.
    pub(crate) fn foreign_block(
        &mut self,
        expanded: &Expanded,
        language: &str,
        line: usize,
        body: &str,
    ) {
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

    pub(crate) fn claim_ref(&mut self, id: &str, origin: &Origin, page: &str, body: &str) {
        writeln!(
            self.claim_refs,
            "ClaimRef {{ id: {id:?}, origin: {origin:?}, page: {page:?}, statement: Some({body:?}) }},",
            origin = origin.label(),
        )
        .expect("write to a String");
    }

    /// Links to a claim's admonition (`...#claim-<id>`) count as mentions
    /// of the claim, so a link to a claim that does not exist fails too. A
    /// results table, `{{#claim-results ID ...}}`, makes each claim it
    /// lists, as an admonition does.
    pub(crate) fn scan_links(&mut self, expanded: &Expanded, page: &str) {
        for (i, line) in expanded.lines.iter().enumerate() {
            let origin = &expanded.origins[i];
            for found in book_markdown::directive::find(line) {
                if found.name == "claim-results" {
                    for id in found.args.split_whitespace() {
                        self.claim_ref(id, origin, page, &format!("{{{{#claim {id}}}}}"));
                    }
                }
            }
            for (at, _) in line.match_indices("#claim-") {
                if line[..at].ends_with("{{") {
                    continue; // a directive, not a link
                }
                let id: String = line[at + "#claim-".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                writeln!(
                    self.claim_refs,
                    "ClaimRef {{ id: {id:?}, origin: {origin:?}, page: {page:?}, statement: None }},",
                    origin = origin.label(),
                )
                .expect("write to a String");
            }
        }
    }
}

/// The value of `key="value"` in an admonition's info string.
pub(crate) fn attribute<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    let start = info.find(&format!("{key}=\""))? + key.len() + 2;
    let len = info[start..].find('"')?;
    Some(&info[start..start + len])
}
