//! What each claim's check is made of: the file that defines it and the
//! files it embeds with `include_str!`, hashed, so that a recorded verdict
//! can be told from a stale one. Written to `$OUT_DIR/claim_sources.rs`.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use book_markdown::files::{Fnv, files_below};
use book_markdown::include::relative;

/// The table of every claim's id, defining file and hash, and the files
/// the crate embeds (the other languages' listings its checks run).
pub fn table(root: &Path, crate_src: &Path) -> (String, BTreeSet<String>) {
    let sources = files_below(crate_src, Some("rs"));
    let mut rows = String::new();
    let mut embedded = BTreeSet::new();
    for source in &sources {
        let files = embedded_files(root, source);
        let text = fs::read_to_string(source).unwrap_or_default();
        let mut hash = Fnv::default();
        hash.write(text.as_bytes());
        for file in &files {
            hash.write(&fs::read(root.join(file)).unwrap_or_default());
        }
        for id in claim_ids(&text) {
            rows.push_str(&format!(
                "    ({id:?}, {:?}, {:?}),\n",
                relative(root, source),
                hash.hex()
            ));
        }
        embedded.extend(files);
    }
    let table = format!(
        "/// Each claim's id, the file that defines its check, and a hash of that\n\
         /// file and the files it embeds.\n\
         pub const CLAIM_SOURCES: &[(&str, &str, &str)] = &[\n{rows}];\n"
    );
    (table, embedded)
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
