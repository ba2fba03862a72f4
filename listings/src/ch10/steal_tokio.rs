//! Listing 10-11: work stealing in tokio. Which worker threads of a
//! multi-thread runtime ran the tasks that one task spawned.

use std::collections::BTreeSet;
use std::hint::black_box;
use std::io;

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;

// ANCHOR: tokio
/// Steps of arithmetic in one task.
const PIECE_STEPS: u64 = 400_000;

/// Spawns `tasks` tasks from inside one task of `runtime`. Returns the OS
/// thread that ran the spawning task and, for each task, the thread that
/// ran it.
pub fn spawned_from_a_task(
    runtime: &tokio::runtime::Runtime,
    tasks: usize,
) -> io::Result<(i32, Vec<i32>)> {
    let parent = runtime.spawn(async move {
        let spawner = measure::thread_id();
        // Spawned on a worker thread, the tasks go to that worker's queue.
        let handles: Vec<_> = (0..tasks)
            .map(|_| {
                tokio::spawn(async {
                    let mut x = 0_u64;
                    for i in 0..PIECE_STEPS {
                        x = black_box(x.wrapping_mul(31).wrapping_add(i));
                    }
                    measure::thread_id()
                })
            })
            .collect();
        let mut ran_on = Vec::new();
        for handle in handles {
            ran_on.push(handle.await?);
        }
        Ok::<_, io::Error>((spawner, ran_on))
    });
    runtime.block_on(parent)?
}

pub fn main() -> io::Result<()> {
    for workers in [2, 1] {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .build()?;
        let (spawner, ran_on) = spawned_from_a_task(&runtime, 64)?;
        let threads: BTreeSet<i32> = ran_on.iter().copied().collect();
        let elsewhere = ran_on.iter().filter(|&&t| t != spawner).count();
        println!(
            "{workers} worker(s): tasks ran on {} thread(s); {elsewhere} of {} \
             on a thread other than the spawner's",
            threads.len(),
            ran_on.len()
        );
    }
    Ok(())
}
// ANCHOR_END: tokio

/// The workers of the claim's runtime, the tasks spawned, and the trials
/// the check may run before it gives up.
const WORKERS: usize = 2;
const PIECES: usize = 64;
const TRIALS: usize = 5;

/// The check of [`TOKIO`] on a runtime with `workers` worker threads.
fn judge_tokio(workers: usize) -> io::Result<Verdict> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .build()?;
    let mut last = None;
    for trial in 1..=TRIALS {
        let (spawner, ran_on) = spawned_from_a_task(&runtime, PIECES)?;
        let threads: BTreeSet<i32> = ran_on.iter().copied().collect();
        let elsewhere = ran_on.iter().filter(|&&t| t != spawner).count();
        let verdict = Verdict::from_figures(vec![
            Figure::new("tasks run", ran_on.len() as f64, "")
                .bounded(Bound::Exactly(PIECES as f64)),
            Figure::new("threads that ran the tasks", threads.len() as f64, "")
                .bounded(Bound::Exactly(WORKERS as f64)),
            Figure::new(
                "tasks run on a thread other than the spawner's",
                elsewhere as f64,
                "",
            )
            .bounded(Bound::AtLeast(1.0)),
            Figure::new("trials run", trial as f64, ""),
        ]);
        if threads.len() == WORKERS && elsewhere >= 1 {
            return Ok(verdict);
        }
        last = Some(verdict);
    }
    Ok(last.expect("at least one trial ran"))
}

// ANCHOR: claims
pub const TOKIO: Claim = Claim {
    id: "tokio-idle-worker-steals",
    statement: "On a multi-thread tokio runtime with two worker threads, 64 tasks spawned \
                from inside one task run on both workers, some of them on the worker that \
                did not spawn them, in at least one of five trials.",
    check: || {
        let claim = judge_tokio(WORKERS)?.with_parameter("trials", TRIALS as f64);
        let control = judge_tokio(1)?;
        Ok(claim.against("a runtime with one worker thread", control))
    },
};
// ANCHOR_END: claims
