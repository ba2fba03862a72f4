//! The checks that run the Python listings of chapter 8: CPU-bound
//! threads under the GIL, sleeping threads, the switch interval, and hashlib
//! releasing the GIL.

use std::io;
use std::time::{Duration, Instant};

use listings::ch08::sources::{CPU_THREADS, HANDOVERS, HASH_THREADS, IADD_RACE, SLEEPERS};
use listings::ch11::{python::RACE, python::gil_enabled, runs};
use listings::claims::{Bound, Claim, Figure, ParallelTrials, SerialTrials, Series, Verdict};
use listings::run::PROGRAM_LIMIT as LIMIT;
use listings::toolchain::{self, Language, Program, Run, Source, Toolchain};

/// Runs a Python listing with `args` and returns what it printed.
pub fn run(python: &Toolchain, source: &Source, args: &[&str]) -> io::Result<Run> {
    python.build(source, &[])?.run(args, LIMIT)?.success()
}

/// The numbers on the first line that `run` printed containing `text`, in
/// order: "2 threads: 0.408 s, 0.405 s of CPU time" gives 2, 0.408 and
/// 0.405. The listings print how many threads they started this way, so
/// that the checks know the numbers the experiment really used.
pub fn numbers_on(run: &Run, text: &str) -> io::Result<Vec<f64>> {
    let line = run.stdout.lines().find(|line| line.contains(text));
    let numbers: Vec<f64> = line
        .into_iter()
        .flat_map(|line| line.split(|c: char| c.is_whitespace() || ",:;[]()=".contains(c)))
        .filter_map(|word| word.parse().ok())
        .collect();
    if numbers.is_empty() {
        return Err(io::Error::other(format!(
            "expected a line with numbers and {text:?}, the program printed:\n{}{}",
            run.stdout, run.stderr
        )));
    }
    Ok(numbers)
}

/// Why a control that needs the GIL cannot run on this interpreter.
const NO_GIL: &str = "this Python runs without the GIL (a free-threaded build)";

pub fn main() -> io::Result<()> {
    let python = match Toolchain::find(Language::Python) {
        Ok(python) => python,
        Err(missing) => {
            println!("{}", missing.reason());
            return Ok(());
        }
    };
    println!("{}", python.version);
    let listing = run(&python, &CPU_THREADS, &[])?;
    print!("{}", listing.stdout);
    // Other work can only lower the ratio; with the GIL it stays near 1.
    let ratio = listing.number_after("CPU time / wall time:")?;
    if listing.stdout.contains("GIL enabled: True") {
        assert!(ratio <= ONE_CORE, "two threads kept {ratio} cores busy");
    }
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

/// The most CPU time per second of wall time that threads taking turns on
/// one core may show, give or take the clocks.
const ONE_CORE: f64 = 1.25;
const TRIALS: usize = 3;

/// What each thread of Listing 8-1 counts down from in the check: less than
/// the listing's ten million, and still dozens of switch intervals long.
const COUNT: &str = "3000000";

fn check_cpu_bound() -> io::Result<Verdict> {
    toolchain::with(Language::Python, |python| {
        if !gil_enabled(python)? {
            return Ok(Verdict::not_applicable(NO_GIL, vec![]));
        }
        // A trial above the bound refutes the claim whatever the load; one
        // below it counts only if two cores were free (SerialTrials).
        let listing = python.build(&CPU_THREADS, &[])?;
        let mut threads = 0.0;
        let trials = SerialTrials::run(ONE_CORE, TRIALS, || {
            let run = listing.run(&[COUNT], LIMIT)?.success()?;
            threads = numbers_on(&run, " threads:")?[0];
            run.number_after("CPU time / wall time:")
        })?;
        // The control: two threads that hash with hashlib (Listing 8-4),
        // which lets go of the GIL, judged by the same bound.
        let hashing = python.build(&HASH_THREADS, &[])?;
        let control = SerialTrials::run(ONE_CORE, 2, || {
            let run = hashing.run(&[], LIMIT)?.success()?;
            run.number_after("CPU time / wall time:")
        })?;
        Ok(trials
            .verdict(vec![])
            .with_parameter("threads", threads)
            .with_parameter(
                "count each thread counts down from",
                COUNT.parse().unwrap_or(f64::NAN),
            )
            .against(
                "threads hashing with hashlib, which releases the GIL",
                control.verdict(vec![]),
            ))
    })
}
// ANCHOR_END: cpu_bound

/// Listing 8-3's naps: up to `runs` runs of `program` with `args`, each
/// stopped after `limit`, and no more once one took less than [`TOGETHER`]
/// (a busy machine can only make a run slower, so a later run could not
/// change the verdict). Returns the shortest wall time (a stopped run
/// counts as the time it ran, a lower bound on its wall time), whether a
/// run was stopped, and the threads and the nap of each, as the listing
/// printed them.
fn naps(program: &Program, args: &[&str], runs: usize, limit: Duration) -> io::Result<Naps> {
    let mut naps = Naps {
        best: f64::INFINITY,
        stopped: false,
        threads: f64::NAN,
        nap: f64::NAN,
    };
    for _ in 0..runs {
        let start = Instant::now();
        match program.run(args, limit) {
            Err(e) if e.kind() == io::ErrorKind::TimedOut => {
                naps.stopped = true;
                naps.best = naps.best.min(start.elapsed().as_secs_f64());
            }
            run => {
                let run = run?.success()?;
                let printed = numbers_on(&run, " threads slept")?;
                let [threads, nap, wall] = printed[..] else {
                    return Err(io::Error::other(format!("unexpected: {}", run.stdout)));
                };
                (naps.threads, naps.nap) = (threads, nap);
                naps.best = naps.best.min(wall);
            }
        }
        if naps.best < TOGETHER {
            break;
        }
    }
    Ok(naps)
}

struct Naps {
    best: f64,
    stopped: bool,
    threads: f64,
    nap: f64,
}

/// The sleeping threads must take less than this many seconds.
const TOGETHER: f64 = 1.0;

pub const SLEEPING: Claim = Claim {
    id: "python-sleeping-threads-overlap",
    statement: "Fifty Python threads that each sleep for 0.2 s sleep at the same time: \
                together they take less than 1.0 s of wall time.",
    check: || {
        toolchain::with(Language::Python, |python| {
            let program = python.build(&SLEEPERS, &[])?;
            // A busy machine can only make a run slower: keep the best of up to three.
            let runs = 3;
            let slept = naps(&program, &[], runs, LIMIT)?;
            let claim = Verdict::from_figures(vec![
                Figure::new(format!("wall time, best of up to {runs}"), slept.best, "s")
                    .bounded(Bound::Below(TOGETHER)),
                Figure::new(
                    "the same naps one after another",
                    slept.threads * slept.nap,
                    "s",
                ),
            ])
            .with_parameter("threads", slept.threads)
            .with_parameter("seconds each sleeps", slept.nap);
            // The control: the same threads sleeping in C code that keeps
            // the GIL. They take turns, so the run is stopped well before
            // its ten seconds.
            let control = if gil_enabled(python)? {
                // Stopped a little after the bound: a lower bound above it
                // refutes as surely as the whole run would.
                let limit = Duration::from_secs_f64(TOGETHER + 0.25);
                let held = naps(&program, &["hold-gil"], 1, limit)?;
                let name = if held.stopped {
                    "wall time (a lower bound: stopped at the time limit)"
                } else {
                    "wall time"
                };
                Verdict::from_figures(vec![
                    Figure::new(name, held.best, "s").bounded(Bound::Below(TOGETHER)),
                ])
            } else {
                Verdict::not_applicable(format!("{NO_GIL}: no GIL for a sleep to keep"), vec![])
            };
            Ok(claim.against("sleeping with the GIL held (ctypes.PyDLL)", control))
        })
    },
};

/// CPython's default switch interval, in milliseconds.
const SWITCH_INTERVAL_MS: f64 = 5.0;

/// The figures of one run of Listing 8-2: the switch interval, and how
/// often the GIL changed hands.
fn handover_figures(run: &Run) -> io::Result<(Vec<Figure>, f64)> {
    let interval = run.number_after("switch interval:")? * 1e3;
    let [threads, handovers] = numbers_on(run, "hand-overs between")?[..] else {
        return Err(io::Error::other(format!("unexpected: {}", run.stdout)));
    };
    let wall = run.number_after("wall time:")? * 1e3;
    let figures = vec![
        Figure::new("sys.getswitchinterval()", interval, "ms")
            .bounded(Bound::Exactly(SWITCH_INTERVAL_MS)),
        Figure::new("hand-overs", handovers, ""),
        Figure::new(
            "hand-overs per switch interval",
            handovers * interval / wall,
            "",
        )
        .bounded(Bound::AtMost(1.0)),
        Figure::new("mean time between hand-overs", wall / handovers, "ms")
            .bounded(Bound::AtLeast(SWITCH_INTERVAL_MS)),
    ];
    Ok((figures, threads))
}

/// The first turns that Listing 8-2 printed, for the book's figure: when
/// each thread took the GIL, in ms from the start, and which thread.
fn turns(run: &Run) -> io::Result<Series> {
    let line = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("first turns (ms/thread):"));
    let points = line
        .into_iter()
        .flat_map(str::split_whitespace)
        .map(|turn| {
            let parsed = turn
                .split_once('/')
                .and_then(|(t, name)| Some((t.parse().ok()?, name.parse().ok()?)));
            parsed
                .ok_or_else(|| io::Error::other(format!("not a turn: {turn:?} in {}", run.stdout)))
        });
    Ok(Series::new(
        "turns",
        "ms",
        "thread",
        points.collect::<io::Result<Vec<_>>>()?,
    ))
}

pub const SWITCH_INTERVAL: Claim = Claim {
    id: "python-switch-interval-5ms",
    statement: "CPython's switch interval is 5 ms by default, and two CPU-bound threads \
                hand the GIL to each other at most once per switch interval: on average, \
                5 ms or more pass between two hand-overs.",
    check: || {
        toolchain::with(Language::Python, |python| {
            if !gil_enabled(python)? {
                return Ok(Verdict::not_applicable(NO_GIL, vec![]));
            }
            let listing = run(python, &HANDOVERS, &[])?;
            let (figures, threads) = handover_figures(&listing)?;
            // The control: the same threads, each letting go of the GIL on
            // every turn of its loop with time.sleep(0).
            let (control, _) = handover_figures(&run(python, &HANDOVERS, &["yield"])?)?;
            Ok(Verdict::from_figures(figures)
                .with_parameter("threads", threads)
                .with_series(turns(&listing)?)
                .against(
                    "threads that call time.sleep(0) on every turn",
                    Verdict::from_figures(control),
                ))
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
            let (mut threads, mut mib) = (f64::NAN, f64::NAN);
            let trials = ParallelTrials::run(1.1, 5, || {
                let run = program.run(&[], LIMIT)?.success()?;
                let printed = numbers_on(&run, " MiB each")?;
                (threads, mib) = (printed[0], printed.get(1).copied().unwrap_or(f64::NAN));
                run.number_after("CPU time / wall time:")
            })?;
            // The control: the same two threads doing pure-Python work
            // (Listing 8-1), which holds the GIL, judged by the same check.
            let control = if gil_enabled(python)? {
                let counting = python.build(&CPU_THREADS, &[])?;
                let trials = ParallelTrials::run(1.1, 2, || {
                    let run = counting.run(&[COUNT], LIMIT)?.success()?;
                    run.number_after("CPU time / wall time:")
                })?;
                trials.verdict(vec![])
            } else {
                Verdict::not_applicable(
                    format!("{NO_GIL}, in which pure-Python threads overlap too"),
                    vec![],
                )
            };
            Ok(trials
                .verdict(vec![])
                .with_parameter("threads", threads)
                .with_parameter("MiB per buffer", mib)
                .against("pure-Python threads, which hold the GIL", control))
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
            let runs = 5;
            let claim = runs::loses_updates(&python.build(&IADD_RACE, &[])?, runs, true)?;
            // The control: chapter 11's Listing 11-10, the same loops on a
            // plain int, whose += runs no Python code.
            let control = if python.at_least(&[3, 10]) {
                runs::loses_updates(&python.build(&RACE, &[])?, runs, true)?
            } else {
                Verdict::not_applicable(
                    "before Python 3.10 a plain int's += loses updates too, so it is no control",
                    Vec::new(),
                )
            };
            Ok(claim.against("a plain int, whose += runs no Python code", control))
        })
    },
};
