//! Chapter 4: Does concurrency make programming easier or harder?

use crate::claims::Claim;

/// The claims chapter 4 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[];
