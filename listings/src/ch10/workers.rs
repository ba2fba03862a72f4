//! Listings 10-5 and 10-6: tokio's worker threads, the analogue of
//! GOMAXPROCS, and its blocking threads, which do not count against them.

use std::env;
use std::io::{self, Read, Write};
use std::thread;
use std::time::{Duration, Instant};

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
    assert_eq!((env_workers, builder_workers), (3, 2));
    assert_eq!(during - before, 4);
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

/// The control of [`BLOCKING_POOL`]: the same calls handed to `spawn`, so
/// that they run as tasks on the one worker thread.
pub fn calls_on_the_worker(calls: usize) -> io::Result<(usize, usize)> {
    let runtime = Builder::new_multi_thread().worker_threads(1).build()?;
    let before = measure::os_threads()?;
    let mut writers = Vec::new();
    let mut handles = Vec::new();
    for _ in 0..calls {
        let (mut reader, writer) = io::pipe()?;
        writers.push(writer);
        handles.push(runtime.spawn(async move { reader.read(&mut [0; 1]) }));
    }
    // Time for the worker to start the first call and block in it, and for
    // the runtime to start threads if it did.
    thread::sleep(Duration::from_millis(100));
    let during = measure::os_threads()?;
    for mut writer in writers {
        writer.write_all(&[1])?;
    }
    for handle in handles {
        runtime.block_on(handle)??;
    }
    Ok((before, during))
}

/// Waits until this process has one thread again, after the runtimes or
/// pools of a control were dropped, so that it may change its environment.
pub fn single_threaded_again() -> io::Result<()> {
    let start = Instant::now();
    while measure::os_threads()? > 1 {
        if start.elapsed() > Duration::from_secs(5) {
            return Err(io::Error::other(
                "the threads of the dropped runtimes or pools did not exit",
            ));
        }
        thread::sleep(Duration::from_millis(10));
    }
    Ok(())
}

/// The variable's value and the builder's number of workers in
/// [`BUILDER_WINS`].
const ENV_WORKERS: usize = 3;
const BUILDER_WORKERS: usize = 2;

/// The check of [`BUILDER_WINS`], for the threads the first runtime (built
/// without `worker_threads`) and the second started.
fn judge_workers(first: usize, second: usize) -> Verdict {
    Verdict::from_figures(vec![
        Figure::new("threads started, first runtime", first as f64, "")
            .bounded(Bound::Exactly(ENV_WORKERS as f64)),
        Figure::new("threads started, second runtime", second as f64, "")
            .bounded(Bound::Exactly(BUILDER_WORKERS as f64)),
    ])
}

/// The calls of [`BLOCKING_POOL`], and the threads of its process before
/// them: the main thread and the one worker.
const CALLS: usize = 4;
const MAIN_AND_WORKER: usize = 2;

/// The check of [`BLOCKING_POOL`].
fn judge_blocking((before, during): (usize, usize)) -> Verdict {
    Verdict::from_figures(vec![
        Figure::new("OS threads, main and one worker", before as f64, "")
            .bounded(Bound::Exactly(MAIN_AND_WORKER as f64)),
        Figure::new(
            format!("OS threads with {CALLS} calls waiting"),
            during as f64,
            "",
        )
        .bounded(Bound::Exactly((MAIN_AND_WORKER + CALLS) as f64)),
    ])
}

// ANCHOR: claims
pub const BUILDER_WINS: Claim = Claim {
    id: "tokio-builder-beats-worker-env",
    statement: "With TOKIO_WORKER_THREADS=3 set, a multi-thread tokio runtime built without \
                worker_threads starts three worker threads, and one built with \
                worker_threads(2) starts two: the builder wins over the variable.",
    check: || {
        const VARIABLE: &str = "TOKIO_WORKER_THREADS";
        // SAFETY: the claims runner runs each check in a fresh process, and
        // this line runs first, while the main thread is its only thread.
        unsafe { env::remove_var(VARIABLE) };
        // The control: the same two runtimes, built with neither the
        // variable nor worker_threads. Each then starts one worker per
        // CPU, which cannot be both numbers the check needs.
        let control = {
            let (_first, first) = threads_added(&mut Builder::new_multi_thread())?;
            let (_second, second) = threads_added(&mut Builder::new_multi_thread())?;
            judge_workers(first, second)
        };
        single_threaded_again()?;
        // SAFETY: the control's runtimes are dropped and their threads
        // have exited: the main thread is again the only thread.
        unsafe { env::set_var(VARIABLE, ENV_WORKERS.to_string()) };
        let (_from_env, env_workers) = threads_added(&mut Builder::new_multi_thread())?;
        let (_from_builder, builder_workers) =
            threads_added(Builder::new_multi_thread().worker_threads(BUILDER_WORKERS))?;
        Ok(judge_workers(env_workers, builder_workers).against(
            format!("neither {VARIABLE} nor worker_threads({BUILDER_WORKERS})"),
            control,
        ))
    },
};

pub const BLOCKING_POOL: Claim = Claim {
    id: "tokio-blocking-threads-beyond-workers",
    statement: "On a multi-thread tokio runtime with one worker thread, four spawn_blocking \
                calls that wait reading empty pipes run on four more OS threads: the \
                process has six, its main thread, one worker and four blocking threads.",
    check: || {
        let claim = judge_blocking(blocked_calls(CALLS)?);
        let control = judge_blocking(calls_on_the_worker(CALLS)?);
        Ok(claim.against(
            "the calls handed to spawn instead of spawn_blocking",
            control,
        ))
    },
};
// ANCHOR_END: claims
