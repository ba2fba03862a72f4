//! Listing 4-1: spawn a thread and join it. `join` hands back what the
//! thread's closure returned, or, if the thread panicked, the panic.

use std::thread;

// ANCHOR: listing
pub fn main() {
    let summer = thread::spawn(|| (1..=100u64).sum::<u64>());
    let sum = summer.join().expect("the summing thread does not panic");
    println!("the thread returned {sum}");
    assert_eq!(sum, 5050);

    let quitter = thread::spawn(|| -> u64 { panic!("this thread gives up") });
    match quitter.join() {
        Ok(value) => panic!("the thread returned {value}, yet it always panics"),
        Err(payload) => {
            // The payload is the argument given to panic!: here a &str.
            let message = payload.downcast_ref::<&str>();
            println!("the thread panicked with {message:?}; main goes on");
            assert_eq!(message, Some(&"this thread gives up"));
        }
    }
}
// ANCHOR_END: listing
