//! Listing 8-5: a global interpreter lock made by hand. Two Rust threads do
//! the same CPU-bound work, once taking one global lock around every step
//! and once without it.

use std::hint::black_box;
use std::io;
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use listings::claims::{Claim, ParallelTrials, SerialTrials, Series, Verdict};
use listings::measure::{self, Overlap, Sampler};

// ANCHOR: listing
/// The one lock that every step must hold, like CPython's GIL.
static GIL: Mutex<()> = Mutex::new(());

/// One step of CPU-bound work: some microseconds of arithmetic, the
/// counterpart of one bytecode instruction.
fn step(x: u64) -> u64 {
    (0..2_000).fold(x, |x, _| {
        black_box(x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1))
    })
}

/// Does `steps` steps, holding the global lock during each one if
/// `with_gil`; returns the CPU time the steps themselves used, leaving out
/// the time spent waiting for the lock.
fn worker(steps: u32, with_gil: bool) -> Duration {
    let mut working = Duration::ZERO;
    let mut x = 1;
    for _ in 0..steps {
        let _held = with_gil.then(|| GIL.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
        let start = measure::thread_cpu_time();
        x = step(x);
        working += measure::thread_cpu_time() - start;
    }
    black_box(x);
    working
}

/// How many workers run side by side.
pub const WORKERS: usize = 2;

/// The workers side by side: how long they took and the CPU time their
/// steps used.
pub fn workers(steps: u32, with_gil: bool) -> Overlap {
    let (cpu, wall) = measure::wall_time(|| {
        thread::scope(|s| {
            let workers = [(); WORKERS].map(|()| s.spawn(move || worker(steps, with_gil)));
            workers.map(|w| w.join().expect("a worker does not panic"))
        })
    });
    Overlap {
        wall,
        cpu: cpu.to_vec(),
        cpus_seen: Default::default(),
    }
}

/// Steps per worker: about 0.2 s of work in an unoptimised build.
pub const STEPS: u32 = 8_000;

pub fn main() {
    let with_gil = workers(STEPS, true);
    let without = workers(STEPS, false);
    println!(
        "with the lock:    CPU time / wall time = {:.2}",
        with_gil.ratio()
    );
    println!(
        "without the lock: CPU time / wall time = {:.2}",
        without.ratio()
    );
    // Other work can only lower the ratio: with the lock it stays at most 1.
    assert!(with_gil.ratio() <= SERIAL, "the lock let the steps overlap");
}
// ANCHOR_END: listing

// ANCHOR: claims
/// The most CPU time per second of wall time that steps taking turns may
/// show, give or take the clocks.
pub const SERIAL: f64 = 1.05;

/// The least that shows two workers computing at the same time.
const PARALLEL: f64 = 1.1;

pub const SERIALISES: Claim = Claim {
    id: "handmade-gil-serialises",
    statement: "Two Rust threads that take one global lock around every step of their \
                CPU-bound work never run at the same time: on every one of three trials \
                their steps use at most 1.05 seconds of CPU time per second of wall time.",
    check: || {
        // One trial above the bound refutes the claim whatever the load; the
        // claim holds only if some trial had two cores free.
        let with_gil = SerialTrials::run(SERIAL, 3, || Ok(workers(STEPS, true).ratio()))?;
        // The control: the same workers without the lock, the same bound.
        let without = SerialTrials::run(SERIAL, 2, || Ok(workers(STEPS, false).ratio()))?;
        Ok(with_gil
            .verdict(vec![])
            .with_parameter("threads", WORKERS as f64)
            .against("without the lock", without.verdict(vec![])))
    },
};

pub const WITHOUT: Claim = Claim {
    id: "without-the-gil-rust-threads-overlap",
    statement: "Without the global lock, the same two threads run at the same time when \
                two cores are free: together their steps use more than 1.1 seconds of CPU \
                time per second of wall time.",
    check: check_without,
};

fn check_without() -> io::Result<Verdict> {
    if let Some(not_applicable) = Verdict::unless_cpus(2)? {
        return Ok(not_applicable);
    }
    let without = ParallelTrials::run(PARALLEL, 5, || Ok(workers(STEPS, false).ratio()))?;
    // The control: the same workers with the lock, judged by the same check.
    let with_gil = ParallelTrials::run(PARALLEL, 2, || Ok(workers(STEPS, true).ratio()))?;
    Ok(with_timeline(without.verdict(vec![]))?
        .with_parameter("threads", WORKERS as f64)
        .against("with the lock", with_gil.verdict(vec![])))
}
// ANCHOR_END: claims

/// How often the timeline samples a worker, and for how long.
const SAMPLE_EVERY: Duration = Duration::from_micros(100);
const TIMELINE: Duration = Duration::from_millis(50);

/// `verdict` with the series of the book's figure, which decides nothing:
/// the workers without the lock, stepping for the first 50 ms while each
/// samples, inside itself, the time and the CPU it runs on.
fn with_timeline(verdict: Verdict) -> io::Result<Verdict> {
    let start = Instant::now();
    let samples = thread::scope(|s| {
        let workers = [(); WORKERS].map(|()| {
            s.spawn(move || -> io::Result<Vec<(f64, f64)>> {
                let mut sampler = Sampler::new(start, SAMPLE_EVERY, TIMELINE);
                let mut x = 1;
                while start.elapsed() < TIMELINE {
                    sampler.sample()?;
                    x = step(x);
                }
                black_box(x);
                Ok(sampler.samples)
            })
        });
        workers.map(|w| w.join().expect("a worker does not panic"))
    });
    samples
        .into_iter()
        .enumerate()
        .try_fold(verdict, |verdict, (i, points)| {
            let name = format!("thread {}", i + 1);
            Ok(verdict.with_series(Series::new(name, "ms", "CPU", points?)))
        })
}
