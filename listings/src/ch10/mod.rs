//! Chapter 10: The shared-variable experiment.

pub mod counters;

use crate::claims::Claim;

/// The claims chapter 10 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[
    counters::LOAD_STORE,
    counters::FETCH_ADD,
    counters::MUTEX,
    counters::SERVER,
];
