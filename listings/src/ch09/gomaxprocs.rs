//! The checks of chapter 9's Go listings: what GOMAXPROCS starts at, what
//! it limits (goroutines running Go code at once) and what it does not
//! (the OS threads of the process).

use std::io;
use std::time::Duration;

use crate::ch02::cores::cgroup_cpu_quota;
use crate::claims::{Bound, Claim, Figure, ParallelTrials, Verdict};
use crate::measure;
use crate::toolchain::{self, Language, Program, Run, Source, run_command};

const PROCS: Source = Source {
    name: "procs.go",
    text: include_str!("../../go/ch09/procs.go"),
};

const SPIN: Source = Source {
    name: "spin.go",
    text: include_str!("../../go/ch09/spin.go"),
};

const BLOCKED: Source = Source {
    name: "blocked.go",
    text: include_str!("../../go/ch09/blocked.go"),
};

const PARKED: Source = Source {
    name: "parked.go",
    text: include_str!("../../go/ch09/parked.go"),
};

const LIMIT: Duration = Duration::from_secs(20);

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
        let plain = run_go(&program, None)?;
        let above = cpus.len() + 1;
        let set = run_go(&program, Some(above))?;
        // The child inherits the affinity of the thread that starts it, and this
        // check's process is its own: pinning its only thread is harmless.
        measure::pin_current_thread(cpus[0])?;
        let pinned = run_go(&program, None)?;
        let n = cpus.len() as f64;
        Ok(Verdict::from_figures(vec![
            Figure::new("CPUs in the affinity mask", n, ""),
            Figure::new("runtime.NumCPU()", plain.number_after("NumCPU")?, "")
                .bounded(Bound::Exactly(n)),
            Figure::new(
                "GOMAXPROCS at start",
                plain.number_after("GOMAXPROCS at")?,
                "",
            )
            .bounded(Bound::Exactly(n)),
            Figure::new(
                format!("GOMAXPROCS at start with GOMAXPROCS={above}"),
                set.number_after("GOMAXPROCS at")?,
                "",
            )
            .bounded(Bound::Exactly(above as f64)),
            Figure::new(
                "runtime.GOMAXPROCS(1) returned",
                set.number_after("runtime.GOMAXPROCS(1)")?,
                "",
            )
            .bounded(Bound::Exactly(above as f64)),
            Figure::new(
                "GOMAXPROCS after it",
                set.number_after("GOMAXPROCS now")?,
                "",
            )
            .bounded(Bound::Exactly(1.0)),
            Figure::new(
                "NumCPU pinned to one CPU",
                pinned.number_after("NumCPU")?,
                "",
            )
            .bounded(Bound::Exactly(1.0)),
            Figure::new(
                "GOMAXPROCS pinned to one CPU",
                pinned.number_after("GOMAXPROCS at")?,
                "",
            )
            .bounded(Bound::Exactly(1.0)),
        ]))
    })
}

pub const TAKE_TURNS: Claim = Claim {
    id: "gomaxprocs-one-goroutines-take-turns",
    statement: "With GOMAXPROCS=1, two goroutines that spin on arithmetic never run at the \
                same time: the process uses at most 1.05 seconds of CPU time per second of \
                wall time while they run, in every one of three trials.",
    check: check_take_turns,
};

fn check_take_turns() -> io::Result<Verdict> {
    toolchain::with(Language::Go, |go| {
        let program = go.build(&SPIN, &[])?;
        let mut worst: f64 = 0.0;
        let mut procs = Vec::new();
        for _ in 0..3 {
            let run = run_go(&program, Some(1))?;
            procs.push(run.number_after("GOMAXPROCS")?);
            worst = worst.max(run.last_line()?);
        }
        // Each trial must have run with GOMAXPROCS 1; the largest value seen.
        let procs = procs.into_iter().fold(0.0, f64::max);
        Ok(Verdict::from_figures(vec![
            Figure::new("GOMAXPROCS", procs, "").bounded(Bound::Exactly(1.0)),
            Figure::new("CPU time / wall time, worst of 3", worst, "").bounded(Bound::AtMost(1.05)),
        ]))
    })
}

pub const OVERLAP: Claim = Claim {
    id: "default-gomaxprocs-goroutines-overlap",
    statement: "With the default GOMAXPROCS, the same two goroutines run at the same time \
                when two cores are free: the process uses more than 1.1 seconds of CPU \
                time per second of wall time while they run.",
    check: check_overlap,
};

fn check_overlap() -> io::Result<Verdict> {
    toolchain::with(Language::Go, |go| {
        if let Some(too_few) = Verdict::unless_cpus(2)? {
            return Ok(too_few);
        }
        let program = go.build(&SPIN, &[])?;
        let mut procs = 0.0;
        let trials = ParallelTrials::run(1.1, 5, || {
            let run = run_go(&program, None)?;
            procs = run.number_after("GOMAXPROCS")?;
            run.last_line()
        })?;
        Ok(trials.verdict(vec![
            Figure::new("GOMAXPROCS", procs, "").bounded(Bound::AtLeast(2.0)),
        ]))
    })
}

pub const THREADS: Claim = Claim {
    id: "go-threads-exceed-gomaxprocs",
    statement: "With GOMAXPROCS=1, a Go program has more than one OS thread from the start, \
                and while four of its goroutines are blocked reading empty pipes it has at \
                least five: one for each blocked goroutine and one more that runs Go code.",
    check: check_threads,
};

fn check_threads() -> io::Result<Verdict> {
    toolchain::with(Language::Go, |go| {
        let program = go.build(&BLOCKED, &[])?;
        let run = run_go(&program, Some(1))?;
        Ok(Verdict::from_figures(vec![
            Figure::new("GOMAXPROCS", run.number_after("GOMAXPROCS")?, "")
                .bounded(Bound::Exactly(1.0)),
            Figure::new(
                "OS threads at start",
                run.number_after("OS threads at")?,
                "",
            )
            .bounded(Bound::Above(1.0)),
            Figure::new(
                "OS threads with four goroutines blocked",
                run.last_line()?,
                "",
            )
            .bounded(Bound::AtLeast(5.0)),
        ]))
    })
}

pub const PARKED_WAITS: Claim = Claim {
    id: "parked-goroutines-hold-no-thread",
    statement: "With GOMAXPROCS=1, eight goroutines that wait the Go way, four reading \
                empty pipes through os.File and four in time.Sleep, add at most one OS \
                thread to the process: the runtime parks them instead of leaving a thread \
                blocked in the kernel for each.",
    check: || {
        toolchain::with(Language::Go, |go| {
            let program = go.build(&PARKED, &[])?;
            let run = run_go(&program, Some(1))?;
            let start = run.number_after("OS threads at")?;
            let during = run.last_line::<f64>()?;
            Ok(Verdict::from_figures(vec![
                Figure::new("GOMAXPROCS", run.number_after("GOMAXPROCS")?, "")
                    .bounded(Bound::Exactly(1.0)),
                Figure::new("OS threads at start", start, ""),
                Figure::new("OS threads with eight goroutines waiting", during, ""),
                Figure::new("more OS threads while they wait", during - start, "")
                    .bounded(Bound::AtMost(1.0)),
            ]))
        })
    },
};
