//! Chapter 3: What problems motivate concurrency?

pub mod async_greeter;
pub mod greeter;
pub mod idle;
pub mod naps;
pub mod primes;
pub mod supervisor;
pub mod task_naps;
pub mod ticker;

use crate::claims::Claim;

/// The claims chapter 3 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[
    naps::CLAIM,
    ticker::STALL,
    ticker::OFFLOAD,
    primes::ONE_CPU,
    primes::CORES,
    idle::TASKS,
    idle::THREADS,
    supervisor::CLAIM,
];
