//! Listing 6-9: what a thread costs and what a task costs, in time and in
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
    // The memory figures hardly move with the load; the times do.
    assert!(thread_memory > 10 * task_memory);
    Ok(())
}
// ANCHOR_END: listing

/// The threads and tasks each measurement creates.
const THREADS: usize = 1_000;
const TASKS: usize = 100_000;
/// The timings of each kind, of which the check keeps the best.
const BEST_OF: usize = 3;

/// The resident memory per thread of `n` threads, and of `n` more started
/// while the first still wait: the second batch stands in for the tasks in
/// the control. Neither batch can reuse memory that the other freed, as a
/// batch started after the first had ended would.
pub fn memory_per_thread_twice(n: usize) -> io::Result<(u64, u64)> {
    let before = resident_bytes()?;
    let first_alive = Barrier::new(n + 1);
    let second_alive = Barrier::new(n + 1);
    let release = Barrier::new(2 * n + 1);
    let (first, second) = thread::scope(|s| {
        for _ in 0..n {
            s.spawn(|| {
                first_alive.wait();
                release.wait();
            });
        }
        first_alive.wait();
        let first = resident_bytes();
        for _ in 0..n {
            s.spawn(|| {
                second_alive.wait();
                release.wait();
            });
        }
        second_alive.wait();
        let second = resident_bytes();
        release.wait();
        (first, second)
    });
    let (first, second) = (first?, second?);
    Ok((
        first.saturating_sub(before) / n as u64,
        second.saturating_sub(first) / n as u64,
    ))
}

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "task-cheaper-than-thread",
    statement: "An OS thread costs at least ten times as much as a tokio task: creating \
                and joining a thread that does nothing takes at least ten times as long \
                as spawning and awaiting such a task, and a waiting thread adds at least \
                ten times as much to the process's resident memory as a waiting task.",
    check,
};

/// The costs of one thread and of the `other` it is compared with.
struct Costs {
    thread_time: Duration,
    other_time: Duration,
    thread_memory: u64,
    other_memory: u64,
}

/// The check: the thread costs at least ten times as much as `other`.
fn ten_times(other: &str, c: &Costs) -> Verdict {
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    Verdict::from_figures(vec![
        Figure::new(
            format!("time per thread, best of {BEST_OF}"),
            micros(c.thread_time),
            "µs",
        ),
        Figure::new(
            format!("time per {other}, best of {BEST_OF}"),
            micros(c.other_time),
            "µs",
        ),
        Figure::new(
            "time ratio",
            c.thread_time.as_secs_f64() / c.other_time.as_secs_f64(),
            "",
        )
        .bounded(Bound::AtLeast(10.0)),
        Figure::new(
            "resident memory per waiting thread",
            c.thread_memory as f64,
            "bytes",
        ),
        Figure::new(
            format!("resident memory per waiting {other}"),
            c.other_memory as f64,
            "bytes",
        ),
        Figure::new(
            "memory ratio",
            c.thread_memory as f64 / c.other_memory.max(1) as f64,
            "",
        )
        .bounded(Bound::AtLeast(10.0)),
    ])
}

fn check() -> io::Result<Verdict> {
    // Memory first, in a fresh process: see `main`.
    let (thread_memory, second_thread_memory) = memory_per_thread_twice(THREADS)?;
    let runtime = tokio::runtime::Runtime::new()?;
    let task_memory = memory_per_task(&runtime, TASKS)?;
    // The best timing of each, taken in turns, so that a busy spell hits all.
    let mut thread_time = Duration::MAX;
    let mut task_time = Duration::MAX;
    let mut second_thread_time = Duration::MAX;
    for _ in 0..BEST_OF {
        thread_time = thread_time.min(time_per_thread(THREADS as u32));
        task_time = task_time.min(time_per_task(&runtime, TASKS as u32)?);
        second_thread_time = second_thread_time.min(time_per_thread(THREADS as u32));
    }
    let claim = Costs {
        thread_time,
        other_time: task_time,
        thread_memory,
        other_memory: task_memory,
    };
    // The control: a thread in place of the task, measured the same way.
    let control = Costs {
        thread_time,
        other_time: second_thread_time,
        thread_memory,
        other_memory: second_thread_memory,
    };
    Ok(ten_times("task", &claim).against(
        "a thread in place of the task",
        ten_times("thread in place of the task", &control),
    ))
}
// ANCHOR_END: check
