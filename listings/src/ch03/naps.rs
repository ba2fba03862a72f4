//! Listing 3-1: a hundred OS threads that wait at the same time, on one
//! CPU. Waiting overlaps without parallelism.

use std::collections::BTreeSet;
use std::io;
use std::sync::{Barrier, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use listings::claims::{Bound, Claim, Figure, Verdict, pinned_to_one_cpu};
use listings::measure;

// ANCHOR: listing
/// What a crowd of waiting threads saw.
pub struct Naps {
    /// From the first spawn to the last join.
    pub wall: Duration,
    /// The OS threads of this process while the threads waited.
    pub os_threads: usize,
    /// The CPUs the threads woke up on.
    pub cpus_seen: BTreeSet<usize>,
    /// The most CPUs that a thread's affinity mask allowed.
    pub widest_mask: usize,
}

/// Spawns `threads` threads that each call `wait`: a sleep, say, as a
/// thread does while it waits for a disk, a network or a timer.
pub fn wait_on_threads(threads: usize, wait: impl Fn() + Sync) -> io::Result<Naps> {
    // No thread may end before the main thread has counted them all.
    let counted = Barrier::new(threads + 1);
    let (seen, wall) = measure::wall_time(|| {
        thread::scope(|s| {
            let waiters: Vec<_> = (0..threads)
                .map(|_| {
                    s.spawn(|| {
                        wait();
                        let cpu = measure::current_cpu();
                        let mask = measure::allowed_cpus().map(|cpus| cpus.len());
                        counted.wait();
                        Ok::<_, io::Error>((cpu?, mask?))
                    })
                })
                .collect();
            let os_threads = measure::os_threads();
            counted.wait();
            let (mut cpus_seen, mut widest_mask) = (BTreeSet::new(), 0);
            for waiter in waiters {
                let (cpu, mask) = waiter.join().expect("a waiting thread does not panic")?;
                cpus_seen.insert(cpu);
                widest_mask = widest_mask.max(mask);
            }
            Ok::<_, io::Error>((os_threads?, cpus_seen, widest_mask))
        })
    });
    let (os_threads, cpus_seen, widest_mask) = seen?;
    Ok(Naps {
        wall,
        os_threads,
        cpus_seen,
        widest_mask,
    })
}

pub fn main() -> io::Result<()> {
    // Confine this thread, and so every thread it spawns, to one CPU.
    let first_cpu = measure::allowed_cpus()?[0];
    measure::pin_current_thread(first_cpu)?;
    let naps = wait_on_threads(100, || thread::sleep(Duration::from_millis(200)))?;
    println!("100 threads napped 200 ms each: done after {:?}", naps.wall);
    println!("OS threads in this process: {}", naps.os_threads);
    println!("CPUs the threads ran on:    {:?}", naps.cpus_seen);
    assert_eq!(
        naps.os_threads, 101,
        "all the threads napped at the same time"
    );
    assert_eq!(naps.cpus_seen.len(), 1, "on one CPU");
    Ok(())
}
// ANCHOR_END: listing

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "sleeping-threads-overlap-on-one-cpu",
    statement: "A hundred OS threads that each sleep for 200 ms all sleep at the same \
                time, even when the process is confined to one CPU: the process has 101 \
                OS threads during the naps, and all finish in under one second.",
    check,
};

const THREADS: usize = 100;
const NAP: Duration = Duration::from_millis(200);
/// The time within which all the naps must end.
const LIMIT: Duration = Duration::from_secs(1);

/// The check: `runs` runs of the threads, each of which calls `wait`.
fn judge(runs: usize, wait: impl Fn() + Sync) -> io::Result<Verdict> {
    let mut wall = Duration::MAX;
    let mut os_threads = usize::MAX;
    let (mut cpus_seen, mut widest_mask) = (BTreeSet::new(), 0);
    // A busy machine can only make a run slower, so keep the fastest.
    for _ in 0..runs {
        let naps = wait_on_threads(THREADS, &wait)?;
        wall = wall.min(naps.wall);
        // Threads of an earlier run may linger in the count for a moment
        // after their join; they can only raise it.
        os_threads = os_threads.min(naps.os_threads);
        cpus_seen.extend(naps.cpus_seen);
        widest_mask = widest_mask.max(naps.widest_mask);
    }
    let [cpus_on, mask] = pinned_to_one_cpu(cpus_seen.len(), widest_mask);
    Ok(Verdict::from_figures(vec![
        Figure::new(
            format!("OS threads during the naps, fewest of {runs}"),
            os_threads as f64,
            "",
        )
        .bounded(Bound::Exactly((THREADS + 1) as f64)),
        cpus_on,
        mask,
        Figure::new(
            format!("wall time, best of {runs}"),
            wall.as_secs_f64(),
            "s",
        )
        .bounded(Bound::Below(LIMIT.as_secs_f64())),
    ]))
}

fn check() -> io::Result<Verdict> {
    let first_cpu = measure::allowed_cpus()?[0];
    measure::pin_current_thread(first_cpu)?;
    let claim = judge(3, || thread::sleep(NAP))?;
    // The control: the same threads on the same CPU spin for 200 ms of CPU
    // time each instead of sleeping. Together they need 20 s of CPU time,
    // so they take turns far past the limit; to save that time, each one
    // stops once the limit has passed since the first one began.
    let first_began = OnceLock::new();
    let spin = || {
        let began = *first_began.get_or_init(Instant::now);
        let cpu_start = measure::thread_cpu_time();
        while measure::thread_cpu_time() - cpu_start < NAP && began.elapsed() < LIMIT {}
    };
    let control = judge(1, spin)?;
    Ok(claim
        .against("spinning instead of sleeping", control)
        .with_parameter("threads", THREADS as f64)
        .with_parameter("nap, ms", NAP.as_millis() as f64))
}
// ANCHOR_END: check
