//! Listing 1-4: ten thousand tasks that sleep at the same time, on one OS
//! thread. Concurrency without parallelism.

use std::collections::HashSet;
use std::io;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;

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

/// Spawns `tasks` tasks on a current-thread runtime; each sleeps for `nap`
/// and reports the OS thread it ran on.
pub fn sleepers(tasks: usize, nap: Duration) -> io::Result<Sleepers> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
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
    let crowd = sleepers(10_000, Duration::from_millis(200))?;
    println!("10000 tasks slept 200 ms each: done after {:?}", crowd.wall);
    println!("OS threads the tasks ran on: {}", crowd.threads_used.len());
    println!("OS threads in this process:  {}", crowd.os_threads);
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

fn check() -> io::Result<Verdict> {
    // A busy machine can only make a run slower, so keep the fastest of three.
    let mut runs = Vec::new();
    for _ in 0..3 {
        runs.push(sleepers(10_000, Duration::from_millis(200))?);
    }
    let wall = runs.iter().map(|run| run.wall).min().unwrap_or_default();
    let threads_used = runs
        .iter()
        .map(|run| run.threads_used.len())
        .max()
        .unwrap_or(0);
    let os_threads = runs.iter().map(|run| run.os_threads).max().unwrap_or(0);
    Ok(Verdict::from_figures(vec![
        Figure::new("OS threads the tasks ran on", threads_used as f64, "")
            .bounded(Bound::Exactly(1.0)),
        Figure::new("OS threads in the process", os_threads as f64, "")
            .bounded(Bound::Exactly(1.0)),
        Figure::new("wall time, best of 3", wall.as_secs_f64(), "s").bounded(Bound::Below(1.0)),
    ]))
}
// ANCHOR_END: check
