//! Listings 8-1 to 8-4 are Python programs, in `listings/python/ch08`; the
//! checks here run them with the `python3` the machine has and read what
//! they print.

use std::io;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, ParallelTrials, Verdict};
use listings::toolchain::{self, Language, Run, Source, Toolchain};

pub const OVERLAP_PY: Source = Source {
    name: "overlap.py",
    text: include_str!("../../python/ch08/overlap.py"),
};
pub const SHARED_VALUE_PY: Source = Source {
    name: "shared_value.py",
    text: include_str!("../../python/ch08/shared_value.py"),
};
pub const START_METHODS_PY: Source = Source {
    name: "start_methods.py",
    text: include_str!("../../python/ch08/start_methods.py"),
};
pub const START_COST_PY: Source = Source {
    name: "start_cost.py",
    text: include_str!("../../python/ch08/start_cost.py"),
};

/// No listing of this chapter takes more than a second or two.
const LIMIT: Duration = Duration::from_secs(30);

// ANCHOR: run
/// Runs a Python listing once; fails unless it exits successfully.
pub fn run_python(python: &Toolchain, source: &Source) -> io::Result<Run> {
    python.build(source, &[])?.run(&[], LIMIT)?.success()
}
// ANCHOR_END: run

// ANCHOR: overlap
pub const OVERLAP: Claim = Claim {
    id: "python-processes-overlap",
    statement: "Two Python processes that each run the same CPU-bound pure-Python loop run \
                at the same time when two cores are free: together they use more than 1.1 \
                seconds of CPU time per second of wall time.",
    check: check_overlap,
};

fn check_overlap() -> io::Result<Verdict> {
    if let Some(not_applicable) = Verdict::unless_cpus(2)? {
        return Ok(not_applicable);
    }
    toolchain::with(Language::Python, |python| {
        let mut threads: f64 = 0.0;
        // Each trial runs Listing 8-1 once, read with the machine's load; the
        // workers' CPU time comes from their own clocks.
        let trials = ParallelTrials::run(1.1, 5, || {
            let run = run_python(python, &OVERLAP_PY)?;
            threads = threads.max(run.number_after("threads:")?);
            run.number_after("processes:")
        })?;
        let threads = Figure::new("two threads instead, best of the same trials", threads, "");
        Ok(trials.verdict(vec![threads]))
    })
}
// ANCHOR_END: overlap

pub const SHARED_VALUE: Claim = Claim {
    id: "child-global-stays-value-shared",
    statement: "A global variable that two multiprocessing children each increase 1,000 times \
                is still 0 in the parent, while an mp.Value that they increase under its lock \
                ends at exactly 2,000.",
    check: check_shared_value,
};

fn check_shared_value() -> io::Result<Verdict> {
    toolchain::with(Language::Python, |python| {
        let run = run_python(python, &SHARED_VALUE_PY)?;
        let in_children = run.numbers_after("counter in each child:")?;
        let reached = in_children.iter().filter(|&&c| c == 1000.0).count();
        Ok(Verdict::from_figures(vec![
            Figure::new(
                "children whose own counter reached 1000",
                reached as f64,
                "",
            )
            .bounded(Bound::Exactly(2.0)),
            Figure::new(
                "counter in the parent",
                run.number_after("counter in the parent:")?,
                "",
            )
            .bounded(Bound::Exactly(0.0)),
            Figure::new("shared value", run.number_after("shared value:")?, "")
                .bounded(Bound::Exactly(2000.0)),
        ]))
    })
}

pub const DEFAULT_METHOD: Claim = Claim {
    id: "default-start-method-by-version",
    statement: "On Linux, the default start method of multiprocessing is fork before Python \
                3.14 and forkserver from Python 3.14 on, and the Python present follows the \
                rule for its version.",
    check: check_default_method,
};

fn check_default_method() -> io::Result<Verdict> {
    toolchain::with(Language::Python, |python| {
        let run = run_python(python, &START_METHODS_PY)?;
        let platform = run.text_after("Python")?;
        let method = run.text_after("default start method:")?;
        let minor = python.version_numbers().get(1).copied().unwrap_or(0);
        let minor = Figure::new("minor version of Python 3", f64::from(minor), "");
        if !platform.ends_with("on linux") {
            return Ok(Verdict::not_applicable(
                format!("the rule is for Linux; this is Python {platform}"),
                vec![minor],
            ));
        }
        let expected = if python.at_least(&[3, 14]) {
            "forkserver"
        } else {
            "fork"
        };
        Ok(Verdict::from_figures(vec![
            Figure::new(
                format!("default is {expected}, as the version requires (1 = yes)"),
                f64::from(u8::from(method == expected)),
                "",
            )
            .bounded(Bound::Exactly(1.0)),
            minor,
        ])
        .with_note(format!("default start method: {method}")))
    })
}

pub const INHERITED: Claim = Claim {
    id: "runtime-global-reaches-fork-only",
    statement: "A global that the parent sets at run time reaches a child started with fork, \
                but not a child started with spawn or forkserver, which imports the program \
                afresh.",
    check: check_inherited,
};

fn check_inherited() -> io::Result<Verdict> {
    toolchain::with(Language::Python, |python| {
        let run = run_python(python, &START_METHODS_PY)?;
        let mut figures = Vec::new();
        for (method, inherits) in [("fork", 1.0), ("spawn", 0.0), ("forkserver", 0.0)] {
            let seen = run.text_after(&format!("{method}:"))?;
            let parents = f64::from(u8::from(seen.contains("set by the parent")));
            figures.push(
                Figure::new(
                    format!("{method} child sees the parent's value (1 = yes)"),
                    parents,
                    "",
                )
                .bounded(Bound::Exactly(inherits)),
            );
        }
        Ok(Verdict::from_figures(figures))
    })
}

pub const START_COST: Claim = Claim {
    id: "python-process-start-costs-more",
    statement: "Starting a multiprocessing.Process that does nothing and joining it takes at \
                least five times as long as starting and joining a threading.Thread that does \
                nothing.",
    check: check_start_cost,
};

fn check_start_cost() -> io::Result<Verdict> {
    toolchain::with(Language::Python, |python| {
        let run = run_python(python, &START_COST_PY)?;
        let process = run.number_after("process:")?;
        let thread = run.number_after("thread:")?;
        Ok(Verdict::from_figures(vec![
            Figure::new("process start and join, best of 5 rounds", process, "µs"),
            Figure::new("thread start and join, best of 5 rounds", thread, "µs"),
            Figure::new("process / thread", process / thread, "").bounded(Bound::AtLeast(5.0)),
        ]))
    })
}
