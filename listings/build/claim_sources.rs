//! What each claim's check is made of: the file that defines it and the
//! files it embeds with `include_str!`, hashed, so that a recorded verdict
//! can be told from a stale one. Written to `$OUT_DIR/claim_sources.rs`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use book_markdown::include::relative;

/// The table of every claim's id, defining file and hash, and the files
/// the crate embeds (the other languages' listings its checks run).
pub fn table(root: &Path, crate_src: &Path) -> (String, BTreeSet<String>) {
    let mut sources = Vec::new();
    collect_files(crate_src, "rs", &mut sources);
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
                "    ({id:?}, {:?}, \"{:016x}\"),\n",
                relative(root, source),
                hash.0
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

/// The 64-bit FNV-1a hash: small, stable across Rust versions and
/// machines, which std's hasher is not promised to be.
pub struct Fnv(pub u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

pub fn collect_files(dir: &Path, extension: &str, found: &mut Vec<PathBuf>) {
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
