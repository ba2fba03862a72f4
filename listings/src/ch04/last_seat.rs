//! Listing 4-4: two customers book the last seat. A race condition in safe
//! Rust, without a data race, and its repair.

use std::io;
use std::sync::Barrier;
use std::sync::atomic::{AtomicI64, Ordering::SeqCst};
use std::thread;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, Verdict};

// ANCHOR: listing
/// Two threads each check that a seat is left and then take it. Between
/// the check and the act, each spends a millisecond taking the payment.
/// Returns the seats left at the end (there was one).
pub fn check_then_act() -> i64 {
    let seats = AtomicI64::new(1);
    let start = Barrier::new(2);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                start.wait();
                if seats.load(SeqCst) > 0 {
                    thread::sleep(Duration::from_millis(1)); // take the payment
                    seats.fetch_sub(1, SeqCst);
                }
            });
        }
    });
    seats.into_inner()
}

/// The same booking, with the check and the act made one atomic step:
/// `fetch_update` retries its closure until no other thread changed the
/// value in between.
pub fn check_and_act() -> i64 {
    let seats = AtomicI64::new(1);
    let start = Barrier::new(2);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                start.wait();
                let booked =
                    seats.fetch_update(SeqCst, SeqCst, |left| (left > 0).then(|| left - 1));
                if booked.is_ok() {
                    thread::sleep(Duration::from_millis(1)); // take the payment
                }
            });
        }
    });
    seats.into_inner()
}

pub fn main() {
    println!("check, then act: {} seats left", check_then_act());
    println!("check and act:   {} seats left", check_and_act());
}
// ANCHOR_END: listing

const TRIALS: usize = 10;

// ANCHOR: oversells
pub const OVERSELLS: Claim = Claim {
    id: "check-then-act-oversells",
    statement: "Two threads that each check for the last seat and then take it, with a \
                millisecond between check and act, sell it twice: at least one of ten \
                trials ends with fewer than zero seats.",
    check: check_oversells,
};

fn check_oversells() -> io::Result<Verdict> {
    let ends: Vec<i64> = (0..TRIALS).map(|_| check_then_act()).collect();
    let oversold = ends.iter().filter(|&&left| left < 0).count();
    Ok(Verdict::from_figures(vec![
        Figure::new("trials that ended below zero", oversold as f64, "")
            .bounded(Bound::AtLeast(1.0)),
        Figure::new(
            "fewest seats left",
            ends.into_iter().min().unwrap_or(0) as f64,
            "",
        ),
    ]))
}
// ANCHOR_END: oversells

// ANCHOR: never_oversells
pub const NEVER_OVERSELLS: Claim = Claim {
    id: "fetch-update-never-oversells",
    statement: "Making the check and the act one atomic step with fetch_update sells the \
                last seat exactly once: every one of ten trials ends with zero seats.",
    check: check_never_oversells,
};

fn check_never_oversells() -> io::Result<Verdict> {
    let ends: Vec<i64> = (0..TRIALS).map(|_| check_and_act()).collect();
    let exact = ends.iter().filter(|&&left| left == 0).count();
    Ok(Verdict::from_figures(vec![
        Figure::new("trials that ended at zero", exact as f64, "")
            .bounded(Bound::Exactly(TRIALS as f64)),
    ]))
}
// ANCHOR_END: never_oversells
