//! The checks that run the Python listings of chapter 7: CPU-bound
//! threads under the GIL, sleeping threads, the switch interval, and hashlib
//! releasing the GIL.

use std::io;
use std::time::Duration;

use listings::ch07::sources::{CPU_THREADS, HANDOVERS, HASH_THREADS, IADD_RACE, SLEEPERS};
use listings::ch10::{python::gil_enabled, runs};
use listings::claims::{Bound, Claim, Figure, ParallelTrials, Verdict};
use listings::toolchain::{self, Language, Run, Source, Toolchain};

const LIMIT: Duration = Duration::from_secs(20);

/// Runs a Python listing with `args` and returns what it printed.
pub fn run(python: &Toolchain, source: &Source, args: &[&str]) -> io::Result<Run> {
    python.build(source, &[])?.run(args, LIMIT)?.success()
}

pub fn main() -> io::Result<()> {
    let python = match Toolchain::find(Language::Python) {
        Ok(python) => python,
        Err(missing) => {
            println!("{}", missing.reason());
            return Ok(());
        }
    };
    println!("{}", python.version);
    print!("{}", run(&python, &CPU_THREADS, &[])?.stdout);
    Ok(())
}

// ANCHOR: cpu_bound
pub const CPU_BOUND: Claim = Claim {
    id: "python-cpu-threads-one-core",
    statement: "Two CPU-bound Python threads keep at most one core busy: on every one of \
                three trials they use at most 1.25 seconds of CPU time per second of wall \
                time.",
    check: check_cpu_bound,
};

fn check_cpu_bound() -> io::Result<Verdict> {
    toolchain::with(Language::Python, |python| {
        let mut worst: f64 = 0.0;
        for _ in 0..3 {
            let run = run(python, &CPU_THREADS, &[])?;
            if !run.stdout.contains("GIL enabled: True") {
                return Ok(Verdict::not_applicable(
                    "this Python runs without the GIL (a free-threaded build)",
                    vec![],
                ));
            }
            // Other work can only lower the ratio, so every trial must stay low.
            worst = worst.max(run.number_after("CPU time / wall time:")?);
        }
        Ok(Verdict::from_figures(vec![
            Figure::new("CPU time / wall time, worst of 3", worst, "").bounded(Bound::AtMost(1.25)),
        ]))
    })
}
// ANCHOR_END: cpu_bound

pub const SLEEPING: Claim = Claim {
    id: "python-sleeping-threads-overlap",
    statement: "Fifty Python threads that each sleep for 0.2 s sleep at the same time: \
                together they take less than 1.0 s of wall time.",
    check: || {
        toolchain::with(Language::Python, |python| {
            // A busy machine can only make a run slower: keep the best of three.
            let mut best = f64::INFINITY;
            for _ in 0..3 {
                let run = run(python, &SLEEPERS, &[])?;
                best = best.min(run.number_after("50 threads slept 0.2 s each; wall time:")?);
            }
            Ok(Verdict::from_figures(vec![
                Figure::new("wall time, best of 3", best, "s").bounded(Bound::Below(1.0)),
                Figure::new("the same naps one after another", 50.0 * 0.2, "s"),
            ]))
        })
    },
};

pub const SWITCH_INTERVAL: Claim = Claim {
    id: "python-switch-interval-5ms",
    statement: "CPython's switch interval is 5 ms by default, and two CPU-bound threads \
                hand the GIL to each other at most once per switch interval: on average, \
                5 ms or more pass between two hand-overs.",
    check: || {
        toolchain::with(Language::Python, |python| {
            let run = run(python, &HANDOVERS, &[])?;
            if !run.stdout.contains("GIL enabled: True") {
                return Ok(Verdict::not_applicable(
                    "this Python runs without the GIL (a free-threaded build)",
                    vec![],
                ));
            }
            let interval = run.number_after("switch interval:")?;
            let handovers = run.number_after("hand-overs:")?;
            let wall = run.number_after("wall time:")?;
            Ok(Verdict::from_figures(vec![
                Figure::new("sys.getswitchinterval()", interval, "s")
                    .bounded(Bound::Exactly(0.005)),
                Figure::new("hand-overs", handovers, ""),
                Figure::new("mean time between hand-overs", wall / handovers * 1e3, "ms")
                    .bounded(Bound::AtLeast(5.0)),
            ]))
        })
    },
};

pub const HASHLIB: Claim = Claim {
    id: "python-hashlib-threads-overlap",
    statement: "Two Python threads that each hash a 16 MiB buffer with hashlib.sha256 run \
                at the same time when two cores are free, because hashlib releases the GIL \
                while it hashes: together they use more than 1.1 seconds of CPU time per \
                second of wall time.",
    check: || {
        toolchain::with(Language::Python, |python| {
            if let Some(not_applicable) = Verdict::unless_cpus(2)? {
                return Ok(not_applicable);
            }
            let program = python.build(&HASH_THREADS, &[])?;
            let trials = ParallelTrials::run(1.1, 5, || {
                let run = program.run(&[], LIMIT)?.success()?;
                run.number_after("CPU time / wall time:")
            })?;
            Ok(trials.verdict(vec![]))
        })
    },
};

pub const IADD_IN_PYTHON: Claim = Claim {
    id: "python-iadd-in-python-loses-updates",
    statement: "With the GIL, i += 1 on a global whose __iadd__ method is written in \
                Python loses updates: at least one of five runs of the exercise written \
                that way ends away from -1.",
    check: || {
        toolchain::with(Language::Python, |python| {
            if !gil_enabled(python)? {
                return Ok(Verdict::not_applicable(
                    "this Python runs without the GIL, and the claim is about interpreters \
                     with one",
                    Vec::new(),
                ));
            }
            let program = python.build(&IADD_RACE, &[])?;
            runs::loses_updates(&program, 5, false)
        })
    },
};
