//! Listing 10-7: the size of rayon's pools, from the environment and from
//! the builder.

use std::env;
use std::io;

use listings::ch10::workers::single_threaded_again;
use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;

// ANCHOR: listing
/// The sizes rayon reports for its global pool and for a pool built with
/// `threads` threads, and the OS threads of the process after each is
/// started.
pub fn pool_sizes(threads: usize) -> io::Result<[usize; 4]> {
    let global = rayon::current_num_threads();
    let with_global = measure::os_threads()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(io::Error::other)?;
    let with_both = measure::os_threads()?;
    Ok([global, with_global, pool.current_num_threads(), with_both])
}

pub fn main() -> io::Result<()> {
    // SAFETY: no other thread exists yet that could read the environment.
    unsafe { env::set_var("RAYON_NUM_THREADS", "3") };
    let [global, with_global, one, with_both] = pool_sizes(1)?;
    println!("global pool: {global} threads; OS threads: {with_global}");
    println!("num_threads(1) pool: {one} thread; OS threads: {with_both}");
    assert_eq!([global, with_global, one, with_both], [3, 4, 1, 5]);
    Ok(())
}
// ANCHOR_END: listing

/// The control's pools: two built as rayon builds its global pool, with
/// `ThreadPoolBuilder::new()` and no `num_threads` (the global pool itself
/// is started once per process, by the claim).
fn default_pool_sizes() -> io::Result<[usize; 4]> {
    let build = || {
        rayon::ThreadPoolBuilder::new()
            .build()
            .map_err(io::Error::other)
    };
    let first = build()?;
    let with_first = measure::os_threads()?;
    let second = build()?;
    let with_both = measure::os_threads()?;
    Ok([
        first.current_num_threads(),
        with_first,
        second.current_num_threads(),
        with_both,
    ])
}

/// The variable's value, and the threads of the pool built with
/// `num_threads`, in the claim.
const ENV_THREADS: usize = 3;
const BUILDER_THREADS: usize = 1;

/// The check of the claim, for the sizes of the first pool (the global
/// one) and the second, and the OS threads with each.
fn judge([first, with_first, second, with_both]: [usize; 4]) -> Verdict {
    Verdict::from_figures(vec![
        Figure::new("first pool threads", first as f64, "")
            .bounded(Bound::Exactly(ENV_THREADS as f64)),
        Figure::new("OS threads with it", with_first as f64, "")
            .bounded(Bound::Exactly((1 + ENV_THREADS) as f64)),
        Figure::new("second pool threads", second as f64, "")
            .bounded(Bound::Exactly(BUILDER_THREADS as f64)),
        Figure::new("OS threads with both", with_both as f64, "")
            .bounded(Bound::Exactly((1 + ENV_THREADS + BUILDER_THREADS) as f64)),
    ])
}

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "rayon-builder-beats-num-threads-env",
    statement: "With RAYON_NUM_THREADS=3 set, rayon's global pool has three threads, and a \
                pool built with ThreadPoolBuilder::num_threads(1) has one: the builder wins \
                over the variable.",
    check: || {
        const VARIABLE: &str = "RAYON_NUM_THREADS";
        // SAFETY: the claims runner runs each check in a fresh process, and
        // this line runs first, while the main thread is its only thread.
        unsafe { env::remove_var(VARIABLE) };
        // The control: two pools built with neither the variable nor
        // num_threads. Each then has one thread per CPU, which cannot be
        // both numbers the check needs.
        let control = judge(default_pool_sizes()?);
        single_threaded_again()?;
        // SAFETY: the control's pools are dropped and their threads have
        // exited: the main thread is again the only thread.
        unsafe { env::set_var(VARIABLE, ENV_THREADS.to_string()) };
        let claim = judge(pool_sizes(BUILDER_THREADS)?);
        Ok(claim.against(
            format!("neither {VARIABLE} nor num_threads({BUILDER_THREADS})"),
            control,
        ))
    },
};
// ANCHOR_END: check
