//! Chapter 11's figure: the final value of i in every run of every version
//! of the exercise, in the four languages.

use listings::claims::Series;
use plotters::prelude::*;

use super::svg::{
    Chart, PALETTE, Root, XAxis, failed, label_width, legend, row_label, row_middle, rows_chart,
    svg,
};
use super::{Data, Drawn};

/// Each row of the figure: the claim, its series, the label. The rows of
/// one claim stand together.
#[rustfmt::skip] // A table reads best one row a line.
pub(super) const LOST_UPDATE_ROWS: &[(&str, &str, &str)] = &[
    ("exercise-load-store-loses-updates", "final i", "Rust: load, then store"),
    ("exercise-fetch-add-exact", "fetch_add: final i", "Rust: fetch_add"),
    ("exercise-mutex-exact", "mutex: final i", "Rust: Mutex"),
    ("exercise-number-server-exact", "number server: final i", "Rust: number server"),
    ("c-naive-loses-updates-at-o0", "final i", "C: plain int, -O0"),
    ("c-o2-folds-each-loop-into-one-add", "-O2: final i", "C: plain int, -O2"),
    ("c-volatile-loses-updates", "final i", "C: volatile, -O2"),
    ("c-atomic-and-mutex-exact", "_Atomic: final i", "C: _Atomic"),
    ("c-atomic-and-mutex-exact", "mutex: final i", "C: mutex"),
    ("python-plain-increment-keeps-updates", "i += 1: final i", "Python: i += 1"),
    ("python-call-between-read-and-write-loses-updates", "final i", "Python: i = i + one()"),
    ("python-lock-exact", "lock: final i", "Python: lock"),
    ("go-race-loses-updates", "final i", "Go: i++"),
    ("go-mutex-and-number-server-exact", "mutex: final i", "Go: mutex"),
    ("go-mutex-and-number-server-exact", "number server: final i", "Go: number server"),
];

/// The claims whose runs the figure shows: those of [`LOST_UPDATE_ROWS`],
/// each once, in their order.
pub(super) const LOST_UPDATE_CLAIMS: &[&str] = &claims_of::<13>(LOST_UPDATE_ROWS);

/// The claims of `rows`, each once: `N` of them, or the build fails.
const fn claims_of<const N: usize>(rows: &[(&'static str, &str, &str)]) -> [&'static str; N] {
    let mut claims = [""; N];
    let (mut i, mut n) = (0, 0);
    while i < rows.len() {
        if n == 0 || !same(claims[n - 1], rows[i].0) {
            assert!(n < N, "more claims in the rows than N");
            claims[n] = rows[i].0;
            n += 1;
        }
        i += 1;
    }
    assert!(n == N, "fewer claims in the rows than N");
    claims
}

/// `a == b`, at compile time.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The height of a row in the SVG's units.
const ROW_HEIGHT: u32 = 26;

/// The rows as the run recorded them, and the right answer.
struct Rows<'a> {
    rows: Vec<(&'static str, &'a Series)>,
    right: f64,
    /// How far from the right answer the furthest run ended.
    furthest: f64,
}

/// Chapter 11: the final i of every run.
pub(super) fn lost_updates(data: &Data) -> Result<Drawn, String> {
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
    let rows = Rows {
        rows,
        right,
        furthest,
    };
    let height = 40 + ROW_HEIGHT * rows.rows.len() as u32 + 60;
    let svg = svg(height, |root| draw(root, &rows))?;
    Ok(Drawn::new(svg, words(&rows)))
}

/// The chart: a row of dots for each version, the right answer a line
/// across them.
fn draw(root: &Root<'_>, r: &Rows) -> Result<(), String> {
    let (right, n) = (r.right, r.rows.len());
    let span = r.furthest * 1.08;
    let axis = XAxis {
        range: (right - span, right + span),
        labels: 5,
        format: &|x| thousands(*x),
        desc: "final value of i",
    };
    let left = label_width(r.rows.iter().map(|r| r.0));
    let mut chart = rows_chart(root, n, (left as u32, 24), &axis)?;
    chart
        .draw_series([PathElement::new(
            [(right, 0.0), (right, n as f64)],
            PALETTE[2].stroke_width(2),
        )])
        .map_err(failed)?;
    for (i, (label, series)) in r.rows.iter().enumerate() {
        draw_runs(&mut chart, row_middle(n, i), series, right)?;
        row_label(root, &chart, (n, i), label)?;
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
}

/// A dot at `y` for each run of `series`, in one colour if every run ended
/// at the `right` answer and in another if any lost updates.
fn draw_runs(chart: &mut Chart<'_, '_>, y: f64, series: &Series, right: f64) -> Result<(), String> {
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
    Ok(())
}

/// The figure in words: which versions lost updates, and by how much.
fn words(r: &Rows) -> String {
    let (rows, right) = (&r.rows, r.right);
    let lossy: Vec<&str> = rows
        .iter()
        .filter(|(_, s)| s.points.iter().any(|p| p.1 != right))
        .map(|(label, _)| *label)
        .collect();
    let runs: usize = rows.iter().map(|(_, s)| s.points.len()).sum();
    format!(
        "Of {} versions, {} lost updates: {}; every run of the other {} ended at the right \
         answer, {}. The furthest run ended {} away from it ({runs} runs in all).",
        rows.len(),
        lossy.len(),
        lossy.join(", "),
        rows.len() - lossy.len(),
        thousands(right),
        thousands(r.furthest)
    )
}

/// An integer with thousands separators: "-841,742".
pub(super) fn thousands(x: f64) -> String {
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
