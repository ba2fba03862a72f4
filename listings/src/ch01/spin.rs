//! Listing 1-3: two threads that keep a core busy, and a measurement of
//! whether they ran at the same time.

use std::collections::BTreeSet;
use std::io;
use std::thread;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, ParallelTrials, Verdict};
use listings::measure::{self, Overlap};

// ANCHOR: listing
/// Runs two threads that each spin until they have used `work` of CPU
/// time, both confined to CPU `pin` if one is given.
pub fn spin_two_threads(work: Duration, pin: Option<usize>) -> io::Result<Overlap> {
    let (results, wall) = measure::wall_time(|| {
        thread::scope(|s| {
            let spinners = [s.spawn(|| spin(work, pin)), s.spawn(|| spin(work, pin))];
            spinners.map(|spinner| spinner.join().expect("spin returns its errors"))
        })
    });
    let mut overlap = Overlap {
        wall,
        cpu: Vec::new(),
        cpus_seen: BTreeSet::new(),
    };
    for result in results {
        let (cpu_time, cpus) = result?;
        overlap.cpu.push(cpu_time);
        overlap.cpus_seen.extend(cpus);
    }
    Ok(overlap)
}

/// Busy-waits until this thread has used `work` of CPU time; returns the
/// CPU time used and the CPUs it ran on.
fn spin(work: Duration, pin: Option<usize>) -> io::Result<(Duration, BTreeSet<usize>)> {
    if let Some(cpu) = pin {
        measure::pin_current_thread(cpu)?;
    }
    let start = measure::thread_cpu_time();
    let mut cpus = BTreeSet::new();
    while measure::thread_cpu_time() - start < work {
        cpus.insert(measure::current_cpu()?);
    }
    Ok((measure::thread_cpu_time() - start, cpus))
}

pub fn main() -> io::Result<()> {
    let work = Duration::from_millis(200);
    let free = spin_two_threads(work, None)?;
    println!("free:   CPU time / wall time = {:.2}", free.ratio());
    let first_cpu = measure::allowed_cpus()?[0];
    let pinned = spin_two_threads(work, Some(first_cpu))?;
    println!("pinned: CPU time / wall time = {:.2}", pinned.ratio());
    Ok(())
}
// ANCHOR_END: listing

const WORK: Duration = Duration::from_millis(200);

// ANCHOR: overlap
pub const OVERLAP: Claim = Claim {
    id: "two-threads-overlap",
    statement: "Two threads that each spin for 200 ms of CPU time run at the same time \
                when two cores are free: together they use more than 1.1 seconds of CPU \
                time per second of wall time.",
    check: check_overlap,
};

fn check_overlap() -> io::Result<Verdict> {
    if let Some(not_applicable) = Verdict::unless_cpus(2)? {
        return Ok(not_applicable);
    }
    // Best of up to five trials, each read with the machine's load.
    let trials = ParallelTrials::run(1.1, 5, || Ok(spin_two_threads(WORK, None)?.ratio()))?;
    Ok(trials.verdict(vec![]))
}
// ANCHOR_END: overlap

// ANCHOR: one_cpu
pub const ONE_CPU: Claim = Claim {
    id: "one-cpu-no-overlap",
    statement: "The same two threads confined to one CPU never run at the same time: \
                they use at most 1.05 seconds of CPU time per second of wall time.",
    check: check_one_cpu,
};

fn check_one_cpu() -> io::Result<Verdict> {
    let cpu = measure::allowed_cpus()?[0];
    let mut worst: f64 = 0.0;
    let mut cpus_seen = BTreeSet::new();
    // Other work can only lower the ratio, so every trial must stay low.
    for _ in 0..3 {
        let overlap = spin_two_threads(WORK, Some(cpu))?;
        worst = worst.max(overlap.ratio());
        cpus_seen.extend(overlap.cpus_seen);
    }
    Ok(Verdict::from_figures(vec![
        Figure::new("CPU time / wall time, worst of 3", worst, "").bounded(Bound::AtMost(1.05)),
        Figure::new("CPUs the threads ran on", cpus_seen.len() as f64, "")
            .bounded(Bound::Exactly(1.0)),
    ]))
}
// ANCHOR_END: one_cpu
