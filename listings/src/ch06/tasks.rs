//! Listing 6-3: ten thousand tasks on tokio's multi-thread runtime, which
//! schedules them over one worker thread per CPU.

use std::collections::HashSet;
use std::io;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;

// ANCHOR: listing
/// What a crowd of sleeping tasks saw.
pub struct Crowd {
    /// Tasks that finished.
    pub finished: usize,
    /// The OS threads the tasks ran on, by kernel thread id.
    pub threads_used: HashSet<i32>,
    /// Tasks that ran on the thread that started the runtime.
    pub on_main: usize,
    /// The OS threads of this process while the tasks slept.
    pub os_threads: usize,
    /// The runtime's worker threads.
    pub workers: usize,
    /// The size of one task's future, in bytes.
    pub future_size: usize,
}

/// Spawns `tasks` tasks on `runtime`; each sleeps for `nap` and reports
/// the OS thread it woke on.
pub fn crowd(runtime: tokio::runtime::Runtime, tasks: usize, nap: Duration) -> io::Result<Crowd> {
    let workers = runtime.metrics().num_workers();
    let main_thread = measure::thread_id();
    let task = move || async move {
        tokio::time::sleep(nap).await;
        measure::thread_id()
    };
    let future_size = size_of_val(&task());
    runtime.block_on(async {
        let handles: Vec<_> = (0..tasks).map(|_| tokio::spawn(task())).collect();
        let os_threads = measure::os_threads()?;
        let mut threads_used = HashSet::new();
        let (mut finished, mut on_main) = (0, 0);
        for handle in handles {
            let tid = handle.await?;
            threads_used.insert(tid);
            on_main += usize::from(tid == main_thread);
            finished += 1;
        }
        Ok(Crowd {
            finished,
            threads_used,
            on_main,
            os_threads,
            workers,
            future_size,
        })
    })
}

pub fn main() -> io::Result<()> {
    // A multi-thread runtime with its default number of workers.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_time()
        .build()?;
    let crowd = crowd(runtime, 10_000, Duration::from_millis(100))?;
    println!("tasks finished:               {}", crowd.finished);
    println!("the runtime's worker threads: {}", crowd.workers);
    println!("OS threads the tasks ran on:  {}", crowd.threads_used.len());
    println!("tasks that ran on main:       {}", crowd.on_main);
    println!("OS threads in this process:   {}", crowd.os_threads);
    println!("size of one task's future:    {} bytes", crowd.future_size);
    assert_eq!(crowd.finished, 10_000);
    assert_eq!(crowd.on_main, 0);
    assert!(crowd.threads_used.len() <= crowd.workers);
    assert_eq!(crowd.os_threads, crowd.workers + 1);
    Ok(())
}
// ANCHOR_END: listing

/// The tasks of the claim, and how long each sleeps.
const TASKS: usize = 10_000;
const NAP: Duration = Duration::from_millis(100);

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "multi-thread-runtime-few-threads",
    statement: "Ten thousand sleeping tasks on tokio's multi-thread runtime run on its \
                worker threads, one per CPU that std::thread::available_parallelism \
                counts, and the process has no other thread but main.",
    check,
};

/// The check, for the crowd of `TASKS` that `runtime` ran.
fn on_workers(runtime: tokio::runtime::Runtime) -> io::Result<Verdict> {
    let crowd = crowd(runtime, TASKS, NAP)?;
    let cpus = std::thread::available_parallelism()?.get() as f64;
    Ok(Verdict::from_figures(vec![
        Figure::new("tasks finished", crowd.finished as f64, "")
            .bounded(Bound::Exactly(TASKS as f64)),
        Figure::new("worker threads", crowd.workers as f64, "").bounded(Bound::Exactly(cpus)),
        Figure::new(
            "OS threads the tasks ran on",
            crowd.threads_used.len() as f64,
            "",
        )
        .bounded(Bound::AtMost(cpus)),
        Figure::new("tasks that ran on main", crowd.on_main as f64, "")
            .bounded(Bound::Exactly(0.0)),
        Figure::new("OS threads in the process", crowd.os_threads as f64, "")
            .bounded(Bound::Exactly(cpus + 1.0)),
        Figure::new(
            "size of one task's future",
            crowd.future_size as f64,
            "bytes",
        ),
    ]))
}

fn check() -> io::Result<Verdict> {
    let claim = on_workers(
        tokio::runtime::Builder::new_multi_thread()
            .enable_time()
            .build()?,
    )?;
    let control = on_workers(
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()?,
    )?;
    Ok(claim.against("a current-thread runtime", control))
}
// ANCHOR_END: check
