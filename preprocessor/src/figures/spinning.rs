//! Chapter 1's figure: the two spinning threads of Listing 1-3, free and
//! pinned to one CPU.

use super::svg::PALETTE;
use super::timeline::{Lane, cpu_key, last_x, percent, running, timeline, together};
use super::{Data, Drawn};

/// Chapter 1: the spinning threads, free and pinned.
pub(super) fn spinning_threads(data: &Data) -> Result<Drawn, String> {
    const CLAIM: &str = "two-threads-overlap";
    let names = [
        ("free, thread 1", "free, thread 1"),
        ("free, thread 2", "free, thread 2"),
        ("pinned, thread 1", "control: pinned, thread 1"),
        ("pinned, thread 2", "control: pinned, thread 2"),
    ];
    let mut series = Vec::new();
    for (_, name) in names {
        series.push(data.series(CLAIM, name)?);
    }
    let window = last_x(&series);
    let spans: Vec<_> = series.iter().map(|s| running(&s.points)).collect();
    let key = cpu_key(&spans);
    let lanes: Vec<Lane> = names
        .iter()
        .zip(&spans)
        .map(|((label, _), spans)| Lane {
            spans: spans
                .iter()
                .map(|&(a, b, cpu)| (a, b, PALETTE[cpu % PALETTE.len()]))
                .collect(),
            ..Lane::new(*label)
        })
        .collect();
    let svg = timeline(
        &lanes,
        (0.0, window),
        "time since the threads started (ms)",
        &key,
    )?;
    Ok(Drawn::new(svg, words(&spans, window)))
}

/// The figure in words: how much of the `window` both threads ran, free
/// (the first two lanes' `spans`) and pinned (the last two).
fn words(spans: &[Vec<(f64, f64, usize)>], window: f64) -> String {
    let free = together(&spans[..2], window);
    let pinned = together(&spans[2..], window);
    let cpus_free = cpu_key(&spans[..2]).len();
    let mut words = format!(
        "Free, the two threads both ran for {} of the first {window:.0} ms, on {cpus_free} \
         CPU{}; pinned to one CPU, both ran for {} of it",
        percent(free),
        if cpus_free == 1 { "" } else { "s" },
        percent(pinned)
    );
    words.push_str(if pinned <= 0.05 && free >= 0.5 {
        ": free, they ran at the same time; pinned, they took turns."
    } else {
        "."
    });
    words
}
