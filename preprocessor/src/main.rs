//! The book's mdBook preprocessor: it expands the directives that show the
//! evidence of a claims run, from the reader's own latest run when there is
//! a complete one newer than the committed reference, else from the
//! reference run.
//!
//! - `{{#machine}}`: which run, when, on which commit, and the machine.
//! - `{{#claims-table}}`: every claim with its verdict and its control's.
//! - `{{#verdict ID}}`: a claim's verdict, for the claims index.
//! - `{{#output SPEC}}`: what a listing printed in the run, and where.
//! - `{{#figure NAME}}`: a figure drawn from the series that the claims'
//!   checks recorded (the `figures` module).
//! - `{{#claim-results ID ...}}`: several claims made in one table, a row
//!   each (`results`).
//! - `{{#claim ID}}`, inside a claim's admonition: the claim's id in small
//!   print, its statement, taken from its check's code, and the evidence:
//!   verdict, figures with their bounds, the control's verdict and figures,
//!   the run and machine, and the command that checks it again.
//!
//! Inside a claim's admonition it also folds each code block, the check's
//! code, into a `<details>` element that the reader opens
//! (`claim_box::fold_claim_code`).
//!
//! The directives are dispatched here; their text is made in `claim_box`
//! (`{{#claim}}`, the folding), `machine` (`{{#machine}}`,
//! `{{#claims-table}}`), `output` (`{{#output}}`) and `figures`
//! (`{{#figure}}`).
//!
//! It speaks mdBook 0.4's preprocessor protocol: `mdbook-checked supports
//! <renderer>` answers yes; otherwise it reads `[context, book]` as JSON on
//! standard input and writes the book back. The book is handled as plain
//! JSON, so that the move to mdBook 0.5 changes this file's edges only.

mod claim_box;
mod figures;
mod machine;
mod output;
mod results;

use std::env;
use std::io::{self, Read, Write};
use std::process::ExitCode;

use book_markdown::directive;
use listings::claims::Claim;
use listings::evidence::{self, ClaimResult, Results};
use serde_json::Value;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "supports") {
        // Every renderer: the directives become plain markdown.
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mdbook-checked: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> io::Result<()> {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input)?;
    let value: Value = serde_json::from_str(&input).map_err(io::Error::other)?;
    let Value::Array(mut parts) = value else {
        return Err(io::Error::other(
            "expected [context, book] on standard input",
        ));
    };
    if parts.len() != 2 {
        return Err(io::Error::other(
            "expected [context, book] on standard input",
        ));
    }
    let mut book = parts.pop().unwrap_or(Value::Null);
    let evidence = Evidence::find();
    expand(&mut book, &evidence);
    let mut out = io::stdout().lock();
    serde_json::to_writer(&mut out, &book).map_err(io::Error::other)?;
    out.flush()
}

/// Expands the directives in every chapter of `book`, however deep.
fn expand(value: &mut Value, evidence: &Evidence) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(chapter)) = map.get_mut("Chapter")
                && let Some(Value::String(content)) = chapter.get_mut("content")
            {
                *content = evidence.expand(content);
            }
            for child in map.values_mut() {
                expand(child, evidence);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| expand(item, evidence)),
        _ => {}
    }
}

/// The run the pages show, which one it is, and the claims as they are now.
struct Evidence {
    results: Option<Results>,
    which: &'static str,
    claims: Vec<Claim>,
}

impl Evidence {
    fn find() -> Evidence {
        let reference = Results::read(&evidence::book_root().join(evidence::REFERENCE)).ok();
        let latest = Results::read(&evidence::latest_path())
            .ok()
            .filter(|r| r.complete)
            .filter(|l| reference.as_ref().is_none_or(|r| l.started >= r.started));
        let (results, which) = match (latest, reference) {
            (Some(latest), _) => (
                Some(latest),
                "the latest complete run of the claims on this machine",
            ),
            (None, Some(reference)) => (Some(reference), "the book's reference run"),
            (None, None) => (None, "no run"),
        };
        Evidence {
            results,
            which,
            claims: listings::all_claims(),
        }
    }

    fn expand(&self, content: &str) -> String {
        let content = claim_box::fold_claim_code(content);
        directive::replace(&content, |d| match d.name {
            "machine" => Some(self.machine()),
            "claims-table" => Some(self.claims_table()),
            "verdict" => Some(self.verdict_word(d.args)),
            "claim" => Some(self.claim_box(d.args)),
            "claim-results" => Some(self.claim_results(d.args)),
            "output" => Some(self.output(d.args)),
            "figure" => Some(self.figure(d.args)),
            _ => None,
        })
    }

    /// The machine of the run in a few words, and when it started.
    fn run_label(&self) -> (String, String) {
        self.results
            .as_ref()
            .map(|r| (r.machine.summary(), started(r)))
            .unwrap_or_default()
    }

    /// A figure drawn from the series of the run, or why it cannot be.
    fn figure(&self, name: &str) -> String {
        let run = self.results.as_ref().map(|_| {
            let (machine, started) = self.run_label();
            figures::Run {
                which: self.which.to_owned(),
                machine,
                started,
            }
        });
        figures::expand(name, run.as_ref(), &|id| match self.current(id) {
            (None, _) => figures::Entry::Unknown,
            (Some(_), Some(entry)) => figures::Entry::Current(entry),
            (Some(_), None) if self.results.as_ref().and_then(|r| r.claim(id)).is_some() => {
                figures::Entry::Stale
            }
            (Some(_), None) => figures::Entry::Missing,
        })
    }

    /// The claim `id`, and its entry in the run if that was recorded for
    /// the claim as it is now.
    fn current(&self, id: &str) -> (Option<&Claim>, Option<&ClaimResult>) {
        let claim = self.claims.iter().find(|c| c.id == id);
        let entry = claim.and_then(|claim| {
            self.results
                .as_ref()
                .and_then(|r| r.claim(id))
                .filter(|entry| entry.is_current(claim))
        });
        (claim, entry)
    }

    /// A claim's verdict in a word or two, for a table.
    fn verdict_word(&self, id: &str) -> String {
        match self.current(id) {
            (Some(_), Some(entry)) => entry.verdict.clone(),
            (Some(_), None) => "not yet measured".to_owned(),
            (None, _) => format!("no claim `{id}`"),
        }
    }
}

/// When `results`' run started, "2026-12-01 10:52:25" (UTC).
fn started(results: &Results) -> String {
    date(&results.started)
}

/// A results file's date as the pages write it: "2026-12-01 10:00:00".
fn date(utc: &str) -> String {
    utc.replace('T', " ").trim_end_matches('Z').to_owned()
}

/// Text made safe for markdown: its punctuation is not formatting.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No run: the pages say what is not yet measured.
    pub(crate) fn no_run() -> Evidence {
        Evidence {
            results: None,
            which: "no run",
            claims: listings::all_claims(),
        }
    }

    /// A run whose only record is the output of Listing 1-1, recorded for
    /// the listing's files with `source_hash`.
    pub(crate) fn run_with_output(source_hash: &str) -> Evidence {
        let output = listings::outputs::ListingOutput {
            spec: "1-1".to_owned(),
            command: "cargo run -- 1-1".to_owned(),
            source_hash: source_hash.to_owned(),
            status: Some(0),
            text: "kettle starts\n```\n".to_owned(),
            wall_s: 0.1,
            recorded: Some("2026-12-01T10:00:00Z".to_owned()),
            inputs: None,
        };
        Evidence {
            results: Some(Results {
                format: evidence::FORMAT,
                machine: evidence::Machine::describe(),
                started: "2026-12-01T10:00:00Z".to_owned(),
                complete: true,
                claims: Vec::new(),
                outputs: vec![output],
            }),
            which: "a test run",
            claims: listings::all_claims(),
        }
    }

    #[test]
    fn directives_in_nested_chapters_are_expanded() {
        let evidence = no_run();
        let mut book: Value = serde_json::from_str(
            r#"{"sections": [{"Chapter": {"name": "A", "content": "x {{#machine}}",
                "sub_items": [{"Chapter": {"name": "B", "content": "{{#claims-table}}",
                "sub_items": []}}]}}, "Separator"]}"#,
        )
        .expect("valid JSON");
        expand(&mut book, &evidence);
        let text = book.to_string();
        assert!(text.contains("No run of the claims was found"));
        assert!(text.contains("| claim | verdict | its control | time |"));
        assert!(!text.contains("{{#"));
    }
}
