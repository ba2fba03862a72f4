//! Chapter 2: Why have machines become multicore?

use crate::claims::Claim;

/// The claims chapter 2 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[];
