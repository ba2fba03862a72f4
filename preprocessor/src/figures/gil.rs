//! Chapter 8's figure: two Python threads taking turns with the GIL, and
//! two Rust threads without a lock.

use plotters::prelude::*;

use super::svg::PALETTE;
use super::timeline::{Lane, last_x, percent, running, timeline, together};
use super::{Data, Drawn};

/// Chapter 8: Python threads taking turns with the GIL, and Rust threads
/// without a lock.
pub(super) fn gil_turns(data: &Data) -> Result<Drawn, String> {
    let turns = data.series("python-switch-interval-5ms", "turns")?;
    let rust = [
        data.series("without-the-gil-rust-threads-overlap", "thread 1")?,
        data.series("without-the-gil-rust-threads-overlap", "thread 2")?,
    ];
    let window = last_x(&rust).max(1.0);
    let starts: Vec<(f64, f64)> = turns
        .points
        .iter()
        .copied()
        .filter(|p| p.0 < window)
        .collect();
    let python = holders(&starts, window);
    let rust_spans: Vec<_> = rust.iter().map(|s| running(&s.points)).collect();
    let mut lanes = Vec::new();
    for (i, spans) in python.iter().enumerate() {
        lanes.push(lane(format!("Python thread {i}"), spans, PALETTE[0]));
    }
    for (i, spans) in rust_spans.iter().enumerate() {
        lanes.push(lane(format!("Rust thread {}", i + 1), spans, PALETTE[2]));
    }
    let svg = timeline(
        &lanes,
        (0.0, window),
        "time since the threads started (ms)",
        &[
            ("holds the GIL".to_owned(), PALETTE[0].to_rgba()),
            ("runs, no lock".to_owned(), PALETTE[2].to_rgba()),
        ],
    )?;
    let both = (together(&python, window), together(&rust_spans, window));
    Ok(Drawn::new(svg, words(&starts, window, both)))
}

/// The spans in which each of the two Python threads held the GIL, from
/// the `starts` of the turns (when, which thread): a turn lasts from when
/// its thread took the GIL to the next turn, or to the end of the `window`.
fn holders(starts: &[(f64, f64)], window: f64) -> [Vec<(f64, f64, usize)>; 2] {
    let mut python: [Vec<(f64, f64, usize)>; 2] = [Vec::new(), Vec::new()];
    for (i, &(t, thread)) in starts.iter().enumerate() {
        let until = starts.get(i + 1).map_or(window, |p| p.0);
        if let Some(lane) = python.get_mut(thread as usize) {
            lane.push((t, until, 0));
        }
    }
    python
}

/// A lane of `spans` in one colour.
fn lane(label: String, spans: &[(f64, f64, usize)], colour: RGBColor) -> Lane {
    Lane {
        spans: spans.iter().map(|&(a, b, _)| (a, b, colour)).collect(),
        ..Lane::new(label)
    }
}

/// The figure in words: the turns and how much of the `window` both
/// threads of each language ran (Python, Rust).
fn words(starts: &[(f64, f64)], window: f64, (both_python, both_rust): (f64, f64)) -> String {
    let handovers = starts.len().saturating_sub(1);
    let mean = if handovers > 0 {
        format!(
            ", on average every {:.1} ms",
            (starts[handovers].0 - starts[0].0) / handovers as f64
        )
    } else {
        String::new()
    };
    format!(
        "In the first {window:.0} ms the Python threads took turns: the GIL changed hands \
         {handovers} times{mean}, and both ran for {} of the time; the Rust threads \
         without a lock both ran for {} of it.",
        percent(both_python),
        percent(both_rust)
    )
}
