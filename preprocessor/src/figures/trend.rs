//! Chapter 2's figure: the microprocessor trend, on a log scale, drawn from
//! Table 2-1 itself (`listings::ch02::trend`), not from a run.

use listings::claims::Series;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::svg::{PALETTE, draw_mesh, failed, frame, legend, svg};
use super::{Data, Drawn};

/// The year from which the clock stopped rising, as chapter 2 and the
/// tests of its table put it.
const TURN: f64 = 2005.0;

/// Where the data come from, after the caption.
const CREDIT: &str = "Data: Karl Rupp, \u{201c}Microprocessor Trend Data\u{201d} (2022, CC BY \
                      4.0), collected up to 2010 by M. Horowitz, F. Labonte, O. Shacham, K. \
                      Olukotun, L. Hammond and C. Batten and from 2010 by K. Rupp; grouped into \
                      five-year periods for this book.";

/// One quantity of the table: its label, its colour, its highest and its
/// median series.
struct Line<'a> {
    label: String,
    colour: RGBColor,
    highest: &'a Series,
    median: &'a Series,
}

/// A chart with years across and a log scale up.
type LogChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, LogCoord<f64>>>;

/// Chapter 2: the microprocessor trend.
pub(super) fn microprocessor_trend(_: &Data) -> Result<Drawn, String> {
    let table = listings::ch02::trend::series();
    let lines = lines(&table)?;
    let svg = draw(&lines)?;
    let alt = words(&lines[0].highest.points, &lines[1].median.points);
    Ok(Drawn {
        svg,
        alt,
        credit: Some(CREDIT.to_owned()),
    })
}

/// The clock, the cores and the power, from the table's series.
fn lines(table: &[Series]) -> Result<Vec<Line<'_>>, String> {
    let find = |name: String| {
        table
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| format!("Table 2-1 gives no series \u{201c}{name}\u{201d}"))
    };
    let quantities = [("clock", "MHz"), ("cores", "cores"), ("power", "W")];
    let mut lines = Vec::new();
    for (i, (what, unit)) in quantities.iter().enumerate() {
        let label = if what == unit {
            (*what).to_owned()
        } else {
            format!("{what} ({unit})")
        };
        lines.push(Line {
            label,
            colour: PALETTE[i],
            highest: find(format!("{what}, highest"))?,
            median: find(format!("{what}, median"))?,
        });
    }
    Ok(lines)
}

/// The chart: years across, every quantity on one log scale up.
fn draw(lines: &[Line]) -> Result<String, String> {
    let all = lines
        .iter()
        .flat_map(|l| l.highest.points.iter().chain(&l.median.points));
    let (x0, x1, y1) = all.fold((f64::MAX, f64::MIN, 1.0f64), |(a, b, c), p| {
        (a.min(p.0), b.max(p.0), c.max(p.1))
    });
    svg(420, |root| {
        let mut chart = frame(root, 70, 20)
            .build_cartesian_2d((x0 - 2.0)..(x1 + 2.0), (0.1f64..y1 * 2.0).log_scale())
            .map_err(failed)?;
        let mut mesh = chart.configure_mesh();
        mesh.x_labels(6)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| {
                if *y >= 1.0 {
                    format!("{y:.0}")
                } else {
                    format!("{y}")
                }
            })
            .x_desc("year (middle of each period)");
        draw_mesh(mesh)?;
        for line in lines {
            draw_line(&mut chart, line)?;
        }
        let key: Vec<(String, RGBAColor)> = lines
            .iter()
            .map(|l| (l.label.clone(), l.colour.to_rgba()))
            .collect();
        legend(root, &key, 70)
    })
}

/// A quantity's highest values, a line with dots, and its median, dashed.
fn draw_line(chart: &mut LogChart<'_, '_>, line: &Line) -> Result<(), String> {
    chart
        .draw_series(LineSeries::new(
            line.highest.points.iter().copied(),
            line.colour.stroke_width(3),
        ))
        .map_err(failed)?;
    chart
        .draw_series(
            line.highest
                .points
                .iter()
                .map(|&p| Circle::new(p, 4, line.colour.filled())),
        )
        .map_err(failed)?;
    chart
        .draw_series(DashedLineSeries::new(
            line.median.points.iter().copied(),
            6,
            4,
            line.colour.stroke_width(2),
        ))
        .map_err(failed)?;
    Ok(())
}

/// The figure in words, from the highest clock and the median core count.
fn words(clock: &[(f64, f64)], cores: &[(f64, f64)]) -> String {
    let highest = |points: &[(f64, f64)], keep: &dyn Fn(f64) -> bool| {
        points
            .iter()
            .filter(|p| keep(p.0))
            .fold(
                (f64::NAN, 0.0),
                |best, &p| if p.1 > best.1 { p } else { best },
            )
    };
    let first = clock.first().copied().unwrap_or((f64::NAN, f64::NAN));
    let before = highest(clock, &|year| year < TURN);
    let since = highest(clock, &|year| year >= TURN);
    let one_core_until = cores
        .iter()
        .take_while(|p| p.1 <= 1.0)
        .last()
        .map_or(f64::NAN, |p| p.0);
    let most_cores = highest(cores, &|_| true);
    format!(
        "The highest clock rose from {:.0} MHz around {:.0} to {:.0} MHz around {:.0}; \
         since {TURN}, no period went past {:.0} MHz. The median core count stayed at 1 \
         until around {one_core_until:.0}, then rose to {:.0} around {:.0}.",
        first.1, first.0, before.1, before.0, since.1, most_cores.1, most_cores.0
    )
}
