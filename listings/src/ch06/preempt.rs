//! Listing 6-7: tasks that compute without ever awaiting. The kernel
//! preempts a spinning thread to run another; nothing preempts a spinning
//! task.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::thread;
use std::time::{Duration, Instant};

use listings::claims::{Bound, Claim, Figure, Verdict};

// ANCHOR: probe
/// Spinners that hold every CPU or every worker, and a probe started after
/// them.
#[derive(Debug, Default)]
pub struct Spinners {
    /// Spinners that had started when the probe was started.
    pub started: AtomicUsize,
    /// Spinners that had stopped when the probe ran.
    pub stopped_before_probe: AtomicUsize,
    stopped: AtomicUsize,
    probe_ran: AtomicBool,
}

impl Spinners {
    /// One spinner: it spins, never waiting for anything, until the probe
    /// has run or `limit` has passed.
    fn spin(&self, limit: Duration) {
        self.started.fetch_add(1, SeqCst);
        let start = Instant::now();
        while !self.probe_ran.load(SeqCst) && start.elapsed() < limit {
            std::hint::spin_loop();
        }
        self.stopped.fetch_add(1, SeqCst);
    }

    /// The probe: it notes how many spinners had stopped when it ran.
    fn probe(&self) {
        let stopped = self.stopped.load(SeqCst);
        self.stopped_before_probe.store(stopped, SeqCst);
        self.probe_ran.store(true, SeqCst);
    }

    /// Waits, at most a second, until `count` spinners have started.
    fn wait_for(&self, count: usize) {
        let start = Instant::now();
        while self.started.load(SeqCst) < count && start.elapsed() < Duration::from_secs(1) {
            thread::sleep(Duration::from_millis(1));
        }
    }
}

/// One spinning OS thread per CPU, then a probe thread.
pub fn probe_threads(limit: Duration) -> io::Result<Spinners> {
    let cpus = thread::available_parallelism()?.get();
    let spinners = Spinners::default();
    thread::scope(|s| {
        for _ in 0..cpus {
            s.spawn(|| spinners.spin(limit));
        }
        spinners.wait_for(cpus);
        s.spawn(|| spinners.probe());
    });
    Ok(spinners)
}

/// One spinning task per worker of a multi-thread runtime, then a probe
/// task.
pub fn probe_tasks(limit: Duration) -> io::Result<Spinners> {
    let runtime = tokio::runtime::Runtime::new()?;
    let workers = runtime.metrics().num_workers();
    let spinners = Arc::new(Spinners::default());
    let tasks: Vec<_> = (0..workers)
        .map(|_| {
            let spinners = spinners.clone();
            runtime.spawn(async move { spinners.spin(limit) })
        })
        .collect();
    probe_after(&runtime, spinners, tasks, workers)
}

/// Waits until `workers` spinning `tasks` run, then starts the probe task
/// and waits for every task.
fn probe_after(
    runtime: &tokio::runtime::Runtime,
    spinners: Arc<Spinners>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    workers: usize,
) -> io::Result<Spinners> {
    spinners.wait_for(workers);
    let probe = {
        let spinners = spinners.clone();
        runtime.spawn(async move { spinners.probe() })
    };
    runtime.block_on(async {
        for task in tasks {
            task.await?;
        }
        probe.await
    })?;
    Arc::into_inner(spinners).ok_or_else(|| io::Error::other("a task still holds the spinners"))
}

pub fn main() -> io::Result<()> {
    let threads = probe_threads(Duration::from_secs(2))?;
    let tasks = probe_tasks(Duration::from_millis(300))?;
    println!(
        "spinning threads that had stopped when the probe thread ran: {} of {}",
        threads.stopped_before_probe.load(SeqCst),
        threads.started.load(SeqCst)
    );
    println!(
        "spinning tasks that had stopped when the probe task ran:     {} of {}",
        tasks.stopped_before_probe.load(SeqCst),
        tasks.started.load(SeqCst)
    );
    assert_eq!(threads.stopped_before_probe.load(SeqCst), 0);
    assert!(tasks.stopped_before_probe.load(SeqCst) >= 1);
    Ok(())
}
// ANCHOR_END: probe

/// The control of `tasks-are-not-preempted`: `probe_tasks` with spinners
/// that await `tokio::task::yield_now` in every round of their loop, as in
/// Exercise 6.4, so that the worker can run another task in between.
pub fn probe_yielding_tasks(limit: Duration) -> io::Result<Spinners> {
    let runtime = tokio::runtime::Runtime::new()?;
    let workers = runtime.metrics().num_workers();
    let spinners = Arc::new(Spinners::default());
    let tasks: Vec<_> = (0..workers)
        .map(|_| {
            let spinners = spinners.clone();
            runtime.spawn(async move {
                spinners.started.fetch_add(1, SeqCst);
                let start = Instant::now();
                while !spinners.probe_ran.load(SeqCst) && start.elapsed() < limit {
                    tokio::task::yield_now().await;
                }
                spinners.stopped.fetch_add(1, SeqCst);
            })
        })
        .collect();
    probe_after(&runtime, spinners, tasks, workers)
}

/// How long a spinning thread, and a spinning task, spins at most.
const THREAD_LIMIT: Duration = Duration::from_secs(2);
const TASK_LIMIT: Duration = Duration::from_millis(300);

// ANCHOR: check_probe
pub const CLAIM: Claim = Claim {
    id: "tasks-are-not-preempted",
    statement: "Nothing preempts a task that never awaits: while such tasks hold every \
                worker of a multi-thread runtime, a new task does not run until one of \
                them ends, whereas a new OS thread runs beside one spinning thread per CPU.",
    check,
};

/// The check, for spinning threads and the spinning tasks of `tasks`.
fn probe_waits(threads: &Spinners, tasks: &Spinners) -> io::Result<Verdict> {
    let cpus = thread::available_parallelism()?.get() as f64;
    let count = |n: &AtomicUsize| n.load(SeqCst) as f64;
    Ok(Verdict::from_figures(vec![
        Figure::new("spinning threads", count(&threads.started), "").bounded(Bound::Exactly(cpus)),
        Figure::new(
            "of them stopped before the probe thread ran",
            count(&threads.stopped_before_probe),
            "",
        )
        .bounded(Bound::Exactly(0.0)),
        Figure::new("spinning tasks", count(&tasks.started), "").bounded(Bound::Exactly(cpus)),
        Figure::new(
            "of them stopped before the probe task ran",
            count(&tasks.stopped_before_probe),
            "",
        )
        .bounded(Bound::AtLeast(1.0)),
    ]))
}

fn check() -> io::Result<Verdict> {
    let threads = probe_threads(THREAD_LIMIT)?;
    let claim = probe_waits(&threads, &probe_tasks(TASK_LIMIT)?)?;
    let control = probe_waits(&threads, &probe_yielding_tasks(TASK_LIMIT)?)?;
    Ok(claim.against("tasks that await yield_now in every round", control))
}
// ANCHOR_END: check_probe
