//! Compiles every Rust block of the book's chapters, and runs those meant to
//! run. build.rs generates one test per block, named after its file and
//! line (`ch01_concurrency_and_parallelism_md_line_42`); skeptic compiles it
//! against this crate and its dependencies.

use std::panic::{self, AssertUnwindSafe};
use std::process::Command;
use std::sync::OnceLock;

use book_markdown::files::Fnv;

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
/// files [`listings::inputs::key`] hashes, and the compiler. `rustc-snippet`
/// keeps each block's program under a hash of its text, this key included,
/// and reuses it while neither changes: a warm run compiles no block again,
/// and an edit to one chapter recompiles only that chapter's blocks.
fn deps_key() -> &'static str {
    static KEY: OnceLock<String> = OnceLock::new();
    KEY.get_or_init(|| {
        let mut hash = Fnv::default();
        hash.write(listings::inputs::key().as_bytes());
        let rustc = std::env::var("BOOK_REAL_RUSTC").unwrap_or_else(|_| "rustc".to_owned());
        let version = Command::new(rustc).arg("-vV").output();
        hash.write(&version.map(|o| o.stdout).unwrap_or_default());
        hash.hex()
    })
}

include!(concat!(env!("OUT_DIR"), "/chapter_blocks.rs"));
