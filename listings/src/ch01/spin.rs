//! Listing 1-3: two threads that keep a core busy, and a measurement of
//! whether they ran at the same time.

use std::collections::BTreeSet;
use std::io;
use std::thread;
use std::time::{Duration, Instant};

use listings::claims::{Claim, ParallelTrials, SerialTrials, Series, Verdict, pinned_to_one_cpu};
use listings::measure::{self, Overlap, Sampler};

// ANCHOR: listing
/// What the spinning threads did.
pub struct Spun {
    /// Their CPU time and wall time, and the CPUs they were seen on.
    pub overlap: Overlap,
    /// The most CPUs that a thread's affinity mask allowed, read in the
    /// thread itself.
    pub widest_mask: usize,
}

/// Runs `threads` threads that each spin until they have used `work` of
/// CPU time, all confined to CPU `pin` if one is given.
pub fn spin_threads(threads: usize, work: Duration, pin: Option<usize>) -> io::Result<Spun> {
    let (results, wall) = measure::wall_time(|| {
        thread::scope(|s| {
            let spinners: Vec<_> = (0..threads).map(|_| s.spawn(|| spin(work, pin))).collect();
            spinners
                .into_iter()
                .map(|spinner| spinner.join().expect("spin returns its errors"))
                .collect::<Vec<_>>()
        })
    });
    let mut spun = Spun {
        overlap: Overlap {
            wall,
            cpu: Vec::new(),
            cpus_seen: BTreeSet::new(),
        },
        widest_mask: 0,
    };
    for result in results {
        let (cpu_time, cpus, mask) = result?;
        spun.overlap.cpu.push(cpu_time);
        spun.overlap.cpus_seen.extend(cpus);
        spun.widest_mask = spun.widest_mask.max(mask);
    }
    Ok(spun)
}

/// Busy-waits until this thread has used `work` of CPU time; returns the
/// CPU time used, the CPUs it ran on and the size of its affinity mask.
fn spin(work: Duration, pin: Option<usize>) -> io::Result<(Duration, BTreeSet<usize>, usize)> {
    if let Some(cpu) = pin {
        measure::pin_current_thread(cpu)?;
    }
    let mask = measure::allowed_cpus()?.len();
    let start = measure::thread_cpu_time();
    let mut cpus = BTreeSet::new();
    while measure::thread_cpu_time() - start < work {
        cpus.insert(measure::current_cpu()?);
    }
    Ok((measure::thread_cpu_time() - start, cpus, mask))
}

pub fn main() -> io::Result<()> {
    let work = Duration::from_millis(200);
    let free = spin_threads(2, work, None)?.overlap;
    println!("free:   CPU time / wall time = {:.2}", free.ratio());
    let first_cpu = measure::allowed_cpus()?[0];
    let pinned = spin_threads(2, work, Some(first_cpu))?.overlap;
    println!("pinned: CPU time / wall time = {:.2}", pinned.ratio());
    // One CPU supplies at most one second of CPU time per second.
    assert!(
        pinned.ratio() <= 1.05,
        "pinned threads ran at the same time"
    );
    Ok(())
}
// ANCHOR_END: listing

/// The threads of both claims, and the CPU time each one spins for.
const THREADS: usize = 2;
const WORK: Duration = Duration::from_millis(200);
/// The ratio above which the threads ran at the same time.
const OVERLAP_ABOVE: f64 = 1.1;
/// The ratio that threads confined to one CPU never exceed.
const ONE_CPU_AT_MOST: f64 = 1.05;

/// The parameters the statements of both claims name.
fn with_parameters(verdict: Verdict) -> Verdict {
    verdict
        .with_parameter("threads", THREADS as f64)
        .with_parameter("CPU time each thread spins, ms", WORK.as_millis() as f64)
}

// ANCHOR: overlap
pub const OVERLAP: Claim = Claim {
    id: "two-threads-overlap",
    statement: "Two threads that each spin for 200 ms of CPU time run at the same time \
                when two cores are free: together they use more than 1.1 seconds of CPU \
                time per second of wall time.",
    check: check_overlap,
};

/// The check of two-threads-overlap: the best ratio of up to `tries`
/// trials, on threads pinned to `pin` or free.
fn overlaps(tries: usize, pin: Option<usize>) -> io::Result<Verdict> {
    let trial = || Ok(spin_threads(THREADS, WORK, pin)?.overlap.ratio());
    let trials = ParallelTrials::run(OVERLAP_ABOVE, tries, trial)?;
    Ok(trials.verdict(vec![]))
}

fn check_overlap() -> io::Result<Verdict> {
    if let Some(not_applicable) = Verdict::unless_cpus(2)? {
        return Ok(not_applicable);
    }
    // Best of up to five trials, each read with the machine's load.
    let claim = with_timeline(overlaps(5, None)?, "free", None)?;
    // The control: the same threads pinned to one CPU, the same check.
    let cpu = measure::allowed_cpus()?[0];
    let control = with_timeline(overlaps(2, Some(cpu))?, "pinned", Some(cpu))?;
    Ok(with_parameters(claim.against("pinned to one CPU", control)))
}
// ANCHOR_END: overlap

/// How often the timeline samples a spinning thread, and for how long.
const SAMPLE_EVERY: Duration = Duration::from_micros(100);
const TIMELINE: Duration = Duration::from_millis(30);

/// `verdict` with the series of the book's figure, which decides nothing:
/// the same threads, free or pinned to `pin`, spinning for the first 30 ms
/// while each samples, inside itself, the time and the CPU it runs on.
fn with_timeline(verdict: Verdict, name: &str, pin: Option<usize>) -> io::Result<Verdict> {
    let start = Instant::now();
    let samples = thread::scope(|s| {
        let spinners: Vec<_> = (0..THREADS)
            .map(|_| {
                s.spawn(move || -> io::Result<Vec<(f64, f64)>> {
                    if let Some(cpu) = pin {
                        measure::pin_current_thread(cpu)?;
                    }
                    let mut sampler = Sampler::new(start, SAMPLE_EVERY, TIMELINE);
                    while start.elapsed() < TIMELINE {
                        sampler.sample()?;
                    }
                    Ok(sampler.samples)
                })
            })
            .collect();
        spinners
            .into_iter()
            .map(|spinner| spinner.join().expect("a sampling thread does not panic"))
            .collect::<io::Result<Vec<_>>>()
    })?;
    Ok(samples
        .into_iter()
        .enumerate()
        .fold(verdict, |verdict, (i, points)| {
            let name = format!("{name}, thread {}", i + 1);
            verdict.with_series(Series::new(name, "ms", "CPU", points))
        }))
}

// ANCHOR: one_cpu
pub const ONE_CPU: Claim = Claim {
    id: "one-cpu-no-overlap",
    statement: "The same two threads confined to one CPU never run at the same time: \
                they use at most 1.05 seconds of CPU time per second of wall time.",
    check: check_one_cpu,
};

/// The check of one-cpu-no-overlap: the worst ratio of `tries` trials, on
/// threads pinned to `pin` or free. Pinned threads must also have run on
/// one CPU, with one CPU in their affinity masks.
fn serial(tries: usize, pin: Option<usize>) -> io::Result<Verdict> {
    let (mut cpus_seen, mut widest_mask) = (BTreeSet::new(), 0);
    let trials = SerialTrials::run(ONE_CPU_AT_MOST, tries, || {
        let spun = spin_threads(THREADS, WORK, pin)?;
        cpus_seen.extend(spun.overlap.cpus_seen.iter().copied());
        widest_mask = widest_mask.max(spun.widest_mask);
        Ok(spun.overlap.ratio())
    })?;
    let figures = if pin.is_some() {
        pinned_to_one_cpu(cpus_seen.len(), widest_mask).to_vec()
    } else {
        vec![]
    };
    Ok(trials.verdict(figures))
}

fn check_one_cpu() -> io::Result<Verdict> {
    if let Some(not_applicable) = Verdict::unless_cpus(2)? {
        return Ok(not_applicable);
    }
    // Other work can only lower the ratio, so every trial must stay low; but
    // a low ratio proves nothing unless a trial had two cores free.
    let cpu = measure::allowed_cpus()?[0];
    let claim = serial(3, Some(cpu))?;
    // The control: the same threads free to use every CPU, the same check.
    let control = serial(3, None)?;
    Ok(with_parameters(
        claim.against("free to use every CPU", control),
    ))
}
// ANCHOR_END: one_cpu
