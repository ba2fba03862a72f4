//! Listing 7-5: a global interpreter lock made by hand. Two Rust threads do
//! the same CPU-bound work, once taking one global lock around every step
//! and once without it.

use std::hint::black_box;
use std::io;
use std::sync::Mutex;
use std::thread;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, ParallelTrials, Verdict};
use listings::measure::{self, Overlap};

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

/// Two workers side by side: how long they took and the CPU time their
/// steps used.
pub fn two_workers(steps: u32, with_gil: bool) -> Overlap {
    let (cpu, wall) = measure::wall_time(|| {
        thread::scope(|s| {
            let workers = [0, 1].map(|_| s.spawn(move || worker(steps, with_gil)));
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
    let with_gil = two_workers(STEPS, true);
    let without = two_workers(STEPS, false);
    println!(
        "with the lock:    CPU time / wall time = {:.2}",
        with_gil.ratio()
    );
    println!(
        "without the lock: CPU time / wall time = {:.2}",
        without.ratio()
    );
}
// ANCHOR_END: listing

// ANCHOR: claims
pub const SERIALISES: Claim = Claim {
    id: "handmade-gil-serialises",
    statement: "Two Rust threads that take one global lock around every step of their \
                CPU-bound work never run at the same time: on every one of three trials \
                their steps use at most 1.05 seconds of CPU time per second of wall time.",
    check: || {
        let mut worst: f64 = 0.0;
        // Other work can only lower the ratio, so every trial must stay low.
        for _ in 0..3 {
            worst = worst.max(two_workers(STEPS, true).ratio());
        }
        Ok(Verdict::from_figures(vec![
            Figure::new("CPU time / wall time with the lock, worst of 3", worst, "")
                .bounded(Bound::AtMost(1.05)),
        ]))
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
    let trials = ParallelTrials::run(1.1, 5, || Ok(two_workers(STEPS, false).ratio()))?;
    Ok(trials.verdict(vec![]))
}
// ANCHOR_END: claims
