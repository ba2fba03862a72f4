//! Listing 3-3: a task that must stay live, beside a task that makes a
//! blocking call, on a current-thread tokio runtime. Responsiveness.

use std::collections::BTreeSet;
use std::io;
use std::thread;
use std::time::{Duration, Instant};

use listings::claims::{Bound, Claim, Figure, Series, Verdict};
use listings::measure;

// ANCHOR: listing
/// How the caller makes its slow, blocking call.
#[derive(Debug, Clone, Copy)]
pub enum Call {
    /// Straight from its async task, on the runtime's only thread.
    InTask,
    /// Handed to tokio's pool of threads for blocking work.
    SpawnBlocking,
}

/// What the ticker saw while the slow call ran.
pub struct Ticks {
    /// The longest time between two ticks.
    pub longest_gap: Duration,
    /// Ticks that happened while the call was running.
    pub during_call: usize,
    /// The OS threads that ran the ticker and the call.
    pub threads: BTreeSet<i32>,
    /// When each tick came, and when the call began and ended, from the
    /// start.
    pub at: Vec<Duration>,
    pub call: (Duration, Duration),
}

const TICK: Duration = Duration::from_millis(10);
const CALL: Duration = Duration::from_millis(300);

/// Runs a ticker that wakes every 10 ms for 600 ms, and beside it a task
/// that makes a blocking call of 300 ms, the way `call` says.
pub fn ticker_beside(call: Call) -> io::Result<Ticks> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    runtime.block_on(async {
        let start = Instant::now();
        let ticker = tokio::spawn(async move {
            let mut ticks = vec![Instant::now()];
            while start.elapsed() < Duration::from_millis(600) {
                tokio::time::sleep(TICK).await;
                ticks.push(Instant::now());
            }
            (ticks, measure::thread_id())
        });
        let caller = tokio::spawn(async move {
            // Let the ticker get going first.
            tokio::time::sleep(Duration::from_millis(100)).await;
            let began = Instant::now();
            let blocking_call = || {
                thread::sleep(CALL); // stands for a blocking read, say
                measure::thread_id()
            };
            let thread = match call {
                Call::InTask => blocking_call(),
                Call::SpawnBlocking => tokio::task::spawn_blocking(blocking_call).await?,
            };
            Ok::<_, io::Error>((began, Instant::now(), thread))
        });
        let (ticks, ticker_thread) = ticker.await?;
        let (began, ended, call_thread) = caller.await??;
        let longest_gap = ticks
            .windows(2)
            .map(|pair| pair[1] - pair[0])
            .max()
            .unwrap_or_default();
        let during_call = ticks.iter().filter(|&&t| began < t && t < ended).count();
        Ok(Ticks {
            longest_gap,
            during_call,
            threads: BTreeSet::from([ticker_thread, call_thread]),
            at: ticks.iter().map(|&t| t - start).collect(),
            call: (began - start, ended - start),
        })
    })
}

pub fn main() -> io::Result<()> {
    for call in [Call::InTask, Call::SpawnBlocking] {
        let ticks = ticker_beside(call)?;
        println!(
            "{call:?}: longest gap {:?}, {} ticks during the call, {} OS thread(s)",
            ticks.longest_gap,
            ticks.during_call,
            ticks.threads.len()
        );
        match call {
            Call::InTask => assert_eq!((ticks.during_call, ticks.threads.len()), (0, 1)),
            Call::SpawnBlocking => assert!(ticks.during_call > 0 && ticks.threads.len() == 2),
        }
    }
    Ok(())
}
// ANCHOR_END: listing

/// The longest gap that the stall must reach, and the one that the ticker
/// must stay below when the call is handed off.
const STALL_AT_LEAST: Duration = Duration::from_millis(250);
const LIVE_BELOW: Duration = Duration::from_millis(150);
/// The fewest ticks that a live ticker makes during the call.
const TICKS_AT_LEAST: usize = 10;

fn millis(gap: Duration) -> f64 {
    gap.as_secs_f64() * 1e3
}

/// The constants of the experiment that both statements name.
fn with_parameters(verdict: Verdict) -> Verdict {
    verdict
        .with_parameter("blocking call, ms", CALL.as_millis() as f64)
        .with_parameter("tick, ms", TICK.as_millis() as f64)
}

// ANCHOR: stall
pub const STALL: Claim = Claim {
    id: "blocking-call-stalls-runtime",
    statement: "A blocking call of 300 ms inside a task on a current-thread tokio runtime \
                stalls every other task: a ticker that should wake every 10 ms does not \
                tick during the call, and waits at least 250 ms between one tick and the \
                next.",
    check: check_stall,
};

/// The check of the stall, on one run with the call made as `call` says.
fn stalls(call: Call) -> io::Result<Verdict> {
    let ticks = ticker_beside(call)?;
    Ok(Verdict::from_figures(vec![
        Figure::new("ticks during the call", ticks.during_call as f64, "")
            .bounded(Bound::Exactly(0.0)),
        Figure::new("longest gap between ticks", millis(ticks.longest_gap), "ms")
            .bounded(Bound::AtLeast(millis(STALL_AT_LEAST))),
        Figure::new(
            "OS threads of ticker and call",
            ticks.threads.len() as f64,
            "",
        )
        .bounded(Bound::Exactly(1.0)),
    ])
    .with_series(tick_series(&ticks))
    .with_series(Series::new(
        "the call",
        "ms",
        "",
        [(millis(ticks.call.0), 0.0), (millis(ticks.call.1), 0.0)],
    )))
}

/// The ticks of a run, for the book's figure: when each came and how long
/// after the one before, in ms.
fn tick_series(ticks: &Ticks) -> Series {
    let points = ticks
        .at
        .windows(2)
        .map(|pair| (millis(pair[1]), millis(pair[1] - pair[0])));
    Series::new("ticks", "ms", "ms", points)
}

fn check_stall() -> io::Result<Verdict> {
    // A busy machine can only lengthen the gap, so one run decides.
    let claim = stalls(Call::InTask)?;
    // The control: the same call through spawn_blocking, the same check.
    let control = stalls(Call::SpawnBlocking)?;
    Ok(with_parameters(
        claim.against("the call made through spawn_blocking", control),
    ))
}
// ANCHOR_END: stall

// ANCHOR: offload
pub const OFFLOAD: Claim = Claim {
    id: "spawn-blocking-keeps-runtime-live",
    statement: "The same call made through tokio::task::spawn_blocking runs on another OS \
                thread and leaves the runtime free: the ticker keeps ticking during the \
                call, and never waits as long as 150 ms between one tick and the next.",
    check: check_offload,
};

/// The check of a live runtime, on the best of up to `runs` runs with the
/// call made as `call` says.
fn stays_live(call: Call, runs: usize) -> io::Result<Verdict> {
    // A busy machine can only lengthen gaps and cost ticks: keep the best,
    // and stop at a run that meets both bounds, which no later run could
    // make worse.
    let mut longest_gap = Duration::MAX;
    let mut during_call = 0;
    let mut threads = usize::MAX;
    for _ in 0..runs {
        let ticks = ticker_beside(call)?;
        longest_gap = longest_gap.min(ticks.longest_gap);
        during_call = during_call.max(ticks.during_call);
        threads = threads.min(ticks.threads.len());
        if during_call >= TICKS_AT_LEAST && longest_gap < LIVE_BELOW {
            break;
        }
    }
    Ok(Verdict::from_figures(vec![
        Figure::new(
            format!("ticks during the call, best of up to {runs}"),
            during_call as f64,
            "",
        )
        .bounded(Bound::AtLeast(TICKS_AT_LEAST as f64)),
        Figure::new(
            format!("longest gap between ticks, best of up to {runs}"),
            millis(longest_gap),
            "ms",
        )
        .bounded(Bound::Below(millis(LIVE_BELOW))),
        Figure::new("OS threads of ticker and call", threads as f64, "")
            .bounded(Bound::Exactly(2.0)),
    ]))
}

fn check_offload() -> io::Result<Verdict> {
    let claim = stays_live(Call::SpawnBlocking, 3)?;
    // The control: the same call made straight from its task, the same check.
    let control = stays_live(Call::InTask, 1)?;
    Ok(with_parameters(
        claim.against("the call made straight from its task", control),
    ))
}
// ANCHOR_END: offload
