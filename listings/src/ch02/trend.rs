//! Listing 2-3: Table 2-1, fifty years of microprocessors by five-year
//! period, and how to derive it again from the raw trend data.
//!
//! Table 2-1 is derived from Karl Rupp's "Microprocessor Trend Data"
//! (<https://github.com/karlrupp/microprocessor-trend-data>, folder `50yrs`,
//! commit f2121ab, 2022), whose data up to 2010 was collected by M. Horowitz,
//! F. Labonte, O. Shacham, K. Olukotun, L. Hammond and C. Batten, and from
//! 2010 to 2021 by K. Rupp. The data is licensed under the Creative Commons
//! Attribution 4.0 International licence
//! (<https://creativecommons.org/licenses/by/4.0/>). Changes made: the
//! clock, core-count and power series were grouped into five-year periods,
//! reduced to each period's maximum and median, and rounded to one decimal;
//! the raw data is not included.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use listings::ch02::periods::{Period, per_period};
use listings::claims::{Bound, Claim, Figure, Series, Verdict};

/// The highest and the median value of one period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub max: f64,
    pub median: f64,
}

/// One row of Table 2-1: the chips of one period of years.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    pub first_year: i32,
    pub last_year: i32,
    pub clock_mhz: Summary,
    pub cores: Summary,
    pub watts: Summary,
}

const fn summary((max, median): (f64, f64)) -> Summary {
    Summary { max, median }
}

const fn row(years: (i32, i32), clock: (f64, f64), cores: (f64, f64), watts: (f64, f64)) -> Row {
    Row {
        first_year: years.0,
        last_year: years.1,
        clock_mhz: summary(clock),
        cores: summary(cores),
        watts: summary(watts),
    }
}

/// Table 2-1, derived from the trend data by `derive` (attribution and
/// licence at the top of this file). Each pair is (max, median).
#[rustfmt::skip]
pub const TREND: &[Row] = &[
    //   years         clock (MHz)         cores           power (W)
    row((1970, 1974), (2.0, 0.7),         (1.0, 1.0),     (0.9, 0.4)),
    row((1975, 1979), (5.0, 5.0),         (1.0, 1.0),     (1.7, 1.7)),
    row((1980, 1984), (6.1, 6.1),         (1.0, 1.0),     (3.0, 3.0)),
    row((1985, 1989), (40.3, 20.5),       (1.0, 1.0),     (4.0, 2.9)),
    row((1990, 1994), (296.9, 67.3),      (1.0, 1.0),     (35.2, 9.6)),
    row((1995, 1999), (537.6, 296.9),     (1.0, 1.0),     (90.6, 27.4)),
    row((2000, 2004), (3651.7, 1810.6),   (2.0, 1.0),     (155.4, 74.0)),
    row((2005, 2009), (4655.5, 2641.6),   (9.0, 3.0),     (132.2, 95.6)),
    row((2010, 2014), (3700.0, 2800.0),   (240.0, 20.0),  (300.0, 135.0)),
    row((2015, 2019), (4000.0, 2225.0),   (272.0, 72.0),  (250.0, 205.0)),
    row((2020, 2021), (3200.0, 2700.0),   (208.0, 64.0),  (500.0, 205.0)),
];

// ANCHOR: listing
/// The environment variable that names the folder of the raw data files.
pub const DATA_DIR: &str = "TREND_DATA_DIR";

/// Derives Table 2-1 from the folder `50yrs` of the trend data.
pub fn derive(dir: &Path) -> io::Result<Vec<Row>> {
    let series = |file: &str| -> io::Result<Vec<Period>> {
        let text = fs::read_to_string(dir.join(file))?;
        per_period(&text, 5)
    };
    let (clock, cores, watts) = (
        series("frequency.dat")?,
        series("cores.dat")?,
        series("watts.dat")?,
    );
    let tenth = |x: f64| (x * 10.0).round() / 10.0;
    let summary = |p: &Period| Summary {
        max: tenth(p.max),
        median: tenth(p.median),
    };
    let years = |periods: &[Period]| -> Vec<(i32, i32)> {
        periods
            .iter()
            .map(|p| (p.first_year, p.last_year))
            .collect()
    };
    if years(&cores) != years(&clock) || years(&watts) != years(&clock) {
        let message = "the three files cover different periods";
        return Err(io::Error::new(io::ErrorKind::InvalidData, message));
    }
    let mut rows = Vec::new();
    for ((c, k), w) in clock.iter().zip(&cores).zip(&watts) {
        rows.push(Row {
            first_year: c.first_year,
            last_year: c.last_year,
            clock_mhz: summary(c),
            cores: summary(k),
            watts: summary(w),
        });
    }
    Ok(rows)
}

/// The rows as a markdown table, as the chapter shows them.
pub fn markdown(rows: &[Row]) -> String {
    let mut table = String::from(
        "| years | clock, max (MHz) | clock, median (MHz) | cores, max | cores, median \
         | power, max (W) | power, median (W) |\n|---|--:|--:|--:|--:|--:|--:|\n",
    );
    for r in rows {
        let _ = writeln!(
            table,
            "| {}-{} | {} | {} | {} | {} | {} | {} |",
            r.first_year,
            r.last_year,
            r.clock_mhz.max,
            r.clock_mhz.median,
            r.cores.max,
            r.cores.median,
            r.watts.max,
            r.watts.median
        );
    }
    table
}

pub fn main() -> io::Result<()> {
    print!("{}", markdown(TREND));
    match env::var_os(DATA_DIR) {
        None => println!("set {DATA_DIR} to the data's folder 50yrs to derive the table again"),
        Some(dir) => {
            let rows = derive(Path::new(&dir))?;
            if rows != TREND {
                let message = "the data gives a different table";
                return Err(io::Error::new(io::ErrorKind::InvalidData, message));
            }
            println!("derived again from {}: the same table", dir.display());
        }
    }
    Ok(())
}
// ANCHOR_END: listing

fn missing(from: i32, to: i32) -> io::Error {
    let message = format!("Table 2-1 has no rows for {from}-{to}");
    io::Error::new(io::ErrorKind::NotFound, message)
}

/// The highest value of `field` in the rows whose years lie in `from..=to`.
fn highest(from: i32, to: i32, field: fn(&Row) -> f64) -> io::Result<f64> {
    TREND
        .iter()
        .filter(|r| r.first_year >= from && r.last_year <= to)
        .map(field)
        .reduce(f64::max)
        .ok_or_else(|| missing(from, to))
}

/// The row of the period that starts in `first_year`.
fn period(first_year: i32) -> io::Result<&'static Row> {
    TREND
        .iter()
        .find(|r| r.first_year == first_year)
        .ok_or_else(|| missing(first_year, first_year + 4))
}

/// With `TREND_DATA_DIR` set, a figure that says whether the raw data still
/// gives Table 2-1; without it, none.
fn derived_again() -> io::Result<Vec<Figure>> {
    let Some(dir) = env::var_os(DATA_DIR) else {
        return Ok(Vec::new());
    };
    let rows = derive(Path::new(&dir))?;
    let differ =
        rows.len().abs_diff(TREND.len()) + rows.iter().zip(TREND).filter(|(a, b)| a != b).count();
    Ok(vec![
        Figure::new("rows that differ when derived again", differ as f64, "")
            .bounded(Bound::Exactly(0.0)),
    ])
}

/// The first year of the periods from which Table 2-1 shows the turn to
/// multicore, and the length of a period.
const TURN: i32 = 2005;
const YEARS: i32 = 5;
/// The controls put the turn one period earlier, where the table shows no
/// turn: there the same checks must fail.
const EARLIER_TURN: i32 = TURN - YEARS;

/// The years from `from` to `to`, as the figures name them.
fn span(from: i32, to: i32) -> String {
    format!("{from}-{to}")
}

// ANCHOR: clock
pub const CLOCK_FLAT: Claim = Claim {
    id: "clock-flat-since-2005",
    statement: "In Table 2-1, the highest clock of 2010-2021 is below 1.1 times the highest \
                of 2005-2009, whereas the highest clock of 2000-2004 was more than 5 times \
                the highest of 1995-1999.",
    check: check_clock_flat,
};

/// How flat the clock stays after the turn, and how fast it rose before.
const FLAT_BELOW: f64 = 1.1;
const ROSE_ABOVE: f64 = 5.0;

/// The check, with the turn in the period that starts in `turn` (and the
/// `figures` that go with it): the highest clock after that period against
/// the period's, and the highest clock of the period before against the
/// one before that.
fn clock_flat_since(turn: i32, mut figures: Vec<Figure>) -> io::Result<Verdict> {
    let clock = |r: &Row| r.clock_mhz.max;
    let last = TREND.last().map_or(turn, |r| r.last_year);
    let (after, at) = ((turn + YEARS, last), (turn, turn + YEARS - 1));
    let (before, long_before) = (
        (turn - YEARS, turn - 1),
        (turn - 2 * YEARS, turn - YEARS - 1),
    );
    let ratio = |(a, b): ((i32, i32), (i32, i32))| -> io::Result<(String, f64)> {
        let name = format!("highest clock, {} / {}", span(a.0, a.1), span(b.0, b.1));
        Ok((name, highest(a.0, a.1, clock)? / highest(b.0, b.1, clock)?))
    };
    let (flat, since) = ratio((after, at))?;
    let (rose, around) = ratio((before, long_before))?;
    figures.splice(
        0..0,
        [
            Figure::new(flat, since, "").bounded(Bound::Below(FLAT_BELOW)),
            Figure::new(rose, around, "").bounded(Bound::Above(ROSE_ABOVE)),
        ],
    );
    Ok(Verdict::from_figures(figures))
}

fn check_clock_flat() -> io::Result<Verdict> {
    // With TREND_DATA_DIR set, the claim also derives the table again.
    let claim = clock_flat_since(TURN, derived_again()?)?;
    let control = clock_flat_since(EARLIER_TURN, vec![])?;
    Ok(with_table(claim).against(format!("the turn put in {EARLIER_TURN}"), control))
}
// ANCHOR_END: clock

/// `verdict` with Table 2-1 as series, for the book's trend chart: each
/// quantity's highest and median by period, at the period's middle year.
fn with_table(verdict: Verdict) -> Verdict {
    type Column = fn(&Row) -> Summary;
    let columns: [(&str, &str, Column); 3] = [
        ("clock", "MHz", |r| r.clock_mhz),
        ("cores", "cores", |r| r.cores),
        ("power", "W", |r| r.watts),
    ];
    let middle = |r: &Row| f64::from(r.first_year + r.last_year) / 2.0;
    columns
        .into_iter()
        .fold(verdict, |verdict, (name, unit, column)| {
            let series = |which: &str, value: fn(Summary) -> f64| {
                let points = TREND.iter().map(|r| (middle(r), value(column(r))));
                Series::new(format!("{name}, {which}"), "year", unit, points)
            };
            verdict
                .with_series(series("highest", |s| s.max))
                .with_series(series("median", |s| s.median))
        })
}

// ANCHOR: cores
pub const CORES_RISING: Claim = Claim {
    id: "cores-rising-since-2005",
    statement: "In Table 2-1, no chip before 2000 has more than one core, and the median \
                core count of 2015-2019 is more than 10 times that of 2005-2009, while the \
                median clock of 2015-2019 is no higher than that of 2005-2009.",
    check: check_cores_rising,
};

/// How much the median core count rises in the two periods after the turn.
const CORES_ROSE_ABOVE: f64 = 10.0;

/// The check, with the turn in the period that starts in `turn` (and the
/// `figures` that go with it): one core until the period before it, and
/// from the turn's period to the one two periods later, the median cores
/// rising while the median clock does not.
fn cores_rising_since(turn: i32, mut figures: Vec<Figure>) -> io::Result<Verdict> {
    let (early, late) = (period(turn)?, period(turn + 2 * YEARS)?);
    let single_core_before = turn - YEARS;
    let first_year = TREND.first().map_or(turn, |r| r.first_year);
    let most_cores = highest(first_year, single_core_before - 1, |r| r.cores.max)?;
    let periods = format!(
        "{} / {}",
        span(late.first_year, late.last_year),
        span(early.first_year, early.last_year)
    );
    let cores = late.cores.median / early.cores.median;
    let clock = late.clock_mhz.median / early.clock_mhz.median;
    figures.splice(
        0..0,
        [
            Figure::new(
                format!("most cores before {single_core_before}"),
                most_cores,
                "",
            )
            .bounded(Bound::Exactly(1.0)),
            Figure::new(format!("median cores, {periods}"), cores, "")
                .bounded(Bound::Above(CORES_ROSE_ABOVE)),
            Figure::new(format!("median clock, {periods}"), clock, "").bounded(Bound::AtMost(1.0)),
        ],
    );
    Ok(Verdict::from_figures(figures))
}

fn check_cores_rising() -> io::Result<Verdict> {
    // With TREND_DATA_DIR set, the claim also derives the table again.
    let claim = cores_rising_since(TURN, derived_again()?)?;
    let control = cores_rising_since(EARLIER_TURN, vec![])?;
    Ok(claim.against(format!("the turn put in {EARLIER_TURN}"), control))
}
// ANCHOR_END: cores

#[cfg(test)]
mod tests {
    use super::*;

    /// The chapter shows Table 2-1 exactly as `markdown` prints it.
    #[test]
    fn the_chapter_shows_this_table() {
        let chapter = include_str!("../../../src/ch02-why-multicore.md");
        assert!(chapter.contains(&markdown(TREND)));
    }
}
