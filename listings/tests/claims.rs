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
//! (`{{#output ...}}`) and records what each printed (`claims/outputs.rs`).
//!
//! It exits with failure if a claim is refuted, a check fails or times out,
//! or the book and the checks disagree. With `BOOK_REQUIRE_TOOLCHAINS` set
//! (CI sets it), a check that could not run for want of gcc, python3 or go
//! fails too, instead of being not applicable.

use std::env;
use std::fs;
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use listings::claims::{Claim, Control, Outcome, Verdict};
use listings::evidence::{self, ClaimResult, ControlRecord, Machine, Results};
use listings::run;
use listings::toolchain::TOOLCHAIN_MISSING;

/// A mention of a claim id in the book, found by build.rs.
struct ClaimRef {
    id: &'static str,
    /// File and line of the mention.
    origin: &'static str,
    /// The page, relative to the book's `src/`.
    page: &'static str,
    /// For the admonition that makes the claim, its text; `None` for a link.
    statement: Option<&'static str>,
}

include!(concat!(env!("OUT_DIR"), "/claim_refs.rs"));

#[path = "claims/outputs.rs"]
mod outputs;

const RUN_ONE: &str = "--run-claim";
const REQUIRE_TOOLCHAINS: &str = "BOOK_REQUIRE_TOOLCHAINS";
const RECORD_REFERENCE: &str = "BOOK_RECORD_REFERENCE";
const INDEX_PAGE: &str = "claims-index.md";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    if let [flag, id] = &args[..]
        && flag == RUN_ONE
    {
        return run_here(id);
    }
    // cargo passes libtest's flags to every test binary; only words count.
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();

    let claims = listings::all_claims();
    let problems = compare_with_book(&claims);
    for problem in &problems {
        eprintln!("error: {problem}");
    }

    let selected: Vec<&Claim> = claims
        .iter()
        .filter(|c| filters.is_empty() || filters.iter().any(|f| c.id.contains(f.as_str())))
        .collect();
    let width = selected.iter().map(|c| c.id.len()).max().unwrap_or(0);
    println!("\nrunning {} claim checks, one at a time\n", selected.len());
    let mut tally = Tally::default();
    let mut without_control = 0;
    let mut bad = Vec::new();
    let started = evidence::utc_now();
    let machine = Machine::describe();
    let complete = selected.len() == claims.len();
    let mut results = Vec::new();
    // On a terminal, a line that says which claim runs and for how long;
    // in a log, only the table.
    let progress = io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(selected.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("claim {pos}/{len}: {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    });
    for (n, claim) in (1..).zip(selected) {
        if let Some(bar) = &progress {
            bar.set_position(n);
            bar.set_message(claim.id);
        }
        let result = run_in_child(claim);
        let verdict = shout(&result.verdict);
        let lines = details(&result);
        let print = || {
            println!(
                "{:<width$}  {:<14}  {:>5.1} s",
                claim.id, verdict, result.took_s
            );
            for line in &lines {
                println!("{:<width$}    {line}", "");
            }
        };
        match &progress {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
        if lines.iter().any(|l| l.starts_with(NO_CONTROL)) {
            without_control += 1;
        }
        if result.verdict == "refuted" || result.verdict == "failed" {
            let why = result
                .reason
                .as_ref()
                .map_or(String::new(), |r| format!(" ({r})"));
            bad.push(format!("claim `{}` {verdict}{why}", claim.id));
        }
        tally.count(&result.verdict);
        results.push(result);
    }
    // The outputs the pages show run in a complete run, or alone with the
    // filter `outputs`.
    let mut recorded = Vec::new();
    let mut output_problems = Vec::new();
    if complete || filters.iter().any(|f| f.as_str() == "outputs") {
        (recorded, output_problems) = outputs::run_all(progress.as_ref());
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
        outputs: recorded,
    };
    let latest = if complete {
        evidence::latest_path()
    } else {
        evidence::partial_path()
    };
    match results.write(&latest) {
        Ok(()) => println!("\nresults: {}", latest.display()),
        Err(e) => bad.push(format!("cannot write {}: {e}", latest.display())),
    }
    if env::var_os(RECORD_REFERENCE).is_some() {
        if !complete {
            bad.push(format!(
                "{RECORD_REFERENCE} needs a run of every claim, with no filter"
            ));
        } else if tally.refuted > 0
            || tally.failed > 0
            || !problems.is_empty()
            || !output_problems.is_empty()
        {
            bad.push("a run with problems is not recorded as the reference".to_owned());
        } else {
            let reference = evidence::book_root().join(evidence::REFERENCE);
            match results.write(&reference) {
                Ok(()) => println!("reference run recorded: {}", evidence::REFERENCE),
                Err(e) => bad.push(format!("cannot write {}: {e}", evidence::REFERENCE)),
            }
        }
    }
    let mut summary = format!(
        "claims: {} held, {} refuted, {} not applicable",
        tally.held, tally.refuted, tally.not_applicable
    );
    if tally.failed > 0 {
        summary.push_str(&format!(", {} failed", tally.failed));
    }
    if !problems.is_empty() {
        summary.push_str(&format!(", {} disagreements with the book", problems.len()));
    }
    println!("\n{without_control} claims have no control experiment, each saying why");
    // Every problem again, where a reader of the output looks: at its end.
    if !output_problems.is_empty() {
        summary.push_str(&format!(", {} outputs not recorded", output_problems.len()));
    }
    for problem in problems.iter().chain(&bad).chain(&output_problems) {
        println!("error: {problem}");
    }
    println!("\n{summary}");
    if tally.refuted > 0 || tally.failed > 0 || !problems.is_empty() || !output_problems.is_empty()
    {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
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

/// Runs one check in this process and prints its result for the parent, as
/// one line of JSON after [`RESULT`].
fn run_here(id: &str) -> ExitCode {
    let Some(claim) = listings::all_claims().into_iter().find(|c| c.id == id) else {
        eprintln!("no claim with id {id}");
        return ExitCode::FAILURE;
    };
    let start = Instant::now();
    let verdict = match (claim.check)() {
        Ok(verdict) => verdict,
        Err(e) => {
            eprintln!("the experiment could not run: {e}");
            return ExitCode::FAILURE;
        }
    };
    let verdict = judge(&claim, verdict);
    let result = ClaimResult::new(
        &claim,
        &verdict,
        listings::run::take_outputs(),
        start.elapsed().as_secs_f64(),
    );
    match serde_json::to_string(&result) {
        Ok(json) => {
            println!("{RESULT}{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write the result: {e}");
            ExitCode::FAILURE
        }
    }
}

/// How the line with a check's result starts.
const RESULT: &str = "result\t";

/// The lines of the claims table under a claim's id: its reason, notes,
/// figures, parameters and control.
fn details(result: &ClaimResult) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(reason) = &result.reason {
        lines.push(format!("reason: {reason}"));
    }
    lines.extend(result.notes.iter().cloned());
    lines.extend(result.figures.iter().map(|f| f.text.clone()));
    lines.extend(
        result
            .parameters
            .iter()
            .map(|(name, value)| format!("parameter: {name} = {value}")),
    );
    match &result.control {
        Some(ControlRecord {
            impossible: Some(why),
            ..
        }) => lines.push(format!("{NO_CONTROL}{why}")),
        Some(control) => {
            let reason = control
                .reason
                .as_ref()
                .map_or(String::new(), |why| format!(": {why}"));
            lines.push(format!(
                "control ({}): {}{reason}",
                control.name.as_deref().unwrap_or(""),
                shout(control.verdict.as_deref().unwrap_or(""))
            ));
            lines.extend(control.figures.iter().map(|f| format!("  {}", f.text)));
        }
        None => {}
    }
    lines
}

/// A verdict word as the table prints it: the bad ones in capitals.
fn shout(verdict: &str) -> String {
    match verdict {
        "refuted" | "failed" => verdict.to_uppercase(),
        other => other.to_owned(),
    }
}

/// How a claim without a control experiment says why.
const NO_CONTROL: &str = "no control: ";

/// The verdict as the runner reports it: a check whose statement names a
/// number it does not use, or that decided without a control and without
/// saying why it has none, is defective.
fn judge(claim: &Claim, mut verdict: Verdict) -> Verdict {
    // A not-applicable verdict whose control ran still has the check's
    // bounds and constants: a statement that disagrees with them is caught
    // on a busy machine too.
    let decided = matches!(verdict.outcome, Outcome::Holds | Outcome::Refuted);
    let undecided_with_control = matches!(verdict.control, Some(Control::Ran { .. }))
        && matches!(verdict.outcome, Outcome::NotApplicable(_));
    if !(decided || undecided_with_control) {
        return verdict;
    }
    let unsupported = verdict.unsupported_numbers(claim.statement);
    let defect = if !unsupported.is_empty() {
        format!(
            "the statement names {}, which the check does not use (no bound, figure or \
             parameter has it)",
            unsupported.join(", ")
        )
    } else if decided && verdict.control.is_none() {
        "the check ran no control experiment and says no reason why it cannot".to_owned()
    } else {
        return verdict;
    };
    verdict.outcome = Outcome::Failed(defect);
    verdict
}

/// Runs `claim`'s check in a fresh copy of this program, under the time
/// limit, and reads its result.
fn run_in_child(claim: &Claim) -> ClaimResult {
    let limit = env::var("BOOK_CLAIM_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(Duration::from_secs(60), Duration::from_secs);
    let start = Instant::now();
    let failed = |why: String| ClaimResult::failed(claim, why, start.elapsed().as_secs_f64());
    let exe = match env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return failed(format!("could not find the runner's own program: {e}")),
    };
    let mut command = Command::new(exe);
    command
        .args([RUN_ONE, claim.id])
        // Settings that would change what the checks measure.
        .env_remove("RAYON_NUM_THREADS")
        .env_remove("TOKIO_WORKER_THREADS")
        .env_remove("RUST_MIN_STACK");
    let (status, stdout, stderr) = match run::run_command(command, limit) {
        Ok(run) => (run.status, run.stdout, run.stderr),
        Err(e) if e.kind() == io::ErrorKind::TimedOut => {
            return failed(format!(
                "did not finish within {} s and was stopped",
                limit.as_secs()
            ));
        }
        Err(e) => return failed(format!("could not run the check: {e}")),
    };
    if !status.success() {
        return failed(format!("the check failed ({status}):\n{stderr}"));
    }
    let Some(json) = stdout.lines().find_map(|l| l.strip_prefix(RESULT)) else {
        return failed(format!("the check reported no result:\n{stdout}{stderr}"));
    };
    let mut result: ClaimResult = match serde_json::from_str(json) {
        Ok(result) => result,
        Err(e) => return failed(format!("the check's result does not parse: {e}")),
    };
    // CI sets this: there a missing compiler is a broken machine, not a
    // claim that cannot be decided.
    let missing = result
        .reason
        .as_deref()
        .is_some_and(|r| r.starts_with(TOOLCHAIN_MISSING));
    if missing && env::var_os(REQUIRE_TOOLCHAINS).is_some() {
        result.verdict = "failed".to_owned();
    }
    result.took_s = start.elapsed().as_secs_f64();
    result
}

/// Everything on which the book and the claim checks disagree.
fn compare_with_book(claims: &[Claim]) -> Vec<String> {
    let mut problems = Vec::new();
    for mention in CLAIM_REFS {
        if !claims.iter().any(|c| c.id == mention.id) {
            problems.push(format!(
                "{}: claim `{}` has no check (known claims are listed by listings::all_claims)",
                mention.origin, mention.id
            ));
        }
    }
    for claim in claims {
        let homes: Vec<&ClaimRef> = CLAIM_REFS
            .iter()
            .filter(|m| m.id == claim.id && m.statement.is_some())
            .collect();
        match homes[..] {
            [] => problems.push(format!(
                "claim `{}` is checked but no chapter makes it: add an admonition with \
                 id=\"claim-{}\" that states it",
                claim.id, claim.id
            )),
            [home] => {
                let text = normalize(home.statement.unwrap_or_default());
                // `{{#claim id}}` takes the statement from the code itself.
                let directive = format!("{{{{#claim {}}}}}", claim.id);
                if !text.contains(&normalize(claim.statement)) && !text.contains(&directive) {
                    problems.push(format!(
                        "{}: the admonition for claim `{}` does not state it word for word: \
                         \"{}\"",
                        home.origin, claim.id, claim.statement
                    ));
                }
            }
            _ => problems.push(format!(
                "claim `{}` is made more than once: {}",
                claim.id,
                homes
                    .iter()
                    .map(|h| h.origin)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
    // The committed reference run: a fresh clone shows its numbers.
    let recording = env::var_os(RECORD_REFERENCE).is_some();
    match Results::read(&evidence::book_root().join(evidence::REFERENCE)) {
        Err(e) if !recording => problems.push(format!(
            "{}: {e}; record it on an idle machine with `{RECORD_REFERENCE}=1 cargo test \
             --test claims`",
            evidence::REFERENCE
        )),
        Err(_) => {}
        Ok(reference) => {
            let missing = reference.missing(claims);
            if !missing.is_empty() && !recording {
                problems.push(format!(
                    "{} has no entry for {}; record it again on an idle machine with \
                     `{RECORD_REFERENCE}=1 cargo test --test claims`",
                    evidence::REFERENCE,
                    missing.join(", ")
                ));
            }
            let stale = reference.stale(claims);
            if !stale.is_empty() {
                eprintln!(
                    "note: {} was recorded before the current statement or check of {}: \
                     the book shows them as not yet measured for this version",
                    evidence::REFERENCE,
                    stale.join(", ")
                );
            }
        }
    }
    let index_path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../src")
        .join(INDEX_PAGE);
    let index = claims_index(claims);
    if env::var_os("BOOK_BLESS").is_some() {
        if let Err(e) = fs::write(&index_path, &index) {
            problems.push(format!("cannot write src/{INDEX_PAGE}: {e}"));
        }
    } else if fs::read_to_string(&index_path).ok().as_deref() != Some(index.as_str()) {
        problems.push(format!(
            "src/{INDEX_PAGE} does not list the claims as they are; \
             rewrite it with `BOOK_BLESS=1 cargo test --test claims`"
        ));
    }
    problems
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The claims index page, generated from the claims and where the book makes them.
fn claims_index(claims: &[Claim]) -> String {
    let mut page = String::from(
        "# Claims index\n\n\
         Every claim this book makes about how concurrent code behaves, in the order the\n\
         chapters make them. Each has a check that `cargo test` runs; see\n\
         [How claims are checked](how-claims-are-checked.md).\n\n\
         This page is generated from the checks: `BOOK_BLESS=1 cargo test --test claims`\n\
         rewrites it. The verdicts are those of the run the book was built with; see\n\
         [The machines behind the numbers](machines.md).\n\n\
         | Claim | Statement | Made in | Verdict |\n\
         |---|---|---|---|\n",
    );
    for claim in claims {
        let page_of = CLAIM_REFS
            .iter()
            .find(|m| m.id == claim.id && m.statement.is_some())
            .map_or("", |m| m.page);
        let chapter = page_of
            .strip_prefix("ch")
            .and_then(|rest| rest.get(..2))
            .and_then(|n| n.parse::<u32>().ok())
            .map_or_else(|| page_of.to_owned(), |n| format!("Chapter {n}"));
        page.push_str(&format!(
            "| [`{id}`]({page_of}#claim-{id}) | {statement} | {chapter} | {{{{#verdict {id}}}}} |\n",
            id = claim.id,
            statement = claim.statement,
        ));
    }
    page
}
