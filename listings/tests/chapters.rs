//! Compiles every Rust block of the book's chapters, and runs those meant to
//! run. build.rs generates one test per block, named after its file and
//! line (`ch01_concurrency_and_parallelism_md_line_42`); skeptic compiles it
//! against this crate and its dependencies.

use std::panic::{self, AssertUnwindSafe};

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
    let text = format!("{code}// book-origin: {origin}\n// book-expect: {expected}\n");
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

include!(concat!(env!("OUT_DIR"), "/chapter_blocks.rs"));
