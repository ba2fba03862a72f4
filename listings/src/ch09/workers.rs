//! Listings 9-7 and 9-8: worker processes in Rust. The program starts
//! copies of itself, each of which adds up part of a sum and prints it; the
//! parent collects what they print (9-7). What starting a process costs
//! next to starting a thread (9-8).

use std::env;
use std::io;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use listings::claims::{Bound, Claim, Figure, Verdict};

// ANCHOR: listing
/// The sum of the squares of the numbers in `first..end`.
fn sum_of_squares(first: u64, end: u64) -> u64 {
    (first..end).map(|n| n * n).sum()
}

/// Starts `program worker FIRST END` once per range, all at once, waits for
/// every worker and adds up the numbers they print.
pub fn run_workers(program: &Path, ranges: &[(u64, u64)]) -> io::Result<u64> {
    let workers = ranges
        .iter()
        .map(|(first, end)| {
            Command::new(program)
                .args(["worker", &first.to_string(), &end.to_string()])
                .stdout(Stdio::piped())
                .spawn()
        })
        .collect::<io::Result<Vec<Child>>>()?;
    let mut total = 0;
    for worker in workers {
        let output = worker.wait_with_output()?;
        if !output.status.success() {
            return Err(io::Error::other(format!("a worker {}", output.status)));
        }
        let printed = String::from_utf8_lossy(&output.stdout);
        total += printed.trim().parse::<u64>().map_err(io::Error::other)?;
    }
    Ok(total)
}

pub fn main() -> io::Result<()> {
    let args: Vec<String> = env::args().collect();
    if let [_, role, first, end] = &args[..]
        && role == "worker"
    {
        let (first, end) = (first.parse(), end.parse());
        let (Ok(first), Ok(end)) = (first, end) else {
            return Err(io::Error::other("a worker needs two numbers"));
        };
        println!("{}", sum_of_squares(first, end));
        return Ok(());
    }
    let n = 1_000_000;
    let halves = [(1, n / 2), (n / 2, n + 1)];
    let by_processes = run_workers(&env::current_exe()?, &halves)?;
    let by_threads: u64 = thread::scope(|s| {
        let workers = halves.map(|(first, end)| s.spawn(move || sum_of_squares(first, end)));
        workers
            .map(|w| w.join().expect("a sum does not panic"))
            .iter()
            .sum()
    });
    println!("two processes: {by_processes}");
    println!("two threads:   {by_threads}");
    assert_eq!(by_processes, by_threads);
    Ok(())
}
// ANCHOR_END: listing

// ANCHOR: cost
/// The time to start a child process that runs `true` and wait for it.
pub fn start_process() -> io::Result<Duration> {
    let start = Instant::now();
    let status = Command::new("true").status()?;
    if !status.success() {
        return Err(io::Error::other(format!("`true` {status}")));
    }
    Ok(start.elapsed())
}

/// The time to spawn a thread that does nothing and join it.
pub fn start_thread() -> Duration {
    let start = Instant::now();
    thread::spawn(|| {})
        .join()
        .expect("an empty thread does not panic");
    start.elapsed()
}

/// The fastest of `rounds` rounds of `count` starts made by `start` (such
/// as `start_process`) and of `count` thread starts, taken in turn so that
/// both meet the same load: the time per start of each.
pub fn start_costs(
    start: fn() -> io::Result<Duration>,
    count: u32,
    rounds: u32,
) -> io::Result<(Duration, Duration)> {
    let (mut first, mut thread) = (Duration::MAX, Duration::MAX);
    for _ in 0..rounds {
        let mut total = Duration::ZERO;
        for _ in 0..count {
            total += start()?;
        }
        first = first.min(total / count);
        let total: Duration = (0..count).map(|_| start_thread()).sum();
        thread = thread.min(total / count);
    }
    Ok((first, thread))
}
// ANCHOR_END: cost

/// Starts per round, and rounds.
const STARTS: u32 = 20;
const ROUNDS: u32 = 10;

/// The figures of `start_costs(start, ...)`: the time per start of `what`
/// and of a thread, and the ratio, which must be at least ten.
fn start_cost_figures(what: &str, start: fn() -> io::Result<Duration>) -> io::Result<Verdict> {
    let (first, thread) = start_costs(start, STARTS, ROUNDS)?;
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    let best = format!("best of {ROUNDS} rounds of {STARTS}");
    Ok(Verdict::from_figures(vec![
        Figure::new(format!("{what}, {best}"), micros(first), "µs"),
        Figure::new(
            format!("thread spawn and join, {best}"),
            micros(thread),
            "µs",
        ),
        Figure::new(
            format!("{what} / thread"),
            micros(first) / micros(thread),
            "",
        )
        .bounded(Bound::AtLeast(10.0)),
    ]))
}

pub const START_COST: Claim = Claim {
    id: "rust-process-start-costs-more",
    statement: "In Rust, starting a child process that runs true and waiting for it takes at \
                least ten times as long as spawning a thread that does nothing and joining it.",
    check: || {
        let claim = start_cost_figures("process start and wait", start_process)?;
        // The control: threads in place of the processes, the same bound.
        let control = start_cost_figures("thread in place of the process", || Ok(start_thread()))?;
        Ok(claim.against("threads in place of the processes", control))
    },
};
