//! The figures' tests: drawn inline with their series, or a sentence in
//! their place.

use super::lost_updates::{LOST_UPDATE_ROWS, thousands};
use super::svg::INK_SVG;
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
    let s = |name: &str, spans: &[(f64, f64, f64)]| Series::new(name, "ms", "CPU", samples(spans));
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
