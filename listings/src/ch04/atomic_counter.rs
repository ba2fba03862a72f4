//! Listing 4-8: the counter of Listing 4-6 as one atomic integer: each
//! `fetch_add` is a read-modify-write that no other thread can split.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::thread;

// ANCHOR: listing
const THREADS: u64 = 4;
const INCREMENTS: u64 = 100_000;

pub fn main() {
    let count = AtomicU64::new(0);
    thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                for _ in 0..INCREMENTS {
                    count.fetch_add(1, Relaxed);
                }
            });
        }
    });
    let total = count.load(Relaxed);
    println!("{THREADS} threads added {INCREMENTS} each: {total}");
    assert_eq!(total, THREADS * INCREMENTS);
}
// ANCHOR_END: listing
