//! Listing 5-4: two customers book the last seat. A race condition in safe
//! Rust, without a data race, and its repair.

use std::io;
use std::sync::Barrier;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering::SeqCst};
use std::thread;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, Verdict};

// ANCHOR: listing
/// The seats left on the flight, and the customers who try to book one.
pub const SEATS: i64 = 1;
pub const CUSTOMERS: usize = 2;

/// The end of a booking: the seats left, and how many customers were sold
/// one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sale {
    pub seats_left: i64,
    pub sold: usize,
}

/// Each customer checks that a seat is left and then takes it. Between
/// the check and the act, each spends a millisecond taking the payment.
pub fn check_then_act() -> Sale {
    let seats = AtomicI64::new(SEATS);
    let sold = AtomicUsize::new(0);
    let start = Barrier::new(CUSTOMERS);
    thread::scope(|s| {
        for _ in 0..CUSTOMERS {
            s.spawn(|| {
                start.wait();
                if seats.load(SeqCst) > 0 {
                    thread::sleep(Duration::from_millis(1)); // take the payment
                    seats.fetch_sub(1, SeqCst);
                    sold.fetch_add(1, SeqCst);
                }
            });
        }
    });
    Sale {
        seats_left: seats.into_inner(),
        sold: sold.into_inner(),
    }
}

/// The same booking, with the check and the act made one atomic step:
/// `fetch_update` retries its closure until no other thread changed the
/// value in between.
pub fn check_and_act() -> Sale {
    let seats = AtomicI64::new(SEATS);
    let sold = AtomicUsize::new(0);
    let start = Barrier::new(CUSTOMERS);
    thread::scope(|s| {
        for _ in 0..CUSTOMERS {
            s.spawn(|| {
                start.wait();
                let booked =
                    seats.fetch_update(SeqCst, SeqCst, |left| (left > 0).then(|| left - 1));
                if booked.is_ok() {
                    thread::sleep(Duration::from_millis(1)); // take the payment
                    sold.fetch_add(1, SeqCst);
                }
            });
        }
    });
    Sale {
        seats_left: seats.into_inner(),
        sold: sold.into_inner(),
    }
}

pub fn main() {
    let racy = check_then_act();
    let atomic = check_and_act();
    println!(
        "check, then act: sold {} times, {} seats left",
        racy.sold, racy.seats_left
    );
    println!(
        "check and act:   sold {} times, {} seats left",
        atomic.sold, atomic.seats_left
    );
    // Each sale took one seat, in both versions.
    assert_eq!(racy.seats_left, SEATS - racy.sold as i64);
    // The atomic version sells the seat once, whatever the timing.
    assert_eq!(
        atomic,
        Sale {
            seats_left: 0,
            sold: 1
        }
    );
}
// ANCHOR_END: listing

/// The trials each claim runs, and its control.
const TRIALS: usize = 10;

/// The sales of `TRIALS` bookings made by `book`.
fn trials(book: fn() -> Sale) -> Vec<Sale> {
    (0..TRIALS).map(|_| book()).collect()
}

// ANCHOR: oversells
pub const OVERSELLS: Claim = Claim {
    id: "check-then-act-oversells",
    statement: "Two threads that each check for the last seat and then take it, with a \
                millisecond between check and act, sell it twice: at least one of ten \
                trials ends with fewer than zero seats.",
    check: check_oversells,
};

/// The check: some trial sold the seat to every customer and ended below zero.
fn oversold(sales: &[Sale]) -> Verdict {
    let below_zero = sales.iter().filter(|s| s.seats_left < 0).count();
    let to_all = sales.iter().filter(|s| s.sold == CUSTOMERS).count();
    Verdict::from_figures(vec![
        Figure::new(
            format!("trials of {} that ended below zero", sales.len()),
            below_zero as f64,
            "",
        )
        .bounded(Bound::AtLeast(1.0)),
        Figure::new(
            "trials that sold the seat to every customer",
            to_all as f64,
            "",
        )
        .bounded(Bound::AtLeast(1.0)),
        Figure::new(
            "fewest seats left",
            sales.iter().map(|s| s.seats_left).min().unwrap_or(0) as f64,
            "",
        ),
    ])
}

fn check_oversells() -> io::Result<Verdict> {
    let claim = oversold(&trials(check_then_act));
    let control = oversold(&trials(check_and_act));
    Ok(claim
        .against("check and act in one step, with fetch_update", control)
        .with_parameter("customers (threads)", CUSTOMERS as f64))
}
// ANCHOR_END: oversells

// ANCHOR: never_oversells
pub const NEVER_OVERSELLS: Claim = Claim {
    id: "fetch-update-never-oversells",
    statement: "Making the check and the act one atomic step with fetch_update sells the \
                last seat exactly once: every one of ten trials ends with zero seats.",
    check: check_never_oversells,
};

/// The check: every trial sold as many seats as there were, once each, and
/// ended at zero.
fn sold_once(sales: &[Sale]) -> Verdict {
    let at_zero = sales.iter().filter(|s| s.seats_left == 0).count();
    let once = sales.iter().filter(|s| s.sold as i64 == SEATS).count();
    Verdict::from_figures(vec![
        Figure::new(
            format!("trials of {} that ended at zero", sales.len()),
            at_zero as f64,
            "",
        )
        .bounded(Bound::Exactly(sales.len() as f64)),
        Figure::new("trials that sold the seat once", once as f64, "")
            .bounded(Bound::Exactly(sales.len() as f64)),
    ])
}

fn check_never_oversells() -> io::Result<Verdict> {
    let claim = sold_once(&trials(check_and_act));
    let control = sold_once(&trials(check_then_act));
    Ok(claim
        .against("check, then act", control)
        .with_parameter("seats", SEATS as f64))
}
// ANCHOR_END: never_oversells
