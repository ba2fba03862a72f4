//! Listing 6-4: A coroutine, resumed by hand.

// ANCHOR: listing
use std::cell::RefCell;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

/// A future that is not ready the first time it is polled: awaiting it
/// suspends the coroutine once.
struct Pause(bool);

impl Future for Pause {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            Poll::Pending
        }
    }
}

async fn three_steps(log: &RefCell<Vec<&'static str>>) {
    log.borrow_mut().push("step 1");
    Pause(false).await;
    log.borrow_mut().push("step 2");
    Pause(false).await;
    log.borrow_mut().push("step 3");
}

pub fn main() {
    let log = RefCell::new(Vec::new());
    let mut coroutine = pin!(three_steps(&log));
    println!(
        "the coroutine's state takes {} bytes",
        size_of_val(&*coroutine)
    );
    // Nothing will need waking: this loop polls again at once.
    let mut context = Context::from_waker(Waker::noop());
    let mut suspensions = 0;
    while coroutine.as_mut().poll(&mut context).is_pending() {
        suspensions += 1;
        println!("suspended after {:?}", log.borrow());
    }
    println!("finished after {:?}", log.borrow());
    assert_eq!(suspensions, 2);
    assert_eq!(*log.borrow(), ["step 1", "step 2", "step 3"]);
}
// ANCHOR_END: listing
