//! Listing 4-3: a `move` closure gives the thread its own values, and the
//! thread hands them back when it is joined.

use std::thread;

// ANCHOR: listing
pub fn main() {
    let readings = vec![3, 1, 4, 1, 5, 9, 2, 6];
    // `move`: the closure takes `readings` with it; main no longer has it.
    let summer = thread::spawn(move || {
        let total: i32 = readings.iter().sum();
        (readings, total)
    });
    let (readings, total) = summer.join().expect("the summing thread does not panic");
    println!("{} readings add up to {total}", readings.len());
    assert_eq!(total, 31);
}
// ANCHOR_END: listing
