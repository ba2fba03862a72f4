//! The book's figures, drawn at build time from the series that the claim
//! checks recorded in the run the pages show: `{{#figure NAME}}` becomes an
//! inline `<figure>` with an SVG drawing, a caption that names the machine
//! and the date of the run, and a text alternative that states the result
//! in words, computed from the same data.
//!
//! Every figure is drawn here, in one place: [`FIGURES`] lists them, each
//! with the claims whose series it draws. A figure whose claim has no
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

use std::fmt::Write as _;

use listings::claims::Series;
use listings::evidence::ClaimResult;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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

/// The series of a figure's claims, as the run recorded them.
struct Data<'a> {
    entries: Vec<(&'static str, &'a ClaimResult)>,
}

impl Data<'_> {
    /// The series `name` of claim `claim`.
    fn series(&self, claim: &str, name: &str) -> Result<&Series, String> {
        self.entries
            .iter()
            .find(|(id, _)| *id == claim)
            .and_then(|(_, entry)| entry.series.iter().find(|s| s.name == name))
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

/// The figure as one block of HTML, with no blank line that would end it.
fn figure(spec: &Spec, run: Option<&Run>, drawn: Drawn) -> String {
    let id = format!("figure-{}", spec.name);
    let alt = html(&drawn.alt);
    let svg = drawn.svg.replacen(
        "<svg ",
        &format!(
            "<svg role=\"img\" aria-labelledby=\"{id}-alt\" width=\"100%\" \
             style=\"max-width: {WIDTH}px; height: auto; display: block; margin: 0 auto\" "
        ),
        1,
    );
    let svg = strip_size(&svg);
    let svg = svg.replacen('>', &format!("><title id=\"{id}-alt\">{alt}</title>"), 1);
    let mut caption = format!("{} {}", html(spec.caption), alt);
    if let Some(credit) = &drawn.credit {
        caption.push(' ');
        caption.push_str(&html(credit));
    }
    if let Some(run) = run {
        let _ = write!(
            caption,
            " Drawn from {} ({}, {} UTC).",
            html(&run.which),
            html(&run.machine),
            html(&run.started)
        );
    }
    format!(
        "\n\n<figure id=\"{id}\" class=\"checked-figure\" style=\"margin: 1.5em 0\">{svg}\
         <figcaption style=\"font-size: 0.9em\">{caption}</figcaption></figure>\n\n"
    )
}

/// `svg` without the fixed width and height that plotters gives the root
/// element: the viewBox and `width="100%"` size it to the page.
fn strip_size(svg: &str) -> String {
    let Some(end) = svg.find('>') else {
        return svg.to_owned();
    };
    let (head, rest) = svg.split_at(end);
    let mut kept = Vec::new();
    for part in head.split(' ') {
        let fixed = |name: &str| {
            part.starts_with(&format!("{name}=\""))
                && part[1..].ends_with('"')
                && !part.contains('%')
        };
        if fixed("width") || fixed("height") {
            continue;
        }
        kept.push(part);
    }
    // Plotters puts every element on a line of its own; HTML does not need
    // them, and one line keeps the block one block of markdown.
    let text = kept.join(" ") + rest;
    text.lines().map(str::trim).collect::<Vec<_>>().join("")
}

/// Text made safe for HTML.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

// Drawing.

/// The drawing's width in the SVG's own units; on a narrower page it
/// scales down.
const WIDTH: u32 = 640;

/// The placeholder colour of text and axes, which becomes `currentColor`.
const INK: RGBColor = RGBColor(1, 2, 3);
const INK_SVG: &str = "#010203";

/// Colours that read on white and on the dark themes' near-black alike
/// (from the Okabe-Ito palette, without its darkest blue).
const PALETTE: [RGBColor; 5] = [
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(213, 94, 0),    // vermilion
];

const FONT: &str = "sans-serif";
const TEXT_SIZE: f64 = 17.0;

fn text_style<'a>() -> TextStyle<'a> {
    (FONT, TEXT_SIZE).into_font().color(&INK)
}

/// Draws with `draw` on a canvas of `height`, and returns the SVG with the
/// placeholder colour made `currentColor`.
fn svg(
    height: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), String>,
) -> Result<String, String> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (WIDTH, height)).into_drawing_area();
        draw(&root)?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(text.replace(INK_SVG, "currentColor"))
}

fn failed(e: impl std::fmt::Display) -> String {
    format!("drawing failed: {e}")
}

/// A row of coloured squares and their labels, at the top of the canvas.
fn legend(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
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

/// One row of a timeline: a label and coloured spans of x.
struct Lane {
    label: String,
    spans: Vec<(f64, f64, RGBColor)>,
    /// Short marks at these x, for events rather than spans.
    marks: Vec<f64>,
    /// A shaded span behind the lane.
    band: Option<(f64, f64)>,
}

impl Lane {
    fn new(label: impl Into<String>) -> Lane {
        Lane {
            label: label.into(),
            spans: Vec::new(),
            marks: Vec::new(),
            band: None,
        }
    }
}

/// A timeline: one lane per row, x in `x_unit` from `x_range.0` to
/// `x_range.1`, and a legend above.
fn timeline(
    lanes: &[Lane],
    x_range: (f64, f64),
    x_desc: &str,
    key: &[(String, RGBAColor)],
) -> Result<String, String> {
    let label_width = lanes
        .iter()
        .map(|l| l.label.chars().count())
        .max()
        .unwrap_or(0) as f64
        * TEXT_SIZE
        * 0.55
        + 16.0;
    let lane_height = 34;
    let height = 40 + lane_height * lanes.len() as u32 + 60;
    svg(height, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(36)
            .margin_right(16)
            .set_label_area_size(LabelAreaPosition::Left, label_width as u32)
            .set_label_area_size(LabelAreaPosition::Bottom, 56)
            .build_cartesian_2d(x_range.0..x_range.1, 0f64..lanes.len() as f64)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_labels(7)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .x_desc(x_desc)
            .axis_style(INK)
            .bold_line_style(INK.mix(0.15))
            .light_line_style(TRANSPARENT)
            .label_style(text_style())
            .axis_desc_style(text_style())
            .draw()
            .map_err(failed)?;
        let top = |i: usize| (lanes.len() - i) as f64;
        for (i, lane) in lanes.iter().enumerate() {
            let (y0, y1) = (top(i) - 0.85, top(i) - 0.15);
            if let Some((a, b)) = lane.band {
                chart
                    .draw_series([Rectangle::new(
                        [(a, top(i) - 1.0), (b, top(i))],
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
            let (px, py) = chart.backend_coord(&(x_range.0, top(i) - 0.5));
            root.draw(&Text::new(
                lane.label.clone(),
                (px - 8, py),
                text_style().pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(failed)?;
        }
        legend(root, key, label_width as i32)
    })
}

/// The spans in which a thread sampled every `SAMPLE_MS` or so ran: two
/// samples further apart than [`GAP_MS`] mean that it did not run between
/// them. The y of a sample is the CPU it ran on.
fn running(samples: &[(f64, f64)]) -> Vec<(f64, f64, usize)> {
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
fn together(lanes: &[Vec<(f64, f64, usize)>], until: f64) -> f64 {
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

fn last_x(series: &[&Series]) -> f64 {
    series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .fold(0.0, f64::max)
}

fn cpu_key(lanes: &[Vec<(f64, f64, usize)>]) -> Vec<(String, RGBAColor)> {
    let mut cpus: Vec<usize> = lanes.iter().flatten().map(|s| s.2).collect();
    cpus.sort_unstable();
    cpus.dedup();
    cpus.into_iter()
        .map(|cpu| (format!("CPU {cpu}"), PALETTE[cpu % PALETTE.len()].to_rgba()))
        .collect()
}

fn percent(fraction: f64) -> String {
    format!("{:.0}%", fraction * 100.0)
}

/// Chapter 1: the spinning threads, free and pinned.
fn spinning_threads(data: &Data) -> Result<Drawn, String> {
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
    let free = together(&spans[..2], window);
    let pinned = together(&spans[2..], window);
    let cpus_free = cpu_key(&spans[..2]).len();
    let mut alt = format!(
        "Free, the two threads both ran for {} of the first {window:.0} ms, on {cpus_free} \
         CPU{}; pinned to one CPU, both ran for {} of it",
        percent(free),
        if cpus_free == 1 { "" } else { "s" },
        percent(pinned)
    );
    alt.push_str(if pinned <= 0.05 && free >= 0.5 {
        ": free, they ran at the same time; pinned, they took turns."
    } else {
        "."
    });
    let svg = timeline(
        &lanes,
        (0.0, window),
        "time since the threads started (ms)",
        &key,
    )?;
    Ok(Drawn {
        svg,
        alt,
        credit: None,
    })
}

/// The year from which the clock stopped rising, as chapter 2 and the
/// tests of its table put it.
const TURN: f64 = 2005.0;

/// Chapter 2: the microprocessor trend, on a log scale, drawn from Table
/// 2-1 itself (`listings::ch02::trend`), not from a run.
fn microprocessor_trend(_: &Data) -> Result<Drawn, String> {
    let table = listings::ch02::trend::series();
    let find = |name: String| {
        table
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| format!("Table 2-1 gives no series \u{201c}{name}\u{201d}"))
    };
    let quantities = [("clock", "MHz"), ("cores", "cores"), ("power", "W")];
    let mut lines = Vec::new();
    for (i, (what, unit)) in quantities.iter().enumerate() {
        let highest = find(format!("{what}, highest"))?;
        let median = find(format!("{what}, median"))?;
        let label = if what == unit {
            (*what).to_owned()
        } else {
            format!("{what} ({unit})")
        };
        lines.push((label, PALETTE[i], highest, median));
    }
    let all = lines
        .iter()
        .flat_map(|(_, _, h, m)| h.points.iter().chain(&m.points));
    let (x0, x1, y1) = all.fold((f64::MAX, f64::MIN, 1.0f64), |(a, b, c), p| {
        (a.min(p.0), b.max(p.0), c.max(p.1))
    });
    let svg = svg(420, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(36)
            .margin_right(20)
            .set_label_area_size(LabelAreaPosition::Left, 70)
            .set_label_area_size(LabelAreaPosition::Bottom, 56)
            .build_cartesian_2d((x0 - 2.0)..(x1 + 2.0), (0.1f64..y1 * 2.0).log_scale())
            .map_err(failed)?;
        chart
            .configure_mesh()
            .x_labels(6)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| {
                if *y >= 1.0 {
                    format!("{y:.0}")
                } else {
                    format!("{y}")
                }
            })
            .x_desc("year (middle of each period)")
            .axis_style(INK)
            .bold_line_style(INK.mix(0.15))
            .light_line_style(TRANSPARENT)
            .label_style(text_style())
            .axis_desc_style(text_style())
            .draw()
            .map_err(failed)?;
        for (_, colour, highest, median) in &lines {
            chart
                .draw_series(LineSeries::new(
                    highest.points.iter().copied(),
                    colour.stroke_width(3),
                ))
                .map_err(failed)?;
            chart
                .draw_series(
                    highest
                        .points
                        .iter()
                        .map(|&p| Circle::new(p, 4, colour.filled())),
                )
                .map_err(failed)?;
            chart
                .draw_series(DashedLineSeries::new(
                    median.points.iter().copied(),
                    6,
                    4,
                    colour.stroke_width(2),
                ))
                .map_err(failed)?;
        }
        let key: Vec<(String, RGBAColor)> = lines
            .iter()
            .map(|(n, c, _, _)| (n.clone(), c.to_rgba()))
            .collect();
        legend(root, &key, 70)
    })?;
    let clock = &lines[0].2.points;
    let cores = &lines[1].3.points;
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
    let alt = format!(
        "The highest clock rose from {:.0} MHz around {:.0} to {:.0} MHz around {:.0}; \
         since {TURN}, no period went past {:.0} MHz. The median core count stayed at 1 \
         until around {one_core_until:.0}, then rose to {:.0} around {:.0}.",
        first.1, first.0, before.1, before.0, since.1, most_cores.1, most_cores.0
    );
    Ok(Drawn {
        svg,
        alt,
        credit: Some(
            "Data: Karl Rupp, \u{201c}Microprocessor Trend Data\u{201d} (2022, CC BY 4.0), \
             collected up to 2010 by M. Horowitz, F. Labonte, O. Shacham, K. Olukotun, \
             L. Hammond and C. Batten and from 2010 by K. Rupp; grouped into five-year \
             periods for this book."
                .to_owned(),
        ),
    })
}

/// Chapter 2: Amdahl's law against the measured speedups.
fn amdahl(data: &Data) -> Result<Drawn, String> {
    const CLAIM: &str = "amdahl-speedup-reached";
    let free = data.series(CLAIM, "speedup")?;
    let pinned = data.series(CLAIM, "control: speedup")?;
    let law = data.series(CLAIM, "Amdahl's law")?;
    let limit = data.series(CLAIM, "limit")?;
    let most = free.points.iter().map(|p| p.0).fold(1.0, f64::max);
    let x1 = most.max(8.0);
    let cap = limit.points.first().map_or(5.0, |p| p.1);
    let svg = svg(400, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin_top(36)
            .margin_right(20)
            .set_label_area_size(LabelAreaPosition::Left, 56)
            .set_label_area_size(LabelAreaPosition::Bottom, 56)
            .build_cartesian_2d(0.5..x1 + 0.5, 0f64..(cap * 1.15))
            .map_err(failed)?;
        chart
            .configure_mesh()
            .x_labels(x1 as usize)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .x_desc("threads")
            .y_desc("speedup")
            .axis_style(INK)
            .bold_line_style(INK.mix(0.15))
            .light_line_style(TRANSPARENT)
            .label_style(text_style())
            .axis_desc_style(text_style())
            .draw()
            .map_err(failed)?;
        let within = |p: &&(f64, f64)| p.0 <= x1;
        chart
            .draw_series(LineSeries::new(
                law.points.iter().filter(within).copied(),
                PALETTE[1].stroke_width(2),
            ))
            .map_err(failed)?;
        chart
            .draw_series(DashedLineSeries::new(
                [(0.5, cap), (x1 + 0.5, cap)],
                8,
                6,
                INK.mix(0.6).stroke_width(2),
            ))
            .map_err(failed)?;
        chart
            .draw_series(
                pinned
                    .points
                    .iter()
                    .map(|&p| TriangleMarker::new(p, 7, PALETTE[4].filled())),
            )
            .map_err(failed)?;
        chart
            .draw_series(
                free.points
                    .iter()
                    .map(|&p| Circle::new(p, 6, PALETTE[0].filled())),
            )
            .map_err(failed)?;
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
    })?;
    let at = |series: &Series, n: f64| series.points.iter().find(|p| p.0 == n).map(|p| p.1);
    let mut alt = String::new();
    let predicted = at(law, most).unwrap_or(f64::NAN);
    let _ = write!(
        alt,
        "On {most:.0} threads the work ran {:.2} times as fast as on one, where Amdahl's law \
         allows {predicted:.2}",
        at(free, most).unwrap_or(f64::NAN)
    );
    if let Some(one_cpu) = at(pinned, most) {
        let _ = write!(alt, "; confined to one CPU, {one_cpu:.2} times");
    }
    let _ = write!(
        alt,
        ". However many threads, the law caps the speedup of this work at {cap:.0}."
    );
    Ok(Drawn {
        svg,
        alt,
        credit: None,
    })
}

/// Chapter 3: the ticker beside a blocking call.
fn ticker(data: &Data) -> Result<Drawn, String> {
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
    Ok(Drawn {
        svg,
        alt,
        credit: None,
    })
}

/// Chapter 8: Python threads taking turns with the GIL, and Rust threads
/// without a lock.
fn gil_turns(data: &Data) -> Result<Drawn, String> {
    let turns = data.series("python-switch-interval-5ms", "turns")?;
    let rust = [
        data.series("without-the-gil-rust-threads-overlap", "thread 1")?,
        data.series("without-the-gil-rust-threads-overlap", "thread 2")?,
    ];
    let window = last_x(&rust).max(1.0);
    // A turn lasts from when its thread took the GIL to the next turn.
    let mut python: [Vec<(f64, f64, usize)>; 2] = [Vec::new(), Vec::new()];
    let starts: Vec<(f64, f64)> = turns
        .points
        .iter()
        .copied()
        .filter(|p| p.0 < window)
        .collect();
    for (i, &(t, thread)) in starts.iter().enumerate() {
        let until = starts.get(i + 1).map_or(window, |p| p.0);
        if let Some(lane) = python.get_mut(thread as usize) {
            lane.push((t, until, 0));
        }
    }
    let rust_spans: Vec<_> = rust.iter().map(|s| running(&s.points)).collect();
    let mut lanes = Vec::new();
    for (i, spans) in python.iter().enumerate() {
        lanes.push(Lane {
            spans: spans.iter().map(|&(a, b, _)| (a, b, PALETTE[0])).collect(),
            ..Lane::new(format!("Python thread {i}"))
        });
    }
    for (i, spans) in rust_spans.iter().enumerate() {
        lanes.push(Lane {
            spans: spans.iter().map(|&(a, b, _)| (a, b, PALETTE[2])).collect(),
            ..Lane::new(format!("Rust thread {}", i + 1))
        });
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
    let handovers = starts.len().saturating_sub(1);
    let both_python = together(&python, window);
    let both_rust = together(&rust_spans, window);
    let mean = if handovers > 0 {
        format!(
            ", on average every {:.1} ms",
            (starts[handovers].0 - starts[0].0) / handovers as f64
        )
    } else {
        String::new()
    };
    let alt = format!(
        "In the first {window:.0} ms the Python threads took turns: the GIL changed hands \
         {handovers} times{mean}, and both ran for {} of the time; the Rust threads \
         without a lock both ran for {} of it.",
        percent(both_python),
        percent(both_rust)
    );
    Ok(Drawn {
        svg,
        alt,
        credit: None,
    })
}

/// The claims of chapter 11 whose runs the lost-updates figure shows.
const LOST_UPDATE_CLAIMS: &[&str] = &[
    "exercise-load-store-loses-updates",
    "exercise-fetch-add-exact",
    "exercise-mutex-exact",
    "exercise-number-server-exact",
    "c-naive-loses-updates-at-o0",
    "c-o2-folds-each-loop-into-one-add",
    "c-volatile-loses-updates",
    "c-atomic-and-mutex-exact",
    "python-plain-increment-keeps-updates",
    "python-call-between-read-and-write-loses-updates",
    "python-lock-exact",
    "go-race-loses-updates",
    "go-mutex-and-number-server-exact",
];

/// Each row of the lost-updates figure: the claim, its series, the label.
const LOST_UPDATE_ROWS: &[(&str, &str, &str)] = &[
    (
        "exercise-load-store-loses-updates",
        "final i",
        "Rust: load, then store",
    ),
    (
        "exercise-fetch-add-exact",
        "fetch_add: final i",
        "Rust: fetch_add",
    ),
    ("exercise-mutex-exact", "mutex: final i", "Rust: Mutex"),
    (
        "exercise-number-server-exact",
        "number server: final i",
        "Rust: number server",
    ),
    (
        "c-naive-loses-updates-at-o0",
        "final i",
        "C: plain int, -O0",
    ),
    (
        "c-o2-folds-each-loop-into-one-add",
        "-O2: final i",
        "C: plain int, -O2",
    ),
    ("c-volatile-loses-updates", "final i", "C: volatile, -O2"),
    ("c-atomic-and-mutex-exact", "_Atomic: final i", "C: _Atomic"),
    ("c-atomic-and-mutex-exact", "mutex: final i", "C: mutex"),
    (
        "python-plain-increment-keeps-updates",
        "i += 1: final i",
        "Python: i += 1",
    ),
    (
        "python-call-between-read-and-write-loses-updates",
        "final i",
        "Python: i = i + one()",
    ),
    ("python-lock-exact", "lock: final i", "Python: lock"),
    ("go-race-loses-updates", "final i", "Go: i++"),
    (
        "go-mutex-and-number-server-exact",
        "mutex: final i",
        "Go: mutex",
    ),
    (
        "go-mutex-and-number-server-exact",
        "number server: final i",
        "Go: number server",
    ),
];

/// Chapter 11: the final i of every run.
fn lost_updates(data: &Data) -> Result<Drawn, String> {
    let right = data
        .series(LOST_UPDATE_ROWS[0].0, "right answer")?
        .points
        .first()
        .map_or(0.0, |p| p.1);
    let mut rows = Vec::new();
    for &(claim, name, label) in LOST_UPDATE_ROWS {
        rows.push((label, data.series(claim, name)?));
    }
    let furthest = rows
        .iter()
        .flat_map(|(_, s)| s.points.iter().map(|p| (p.1 - right).abs()))
        .fold(1.0, f64::max);
    let span = furthest * 1.08;
    let label_width =
        rows.iter().map(|r| r.0.len()).max().unwrap_or(0) as f64 * TEXT_SIZE * 0.55 + 16.0;
    let row_height = 26;
    let height = 40 + row_height * rows.len() as u32 + 60;
    let svg = svg(height, |root| {
        let n = rows.len() as f64;
        let mut chart = ChartBuilder::on(root)
            .margin_top(36)
            .margin_right(24)
            .set_label_area_size(LabelAreaPosition::Left, label_width as u32)
            .set_label_area_size(LabelAreaPosition::Bottom, 56)
            .build_cartesian_2d((right - span)..(right + span), 0f64..n)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_labels(5)
            .x_label_formatter(&|x| thousands(*x))
            .x_desc("final value of i")
            .axis_style(INK)
            .bold_line_style(INK.mix(0.15))
            .light_line_style(TRANSPARENT)
            .label_style(text_style())
            .axis_desc_style(text_style())
            .draw()
            .map_err(failed)?;
        chart
            .draw_series([PathElement::new(
                [(right, 0.0), (right, n)],
                PALETTE[2].stroke_width(2),
            )])
            .map_err(failed)?;
        for (i, (label, series)) in rows.iter().enumerate() {
            let y = n - i as f64 - 0.5;
            let colour = if series.points.iter().all(|p| p.1 == right) {
                PALETTE[1]
            } else {
                PALETTE[4]
            };
            chart
                .draw_series(
                    series
                        .points
                        .iter()
                        .map(|p| Circle::new((p.1, y), 4, colour.mix(0.8).filled())),
                )
                .map_err(failed)?;
            let (px, py) = chart.backend_coord(&(right - span, y));
            root.draw(&Text::new(
                label.to_string(),
                (px - 8, py),
                text_style().pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(failed)?;
        }
        legend(
            root,
            &[
                (
                    format!("right answer, {}", thousands(right)),
                    PALETTE[2].to_rgba(),
                ),
                ("every run right".to_owned(), PALETTE[1].to_rgba()),
                ("updates lost".to_owned(), PALETTE[4].to_rgba()),
            ],
            16,
        )
    })?;
    let lossy: Vec<&str> = rows
        .iter()
        .filter(|(_, s)| s.points.iter().any(|p| p.1 != right))
        .map(|(label, _)| *label)
        .collect();
    let runs: usize = rows.iter().map(|(_, s)| s.points.len()).sum();
    let alt = format!(
        "Of {} versions, {} lost updates: {}; every run of the other {} ended at the right \
         answer, {}. The furthest run ended {} away from it ({runs} runs in all).",
        rows.len(),
        lossy.len(),
        lossy.join(", "),
        rows.len() - lossy.len(),
        thousands(right),
        thousands(furthest)
    );
    Ok(Drawn {
        svg,
        alt,
        credit: None,
    })
}

/// An integer with thousands separators: "-841,742".
fn thousands(x: f64) -> String {
    let n = x.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use listings::claims::{Bound, Figure, Verdict};

    fn run() -> Run {
        Run {
            which: "a test run".into(),
            machine: "2 of 2 CPUs (Test CPU)".into(),
            started: "2026-12-01 10:00:00".into(),
        }
    }

    /// An entry for `claim` with `series`.
    fn entry(claim: &str, series: Vec<Series>) -> ClaimResult {
        let claim = listings::all_claims()
            .into_iter()
            .find(|c| c.id == claim)
            .expect("a claim of the book");
        let mut verdict =
            Verdict::from_figures(vec![Figure::new("x", 1.0, "").bounded(Bound::Exactly(1.0))]);
        verdict.series = series;
        ClaimResult::new(&claim, &verdict, vec![], 0.1)
    }

    /// Samples every 0.1 ms from `from` to `to`, on `cpu`.
    fn samples(spans: &[(f64, f64, f64)]) -> Vec<(f64, f64)> {
        let mut points = Vec::new();
        for &(from, to, cpu) in spans {
            let mut t = from;
            while t < to {
                points.push((t, cpu));
                t += 0.1;
            }
        }
        points
    }

    fn spinning() -> ClaimResult {
        let s =
            |name: &str, spans: &[(f64, f64, f64)]| Series::new(name, "ms", "CPU", samples(spans));
        entry(
            "two-threads-overlap",
            vec![
                s("free, thread 1", &[(0.0, 30.0, 0.0)]),
                s("free, thread 2", &[(0.0, 30.0, 1.0)]),
                s(
                    "control: pinned, thread 1",
                    &[(0.0, 3.0, 0.0), (6.0, 9.0, 0.0)],
                ),
                s(
                    "control: pinned, thread 2",
                    &[(3.05, 5.95, 0.0), (9.05, 30.0, 0.0)],
                ),
            ],
        )
    }

    #[test]
    fn a_figure_with_its_series_is_drawn_inline() {
        let entry = spinning();
        let page = expand("spinning-threads", Some(&run()), &|_| {
            Entry::Current(&entry)
        });
        assert!(
            page.contains("<figure id=\"figure-spinning-threads\""),
            "{page}"
        );
        assert!(page.contains("<svg role=\"img\""));
        assert!(page.contains("width=\"100%\""));
        assert!(page.contains("viewBox=\"0 0 640 "));
        assert!(!page.contains("width=\"640\""), "no fixed width");
        assert!(page.contains("<text"), "text is SVG text");
        assert!(page.contains("currentColor"));
        assert!(!page.contains(INK_SVG));
        assert!(page.contains("2 of 2 CPUs (Test CPU)"), "the machine");
        assert!(page.contains("2026-12-01 10:00:00 UTC"), "the date");
        assert!(
            page.contains("pinned to one CPU, both ran for 0% of it: free, they ran at the same time; pinned, they took turns."),
            "{page}"
        );
        assert!(
            page.contains("Free, the two threads both ran for 100% of the first 30 ms, on 2 CPUs"),
            "{page}"
        );
        // One block of HTML: no blank line inside, nothing markdown reads.
        assert_eq!(page.trim().lines().count(), 1);
    }

    #[test]
    fn a_stale_or_missing_claim_is_said_in_place_of_the_figure() {
        let stale = expand("spinning-threads", Some(&run()), &|_| Entry::Stale);
        assert!(!stale.contains("<svg"));
        assert!(
            stale.contains("not yet measured for this version of its check"),
            "{stale}"
        );
        assert!(stale.contains("cargo test --test claims -- two-threads-overlap"));
        let missing = expand("spinning-threads", Some(&run()), &|_| Entry::Missing);
        assert!(
            missing.contains("claim `two-threads-overlap` is not yet measured"),
            "{missing}"
        );
        let none = expand("spinning-threads", None, &|_| Entry::Missing);
        assert!(none.contains("no run of the claims was found"));
        let unknown = expand("no-such-figure", Some(&run()), &|_| Entry::Missing);
        assert!(unknown.contains("No figure is called `no-such-figure`"));
    }

    #[test]
    fn a_current_entry_without_the_series_says_so() {
        let entry = entry("two-threads-overlap", vec![]);
        let page = expand("spinning-threads", Some(&run()), &|_| {
            Entry::Current(&entry)
        });
        assert!(!page.contains("<svg"));
        assert!(
            page.contains("the run recorded no series \u{201c}free, thread 1\u{201d}"),
            "{page}"
        );
    }

    #[test]
    fn every_figure_names_claims_of_the_book() {
        let claims = listings::all_claims();
        for spec in FIGURES {
            for id in spec.claims {
                assert!(claims.iter().any(|c| c.id == *id), "{}: {id}", spec.name);
            }
        }
        for (claim, _, _) in LOST_UPDATE_ROWS {
            assert!(LOST_UPDATE_CLAIMS.contains(claim), "{claim}");
        }
    }

    #[test]
    fn the_table_figure_needs_no_run() {
        let page = expand("microprocessor-trend", None, &|_| Entry::Missing);
        assert!(
            page.contains("<figure id=\"figure-microprocessor-trend\""),
            "{page}"
        );
        assert!(page.contains("The highest clock rose from 2 MHz around 1972"));
        assert!(!page.contains("Drawn from"), "no run is named");
    }

    #[test]
    fn numbers_with_thousands() {
        assert_eq!(thousands(-841_742.0), "-841,742");
        assert_eq!(thousands(-1.0), "-1");
        assert_eq!(thousands(1000.0), "1,000");
    }
}
