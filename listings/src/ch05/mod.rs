//! Chapter 5: Does concurrency make programming easier or harder?

pub mod deadlock;
pub mod last_seat;

use crate::claims::Claim;

/// The claims chapter 5 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[
    last_seat::OVERSELLS,
    last_seat::NEVER_OVERSELLS,
    deadlock::DEADLOCKS,
    deadlock::ONE_ORDER,
];
