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
//! It exits with failure if a claim is refuted, a check fails or times out,
//! or the book and the checks disagree. With `BOOK_REQUIRE_TOOLCHAINS` set
//! (CI sets it), a check that could not run for want of gcc, python3 or go
//! fails too, instead of being not applicable.

use std::env;
use std::fs;
use std::io::{self, Read};
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use listings::claims::{Claim, Control, Outcome, Verdict};
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

const RUN_ONE: &str = "--run-claim";
const REQUIRE_TOOLCHAINS: &str = "BOOK_REQUIRE_TOOLCHAINS";
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
    for claim in selected {
        let report = run_in_child(claim);
        println!(
            "{:<width$}  {:<14}  {:>5.1} s",
            claim.id,
            report.verdict,
            report.took.as_secs_f64()
        );
        for line in &report.details {
            println!("{:<width$}    {line}", "");
        }
        if report.details.iter().any(|l| l.starts_with(NO_CONTROL)) {
            without_control += 1;
        }
        if report.verdict == "REFUTED" || report.verdict == "FAILED" {
            let why = report
                .details
                .iter()
                .find(|l| l.starts_with("reason: "))
                .map_or(String::new(), |l| format!(" ({l})"));
            bad.push(format!("claim `{}` {}{why}", claim.id, report.verdict));
        }
        tally.count(&report.verdict);
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
    for problem in problems.iter().chain(&bad) {
        println!("error: {problem}");
    }
    println!("\n{summary}");
    if tally.refuted > 0 || tally.failed > 0 || !problems.is_empty() {
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
            "REFUTED" => self.refuted += 1,
            "not applicable" => self.not_applicable += 1,
            _ => self.failed += 1,
        }
    }
}

/// Runs one check in this process and prints its verdict for the parent:
/// one line per figure, then the outcome.
fn run_here(id: &str) -> ExitCode {
    let Some(claim) = listings::all_claims().into_iter().find(|c| c.id == id) else {
        eprintln!("no claim with id {id}");
        return ExitCode::FAILURE;
    };
    let verdict = match (claim.check)() {
        Ok(verdict) => verdict,
        Err(e) => {
            eprintln!("the experiment could not run: {e}");
            return ExitCode::FAILURE;
        }
    };
    let verdict = judge(&claim, verdict);
    for note in &verdict.notes {
        println!("note\t{note}");
    }
    for figure in &verdict.figures {
        println!("figure\t{figure}");
    }
    for (name, value) in &verdict.parameters {
        println!("figure\tparameter: {name} = {value}");
    }
    match &verdict.control {
        Some(Control::Ran {
            name,
            outcome,
            figures,
        }) => {
            let reason = match outcome {
                Outcome::NotApplicable(why) | Outcome::Failed(why) => format!(": {why}"),
                _ => String::new(),
            };
            println!("figure\tcontrol ({name}): {outcome}{reason}");
            for figure in figures {
                println!("figure\t  {figure}");
            }
        }
        Some(Control::Impossible(why)) => println!("figure\t{NO_CONTROL}{why}"),
        None => {}
    }
    match &verdict.outcome {
        Outcome::NotApplicable(reason) | Outcome::Failed(reason) => {
            println!("outcome\t{}\t{reason}", verdict.outcome)
        }
        outcome => println!("outcome\t{outcome}"),
    }
    ExitCode::SUCCESS
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

struct Report {
    verdict: String,
    details: Vec<String>,
    took: Duration,
}

/// Runs `claim`'s check in a fresh copy of this program, under the time limit.
fn run_in_child(claim: &Claim) -> Report {
    let limit = env::var("BOOK_CLAIM_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(Duration::from_secs(60), Duration::from_secs);
    let start = Instant::now();
    let child = env::current_exe().and_then(|exe| {
        Command::new(exe)
            .args([RUN_ONE, claim.id])
            // Settings that would change what the checks measure.
            .env_remove("RAYON_NUM_THREADS")
            .env_remove("TOKIO_WORKER_THREADS")
            .env_remove("RUST_MIN_STACK")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
    });
    let failed = |why: String| Report {
        verdict: "FAILED".to_owned(),
        details: why.lines().map(str::to_owned).collect(),
        took: start.elapsed(),
    };
    let mut child = match child {
        Ok(child) => child,
        Err(e) => return failed(format!("could not start the check: {e}")),
    };
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let status = match wait_with_limit(&mut child, limit) {
        Ok(Some(status)) => status,
        Ok(None) => {
            return failed(format!(
                "did not finish within {} s and was stopped",
                limit.as_secs()
            ));
        }
        Err(e) => return failed(format!("could not wait for the check: {e}")),
    };
    let took = start.elapsed();
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    if !status.success() {
        return failed(format!("the check failed ({status}):\n{stderr}"));
    }
    // CI sets this: there a missing compiler is a broken machine, not a
    // claim that cannot be decided.
    let toolchains_required = env::var_os(REQUIRE_TOOLCHAINS).is_some();
    let mut verdict = None;
    let mut details = Vec::new();
    for line in stdout.lines() {
        match line.split('\t').collect::<Vec<_>>()[..] {
            ["figure", figure] | ["note", figure] => details.push(figure.to_owned()),
            ["outcome", outcome] => verdict = Some(outcome.to_owned()),
            ["outcome", outcome, reason] => {
                verdict = Some(
                    if reason.starts_with(TOOLCHAIN_MISSING) && toolchains_required {
                        "FAILED".to_owned()
                    } else {
                        outcome.to_owned()
                    },
                );
                details.insert(0, format!("reason: {reason}"));
            }
            _ => {}
        }
    }
    match verdict {
        Some(verdict) => Report {
            verdict,
            details,
            took,
        },
        None => failed(format!("the check reported no verdict:\n{stdout}{stderr}")),
    }
}

fn read_in_background(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            // A check that prints invalid UTF-8 loses its output, not its verdict.
            let _ = pipe.read_to_string(&mut text);
        }
        text
    })
}

/// Waits for `child` at most `limit`; kills it and returns `None` past that.
fn wait_with_limit(
    child: &mut Child,
    limit: Duration,
) -> io::Result<Option<std::process::ExitStatus>> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            child.kill()?;
            child.wait()?;
            return Ok(None);
        }
        thread::sleep(Duration::from_millis(10));
    }
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
                if !text.contains(&normalize(claim.statement)) {
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
         [How the checks work](introduction.md#how-the-checks-work).\n\n\
         This page is generated from the checks: `BOOK_BLESS=1 cargo test --test claims`\n\
         rewrites it.\n\n\
         | Claim | Statement | Made in |\n\
         |---|---|---|\n",
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
            "| [`{id}`]({page_of}#claim-{id}) | {statement} | {chapter} |\n",
            id = claim.id,
            statement = claim.statement,
        ));
    }
    page
}
