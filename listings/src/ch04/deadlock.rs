//! Listing 4-5: two threads, two locks, taken in opposite orders: a
//! deadlock, detected within a bounded time. And the repair: one order.

use std::sync::mpsc;
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, Verdict};

// ANCHOR: listing
/// The order in which each thread takes the two locks.
#[derive(Clone, Copy)]
pub enum Order {
    /// Thread 1 takes `a` then `b`; thread 2 takes `b` then `a`. Each takes
    /// its first lock before either asks for its second.
    Opposite,
    /// Both threads take `a` then `b`.
    Same,
}

/// Starts two threads that each lock two mutexes, and waits at most
/// `patience` for both to finish. Returns how many finished in time.
///
/// A deadlocked thread can never be stopped, so the threads are detached:
/// they end when the process does, and this function always returns.
pub fn two_threads_two_locks(order: Order, patience: Duration) -> usize {
    let a = Arc::new(Mutex::new(0));
    let b = Arc::new(Mutex::new(0));
    let both_hold_one = Arc::new(Barrier::new(2));
    let (done, finished) = mpsc::channel();
    let locks = match order {
        Order::Opposite => [(a.clone(), b.clone()), (b, a)],
        Order::Same => [(a.clone(), b.clone()), (a, b)],
    };
    for (first, second) in locks {
        let (both_hold_one, done) = (both_hold_one.clone(), done.clone());
        thread::spawn(move || {
            let mut first = first.lock().unwrap_or_else(|e| e.into_inner());
            if let Order::Opposite = order {
                both_hold_one.wait();
            }
            let mut second = second.lock().unwrap_or_else(|e| e.into_inner());
            *first += 1;
            *second += 1;
            // The receiver may have stopped waiting; then nobody needs to know.
            let _ = done.send(());
        });
    }
    drop(done);
    (0..2)
        .take_while(|_| finished.recv_timeout(patience).is_ok())
        .count()
}

pub fn main() {
    let second = Duration::from_secs(1);
    let stuck = two_threads_two_locks(Order::Opposite, second);
    println!("opposite orders: {stuck} of 2 threads finished within a second");
    let fine = two_threads_two_locks(Order::Same, second);
    println!("one order:       {fine} of 2 threads finished within a second");
}
// ANCHOR_END: listing

// ANCHOR: deadlocks
pub const DEADLOCKS: Claim = Claim {
    id: "opposite-lock-order-deadlocks",
    statement: "Two threads that take two locks in opposite orders, each holding its \
                first lock when the other asks for it, deadlock: neither finishes within \
                one second.",
    check: check_deadlocks,
};

fn check_deadlocks() -> std::io::Result<Verdict> {
    let finished = two_threads_two_locks(Order::Opposite, Duration::from_secs(1));
    Ok(Verdict::from_figures(vec![
        Figure::new("threads that finished within 1 s", finished as f64, "")
            .bounded(Bound::Exactly(0.0)),
    ]))
}
// ANCHOR_END: deadlocks

// ANCHOR: one_order
pub const ONE_ORDER: Claim = Claim {
    id: "lock-order-prevents-deadlock",
    statement: "When both threads take the two locks in the same order, both finish, \
                within five seconds in each of ten trials.",
    check: check_one_order,
};

fn check_one_order() -> std::io::Result<Verdict> {
    let finished: usize = (0..10)
        .map(|_| two_threads_two_locks(Order::Same, Duration::from_secs(5)))
        .sum();
    Ok(Verdict::from_figures(vec![
        Figure::new("threads that finished, of 20", finished as f64, "")
            .bounded(Bound::Exactly(20.0)),
    ]))
}
// ANCHOR_END: one_order
