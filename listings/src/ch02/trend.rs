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
use listings::claims::Series;

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

/// Table 2-1 as series, for the book's trend chart: each quantity's
/// highest and median by period, at the period's middle year, named
/// "clock, highest", "cores, median" and so on.
pub fn series() -> Vec<Series> {
    type Column = fn(&Row) -> Summary;
    let columns: [(&str, &str, Column); 3] = [
        ("clock", "MHz", |r| r.clock_mhz),
        ("cores", "cores", |r| r.cores),
        ("power", "W", |r| r.watts),
    ];
    let middle = |r: &Row| f64::from(r.first_year + r.last_year) / 2.0;
    let mut all = Vec::new();
    for (name, unit, column) in columns {
        let series = |which: &str, value: fn(Summary) -> f64| {
            let points = TREND.iter().map(|r| (middle(r), value(column(r))));
            Series::new(format!("{name}, {which}"), "year", unit, points)
        };
        all.push(series("highest", |s| s.max));
        all.push(series("median", |s| s.median));
    }
    all
}

/// The data tests of Table 2-1: the chapter shows this table, the raw data
/// gives it again (with `TREND_DATA_DIR` set), and the table shows what the
/// chapter says it shows. Each trend is also tested with the turn put one
/// period earlier, where the table shows no turn, so that a test that could
/// not fail would be caught.
#[cfg(test)]
mod tests {
    use super::*;

    /// The first year of the periods from which Table 2-1 shows the turn
    /// to multicore, and the length of a period.
    const TURN: i32 = 2005;
    const YEARS: i32 = 5;

    /// The highest value of `field` in the rows whose years lie in
    /// `from..=to`.
    fn highest(from: i32, to: i32, field: fn(&Row) -> f64) -> f64 {
        TREND
            .iter()
            .filter(|r| r.first_year >= from && r.last_year <= to)
            .map(field)
            .reduce(f64::max)
            .unwrap_or_else(|| panic!("Table 2-1 has no rows for {from}-{to}"))
    }

    /// The row of the period that starts in `first_year`.
    fn period(first_year: i32) -> &'static Row {
        TREND
            .iter()
            .find(|r| r.first_year == first_year)
            .unwrap_or_else(|| panic!("Table 2-1 has no period from {first_year}"))
    }

    /// Whether the clock is flat from the period that starts in `turn`: the
    /// highest clock after it is below 1.1 times the period's, whereas the
    /// highest clock of the period before was more than 5 times the one
    /// before that.
    fn clock_flat_since(turn: i32) -> bool {
        let clock = |r: &Row| r.clock_mhz.max;
        let last = TREND.last().map_or(turn, |r| r.last_year);
        let flat = highest(turn + YEARS, last, clock) / highest(turn, turn + YEARS - 1, clock);
        let rose = highest(turn - YEARS, turn - 1, clock)
            / highest(turn - 2 * YEARS, turn - YEARS - 1, clock);
        flat < 1.1 && rose > 5.0
    }

    /// Whether the cores rise from the period that starts in `turn`: no
    /// chip has more than one core until the period before it, and two
    /// periods later the median core count is more than 10 times the
    /// period's, while the median clock is no higher.
    fn cores_rising_since(turn: i32) -> bool {
        let (early, late) = (period(turn), period(turn + 2 * YEARS));
        let first_year = TREND.first().map_or(turn, |r| r.first_year);
        let one_core = highest(first_year, turn - YEARS - 1, |r| r.cores.max) == 1.0;
        let cores = late.cores.median / early.cores.median;
        let clock = late.clock_mhz.median / early.clock_mhz.median;
        one_core && cores > 10.0 && clock <= 1.0
    }

    #[test]
    fn the_chapter_shows_this_table() {
        let chapter = include_str!("../../../src/ch02-why-multicore.md");
        assert!(chapter.contains(&markdown(TREND)));
    }

    /// With `TREND_DATA_DIR` naming the data's folder `50yrs`, the raw data
    /// gives Table 2-1 row for row; without it, there is nothing to derive.
    #[test]
    fn the_data_gives_this_table() {
        let Some(dir) = env::var_os(DATA_DIR) else {
            eprintln!("{DATA_DIR} is not set: Table 2-1 is not derived again");
            return;
        };
        let rows = derive(Path::new(&dir)).expect("the folder holds the three data files");
        assert_eq!(rows, TREND, "the data gives a different table");
    }

    #[test]
    fn the_clock_is_flat_since_2005() {
        assert!(clock_flat_since(TURN));
        assert!(!clock_flat_since(TURN - YEARS), "no turn in 2000");
    }

    #[test]
    fn the_cores_rise_since_2005() {
        assert!(cores_rising_since(TURN));
        assert!(!cores_rising_since(TURN - YEARS), "no turn in 2000");
    }

    #[test]
    fn the_series_are_the_table() {
        let series = series();
        assert_eq!(series.len(), 6);
        assert!(series.iter().all(|s| s.points.len() == TREND.len()));
        let clock = series.iter().find(|s| s.name == "clock, highest");
        let clock = clock.expect("a series of the highest clock");
        assert_eq!(clock.points[0], (1972.0, 2.0));
    }
}
