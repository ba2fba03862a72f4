//! The check of chapter 9's CPU-limit claim: a Rust program (Listing 9-8)
//! and a Go program (Listing 9-9) run inside a child cgroup with a quota of
//! 1.5 CPUs, and each says what it made of the limit.

use std::io;
use std::time::Duration;

use crate::cgroup::QuotaCgroup;
use crate::claims::{Bound, Claim, Figure, Verdict};
use crate::measure;
use crate::toolchain::{self, Language, Program, Run, Source, run_command};

/// Listing 9-8, compiled on its own by rustc.
pub const LIMIT_RS: Source = Source {
    name: "limit.rs",
    text: include_str!("limit.rs"),
};

/// Listing 9-9.
pub const LIMIT_GO: Source = Source {
    name: "limit.go",
    text: include_str!("../../go/ch09/limit.go"),
};

/// 150 ms of CPU time in every 100 ms: a limit of 1.5 CPUs.
const QUOTA_US: u64 = 150_000;
const PERIOD_US: u64 = 100_000;

const LIMIT: Duration = Duration::from_secs(20);

pub const CLAIM: Claim = Claim {
    id: "cpu-limit-rust-rounds-down-go-rounds-up",
    statement: "Inside a cgroup with a CPU limit of 1.5 CPUs, Rust's available_parallelism \
                rounds the limit down, to 1; Go sets GOMAXPROCS to the limit rounded up, \
                and at least 2, but never above the number of CPUs the process may use, \
                so 1 when it is pinned to one CPU; and it does so only for a module that \
                says go 1.25 or later, while one that says go 1.24 ignores the limit.",
    check,
};

/// Runs `program` inside `cgroup` and returns what it printed, with
/// whether it really ran there (its cgroup line names the cgroup).
fn run_inside(cgroup: &QuotaCgroup, program: &Program) -> io::Result<(Run, bool)> {
    let mut command = cgroup.command(program.command());
    command.env_remove("GOMAXPROCS").env_remove("GODEBUG");
    let run = run_command(command, LIMIT)?.success()?;
    let inside = run
        .stdout
        .lines()
        .filter_map(|line| line.strip_prefix("cgroup:"))
        .any(|line| cgroup.named_in(line));
    Ok((run, inside))
}

fn check() -> io::Result<Verdict> {
    toolchain::with(Language::Go, |go| {
        if !go.at_least(&[1, 25]) {
            return Ok(Verdict::not_applicable(
                format!(
                    "{} predates Go 1.25, the first to read a cgroup CPU limit",
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
            let go_125 = go.build_go_module(&LIMIT_GO, "1.25")?;
            let go_124 = go.build_go_module(&LIMIT_GO, "1.24")?;
            let cpus = measure::allowed_cpus()?;
            let (rust_run, rust_inside) = run_inside(&cgroup, &rust)?;
            let (go_run, go_inside) = run_inside(&cgroup, &go_125)?;
            let (old_run, _) = run_inside(&cgroup, &go_124)?;
            // The child inherits the affinity of the thread that starts it;
            // this check's process is its own, so pinning it is harmless.
            measure::pin_current_thread(cpus[0])?;
            let (pinned_run, _) = run_inside(&cgroup, &go_125)?;

            let n = cpus.len() as f64;
            let limit = cgroup.cpus;
            let yes = |b: bool| f64::from(u8::from(b));
            Ok(Verdict::from_figures(vec![
                Figure::new("CPU limit of the cgroup", limit, "CPUs"),
                Figure::new("CPUs this process may use", n, ""),
                Figure::new(
                    "both programs ran inside it (1 = yes)",
                    yes(rust_inside && go_inside),
                    "",
                )
                .bounded(Bound::Exactly(1.0)),
                Figure::new(
                    "Rust available_parallelism",
                    rust_run.number_after("available_parallelism:")?,
                    "",
                )
                .bounded(Bound::Exactly(limit.floor().max(1.0).min(n))),
                Figure::new(
                    "Go GOMAXPROCS, module says go 1.25",
                    go_run.number_after("GOMAXPROCS:")?,
                    "",
                )
                .bounded(Bound::Exactly(limit.ceil().max(2.0).min(n))),
                Figure::new(
                    "Go GOMAXPROCS, module says go 1.25, pinned to one CPU",
                    pinned_run.number_after("GOMAXPROCS:")?,
                    "",
                )
                .bounded(Bound::Exactly(1.0)),
                Figure::new(
                    "Go GOMAXPROCS, module says go 1.24",
                    old_run.number_after("GOMAXPROCS:")?,
                    "",
                )
                .bounded(Bound::Exactly(n)),
                // With two CPUs or fewer, Go's rounded-up limit (at least 2)
                // is no lower than the CPU count: the limit cannot show.
                Figure::new(
                    "CPUs enough for the limit to lower Go's default (1 = yes)",
                    yes(limit.ceil().max(2.0) < n),
                    "",
                ),
            ]))
        })
    })
}
