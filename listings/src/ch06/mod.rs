//! Chapter 6: Processes, threads, green threads and coroutines.

pub mod block_on;
pub mod coroutine;
pub mod cost;
pub mod parallel;
pub mod preempt;
pub mod process;
pub mod task_queue;
pub mod tasks;
pub mod threads;

use crate::claims::Claim;
use crate::toolchain::Source;

/// Listing 6-1, which `process` builds and runs. It is embedded here, not
/// in `process.rs`, because that file is also compiled on its own, as a
/// program, where the path would not resolve.
pub const FORK: Source = Source {
    name: "fork.c",
    text: include_str!("../../c/ch06/fork.c"),
};

/// The control of Listing 6-1: the same steps with a thread in place of the
/// child process.
pub const THREAD: Source = Source {
    name: "thread.c",
    text: include_str!("../../c/ch06/thread.c"),
};

/// The claims chapter 6 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[
    process::CLAIM,
    threads::CLAIM,
    tasks::CLAIM,
    block_on::CLAIM,
    task_queue::CLAIM,
    preempt::CLAIM,
    parallel::CLAIM,
    cost::CLAIM,
];
