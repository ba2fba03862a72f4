//! Listings 11-18 and 11-19: the cost of sharing. Two threads that each
//! add to their own counter slow each other down when the two counters
//! share a cache line; two threads that add to one shared counter slow each
//! other down more than two that count in local variables and add once.

use std::io;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::thread;
use std::time::{Duration, Instant};

use listings::claims::{Bound, Claim, Figure, ParallelTrials, Verdict};
use listings::measure;

// ANCHOR: padding
/// Two counters in one cache line: the pair starts on a 64-byte boundary
/// and is 16 bytes long.
#[repr(C, align(64))]
pub struct SameLine {
    pub a: AtomicU64,
    pub b: AtomicU64,
}

/// A counter alone in a 128-byte block, so that two of them never share a
/// cache line, nor a pair of lines that the CPU fetches together.
#[repr(align(128))]
pub struct Padded(pub AtomicU64);

/// Two threads each add 1 to their own counter `n` times; returns how long
/// that took.
pub fn count_apart(a: &AtomicU64, b: &AtomicU64, n: u64) -> Duration {
    let start = Instant::now();
    thread::scope(|s| {
        s.spawn(|| bump(a, n));
        s.spawn(|| bump(b, n));
    });
    start.elapsed()
}

fn bump(counter: &AtomicU64, n: u64) {
    for _ in 0..n {
        counter.fetch_add(1, Relaxed);
    }
}

pub fn main() {
    let n = 5_000_000;
    let same = SameLine {
        a: AtomicU64::new(0),
        b: AtomicU64::new(0),
    };
    let apart = [Padded(AtomicU64::new(0)), Padded(AtomicU64::new(0))];
    let one_line = count_apart(&same.a, &same.b, n);
    let padded = count_apart(&apart[0].0, &apart[1].0, n);
    println!("counters in one cache line: {one_line:?}");
    println!("counters 128 bytes apart:   {padded:?}");
    // The layouts the experiment relies on.
    let offset = |counter: &AtomicU64| counter as *const AtomicU64 as usize;
    assert_eq!(offset(&same.a) / 64, offset(&same.b) / 64);
    assert_eq!(offset(&apart[1].0) - offset(&apart[0].0), 128);
    // Each thread alone changes its counter, so none loses an update.
    for counter in [&same.a, &same.b, &apart[0].0, &apart[1].0] {
        assert_eq!(counter.load(Relaxed), n);
    }
}
// ANCHOR_END: padding

// ANCHOR: combine
/// Two threads each count `n` events, adding 1 to one shared counter for
/// every event.
pub fn count_shared(n: u64) -> u64 {
    let total = AtomicU64::new(0);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..n {
                    total.fetch_add(1, Relaxed);
                }
            });
        }
    });
    total.into_inner()
}

/// The same count, each thread counting in a local variable and adding
/// its count to the shared total once, at the end.
pub fn count_locally(n: u64) -> u64 {
    let total = AtomicU64::new(0);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                let mut mine = 0;
                for _ in 0..n {
                    mine += 1;
                }
                total.fetch_add(mine, Relaxed);
            });
        }
    });
    total.into_inner()
}
// ANCHOR_END: combine

// ANCHOR: claims
/// Increments per thread, in both experiments.
const N: u64 = 5_000_000;
/// The most trials, and the ratios of CPU time the claims need.
const TRIES: usize = 5;
const FALSE_SHARING_ABOVE: f64 = 2.0;
const SHARED_COUNTER_ABOVE: f64 = 2.0;

/// Runs `a` and `b` on two threads, both confined to CPU `pin` if one is
/// given; returns their results and the CPU time the two used together,
/// each read from the thread's own clock. A thread that is not running
/// uses no CPU time and, not running, slows nobody down: so other work on
/// the machine can only lower a ratio of two such times whose slower side
/// is slow because the threads run at the same time.
fn two_threads<A: Send, B: Send>(
    pin: Option<usize>,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> io::Result<(A, B, Duration)> {
    fn timed<T>(pin: Option<usize>, f: impl FnOnce() -> T) -> io::Result<(T, Duration)> {
        if let Some(cpu) = pin {
            measure::pin_current_thread(cpu)?;
        }
        let start = measure::thread_cpu_time();
        let value = f();
        Ok((value, measure::thread_cpu_time() - start))
    }
    thread::scope(|s| {
        let a = s.spawn(|| timed(pin, a));
        let b = s.spawn(|| timed(pin, b));
        let (a, a_cpu) = a.join().expect("a counting thread does not panic")?;
        let (b, b_cpu) = b.join().expect("a counting thread does not panic")?;
        Ok((a, b, a_cpu + b_cpu))
    })
}

/// The CPU time two threads use adding 1 `N` times each to their own
/// counter, the two counters in one cache line (`padded` false) or 128
/// bytes apart; the counts must come out exact.
fn own_counters(padded: bool, pin: Option<usize>) -> io::Result<Duration> {
    let same = SameLine {
        a: AtomicU64::new(0),
        b: AtomicU64::new(0),
    };
    let apart = [Padded(AtomicU64::new(0)), Padded(AtomicU64::new(0))];
    let (a, b) = if padded {
        (&apart[0].0, &apart[1].0)
    } else {
        (&same.a, &same.b)
    };
    let ((), (), cpu) = two_threads(pin, || bump(a, N), || bump(b, N))?;
    if a.load(Relaxed) != N || b.load(Relaxed) != N {
        return Err(io::Error::other(
            "a thread lost an update to its own counter",
        ));
    }
    Ok(cpu)
}

/// The CPU time two threads use counting `N` events each, adding each
/// one to a shared counter (`shared`) or counting locally and adding once;
/// the count must be exact.
fn events(shared: bool, pin: Option<usize>) -> io::Result<Duration> {
    let total = AtomicU64::new(0);
    let count = || {
        if shared {
            for _ in 0..N {
                total.fetch_add(1, Relaxed);
            }
        } else {
            let mut mine = 0;
            for _ in 0..N {
                mine += 1;
            }
            total.fetch_add(mine, Relaxed);
        }
    };
    let ((), (), cpu) = two_threads(pin, count, count)?;
    if total.into_inner() != 2 * N {
        return Err(io::Error::other("the count is wrong"));
    }
    Ok(cpu)
}

/// The check of a claim that `slow` uses more than `threshold` times the
/// CPU time of `fast`: the best ratio of up to `TRIES` trials, each read
/// with the machine's load (the calibration gate of [`ParallelTrials`]).
/// Holds if the best ratio is above the threshold; refuted if it is not
/// although a trial had two cores free; not applicable if none had.
fn slower(
    threshold: f64,
    what: &str,
    mut slow: impl FnMut() -> io::Result<Duration>,
    mut fast: impl FnMut() -> io::Result<Duration>,
) -> io::Result<Verdict> {
    let trials = ParallelTrials::run(threshold, TRIES, || {
        let slow = slow()?;
        let fast = fast()?;
        Ok(slow.as_secs_f64() / fast.as_secs_f64())
    })?;
    let ratio = Figure::new(
        format!("CPU time, {what}, best of up to {TRIES}"),
        trials.best,
        "",
    );
    let quiet = Figure::new("trials with two cores free", trials.quiet_trials as f64, "");
    let verdict = if trials.best > threshold || trials.quiet_trials > 0 {
        Verdict::from_figures(vec![ratio.bounded(Bound::Above(threshold)), quiet])
    } else {
        Verdict::not_applicable(
            format!(
                "the threads slow each other only while both run, and two cores were never \
                 free: other work kept {:.2} cores busy at best",
                trials.least_busy
            ),
            vec![ratio, quiet],
        )
        .with_parameter("threshold", threshold)
    };
    Ok(verdict
        .with_parameter("threads", 2.0)
        .with_parameter("increments per thread", N as f64))
}

pub const FALSE_SHARING: Claim = Claim {
    id: "false-sharing-padded-faster",
    statement: "Two threads that each add 1 to their own counter 5,000,000 times use more \
                than 2 times as much CPU time when the two counters share a cache line as \
                when they are 128 bytes apart, when two cores are free.",
    check: || {
        if let Some(not_applicable) = Verdict::unless_cpus(2)? {
            return Ok(not_applicable);
        }
        let claim = slower(
            FALSE_SHARING_ABOVE,
            "one cache line / 128 bytes apart",
            || own_counters(false, None),
            || own_counters(true, None),
        )?;
        // The control: the same threads confined to one CPU, where they
        // take turns and never hold the line at the same time.
        let cpu = measure::allowed_cpus()?[0];
        let control = slower(
            FALSE_SHARING_ABOVE,
            "one cache line / 128 bytes apart",
            || own_counters(false, Some(cpu)),
            || own_counters(true, Some(cpu)),
        )?;
        Ok(claim
            .against("both threads pinned to one CPU", control)
            .with_parameter("bytes apart", 128.0)
            .with_parameter("increment", 1.0))
    },
};

pub const SHARED_COUNTER: Claim = Claim {
    id: "shared-counter-slower-than-local",
    statement: "Two threads that each count 5,000,000 events use more than 2 times as \
                much CPU time adding 1 to a shared atomic counter for every event as \
                counting in a local variable and adding once, when two cores are free.",
    check: || {
        if let Some(not_applicable) = Verdict::unless_cpus(2)? {
            return Ok(not_applicable);
        }
        let claim = slower(
            SHARED_COUNTER_ABOVE,
            "shared counter / local counts",
            || events(true, None),
            || events(false, None),
        )?;
        // The control: the same threads confined to one CPU, where they
        // take turns and never hold the counter's line at the same time.
        let cpu = measure::allowed_cpus()?[0];
        let control = slower(
            SHARED_COUNTER_ABOVE,
            "shared counter / local counts",
            || events(true, Some(cpu)),
            || events(false, Some(cpu)),
        )?;
        Ok(claim
            .against("both threads pinned to one CPU", control)
            .with_parameter("increment", 1.0))
    },
};
// ANCHOR_END: claims
