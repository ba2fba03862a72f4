//! Chapter 7: What do pthread_create(), threading.Thread() and go create?
//!
//! The C, Python and Go listings live under `listings/c/ch07`,
//! `listings/python/ch07` and `listings/go/ch07`; `others` runs them.

pub mod others;
pub mod spawn;

use crate::claims::Claim;

/// The claims chapter 7 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[
    others::PTHREAD_CREATE,
    others::PYTHON_THREAD,
    spawn::THREAD_SPAWN,
    others::GO_FEW_THREADS,
    others::GO_PREEMPTED,
    spawn::TOKIO_SPAWN,
];
