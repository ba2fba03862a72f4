//! Listing 11-16: the store-buffering test. Two threads each store 1 to
//! their own variable, then load the other's. If every thread's accesses
//! took effect in program order, one of the two loads would see the other
//! thread's 1. Both loads seeing 0 shows a store that waited, in its
//! core's store buffer, until after the load that followed it.

use std::hint;
use std::io;
use std::sync::atomic::{
    AtomicU32, AtomicUsize,
    Ordering::{self, Acquire, Relaxed, Release, SeqCst},
};
use std::thread;

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;

// ANCHOR: listing
/// Runs `trials` store-buffering trials whose stores use the ordering
/// `store` and whose loads use `load`; returns in how many both loads saw 0.
pub fn both_saw_zero(trials: usize, store: Ordering, load: Ordering) -> usize {
    // Two fresh variables for every trial, so that none needs resetting.
    let x: Vec<AtomicU32> = (0..trials).map(|_| AtomicU32::new(0)).collect();
    let y: Vec<AtomicU32> = (0..trials).map(|_| AtomicU32::new(0)).collect();
    let arrived = AtomicUsize::new(0);
    // Both threads wait here before trial k until both have arrived, so that
    // their stores race. They spin, and let another thread run now and then
    // in case the two share a CPU.
    let meet = |k: usize| {
        arrived.fetch_add(1, SeqCst);
        let mut spins = 0_u32;
        while arrived.load(Acquire) < 2 * (k + 1) {
            spins += 1;
            if spins.is_multiple_of(1024) {
                thread::yield_now();
            }
            hint::spin_loop();
        }
    };
    // Each thread runs `trials` trials and returns what its loads saw.
    let run = |mine: &[AtomicU32], theirs: &[AtomicU32]| -> Vec<u32> {
        (0..trials)
            .map(|k| {
                meet(k);
                mine[k].store(1, store);
                theirs[k].load(load)
            })
            .collect()
    };
    let (seen_by_a, seen_by_b) = thread::scope(|s| {
        let a = s.spawn(|| run(&x, &y));
        let b = s.spawn(|| run(&y, &x));
        let a = a.join().expect("a trial does not panic");
        let b = b.join().expect("a trial does not panic");
        (a, b)
    });
    seen_by_a
        .iter()
        .zip(&seen_by_b)
        .filter(|&(&a, &b)| a == 0 && b == 0)
        .count()
}

pub fn main() {
    let trials = 100_000;
    for (name, store, load) in [
        ("Relaxed", Relaxed, Relaxed),
        ("Release/Acquire", Release, Acquire),
        ("SeqCst", SeqCst, SeqCst),
    ] {
        let both = both_saw_zero(trials, store, load);
        println!("{name:>15}: both loads saw 0 in {both} of {trials} trials");
        if name == "SeqCst" {
            // The one promise that holds on every machine.
            assert_eq!(both, 0, "SeqCst rules out (0, 0)");
        }
    }
}
// ANCHOR_END: listing

// ANCHOR: claims
/// Trials in one round, and the most rounds a check runs.
const TRIALS: usize = 200_000;
const ROUNDS: usize = 3;

/// What rounds of store-buffering trials saw, with the machine's load.
struct Rounds {
    /// Trials in which both loads saw 0, over all rounds run.
    both_zero: usize,
    /// Rounds run.
    rounds: usize,
    /// Rounds during which other work left both cores free.
    quiet: usize,
    /// The fewest cores other work kept busy in any round.
    least_busy: f64,
}

/// Runs rounds of `TRIALS` trials with the orderings `store` and `load`
/// until one round shows both loads seeing 0 or one round has both cores
/// free, at most `ROUNDS` rounds. The outcome needs the two threads to run
/// at the same time: a round during which other work kept a core busy can
/// miss it by chance.
fn rounds(store: Ordering, load: Ordering) -> io::Result<Rounds> {
    let mut seen = Rounds {
        both_zero: 0,
        rounds: 0,
        quiet: 0,
        least_busy: f64::INFINITY,
    };
    while seen.rounds < ROUNDS {
        let (both_zero, load_seen) = measure::load_during(|| both_saw_zero(TRIALS, store, load))?;
        seen.rounds += 1;
        seen.both_zero += both_zero;
        seen.least_busy = seen.least_busy.min(load_seen.others_cores());
        if load_seen.two_cores_free() {
            seen.quiet += 1;
        }
        if seen.both_zero > 0 || seen.quiet > 0 {
            break;
        }
    }
    Ok(seen)
}

impl Rounds {
    fn figures(&self, bound: Bound) -> Vec<Figure> {
        vec![
            Figure::new(
                format!("trials, of {TRIALS} a round, in which both loads saw 0"),
                self.both_zero as f64,
                "",
            )
            .bounded(bound),
            Figure::new(
                format!("rounds run, at most {ROUNDS}"),
                self.rounds as f64,
                "",
            ),
            Figure::new("rounds with both cores free", self.quiet as f64, ""),
        ]
    }

    fn busy(&self) -> String {
        format!(
            "the outcome needs both threads running at once, and two cores were never free: \
             other work kept {:.2} cores busy at best",
            self.least_busy
        )
    }

    /// The check that both loads saw 0 at least once. A zero count decides
    /// only in a round that had both cores free.
    fn seen_at_least_once(&self) -> Verdict {
        let figures = self.figures(Bound::AtLeast(1.0));
        if self.both_zero > 0 || self.quiet > 0 {
            Verdict::from_figures(figures)
        } else {
            Verdict::not_applicable(self.busy(), figures)
        }
    }

    /// The check that both loads never saw 0. A count above zero refutes it
    /// whatever the load; a zero count holds only if a round had both cores
    /// free, since the threads might never have overlapped otherwise.
    fn never_seen(&self) -> Verdict {
        let figures = self.figures(Bound::Exactly(0.0));
        if self.quiet > 0 {
            Verdict::from_figures(figures)
        } else {
            Verdict::undecided(self.busy(), figures)
        }
    }
}

/// Not applicable on a machine where the experiment cannot decide: one that
/// is not x86-64, which the statements are about, or a process that may use
/// one CPU, where the two threads can only take turns.
fn not_here() -> io::Result<Option<Verdict>> {
    if !cfg!(target_arch = "x86_64") {
        return Ok(Some(Verdict::not_applicable(
            format!(
                "the claim is about x86-64; this is {}",
                std::env::consts::ARCH
            ),
            vec![],
        )));
    }
    let cpus = measure::allowed_cpus()?.len();
    Ok((cpus < 2).then(|| {
        Verdict::not_applicable(
            format!(
                "a reordering needs two CPUs running the two threads at once; this process \
                 may use {cpus}"
            ),
            vec![Figure::new("CPUs this process may use", cpus as f64, "")],
        )
    }))
}

/// The parameters the statements name: the two threads, and the value both
/// variables start at.
fn with_parameters(verdict: Verdict) -> Verdict {
    verdict
        .with_parameter("threads", 2.0)
        .with_parameter("initial value of each variable", 0.0)
        .with_parameter("value each thread stores", 1.0)
}

/// The check of a claim that `store` and `load` let both loads see 0; its
/// control is `SeqCst`, which the same check must refute.
fn reorders(store: Ordering, load: Ordering) -> io::Result<Verdict> {
    if let Some(not_applicable) = not_here()? {
        return Ok(not_applicable);
    }
    let claim = rounds(store, load)?.seen_at_least_once();
    let control = rounds(SeqCst, SeqCst)?.seen_at_least_once();
    Ok(with_parameters(
        claim.against("SeqCst stores and loads", control),
    ))
}

pub const RELAXED: Claim = Claim {
    id: "store-buffering-relaxed-both-zero",
    statement: "On x86-64 with two free cores, when two threads each store 1 with Relaxed \
                to their own variable and then load the other's with Relaxed, both loads \
                see 0 in at least 1 of 200,000 trials.",
    check: || reorders(Relaxed, Relaxed),
};

pub const RELEASE_ACQUIRE: Claim = Claim {
    id: "store-buffering-release-acquire-both-zero",
    statement: "With Release stores and Acquire loads, the same test also sees both loads \
                return 0 in at least 1 of 200,000 trials on x86-64 with two free cores.",
    check: || reorders(Release, Acquire),
};

pub const SEQ_CST: Claim = Claim {
    id: "store-buffering-seqcst-never-both-zero",
    statement: "With SeqCst stores and loads, the same test never sees both loads return \
                0: in 0 of 200,000 trials on x86-64 with two free cores.",
    check: || {
        if let Some(not_applicable) = not_here()? {
            return Ok(not_applicable);
        }
        let claim = rounds(SeqCst, SeqCst)?.never_seen();
        // The control: Relaxed, whose (0, 0) the same check must see.
        let control = rounds(Relaxed, Relaxed)?.never_seen();
        Ok(with_parameters(
            claim.against("Relaxed stores and loads", control),
        ))
    },
};
// ANCHOR_END: claims
