//! Chapter 10: What does GOMAXPROCS change?

pub mod gomaxprocs;
pub mod limit;
pub mod pools;
pub mod quota;
pub mod steal_go;
pub mod steal_rayon;
pub mod steal_tokio;
pub mod workers;

use crate::claims::Claim;

/// The claims chapter 10 makes, in the order it makes them.
pub const CLAIMS: &[Claim] = &[
    gomaxprocs::DEFAULT,
    quota::CLAIM,
    gomaxprocs::TAKE_TURNS,
    gomaxprocs::OVERLAP,
    gomaxprocs::THREADS,
    gomaxprocs::PARKED_WAITS,
    workers::BUILDER_WINS,
    workers::BLOCKING_POOL,
    pools::CLAIM,
    steal_rayon::RAYON,
    steal_tokio::TOKIO,
    steal_go::CLAIM,
];
