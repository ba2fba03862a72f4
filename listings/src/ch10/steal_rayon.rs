//! Listing 10-10: work stealing in rayon. Which worker threads of a pool
//! ran the pieces of an unbalanced job.

use std::hint::black_box;
use std::io;

use listings::claims::{Bound, Claim, Figure, Verdict};
use rayon::prelude::*;

// ANCHOR: rayon
/// A piece of work: a fixed amount of arithmetic on one core. It
/// returns the index of the pool thread that ran it.
fn piece() -> usize {
    let mut x = 0_u64;
    for i in 0..PIECE_STEPS {
        x = black_box(x.wrapping_mul(31).wrapping_add(i));
    }
    rayon::current_thread_index().expect("a piece runs on a thread of the pool")
}

const PIECE_STEPS: u64 = 400_000;

/// Runs one unbalanced job on a pool of `threads` threads: a small half of
/// one piece beside a big half of `pieces` pieces. Returns the worker that
/// ran the small half and, for each worker, the pieces of the big half it
/// ran.
pub fn unbalanced(threads: usize, pieces: usize) -> io::Result<(usize, Vec<usize>)> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(io::Error::other)?;
    let (small, big) = pool.install(|| {
        rayon::join(piece, || {
            (0..pieces)
                .into_par_iter()
                .map(|_| piece())
                .collect::<Vec<_>>()
        })
    });
    let mut per_worker = vec![0; threads];
    for worker in big {
        per_worker[worker] += 1;
    }
    Ok((small, per_worker))
}

pub fn main() -> io::Result<()> {
    for threads in [2, 1] {
        let (small, per_worker) = unbalanced(threads, 64)?;
        println!(
            "pool of {threads}: small half on worker {small}; \
             pieces of the big half per worker: {per_worker:?}"
        );
    }
    Ok(())
}
// ANCHOR_END: rayon

/// The pool of the claim, the pieces of its big half, and the trials the
/// check may run before it gives up.
const WORKERS: usize = 2;
const PIECES: usize = 64;
const TRIALS: usize = 5;

/// The check of [`RAYON`] for one trial on a pool of `threads`: every
/// piece ran, and the big half's pieces ran on `WORKERS` workers.
fn judge_rayon(threads: usize) -> io::Result<Verdict> {
    let mut last = None;
    for trial in 1..=TRIALS {
        let (small, per_worker) = unbalanced(threads, PIECES)?;
        let workers = per_worker.iter().filter(|&&n| n > 0).count();
        let verdict = Verdict::from_figures(vec![
            Figure::new(
                "pieces of the big half run",
                per_worker.iter().sum::<usize>() as f64,
                "",
            )
            .bounded(Bound::Exactly(PIECES as f64)),
            Figure::new(
                "workers that ran pieces of the big half",
                workers as f64,
                "",
            )
            .bounded(Bound::Exactly(WORKERS as f64)),
            Figure::new(
                "pieces of the big half run by the small half's worker",
                per_worker[small] as f64,
                "",
            ),
            Figure::new("trials run", trial as f64, ""),
        ]);
        if workers == WORKERS {
            return Ok(verdict);
        }
        last = Some(verdict);
    }
    Ok(last.expect("at least one trial ran"))
}

// ANCHOR: claims
pub const RAYON: Claim = Claim {
    id: "rayon-idle-worker-steals",
    statement: "On a rayon pool of two threads, a job whose one half is a single piece and \
                whose other half is 64 pieces has the pieces of the big half run on both \
                worker threads, in at least one of five trials.",
    check: || {
        let claim = judge_rayon(WORKERS)?.with_parameter("trials", TRIALS as f64);
        let control = judge_rayon(1)?;
        Ok(claim.against("a pool of one thread", control))
    },
};
// ANCHOR_END: claims
