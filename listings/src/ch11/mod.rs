//! Chapter 11: The shared-variable experiment.

pub mod c;
pub mod counters;
pub mod false_sharing;
pub mod go;
pub mod python;
pub mod runs;
pub mod store_buffer;

use crate::claims::Claim;

/// The claims chapter 11 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[
    counters::LOAD_STORE,
    counters::FETCH_ADD,
    counters::MUTEX,
    counters::SERVER,
    c::NAIVE_O0,
    c::FOLDED_AT_O2,
    c::VOLATILE_LOSES,
    c::ATOMIC_AND_MUTEX,
    c::TSAN,
    python::PLAIN_INCREMENT,
    python::CALL_LOSES,
    python::LOCK_EXACT,
    go::RACE_LOSES,
    go::DETECTOR,
    go::ONE_PROC_HIDES,
    go::MUTEX_AND_SERVER,
    store_buffer::RELAXED,
    store_buffer::RELEASE_ACQUIRE,
    store_buffer::SEQ_CST,
    false_sharing::FALSE_SHARING,
    false_sharing::SHARED_COUNTER,
];
