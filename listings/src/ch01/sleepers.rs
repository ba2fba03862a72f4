//! Listing 1-4: ten thousand tasks that sleep at the same time, on one OS
//! thread. Concurrency without parallelism.

use std::collections::HashSet;
use std::io;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;
use tokio::runtime::{Builder, Runtime};

// ANCHOR: listing
/// What a crowd of sleeping tasks saw.
pub struct Sleepers {
    /// From the first spawn to the last task's end.
    pub wall: Duration,
    /// The OS threads the tasks ran on, by kernel thread id.
    pub threads_used: HashSet<i32>,
    /// The OS threads of this process while the tasks slept.
    pub os_threads: usize,
}

/// A tokio runtime that runs every task on the thread that calls it.
pub fn current_thread_runtime() -> io::Result<Runtime> {
    Builder::new_current_thread().enable_time().build()
}

/// Spawns `tasks` tasks on `runtime`; each sleeps for `nap` and reports
/// the OS thread it ran on.
pub fn sleepers(runtime: &Runtime, tasks: usize, nap: Duration) -> io::Result<Sleepers> {
    let (seen, wall) = measure::wall_time(|| {
        runtime.block_on(async {
            let handles: Vec<_> = (0..tasks)
                .map(|_| {
                    tokio::spawn(async move {
                        tokio::time::sleep(nap).await;
                        measure::thread_id()
                    })
                })
                .collect();
            // Let every task start and reach its sleep before counting.
            tokio::task::yield_now().await;
            let os_threads = measure::os_threads()?;
            let mut threads_used = HashSet::new();
            for handle in handles {
                threads_used.insert(handle.await?);
            }
            Ok::<_, io::Error>((threads_used, os_threads))
        })
    });
    let (threads_used, os_threads) = seen?;
    Ok(Sleepers {
        wall,
        threads_used,
        os_threads,
    })
}

pub fn main() -> io::Result<()> {
    let runtime = current_thread_runtime()?;
    let crowd = sleepers(&runtime, 10_000, Duration::from_millis(200))?;
    println!("10000 tasks slept 200 ms each: done after {:?}", crowd.wall);
    println!("OS threads the tasks ran on: {}", crowd.threads_used.len());
    println!("OS threads in this process:  {}", crowd.os_threads);
    assert_eq!(
        crowd.threads_used.len(),
        1,
        "the tasks ran on one OS thread"
    );
    assert_eq!(crowd.os_threads, 1, "the process has one OS thread");
    Ok(())
}
// ANCHOR_END: listing

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "current-thread-runtime-one-thread",
    statement: "Ten thousand tasks that each sleep for 200 ms on a current-thread \
                tokio runtime all run on one OS thread, and all finish in under one second.",
    check,
};

const TASKS: usize = 10_000;
const NAP: Duration = Duration::from_millis(200);
/// The worker threads of the control's multi-thread runtime.
const WORKERS: usize = 2;

/// The check: `runs` runs on runtimes that `build` makes; the thread
/// counts are exact, and the fastest run must finish in under a second.
fn judge(runs: usize, build: impl Fn() -> io::Result<Runtime>) -> io::Result<Verdict> {
    let (mut wall, mut threads_used, mut os_threads) = (Duration::MAX, 0, 0);
    // A busy machine can only make a run slower, so keep the fastest.
    for _ in 0..runs {
        let crowd = sleepers(&build()?, TASKS, NAP)?;
        wall = wall.min(crowd.wall);
        threads_used = threads_used.max(crowd.threads_used.len());
        os_threads = os_threads.max(crowd.os_threads);
    }
    Ok(Verdict::from_figures(vec![
        Figure::new("OS threads the tasks ran on", threads_used as f64, "")
            .bounded(Bound::Exactly(1.0)),
        Figure::new("OS threads in the process", os_threads as f64, "")
            .bounded(Bound::Exactly(1.0)),
        Figure::new(
            format!("wall time, best of {runs}"),
            wall.as_secs_f64(),
            "s",
        )
        .bounded(Bound::Below(1.0)),
    ]))
}

fn check() -> io::Result<Verdict> {
    let claim = judge(3, current_thread_runtime)?;
    // The control: the same tasks on a multi-thread runtime.
    let multi_thread = || {
        Builder::new_multi_thread()
            .worker_threads(WORKERS)
            .enable_time()
            .build()
    };
    let control = judge(1, multi_thread)?;
    Ok(claim
        .against(
            format!("a multi-thread runtime with {WORKERS} workers"),
            control,
        )
        .with_parameter("tasks", TASKS as f64)
        .with_parameter("nap, ms", NAP.as_millis() as f64))
}
// ANCHOR_END: check
