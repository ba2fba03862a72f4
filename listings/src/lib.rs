//! The listings and claim checks of the book *Checked Concurrency*.
//!
//! - [`measure`]: the measuring primitives every listing and check uses.
//! - [`claims`]: what a claim is, and how a check reports its verdict.
//! - [`toolchain`]: the C, Python, Go (and stand-alone Rust) programs the
//!   checks build and run.
//! - [`run`]: running a program under a time limit, and reading its output.
//! - [`evidence`]: the results of a claims run and the machine's
//!   description, as data the book shows.
//! - [`outputs`]: what the listings print, recorded for the pages that
//!   show it.
//! - [`inputs`]: one key of every file the book's programs are built from.
//! - [`cgroup`]: a child cgroup with a CPU quota, to run programs under a
//!   container's CPU limit.
//! - One module per chapter ([`ch01`], ...), holding the chapter's listing
//!   files and the claims it checks.
//!
//! A listing file is both a module of this crate, whose experiment the
//! claim checks call, and a complete program that the chapter shows and the
//! chapter tests compile and run on its own. So that the same text works in
//! both places, listings name this crate `listings`, as a reader's own
//! program would.

extern crate self as listings;

pub mod cgroup;
pub mod ch01;
pub mod ch02;
pub mod ch03;
pub mod ch04;
pub mod ch05;
pub mod ch06;
pub mod ch07;
pub mod ch08;
pub mod ch09;
pub mod ch10;
pub mod ch11;
pub mod claims;
pub mod evidence;
pub mod inputs;
pub mod measure;
pub mod outputs;
pub mod run;
pub mod toolchain;

/// Every claim the book makes, in chapter order.
pub fn all_claims() -> Vec<claims::Claim> {
    [
        ch01::CLAIMS,
        ch02::CLAIMS,
        ch03::CLAIMS,
        ch04::CLAIMS,
        ch05::CLAIMS,
        ch06::CLAIMS,
        ch07::CLAIMS,
        ch08::CLAIMS,
        ch09::CLAIMS,
        ch10::CLAIMS,
        ch11::CLAIMS,
    ]
    .concat()
}
