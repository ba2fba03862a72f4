//! Chapter 2: Why have machines become multicore?

pub mod amdahl;
pub mod cores;
pub mod cube_rule;
pub mod periods;
pub mod trend;
pub mod two_laws;

use crate::claims::Claim;

/// The claims chapter 2 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[amdahl::BOUND, amdahl::REACHED, cores::CLAIM];
