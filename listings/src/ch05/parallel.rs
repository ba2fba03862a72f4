//! Listing 5-6: two tasks that compute without ever awaiting run in
//! parallel on a multi-thread runtime.

use std::io;
use std::time::Duration;

use listings::claims::{Claim, ParallelTrials, Verdict};
use listings::measure;

// ANCHOR: parallel
/// Spawns two tasks on a multi-thread runtime; each spins until its worker
/// thread has used `work` of CPU time. Returns their CPU time over the wall
/// time they took together.
pub fn two_spinning_tasks(work: Duration) -> io::Result<f64> {
    let runtime = tokio::runtime::Runtime::new()?;
    let spin = move || async move {
        // A task that never awaits stays on one thread, so that thread's
        // clock measures the task.
        let start = measure::thread_cpu_time();
        while measure::thread_cpu_time() - start < work {}
        measure::thread_cpu_time() - start
    };
    let (cpu, wall) = measure::wall_time(|| {
        runtime.block_on(async {
            let tasks = [tokio::spawn(spin()), tokio::spawn(spin())];
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
    let ratio = two_spinning_tasks(Duration::from_millis(200))?;
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

fn check() -> io::Result<Verdict> {
    if let Some(not_applicable) = Verdict::unless_cpus(2)? {
        return Ok(not_applicable);
    }
    let work = Duration::from_millis(200);
    let trials = ParallelTrials::run(1.1, 5, || two_spinning_tasks(work))?;
    Ok(trials.verdict(vec![]))
}
// ANCHOR_END: check_parallel
