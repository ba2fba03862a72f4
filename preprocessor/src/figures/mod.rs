//! The book's figures, drawn at build time from the series that the claim
//! checks recorded in the run the pages show: `{{#figure NAME}}` becomes an
//! inline `<figure>` with an SVG drawing, a caption that names the machine
//! and the date of the run, and a text alternative that states the result
//! in words, computed from the same data.
//!
//! Every figure is listed here, in one place: [`FIGURES`] lists them, each
//! with the claims whose series it draws and the function that draws it, in
//! a module of its own (`spinning`, `trend`, `amdahl`, `ticker`, `gil`,
//! `lost_updates`, and `bars` for chapters 6 and 10; the shared parts in `svg`, `timeline` and `html`). A figure whose claim has no
//! entry in the run, or only one recorded for another version of its
//! check, is not drawn: the page says so instead. A figure of the book's
//! own data (chapter 2's table) names no claim: it is drawn from the data
//! in the listings crate, which its tests check, whatever the run.
//!
//! The drawings use plotters' SVG backend without a font backend, so text
//! stays SVG `<text>` for the browser to set in its own fonts. Text and
//! axes are drawn in a placeholder colour that becomes `currentColor`, so
//! that they take the colour of the page's text in every theme; the data
//! are drawn in colours that read on light and dark backgrounds alike.

mod amdahl;
mod bars;
mod gil;
mod html;
mod lost_updates;
mod spinning;
mod svg;
#[cfg(test)]
mod tests;
mod ticker;
mod timeline;
mod trend;

use listings::claims::Series;
use listings::evidence::ClaimResult;

use amdahl::amdahl;
use bars::{thread_and_task_cost, threads_and_gomaxprocs};
use gil::gil_turns;
use html::figure;
use lost_updates::{LOST_UPDATE_CLAIMS, lost_updates};
use spinning::spinning_threads;
use ticker::ticker;
use trend::microprocessor_trend;

/// What the run the book shows holds for one claim.
pub enum Entry<'a> {
    /// An entry recorded for the claim as it is now.
    Current(&'a ClaimResult),
    /// An entry recorded for another statement or version of the check.
    Stale,
    /// No entry.
    Missing,
    /// No claim has this id.
    Unknown,
}

/// The run that the figures are drawn from, in words.
pub struct Run {
    /// Which run it is ("the book's reference run").
    pub which: String,
    /// The machine, in a line.
    pub machine: String,
    /// When it started, "2026-12-01 10:52:25" (UTC).
    pub started: String,
}

/// One figure: its name in `{{#figure NAME}}`, the claims whose series it
/// draws (none for a figure of the book's own data), its caption, and the
/// code that draws it.
struct Spec {
    name: &'static str,
    claims: &'static [&'static str],
    caption: &'static str,
    draw: fn(&Data) -> Result<Drawn, String>,
}

/// A drawn figure: the SVG, the result in words, and more caption (an
/// attribution) if the figure needs it.
struct Drawn {
    svg: String,
    alt: String,
    credit: Option<String>,
}

impl Drawn {
    /// A figure that needs no more caption.
    fn new(svg: String, alt: String) -> Drawn {
        Drawn {
            svg,
            alt,
            credit: None,
        }
    }
}

/// The series of a figure's claims, as the run recorded them.
struct Data<'a> {
    entries: Vec<(&'static str, &'a ClaimResult)>,
}

impl Data<'_> {
    /// The value of figure `name` of claim `claim`.
    fn figure(&self, claim: &str, name: &str) -> Result<f64, String> {
        self.entry(claim)
            .and_then(|entry| entry.figures.iter().find(|f| f.name == name))
            .and_then(|f| f.value)
            .ok_or_else(|| {
                format!("the run recorded no figure \u{201c}{name}\u{201d} for claim `{claim}`")
            })
    }

    /// The value of figure `name` of the control of claim `claim`.
    fn control_figure(&self, claim: &str, name: &str) -> Result<f64, String> {
        self.entry(claim)
            .and_then(|entry| entry.control.as_ref())
            .and_then(|control| control.figures.iter().find(|f| f.name == name))
            .and_then(|f| f.value)
            .ok_or_else(|| {
                format!(
                    "the run recorded no control figure \u{201c}{name}\u{201d} for claim `{claim}`"
                )
            })
    }

    fn entry(&self, claim: &str) -> Option<&ClaimResult> {
        self.entries
            .iter()
            .find(|(id, _)| *id == claim)
            .map(|(_, e)| *e)
    }

    /// The series `name` of claim `claim`.
    fn series(&self, claim: &str, name: &str) -> Result<&Series, String> {
        self.entry(claim)
            .and_then(|entry| entry.series.iter().find(|s| s.name == name))
            .ok_or_else(|| {
                format!("the run recorded no series \u{201c}{name}\u{201d} for claim `{claim}`")
            })
    }
}

/// Every figure of the book.
const FIGURES: &[Spec] = &[
    Spec {
        name: "spinning-threads",
        claims: &["two-threads-overlap"],
        caption: "The two spinning threads of Listing 1-3 over the first milliseconds of a \
                  run, free and then pinned to one CPU: a bar is a thread running, its colour \
                  the CPU it ran on, a gap a thread waiting.",
        draw: spinning_threads,
    },
    Spec {
        name: "microprocessor-trend",
        claims: &[],
        caption: "The data of Table 2-1: the highest and the median clock, core count and \
                  power of each period's microprocessors, on a logarithmic scale: solid lines \
                  and dots the highest, dashed lines the median.",
        draw: microprocessor_trend,
    },
    Spec {
        name: "amdahl",
        claims: &["amdahl-speedup-reached"],
        caption: "The speedup of Listing 2-4's work on 1 to N threads, the best of each \
                  check's trials, free and with every thread confined to one CPU, against \
                  Amdahl's law for its serial fraction and the law's limit.",
        draw: amdahl,
    },
    Spec {
        name: "ticker",
        claims: &["blocking-call-stalls-runtime"],
        caption: "The ticks of Listing 3-3's ticker, one mark per tick, with the blocking \
                  call made inside the task and through spawn_blocking; the shaded band is \
                  the call.",
        draw: ticker,
    },
    Spec {
        name: "thread-and-task-cost",
        claims: &["task-cheaper-than-thread"],
        caption: "What Listing 6-9 measured: the time to start an OS thread and a tokio \
                  task and see it finish, the best of three rounds, and the memory each adds \
                  to the process while it waits.",
        draw: thread_and_task_cost,
    },
    Spec {
        name: "gil-turns",
        claims: &[
            "python-switch-interval-5ms",
            "without-the-gil-rust-threads-overlap",
        ],
        caption: "Which thread ran, over the first milliseconds: the two CPU-bound Python \
                  threads of Listing 8-2, which take turns holding the GIL, and two Rust \
                  threads of Listing 8-5 without the lock.",
        draw: gil_turns,
    },
    Spec {
        name: "threads-and-gomaxprocs",
        claims: &["go-threads-exceed-gomaxprocs"],
        caption: "The OS threads of Listing 10-3 with GOMAXPROCS at 1: at the start, while \
                  goroutines are blocked in read system calls, and, in the check's control \
                  (Listing 10-4), while goroutines are parked on pipes and in time.Sleep.",
        draw: threads_and_gomaxprocs,
    },
    Spec {
        name: "lost-updates",
        claims: LOST_UPDATE_CLAIMS,
        caption: "The final value of i in every run of every version of the exercise, in \
                  the four languages, one dot per run; the line marks the right answer.",
        draw: lost_updates,
    },
];

/// The expansion of `{{#figure name}}`: the figure, or a sentence saying
/// why it cannot be drawn.
pub fn expand<'a>(name: &str, run: Option<&Run>, entry: &dyn Fn(&str) -> Entry<'a>) -> String {
    let Some(spec) = FIGURES.iter().find(|f| f.name == name) else {
        return format!("\n\n**No figure is called `{name}`.**\n\n");
    };
    if spec.claims.is_empty() {
        // The book's own data: no run is needed.
        return match (spec.draw)(&Data {
            entries: Vec::new(),
        }) {
            Ok(drawn) => figure(spec, None, drawn),
            Err(why) => missing(spec, &why),
        };
    }
    let Some(run) = run else {
        return missing(spec, "no run of the claims was found");
    };
    let mut entries = Vec::new();
    for &claim in spec.claims {
        match entry(claim) {
            Entry::Current(found) => entries.push((claim, found)),
            Entry::Stale => {
                return missing(
                    spec,
                    &format!("claim `{claim}` is not yet measured for this version of its check"),
                );
            }
            Entry::Missing => {
                return missing(spec, &format!("claim `{claim}` is not yet measured"));
            }
            Entry::Unknown => return missing(spec, &format!("no claim has the id `{claim}`")),
        }
    }
    match (spec.draw)(&Data { entries }) {
        Ok(drawn) => figure(spec, Some(run), drawn),
        Err(why) => missing(spec, &why),
    }
}

/// The sentence that stands in for a figure that cannot be drawn.
fn missing(spec: &Spec, why: &str) -> String {
    let recheck = spec.claims.join(" ");
    let recheck = if spec.claims.len() == 1 {
        format!("`cargo test --test claims -- {recheck}`")
    } else {
        "`cargo test --test claims`".to_owned()
    };
    format!(
        "\n\n*A figure belongs here, drawn from the run of the claims, but it cannot be \
         drawn: {why}. Run {recheck} and build the book again to see it.*\n\n"
    )
}
