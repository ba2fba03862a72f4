//! Chapter 10: The shared-variable experiment.

use crate::claims::Claim;

/// The claims chapter 10 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[];
