//! The checks of Listings 7-1, 7-2, 7-4 and 7-5: what `pthread_create`,
//! `threading.Thread` and `go` create, measured by programs in C, Python
//! and Go that count their own OS threads. The chapter shows those
//! programs; this module only builds and runs them.

use std::io;
use std::process::Command;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::run::PROGRAM_LIMIT as LIMIT;
use listings::toolchain::{self, Language, Run, Source, run_command};

pub const PTHREADS: Source = Source {
    name: "pthreads.c",
    text: include_str!("../../c/ch07/pthreads.c"),
};

pub const THREADS_PY: Source = Source {
    name: "threads.py",
    text: include_str!("../../python/ch07/threads.py"),
};

pub const GOROUTINES_GO: Source = Source {
    name: "goroutines.go",
    text: include_str!("../../go/ch07/goroutines.go"),
};

pub const SPINNER: Source = Source {
    name: "spinner.go",
    text: include_str!("../../go/ch07/spinner.go"),
};

/// The controls of Listings 7-1 and 7-2: child processes in place of the
/// threads.
pub const FORKS: Source = Source {
    name: "forks.c",
    text: include_str!("../../c/ch07/forks.c"),
};

pub const PROCESSES: Source = Source {
    name: "processes.py",
    text: include_str!("../../python/ch07/processes.py"),
};

/// The threads (or processes) that Listings 7-1 and 7-2 start: `THREADS` in
/// `pthreads.c`, `forks.c`, `threads.py` and `processes.py`.
const THREADS: f64 = 4.0;

/// The check of Listings 7-1 and 7-2 and their controls: what the program
/// printed shows `THREADS` new OS threads of its process. `created` is the
/// label of the count after creating Python's objects, if the program has one.
fn new_os_threads(run: &Run, created: Option<&str>) -> io::Result<Verdict> {
    let before = run.number_after("OS threads before")?;
    let during = run.number_after("OS threads while")?;
    // "OS threads while 4 pthreads wait: 5": the program's own count first.
    let started = run
        .text_after("OS threads while")?
        .split_whitespace()
        .next()
        .and_then(|word| word.parse().ok())
        .unwrap_or(f64::NAN);
    let mut figures = vec![Figure::new("OS threads before", before, "")];
    if let Some(label) = created {
        figures.push(
            Figure::new(
                "more OS threads after creating the objects",
                run.number_after(label)? - before,
                "",
            )
            .bounded(Bound::Exactly(0.0)),
        );
    }
    figures.extend([
        Figure::new("threads the program started", started, "").bounded(Bound::Exactly(THREADS)),
        Figure::new("more OS threads while they wait", during - before, "")
            .bounded(Bound::Exactly(THREADS)),
        Figure::new("new kernel thread ids", run.number_after("new kernel")?, "")
            .bounded(Bound::Exactly(THREADS)),
        Figure::new(
            "threads with the process id of main",
            run.number_after("threads with the process id")?,
            "",
        )
        .bounded(Bound::Exactly(THREADS)),
    ]);
    Ok(Verdict::from_figures(figures))
}

pub const PTHREAD_CREATE: Claim = Claim {
    id: "pthread-create-new-os-thread",
    statement: "Each call of pthread_create starts a new OS thread of the same process: with \
                four threads waiting at a barrier, /proc/self/task lists four more threads \
                than before, with four new kernel thread ids and the process id of main.",
    check: || {
        toolchain::with(Language::C, |gcc| {
            let run = |source| gcc.build(source, &["-O2"])?.run(&[], LIMIT)?.success();
            let claim = new_os_threads(&run(&PTHREADS)?, None)?;
            let control = new_os_threads(&run(&FORKS)?, None)?;
            Ok(claim.against("child processes made by fork (forks.c)", control))
        })
    },
};

pub const PYTHON_THREAD: Claim = Claim {
    id: "python-thread-start-new-os-thread",
    statement: "threading.Thread() creates only a Python object; its start method starts a \
                new OS thread of the same process: four Thread objects add no OS thread, and \
                when started and waiting at a barrier they add four, with four new kernel \
                thread ids and the process id of main.",
    check: || {
        toolchain::with(Language::Python, |python| {
            let run = |source| python.build(source, &[])?.run(&[], LIMIT)?.success();
            let claim = new_os_threads(&run(&THREADS_PY)?, Some("OS threads after creating"))?;
            let control = new_os_threads(&run(&PROCESSES)?, Some("OS threads after creating"))?;
            Ok(claim.against(
                "multiprocessing.Process in place of threading.Thread (processes.py)",
                control,
            ))
        })
    },
};

/// The goroutines of Listing 7-4 in the claim, and in its control, where
/// each holds an OS thread: more than the bound, fewer than Go's limit of
/// 10,000 threads.
const GOROUTINES: usize = 10_000;
const LOCKED_GOROUTINES: usize = 200;
/// The bound on the OS threads.
const FEW_THREADS: f64 = 100.0;

/// The check of Listing 7-4: `goroutines` waiting goroutines, and fewer than
/// `FEW_THREADS` OS threads.
fn few_threads(run: &Run, goroutines: usize) -> io::Result<Verdict> {
    Ok(Verdict::from_figures(vec![
        Figure::new(
            "goroutines alive, main included",
            run.number_after("goroutines alive")?,
            "",
        )
        .bounded(Bound::Exactly(goroutines as f64 + 1.0)),
        Figure::new("OS threads", run.number_after("OS threads")?, "")
            .bounded(Bound::Below(FEW_THREADS)),
        Figure::new(
            "kernel thread ids the goroutines started on",
            run.number_after("kernel thread ids")?,
            "",
        ),
        Figure::new("GOMAXPROCS", run.number_after("GOMAXPROCS")?, ""),
    ]))
}

pub const GO_FEW_THREADS: Claim = Claim {
    id: "goroutines-share-few-os-threads",
    statement: "The go statement starts a goroutine, not an OS thread: while ten thousand \
                goroutines wait on a channel, the process has fewer than 100 OS threads.",
    check: || {
        toolchain::with(Language::Go, |go| {
            let program = go.build(&GOROUTINES_GO, &[])?;
            let run = |n: usize, lock: bool| {
                let args = [format!("-goroutines={n}"), format!("-lock={lock}")];
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                program.run(&args, LIMIT)?.success()
            };
            let claim = few_threads(&run(GOROUTINES, false)?, GOROUTINES)?;
            let control = few_threads(&run(LOCKED_GOROUTINES, true)?, LOCKED_GOROUTINES)?;
            Ok(claim
                .against(
                    format!(
                        "{LOCKED_GOROUTINES} goroutines, each wired to its OS thread \
                         by runtime.LockOSThread"
                    ),
                    control,
                )
                .with_parameter("goroutines", GOROUTINES as f64))
        })
    },
};

/// What Listing 7-5 sets: one thread of Go code, and a sleep of 20 ms.
const SPINNER_GOMAXPROCS: f64 = 1.0;
const SPINNER_NAP_MS: f64 = 20.0;
/// How long each run of Listing 7-5 may take to wake up.
const WAKE_LIMIT: Duration = Duration::from_secs(1);

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
            let claim = woke_up(spinner.command())?;
            let mut no_preemption = spinner.command();
            no_preemption.env("GODEBUG", "asyncpreemptoff=1");
            let control = woke_up(no_preemption)?;
            Ok(claim.against(
                "asynchronous preemption off (GODEBUG=asyncpreemptoff=1)",
                control,
            ))
        })
    },
};

/// Runs Listing 7-5 and judges whether its main goroutine woke up within
/// `WAKE_LIMIT`, having slept as the statement says.
fn woke_up(spinner: Command) -> io::Result<Verdict> {
    let run = match run_command(spinner, WAKE_LIMIT) {
        Ok(run) => Some(run.success()?),
        Err(e) if e.kind() == io::ErrorKind::TimedOut => None,
        Err(e) => return Err(e),
    };
    let mut figures = vec![
        Figure::new(
            format!("runs that woke up within {} s", WAKE_LIMIT.as_secs_f64()),
            if run.is_some() { 1.0 } else { 0.0 },
            "",
        )
        .bounded(Bound::Exactly(1.0)),
    ];
    if let Some(run) = run {
        figures.extend([
            Figure::new("GOMAXPROCS", run.number_after("GOMAXPROCS")?, "")
                .bounded(Bound::Exactly(SPINNER_GOMAXPROCS)),
            Figure::new(
                "main goroutine slept for",
                run.number_after("main goroutine sleeps for")?,
                "ms",
            )
            .bounded(Bound::Exactly(SPINNER_NAP_MS)),
            Figure::new(
                "main goroutine woke up after",
                run.number_after("main goroutine woke up")?,
                "ms",
            ),
        ]);
    }
    Ok(Verdict::from_figures(figures))
}
