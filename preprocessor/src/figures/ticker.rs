//! Chapter 3's figure: the ticks of a ticker beside a blocking call, made
//! inside the task and through `spawn_blocking`.

use plotters::prelude::*;

use super::svg::{INK, PALETTE};
use super::timeline::{Lane, last_x, timeline};
use super::{Data, Drawn};

/// Chapter 3: the ticker beside a blocking call.
pub(super) fn ticker(data: &Data) -> Result<Drawn, String> {
    const CLAIM: &str = "blocking-call-stalls-runtime";
    let rows = [("call in the task", ""), ("spawn_blocking", "control: ")];
    let mut lanes = Vec::new();
    let mut words = Vec::new();
    let mut end: f64 = 0.0;
    for (label, prefix) in rows {
        let ticks = data.series(CLAIM, &format!("{prefix}ticks"))?;
        let call = data.series(CLAIM, &format!("{prefix}the call"))?;
        let (began, ended) = match call.points[..] {
            [(a, _), (b, _), ..] => (a, b),
            _ => {
                return Err(format!(
                    "the series \u{201c}{prefix}the call\u{201d} has no start and end"
                ));
            }
        };
        let during = ticks
            .points
            .iter()
            .filter(|p| began < p.0 && p.0 < ended)
            .count();
        let gap = ticks.points.iter().map(|p| p.1).fold(0.0, f64::max);
        end = end.max(last_x(&[ticks]));
        words.push((during, gap, ended - began));
        lanes.push(Lane {
            marks: ticks.points.iter().map(|p| p.0).collect(),
            band: Some((began, ended)),
            ..Lane::new(label)
        });
    }
    let svg = timeline(
        &lanes,
        (0.0, end.max(1.0) * 1.02),
        "time since the start (ms)",
        &[
            ("a tick".to_owned(), PALETTE[1].to_rgba()),
            ("the blocking call".to_owned(), INK.mix(0.12)),
        ],
    )?;
    let ((in_during, in_gap, call), (off_during, off_gap, _)) = (words[0], words[1]);
    let alt = format!(
        "With the blocking call inside the task, the ticker made {in_during} ticks during \
         the {call:.0} ms call and its longest gap was {in_gap:.0} ms; through \
         spawn_blocking it ticked {off_during} times during the call, never more than \
         {off_gap:.0} ms apart."
    );
    Ok(Drawn::new(svg, alt))
}
