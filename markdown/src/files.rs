//! The book's files as its tools read them: every file below a folder,
//! and a hash of their contents that is the same on every machine and Rust
//! version (std's hasher promises neither), which tells a recorded verdict,
//! output or block program from a stale one.

use std::fs;
use std::path::{Path, PathBuf};

/// The 64-bit FNV-1a hash.
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

    /// The hash as 16 hexadecimal digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// Every file below `dir`, whose name ends in `.extension` if one is
/// given, in sorted order; none if `dir` cannot be read.
pub fn files_below(dir: &Path, extension: Option<&str>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    collect(dir, extension, &mut found);
    found.sort();
    found
}

fn collect(dir: &Path, extension: Option<&str>, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, extension, found);
        } else if extension.is_none_or(|ext| path.extension().is_some_and(|e| e == ext)) {
            found.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_1a_of_known_inputs() {
        let hash = |bytes: &[u8]| {
            let mut h = Fnv::default();
            h.write(bytes);
            h.hex()
        };
        // The published FNV-1a 64-bit test values.
        assert_eq!(hash(b""), "cbf29ce484222325");
        assert_eq!(hash(b"a"), "af63dc4c8601ec8c");
    }

    #[test]
    fn files_below_this_crate() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let rs = files_below(&src, Some("rs"));
        assert!(rs.iter().any(|p| p.ends_with("files.rs")));
        assert!(rs.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(files_below(&src, None).len(), rs.len());
        assert!(files_below(&src.join("no-such-dir"), None).is_empty());
    }
}
