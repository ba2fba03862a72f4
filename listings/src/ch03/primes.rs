//! Listing 3-4: one CPU-bound job, counting primes, split over threads.
//! Throughput needs cores, not just threads.

use std::collections::BTreeSet;
use std::io;
use std::thread;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, ParallelTrials, Verdict};
use listings::measure::{self, Overlap};

// ANCHOR: listing
/// Whether `n` is prime, by trial division: slow on purpose.
fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

/// Numbers are dealt to the threads in blocks of this size, in turn, so
/// that each thread gets small and large numbers alike.
const BLOCK: u64 = 1_000;

/// Counts the primes below `limit` with `threads` threads, all confined to
/// CPU `pin` if one is given. Returns the count and what the threads did.
pub fn count_primes(limit: u64, threads: u64, pin: Option<usize>) -> io::Result<(u64, Overlap)> {
    let (results, wall) = measure::wall_time(|| {
        thread::scope(|s| {
            let workers: Vec<_> = (0..threads)
                .map(|first_block| {
                    s.spawn(move || {
                        if let Some(cpu) = pin {
                            measure::pin_current_thread(cpu)?;
                        }
                        let start = measure::thread_cpu_time();
                        let mut primes = 0;
                        let mut cpus = BTreeSet::new();
                        let blocks = limit.div_ceil(BLOCK);
                        for block in (first_block..blocks).step_by(threads as usize) {
                            let numbers = block * BLOCK..((block + 1) * BLOCK).min(limit);
                            primes += numbers.filter(|&n| is_prime(n)).count() as u64;
                            cpus.insert(measure::current_cpu()?);
                        }
                        Ok::<_, io::Error>((primes, measure::thread_cpu_time() - start, cpus))
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|worker| worker.join().expect("count_primes returns its errors"))
                .collect::<Vec<_>>()
        })
    });
    let mut total = 0;
    let mut overlap = Overlap {
        wall,
        cpu: Vec::new(),
        cpus_seen: BTreeSet::new(),
    };
    for result in results {
        let (primes, cpu_time, cpus) = result?;
        total += primes;
        overlap.cpu.push(cpu_time);
        overlap.cpus_seen.extend(cpus);
    }
    Ok((total, overlap))
}

pub fn main() -> io::Result<()> {
    let first_cpu = measure::allowed_cpus()?[0];
    let runs = [
        ("1 thread,  any CPU", 1, None),
        ("4 threads, one CPU", 4, Some(first_cpu)),
        ("4 threads, any CPU", 4, None),
    ];
    println!("                    primes  wall s  CPU s  CPU s per wall s");
    for (label, threads, pin) in runs {
        let (primes, job) = count_primes(400_000, threads, pin)?;
        let cpu: Duration = job.cpu.iter().sum();
        println!(
            "{label}  {primes}   {:.3}  {:.3}  {:.2}",
            job.wall.as_secs_f64(),
            cpu.as_secs_f64(),
            job.ratio()
        );
    }
    Ok(())
}
// ANCHOR_END: listing

const LIMIT: u64 = 400_000;
/// The number of primes below 400,000.
const PRIMES: u64 = 33_860;

// ANCHOR: one_cpu
pub const ONE_CPU: Claim = Claim {
    id: "cpu-bound-threads-one-cpu-no-speedup",
    statement: "A CPU-bound job split over four threads confined to one CPU gains no \
                parallelism: the threads take turns on that CPU and together use at most \
                1.05 seconds of CPU time per second of wall time.",
    check: check_one_cpu,
};

fn check_one_cpu() -> io::Result<Verdict> {
    let cpu = measure::allowed_cpus()?[0];
    let mut worst: f64 = 0.0;
    let mut cpus_seen = BTreeSet::new();
    let mut right_counts = 0;
    // Other work can only lower the ratio, so every trial must stay low.
    for _ in 0..3 {
        let (primes, job) = count_primes(LIMIT, 4, Some(cpu))?;
        worst = worst.max(job.ratio());
        cpus_seen.extend(job.cpus_seen);
        if primes == PRIMES {
            right_counts += 1;
        }
    }
    Ok(Verdict::from_figures(vec![
        Figure::new("CPU time / wall time, worst of 3", worst, "").bounded(Bound::AtMost(1.05)),
        Figure::new("CPUs the threads ran on", cpus_seen.len() as f64, "")
            .bounded(Bound::Exactly(1.0)),
        Figure::new("trials that counted 33,860 primes", right_counts as f64, "")
            .bounded(Bound::Exactly(3.0)),
    ]))
}
// ANCHOR_END: one_cpu

// ANCHOR: cores
pub const CORES: Claim = Claim {
    id: "cpu-bound-threads-use-free-cores",
    statement: "The same job split over four threads that may use every CPU keeps more \
                than one core busy when two cores are free: more than 1.1 seconds of CPU \
                time per second of wall time.",
    check: check_cores,
};

fn check_cores() -> io::Result<Verdict> {
    if let Some(not_applicable) = Verdict::unless_cpus(2)? {
        return Ok(not_applicable);
    }
    let (mut runs, mut right_counts) = (0, 0);
    // Best of up to five trials, each read with the machine's load.
    let trials = ParallelTrials::run(1.1, 5, || {
        let (primes, job) = count_primes(LIMIT, 4, None)?;
        runs += 1;
        if primes == PRIMES {
            right_counts += 1;
        }
        Ok(job.ratio())
    })?;
    Ok(trials.verdict(vec![
        Figure::new("trials that counted 33,860 primes", right_counts as f64, "")
            .bounded(Bound::Exactly(runs as f64)),
    ]))
}
// ANCHOR_END: cores
