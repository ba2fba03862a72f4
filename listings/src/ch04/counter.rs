//! Listing 4-6: a counter behind a `Mutex`, shared through an `Arc`. The
//! lock is held from `lock()` until the guard it returns is dropped.

use std::sync::{Arc, Mutex};
use std::thread;

// ANCHOR: listing
const THREADS: u64 = 4;
const INCREMENTS: u64 = 100_000;

pub fn main() {
    let count = Arc::new(Mutex::new(0u64));
    let adders: Vec<_> = (0..THREADS)
        .map(|_| {
            let count = Arc::clone(&count);
            thread::spawn(move || {
                for _ in 0..INCREMENTS {
                    let mut guard = count.lock().expect("no thread panics holding the lock");
                    *guard += 1; // the critical section: one thread at a time
                } // `guard` is dropped at the end of each iteration: unlocked
            })
        })
        .collect();
    for adder in adders {
        adder.join().expect("an adder does not panic");
    }
    let total = *count.lock().expect("no thread panicked holding the lock");
    println!("{THREADS} threads added {INCREMENTS} each: {total}");
    assert_eq!(total, THREADS * INCREMENTS);
}
// ANCHOR_END: listing
