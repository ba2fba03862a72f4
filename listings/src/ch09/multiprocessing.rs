//! Listings 9-1 to 9-4 are Python programs, in `listings/python/ch09`; the
//! checks here run them with the `python3` the machine has and read what
//! they print.

use std::io;
use std::time::Duration;

use listings::ch08::python_threads::numbers_on;
use listings::claims::{Bound, Claim, Figure, ParallelTrials, Verdict};
use listings::measure;
use listings::toolchain::{self, Language, Program, Run, Source, Toolchain};

pub const OVERLAP_PY: Source = Source {
    name: "overlap.py",
    text: include_str!("../../python/ch09/overlap.py"),
};
pub const SHARED_VALUE_PY: Source = Source {
    name: "shared_value.py",
    text: include_str!("../../python/ch09/shared_value.py"),
};
pub const START_METHODS_PY: Source = Source {
    name: "start_methods.py",
    text: include_str!("../../python/ch09/start_methods.py"),
};
pub const START_COST_PY: Source = Source {
    name: "start_cost.py",
    text: include_str!("../../python/ch09/start_cost.py"),
};

/// No listing of this chapter takes more than a second or two.
const LIMIT: Duration = Duration::from_secs(30);

// ANCHOR: run
/// Runs a Python listing once; fails unless it exits successfully.
pub fn run_python(python: &Toolchain, source: &Source) -> io::Result<Run> {
    run_with(&python.build(source, &[])?, &[])
}

/// Runs a built listing once with `args`; fails unless it exits successfully.
pub fn run_with(program: &Program, args: &[&str]) -> io::Result<Run> {
    program.run(args, LIMIT)?.success()
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

/// The ratio of CPU time to wall time that shows two workers overlapping.
const OVERLAPPING: f64 = 1.1;

fn check_overlap() -> io::Result<Verdict> {
    if let Some(not_applicable) = Verdict::unless_cpus(2)? {
        return Ok(not_applicable);
    }
    toolchain::with(Language::Python, |python| {
        let listing = python.build(&OVERLAP_PY, &[])?;
        // Each trial runs Listing 9-1 once, read with the machine's load; the
        // workers' CPU time comes from their own clocks. The control is the
        // threads of the same trials, the same loop under one GIL.
        let trials = 5;
        let mut processes = ParallelTrials {
            threshold: OVERLAPPING,
            tries: trials,
            best: 0.0,
            quiet_trials: 0,
            least_busy: f64::INFINITY,
        };
        let mut threads = processes.clone();
        let mut workers = f64::NAN;
        for _ in 0..trials {
            let (run, load) = measure::load_during(|| run_with(&listing, &[]))?;
            let run = run?;
            workers = numbers_on(&run, " processes:")?[0];
            for (seen, kind) in [(&mut processes, " processes:"), (&mut threads, " threads:")] {
                let ratio = *numbers_on(&run, kind)?.last().unwrap_or(&f64::NAN);
                seen.best = seen.best.max(ratio);
                seen.least_busy = seen.least_busy.min(load.others_cores());
                seen.quiet_trials += usize::from(load.two_cores_free());
            }
            // Enough once the processes overlapped and a trial had two
            // cores free, in which the threads' ratio decides.
            if processes.best > OVERLAPPING && processes.quiet_trials > 0 {
                break;
            }
        }
        Ok(processes
            .verdict(vec![])
            .with_parameter("processes", workers)
            .against(
                "threads instead, in the same trials",
                threads.verdict(vec![]),
            ))
    })
}
// ANCHOR_END: overlap

/// Listing 9-2's figures: what each child counted in its own global, the
/// parent's global, and the runs whose shared value ended at the total.
fn shared_value_figures(run: &Run) -> io::Result<(Vec<Figure>, f64)> {
    let [children, times, runs] = numbers_on(run, "increments each")?[..] else {
        return Err(io::Error::other(format!("unexpected: {}", run.stdout)));
    };
    let in_children = run.numbers_after("counter in each child:")?;
    let reached = in_children.iter().filter(|&&c| c == times).count();
    let values = run.numbers_after("shared value in each run:")?;
    let total = children * times;
    let exact = values.iter().filter(|&&v| v == total).count();
    let figures = vec![
        Figure::new(
            format!(
                "children whose own counter reached {times}, of {children} in each of {runs} runs"
            ),
            reached as f64,
            "",
        )
        .bounded(Bound::Exactly(children * runs)),
        Figure::new(
            "counter in the parent",
            run.number_after("counter in the parent:")?,
            "",
        )
        .bounded(Bound::Exactly(0.0)),
        Figure::new(
            format!("runs of {runs} whose shared value ended at {total}"),
            exact as f64,
            "",
        )
        .bounded(Bound::Exactly(runs)),
        Figure::new(
            "lowest shared value",
            values.iter().copied().fold(f64::INFINITY, f64::min),
            "",
        ),
    ];
    Ok((figures, children))
}

pub const SHARED_VALUE: Claim = Claim {
    id: "child-global-stays-value-shared",
    statement: "A global variable that two multiprocessing children each increase 20,000 \
                times is still 0 in the parent, while an mp.Value that they increase under \
                its lock ends at exactly 40,000, in every one of five runs.",
    check: check_shared_value,
};

fn check_shared_value() -> io::Result<Verdict> {
    toolchain::with(Language::Python, |python| {
        let listing = python.build(&SHARED_VALUE_PY, &[])?;
        let (figures, children) = shared_value_figures(&run_with(&listing, &[])?)?;
        // The control: the same children changing the mp.Value without its
        // lock. They start together behind a barrier, so that on two free
        // cores they overlap; on one core they overlap only when the kernel
        // switches between them at the wrong moment, so a control that lost
        // nothing there decides nothing.
        let (run, load) = measure::load_during(|| run_with(&listing, &["no-lock"]))?;
        let (without, _) = shared_value_figures(&run?)?;
        let control = if without.iter().all(Figure::within_bound) && !load.two_cores_free() {
            Verdict::not_applicable(
                format!(
                    "without the lock no update was lost, but two cores were never free \
                     (other work kept {:.2} cores busy), so the children seldom overlapped",
                    load.others_cores()
                ),
                without,
            )
        } else {
            Verdict::from_figures(without)
        };
        Ok(Verdict::from_figures(figures)
            .with_parameter("children", children)
            .against("without the lock", control))
    })
}

pub const DEFAULT_METHOD: Claim = Claim {
    id: "default-start-method-by-version",
    statement: "On Linux, the default start method of multiprocessing is fork before Python \
                3.14 and forkserver from Python 3.14 on, and the Python present follows the \
                rule for its version.",
    check: check_default_method,
};

/// The first Python 3 whose default start method on Linux is forkserver.
const FORKSERVER_FROM: [u32; 2] = [3, 14];

/// Whether the start method that `run` of Listing 9-3 printed is the default
/// that `python`'s version should have on Linux.
fn method_figures(python: &Toolchain, run: &Run) -> io::Result<(Vec<Figure>, String)> {
    let method = run.text_after("start method:")?;
    let minor = python.version_numbers().get(1).copied().unwrap_or(0);
    let expected = if python.at_least(&FORKSERVER_FROM) {
        "forkserver"
    } else {
        "fork"
    };
    let figures = vec![
        Figure::yes_no(
            format!("start method is {expected}, as the version requires (1 = yes)"),
            method == expected,
        )
        .bounded(Bound::Exactly(1.0)),
        Figure::new("minor version of Python 3", f64::from(minor), ""),
    ];
    Ok((figures, method.to_owned()))
}

fn check_default_method() -> io::Result<Verdict> {
    toolchain::with(Language::Python, |python| {
        let listing = python.build(&START_METHODS_PY, &[])?;
        let run = run_with(&listing, &[])?;
        let platform = run.text_after("Python")?;
        if !platform.ends_with("on linux") {
            return Ok(Verdict::not_applicable(
                format!("the rule is for Linux; this is Python {platform}"),
                vec![],
            ));
        }
        let (figures, method) = method_figures(python, &run)?;
        // The control: the same listing, with the other start method set
        // by the program; the same check must tell it from the default.
        let other = if python.at_least(&FORKSERVER_FROM) {
            "fork"
        } else {
            "forkserver"
        };
        let (control, _) = method_figures(python, &run_with(&listing, &[other])?)?;
        let [major, minor] = FORKSERVER_FROM;
        let from: f64 = format!("{major}.{minor}")
            .parse()
            .map_err(io::Error::other)?;
        Ok(Verdict::from_figures(figures)
            .with_note(format!("default start method: {method}"))
            .with_parameter("the first version whose default is forkserver", from)
            .against(
                format!("with mp.set_start_method(\"{other}\")"),
                Verdict::from_figures(control),
            ))
    })
}

pub const INHERITED: Claim = Claim {
    id: "runtime-global-reaches-fork-only",
    statement: "A global that the parent sets at run time reaches a child started with fork, \
                but not a child started with spawn or forkserver, which imports the program \
                afresh.",
    check: check_inherited,
};

/// Whether each child of Listing 9-3 saw the parent's value of the global:
/// only the fork child must.
fn inherited_figures(run: &Run) -> io::Result<Vec<Figure>> {
    let parents = run.text_after("the parent's global:")?;
    let mut figures = Vec::new();
    for (method, inherits) in [("fork", 1.0), ("spawn", 0.0), ("forkserver", 0.0)] {
        let seen = run.text_after(&format!("{method}:"))?;
        figures.push(
            Figure::yes_no(
                format!("{method} child sees the parent's value (1 = yes)"),
                seen.ends_with(parents),
            )
            .bounded(Bound::Exactly(inherits)),
        );
    }
    Ok(figures)
}

fn check_inherited() -> io::Result<Verdict> {
    toolchain::with(Language::Python, |python| {
        let listing = python.build(&START_METHODS_PY, &[])?;
        let figures = inherited_figures(&run_with(&listing, &[])?)?;
        // The control: the parent leaves the global as imported, so no
        // value is set at run time; then every child sees the parent's.
        let control = inherited_figures(&run_with(&listing, &["unchanged"])?)?;
        Ok(Verdict::from_figures(figures).against(
            "the global left as imported",
            Verdict::from_figures(control),
        ))
    })
}

pub const START_COST: Claim = Claim {
    id: "python-process-start-costs-more",
    statement: "Starting a multiprocessing.Process that does nothing and joining it takes at \
                least five times as long as starting and joining a threading.Thread that does \
                nothing.",
    check: check_start_cost,
};

/// Listing 9-4's figures: the time per start of the first kind of worker
/// (processes, or threads in the control) and of threads, and their ratio.
fn start_cost_figures(run: &Run) -> io::Result<Vec<Figure>> {
    let [rounds, workers] = numbers_on(run, "rounds of")?[..] else {
        return Err(io::Error::other(format!("unexpected: {}", run.stdout)));
    };
    let times: Vec<(&str, f64)> = run
        .stdout
        .lines()
        .filter_map(|line| line.split_once(':'))
        .filter(|(_, rest)| rest.contains("µs per start"))
        .map(|(name, rest)| (name, rest.split_whitespace().next().unwrap_or("")))
        .map(|(name, number)| (name, number.parse().unwrap_or(f64::NAN)))
        .collect();
    let [(first, first_time), (_, thread)] = times[..] else {
        return Err(io::Error::other(format!("unexpected: {}", run.stdout)));
    };
    let best = format!("best of {rounds} rounds of {workers}");
    Ok(vec![
        Figure::new(format!("{first} start and join, {best}"), first_time, "µs"),
        Figure::new(format!("thread start and join, {best}"), thread, "µs"),
        Figure::new(format!("{first} / thread"), first_time / thread, "")
            .bounded(Bound::AtLeast(5.0)),
    ])
}

fn check_start_cost() -> io::Result<Verdict> {
    toolchain::with(Language::Python, |python| {
        let listing = python.build(&START_COST_PY, &[])?;
        let figures = start_cost_figures(&run_with(&listing, &[])?)?;
        // The control: threads in place of the processes, the same bound.
        let control = start_cost_figures(&run_with(&listing, &["threads-only"])?)?;
        Ok(Verdict::from_figures(figures).against(
            "threads in place of the processes",
            Verdict::from_figures(control),
        ))
    })
}
