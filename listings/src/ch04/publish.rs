//! Listing 4-10: publishing a value with a Release store and an Acquire
//! load.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;

// ANCHOR: listing
pub fn main() {
    let data = AtomicU64::new(0);
    let ready = AtomicBool::new(false);
    thread::scope(|s| {
        s.spawn(|| {
            data.store(42, Ordering::Relaxed);
            // Release: the writes above are visible to whoever reads `true`
            // with Acquire.
            ready.store(true, Ordering::Release);
        });
        s.spawn(|| {
            while !ready.load(Ordering::Acquire) {
                thread::yield_now();
            }
            let value = data.load(Ordering::Relaxed);
            println!("the reader sees {value}");
            assert_eq!(value, 42);
        });
    });
}
// ANCHOR_END: listing
