//! Listing 5-5: two threads, two locks, taken in opposite orders: a
//! deadlock, detected within a bounded time. And the repair: one order.

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex, TryLockError, mpsc};
use std::thread;
use std::time::Duration;

use listings::claims::{Bound, Claim, Figure, Verdict};

// ANCHOR: listing
/// The order in which each thread takes the two locks.
#[derive(Clone, Copy, Debug)]
pub enum Order {
    /// Thread 1 takes `a` then `b`; thread 2 takes `b` then `a`.
    Opposite,
    /// Both threads take `a` then `b`.
    Same,
}

/// The threads, and the locks each of them takes.
pub const THREADS: usize = 2;
pub const LOCKS: usize = 2;

/// Starts two threads that each lock two mutexes, and waits at most
/// `patience` for both to finish. Returns how many finished in time.
///
/// Each thread holds its first lock until the other thread holds its own
/// first lock too, or waits for it: in either order, both ask for their
/// second lock while the first is held.
///
/// A deadlocked thread can never be stopped, so the threads are detached:
/// they end when the process does, and this function always returns.
pub fn two_threads_two_locks(order: Order, patience: Duration) -> usize {
    let a = Arc::new(Mutex::new(0));
    let b = Arc::new(Mutex::new(0));
    // Threads that hold their first lock, or found it taken and wait for it.
    let ready = Arc::new(AtomicUsize::new(0));
    let (done, finished) = mpsc::channel();
    let locks = match order {
        Order::Opposite => [(a.clone(), b.clone()), (b, a)],
        Order::Same => [(a.clone(), b.clone()), (a, b)],
    };
    for (first, second) in locks {
        let (ready, done) = (ready.clone(), done.clone());
        thread::spawn(move || {
            let attempt = first.try_lock();
            ready.fetch_add(1, SeqCst);
            let mut first = match attempt {
                Ok(guard) => guard,
                Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
                // The other thread holds it: wait for it.
                Err(TryLockError::WouldBlock) => first.lock().unwrap_or_else(|e| e.into_inner()),
            };
            while ready.load(SeqCst) < THREADS {
                thread::yield_now();
            }
            let mut second = second.lock().unwrap_or_else(|e| e.into_inner());
            *first += 1;
            *second += 1;
            // The receiver may have stopped waiting; then nobody needs to know.
            let _ = done.send(());
        });
    }
    drop(done);
    (0..THREADS)
        .take_while(|_| finished.recv_timeout(patience).is_ok())
        .count()
}

pub fn main() {
    let second = Duration::from_secs(1);
    let stuck = two_threads_two_locks(Order::Opposite, second);
    println!("opposite orders: {stuck} of {THREADS} threads finished within a second");
    let fine = two_threads_two_locks(Order::Same, second);
    println!("one order:       {fine} of {THREADS} threads finished within a second");
    assert_eq!((stuck, fine), (0, THREADS));
}
// ANCHOR_END: listing

/// How long each check waits for a trial's threads.
const PATIENCE: Duration = Duration::from_millis(500);

/// The trials of `lock-order-prevents-deadlock`.
const TRIALS: usize = 10;

/// Runs up to `trials` trials in `order`, stopping at the first in which a
/// thread did not finish in time. Returns the threads that finished in each.
fn trials(order: Order, trials: usize) -> Vec<usize> {
    let mut finished = Vec::new();
    for _ in 0..trials {
        finished.push(two_threads_two_locks(order, PATIENCE));
        if finished.last() != Some(&THREADS) {
            break;
        }
    }
    finished
}

/// The numbers of threads and locks, which both statements name.
fn with_counts(verdict: Verdict) -> Verdict {
    verdict
        .with_parameter("threads", THREADS as f64)
        .with_parameter("locks", LOCKS as f64)
}

// ANCHOR: deadlocks
pub const DEADLOCKS: Claim = Claim {
    id: "opposite-lock-order-deadlocks",
    statement: "Two threads that take two locks in opposite orders, each holding its \
                first lock when the other asks for it, deadlock: neither finishes within \
                half a second.",
    check: check_deadlocks,
};

/// The check: no thread of the trial finished in time.
fn deadlocked(order: Order) -> Verdict {
    let finished: usize = trials(order, 1).iter().sum();
    Verdict::from_figures(vec![
        Figure::new(
            format!("threads that finished within {} s", PATIENCE.as_secs_f64()),
            finished as f64,
            "",
        )
        .bounded(Bound::Exactly(0.0)),
    ])
}

fn check_deadlocks() -> std::io::Result<Verdict> {
    let control = deadlocked(Order::Same);
    Ok(with_counts(
        deadlocked(Order::Opposite).against("the same order", control),
    ))
}
// ANCHOR_END: deadlocks

// ANCHOR: one_order
pub const ONE_ORDER: Claim = Claim {
    id: "lock-order-prevents-deadlock",
    statement: "When both threads take the two locks in the same order, holding the \
                first as in the opposite order, both finish within half a second in each \
                of ten trials.",
    check: check_one_order,
};

/// The check: every thread of every one of `count` trials finished in time.
fn all_finished(order: Order, count: usize) -> Verdict {
    let finished = trials(order, count);
    let in_time = finished.iter().filter(|&&n| n == THREADS).count();
    Verdict::from_figures(vec![
        Figure::new(
            format!(
                "trials of {count} in which both threads finished within {} s",
                PATIENCE.as_secs_f64()
            ),
            in_time as f64,
            "",
        )
        .bounded(Bound::Exactly(count as f64)),
    ])
}

fn check_one_order() -> std::io::Result<Verdict> {
    // One trial of the control is enough: it deadlocks, or the check fails.
    let control = all_finished(Order::Opposite, 1);
    Ok(with_counts(
        all_finished(Order::Same, TRIALS).against("opposite orders", control),
    ))
}
// ANCHOR_END: one_order
