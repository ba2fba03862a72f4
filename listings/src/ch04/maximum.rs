//! Listing 4-9: a compare-exchange loop that keeps the highest value any
//! thread has seen.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::thread;

// ANCHOR: listing
/// Raises `highest` to `reading` if `reading` is higher.
pub fn record(highest: &AtomicU64, reading: u64) {
    let mut seen = highest.load(Relaxed);
    while reading > seen {
        // Write `reading` only if `highest` still holds `seen`.
        match highest.compare_exchange(seen, reading, Relaxed, Relaxed) {
            Ok(_) => return,
            Err(now) => seen = now, // another thread wrote first: compare again
        }
    }
}

pub fn main() {
    let highest = AtomicU64::new(0);
    let readings: Vec<u64> = (0..40_000).map(|i| (i * 7_919) % 10_007).collect();
    thread::scope(|s| {
        for quarter in readings.chunks(10_000) {
            s.spawn(|| quarter.iter().for_each(|&r| record(&highest, r)));
        }
    });
    let highest = highest.into_inner();
    println!("the highest reading: {highest}");
    assert_eq!(Some(highest), readings.iter().max().copied());
}
// ANCHOR_END: listing
