//! The checks of chapter 10's Go listings: what GOMAXPROCS starts at, what
//! it limits (goroutines running Go code at once) and what it does not
//! (the OS threads of the process).

use std::io;

use crate::ch02::cores::cgroup_cpu_quota;
use crate::claims::{Bound, Claim, Figure, ParallelTrials, SerialTrials, Verdict};
use crate::measure;
use crate::toolchain::{self, Language, Program, Run, Source, run_command};
use listings::run::PROGRAM_LIMIT as LIMIT;

const PROCS: Source = Source {
    name: "procs.go",
    text: include_str!("../../go/ch10/procs.go"),
};

const SPIN: Source = Source {
    name: "spin.go",
    text: include_str!("../../go/ch10/spin.go"),
};

const BLOCKED: Source = Source {
    name: "blocked.go",
    text: include_str!("../../go/ch10/blocked.go"),
};

const PARKED: Source = Source {
    name: "parked.go",
    text: include_str!("../../go/ch10/parked.go"),
};

/// The GOMAXPROCS of the claims "with GOMAXPROCS=1": one P.
const ONE_P: usize = 1;

/// Runs `program` with the environment variable GOMAXPROCS set to `procs`,
/// or without it (the check's own environment has none) for `None`.
fn run_go(program: &Program, procs: Option<usize>) -> io::Result<Run> {
    let mut command = program.command();
    match procs {
        Some(n) => command.env("GOMAXPROCS", n.to_string()),
        None => command.env_remove("GOMAXPROCS"),
    };
    run_command(command, LIMIT)?.success()
}

pub const DEFAULT: Claim = Claim {
    id: "gomaxprocs-starts-at-numcpu",
    statement: "In a Go program without a cgroup CPU limit, GOMAXPROCS starts at \
                runtime.NumCPU(), the number of CPUs in the process's affinity mask; the \
                GOMAXPROCS environment variable overrides it, even above the number of \
                CPUs, and runtime.GOMAXPROCS(n) changes it and returns the previous value.",
    check: check_default,
};

/// What Listing 10-1 printed in the three runs the check judges: one with
/// the variable unset, one with it set above the CPU count, and one pinned
/// to one CPU.
struct ProcsRuns {
    plain: Run,
    set: Run,
    pinned: Run,
}

/// The check of the claim, for runs made with the environment variable
/// as the claim says: unset in `plain` and `pinned`, `GOMAXPROCS={above}`
/// in `set`.
fn judge_default(runs: &ProcsRuns, cpus: usize, above: usize) -> io::Result<Verdict> {
    let n = cpus as f64;
    Ok(Verdict::from_figures(vec![
        Figure::new("CPUs in the affinity mask", n, ""),
        Figure::new("runtime.NumCPU()", runs.plain.number_after("NumCPU")?, "")
            .bounded(Bound::Exactly(n)),
        Figure::new(
            "GOMAXPROCS at start",
            runs.plain.number_after("GOMAXPROCS at")?,
            "",
        )
        .bounded(Bound::Exactly(n)),
        Figure::new(
            format!("GOMAXPROCS at start with GOMAXPROCS={above}"),
            runs.set.number_after("GOMAXPROCS at")?,
            "",
        )
        .bounded(Bound::Exactly(above as f64)),
        Figure::new(
            "runtime.GOMAXPROCS(1) returned",
            runs.set.number_after("runtime.GOMAXPROCS(1)")?,
            "",
        )
        .bounded(Bound::Exactly(above as f64)),
        Figure::new(
            "GOMAXPROCS after it",
            runs.set.number_after("GOMAXPROCS now")?,
            "",
        )
        .bounded(Bound::Exactly(1.0)),
        Figure::new(
            "NumCPU pinned to one CPU",
            runs.pinned.number_after("NumCPU")?,
            "",
        )
        .bounded(Bound::Exactly(1.0)),
        Figure::new(
            "GOMAXPROCS pinned to one CPU",
            runs.pinned.number_after("GOMAXPROCS at")?,
            "",
        )
        .bounded(Bound::Exactly(1.0)),
    ]))
}

fn check_default() -> io::Result<Verdict> {
    toolchain::with(Language::Go, |go| {
        let cpus = measure::allowed_cpus()?;
        if go.at_least(&[1, 25]) && cgroup_cpu_quota().is_some() {
            return Ok(Verdict::not_applicable(
                "from Go 1.25 a cgroup CPU limit lowers the default, and this process has one",
                vec![],
            ));
        }
        let program = go.build(&PROCS, &[])?;
        let above = cpus.len() + 1;
        // The control swaps the variable: set where the claim leaves it
        // unset, unset where the claim sets it. The same check must then
        // find every starting value wrong, on any number of CPUs.
        let plain = run_go(&program, None)?;
        let set = run_go(&program, Some(above))?;
        let swapped_plain = run_go(&program, Some(above))?;
        let swapped_set = run_go(&program, None)?;
        // The child inherits the affinity of the thread that starts it, and this
        // check's process is its own: pinning its only thread is harmless.
        measure::pin_current_thread(cpus[0])?;
        let pinned = run_go(&program, None)?;
        let swapped_pinned = run_go(&program, Some(above))?;
        let claim = ProcsRuns { plain, set, pinned };
        let control = ProcsRuns {
            plain: swapped_plain,
            set: swapped_set,
            pinned: swapped_pinned,
        };
        Ok(judge_default(&claim, cpus.len(), above)?.against(
            format!(
                "the variable swapped: GOMAXPROCS={above} where the claim leaves it unset, \
                 unset where it sets it"
            ),
            judge_default(&control, cpus.len(), above)?,
        ))
    })
}

/// The goroutines of Listing 10-2 (its `goroutines`).
const GOROUTINES: usize = 2;

/// The most CPU time per wall time that goroutines taking turns may use.
const SERIAL_BOUND: f64 = 1.05;
/// The least that goroutines running side by side use.
const PARALLEL_THRESHOLD: f64 = 1.1;
/// Trials of Listing 10-2 in a claim's experiment, and in its control.
const TURNS_TRIALS: usize = 3;
const OVERLAP_TRIALS: usize = 5;
const CONTROL_TRIALS: usize = 3;

/// What the runs of Listing 10-2 printed besides their ratios.
#[derive(Default)]
struct SpinSeen {
    /// The GOMAXPROCS of each run.
    procs: Vec<f64>,
    /// The goroutines of the last run.
    goroutines: f64,
    /// Whether every run's goroutines computed the same result.
    same: bool,
}

/// Runs Listing 10-2 with GOMAXPROCS set to `procs`, or at its default for
/// `None`, and returns its ratio of CPU time to wall time.
fn spin_trial(program: &Program, procs: Option<usize>, seen: &mut SpinSeen) -> io::Result<f64> {
    let run = run_go(program, procs)?;
    seen.procs.push(run.number_after("GOMAXPROCS")?);
    seen.goroutines = run.number_after("goroutines")?;
    seen.same = (seen.procs.len() == 1 || seen.same) && run.text_after("same result:")? == "true";
    run.last_line()
}

/// The figures every spin experiment must show whatever its ratio: that it
/// ran the goroutines it should, to the same result, with the GOMAXPROCS
/// it was given (`procs`; the default is only reported).
fn spin_figures(seen: &SpinSeen, procs: Option<usize>) -> Vec<Figure> {
    let largest = seen.procs.iter().copied().fold(0.0, f64::max);
    let smallest = seen.procs.iter().copied().fold(f64::INFINITY, f64::min);
    let mut figures = vec![
        Figure::new("goroutines", seen.goroutines, "").bounded(Bound::Exactly(GOROUTINES as f64)),
        Figure::yes_no("they computed the same result (1 = yes)", seen.same)
            .bounded(Bound::Exactly(1.0)),
    ];
    figures.push(match procs {
        // Each trial must have run with it: the largest value seen.
        Some(p) => Figure::new("GOMAXPROCS", largest, "").bounded(Bound::Exactly(p as f64)),
        None => Figure::new("GOMAXPROCS (default), smallest seen", smallest, ""),
    });
    figures
}

/// The check of [`TAKE_TURNS`]: no trial of Listing 10-2 with `procs` goes
/// above the serial bound, and one had two cores free.
fn take_turns(program: &Program, procs: Option<usize>, tries: usize) -> io::Result<Verdict> {
    let mut seen = SpinSeen::default();
    let trials = SerialTrials::run(SERIAL_BOUND, tries, || {
        spin_trial(program, procs, &mut seen)
    })?;
    Ok(trials.verdict(spin_figures(&seen, procs)))
}

/// The check of [`OVERLAP`]: a trial of Listing 10-2 with `procs` goes
/// above the parallel threshold, or one with two cores free did not.
fn overlap(program: &Program, procs: Option<usize>, tries: usize) -> io::Result<Verdict> {
    let mut seen = SpinSeen::default();
    let trials = ParallelTrials::run(PARALLEL_THRESHOLD, tries, || {
        spin_trial(program, procs, &mut seen)
    })?;
    Ok(trials.verdict(spin_figures(&seen, procs)))
}

pub const TAKE_TURNS: Claim = Claim {
    id: "gomaxprocs-one-goroutines-take-turns",
    statement: "With GOMAXPROCS=1, two goroutines that spin on arithmetic never run at the \
                same time: the process uses at most 1.05 seconds of CPU time per second of \
                wall time while they run, in every one of three trials.",
    check: || {
        toolchain::with(Language::Go, |go| {
            let program = go.build(&SPIN, &[])?;
            let claim = take_turns(&program, Some(ONE_P), TURNS_TRIALS)?;
            // The control lets the goroutines overlap: it must go above
            // the bound whenever two cores are free.
            let control = take_turns(&program, None, CONTROL_TRIALS)?;
            Ok(claim.against("the default GOMAXPROCS", control))
        })
    },
};

pub const OVERLAP: Claim = Claim {
    id: "default-gomaxprocs-goroutines-overlap",
    statement: "With the default GOMAXPROCS, the same two goroutines run at the same time \
                when two cores are free: the process uses more than 1.1 seconds of CPU \
                time per second of wall time while they run.",
    check: || {
        toolchain::with(Language::Go, |go| {
            if let Some(too_few) = Verdict::unless_cpus(2)? {
                return Ok(too_few);
            }
            let program = go.build(&SPIN, &[])?;
            let claim = overlap(&program, None, OVERLAP_TRIALS)?;
            // The control takes the overlap away: it must stay at or below
            // the threshold in a trial with two cores free.
            let control = overlap(&program, Some(ONE_P), CONTROL_TRIALS)?;
            Ok(claim.against(format!("GOMAXPROCS={ONE_P}"), control))
        })
    },
};

/// The goroutines of Listings 10-3 and 10-4 that read empty pipes (their
/// `readers` and `waiters`), and those of Listing 10-4 that sleep.
const PIPE_READERS: usize = 4;
const SLEEPERS: usize = 4;

/// The OS threads the runtime may add for itself while goroutines park.
const SPARE_THREADS: f64 = 1.0;

/// What Listing 10-3 or 10-4 printed: its GOMAXPROCS, its OS threads at the
/// start and while its goroutines wait, and the numbers of waiting
/// goroutines its last line names ("OS threads with 4 goroutines reading
/// pipes and 4 asleep: 3" names 4 and 4).
struct Waits {
    procs: f64,
    start: f64,
    during: f64,
    waiting: Vec<f64>,
}

fn waits(program: &Program) -> io::Result<Waits> {
    let run = run_go(program, Some(ONE_P))?;
    let label = run.text_after("OS threads with")?;
    let names = label.rsplit_once(':').map_or(label, |(names, _)| names);
    Ok(Waits {
        procs: run.number_after("GOMAXPROCS")?,
        start: run.number_after("OS threads at")?,
        during: run.last_line()?,
        waiting: names
            .split_whitespace()
            .filter_map(|word| word.parse().ok())
            .collect(),
    })
}

/// The figures both thread checks start with: GOMAXPROCS, and how many
/// goroutines read pipes and how many slept (`sleepers` expected).
fn wait_figures(waits: &Waits, sleepers: usize) -> Vec<Figure> {
    let count = |i: usize| waits.waiting.get(i).copied().unwrap_or(0.0);
    vec![
        Figure::new("GOMAXPROCS", waits.procs, "").bounded(Bound::Exactly(ONE_P as f64)),
        Figure::new("goroutines reading pipes", count(0), "")
            .bounded(Bound::Exactly(PIPE_READERS as f64)),
        Figure::new("goroutines asleep", count(1), "").bounded(Bound::Exactly(sleepers as f64)),
    ]
}

/// The check of [`THREADS`], for a program whose pipe readers wait and
/// `sleepers` goroutines sleep: at least one OS thread more than the
/// readers while they wait.
fn judge_threads(waits: &Waits, sleepers: usize) -> Verdict {
    let mut figures = wait_figures(waits, sleepers);
    figures.extend([
        Figure::new("OS threads at start", waits.start, "").bounded(Bound::Above(1.0)),
        Figure::new("OS threads while they wait", waits.during, "")
            .bounded(Bound::AtLeast(PIPE_READERS as f64 + 1.0)),
    ]);
    Verdict::from_figures(figures)
}

/// The check of [`PARKED_WAITS`]: at most a spare OS thread more while the
/// goroutines wait.
fn judge_parked(waits: &Waits, sleepers: usize) -> Verdict {
    let mut figures = wait_figures(waits, sleepers);
    figures.extend([
        Figure::new("OS threads at start", waits.start, ""),
        Figure::new(
            format!(
                "OS threads while {} goroutines wait",
                PIPE_READERS + sleepers
            ),
            waits.during,
            "",
        ),
        Figure::new(
            "more OS threads while they wait",
            waits.during - waits.start,
            "",
        )
        .bounded(Bound::AtMost(SPARE_THREADS)),
    ]);
    Verdict::from_figures(figures)
}

pub const THREADS: Claim = Claim {
    id: "go-threads-exceed-gomaxprocs",
    statement: "With GOMAXPROCS=1, a Go program has more than one OS thread from the start, \
                and while four of its goroutines are blocked reading empty pipes it has at \
                least five: one for each blocked goroutine and one more that runs Go code.",
    check: || {
        toolchain::with(Language::Go, |go| {
            let blocked = waits(&go.build(&BLOCKED, &[])?)?;
            // The control reads the same number of pipes the Go way, through
            // os.File (Listing 10-4, whose sleepers can only add threads).
            let parked = waits(&go.build(&PARKED, &[])?)?;
            Ok(judge_threads(&blocked, 0).against(
                format!(
                    "the pipes read through os.File, beside {SLEEPERS} goroutines in time.Sleep"
                ),
                judge_threads(&parked, SLEEPERS),
            ))
        })
    },
};

pub const PARKED_WAITS: Claim = Claim {
    id: "parked-goroutines-hold-no-thread",
    statement: "With GOMAXPROCS=1, eight goroutines that wait the Go way, four reading \
                empty pipes through os.File and four in time.Sleep, add at most one OS \
                thread to the process: the runtime parks them instead of leaving a thread \
                blocked in the kernel for each.",
    check: || {
        toolchain::with(Language::Go, |go| {
            let parked = waits(&go.build(&PARKED, &[])?)?;
            // The control reads the same pipes with syscall.Read (Listing
            // 9-3), which blocks in the kernel, and has no sleepers, which
            // could only add threads.
            let blocked = waits(&go.build(&BLOCKED, &[])?)?;
            Ok(judge_parked(&parked, SLEEPERS).against(
                "the pipes read with syscall.Read, without the sleepers",
                judge_parked(&blocked, 0),
            ))
        })
    },
};
