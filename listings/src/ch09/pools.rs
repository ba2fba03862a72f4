//! Listing 9-7: the size of rayon's pools, from the environment and from
//! the builder.

use std::env;
use std::io;

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;

// ANCHOR: listing
/// The sizes rayon reports for its global pool and for a pool built with
/// one thread, and the OS threads of the process after each is started.
pub fn pool_sizes() -> io::Result<[usize; 4]> {
    let global = rayon::current_num_threads();
    let with_global = measure::os_threads()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .map_err(io::Error::other)?;
    let with_both = measure::os_threads()?;
    Ok([global, with_global, pool.current_num_threads(), with_both])
}

pub fn main() -> io::Result<()> {
    // SAFETY: no other thread exists yet that could read the environment.
    unsafe { env::set_var("RAYON_NUM_THREADS", "3") };
    let [global, with_global, one, with_both] = pool_sizes()?;
    println!("global pool: {global} threads; OS threads: {with_global}");
    println!("num_threads(1) pool: {one} thread; OS threads: {with_both}");
    Ok(())
}
// ANCHOR_END: listing

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "rayon-builder-beats-num-threads-env",
    statement: "With RAYON_NUM_THREADS=3 set, rayon's global pool has three threads, and a \
                pool built with ThreadPoolBuilder::num_threads(1) has one: the builder wins \
                over the variable.",
    check: || {
        // SAFETY: the claims runner runs each check in a fresh process, and
        // this line runs first, while the main thread is its only thread.
        unsafe { env::set_var("RAYON_NUM_THREADS", "3") };
        let [global, with_global, one, with_both] = pool_sizes()?;
        Ok(Verdict::from_figures(vec![
            Figure::new("global pool threads", global as f64, "").bounded(Bound::Exactly(3.0)),
            Figure::new("OS threads with it", with_global as f64, "").bounded(Bound::Exactly(4.0)),
            Figure::new("num_threads(1) pool threads", one as f64, "").bounded(Bound::Exactly(1.0)),
            Figure::new("OS threads with both", with_both as f64, "").bounded(Bound::Exactly(5.0)),
        ]))
    },
};
// ANCHOR_END: check
