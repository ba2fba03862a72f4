//! Listing 2-2: from raw "year value" lines to one summary per period of
//! years, the step that turns the trend data into Table 2-1.

use std::collections::BTreeMap;
use std::io;

// ANCHOR: listing
/// The values that fall in one period of years, such as 2005-2009.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    pub first_year: i32,
    /// The period's last year, or the last year of the data if earlier.
    pub last_year: i32,
    /// How many values (chips) fall in the period.
    pub count: usize,
    pub max: f64,
    /// The middle value; for an even count, the mean of the two middle ones.
    pub median: f64,
}

/// Reads lines of two columns, a fractional year and a value, and
/// summarises the values by periods of `years` years that start at
/// multiples of `years`. Blank lines and text after a `#` are skipped.
pub fn per_period(text: &str, years: i32) -> io::Result<Vec<Period>> {
    let mut points = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let data = line.split_once('#').map_or(line, |(data, _comment)| data);
        if data.trim().is_empty() {
            continue;
        }
        let malformed = || {
            let message = format!("line {}: expected \"year value\": {line:?}", index + 1);
            io::Error::new(io::ErrorKind::InvalidData, message)
        };
        let fields: Vec<&str> = data.split_whitespace().collect();
        let [year, value] = fields[..] else {
            return Err(malformed());
        };
        let year: f64 = year.parse().map_err(|_| malformed())?;
        let value: f64 = value.parse().map_err(|_| malformed())?;
        // 2004.8 is late in 2004: it belongs to the period holding 2004.
        points.push((year.floor() as i32, value));
    }
    let Some(last_year) = points.iter().map(|&(year, _)| year).max() else {
        return Ok(Vec::new());
    };
    let mut by_period: BTreeMap<i32, Vec<f64>> = BTreeMap::new();
    for (year, value) in points {
        let first_year = year - year.rem_euclid(years);
        by_period.entry(first_year).or_default().push(value);
    }
    let summaries = by_period.into_iter().map(|(first_year, mut values)| {
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let median = if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / 2.0
        };
        Period {
            first_year,
            last_year: (first_year + years - 1).min(last_year),
            count: n,
            max: values[n - 1],
            median,
        }
    });
    Ok(summaries.collect())
}

pub fn main() -> io::Result<()> {
    // Made-up clocks in MHz, in the format of the raw files.
    let sample = "\
2003.3   3000
2004.8   3600   # a comment, as some raw lines have
####
2005.7   3800
2006.1   2400
2009.9   3000
";
    let periods = per_period(sample, 5)?;
    for p in &periods {
        println!(
            "{}-{}: {} values, max {}, median {}",
            p.first_year, p.last_year, p.count, p.max, p.median
        );
    }
    let expected = [
        (2000, 2004, 2, 3600.0, 3300.0),
        (2005, 2009, 3, 3800.0, 3000.0),
    ];
    let found: Vec<_> = periods
        .iter()
        .map(|p| (p.first_year, p.last_year, p.count, p.max, p.median))
        .collect();
    assert_eq!(found, expected);
    Ok(())
}
// ANCHOR_END: listing
