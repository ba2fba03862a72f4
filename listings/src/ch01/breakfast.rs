//! Listing 1-1: Two tasks whose lifetimes overlap.

// ANCHOR: listing
use std::thread;
use std::time::{Duration, Instant};

pub fn main() {
    let start = Instant::now();
    thread::scope(|s| {
        for appliance in ["kettle", "toaster"] {
            s.spawn(move || {
                println!("{appliance} starts at {:?}", start.elapsed());
                thread::sleep(Duration::from_millis(100));
                println!("{appliance} is done at {:?}", start.elapsed());
            });
        }
    });
    println!("breakfast is ready after {:?}", start.elapsed());
    assert!(
        start.elapsed() < Duration::from_millis(200),
        "the naps did not overlap"
    );
}
// ANCHOR_END: listing
