//! Compiles every Rust block of the book's chapters, and runs those meant to
//! run. build.rs generates one test per block, named after its file and
//! line (`ch01_concurrency_and_parallelism_md_line_42`); skeptic compiles it
//! against this crate and its dependencies.

use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use book_markdown::files::{Fnv, files_below};

/// What a block must do. (A book need not have a block of every kind.)
#[allow(dead_code)]
enum Expect {
    /// Compile, run, and exit successfully.
    Runs,
    /// Compile, run, and panic.
    ShouldPanic,
    /// Fail to compile with exactly these error codes.
    CompileFail(&'static [&'static str]),
}

/// Compiles (and, unless it must not compile, runs) the block at `origin`,
/// whose code comes from the chapter and the listing files in `included`.
fn check_block(origin: &str, included: &[&str], expect: Expect, code: &str) {
    let rustc = std::env::var("RUSTC").unwrap_or_default();
    assert!(
        rustc.ends_with("harness/rustc-snippet"),
        "RUSTC is {rustc:?}: the chapter tests need the harness's rustc-snippet, \
         which .cargo/config.toml sets; run them with `cargo test` from the book's root"
    );
    let expected = match expect {
        Expect::Runs => "runs".to_owned(),
        Expect::ShouldPanic => "should_panic".to_owned(),
        Expect::CompileFail(codes) => format!("compile_fail {}", codes.join(" ")),
    };
    let text = format!(
        "{code}// book-origin: {origin}\n// book-expect: {expected}\n// book-deps: {}\n",
        deps_key()
    );
    let root = env!("CARGO_MANIFEST_DIR");
    let out_dir = env!("OUT_DIR");
    let result = panic::catch_unwind(AssertUnwindSafe(|| match expect {
        Expect::CompileFail(_) => skeptic::rt::compile_test(root, out_dir, TARGET, &text),
        Expect::Runs | Expect::ShouldPanic => skeptic::rt::run_test(root, out_dir, TARGET, &text),
    }));
    if result.is_err() {
        let source = if included.is_empty() {
            String::new()
        } else {
            format!(" (with code from {})", included.join(", "))
        };
        panic!("{origin}: the code block{source} failed; see the output above");
    }
}

/// What every block program is built from besides its own text: the
/// listings crate's sources and the files it embeds, the lock file, the
/// harness's compiler wrapper and the compiler. `rustc-snippet` keeps each
/// block's program under a hash of its text, this key included, and
/// reuses it while neither changes: a warm run compiles no block again, and
/// an edit to one chapter recompiles only that chapter's blocks.
fn deps_key() -> &'static str {
    static KEY: OnceLock<String> = OnceLock::new();
    KEY.get_or_init(|| {
        let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = crate_dir
            .parent()
            .expect("listings/ sits in the book's root");
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
        let mut hash = Fnv::default();
        for file in &files {
            hash.write(file.to_string_lossy().as_bytes());
            hash.write(&fs::read(file).unwrap_or_default());
        }
        let rustc = std::env::var("BOOK_REAL_RUSTC").unwrap_or_else(|_| "rustc".to_owned());
        let version = Command::new(rustc).arg("-vV").output();
        hash.write(&version.map(|o| o.stdout).unwrap_or_default());
        hash.hex()
    })
}

include!(concat!(env!("OUT_DIR"), "/chapter_blocks.rs"));
