//! Chapter 3: What problems motivate concurrency?

use crate::claims::Claim;

/// The claims chapter 3 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[];
