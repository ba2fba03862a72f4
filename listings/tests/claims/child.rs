//! One check, in a process of its own: the runner starts a copy of itself
//! with `--run-claim ID`, which runs the check, judges its verdict and
//! prints it as one line of JSON; the runner reads it back.

use std::env;
use std::io;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use listings::claims::{Claim, Control, Outcome, Verdict};
use listings::evidence::ClaimResult;
use listings::run;
use listings::toolchain::TOOLCHAIN_MISSING;

use crate::{REQUIRE_TOOLCHAINS, RUN_ONE};

/// Runs one check in this process and prints its result for the parent, as
/// one line of JSON after [`RESULT`].
pub fn run_here(id: &str) -> ExitCode {
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
pub fn run_in_child(claim: &Claim) -> ClaimResult {
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
