//! Listings 9-5 and 9-6 are Python programs, in `listings/python/ch09`: a
//! pool of worker processes, and what it costs to send it data. The checks
//! here run them with the `python3` the machine has and read what they print.

use std::io;

use listings::ch08::python_threads::numbers_on;
use listings::ch09::multiprocessing::run_with;
use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::toolchain::{self, Language, Run, Source};

pub const POOL_PY: Source = Source {
    name: "pool.py",
    text: include_str!("../../python/ch09/pool.py"),
};
pub const SEND_COST_PY: Source = Source {
    name: "send_cost.py",
    text: include_str!("../../python/ch09/send_cost.py"),
};

// ANCHOR: reuse
pub const REUSE: Claim = Claim {
    id: "process-pool-reuses-its-workers",
    statement: "A multiprocessing.Pool of four processes reuses them: the 100 tasks it is \
                given all run in at most four processes, none of them the parent.",
    check: check_reuse,
};

/// The most processes that the pool's tasks may run in: its size.
const POOL_SIZE: f64 = 4.0;

/// Listing 9-5's figures: the tasks done, the distinct processes that ran
/// them, and how many ran in the parent.
fn reuse_figures(run: &Run) -> io::Result<Vec<Figure>> {
    let given = numbers_on(run, " tasks, ")?[0];
    Ok(vec![
        Figure::new(
            format!("tasks done, of {given}"),
            run.number_after("tasks done:")?,
            "",
        )
        .bounded(Bound::Exactly(given)),
        Figure::new(
            "processes that ran them",
            run.number_after("processes that ran them:")?,
            "",
        )
        .bounded(Bound::AtMost(POOL_SIZE)),
        Figure::new(
            "tasks run by the parent itself",
            run.number_after("tasks run by the parent itself:")?,
            "",
        )
        .bounded(Bound::Exactly(0.0)),
    ])
}

fn check_reuse() -> io::Result<Verdict> {
    toolchain::with(Language::Python, |python| {
        let listing = python.build(&POOL_PY, &[])?;
        let run = run_with(&listing, &[])?;
        let workers = *numbers_on(&run, " tasks, a pool of ")?
            .last()
            .unwrap_or(&f64::NAN);
        let figures = reuse_figures(&run)?;
        // The control: a new multiprocessing.Process for each task, judged
        // by the same check; it runs the tasks in as many processes.
        let control = reuse_figures(&run_with(&listing, &["process-per-task"])?)?;
        Ok(Verdict::from_figures(figures)
            .with_parameter("processes in the pool", workers)
            .against("a new process per task", Verdict::from_figures(control)))
    })
}
// ANCHOR_END: reuse

// ANCHOR: send
pub const SEND_COST: Claim = Claim {
    id: "sending-a-list-to-a-process-costs-more",
    statement: "Sending a list of 1,000,000 ints to the worker of a ProcessPoolExecutor and \
                getting it back takes at least 100 times as long as handing it to the worker \
                of a ThreadPoolExecutor, which gets the list itself rather than a copy.",
    check: check_send_cost,
};

/// How many times as long the process's round trip must take.
const AT_LEAST: f64 = 100.0;

/// Listing 9-6's figures: both round trips, their ratio, and which worker
/// got the list itself.
fn send_figures(run: &Run) -> io::Result<(Vec<Figure>, f64)> {
    let ints = run.number_after("ints in the list:")?;
    let rounds = run.numbers_after("a list of ints, there and back, best of")?;
    let best = format!("best of {}", rounds.first().copied().unwrap_or(f64::NAN));
    let process = run.number_after("process pool:")?;
    let thread = run.number_after("thread pool:")?;
    let itself = |who: &str| -> io::Result<f64> {
        let label = format!("the {who} got back the list itself:");
        Ok(f64::from(u8::from(run.text_after(&label)? == "True")))
    };
    let figures = vec![
        Figure::new(format!("process round trip, {best}"), process, "µs"),
        Figure::new(format!("thread round trip, {best}"), thread, "µs"),
        Figure::new("process / thread", process / thread, "").bounded(Bound::AtLeast(AT_LEAST)),
        Figure::new(
            "the thread got the list itself (1 = yes)",
            itself("thread")?,
            "",
        )
        .bounded(Bound::Exactly(1.0)),
        Figure::new(
            "the process got the list itself (1 = yes)",
            itself("process")?,
            "",
        )
        .bounded(Bound::Exactly(0.0)),
    ];
    Ok((figures, ints))
}

fn check_send_cost() -> io::Result<Verdict> {
    toolchain::with(Language::Python, |python| {
        let listing = python.build(&SEND_COST_PY, &[])?;
        let (figures, ints) = send_figures(&run_with(&listing, &[])?)?;
        // The control: the same round trips with a list of one int. The
        // process still costs more than the thread, but only by what any
        // message to it costs, and the same bound must refute it.
        let (control, _) = send_figures(&run_with(&listing, &["tiny"])?)?;
        Ok(Verdict::from_figures(figures)
            .with_parameter("ints", ints)
            .against("a list of one int", Verdict::from_figures(control)))
    })
}
// ANCHOR_END: send
