//! Chapter 2's figure: Amdahl's law against the measured speedups.

use std::fmt::Write as _;

use listings::claims::Series;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::svg::{Chart, INK, PALETTE, Root, draw_mesh, failed, frame, legend, svg, text_style};
use super::{Data, Drawn};

/// The series of the figure: the speedups measured free and on one CPU,
/// the law's, and the law's limit for the work.
struct Speedups<'a> {
    free: &'a Series,
    pinned: &'a Series,
    law: &'a Series,
    /// The most threads measured.
    most: f64,
    /// The limit.
    cap: f64,
}

/// Chapter 2: Amdahl's law against the measured speedups.
pub(super) fn amdahl(data: &Data) -> Result<Drawn, String> {
    const CLAIM: &str = "amdahl-speedup-reached";
    let free = data.series(CLAIM, "speedup")?;
    let speedups = Speedups {
        free,
        pinned: data.series(CLAIM, "control: speedup")?,
        law: data.series(CLAIM, "Amdahl's law")?,
        most: free.points.iter().map(|p| p.0).fold(1.0, f64::max),
        cap: data
            .series(CLAIM, "limit")?
            .points
            .first()
            .map_or(5.0, |p| p.1),
    };
    let svg = svg(400, |root| draw(root, &speedups))?;
    Ok(Drawn::new(svg, words(&speedups)))
}

/// The chart: threads across, speedup up.
fn draw(root: &Root<'_>, s: &Speedups) -> Result<(), String> {
    let (x1, cap) = (s.most.max(8.0), s.cap);
    let mut chart = frame(root, 56, 20)
        .build_cartesian_2d(0.5..x1 + 0.5, 0f64..(cap * 1.15))
        .map_err(failed)?;
    let mut mesh = chart.configure_mesh();
    mesh.x_labels(x1 as usize)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .x_desc("threads")
        .y_desc("speedup");
    draw_mesh(mesh)?;
    draw_series(&mut chart, s, x1)?;
    let (px, py) = chart.backend_coord(&(x1 + 0.4, cap));
    root.draw(&Text::new(
        format!("limit 1/s = {cap:.0}"),
        (px, py - 12),
        text_style().pos(Pos::new(HPos::Right, VPos::Center)),
    ))
    .map_err(failed)?;
    legend(
        root,
        &[
            ("measured, free".to_owned(), PALETTE[0].to_rgba()),
            ("one CPU".to_owned(), PALETTE[4].to_rgba()),
            ("Amdahl's law".to_owned(), PALETTE[1].to_rgba()),
        ],
        56,
    )
}

/// The law's curve up to `x1` threads and its limit, then the speedups
/// measured on one CPU and free.
fn draw_series(chart: &mut Chart<'_, '_>, s: &Speedups, x1: f64) -> Result<(), String> {
    let within = |p: &&(f64, f64)| p.0 <= x1;
    chart
        .draw_series(LineSeries::new(
            s.law.points.iter().filter(within).copied(),
            PALETTE[1].stroke_width(2),
        ))
        .map_err(failed)?;
    chart
        .draw_series(DashedLineSeries::new(
            [(0.5, s.cap), (x1 + 0.5, s.cap)],
            8,
            6,
            INK.mix(0.6).stroke_width(2),
        ))
        .map_err(failed)?;
    chart
        .draw_series(
            s.pinned
                .points
                .iter()
                .map(|&p| TriangleMarker::new(p, 7, PALETTE[4].filled())),
        )
        .map_err(failed)?;
    chart
        .draw_series(
            s.free
                .points
                .iter()
                .map(|&p| Circle::new(p, 6, PALETTE[0].filled())),
        )
        .map_err(failed)?;
    Ok(())
}

/// The figure in words: the speedup on the most threads, the law's, and
/// the limit.
fn words(s: &Speedups) -> String {
    let at = |series: &Series, n: f64| series.points.iter().find(|p| p.0 == n).map(|p| p.1);
    let (most, cap) = (s.most, s.cap);
    let mut alt = String::new();
    let predicted = at(s.law, most).unwrap_or(f64::NAN);
    let _ = write!(
        alt,
        "On {most:.0} threads the work ran {:.2} times as fast as on one, where Amdahl's law \
         allows {predicted:.2}",
        at(s.free, most).unwrap_or(f64::NAN)
    );
    if let Some(one_cpu) = at(s.pinned, most) {
        let _ = write!(alt, "; confined to one CPU, {one_cpu:.2} times");
    }
    let _ = write!(
        alt,
        ". However many threads, the law caps the speedup of this work at {cap:.0}."
    );
    alt
}
