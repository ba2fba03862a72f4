//! Listing 3-4: one CPU-bound job, counting primes, split over threads.
//! Throughput needs cores, not just threads.

use std::collections::BTreeSet;
use std::io;
use std::thread;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, ParallelTrials, SerialTrials, Verdict};
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
                            // The thread's own mask says whether the pin took.
                            let mask = measure::allowed_cpus()?;
                            if mask != [cpu] {
                                let message = format!("pinned to CPU {cpu}, the mask is {mask:?}");
                                return Err(io::Error::other(message));
                            }
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
        assert_eq!(primes, 33_860, "the primes below 400,000");
        if pin.is_some() {
            // One CPU supplies at most one second of CPU time per second.
            assert!(
                job.ratio() <= 1.05,
                "threads on one CPU ran at the same time"
            );
        }
    }
    Ok(())
}
// ANCHOR_END: listing

const LIMIT: u64 = 400_000;
/// The number of primes below 400,000.
const PRIMES: u64 = 33_860;
/// The threads that share the job, in both claims.
const THREADS: u64 = 4;
/// The ratio that threads confined to one CPU never exceed, and the one
/// that threads free to use two cores exceed.
const ONE_CPU_AT_MOST: f64 = 1.05;
const FREE_ABOVE: f64 = 1.1;

/// A run of the job on `THREADS` threads, confined to CPU `pin` if one is
/// given: its ratio of CPU time to wall time, and what the run saw.
fn trial(pin: Option<usize>, seen: &mut Seen) -> io::Result<f64> {
    let (primes, job) = count_primes(LIMIT, THREADS, pin)?;
    seen.runs += 1;
    seen.right_counts += usize::from(primes == PRIMES);
    seen.cpus.extend(job.cpus_seen.iter().copied());
    Ok(job.ratio())
}

/// What the runs of a check saw besides their ratios.
#[derive(Default)]
struct Seen {
    runs: usize,
    right_counts: usize,
    cpus: BTreeSet<usize>,
}

impl Seen {
    /// Every run must have counted the primes right, whatever the load.
    fn counts(&self) -> Figure {
        Figure::new(
            format!("trials that counted {PRIMES} primes"),
            self.right_counts as f64,
            "",
        )
        .bounded(Bound::Exactly(self.runs as f64))
    }
}

fn with_threads(verdict: Verdict) -> Verdict {
    verdict.with_parameter("threads", THREADS as f64)
}

// ANCHOR: one_cpu
pub const ONE_CPU: Claim = Claim {
    id: "cpu-bound-threads-one-cpu-no-speedup",
    statement: "A CPU-bound job split over four threads confined to one CPU gains no \
                parallelism: the threads take turns on that CPU and together use at most \
                1.05 seconds of CPU time per second of wall time.",
    check: check_one_cpu,
};

/// The check of one-cpu-no-speedup: the worst ratio of `tries` trials, on
/// threads confined to CPU `pin` or free. Other work can only lower the
/// ratio, so every trial must stay low; but a low ratio proves nothing
/// unless a trial had two cores free. Pinned threads must also have run
/// on one CPU.
fn no_speedup(tries: usize, pin: Option<usize>) -> io::Result<Verdict> {
    let mut seen = Seen::default();
    let trials = SerialTrials::run(ONE_CPU_AT_MOST, tries, || trial(pin, &mut seen))?;
    let mut figures = vec![seen.counts()];
    if pin.is_some() {
        figures.push(
            Figure::new("CPUs the threads ran on", seen.cpus.len() as f64, "")
                .bounded(Bound::Exactly(1.0)),
        );
    }
    Ok(trials.verdict(figures))
}

fn check_one_cpu() -> io::Result<Verdict> {
    if let Some(not_applicable) = Verdict::unless_cpus(2)? {
        return Ok(not_applicable);
    }
    let cpu = measure::allowed_cpus()?[0];
    let claim = no_speedup(3, Some(cpu))?;
    // The control: the same threads free to use every CPU, the same check.
    let control = no_speedup(3, None)?;
    Ok(with_threads(
        claim.against("free to use every CPU", control),
    ))
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

/// The check of use-free-cores: the best ratio of up to `tries` trials, each
/// read with the machine's load, on threads confined to CPU `pin` or free.
fn uses_cores(tries: usize, pin: Option<usize>) -> io::Result<Verdict> {
    let mut seen = Seen::default();
    let trials = ParallelTrials::run(FREE_ABOVE, tries, || trial(pin, &mut seen))?;
    Ok(trials.verdict(vec![seen.counts()]))
}

fn check_cores() -> io::Result<Verdict> {
    if let Some(not_applicable) = Verdict::unless_cpus(2)? {
        return Ok(not_applicable);
    }
    let claim = uses_cores(5, None)?;
    // The control: the same threads confined to one CPU, the same check.
    let control = uses_cores(2, Some(measure::allowed_cpus()?[0]))?;
    Ok(with_threads(claim.against("confined to one CPU", control)))
}
// ANCHOR_END: cores
