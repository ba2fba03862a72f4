//! Listing 4-4: scoped threads borrow from the stack of the function that
//! starts them, because they cannot outlive the scope.

use std::thread;

// ANCHOR: listing
pub fn main() {
    let mut readings = vec![3, 1, 4, 1, 5, 9, 2, 6];
    let (left, right) = readings.split_at_mut(4);
    thread::scope(|s| {
        // Each thread borrows one half mutably: the halves do not overlap.
        s.spawn(|| left.iter_mut().for_each(|r| *r *= 10));
        s.spawn(|| right.iter_mut().for_each(|r| *r *= 10));
    }); // Both threads have finished here, and the borrows have ended.
    let (total, largest) = thread::scope(|s| {
        // Shared borrows: any number of threads may read at once.
        let total = s.spawn(|| readings.iter().sum::<i32>());
        let largest = s.spawn(|| readings.iter().max().copied());
        (total.join(), largest.join())
    });
    let total = total.expect("summing does not panic");
    let largest = largest.expect("taking the maximum does not panic");
    println!("{readings:?} add up to {total}; the largest is {largest:?}");
    assert_eq!((total, largest), (310, Some(90)));
}
// ANCHOR_END: listing
