//! Runs a listing of the book by its number: `cargo run -- 1-3` runs
//! Listing 1-3, and `cargo run` alone lists every listing with the file that
//! holds it. The table comes from the chapters themselves: `build.rs` reads
//! each caption `*Listing N-M: ...*` and the block above it.
//!
//! - A Rust listing kept in a file of its own runs as that file's program,
//!   with the arguments that follow the number.
//! - A C, Python or Go listing is built and run as its check builds and
//!   runs it (`toolchain`), C with `-O2` unless `CFLAGS` names other flags
//!   (with `-S`, it prints the assembly instead: of the functions named as
//!   arguments, if any), Go with the flags in `GOFLAGS` (`-race`).
//! - `cargo run -- listings/python/ch11/x.py` runs a C, Python or Go
//!   program of the book that has no number, by its file.
//! - A Rust listing shown whole on its page has no file to run: the
//!   program says where it is and how to run a copy of it.

use std::env;
use std::io;
use std::process::{Command, ExitCode};

use listings::toolchain::{Language, Source};

#[path = "listing/other.rs"]
mod other;

use other::{language_of_file, run_file, run_other};

/// A numbered listing and what runs it.
struct Listing {
    /// "1-3".
    number: &'static str,
    /// The chapter and line of its block: "src/ch01-...md:124".
    block: &'static str,
    shows: Shows,
}

enum Shows {
    /// A Rust block that is a whole program, kept only in its chapter;
    /// `compiles` is false for a block that must not compile.
    Page { compiles: bool },
    /// A Rust listing file and its `main`.
    Rust {
        file: &'static str,
        main: fn() -> io::Result<()>,
    },
    /// A C, Python or Go listing file.
    Other {
        language: Language,
        file: &'static str,
        source: Source,
    },
}

/// A listing's `main` returns `()` or `io::Result<()>`.
trait Outcome {
    fn outcome(self) -> io::Result<()>;
}

impl Outcome for () {
    fn outcome(self) -> io::Result<()> {
        Ok(())
    }
}

impl Outcome for io::Result<()> {
    fn outcome(self) -> io::Result<()> {
        self
    }
}

// `main().outcome()` is the same code for either kind of `main`, even where
// `main()` is `()`.
#[allow(clippy::unit_arg)]
const LISTINGS: &[Listing] = include!(concat!(env!("OUT_DIR"), "/listing_table.rs"));

/// Set in the process that runs a Rust listing: the listing's number. Its
/// program then sees only its own arguments, and a copy of itself that it
/// starts (Listing 9-7 starts workers so) runs the same listing.
const RUNNING: &str = "BOOK_LISTING";

fn main() -> ExitCode {
    if let Some(number) = env::var_os(RUNNING) {
        let number = number.to_string_lossy();
        return match find(&number).map(|l| &l.shows) {
            Some(Shows::Rust { main, .. }) => report(main()),
            _ => fail(&format!("{RUNNING}={number} names no Rust listing file")),
        };
    }
    let args: Vec<String> = env::args().skip(1).collect();
    let Some(number) = args.first() else {
        print_table();
        return ExitCode::SUCCESS;
    };
    let number = number.trim_start_matches("Listing ");
    if let Some(language) = language_of_file(number) {
        return run_file(number, language, &args[1..]);
    }
    let Some(listing) = find(number) else {
        return fail(&format!(
            "there is no Listing {number}; `cargo run` alone lists them"
        ));
    };
    match &listing.shows {
        Shows::Page { compiles } => page_only(number, *compiles, listing.block),
        Shows::Rust { file, .. } => {
            say(&format!("Listing {number}: running the program of {file}"));
            // A fresh process, so that the listing sees the arguments it
            // would see as a program of its own.
            let status = env::current_exe()
                .map(Command::new)
                .and_then(|mut c| c.env(RUNNING, number).args(&args[1..]).status());
            exit_with(status)
        }
        Shows::Other {
            language,
            file,
            source,
        } => run_other(number, *language, file, source, &args[1..]),
    }
}

/// A Rust listing shown whole on its page has no file: say how to run it.
fn page_only(number: &str, compiles: bool, block: &str) -> ExitCode {
    let (what, then) = if compiles {
        ("a whole program", "compiles and runs it")
    } else {
        (
            "a program that must not compile",
            "shows the compiler's error",
        )
    };
    println!(
        "Listing {number} is {what}, kept only on its page ({block}). Copy it with \
         the block's copy button and save it as listings/examples/mine.rs: \
         `cargo run --example mine` then {then}."
    );
    ExitCode::SUCCESS
}

fn find(number: &str) -> Option<&'static Listing> {
    LISTINGS.iter().find(|l| l.number == number)
}

fn print_table() {
    println!("usage: cargo run -- N-M [ARGUMENTS]   runs Listing N-M\n");
    for listing in LISTINGS {
        let place = match &listing.shows {
            Shows::Page { .. } => format!("{} (shown whole on its page)", listing.block),
            Shows::Rust { file, .. } => file.to_string(),
            Shows::Other { language, file, .. } => format!("{file} ({language})"),
        };
        println!("Listing {:<6} {place}", listing.number);
    }
}

fn report(result: io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e.to_string()),
    }
}

/// Exits as the listing did: with its status, so that a program that
/// exits with 66 on purpose (a race detector's report) is seen to.
fn exit_with(status: io::Result<std::process::ExitStatus>) -> ExitCode {
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => {
            say(&format!("the listing {status}"));
            status
                .code()
                .and_then(|c| u8::try_from(c).ok())
                .map_or(ExitCode::FAILURE, ExitCode::from)
        }
        Err(e) => fail(&e.to_string()),
    }
}

/// A line about the run, on standard error, unless an output is recorded.
fn say(line: &str) {
    if env::var_os(listings::outputs::RECORDING).is_none() {
        eprintln!("{line}");
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::LISTINGS;

    /// Each chapter numbers its listings 1, 2, 3, ... in order, so a
    /// caption with a mistyped number does not go unnoticed.
    #[test]
    fn listings_are_numbered_in_order() {
        let mut previous = (0, 0);
        for listing in LISTINGS {
            let (chapter, n) = listing.number.split_once('-').expect("N-M");
            let (chapter, n): (u32, u32) = (chapter.parse().unwrap(), n.parse().unwrap());
            let expected = if chapter == previous.0 {
                (chapter, previous.1 + 1)
            } else {
                (chapter, 1)
            };
            assert_eq!(
                (chapter, n),
                expected,
                "Listing {} out of order",
                listing.number
            );
            assert!(
                chapter >= previous.0,
                "Listing {} out of order",
                listing.number
            );
            previous = (chapter, n);
        }
    }
}
