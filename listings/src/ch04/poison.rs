//! Listing 4-7: a thread that panics while it holds a lock poisons it: the
//! next `lock()` returns `Err(PoisonError)`, which still gives access to
//! the data.

use std::io;
use std::panic;
use std::sync::Mutex;
use std::thread;

use listings::claims::{Bound, Claim, Figure, Verdict};

// ANCHOR: listing
/// Two bank accounts. Their invariant: the money in them adds up to 100.
pub struct Books {
    pub alice: i64,
    pub bob: i64,
}

pub fn main() {
    let books = Mutex::new(Books { alice: 100, bob: 0 });
    thread::scope(|s| {
        let transfer = s.spawn(|| {
            let mut books = books.lock().expect("nothing has poisoned the lock yet");
            books.alice -= 50;
            // The transfer fails halfway, before `books.bob += 50`, while
            // this thread holds the guard: the invariant is broken.
            panic!("the transfer fails halfway");
        });
        assert!(transfer.join().is_err(), "the transfer thread panicked");
    });
    match books.lock() {
        Ok(_) => panic!("a thread panicked holding the lock, yet it is not poisoned"),
        Err(poisoned) => {
            // Poisoning is advisory: the guard is still inside the error.
            let books = poisoned.into_inner();
            println!("poisoned: alice {} + bob {}", books.alice, books.bob);
            assert_eq!(books.alice + books.bob, 50);
        }
    }
}
// ANCHOR_END: listing

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "panic-poisons-mutex",
    statement: "A thread that panics while it holds a Mutex's guard poisons the Mutex: \
                the next lock() returns Err(PoisonError). A thread that drops the guard \
                before it panics leaves the Mutex unpoisoned.",
    check,
};

/// The name of the threads that panic on purpose.
const PANICKER: &str = "panicker";

/// A thread locks a Mutex and panics, holding the guard or, if
/// `holding` is false, after dropping it. Returns whether `join` said the
/// thread panicked and whether the next `lock()` said the Mutex was
/// poisoned.
fn panic_with_lock(holding: bool) -> io::Result<(bool, bool)> {
    let data = Mutex::new(0);
    let panicked = thread::scope(|s| {
        let panicker = thread::Builder::new()
            .name(PANICKER.into())
            .spawn_scoped(s, || {
                let mut guard = data.lock().expect("a fresh Mutex is not poisoned");
                *guard += 1;
                if !holding {
                    drop(guard);
                }
                panic!("a deliberate panic");
            })?;
        Ok::<_, io::Error>(panicker.join().is_err())
    })?;
    Ok((panicked, data.lock().is_err()))
}

/// The check: the thread panicked, and the next `lock()` saw the poison.
fn judge((panicked, poisoned): (bool, bool)) -> Verdict {
    Verdict::from_figures(vec![
        Figure::yes_no("join returned Err", panicked).bounded(Bound::Exactly(1.0)),
        Figure::yes_no("lock() returned Err(PoisonError)", poisoned).bounded(Bound::Exactly(1.0)),
    ])
}

fn check() -> io::Result<Verdict> {
    // Keep the deliberate panics' messages off stderr; any other thread's
    // panic still goes to the hook that was there before.
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if thread::current().name() != Some(PANICKER) {
            previous(info);
        }
    }));
    let claim = judge(panic_with_lock(true)?);
    let control = judge(panic_with_lock(false)?);
    Ok(claim.against("the guard dropped before the panic", control))
}
// ANCHOR_END: check
