//! Listings 7-3 and 7-6: what Rust's `std::thread::spawn` and
//! `tokio::spawn` create, counted the same way as the C, Python and Go
//! listings count theirs.

use std::collections::BTreeSet;
use std::io;
use std::sync::Barrier;
use std::thread;

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;

// ANCHOR: threads
/// What the kernel saw of some spawned threads.
pub struct Census {
    /// OS threads of the process before spawning.
    pub before: usize,
    /// OS threads while every spawned thread or task was waiting.
    pub during: usize,
    /// The kernel thread ids the spawned code ran on.
    pub tids: BTreeSet<i32>,
    /// How many of them reported the process id of `main`.
    pub same_pid: usize,
}

/// Spawns `threads` OS threads and counts them while they wait at a barrier.
pub fn spawn_threads(threads: usize) -> io::Result<Census> {
    let before = measure::os_threads()?;
    let started = Barrier::new(threads + 1);
    let counted = Barrier::new(threads + 1);
    let (during, seen) = thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let seen = (measure::thread_id(), std::process::id());
                    started.wait(); // every thread is alive now
                    counted.wait(); // main has counted them
                    seen
                })
            })
            .collect();
        started.wait();
        let during = measure::os_threads();
        counted.wait();
        let seen: Vec<_> = handles
            .into_iter()
            .map(|h| h.join().expect("a waiting thread does not panic"))
            .collect();
        (during, seen)
    });
    Ok(Census {
        before,
        during: during?,
        tids: seen.iter().map(|&(tid, _)| tid).collect(),
        same_pid: seen
            .iter()
            .filter(|&&(_, pid)| pid == std::process::id())
            .count(),
    })
}
// ANCHOR_END: threads

// ANCHOR: tasks
/// Spawns `tasks` tokio tasks on a runtime with `workers` worker threads and
/// counts the OS threads while every task waits at a barrier.
pub fn spawn_tasks(tasks: usize, workers: usize) -> io::Result<Census> {
    let before = measure::os_threads()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .build()?;
    runtime.block_on(async {
        let started = std::sync::Arc::new(tokio::sync::Barrier::new(tasks + 1));
        let counted = std::sync::Arc::new(tokio::sync::Barrier::new(tasks + 1));
        let handles: Vec<_> = (0..tasks)
            .map(|_| {
                let (started, counted) = (started.clone(), counted.clone());
                tokio::spawn(async move {
                    let first = measure::thread_id();
                    started.wait().await; // every task exists now
                    counted.wait().await; // main has counted the threads
                    (first, measure::thread_id(), std::process::id())
                })
            })
            .collect();
        started.wait().await;
        let during = measure::os_threads()?;
        counted.wait().await;
        let mut seen = Vec::new();
        for handle in handles {
            seen.push(handle.await?);
        }
        Ok(Census {
            before,
            during,
            tids: seen
                .iter()
                .flat_map(|&(first, last, _)| [first, last])
                .collect(),
            same_pid: seen
                .iter()
                .filter(|&&(_, _, pid)| pid == std::process::id())
                .count(),
        })
    })
}
// ANCHOR_END: tasks

// ANCHOR: main
pub fn main() -> io::Result<()> {
    let threads = spawn_threads(4)?;
    println!("thread::spawn, 4 threads:");
    println!(
        "  OS threads before {}, while they wait {}",
        threads.before, threads.during
    );
    println!(
        "  kernel thread ids {:?} (main is {})",
        threads.tids,
        measure::thread_id()
    );
    println!(
        "  threads with the process id of main: {}",
        threads.same_pid
    );

    let tasks = spawn_tasks(1000, 2)?;
    println!("tokio::spawn, 1000 tasks on 2 worker threads:");
    println!(
        "  OS threads before {}, while they wait {}",
        tasks.before, tasks.during
    );
    println!("  kernel thread ids the tasks ran on {:?}", tasks.tids);
    assert_eq!(
        (threads.during - threads.before, threads.tids.len()),
        (4, 4)
    );
    assert_eq!(tasks.during - tasks.before, 2);
    assert!(tasks.tids.len() <= 2);
    Ok(())
}
// ANCHOR_END: main

/// The threads of `thread-spawn-new-os-thread`; the tasks and worker
/// threads of `tokio-spawn-no-os-thread`.
const THREADS: usize = 4;
const TASKS: usize = 1000;
const WORKERS: usize = 2;

pub const THREAD_SPAWN: Claim = Claim {
    id: "thread-spawn-new-os-thread",
    statement: "Each call of std::thread::spawn starts a new OS thread of the same process: \
                with four spawned threads waiting at a barrier, the process has four more \
                OS threads than before, with four new kernel thread ids and the process id \
                of main.",
    check: || {
        let claim = one_thread_each(&spawn_threads(THREADS)?, THREADS);
        // The control: as many tokio tasks, on the runtime of the next claim.
        let control = one_thread_each(&spawn_tasks(THREADS, WORKERS)?, THREADS);
        Ok(claim.against(
            format!("tokio tasks in place of the threads, on {WORKERS} worker threads"),
            control,
        ))
    },
};

/// The check of `thread-spawn-new-os-thread`: `n` spawned things are `n`
/// new OS threads of this process.
fn one_thread_each(census: &Census, n: usize) -> Verdict {
    let main_tid = measure::thread_id();
    let new_tids = census.tids.iter().filter(|&&tid| tid != main_tid).count();
    let n = n as f64;
    Verdict::from_figures(vec![
        Figure::new("OS threads before", census.before as f64, ""),
        Figure::new(
            "more OS threads while they wait",
            census.during as f64 - census.before as f64,
            "",
        )
        .bounded(Bound::Exactly(n)),
        Figure::new("new kernel thread ids", new_tids as f64, "").bounded(Bound::Exactly(n)),
        Figure::new(
            "threads with the process id of main",
            census.same_pid as f64,
            "",
        )
        .bounded(Bound::Exactly(n)),
    ])
}

pub const TOKIO_SPAWN: Claim = Claim {
    id: "tokio-spawn-no-os-thread",
    statement: "tokio::spawn starts a task, not an OS thread: a thousand tasks waiting at a \
                barrier on a runtime with two worker threads leave the process with only \
                those two OS threads more than before, and the tasks run on at most two \
                kernel thread ids.",
    check: || {
        let claim = only_the_workers(&spawn_tasks(TASKS, WORKERS)?);
        // The control: as many std threads in place of the tasks.
        let control = only_the_workers(&spawn_threads(TASKS)?);
        Ok(claim
            .against("std threads in place of the tasks", control)
            .with_parameter("worker threads", WORKERS as f64))
    },
};

/// The check of `tokio-spawn-no-os-thread`: `TASKS` waiting things add only
/// the `WORKERS` worker threads.
fn only_the_workers(census: &Census) -> Verdict {
    let workers = WORKERS as f64;
    Verdict::from_figures(vec![
        Figure::new("OS threads before", census.before as f64, ""),
        Figure::new(
            format!("more OS threads while {TASKS} tasks wait"),
            census.during as f64 - census.before as f64,
            "",
        )
        .bounded(Bound::Exactly(workers)),
        Figure::new(
            "kernel thread ids the tasks ran on",
            census.tids.len() as f64,
            "",
        )
        .bounded(Bound::AtMost(workers)),
        Figure::new(
            "tasks with the process id of main",
            census.same_pid as f64,
            "",
        )
        .bounded(Bound::Exactly(TASKS as f64)),
    ])
}
