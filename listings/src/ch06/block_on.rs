//! Listing 6-5: the smallest executor, `block_on`, whose waker unparks the
//! thread that polls, driving a timer that another thread wakes.

use std::io;
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;

// ANCHOR: listing
/// A waker that unparks the thread that made it.
struct ThreadWaker(Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs `future` to completion on the calling thread, which sleeps
/// whenever the future is pending.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
    let mut context = Context::from_waker(&waker);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(output) => return output,
            // Sleep until the waker unparks this thread. `park` may also
            // return without an `unpark`: then the loop just polls again.
            Poll::Pending => thread::park(),
        }
    }
}

/// A future that becomes ready once `duration` has passed since it was
/// made. A thread of its own sleeps, then calls the waker that the last
/// `poll` left.
pub struct Timer {
    shared: Arc<Mutex<TimerState>>,
}

struct TimerState {
    fired: bool,
    waker: Option<Waker>,
}

impl Timer {
    pub fn after(duration: Duration) -> Timer {
        let shared = Arc::new(Mutex::new(TimerState {
            fired: false,
            waker: None,
        }));
        let theirs = Arc::clone(&shared);
        thread::spawn(move || {
            thread::sleep(duration);
            let waker = {
                let mut state = theirs.lock().expect("no panic while locked");
                state.fired = true;
                state.waker.take()
            };
            // Wake whoever polled last, if anyone did.
            if let Some(waker) = waker {
                waker.wake();
            }
        });
        Timer { shared }
    }
}

impl Future for Timer {
    type Output = ();
    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<()> {
        let mut state = self.shared.lock().expect("no panic while locked");
        if state.fired {
            Poll::Ready(())
        } else {
            // Keep the newest waker: the timer thread calls it when it fires.
            state.waker = Some(context.waker().clone());
            Poll::Pending
        }
    }
}

pub fn main() {
    let (start, cpu) = (Instant::now(), measure::thread_cpu_time());
    let answer = block_on(async {
        Timer::after(Duration::from_millis(200)).await;
        42
    });
    let (wall, cpu) = (start.elapsed(), measure::thread_cpu_time() - cpu);
    println!("block_on returned {answer} after {wall:.1?}");
    println!("the thread that waited used {cpu:.1?} of CPU time");
    assert_eq!(answer, 42);
}
// ANCHOR_END: listing

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "block-on-parks-while-pending",
    statement: "A block_on whose waker unparks its thread parks that thread while the \
                future is pending: waiting on a timer of 200 ms, the thread uses less than \
                20 ms of CPU time and polls the future at most three times.",
    check,
};

/// The timer's duration, and the most CPU time and polls the claim allows.
const WAIT: Duration = Duration::from_millis(200);
const CPU_BOUND_MS: f64 = 20.0;
const MOST_POLLS: f64 = 3.0;

/// A future that counts how often it is polled.
struct Counted<F> {
    future: Pin<Box<F>>,
    polls: u64,
}

impl<F: Future> Future for Counted<F> {
    type Output = (F::Output, u64);
    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        self.polls += 1;
        let polls = self.polls;
        self.future
            .as_mut()
            .poll(context)
            .map(|output| (output, polls))
    }
}

/// The control: an executor that never sleeps. It polls again at once,
/// with a waker that does nothing.
fn block_on_spinning<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

/// Waits on a timer of `WAIT` with `executor`, and judges the CPU time
/// of the waiting thread and the number of polls.
fn wait_with(executor: fn(Counted<Timer>) -> ((), u64)) -> Verdict {
    let (start, cpu) = (Instant::now(), measure::thread_cpu_time());
    let ((), polls) = executor(Counted {
        future: Box::pin(Timer::after(WAIT)),
        polls: 0,
    });
    let (wall, cpu) = (start.elapsed(), measure::thread_cpu_time() - cpu);
    Verdict::from_figures(vec![
        Figure::new("wall time of the wait", wall.as_secs_f64() * 1e3, "ms"),
        Figure::new(
            "CPU time of the waiting thread",
            cpu.as_secs_f64() * 1e3,
            "ms",
        )
        .bounded(Bound::Below(CPU_BOUND_MS)),
        Figure::new("polls of the future", polls as f64, "").bounded(Bound::AtMost(MOST_POLLS)),
    ])
}

fn check() -> io::Result<Verdict> {
    let claim = wait_with(block_on);
    let control = wait_with(block_on_spinning);
    Ok(claim
        .against(
            "an executor that polls again at once, never parking",
            control,
        )
        .with_parameter("ms timer", WAIT.as_millis() as f64))
}
// ANCHOR_END: check
