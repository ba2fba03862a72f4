//! Chapter 3: What problems motivate concurrency?
//!
//! Listings 3-2 and 3-5 are short enough to live in the chapter itself.

pub mod naps;
pub mod primes;
pub mod supervisor;
pub mod ticker;

use crate::claims::Claim;

/// The claims chapter 3 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[
    naps::CLAIM,
    ticker::STALL,
    ticker::OFFLOAD,
    primes::ONE_CPU,
    primes::CORES,
    supervisor::CLAIM,
];
