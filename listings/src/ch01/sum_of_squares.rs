//! Listing 1-5: one loop, run in parallel by rayon. Parallelism without
//! concurrency in the program's structure.

use std::io;

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;
use rayon::prelude::*;

// ANCHOR: listing
/// The sum of the squares of `numbers`, computed by rayon's thread pool.
pub fn sum_of_squares(numbers: &[u64]) -> u64 {
    numbers.par_iter().map(|&n| n * n).sum()
}

pub fn main() -> io::Result<()> {
    let numbers: Vec<u64> = (1..=100_000).collect();
    println!("sum of squares: {}", sum_of_squares(&numbers));
    println!("rayon's worker threads: {}", rayon::current_num_threads());
    println!("OS threads in this process: {}", measure::os_threads()?);
    Ok(())
}
// ANCHOR_END: listing

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "rayon-one-worker-per-cpu",
    statement: "A rayon parallel iterator runs one loop on a pool of one OS thread per \
                CPU that std::thread::available_parallelism counts, and gives the same \
                sum as a sequential loop.",
    check,
};

fn check() -> io::Result<Verdict> {
    let n: u64 = 100_000;
    let numbers: Vec<u64> = (1..=n).collect();
    let sum = sum_of_squares(&numbers);
    // Count before asking rayon anything: the question alone would start
    // the pool, and then the count could not show that the loop started it.
    let workers = measure::os_threads()? - 1;
    let pool = rayon::current_num_threads();
    let cpus = std::thread::available_parallelism()?.get() as f64;
    Ok(Verdict::from_figures(vec![
        Figure::new("OS threads besides main", workers as f64, "").bounded(Bound::Exactly(cpus)),
        Figure::new("rayon worker threads", pool as f64, "").bounded(Bound::Exactly(cpus)),
        // n(n+1)(2n+1)/6, well below 2^53, so exact as an f64.
        Figure::new("sum of squares", sum as f64, "")
            .bounded(Bound::Exactly((n * (n + 1) * (2 * n + 1) / 6) as f64)),
    ]))
}
// ANCHOR_END: check
