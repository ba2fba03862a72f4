//! Chapter 4: What tools does Rust give a concurrent program? Threads,
//! scoped threads, `Arc`, `Mutex`, atomics, channels, `Barrier` and
//! `Condvar`.
//!
//! Listings 4-2 and 4-12, which must not compile, live in the chapter
//! itself.

pub mod atomic_counter;
pub mod barrier;
pub mod bounded;
pub mod channels;
pub mod condvar;
pub mod counter;
pub mod maximum;
pub mod moving;
pub mod poison;
pub mod publish;
pub mod scoped;
pub mod shared;
pub mod spawn;

use crate::claims::Claim;

/// The claims chapter 4 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[poison::CLAIM, bounded::CLAIM, condvar::CLAIM];
