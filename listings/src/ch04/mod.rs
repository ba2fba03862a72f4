//! Chapter 4: The toolbox: threads, locks, atomics and channels in Rust.

use crate::claims::Claim;

/// The claims chapter 4 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[];
