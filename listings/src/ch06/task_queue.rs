//! Listing 6-6: a task-queue executor. Each task's waker sends the task
//! back to the queue; one thread runs every task to completion.

use std::collections::BTreeSet;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, mpsc};
use std::task::{Context, Wake, Waker};
use std::time::{Duration, Instant};

use listings::ch06::block_on::{Timer, block_on};
use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;

// ANCHOR: listing
type BoxedFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A spawned future, with the queue it goes back to when woken. The
/// future is `None` once it has finished.
struct Task {
    future: Mutex<Option<BoxedFuture>>,
    queue: mpsc::Sender<Arc<Task>>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        let queue = self.queue.clone();
        // If the executor has stopped, there is nobody left to run it.
        let _ = queue.send(self);
    }
}

pub struct Executor {
    queue: mpsc::Sender<Arc<Task>>,
    ready: mpsc::Receiver<Arc<Task>>,
}

impl Executor {
    pub fn new() -> Executor {
        let (queue, ready) = mpsc::channel();
        Executor { queue, ready }
    }

    /// Queues `future` to be polled by `run`.
    pub fn spawn(&self, future: impl Future<Output = ()> + Send + 'static) {
        let task = Arc::new(Task {
            future: Mutex::new(Some(Box::pin(future))),
            queue: self.queue.clone(),
        });
        self.queue
            .send(task)
            .expect("the executor holds the receiver");
    }

    /// Polls the queued tasks, one at a time, on the calling thread, until
    /// none is left that anything could wake.
    pub fn run(self) {
        // Every task, and every waker made from it, holds a sender. Once the
        // last one is gone, nothing can queue a task again, and `recv` fails.
        drop(self.queue);
        while let Ok(task) = self.ready.recv() {
            let mut slot = task.future.lock().expect("no panic while polling");
            // A task woken twice is queued twice; the second time it may be done.
            if let Some(mut future) = slot.take() {
                let waker = Waker::from(Arc::clone(&task));
                if future
                    .as_mut()
                    .poll(&mut Context::from_waker(&waker))
                    .is_pending()
                {
                    *slot = Some(future);
                }
            }
        }
    }
}

pub fn main() {
    let executor = Executor::new();
    for ms in [300, 200, 100] {
        executor.spawn(async move {
            println!("{ms} ms task starts on thread {}", measure::thread_id());
            Timer::after(Duration::from_millis(ms)).await;
            println!("{ms} ms task ends on thread {}", measure::thread_id());
        });
    }
    let start = Instant::now();
    executor.run();
    println!(
        "run returned after {:.0?}, on thread {}",
        start.elapsed(),
        measure::thread_id()
    );
}
// ANCHOR_END: listing

impl Default for Executor {
    fn default() -> Executor {
        Executor::new()
    }
}

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "task-queue-runs-tasks-on-one-thread",
    statement: "The task-queue executor runs three tasks that wait on timers of 300, 200 \
                and 100 ms, spawned in that order, on the one thread that calls it, and \
                their waits overlap: they finish shortest timer first.",
    check,
};

/// The tasks' timers, in the order they are spawned.
const TIMERS_MS: [u64; 3] = [300, 200, 100];

/// What the tasks saw: the timer of each task that finished, in the order
/// they finished, and the OS threads their code ran on.
#[derive(Default)]
struct Seen {
    finished: Vec<u64>,
    threads: BTreeSet<i32>,
}

/// A task that waits on a timer of `ms` and notes what it saw in `seen`.
async fn timed_task(ms: u64, seen: Arc<Mutex<Seen>>) {
    let note = |finished: bool| {
        let mut seen = seen.lock().expect("no panic while locked");
        seen.threads.insert(measure::thread_id());
        if finished {
            seen.finished.push(ms);
        }
    };
    note(false);
    Timer::after(Duration::from_millis(ms)).await;
    note(true);
}

/// Runs the timed tasks with `run`, and judges what they saw.
fn judge(run: fn(Vec<BoxedFuture>)) -> Verdict {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let tasks = TIMERS_MS
        .iter()
        .map(|&ms| Box::pin(timed_task(ms, Arc::clone(&seen))) as BoxedFuture)
        .collect();
    let caller = measure::thread_id();
    run(tasks);
    let seen = seen.lock().expect("no panic while locked");
    let mut shortest_first = TIMERS_MS.to_vec();
    shortest_first.sort();
    Verdict::from_figures(vec![
        Figure::new("tasks finished", seen.finished.len() as f64, "")
            .bounded(Bound::Exactly(TIMERS_MS.len() as f64)),
        Figure::new("OS threads the tasks ran on", seen.threads.len() as f64, "")
            .bounded(Bound::Exactly(1.0)),
        Figure::new(
            "OS threads other than the caller's that ran a task",
            seen.threads.iter().filter(|&&t| t != caller).count() as f64,
            "",
        )
        .bounded(Bound::Exactly(0.0)),
        Figure::yes_no(
            "tasks finished shortest timer first (1 if so)",
            seen.finished == shortest_first,
        )
        .bounded(Bound::Exactly(1.0)),
    ])
}

fn check() -> io::Result<Verdict> {
    let claim = judge(|tasks| {
        let executor = Executor::new();
        for task in tasks {
            executor.spawn(task);
        }
        executor.run();
    });
    // The control: no queue. Each task is run to completion, with block_on,
    // before the next one starts.
    let control = judge(|tasks| {
        for task in tasks {
            block_on(task);
        }
    });
    Ok(claim
        .against(
            "each task run to completion before the next starts",
            control,
        )
        .with_parameter("tasks", TIMERS_MS.len() as f64)
        .with_parameter("ms timer of the first task", TIMERS_MS[0] as f64)
        .with_parameter("ms timer of the second task", TIMERS_MS[1] as f64)
        .with_parameter("ms timer of the third task", TIMERS_MS[2] as f64))
}
// ANCHOR_END: check
