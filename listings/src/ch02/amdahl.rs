//! Listing 2-4: work with a known serial fraction, run on 1, 2, ... threads,
//! and its speedup next to Amdahl's prediction.

use std::io;
use std::thread;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;

// ANCHOR: listing
/// Amdahl's law: the speedup on `threads` threads of work whose serial
/// fraction is `serial`.
pub fn amdahl(serial: f64, threads: usize) -> f64 {
    1.0 / (serial + (1.0 - serial) / threads as f64)
}

/// Does `work` of CPU time: the fraction `serial` on this thread, then the
/// rest split evenly over `threads` threads. Returns the wall time taken.
pub fn run(work: Duration, serial: f64, threads: usize) -> Duration {
    let ((), wall) = measure::wall_time(|| {
        spin(work.mul_f64(serial));
        let share = work.mul_f64((1.0 - serial) / threads as f64);
        thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| spin(share));
            }
        });
    });
    wall
}

/// Busy-waits until this thread has used `work` of CPU time.
fn spin(work: Duration) {
    let start = measure::thread_cpu_time();
    while measure::thread_cpu_time() - start < work {}
}

/// The speedup of a run: the time the work takes on one core that does
/// nothing else, which is `work` itself, over the run's wall time.
pub fn speedup(work: Duration, wall: Duration) -> f64 {
    work.as_secs_f64() / wall.as_secs_f64()
}

pub fn main() -> io::Result<()> {
    let (work, serial) = (Duration::from_millis(300), 0.2);
    let cpus = measure::allowed_cpus()?.len();
    println!("threads  wall time  speedup  Amdahl");
    for threads in 1..=cpus {
        let wall = run(work, serial, threads);
        println!(
            "{threads:>7}  {:>9.3?}  {:>7.2}  {:>6.2}",
            wall,
            speedup(work, wall),
            amdahl(serial, threads)
        );
    }
    Ok(())
}
// ANCHOR_END: listing

const WORK: Duration = Duration::from_millis(300);
const SERIAL: f64 = 0.2;

// ANCHOR: bound
pub const BOUND: Claim = Claim {
    id: "amdahl-bound-holds",
    statement: "Work of which one fifth is serial never beats Amdahl's law: on N threads, \
                for every N from 1 to the number of CPUs this process may use, its speedup \
                is at most 1.1 times 1/(s + (1 - s)/N), with s = 0.2.",
    check: check_bound,
};

fn check_bound() -> io::Result<Verdict> {
    if let Some(not_applicable) = Verdict::unless_cpus(2)? {
        return Ok(not_applicable);
    }
    let cpus = measure::allowed_cpus()?.len();
    let mut figures = Vec::new();
    for threads in 1..=cpus {
        // Other work can only slow a run down, so every run must respect
        // the bound: keep the fastest of three.
        let fastest = (0..3)
            .map(|_| speedup(WORK, run(WORK, SERIAL, threads)))
            .fold(0.0, f64::max);
        let name = format!("N = {threads}: speedup / Amdahl, highest of 3");
        figures.push(
            Figure::new(name, fastest / amdahl(SERIAL, threads), "").bounded(Bound::AtMost(1.1)),
        );
    }
    Ok(Verdict::from_figures(figures))
}
// ANCHOR_END: bound

// ANCHOR: reached
pub const REACHED: Claim = Claim {
    id: "amdahl-speedup-reached",
    statement: "When N cores are free, the same work comes close to Amdahl's law: for every \
                N from 1 to the number of CPUs this process may use, its speedup on N \
                threads is at least 0.8 times 1/(s + (1 - s)/N).",
    check: check_reached,
};

fn check_reached() -> io::Result<Verdict> {
    if let Some(not_applicable) = Verdict::unless_cpus(2)? {
        return Ok(not_applicable);
    }
    let cpus = measure::allowed_cpus()?.len();
    let (mut decided, mut undecided) = (Vec::new(), Vec::new());
    for threads in 1..=cpus {
        let mut best: f64 = 0.0;
        let mut quiet_trials = 0;
        for _ in 0..5 {
            let (wall, load) = measure::load_during(|| run(WORK, SERIAL, threads))?;
            best = best.max(speedup(WORK, wall) / amdahl(SERIAL, threads));
            if load.cores_free(threads) {
                quiet_trials += 1;
            }
            if best >= 0.8 {
                break;
            }
        }
        let name = format!("N = {threads}: speedup / Amdahl, best of up to 5");
        let figure = Figure::new(name, best, "");
        // A busy machine only lowers the speedup: a high one counts whatever
        // the load, a low one only if some trial had N cores free.
        if best >= 0.8 || quiet_trials > 0 {
            decided.push(figure.bounded(Bound::AtLeast(0.8)));
        } else {
            undecided.push(figure);
        }
    }
    let refuted = decided.iter().any(|f| !f.within_bound());
    if undecided.is_empty() || refuted {
        decided.extend(undecided);
        Ok(Verdict::from_figures(decided))
    } else {
        let reason = "some thread counts never had as many cores free as threads";
        decided.extend(undecided);
        Ok(Verdict::not_applicable(reason, decided))
    }
}
// ANCHOR_END: reached
