//! Listing 3-1: a hundred OS threads that wait at the same time, on one
//! CPU. Waiting overlaps without parallelism.

use std::collections::BTreeSet;
use std::io;
use std::sync::Barrier;
use std::thread;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;

// ANCHOR: listing
/// What a crowd of napping threads saw.
pub struct Naps {
    /// From the first spawn to the last join.
    pub wall: Duration,
    /// The OS threads of this process while the naps were on.
    pub os_threads: usize,
    /// The CPUs the threads woke up on.
    pub cpus_seen: BTreeSet<usize>,
}

/// Spawns `threads` threads that each sleep for `nap`, as a thread does
/// while it waits for a disk, a network or a timer.
pub fn nap_on_threads(threads: usize, nap: Duration) -> io::Result<Naps> {
    // No thread may end before the main thread has counted them all.
    let counted = Barrier::new(threads + 1);
    let (seen, wall) = measure::wall_time(|| {
        thread::scope(|s| {
            let nappers: Vec<_> = (0..threads)
                .map(|_| {
                    s.spawn(|| {
                        thread::sleep(nap);
                        let cpu = measure::current_cpu();
                        counted.wait();
                        cpu
                    })
                })
                .collect();
            let os_threads = measure::os_threads();
            counted.wait();
            let mut cpus_seen = BTreeSet::new();
            for napper in nappers {
                cpus_seen.insert(napper.join().expect("a napping thread does not panic")?);
            }
            Ok::<_, io::Error>((os_threads?, cpus_seen))
        })
    });
    let (os_threads, cpus_seen) = seen?;
    Ok(Naps {
        wall,
        os_threads,
        cpus_seen,
    })
}

pub fn main() -> io::Result<()> {
    // Confine this thread, and so every thread it spawns, to one CPU.
    let first_cpu = measure::allowed_cpus()?[0];
    measure::pin_current_thread(first_cpu)?;
    let naps = nap_on_threads(100, Duration::from_millis(200))?;
    println!("100 threads napped 200 ms each: done after {:?}", naps.wall);
    println!("OS threads in this process: {}", naps.os_threads);
    println!("CPUs the threads ran on:    {:?}", naps.cpus_seen);
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

fn check() -> io::Result<Verdict> {
    let first_cpu = measure::allowed_cpus()?[0];
    measure::pin_current_thread(first_cpu)?;
    let mut wall = Duration::MAX;
    let mut os_threads = usize::MAX;
    let mut cpus_seen = BTreeSet::new();
    // A busy machine can only make a run slower, so keep the fastest of three.
    for _ in 0..3 {
        let naps = nap_on_threads(100, Duration::from_millis(200))?;
        wall = wall.min(naps.wall);
        // Threads of an earlier run may linger in the count for a moment
        // after their join; they can only raise it.
        os_threads = os_threads.min(naps.os_threads);
        cpus_seen.extend(naps.cpus_seen);
    }
    Ok(Verdict::from_figures(vec![
        Figure::new(
            "OS threads during the naps, fewest of 3",
            os_threads as f64,
            "",
        )
        .bounded(Bound::Exactly(101.0)),
        Figure::new("CPUs the threads ran on", cpus_seen.len() as f64, "")
            .bounded(Bound::Exactly(1.0)),
        Figure::new("wall time, best of 3", wall.as_secs_f64(), "s").bounded(Bound::Below(1.0)),
    ]))
}
// ANCHOR_END: check
