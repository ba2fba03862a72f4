//! Chapter 9: The workaround for the GIL: multiprocessing.
//!
//! Listings 9-1 to 9-6 are Python programs under `listings/python/ch09`,
//! run by the checks in [`multiprocessing`](self::multiprocessing) and
//! [`pool`](self::pool).

pub mod multiprocessing;
pub mod pool;
pub mod workers;

use crate::claims::Claim;

/// The claims chapter 9 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[
    multiprocessing::OVERLAP,
    multiprocessing::SHARED_VALUE,
    multiprocessing::DEFAULT_METHOD,
    multiprocessing::INHERITED,
    multiprocessing::START_COST,
    pool::REUSE,
    pool::SEND_COST,
    workers::START_COST,
];
