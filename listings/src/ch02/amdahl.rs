//! Listing 2-4: work with a known serial fraction, run on 1, 2, ... threads,
//! and its speedup next to Amdahl's prediction.

use std::io;
use std::thread;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, SerialTrials, Series, Verdict};
use listings::measure;

// ANCHOR: listing
/// Amdahl's law: the speedup on `threads` threads of work whose serial
/// fraction is `serial`.
pub fn amdahl(serial: f64, threads: usize) -> f64 {
    1.0 / (serial + (1.0 - serial) / threads as f64)
}

/// What a run of the work took.
pub struct Run {
    /// From the start of the serial part to the end of the last thread.
    pub wall: Duration,
    /// The CPU time that the serial part used.
    pub serial_cpu: Duration,
}

/// Does `work` of CPU time: the fraction `serial` on this thread, then the
/// rest split evenly over `threads` threads.
pub fn run(work: Duration, serial: f64, threads: usize) -> Run {
    let (serial_cpu, wall) = measure::wall_time(|| {
        let serial_cpu = spin(work.mul_f64(serial));
        let share = work.mul_f64((1.0 - serial) / threads as f64);
        thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| spin(share));
            }
        });
        serial_cpu
    });
    Run { wall, serial_cpu }
}

/// Busy-waits until this thread has used `work` of CPU time; returns the
/// CPU time it used.
fn spin(work: Duration) -> Duration {
    let start = measure::thread_cpu_time();
    while measure::thread_cpu_time() - start < work {}
    measure::thread_cpu_time() - start
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
        let wall = run(work, serial, threads).wall;
        let (measured, predicted) = (speedup(work, wall), amdahl(serial, threads));
        println!("{threads:>7}  {wall:>9.3?}  {measured:>7.2}  {predicted:>6.2}");
        // A busy machine can only lower the speedup.
        assert!(measured <= 1.1 * predicted, "the work beat Amdahl's law");
    }
    Ok(())
}
// ANCHOR_END: listing

// ANCHOR: bound
pub const BOUND: Claim = Claim {
    id: "amdahl-bound-holds",
    statement: "Work of which one fifth is serial never beats Amdahl's law: on N threads, \
                for every N from 1 to the number of CPUs this process may use, its speedup \
                is at most 1.1 times 1/(s + (1 - s)/N), with s = 0.2.",
    check: check_bound,
};

/// The work of both claims, and its serial fraction.
const WORK: Duration = Duration::from_millis(300);
const SERIAL: f64 = 0.2;

/// A run of `WORK` with serial fraction `SERIAL` on `threads` threads, as
/// `experiment` does it: its speedup over Amdahl's prediction for that
/// fraction, and the fraction of the work that its serial part really did.
fn trial(experiment: fn(Duration, f64, usize) -> Run, threads: usize) -> (f64, f64) {
    let done = experiment(WORK, SERIAL, threads);
    let ratio = speedup(WORK, done.wall) / amdahl(SERIAL, threads);
    (ratio, done.serial_cpu.as_secs_f64() / WORK.as_secs_f64())
}

/// The serial fractions that the runs did, as a figure that must equal
/// `SERIAL` to two decimals, whatever the load: the one furthest from it.
fn serial_done(fractions: &[f64]) -> Figure {
    let rounded = |f: f64| (f * 100.0).round() / 100.0;
    let furthest = fractions
        .iter()
        .map(|&f| rounded(f))
        .max_by(|a, b| (a - SERIAL).abs().total_cmp(&(b - SERIAL).abs()))
        .unwrap_or(f64::NAN);
    Figure::new("serial part's CPU time / work, to 2 decimals", furthest, "")
        .bounded(Bound::Exactly(SERIAL))
}

/// How many times Amdahl's prediction the speedup may reach at most.
const AT_MOST: f64 = 1.1;

/// The control: the same work, but its serial part runs in a thread of its
/// own, beside the parallel part, so that it is not serial at all.
fn run_serial_part_beside(work: Duration, serial: f64, threads: usize) -> Run {
    let (serial_cpu, wall) = measure::wall_time(|| {
        thread::scope(|s| {
            let serial_part = s.spawn(|| spin(work.mul_f64(serial)));
            let share = work.mul_f64((1.0 - serial) / threads as f64);
            for _ in 0..threads {
                s.spawn(move || spin(share));
            }
            serial_part.join().expect("spin does not panic")
        })
    });
    Run { wall, serial_cpu }
}

/// The check: for every N, the highest speedup over Amdahl's prediction in
/// up to `tries` trials of `experiment` must be at most 1.1 times it. Other work
/// can only lower a speedup, so one trial above refutes the claim; but a
/// low one decides only for an N that had a trial with two cores free.
fn never_beats(experiment: fn(Duration, f64, usize) -> Run, tries: usize) -> io::Result<Verdict> {
    let (mut figures, mut fractions, mut undecided) = (Vec::new(), Vec::new(), Vec::new());
    for threads in 1..=measure::allowed_cpus()?.len() {
        let trials = SerialTrials::run(AT_MOST, tries, || {
            let (ratio, fraction) = trial(experiment, threads);
            fractions.push(fraction);
            Ok(ratio)
        })?;
        let name = format!("N = {threads}: speedup / Amdahl, highest of up to {tries}");
        figures.push(Figure::new(name, trials.worst, "").bounded(Bound::AtMost(AT_MOST)));
        let quiet = format!("N = {threads}: trials with two cores free");
        figures.push(Figure::new(quiet, trials.quiet_trials as f64, ""));
        if trials.quiet_trials == 0 {
            undecided.push(threads.to_string());
        }
    }
    figures.push(serial_done(&fractions));
    if undecided.is_empty() || figures.iter().any(|f| !f.within_bound()) {
        Ok(Verdict::from_figures(figures))
    } else {
        let reason = format!(
            "the check could not have failed here: two cores were never free for N = {}",
            undecided.join(", ")
        );
        Ok(Verdict::undecided(reason, figures))
    }
}

fn check_bound() -> io::Result<Verdict> {
    // No CPU count to require: on one CPU, no trial has two cores free and
    // the claim is not applicable, but the serial fraction is still checked.
    let claim = never_beats(run, 3)?;
    // It can beat the law by 1.25 at most, for one thread, so it gets more
    // trials: they stop at the first that beats the bound.
    let control = never_beats(run_serial_part_beside, 5)?;
    Ok(claim
        .against("the serial part run beside the parallel part", control)
        .with_parameter("s, the serial fraction", SERIAL))
}
// ANCHOR_END: bound

/// How many times Amdahl's prediction the speedup must reach at least.
const AT_LEAST: f64 = 0.8;

// ANCHOR: reached
pub const REACHED: Claim = Claim {
    id: "amdahl-speedup-reached",
    statement: "When N cores are free, the same work comes close to Amdahl's law: for every \
                N from 1 to the number of CPUs this process may use, its speedup on N \
                threads is at least 0.8 times 1/(s + (1 - s)/N).",
    check: check_reached,
};

/// The control: the same run on a thread confined to CPU `cpu`, whose
/// threads inherit its affinity mask.
fn run_pinned(cpu: usize, threads: usize) -> io::Result<Run> {
    thread::scope(|s| {
        s.spawn(|| {
            measure::pin_current_thread(cpu)?;
            let mask = measure::allowed_cpus()?;
            if mask != [cpu] {
                return Err(io::Error::other(format!(
                    "pinned to {cpu}, the mask is {mask:?}"
                )));
            }
            Ok(run(WORK, SERIAL, threads))
        })
        .join()
        .expect("a pinned run does not panic")
    })
}

/// The check: for every N, the best speedup over Amdahl's prediction in up
/// to `tries` trials, free or confined to CPU `pin`, must be at least 0.8
/// times it. A busy machine only lowers the speedup: a high one counts
/// whatever the load, a low one only if some trial had N cores free.
fn comes_close(tries: usize, pin: Option<usize>) -> io::Result<Verdict> {
    let (mut decided, mut undecided, mut fractions) = (Vec::new(), Vec::new(), Vec::new());
    let mut speedups = Vec::new();
    for threads in 1..=measure::allowed_cpus()?.len() {
        let mut best: f64 = 0.0;
        let mut quiet_trials = 0;
        for _ in 0..tries {
            let (done, load) = measure::load_during(|| match pin {
                Some(cpu) => run_pinned(cpu, threads),
                None => Ok(run(WORK, SERIAL, threads)),
            })?;
            let done = done?;
            best = best.max(speedup(WORK, done.wall) / amdahl(SERIAL, threads));
            fractions.push(done.serial_cpu.as_secs_f64() / WORK.as_secs_f64());
            if load.cores_free(threads) {
                quiet_trials += 1;
            }
            if best >= AT_LEAST {
                break;
            }
        }
        speedups.push((threads as f64, best * amdahl(SERIAL, threads)));
        let name = format!("N = {threads}: speedup / Amdahl, best of up to {tries}");
        let figure = Figure::new(name, best, "");
        if best >= AT_LEAST || quiet_trials > 0 {
            decided.push(figure.bounded(Bound::AtLeast(AT_LEAST)));
        } else {
            undecided.push(figure);
        }
    }
    decided.push(serial_done(&fractions));
    let refuted = decided.iter().any(|f| !f.within_bound());
    let speedup = Series::new("speedup", "threads", "", speedups);
    if undecided.is_empty() || refuted {
        decided.extend(undecided);
        Ok(Verdict::from_figures(decided).with_series(speedup))
    } else {
        let reason = "some thread counts never had as many cores free as threads";
        decided.extend(undecided);
        Ok(Verdict::not_applicable(reason, decided).with_series(speedup))
    }
}

/// The most threads the figure's curve of Amdahl's law goes to.
const CURVE_TO: usize = 64;

/// `verdict` with the law's curve for `SERIAL` and its limit, 1/s, as
/// series for the book's figure.
fn with_law(verdict: Verdict) -> Verdict {
    let curve = (1..=CURVE_TO).map(|n| (n as f64, amdahl(SERIAL, n)));
    let limit = [(1.0, 1.0 / SERIAL), (CURVE_TO as f64, 1.0 / SERIAL)];
    verdict
        .with_series(Series::new("Amdahl's law", "threads", "", curve))
        .with_series(Series::new("limit", "threads", "", limit))
}

fn check_reached() -> io::Result<Verdict> {
    if let Some(not_applicable) = Verdict::unless_cpus(2)? {
        return Ok(not_applicable);
    }
    let claim = comes_close(5, None)?;
    let cpu = measure::allowed_cpus()?[0];
    let control = comes_close(2, Some(cpu))?;
    Ok(with_law(claim).against("every thread confined to one CPU", control))
}
// ANCHOR_END: reached
