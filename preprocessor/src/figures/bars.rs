//! Figures of a few measured numbers, one bar each, drawn from a claim's
//! figures rather than a series: chapter 6's cost of a thread and of a task,
//! and chapter 10's OS threads beside GOMAXPROCS.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::svg::{
    PALETTE, Root, XAxis, failed, label_width, row_label, row_middle, rows_chart, svg, text_style,
};
use super::{Data, Drawn};

/// One bar: its label, its value, and its colour in [`PALETTE`].
struct Bar {
    label: String,
    value: f64,
    colour: usize,
}

/// One panel: its bars on one axis, what the axis measures, and how a
/// value reads.
struct Panel<'a> {
    bars: Vec<Bar>,
    desc: &'a str,
    format: &'a dyn Fn(f64) -> String,
}

impl Bar {
    fn new(label: impl Into<String>, value: f64, colour: usize) -> Bar {
        Bar {
            label: label.into(),
            value,
            colour,
        }
    }
}

const ROW_HEIGHT: u32 = 34;

/// Draws `panels` one under the other, each bar with its value at its end.
fn draw(panels: &[Panel]) -> Result<String, String> {
    let left = label_width(
        panels
            .iter()
            .flat_map(|p| p.bars.iter().map(|b| b.label.as_str())),
    ) as u32;
    let heights: Vec<u32> = panels
        .iter()
        .map(|p| p.bars.len() as u32 * ROW_HEIGHT + 100)
        .collect();
    svg(heights.iter().sum(), |root| {
        let mut rest = root.clone();
        for (panel, height) in panels.iter().zip(&heights) {
            let (area, below) = rest.split_vertically(*height);
            draw_panel(root, &area, panel, left)?;
            rest = below;
        }
        Ok(())
    })
}

/// Draws one panel on `area`; its texts go on `root`, the whole canvas,
/// whose coordinates the chart's positions are in.
fn draw_panel(root: &Root<'_>, area: &Root<'_>, panel: &Panel, left: u32) -> Result<(), String> {
    let most = panel.bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let axis = XAxis {
        range: (0.0, (most * 1.25).max(1.0)),
        labels: 5,
        format: &|v| (panel.format)(*v),
        desc: panel.desc,
    };
    let rows = panel.bars.len();
    let chart = rows_chart(area, rows, (left, 24), &axis)?;
    for (i, bar) in panel.bars.iter().enumerate() {
        let y = row_middle(rows, i);
        let colour = PALETTE[bar.colour % PALETTE.len()];
        chart
            .plotting_area()
            .draw(&Rectangle::new(
                [(0.0, y - 0.32), (bar.value, y + 0.32)],
                colour.filled(),
            ))
            .map_err(failed)?;
        let (px, py) = chart.backend_coord(&(bar.value, y));
        root.draw(&Text::new(
            (panel.format)(bar.value),
            (px + 6, py),
            text_style().pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(failed)?;
        row_label(root, &chart, (rows, i), &bar.label)?;
    }
    Ok(())
}

/// Chapter 6: what a thread and a task cost, in time and in memory.
pub(super) fn thread_and_task_cost(data: &Data) -> Result<Drawn, String> {
    const CLAIM: &str = "task-cheaper-than-thread";
    let value = |name| data.figure(CLAIM, name);
    let (thread_us, task_us) = (
        value("time per thread, best of 3")?,
        value("time per task, best of 3")?,
    );
    let (thread_bytes, task_bytes) = (
        value("resident memory per waiting thread")?,
        value("resident memory per waiting task")?,
    );
    let micros = |v: f64| format!("{v:.1} µs");
    let bytes = |v: f64| format!("{v:.0} B");
    let svg = draw(&[
        Panel {
            bars: vec![
                Bar::new("an OS thread", thread_us, 0),
                Bar::new("a tokio task", task_us, 2),
            ],
            desc: "time to start one and see it finish (µs)",
            format: &micros,
        },
        Panel {
            bars: vec![
                Bar::new("an OS thread", thread_bytes, 0),
                Bar::new("a tokio task", task_bytes, 2),
            ],
            desc: "memory each adds to the process while it waits (bytes)",
            format: &bytes,
        },
    ])?;
    let alt = format!(
        "An OS thread took {} to start and finish, a tokio task {}: {:.0} times as long. \
         Waiting, a thread added {} to the process and a task {}: {:.0} times as much.",
        micros(thread_us),
        micros(task_us),
        thread_us / task_us,
        bytes(thread_bytes),
        bytes(task_bytes),
        thread_bytes / task_bytes
    );
    Ok(Drawn::new(svg, alt))
}

/// Chapter 10: a program's OS threads beside its GOMAXPROCS, with
/// goroutines blocked in system calls and with goroutines parked.
pub(super) fn threads_and_gomaxprocs(data: &Data) -> Result<Drawn, String> {
    const CLAIM: &str = "go-threads-exceed-gomaxprocs";
    let procs = data.figure(CLAIM, "GOMAXPROCS")?;
    let start = data.figure(CLAIM, "OS threads at start")?;
    let blocked = data.figure(CLAIM, "OS threads while they wait")?;
    let readers = data.figure(CLAIM, "goroutines reading pipes")?;
    let parked = data.control_figure(CLAIM, "OS threads while they wait")?;
    let parked_goroutines = data.control_figure(CLAIM, "goroutines reading pipes")?
        + data.control_figure(CLAIM, "goroutines asleep")?;
    let count = |v: f64| format!("{v:.0}");
    let svg = draw(&[Panel {
        bars: vec![
            Bar::new("GOMAXPROCS", procs, 1),
            Bar::new("OS threads at the start", start, 0),
            Bar::new(
                format!("threads, {readers:.0} goroutines in read"),
                blocked,
                4,
            ),
            Bar::new(
                format!("threads, {parked_goroutines:.0} goroutines parked"),
                parked,
                2,
            ),
        ],
        desc: "count",
        format: &count,
    }])?;
    let alt = format!(
        "With GOMAXPROCS at {procs:.0}, the Go program had {start:.0} OS threads at the \
         start and {blocked:.0} while {readers:.0} goroutines were blocked in read system \
         calls, more than GOMAXPROCS; with {parked_goroutines:.0} goroutines parked on \
         os.File pipes and in time.Sleep instead, it had {parked:.0}."
    );
    Ok(Drawn::new(svg, alt))
}

#[cfg(test)]
mod tests {
    use listings::claims::{Bound, Figure, Verdict};
    use listings::evidence::ClaimResult;

    use super::super::{Entry, Run, expand};

    /// An entry of `claim` with these figures, and a control with those.
    fn entry(claim: &str, figures: &[(&str, f64)], control: &[(&str, f64)]) -> ClaimResult {
        let claim = listings::all_claims()
            .into_iter()
            .find(|c| c.id == claim)
            .expect("a claim of the book");
        let verdict = |figures: &[(&str, f64)], bound| {
            let mut all: Vec<Figure> = figures
                .iter()
                .map(|(n, v)| Figure::new(*n, *v, ""))
                .collect();
            all.push(Figure::new("decides", 1.0, "").bounded(bound));
            Verdict::from_figures(all)
        };
        let verdict = verdict(figures, Bound::Exactly(1.0))
            .against("made up", verdict(control, Bound::Exactly(0.0)));
        ClaimResult::new(&claim, &verdict, vec![], 0.1)
    }

    fn page(name: &str, entry: &ClaimResult) -> String {
        let run = Run {
            which: "a made-up run".into(),
            machine: "a machine".into(),
            started: "2026-12-01 10:00:00".into(),
        };
        expand(name, Some(&run), &|_| Entry::Current(entry))
    }

    #[test]
    fn thread_and_task_cost() {
        let cost = entry(
            "task-cheaper-than-thread",
            &[
                ("time per thread, best of 3", 60.0),
                ("time per task, best of 3", 2.0),
                ("resident memory per waiting thread", 10_000.0),
                ("resident memory per waiting task", 500.0),
            ],
            &[],
        );
        let page = page("thread-and-task-cost", &cost);
        assert!(page.contains("<svg role=\"img\""), "{page}");
        assert!(
            page.contains("a tokio task 2.0 µs: 30 times as long"),
            "{page}"
        );
        assert!(page.contains("a task 500 B: 20 times as much"), "{page}");
    }

    #[test]
    fn threads_and_gomaxprocs() {
        let threads = entry(
            "go-threads-exceed-gomaxprocs",
            &[
                ("GOMAXPROCS", 1.0),
                ("goroutines reading pipes", 4.0),
                ("OS threads at start", 3.0),
                ("OS threads while they wait", 7.0),
            ],
            &[
                ("goroutines reading pipes", 4.0),
                ("goroutines asleep", 4.0),
                ("OS threads while they wait", 3.0),
            ],
        );
        let page = page("threads-and-gomaxprocs", &threads);
        assert!(
            page.contains("had 3 OS threads at the start and 7 while 4"),
            "{page}"
        );
        assert!(page.contains("with 8 goroutines parked"), "{page}");
        let missing = page_without_control();
        assert!(missing.contains("no control figure"), "{missing}");
    }

    fn page_without_control() -> String {
        let bare = entry(
            "go-threads-exceed-gomaxprocs",
            &[
                ("GOMAXPROCS", 1.0),
                ("goroutines reading pipes", 4.0),
                ("OS threads at start", 3.0),
                ("OS threads while they wait", 7.0),
            ],
            &[],
        );
        page("threads-and-gomaxprocs", &bare)
    }
}
