//! Chapter 1: What is concurrency? What is parallelism?

pub mod sleepers;
pub mod spin;
pub mod sum_of_squares;

use crate::claims::Claim;

/// The claims chapter 1 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[
    sleepers::CLAIM,
    spin::OVERLAP,
    spin::ONE_CPU,
    sum_of_squares::CLAIM,
];
