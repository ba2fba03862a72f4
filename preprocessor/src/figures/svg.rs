//! What every drawing shares: the canvas and its SVG, the colours that
//! read in every theme, the text style, the frame and axes of a chart, the
//! legend, and the labels of a chart's rows.
//!
//! Text and axes are drawn in a placeholder colour, [`INK`], that [`svg`]
//! makes `currentColor`, so that they take the colour of the page's text.

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The drawing's width in the SVG's own units; on a narrower page it
/// scales down.
pub(super) const WIDTH: u32 = 640;

/// The placeholder colour of text and axes, which becomes `currentColor`.
pub(super) const INK: RGBColor = RGBColor(1, 2, 3);
pub(super) const INK_SVG: &str = "#010203";

/// Colours that read on white and on the dark themes' near-black alike
/// (from the Okabe-Ito palette, without its darkest blue).
pub(super) const PALETTE: [RGBColor; 5] = [
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(213, 94, 0),    // vermilion
];

const FONT: &str = "sans-serif";
pub(super) const TEXT_SIZE: f64 = 17.0;

/// The canvas every figure draws on.
pub(super) type Root<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// The style of every text of a figure: its font, in ink.
pub(super) fn text_style<'a>() -> TextStyle<'a> {
    (FONT, TEXT_SIZE).into_font().color(&INK)
}

/// Draws with `draw` on a canvas of `height`, and returns the SVG with the
/// placeholder colour made `currentColor`.
pub(super) fn svg(
    height: u32,
    draw: impl FnOnce(&Root<'_>) -> Result<(), String>,
) -> Result<String, String> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (WIDTH, height)).into_drawing_area();
        draw(&root)?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(text.replace(INK_SVG, "currentColor"))
}

/// Why a drawing failed, as the page says it.
pub(super) fn failed(e: impl std::fmt::Display) -> String {
    format!("drawing failed: {e}")
}

/// A chart's frame on `root`: room above for the legend, `left` for the
/// labels of the y axis or of the rows, `right` of margin, and room below
/// for the x axis and its description.
pub(super) fn frame<'a, 'b>(
    root: &'a Root<'b>,
    left: u32,
    right: u32,
) -> ChartBuilder<'a, 'b, SVGBackend<'b>> {
    let mut frame = ChartBuilder::on(root);
    frame
        .margin_top(36)
        .margin_right(right)
        .set_label_area_size(LabelAreaPosition::Left, left)
        .set_label_area_size(LabelAreaPosition::Bottom, 56);
    frame
}

/// Draws the axes and grid that `mesh` describes, in ink: a faint grid at
/// the labels only, and the text in the figures' style.
pub(super) fn draw_mesh<X, Y>(
    mut mesh: MeshStyle<'_, '_, X, Y, SVGBackend<'_>>,
) -> Result<(), String>
where
    X: Ranged + ValueFormatter<X::ValueType>,
    Y: Ranged + ValueFormatter<Y::ValueType>,
{
    mesh.axis_style(INK)
        .bold_line_style(INK.mix(0.15))
        .light_line_style(TRANSPARENT)
        .label_style(text_style())
        .axis_desc_style(text_style())
        .draw()
        .map_err(failed)
}

/// The room that the longest of `labels` takes at the left of a chart.
pub(super) fn label_width<'a>(labels: impl IntoIterator<Item = &'a str>) -> f64 {
    labels
        .into_iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0) as f64
        * TEXT_SIZE
        * 0.55
        + 16.0
}

/// The x axis of a chart: its range, how many labels, how they read, and
/// what it measures.
pub(super) struct XAxis<'a> {
    pub range: (f64, f64),
    pub labels: usize,
    pub format: &'a dyn Fn(&f64) -> String,
    pub desc: &'a str,
}

/// A chart on the canvas of a figure, with x and y in its own units.
pub(super) type Chart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A chart of `rows` rows, one unit of y each, the first at the top, under
/// the x axis `x`, with `left` room for the rows' labels and `right` of
/// margin; the rows are drawn with [`row_label`] and the chart's own series.
pub(super) fn rows_chart<'a, 'b>(
    root: &'a Root<'b>,
    rows: usize,
    (left, right): (u32, u32),
    x: &XAxis,
) -> Result<Chart<'a, 'b>, String> {
    let mut chart = frame(root, left, right)
        .build_cartesian_2d(x.range.0..x.range.1, 0f64..rows as f64)
        .map_err(failed)?;
    let mut mesh = chart.configure_mesh();
    mesh.disable_y_mesh()
        .disable_y_axis()
        .x_labels(x.labels)
        .x_label_formatter(x.format)
        .x_desc(x.desc);
    draw_mesh(mesh)?;
    Ok(chart)
}

/// The y of the middle of row `i` of a chart of `rows` rows.
pub(super) fn row_middle(rows: usize, i: usize) -> f64 {
    rows as f64 - i as f64 - 0.5
}

/// The label of row `i` of a chart of `rows` rows, right-aligned just left
/// of the chart.
pub(super) fn row_label(
    root: &Root<'_>,
    chart: &Chart<'_, '_>,
    (rows, i): (usize, usize),
    label: &str,
) -> Result<(), String> {
    let (px, py) = chart.backend_coord(&(chart.x_range().start, row_middle(rows, i)));
    root.draw(&Text::new(
        label.to_owned(),
        (px - 8, py),
        text_style().pos(Pos::new(HPos::Right, VPos::Center)),
    ))
    .map_err(failed)
}

/// A row of coloured squares and their labels, at the top of the canvas.
pub(super) fn legend(
    root: &Root<'_>,
    items: &[(String, RGBAColor)],
    left: i32,
) -> Result<(), String> {
    let mut x = left;
    for (label, colour) in items {
        root.draw(&Rectangle::new([(x, 8), (x + 14, 22)], colour.filled()))
            .map_err(failed)?;
        root.draw(&Text::new(
            label.clone(),
            (x + 20, 15),
            text_style().pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(failed)?;
        x += 20 + (label.chars().count() as f64 * TEXT_SIZE * 0.58) as i32 + 20;
    }
    Ok(())
}
