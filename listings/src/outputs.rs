//! What the listings print, from a real run: the outputs the book's pages
//! show with `{{#output SPEC}}`.
//!
//! The build script lists every directive of the book in [`OUTPUTS`]; the
//! claims run runs each one's program through the `listing` program
//! (`cargo run -- 3-1`), one at a time after the claims, and records what
//! it printed in the results file beside the claims' verdicts, or keeps
//! what the last complete run recorded while the program is the same
//! ([`ListingOutput::same_program`]). The book's preprocessor then shows
//! the recorded text with the machine and the date it was recorded, or
//! says the output is not yet recorded, or stale.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::toolchain;

/// One `{{#output SPEC}}` of the book.
#[derive(Debug, Clone, Copy)]
pub struct OutputWanted {
    /// What follows `output` in the directive: "3-1", "10-2 GOMAXPROCS=1".
    pub spec: &'static str,
    /// A hash of the files its program is made of.
    pub source_hash: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/outputs.rs"));

/// Set while an output is recorded: the `listing` program then adds nothing
/// of its own to what the listing prints.
pub const RECORDING: &str = "BOOK_RECORDING_OUTPUT";

/// How long one program may run before it is stopped.
pub const LIMIT: Duration = Duration::from_secs(120);

/// The most text kept of one output.
const MAX_BYTES: usize = 8000;

/// What one program printed in a run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ListingOutput {
    /// The directive's spec.
    pub spec: String,
    /// The command a reader types to see it.
    pub command: String,
    /// [`OutputWanted::source_hash`] when it ran.
    pub source_hash: String,
    /// Its exit status, if it exited.
    pub status: Option<i32>,
    /// The stream the spec shows, at most the lines it asks for, with the
    /// run's own temporary directories shortened to `…`.
    pub text: String,
    /// Its wall time, in seconds.
    pub wall_s: f64,
    /// When it ran, as UTC ("2026-12-01T10:15:00Z"); older results files
    /// lack it, and their run's start stands for it.
    #[serde(default)]
    pub recorded: Option<String>,
    /// [`crate::inputs::key`] when it ran: with the same key, the same
    /// listing's files and the same machine, a run today would run the
    /// same program.
    #[serde(default)]
    pub inputs: Option<String>,
}

impl ListingOutput {
    /// Whether it was recorded for the listing's files as they are now.
    pub fn is_current(&self) -> bool {
        wanted(&self.spec).is_some_and(|w| w.source_hash == self.source_hash)
    }

    /// Whether the program ran to the end and printed something.
    pub fn is_whole(&self) -> bool {
        self.status.is_some() && !self.text.trim().is_empty()
    }

    /// Whether a run now would run the very program this one ran: the
    /// listing's files, and every file the programs are built from, are
    /// as they were, and the record [`is_whole`](Self::is_whole). (The
    /// caller compares the machines.)
    pub fn same_program(&self) -> bool {
        self.is_current() && self.inputs.as_deref() == Some(crate::inputs::key()) && self.is_whole()
    }
}

/// The entry of [`OUTPUTS`] for `spec`.
pub fn wanted(spec: &str) -> Option<&'static OutputWanted> {
    OUTPUTS.iter().find(|w| w.spec == spec)
}

/// Runs the program of `wanted` with `listing`, the `listing` program.
pub fn run(wanted: &OutputWanted, listing: &Path) -> ListingOutput {
    use book_markdown::directive::{OutputSpec, Program, Stream};
    let spec = OutputSpec::parse(wanted.spec).expect("checked by the build script");
    let mut command = Command::new(listing);
    command.current_dir(crate::evidence::book_root());
    match &spec.program {
        Program::Listing(number) => command.arg(number),
        Program::File(file) => command.arg(file),
    };
    command
        .args(&spec.args)
        .envs(spec.env.iter().cloned())
        .env(RECORDING, "1");
    let (status, text, wall_s) = match toolchain::run_command(command, LIMIT) {
        Ok(run) => {
            let text = match spec.stream {
                Stream::Stdout => run.stdout,
                Stream::Stderr => run.stderr,
            };
            (run.status.code(), text, run.wall.as_secs_f64())
        }
        Err(e) => (None, format!("the run failed: {e}"), 0.0),
    };
    let mut text = shorten_paths(&text);
    if let Some(n) = spec.lines {
        text = text.lines().take(n).map(|l| format!("{l}\n")).collect();
    }
    crate::run::cut_at(&mut text, MAX_BYTES, "\n…\n");
    ListingOutput {
        spec: wanted.spec.to_owned(),
        command: spec.command(),
        source_hash: wanted.source_hash.to_owned(),
        status,
        text,
        wall_s,
        recorded: Some(crate::evidence::utc_now()),
        inputs: Some(crate::inputs::key().to_owned()),
    }
}

/// `text` with each absolute path's directories written `…/`: the
/// temporary directory a program was built in says nothing about it.
pub fn shorten_paths(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('/') {
        let starts_path = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "('\"=".contains(c));
        let path_len = rest[at..]
            .find(|c: char| c.is_whitespace() || "):'\",".contains(c))
            .unwrap_or(rest.len() - at);
        let path = &rest[at..at + path_len];
        out.push_str(&rest[..at]);
        match path.rfind('/') {
            Some(last) if starts_path && last > 0 => {
                out.push('…');
                out.push_str(&path[last..]);
            }
            _ => out.push_str(path),
        }
        rest = &rest[at + path_len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_whole_run_of_the_same_program_is_kept() {
        let wanted = wanted("1-1").expect("the book shows 1-1");
        let record = ListingOutput {
            spec: wanted.spec.to_owned(),
            command: "cargo run -- 1-1".to_owned(),
            source_hash: wanted.source_hash.to_owned(),
            status: Some(0),
            text: "kettle starts\n".to_owned(),
            wall_s: 0.1,
            recorded: None,
            inputs: Some(crate::inputs::key().to_owned()),
        };
        assert!(record.same_program());
        let changed = [
            ListingOutput {
                source_hash: "0".to_owned(),
                ..record.clone()
            },
            ListingOutput {
                inputs: Some("0".to_owned()),
                ..record.clone()
            },
            ListingOutput {
                inputs: None,
                ..record.clone()
            },
            ListingOutput {
                status: None,
                ..record.clone()
            },
            ListingOutput {
                text: " \n".to_owned(),
                ..record.clone()
            },
        ];
        for other in changed {
            assert!(!other.same_program(), "{other:?}");
        }
    }

    #[test]
    fn paths_lose_their_directories() {
        assert_eq!(
            shorten_paths("#0 decrement /build/x1/race.c:23 (race-tsan+0x123f)"),
            "#0 decrement …/race.c:23 (race-tsan+0x123f)"
        );
        assert_eq!(shorten_paths("a/b and 1/2 stay"), "a/b and 1/2 stay");
        assert_eq!(shorten_paths("/one"), "/one");
        assert_eq!(shorten_paths("in (/a/b/c.go)"), "in (…/c.go)");
    }

    #[test]
    fn every_output_has_a_spec_that_parses() {
        for w in OUTPUTS {
            assert!(
                book_markdown::directive::OutputSpec::parse(w.spec).is_ok(),
                "{}",
                w.spec
            );
        }
    }
}
