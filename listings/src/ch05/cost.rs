//! Listing 5-6: what a thread costs and what a task costs, in time and in
//! memory.

use std::fs;
use std::io;
use std::sync::Barrier;
use std::thread;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;

// ANCHOR: listing
/// The time it takes to create `n` OS threads that do nothing, and to
/// join them, per thread.
pub fn time_per_thread(n: u32) -> Duration {
    let ((), wall) = measure::wall_time(|| {
        let threads: Vec<_> = (0..n).map(|_| thread::spawn(|| {})).collect();
        for thread in threads {
            thread.join().expect("an empty thread does not panic");
        }
    });
    wall / n
}

/// The time it takes to spawn `n` tokio tasks that do nothing, and to
/// await them, per task.
pub fn time_per_task(runtime: &tokio::runtime::Runtime, n: u32) -> io::Result<Duration> {
    let (done, wall) = measure::wall_time(|| {
        runtime.block_on(async {
            let tasks: Vec<_> = (0..n).map(|_| tokio::spawn(async {})).collect();
            for task in tasks {
                task.await?;
            }
            Ok::<_, io::Error>(())
        })
    });
    done?;
    Ok(wall / n)
}

/// The memory of this process that is in RAM (its resident set), in bytes.
pub fn resident_bytes() -> io::Result<u64> {
    let status = fs::read_to_string("/proc/self/status")?;
    let kib = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .ok_or_else(|| io::Error::other("no VmRSS line in /proc/self/status"))?;
    Ok(kib * 1024)
}

/// How much the resident set grows per OS thread while `n` threads wait.
pub fn memory_per_thread(n: usize) -> io::Result<u64> {
    let before = resident_bytes()?;
    let all_waiting = Barrier::new(n + 1);
    let during = thread::scope(|s| {
        for _ in 0..n {
            s.spawn(|| {
                all_waiting.wait(); // all alive now
                all_waiting.wait(); // main has measured
            });
        }
        all_waiting.wait();
        let during = resident_bytes();
        all_waiting.wait();
        during
    })?;
    Ok(during.saturating_sub(before) / n as u64)
}

/// How much the resident set grows per task while `n` tasks wait.
pub fn memory_per_task(runtime: &tokio::runtime::Runtime, n: usize) -> io::Result<u64> {
    runtime.block_on(async {
        let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(0));
        let mut tasks = Vec::with_capacity(n);
        let before = resident_bytes()?;
        for _ in 0..n {
            let gate = gate.clone();
            tasks.push(tokio::spawn(async move {
                let _ = gate.acquire().await;
            }));
        }
        // Let every task start and reach its wait.
        tokio::time::sleep(Duration::from_millis(20)).await;
        let during = resident_bytes()?;
        gate.close();
        for task in tasks {
            task.await?;
        }
        Ok(during.saturating_sub(before) / n as u64)
    })
}

pub fn main() -> io::Result<()> {
    // Memory first: once threads or tasks have ended, their memory is
    // reused, and new ones would seem to cost less.
    let thread_memory = memory_per_thread(1_000)?;
    let runtime = tokio::runtime::Runtime::new()?;
    let task_memory = memory_per_task(&runtime, 100_000)?;
    let thread_time = time_per_thread(1_000);
    let task_time = time_per_task(&runtime, 100_000)?;
    println!("an OS thread: {thread_time:>10?} and {thread_memory:>6} bytes of RAM");
    println!("a tokio task: {task_time:>10?} and {task_memory:>6} bytes of RAM");
    Ok(())
}
// ANCHOR_END: listing

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "task-cheaper-than-thread",
    statement: "An OS thread costs at least ten times as much as a tokio task: creating \
                and joining a thread that does nothing takes at least ten times as long \
                as spawning and awaiting such a task, and a waiting thread adds at least \
                ten times as much to the process's resident memory as a waiting task.",
    check,
};

fn check() -> io::Result<Verdict> {
    let thread_memory = memory_per_thread(1_000)?;
    let runtime = tokio::runtime::Runtime::new()?;
    let task_memory = memory_per_task(&runtime, 100_000)?;
    // Best of three for each, in turns, so that a busy spell hits both.
    let mut thread_time = Duration::MAX;
    let mut task_time = Duration::MAX;
    for _ in 0..3 {
        thread_time = thread_time.min(time_per_thread(1_000));
        task_time = task_time.min(time_per_task(&runtime, 100_000)?);
    }
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    Ok(Verdict::from_figures(vec![
        Figure::new("time per thread, best of 3", micros(thread_time), "µs"),
        Figure::new("time per task, best of 3", micros(task_time), "µs"),
        Figure::new(
            "time ratio",
            thread_time.as_secs_f64() / task_time.as_secs_f64(),
            "",
        )
        .bounded(Bound::AtLeast(10.0)),
        Figure::new(
            "resident memory per waiting thread",
            thread_memory as f64,
            "bytes",
        ),
        Figure::new(
            "resident memory per waiting task",
            task_memory as f64,
            "bytes",
        ),
        Figure::new(
            "memory ratio",
            thread_memory as f64 / task_memory.max(1) as f64,
            "",
        )
        .bounded(Bound::AtLeast(10.0)),
    ]))
}
// ANCHOR_END: check
