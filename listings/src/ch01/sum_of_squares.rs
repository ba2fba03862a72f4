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
    let n: u64 = 100_000;
    let numbers: Vec<u64> = (1..=n).collect();
    let sum = sum_of_squares(&numbers);
    println!("sum of squares: {sum}");
    println!("rayon's worker threads: {}", rayon::current_num_threads());
    println!("OS threads in this process: {}", measure::os_threads()?);
    // The same sum as a sequential loop; rayon's workers beside `main`.
    assert_eq!(sum, numbers.iter().map(|&n| n * n).sum::<u64>());
    assert_eq!(measure::os_threads()?, 1 + rayon::current_num_threads());
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

const N: u64 = 100_000;

/// The check: `sum` of the squares of 1..=N, and the OS threads besides
/// `main` once it was computed, one per CPU; with `pool`, also rayon's
/// count of its worker threads.
fn judge(sum: u64, pool: Option<fn() -> usize>) -> io::Result<Verdict> {
    // Count before asking rayon anything: the question alone would start
    // the pool, and then the count could not show that the loop started it.
    let workers = measure::os_threads()? - 1;
    let cpus = std::thread::available_parallelism()?.get() as f64;
    let mut figures = vec![
        Figure::new("OS threads besides main", workers as f64, "").bounded(Bound::Exactly(cpus)),
        // n(n+1)(2n+1)/6, well below 2^53, so exact as an f64.
        Figure::new("sum of squares", sum as f64, "")
            .bounded(Bound::Exactly((N * (N + 1) * (2 * N + 1) / 6) as f64)),
    ];
    if let Some(pool) = pool.map(|ask| ask()) {
        figures.push(
            Figure::new("rayon worker threads", pool as f64, "").bounded(Bound::Exactly(cpus)),
        );
    }
    Ok(Verdict::from_figures(figures))
}

fn check() -> io::Result<Verdict> {
    let numbers: Vec<u64> = (1..=N).collect();
    // The control first, while rayon's pool does not exist yet: the same
    // loop with `iter` in place of `par_iter`, the same check.
    let control = judge(numbers.iter().map(|&n| n * n).sum(), None)?;
    let claim = judge(sum_of_squares(&numbers), Some(rayon::current_num_threads))?;
    Ok(claim.against("a sequential loop: iter in place of par_iter", control))
}
// ANCHOR_END: check
