//! Listing 4-11: worker threads send their results over a channel; the
//! receiver's loop ends when every sender is gone.

use std::sync::mpsc;
use std::thread;

// ANCHOR: listing
pub fn main() {
    let (sender, receiver) = mpsc::channel();
    for worker in 0..3u64 {
        let sender = sender.clone();
        thread::spawn(move || {
            let sum: u64 = (worker * 1_000..(worker + 1) * 1_000).sum();
            sender
                .send((worker, sum))
                .expect("the receiver outlives the workers");
        });
    }
    // The workers hold clones; drop the original, or the loop never ends.
    drop(sender);
    let mut total = 0;
    for (worker, sum) in receiver {
        println!("worker {worker} sent {sum}");
        total += sum;
    }
    assert_eq!(total, (0..3_000u64).sum::<u64>());
}
// ANCHOR_END: listing
