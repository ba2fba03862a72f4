//! Listing 4-5: `Arc` gives several threads shared ownership of one value.

use std::sync::Arc;
use std::thread;

// ANCHOR: listing
pub fn main() {
    let names = Arc::new(vec!["Ada", "Edsger", "Tony"]);
    let greeters: Vec<_> = (0..3)
        .map(|i| {
            // Each thread owns a clone of the Arc: a pointer to the same
            // vector, whose reference count the clone raises by one.
            let names = Arc::clone(&names);
            thread::spawn(move || format!("hello, {}", names[i]))
        })
        .collect();
    for greeter in greeters {
        println!("{}", greeter.join().expect("a greeter does not panic"));
    }
    // The threads' clones were dropped when their closures ended.
    assert_eq!(Arc::strong_count(&names), 1);
}
// ANCHOR_END: listing
