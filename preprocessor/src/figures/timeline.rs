//! Timelines: one lane per thread or task, with the spans in which it ran
//! and the moments of its events, read from the samples the checks
//! recorded; and what they say in words.

use listings::claims::Series;
use plotters::prelude::*;

use super::svg::{
    Chart, INK, PALETTE, XAxis, failed, label_width, legend, row_label, rows_chart, svg,
};

/// One row of a timeline: a label and coloured spans of x.
pub(super) struct Lane {
    pub label: String,
    pub spans: Vec<(f64, f64, RGBColor)>,
    /// Short marks at these x, for events rather than spans.
    pub marks: Vec<f64>,
    /// A shaded span behind the lane.
    pub band: Option<(f64, f64)>,
}

impl Lane {
    pub(super) fn new(label: impl Into<String>) -> Lane {
        Lane {
            label: label.into(),
            spans: Vec::new(),
            marks: Vec::new(),
            band: None,
        }
    }
}

/// The height of a lane in the SVG's units.
const LANE_HEIGHT: u32 = 34;

/// A timeline: one lane per row, x from `x_range.0` to `x_range.1`
/// described by `x_desc`, and the legend `key` above.
pub(super) fn timeline(
    lanes: &[Lane],
    x_range: (f64, f64),
    x_desc: &str,
    key: &[(String, RGBAColor)],
) -> Result<String, String> {
    let label_width = label_width(lanes.iter().map(|l| l.label.as_str()));
    let height = 40 + LANE_HEIGHT * lanes.len() as u32 + 60;
    let axis = XAxis {
        range: x_range,
        labels: 7,
        format: &|x| format!("{x:.0}"),
        desc: x_desc,
    };
    svg(height, |root| {
        let mut chart = rows_chart(root, lanes.len(), (label_width as u32, 16), &axis)?;
        for (i, lane) in lanes.iter().enumerate() {
            draw_lane(&mut chart, (lanes.len() - i) as f64, lane)?;
            row_label(root, &chart, (lanes.len(), i), &lane.label)?;
        }
        legend(root, key, label_width as i32)
    })
}

/// The band, spans and marks of `lane`, in the row whose top is at y `top`.
fn draw_lane(chart: &mut Chart<'_, '_>, top: f64, lane: &Lane) -> Result<(), String> {
    let (y0, y1) = (top - 0.85, top - 0.15);
    if let Some((a, b)) = lane.band {
        chart
            .draw_series([Rectangle::new(
                [(a, top - 1.0), (b, top)],
                INK.mix(0.12).filled(),
            )])
            .map_err(failed)?;
    }
    chart
        .draw_series(
            lane.spans
                .iter()
                .map(|&(a, b, colour)| Rectangle::new([(a, y0), (b, y1)], colour.filled())),
        )
        .map_err(failed)?;
    let colour = PALETTE[1];
    chart
        .draw_series(
            lane.marks
                .iter()
                .map(|&x| PathElement::new([(x, y0), (x, y1)], colour.stroke_width(2))),
        )
        .map_err(failed)?;
    Ok(())
}

/// The spans in which a thread sampled every `SAMPLE_MS` or so ran: two
/// samples further apart than [`GAP_MS`] mean that it did not run between
/// them. The y of a sample is the CPU it ran on.
pub(super) fn running(samples: &[(f64, f64)]) -> Vec<(f64, f64, usize)> {
    let mut spans: Vec<(f64, f64, usize)> = Vec::new();
    for pair in samples.windows(2) {
        let ((a, cpu), (b, _)) = (pair[0], pair[1]);
        if b - a > GAP_MS {
            continue;
        }
        let cpu = cpu.max(0.0) as usize;
        match spans.last_mut() {
            Some(last) if last.1 == a && last.2 == cpu => last.1 = b,
            _ => spans.push((a, b, cpu)),
        }
    }
    spans
}

/// The longest time between two samples of a thread that still counts as
/// running: the checks sample every 0.1 ms (listings' `measure::Sampler`),
/// or after each step of work where a step takes longer.
const GAP_MS: f64 = 0.5;

/// The fraction of `0..until` during which every one of `lanes` was in one
/// of its spans.
pub(super) fn together(lanes: &[Vec<(f64, f64, usize)>], until: f64) -> f64 {
    let step = 0.01;
    let steps = (until / step) as usize;
    if steps == 0 {
        return 0.0;
    }
    let all = (0..steps)
        .filter(|&k| {
            let t = k as f64 * step;
            lanes
                .iter()
                .all(|spans| spans.iter().any(|&(a, b, _)| a <= t && t < b))
        })
        .count();
    all as f64 / steps as f64
}

/// The last x of any of `series`: how long the timeline lasts.
pub(super) fn last_x(series: &[&Series]) -> f64 {
    series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .fold(0.0, f64::max)
}

/// A legend of the CPUs that `lanes` ran on, each in its colour.
pub(super) fn cpu_key(lanes: &[Vec<(f64, f64, usize)>]) -> Vec<(String, RGBAColor)> {
    let mut cpus: Vec<usize> = lanes.iter().flatten().map(|s| s.2).collect();
    cpus.sort_unstable();
    cpus.dedup();
    cpus.into_iter()
        .map(|cpu| (format!("CPU {cpu}"), PALETTE[cpu % PALETTE.len()].to_rgba()))
        .collect()
}

/// A fraction in whole percent: "97%".
pub(super) fn percent(fraction: f64) -> String {
    format!("{:.0}%", fraction * 100.0)
}
