//! The other languages of the book: finding gcc, python3 and go and asking
//! their versions (`find.rs`), building the book's C, Python and Go listings
//! (`build.rs`, which keeps the programs it built in `cache.rs`), and running
//! them under a time limit ([`crate::run`]).
//!
//! A listing in another language lives in a file of its own under
//! `listings/c`, `listings/python` or `listings/go`. The chapter shows that
//! file with `{{#include}}`, and the check that runs it embeds the same file
//! with `include_str!` in a [`Source`], so the reader sees exactly the code
//! that ran. (The book's build refuses a C, Python or Go block that is not
//! such a file.)
//!
//! A check first finds its toolchain. Where it is missing, the check says
//! so with [`Missing::verdict`]: not applicable, with a reason that starts
//! with [`TOOLCHAIN_MISSING`], which the claims runner turns into a failure
//! when `BOOK_REQUIRE_TOOLCHAINS` is set (as it is in CI). Where it is
//! present, the check notes its version on the verdict
//! ([`Verdict::with_note`]), so every reported figure says what produced it.
//!
//! `BOOK_CC`, `BOOK_PYTHON` and `BOOK_GO` name another compiler or
//! interpreter than `gcc`, `python3` and `go`.
//!
//! ```
//! use std::time::Duration;
//! use listings::toolchain::{Language, Source, Toolchain};
//!
//! const HELLO: Source = Source {
//!     name: "hello.c",
//!     text: "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n",
//! };
//!
//! # fn main() -> std::io::Result<()> {
//! let gcc = match Toolchain::find(Language::C) {
//!     Ok(gcc) => gcc,
//!     Err(missing) => return Ok(println!("{}", missing.reason())),
//! };
//! let hello = gcc.build(&HELLO, &["-O2"])?;
//! let run = hello.run(&[], Duration::from_secs(10))?;
//! assert_eq!(run.stdout, "hello\n");
//! assert!(run.status.success());
//! # Ok(())
//! # }
//! ```

use std::ffi::OsString;
use std::fmt;
use std::io;

use crate::claims::Verdict;

mod build;
mod cache;
mod find;

pub use crate::run::{Run, run_command};
pub use build::{Program, Workdir};

/// How the reason of a verdict starts when a check could not run for want
/// of a compiler or interpreter.
pub const TOOLCHAIN_MISSING: &str = "toolchain missing";

/// A language other than Rust that the book runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// C, compiled by gcc, with POSIX threads.
    C,
    /// Python 3, run by CPython.
    Python,
    /// Go, built by the go tool.
    Go,
    /// Rust, compiled by rustc on its own: for a program that must run as a
    /// process of its own, such as one started inside a cgroup.
    Rust,
}

impl Language {
    /// The program used when no environment variable names another.
    fn default_program(self) -> &'static str {
        match self {
            Language::C => "gcc",
            Language::Python => "python3",
            Language::Go => "go",
            Language::Rust => "rustc",
        }
    }

    /// The environment variable that names another program.
    fn override_variable(self) -> &'static str {
        match self {
            Language::C => "BOOK_CC",
            Language::Python => "BOOK_PYTHON",
            Language::Go => "BOOK_GO",
            Language::Rust => "BOOK_RUSTC",
        }
    }

    /// Where a reader on Debian or Ubuntu gets the toolchain.
    fn package(self) -> &'static str {
        match self {
            Language::C => "gcc",
            Language::Python => "python3",
            Language::Go => "golang-go",
            Language::Rust => "rustc",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Language::C => "C",
            Language::Python => "Python",
            Language::Go => "Go",
            Language::Rust => "Rust",
        })
    }
}

/// A listing in another language: its file name and its text, embedded
/// with `include_str!` from the file the chapter shows.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    /// The file name, with the extension the toolchain expects.
    pub name: &'static str,
    /// The file's contents.
    pub text: &'static str,
}

/// Why a toolchain could not be used.
#[derive(Debug, Clone)]
pub struct Missing {
    language: Language,
    why: String,
}

impl Missing {
    /// The reason, starting with [`TOOLCHAIN_MISSING`].
    pub fn reason(&self) -> String {
        format!(
            "{TOOLCHAIN_MISSING}: {} ({}; Debian and Ubuntu package: {})",
            self.language,
            self.why,
            self.language.package()
        )
    }

    /// The verdict of a check that needs this toolchain: not applicable.
    pub fn verdict(&self) -> Verdict {
        Verdict::not_applicable(self.reason(), Vec::new())
    }
}

/// A compiler or interpreter that answered with its version.
#[derive(Debug, Clone)]
pub struct Toolchain {
    /// Its language.
    pub language: Language,
    /// The program to run: for Python, the interpreter's own file, which the
    /// program named (`python3`, `BOOK_PYTHON`) reported.
    pub program: OsString,
    /// Its version, as it reports it ("gcc 12.2.0", "Python 3.11.7",
    /// "go1.19.8").
    pub version: String,
}

impl Toolchain {
    /// The version as numbers: `[12, 2, 0]` for gcc 12.2.0, `[3, 11, 7]` for
    /// Python 3.11.7, `[1, 19, 8]` for go1.19.8.
    pub fn version_numbers(&self) -> Vec<u32> {
        let digits = self
            .version
            .trim_start_matches(|c: char| !c.is_ascii_digit());
        digits
            .split(|c: char| !c.is_ascii_digit())
            .take_while(|part| !part.is_empty())
            .map_while(|part| part.parse().ok())
            .collect()
    }

    /// The version is at least `wanted` (`&[3, 10]` for Python 3.10).
    pub fn at_least(&self, wanted: &[u32]) -> bool {
        self.version_numbers().as_slice() >= wanted
    }
}

/// Runs `check` with the toolchain for `language` and notes the toolchain's
/// version on its verdict. Where the toolchain is missing, the verdict is
/// [`Missing::verdict`]: not applicable, saying what is missing.
///
/// Every check that runs a C, Python or Go listing starts here:
///
/// ```
/// use listings::claims::{Bound, Figure, Verdict};
/// use listings::toolchain::{self, Language};
///
/// let verdict = toolchain::with(Language::Python, |python| {
///     let major = python.version_numbers().first().copied().unwrap_or(0);
///     Ok(Verdict::from_figures(vec![
///         Figure::new("major version", f64::from(major), "").bounded(Bound::Exactly(3.0)),
///     ]))
/// })?;
/// println!("{:?}", verdict.outcome);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn with(
    language: Language,
    check: impl FnOnce(&Toolchain) -> io::Result<Verdict>,
) -> io::Result<Verdict> {
    match Toolchain::find(language) {
        Ok(toolchain) => Ok(check(&toolchain)?.with_note(toolchain.version.clone())),
        Err(missing) => Ok(missing.verdict()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_as_numbers() {
        let toolchain = |version: &str| Toolchain {
            language: Language::Go,
            program: "go".into(),
            version: version.to_owned(),
        };
        assert_eq!(toolchain("go1.19.8").version_numbers(), [1, 19, 8]);
        assert_eq!(toolchain("Python 3.14.0rc1").version_numbers(), [3, 14, 0]);
        assert_eq!(toolchain("gcc 12.2.0").version_numbers(), [12, 2, 0]);
        assert!(toolchain("Python 3.10.2").at_least(&[3, 10]));
        assert!(!toolchain("Python 3.9.18").at_least(&[3, 10]));
    }

    #[test]
    fn a_missing_toolchain_says_so() {
        let missing = Missing {
            language: Language::Go,
            why: "cannot run `go`".to_owned(),
        };
        assert!(missing.reason().starts_with(TOOLCHAIN_MISSING));
    }
}
