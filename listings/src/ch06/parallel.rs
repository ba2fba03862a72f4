//! Listing 6-8: two tasks that compute without ever awaiting run in
//! parallel on a multi-thread runtime.

use std::io;
use std::time::Duration;

use listings::claims::{Claim, ParallelTrials, Verdict};
use listings::measure;

// ANCHOR: parallel
/// The number of spinning tasks.
pub const TASKS: usize = 2;

/// Spawns two tasks on `runtime`; each spins until its worker thread has
/// used `work` of CPU time. Returns their CPU time over the wall time they
/// took together.
pub fn two_spinning_tasks(runtime: &tokio::runtime::Runtime, work: Duration) -> io::Result<f64> {
    let spin = move || async move {
        // A task that never awaits stays on one thread, so that thread's
        // clock measures the task.
        let start = measure::thread_cpu_time();
        while measure::thread_cpu_time() - start < work {}
        measure::thread_cpu_time() - start
    };
    let (cpu, wall) = measure::wall_time(|| {
        runtime.block_on(async {
            let tasks: Vec<_> = (0..TASKS).map(|_| tokio::spawn(spin())).collect();
            let mut cpu = Duration::ZERO;
            for task in tasks {
                cpu += task.await?;
            }
            Ok::<_, io::Error>(cpu)
        })
    });
    Ok(cpu?.as_secs_f64() / wall.as_secs_f64())
}

pub fn main() -> io::Result<()> {
    // A multi-thread runtime, with one worker per CPU.
    let runtime = tokio::runtime::Runtime::new()?;
    let ratio = two_spinning_tasks(&runtime, Duration::from_millis(200))?;
    println!("two spinning tasks: CPU time / wall time = {ratio:.2}");
    Ok(())
}
// ANCHOR_END: parallel

// ANCHOR: check_parallel
pub const CLAIM: Claim = Claim {
    id: "tasks-run-in-parallel",
    statement: "Two tasks that each spin for 200 ms of CPU time on tokio's multi-thread \
                runtime run at the same time when two cores are free: together they use \
                more than 1.1 seconds of CPU time per second of wall time.",
    check,
};

/// The CPU time each task spins for, the ratio the claim needs, and the
/// most trials of the claim and of its control.
const WORK: Duration = Duration::from_millis(200);
const THRESHOLD: f64 = 1.1;
const TRIES: usize = 5;
const CONTROL_TRIES: usize = 3;

fn check() -> io::Result<Verdict> {
    if let Some(not_applicable) = Verdict::unless_cpus(TASKS)? {
        return Ok(not_applicable);
    }
    let runtime = tokio::runtime::Runtime::new()?;
    let claim = ParallelTrials::run(THRESHOLD, TRIES, || two_spinning_tasks(&runtime, WORK))?;
    // The control: the same tasks on a runtime with one worker, judged by the
    // same threshold. It must stay at or below it in trials with two free cores.
    let one_worker = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .build()?;
    let control = ParallelTrials::run(THRESHOLD, CONTROL_TRIES, || {
        two_spinning_tasks(&one_worker, WORK)
    })?;
    Ok(claim
        .verdict(vec![])
        .against("a runtime with one worker thread", control.verdict(vec![]))
        .with_parameter("tasks", TASKS as f64)
        .with_parameter("ms of CPU time per task", WORK.as_millis() as f64))
}
// ANCHOR_END: check_parallel
