//! Listing 3-2: The same hundred naps, as tasks on one OS thread.

// ANCHOR: listing
use std::io;
use std::time::{Duration, Instant};

use listings::measure;

pub fn main() -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let start = Instant::now();
    let os_threads = runtime.block_on(async {
        let naps: Vec<_> = (0..100)
            .map(|_| tokio::spawn(tokio::time::sleep(Duration::from_millis(200))))
            .collect();
        let os_threads = measure::os_threads();
        for nap in naps {
            nap.await?;
        }
        os_threads
    })?;
    println!(
        "100 tasks napped 200 ms each: done after {:?}",
        start.elapsed()
    );
    println!("OS threads in this process: {os_threads}");
    assert_eq!(os_threads, 1, "the tasks waited on one OS thread");
    Ok(())
}
// ANCHOR_END: listing
