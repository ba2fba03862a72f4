//! What the book's programs are built from, as one key.
//!
//! A block program of a chapter, or a listing that `cargo run` runs for an
//! output, is built from the listings crate's sources and the files it
//! embeds, the C, Python and Go listings, the build script and its tables,
//! the markdown conventions crate, the harness's compiler wrapper and the
//! lock file. [`key`] hashes them all, so that a program kept from an
//! earlier run (a block's compiled program, a recorded output) is known to
//! be the program that these files make today. The compiler's version is
//! not in it: each user adds what it depends on.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use book_markdown::files::{Fnv, files_below};

/// The hash of every file the programs are built from, read once.
pub fn key() -> &'static str {
    static KEY: OnceLock<String> = OnceLock::new();
    KEY.get_or_init(|| {
        let mut hash = Fnv::default();
        for file in files() {
            hash.write(file.to_string_lossy().as_bytes());
            hash.write(&fs::read(&file).unwrap_or_default());
        }
        hash.hex()
    })
}

/// The files [`key`] hashes, in a fixed order.
fn files() -> Vec<PathBuf> {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = crate_dir.parent().unwrap_or(crate_dir);
    let mut files: Vec<PathBuf> = ["src", "c", "python", "go", "build", "harness"]
        .iter()
        .flat_map(|dir| files_below(&crate_dir.join(dir), None))
        .chain(files_below(&root.join("markdown/src"), None))
        .collect();
    files.extend(
        ["Cargo.toml", "build.rs", "../Cargo.lock"]
            .iter()
            .map(|f| crate_dir.join(f)),
    );
    let out_dir = Path::new(env!("OUT_DIR"));
    files.extend(
        ["claim_sources.rs", "outputs.rs"]
            .iter()
            .map(|f| out_dir.join(f)),
    );
    files
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_key_covers_the_listings_of_every_language() {
        let files = super::files();
        for dir in ["/src/", "/c/", "/python/", "/go/", "/harness/"] {
            assert!(
                files.iter().any(|f| f.to_string_lossy().contains(dir)),
                "no file under {dir}"
            );
        }
        assert_eq!(super::key().len(), 16);
    }
}
