//! Runs every claim check of the book and prints a table of the verdicts.
//!
//! ```text
//! cargo test --test claims                  every claim
//! cargo test --test claims -- overlap       the claims whose id contains "overlap"
//! ```
//!
//! Each check runs in a fresh process of its own, one at a time, so that no
//! other test, and no thread left over from another check, shares the CPUs
//! or the process with it; a check that has not finished after
//! `BOOK_CLAIM_TIMEOUT` seconds (60) is stopped and counts as failed.
//!
//! First it compares the claims with the book: every claim id the chapters
//! mention needs a check, every check needs exactly one chapter that makes
//! the claim in an admonition stating it word for word, and the claims index
//! must list them all. `BOOK_BLESS=1` rewrites the index instead.
//!
//! After the claims, it runs every program whose output a page shows
//! (`{{#output ...}}`) and records what each printed (`claims/outputs.rs`),
//! keeping those the last complete run recorded for the same programs on
//! the same machine; `cargo test --test claims -- outputs` runs them all.
//!
//! It exits with failure if a claim is refuted, a check fails or times out,
//! or the book and the checks disagree. With `BOOK_REQUIRE_TOOLCHAINS` set
//! (CI sets it), a check that could not run for want of gcc, python3 or go
//! fails too, instead of being not applicable.

use std::env;
use std::io::{self, IsTerminal};
use std::process::ExitCode;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use listings::claims::Claim;
use listings::evidence::{self, ClaimResult, Machine, Results};

#[path = "claims/book.rs"]
mod book;
#[path = "claims/child.rs"]
mod child;
#[path = "claims/outputs.rs"]
mod outputs;
#[path = "claims/table.rs"]
mod table;

use table::{NO_CONTROL, details, shout};

const RUN_ONE: &str = "--run-claim";
const REQUIRE_TOOLCHAINS: &str = "BOOK_REQUIRE_TOOLCHAINS";
const RECORD_REFERENCE: &str = "BOOK_RECORD_REFERENCE";
const INDEX_PAGE: &str = "claims-index.md";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    if let [flag, id] = &args[..]
        && flag == RUN_ONE
    {
        return child::run_here(id);
    }
    // cargo passes libtest's flags to every test binary; only words count.
    let filters: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let claims = listings::all_claims();
    let mut run = Run {
        problems: book::compare_with_book(&claims),
        ..Run::default()
    };
    for problem in &run.problems {
        eprintln!("error: {problem}");
    }
    let selected: Vec<&Claim> = claims
        .iter()
        .filter(|c| filters.is_empty() || filters.iter().any(|f| c.id.contains(f)))
        .collect();
    let complete = selected.len() == claims.len();
    let started = evidence::utc_now();
    let machine = Machine::describe();
    let progress = progress_bar(selected.len());
    let results = run.claims(&selected, progress.as_ref());
    // The outputs the pages show run in a complete run, where those the
    // last complete run recorded for the same programs are kept, or all of
    // them, alone, with the filter `outputs`, and for the reference.
    let mut outputs = Vec::new();
    if complete || filters.contains(&"outputs") {
        let previous = Results::read(&evidence::latest_path()).ok();
        let fresh = filters.contains(&"outputs") || env::var_os(RECORD_REFERENCE).is_some();
        let kept = previous.as_ref().filter(|_| !fresh).map(|p| (p, &machine));
        (outputs, run.output_problems) = outputs::run_all(progress.as_ref(), kept);
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let results = Results {
        format: evidence::FORMAT,
        machine,
        started,
        complete,
        claims: results,
        outputs,
    };
    run.record(&results);
    run.summary()
}

/// On a terminal, a line that says which claim runs and for how long; in a
/// log, only the table.
fn progress_bar(claims: usize) -> Option<ProgressBar> {
    io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(claims as u64);
        if let Ok(style) = ProgressStyle::with_template("claim {pos}/{len}: {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    })
}

/// What a run found, as it goes.
#[derive(Default)]
struct Run {
    tally: Tally,
    without_control: usize,
    /// Where the book and the checks disagree.
    problems: Vec<String>,
    /// Refuted and failed claims, and files that could not be written.
    bad: Vec<String>,
    output_problems: Vec<String>,
}

impl Run {
    /// Runs each claim in a process of its own, printing its lines.
    fn claims(&mut self, selected: &[&Claim], progress: Option<&ProgressBar>) -> Vec<ClaimResult> {
        let width = selected.iter().map(|c| c.id.len()).max().unwrap_or(0);
        println!("\nrunning {} claim checks, one at a time\n", selected.len());
        let mut results = Vec::new();
        for (n, claim) in (1..).zip(selected) {
            if let Some(bar) = progress {
                bar.set_position(n);
                bar.set_message(claim.id);
            }
            let result = child::run_in_child(claim);
            let verdict = shout(&result.verdict);
            let lines = details(&result);
            let print = || {
                println!(
                    "{:<width$}  {verdict:<14}  {:>5.1} s",
                    claim.id, result.took_s
                );
                for line in &lines {
                    println!("{:<width$}    {line}", "");
                }
            };
            match progress {
                Some(bar) => bar.suspend(print),
                None => print(),
            }
            if lines.iter().any(|l| l.starts_with(NO_CONTROL)) {
                self.without_control += 1;
            }
            if result.verdict == "refuted" || result.verdict == "failed" {
                let why = result
                    .reason
                    .as_ref()
                    .map_or(String::new(), |r| format!(" ({r})"));
                self.bad
                    .push(format!("claim `{}` {verdict}{why}", claim.id));
            }
            self.tally.count(&result.verdict);
            results.push(result);
        }
        results
    }

    fn failed(&self) -> bool {
        self.tally.refuted > 0
            || self.tally.failed > 0
            || !self.problems.is_empty()
            || !self.output_problems.is_empty()
    }

    /// Writes the results, and the reference run if asked to and clean.
    fn record(&mut self, results: &Results) {
        let latest = if results.complete {
            evidence::latest_path()
        } else {
            evidence::partial_path()
        };
        match results.write(&latest) {
            Ok(()) => println!("\nresults: {}", latest.display()),
            Err(e) => self
                .bad
                .push(format!("cannot write {}: {e}", latest.display())),
        }
        if env::var_os(RECORD_REFERENCE).is_none() {
            return;
        }
        if !results.complete {
            self.bad.push(format!(
                "{RECORD_REFERENCE} needs a run of every claim, with no filter"
            ));
        } else if self.failed() {
            self.bad
                .push("a run with problems is not recorded as the reference".to_owned());
        } else {
            let reference = evidence::book_root().join(evidence::REFERENCE);
            match results.write(&reference) {
                Ok(()) => println!("reference run recorded: {}", evidence::REFERENCE),
                Err(e) => self
                    .bad
                    .push(format!("cannot write {}: {e}", evidence::REFERENCE)),
            }
        }
    }

    /// Prints every problem again, where a reader of the output looks (at
    /// its end), and the summary line.
    fn summary(&self) -> ExitCode {
        let tally = &self.tally;
        let mut summary = format!(
            "claims: {} held, {} refuted, {} not applicable",
            tally.held, tally.refuted, tally.not_applicable
        );
        if tally.failed > 0 {
            summary.push_str(&format!(", {} failed", tally.failed));
        }
        if !self.problems.is_empty() {
            summary.push_str(&format!(
                ", {} disagreements with the book",
                self.problems.len()
            ));
        }
        if !self.output_problems.is_empty() {
            summary.push_str(&format!(
                ", {} outputs not recorded",
                self.output_problems.len()
            ));
        }
        println!(
            "\n{} claims have no control experiment, each saying why",
            self.without_control
        );
        for problem in self
            .problems
            .iter()
            .chain(&self.bad)
            .chain(&self.output_problems)
        {
            println!("error: {problem}");
        }
        println!("\n{summary}");
        if self.failed() {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }
}

#[derive(Default)]
struct Tally {
    held: usize,
    refuted: usize,
    not_applicable: usize,
    failed: usize,
}

impl Tally {
    fn count(&mut self, verdict: &str) {
        match verdict {
            "holds" => self.held += 1,
            "refuted" => self.refuted += 1,
            "not applicable" => self.not_applicable += 1,
            _ => self.failed += 1,
        }
    }
}
