//! The checks of Listings 6-1, 6-2, 6-4 and 6-5: what `pthread_create`,
//! `threading.Thread` and `go` create, measured by programs in C, Python
//! and Go that count their own OS threads. The chapter shows those
//! programs; this module only builds and runs them.

use std::io;
use std::process::Command;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::toolchain::{self, Language, Source, run_command};

pub const PTHREADS: Source = Source {
    name: "pthreads.c",
    text: include_str!("../../c/ch06/pthreads.c"),
};

pub const THREADS: Source = Source {
    name: "threads.py",
    text: include_str!("../../python/ch06/threads.py"),
};

pub const GOROUTINES: Source = Source {
    name: "goroutines.go",
    text: include_str!("../../go/ch06/goroutines.go"),
};

pub const SPINNER: Source = Source {
    name: "spinner.go",
    text: include_str!("../../go/ch06/spinner.go"),
};

/// Longer than any of the programs needs on a busy machine.
const LIMIT: Duration = Duration::from_secs(20);

pub const PTHREAD_CREATE: Claim = Claim {
    id: "pthread-create-new-os-thread",
    statement: "Each call of pthread_create starts a new OS thread of the same process: with \
                four threads waiting at a barrier, /proc/self/task lists four more threads \
                than before, with four new kernel thread ids and the process id of main.",
    check: || {
        toolchain::with(Language::C, |gcc| {
            let run = gcc.build(&PTHREADS, &["-O2"])?.run(&[], LIMIT)?.success()?;
            let before = run.number_after("OS threads before")?;
            let during = run.number_after("OS threads while")?;
            Ok(Verdict::from_figures(vec![
                Figure::new("OS threads before", before, ""),
                Figure::new("more OS threads while they wait", during - before, "")
                    .bounded(Bound::Exactly(4.0)),
                Figure::new("new kernel thread ids", run.number_after("new kernel")?, "")
                    .bounded(Bound::Exactly(4.0)),
                Figure::new(
                    "threads with the process id of main",
                    run.number_after("threads with the process id")?,
                    "",
                )
                .bounded(Bound::Exactly(4.0)),
            ]))
        })
    },
};

pub const PYTHON_THREAD: Claim = Claim {
    id: "python-thread-start-new-os-thread",
    statement: "threading.Thread() creates only a Python object; its start method starts a \
                new OS thread of the same process: four Thread objects add no OS thread, and \
                once started and waiting at a barrier they add four, with four new kernel \
                thread ids and the process id of main.",
    check: || {
        toolchain::with(Language::Python, |python| {
            let run = python.build(&THREADS, &[])?.run(&[], LIMIT)?.success()?;
            let before = run.number_after("OS threads before")?;
            let created = run.number_after("OS threads after creating")?;
            let during = run.number_after("OS threads while")?;
            Ok(Verdict::from_figures(vec![
                Figure::new("OS threads before", before, ""),
                Figure::new("more OS threads after Thread()", created - before, "")
                    .bounded(Bound::Exactly(0.0)),
                Figure::new("more OS threads after start()", during - before, "")
                    .bounded(Bound::Exactly(4.0)),
                Figure::new("new kernel thread ids", run.number_after("new kernel")?, "")
                    .bounded(Bound::Exactly(4.0)),
                Figure::new(
                    "threads with the process id of main",
                    run.number_after("threads with the process id")?,
                    "",
                )
                .bounded(Bound::Exactly(4.0)),
            ]))
        })
    },
};

pub const GO_FEW_THREADS: Claim = Claim {
    id: "goroutines-share-few-os-threads",
    statement: "The go statement starts a goroutine, not an OS thread: while ten thousand \
                goroutines wait on a channel, the process has fewer than 100 OS threads.",
    check: || {
        toolchain::with(Language::Go, |go| {
            let run = go.build(&GOROUTINES, &[])?.run(&[], LIMIT)?.success()?;
            Ok(Verdict::from_figures(vec![
                Figure::new(
                    "goroutines alive",
                    run.number_after("goroutines alive")?,
                    "",
                )
                .bounded(Bound::Exactly(10_001.0)),
                Figure::new("OS threads", run.number_after("OS threads")?, "")
                    .bounded(Bound::Below(100.0)),
                Figure::new(
                    "kernel thread ids the goroutines started on",
                    run.number_after("kernel thread ids")?,
                    "",
                ),
                Figure::new("GOMAXPROCS", run.number_after("GOMAXPROCS")?, ""),
            ]))
        })
    },
};

pub const GO_PREEMPTED: Claim = Claim {
    id: "spinning-goroutine-is-preempted",
    statement: "With GOMAXPROCS set to 1, a goroutine that spins in a loop without function \
                calls does not keep the main goroutine from waking up from a 20 ms sleep; \
                with asynchronous preemption turned off (GODEBUG=asyncpreemptoff=1), it does.",
    check: || {
        toolchain::with(Language::Go, |go| {
            if !go.at_least(&[1, 14]) {
                return Ok(Verdict::not_applicable(
                    format!(
                        "asynchronous preemption came with Go 1.14, this is {}",
                        go.version
                    ),
                    Vec::new(),
                ));
            }
            let spinner = go.build(&SPINNER, &[])?;
            let preempted = woke_after(spinner.command(), Duration::from_secs(10))?;
            let mut no_preemption = spinner.command();
            no_preemption.env("GODEBUG", "asyncpreemptoff=1");
            let not_preempted = woke_after(no_preemption, Duration::from_secs(1))?;
            let woke = |run: Option<f64>| if run.is_some() { 1.0 } else { 0.0 };
            let mut figures = vec![
                Figure::new("runs that woke up, preemption on", woke(preempted), "")
                    .bounded(Bound::Exactly(1.0)),
                Figure::new(
                    "runs that woke up within 1 s, preemption off",
                    woke(not_preempted),
                    "",
                )
                .bounded(Bound::Exactly(0.0)),
            ];
            if let Some(ms) = preempted {
                figures.push(Figure::new("main goroutine woke up after", ms, "ms"));
            }
            Ok(Verdict::from_figures(figures))
        })
    },
};

/// Runs Listing 6-5 and returns after how many milliseconds its main
/// goroutine woke up, or `None` if it had not after `limit`.
fn woke_after(spinner: Command, limit: Duration) -> io::Result<Option<f64>> {
    match run_command(spinner, limit) {
        Ok(run) => Ok(Some(run.success()?.number_after("main goroutine woke up")?)),
        Err(e) if e.kind() == io::ErrorKind::TimedOut => Ok(None),
        Err(e) => Err(e),
    }
}
