//! Listings 9-5 and 9-6: tokio's worker threads, the analogue of
//! GOMAXPROCS, and its blocking threads, which do not count against them.

use std::env;
use std::io::{self, Read, Write};

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;
use tokio::runtime::{Builder, Runtime};

// ANCHOR: workers
/// Builds a runtime and returns it with the number of OS threads that
/// building it added to the process.
pub fn threads_added(builder: &mut Builder) -> io::Result<(Runtime, usize)> {
    let before = measure::os_threads()?;
    let runtime = builder.build()?;
    Ok((runtime, measure::os_threads()? - before))
}

pub fn main() -> io::Result<()> {
    // SAFETY: no other thread exists yet that could read the environment.
    unsafe { env::set_var("TOKIO_WORKER_THREADS", "3") };
    let (_from_env, env_workers) = threads_added(&mut Builder::new_multi_thread())?;
    let (_from_builder, builder_workers) =
        threads_added(Builder::new_multi_thread().worker_threads(2))?;
    println!("TOKIO_WORKER_THREADS=3, no worker_threads: {env_workers} threads");
    println!("TOKIO_WORKER_THREADS=3, worker_threads(2):  {builder_workers} threads");
    let (before, during) = blocked_calls(4)?;
    println!(
        "one worker, 4 calls blocked in read: {} more threads",
        during - before
    );
    Ok(())
}
// ANCHOR_END: workers

// ANCHOR: blocking
/// Counts the OS threads of a process with a one-worker runtime, then again
/// while `calls` closures handed to `spawn_blocking` wait on empty pipes.
pub fn blocked_calls(calls: usize) -> io::Result<(usize, usize)> {
    let runtime = Builder::new_multi_thread().worker_threads(1).build()?;
    let before = measure::os_threads()?;
    let mut writers = Vec::new();
    let mut handles = Vec::new();
    for _ in 0..calls {
        let (mut reader, writer) = io::pipe()?;
        writers.push(writer);
        // read(2) on an empty pipe: the thread sleeps until a byte arrives.
        handles.push(runtime.spawn_blocking(move || reader.read(&mut [0; 1])));
    }
    // spawn_blocking has started a thread for each call before returning.
    let during = measure::os_threads()?;
    for mut writer in writers {
        writer.write_all(&[1])?;
    }
    for handle in handles {
        runtime.block_on(handle)??;
    }
    Ok((before, during))
}
// ANCHOR_END: blocking

// ANCHOR: claims
pub const BUILDER_WINS: Claim = Claim {
    id: "tokio-builder-beats-worker-env",
    statement: "With TOKIO_WORKER_THREADS=3 set, a multi-thread tokio runtime built without \
                worker_threads starts three worker threads, and one built with \
                worker_threads(2) starts two: the builder wins over the variable.",
    check: || {
        // SAFETY: the claims runner runs each check in a fresh process, and
        // this line runs first, while the main thread is its only thread.
        unsafe { env::set_var("TOKIO_WORKER_THREADS", "3") };
        let (_from_env, env_workers) = threads_added(&mut Builder::new_multi_thread())?;
        let (_from_builder, builder_workers) =
            threads_added(Builder::new_multi_thread().worker_threads(2))?;
        Ok(Verdict::from_figures(vec![
            Figure::new("threads started, variable only", env_workers as f64, "")
                .bounded(Bound::Exactly(3.0)),
            Figure::new(
                "threads started, worker_threads(2)",
                builder_workers as f64,
                "",
            )
            .bounded(Bound::Exactly(2.0)),
        ]))
    },
};

pub const BLOCKING_POOL: Claim = Claim {
    id: "tokio-blocking-threads-beyond-workers",
    statement: "On a multi-thread tokio runtime with one worker thread, four spawn_blocking \
                calls that wait reading empty pipes run on four more OS threads: the \
                process has six, its main thread, one worker and four blocking threads.",
    check: || {
        let (before, during) = blocked_calls(4)?;
        Ok(Verdict::from_figures(vec![
            Figure::new("OS threads, main and one worker", before as f64, "")
                .bounded(Bound::Exactly(2.0)),
            Figure::new("OS threads with four calls blocked", during as f64, "")
                .bounded(Bound::Exactly(6.0)),
        ]))
    },
};
// ANCHOR_END: claims
