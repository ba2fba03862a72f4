//! Listing 4-14: a barrier. No thread starts its second phase before every
//! thread has finished its first.

use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::thread;

// ANCHOR: listing
const THREADS: usize = 3;

pub fn main() {
    let loaded = AtomicUsize::new(0);
    let everyone_loaded = Barrier::new(THREADS);
    thread::scope(|s| {
        for id in 0..THREADS {
            let (loaded, everyone_loaded) = (&loaded, &everyone_loaded);
            s.spawn(move || {
                loaded.fetch_add(1, SeqCst); // phase 1: load a part of the data
                everyone_loaded.wait();
                // Phase 2 may read every part: all are loaded.
                let parts = loaded.load(SeqCst);
                println!("thread {id} starts phase 2 with {parts} parts loaded");
                assert_eq!(parts, THREADS);
            });
        }
    });
}
// ANCHOR_END: listing
