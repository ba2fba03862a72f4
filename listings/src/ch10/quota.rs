//! The check of chapter 10's CPU-limit claim: a Rust program (Listing 10-8)
//! and a Go program (Listing 10-9) run inside a child cgroup with a quota of
//! 1.5 CPUs, and each says what it made of the limit.

use std::io;
use std::thread;

use crate::cgroup::QuotaCgroup;
use crate::ch02::cores::cgroup_cpu_quota;
use crate::claims::{Bound, Claim, Figure, Verdict};
use crate::measure;
use crate::toolchain::{self, Language, Program, Run, Source, run_command};
use listings::run::PROGRAM_LIMIT as LIMIT;

/// Listing 10-8, compiled on its own by rustc.
pub const LIMIT_RS: Source = Source {
    name: "limit.rs",
    text: include_str!("limit.rs"),
};

/// Listing 10-9.
pub const LIMIT_GO: Source = Source {
    name: "limit.go",
    text: include_str!("../../go/ch10/limit.go"),
};

/// 150 ms of CPU time in every 100 ms: a limit of 1.5 CPUs.
const QUOTA_US: u64 = 150_000;
const PERIOD_US: u64 = 100_000;

/// The least GOMAXPROCS Go derives from a CPU limit (before it takes the
/// smaller of that and the CPU count), per `adjustCgroupGOMAXPROCS`.
const GO_FLOOR: f64 = 2.0;

/// The `go` lines of the two modules Listing 10-9 is built in: the first
/// that heeds a cgroup CPU limit, and the one before it.
const HEEDS: &str = "1.25";
const IGNORES: &str = "1.24";

pub const CLAIM: Claim = Claim {
    id: "cpu-limit-rust-rounds-down-go-rounds-up",
    statement: "Inside a cgroup with a CPU limit of 1.5 CPUs, Rust's available_parallelism \
                rounds the limit down, to 1; Go sets GOMAXPROCS to the limit rounded up, \
                and at least 2, but never above the number of CPUs the process may use, \
                so 1 when it is pinned to one CPU; and it does so only for a module that \
                says go 1.25 or later, while one that says go 1.24 ignores the limit.",
    check,
};

/// Runs `program` inside `cgroup`, or outside it for `None`, and returns
/// what it printed, with whether it ran inside (its cgroup line names the
/// cgroup).
fn run_in(
    cgroup: Option<&QuotaCgroup>,
    program: &Program,
    of: &QuotaCgroup,
) -> io::Result<(Run, bool)> {
    let mut command = match cgroup {
        Some(cgroup) => cgroup.command(program.command()),
        None => program.command(),
    };
    command.env_remove("GOMAXPROCS").env_remove("GODEBUG");
    let run = run_command(command, LIMIT)?.success()?;
    let inside = run
        .stdout
        .lines()
        .filter_map(|line| line.strip_prefix("cgroup:"))
        .any(|line| of.named_in(line));
    Ok((run, inside))
}

/// What the four runs printed: Listing 10-8, Listing 10-9 in a module
/// that heeds the limit, the same pinned to one CPU, and Listing 10-9 in a
/// module that ignores it; and whether each ran inside the cgroup.
struct LimitRuns {
    rust: Run,
    heeds: Run,
    pinned: Run,
    ignores: Run,
    inside: [bool; 4],
}

/// The check of the claim, for runs made inside the cgroup (`inside`) or,
/// for the control, outside it: every figure is judged against what the
/// rules give for the cgroup's limit.
fn judge(runs: &LimitRuns, inside: bool, cpus: usize, limit: f64) -> io::Result<Verdict> {
    let n = cpus as f64;
    let place = if inside { "inside" } else { "outside" };
    Ok(Verdict::from_figures(vec![
        Figure::new("CPU limit of the cgroup", limit, "CPUs"),
        Figure::new("CPUs this process may use", n, ""),
        Figure::yes_no(
            format!("all four runs were {place} it (1 = yes)"),
            runs.inside.iter().all(|&i| i == inside),
        )
        .bounded(Bound::Exactly(1.0)),
        Figure::new(
            "Rust available_parallelism",
            runs.rust.number_after("available_parallelism:")?,
            "",
        )
        .bounded(Bound::Exactly(limit.floor().max(1.0).min(n))),
        Figure::new(
            format!("Go GOMAXPROCS, module says go {HEEDS}"),
            runs.heeds.number_after("GOMAXPROCS:")?,
            "",
        )
        .bounded(Bound::Exactly(limit.ceil().max(GO_FLOOR).min(n))),
        Figure::new(
            format!("Go GOMAXPROCS, module says go {HEEDS}, pinned to one CPU"),
            runs.pinned.number_after("GOMAXPROCS:")?,
            "",
        )
        .bounded(Bound::Exactly(1.0)),
        Figure::new(
            format!("Go GOMAXPROCS, module says go {IGNORES}"),
            runs.ignores.number_after("GOMAXPROCS:")?,
            "",
        )
        .bounded(Bound::Exactly(n)),
        // With two CPUs or fewer, Go's rounded-up limit (at least 2)
        // is no lower than the CPU count: the limit cannot show.
        Figure::yes_no(
            "CPUs enough for the limit to lower Go's default (1 = yes)",
            limit.ceil().max(GO_FLOOR) < n,
        ),
    ]))
}

fn check() -> io::Result<Verdict> {
    toolchain::with(Language::Go, |go| {
        if !go.at_least(&[1, 25]) {
            return Ok(Verdict::not_applicable(
                format!(
                    "{} predates Go {HEEDS}, the first to read a cgroup CPU limit",
                    go.version
                ),
                Vec::new(),
            ));
        }
        let cgroup = match QuotaCgroup::create(QUOTA_US, PERIOD_US) {
            Ok(cgroup) => cgroup,
            Err(why) => return Ok(Verdict::not_applicable(why, Vec::new())),
        };
        toolchain::with(Language::Rust, |rustc| {
            let rust = rustc.build(&LIMIT_RS, &[])?;
            let heeds = go.build_go_module(&LIMIT_GO, HEEDS)?;
            let ignores = go.build_go_module(&LIMIT_GO, IGNORES)?;
            let cpus = measure::allowed_cpus()?;
            // The claim's runs, inside the cgroup, and the control's: the
            // same programs outside it.
            let runs = |place: Option<&QuotaCgroup>| -> io::Result<LimitRuns> {
                let (rust, rust_in) = run_in(place, &rust, &cgroup)?;
                let (heeds_run, heeds_in) = run_in(place, &heeds, &cgroup)?;
                let (ignores_run, ignores_in) = run_in(place, &ignores, &cgroup)?;
                // A child inherits the affinity of the thread that starts
                // it: this one starts it from a thread pinned to one CPU.
                let (pinned, pinned_in) = thread::scope(|scope| {
                    scope
                        .spawn(|| {
                            measure::pin_current_thread(cpus[0])?;
                            run_in(place, &heeds, &cgroup)
                        })
                        .join()
                        .map_err(|_| io::Error::other("the pinned run panicked"))?
                })?;
                Ok(LimitRuns {
                    rust,
                    heeds: heeds_run,
                    pinned,
                    ignores: ignores_run,
                    inside: [rust_in, heeds_in, ignores_in, pinned_in],
                })
            };
            let claim = runs(Some(&cgroup))?;
            let control = runs(None)?;
            let n = cpus.len();
            let limit = cgroup.cpus;
            let claim = judge(&claim, true, n, limit)?;
            let control = judge(&control, false, n, limit)?;
            // Outside the cgroup Rust gives the CPU count, or a lower limit
            // this process already runs under, so the control differs from
            // the claim only where that is more than the new limit rounded
            // down: the first figure the limit lowers.
            let outside = cgroup_cpu_quota().map_or(n, |quota| quota.min(n));
            let control = if outside as f64 > limit.floor().max(1.0) {
                control
            } else {
                Verdict::not_applicable(
                    format!(
                        "outside the cgroup the programs see a CPU count of {outside}, no more \
                         than the limit rounded down: a limit of {limit} CPUs lowers \
                         neither language's figure"
                    ),
                    control.figures,
                )
            };
            Ok(claim
                .against("the same programs outside the cgroup", control)
                .with_parameter(
                    "CPU limit, quota / period",
                    QUOTA_US as f64 / PERIOD_US as f64,
                )
                .with_parameter("Go's least value from a limit", GO_FLOOR))
        })
    })
}
