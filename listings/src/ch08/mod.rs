//! Chapter 8: How does Python's GIL shape a Python thread?
//!
//! The Python listings live in `listings/python/ch08`; `sources` embeds
//! them and `python_threads` runs them.

pub mod handmade_gil;
pub mod python_threads;
pub mod sources;

use crate::claims::Claim;

/// The claims chapter 8 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[
    python_threads::CPU_BOUND,
    python_threads::SWITCH_INTERVAL,
    python_threads::SLEEPING,
    python_threads::HASHLIB,
    python_threads::IADD_IN_PYTHON,
    handmade_gil::SERIALISES,
    handmade_gil::WITHOUT,
];
