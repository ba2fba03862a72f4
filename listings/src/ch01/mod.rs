//! Chapter 1: What is concurrency? What is parallelism?
//!
//! Listing 1-2, which must not compile, lives in the chapter itself.

pub mod breakfast;
pub mod sleepers;
pub mod spin;
pub mod sum_of_squares;

use crate::claims::Claim;

/// The claims chapter 1 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[
    spin::OVERLAP,
    spin::ONE_CPU,
    sleepers::CLAIM,
    sum_of_squares::CLAIM,
];
