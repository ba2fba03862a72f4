//! Chapter 2: Why have machines become multicore?
//!
//! Listings 2-1 and 2-5 are short enough to live in the chapter itself.

pub mod amdahl;
pub mod cores;
pub mod periods;
pub mod trend;

use crate::claims::Claim;

/// The claims chapter 2 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[
    trend::CLOCK_FLAT,
    trend::CORES_RISING,
    amdahl::BOUND,
    amdahl::REACHED,
    cores::CLAIM,
];
