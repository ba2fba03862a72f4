//! Listing 4-15: a condition variable. A thread waits, without using the
//! CPU, until another thread has put a letter in a mailbox.

use std::io;
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use listings::claims::{Bound, Claim, Figure, Verdict};

// ANCHOR: listing
pub fn main() {
    let mailbox: Mutex<Option<String>> = Mutex::new(None);
    let delivered = Condvar::new();
    let letter = thread::scope(|s| {
        let reader = s.spawn(|| {
            let mut slot = mailbox.lock().expect("no thread panics holding the lock");
            // Check the condition after every wake-up: wait in a loop.
            while slot.is_none() {
                slot = delivered
                    .wait(slot)
                    .expect("no thread panics holding the lock");
            }
            slot.take()
        });
        *mailbox.lock().expect("no thread panics holding the lock") = Some("hello".into());
        delivered.notify_one();
        reader.join().expect("the reader does not panic")
    });
    println!("the reader got {letter:?}");
    assert_eq!(letter.as_deref(), Some("hello"));
}
// ANCHOR_END: listing

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "condvar-wait-wakes-on-notify",
    statement: "A thread waiting on a Condvar, with a timeout of 1 s, for a flag that \
                another thread sets, returns before its timeout when that thread calls \
                notify_one; without notify_one, the same wait times out although the \
                flag is set.",
    check,
};

/// The waiter's timeout.
const PATIENCE: Duration = Duration::from_secs(1);

/// What the waiter and the setter share.
struct Flag {
    /// Whether the waiter has begun to wait.
    waiting: bool,
    /// The condition the waiter waits for.
    set: bool,
}

/// A thread waits, with a timeout of PATIENCE, until the flag is set;
/// another sets it once the waiter waits, and then notifies the waiter if
/// `notify`. Returns whether the wait timed out, and whether the waiter
/// found the flag set at the end.
fn wait_for_flag(notify: bool) -> (bool, bool) {
    let flag = Mutex::new(Flag {
        waiting: false,
        set: false,
    });
    let changed = Condvar::new();
    let lock = || flag.lock().expect("no thread panics holding the lock");
    thread::scope(|s| {
        let waiter = s.spawn(|| {
            let deadline = Instant::now() + PATIENCE;
            let mut flag = lock();
            flag.waiting = true;
            let mut timed_out = false;
            while !flag.set {
                let left = deadline.saturating_duration_since(Instant::now());
                let (guard, result) = changed
                    .wait_timeout(flag, left)
                    .expect("no thread panics holding the lock");
                flag = guard;
                if result.timed_out() {
                    timed_out = true;
                    break;
                }
            }
            (timed_out, flag.set)
        });
        // The waiter set `waiting` holding the lock, which only its wait
        // releases: once this thread sees `waiting`, the waiter is waiting.
        loop {
            let mut flag = lock();
            if flag.waiting {
                flag.set = true;
                break;
            }
            drop(flag);
            thread::yield_now();
        }
        if notify {
            changed.notify_one();
        }
        waiter.join().expect("the waiter does not panic")
    })
}

/// The check: the wait did not time out, and the waiter saw the flag.
fn judge((timed_out, set): (bool, bool)) -> Verdict {
    Verdict::from_figures(vec![
        Figure::yes_no("wait timed out", timed_out).bounded(Bound::Exactly(0.0)),
        Figure::yes_no("waiter saw the flag set", set).bounded(Bound::Exactly(1.0)),
    ])
}

fn check() -> io::Result<Verdict> {
    let claim = judge(wait_for_flag(true));
    let control = judge(wait_for_flag(false));
    Ok(claim
        .against("the flag set without notify_one", control)
        .with_parameter("timeout, s", PATIENCE.as_secs_f64()))
}
// ANCHOR_END: check
