//! The figures' tests: drawn inline with their series, or a sentence in
//! their place.

use std::collections::BTreeMap;

use listings::claims::{Bound, Figure, Verdict};

use super::lost_updates::{LOST_UPDATE_ROWS, thousands};
use super::svg::INK_SVG;
use super::*;

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

/// Series for every figure's claims but chapter 1's, made up so that each
/// figure's words are known.
fn made_up() -> BTreeMap<&'static str, ClaimResult> {
    let mut claims: BTreeMap<&str, Vec<Series>> = BTreeMap::new();
    claims.insert("amdahl-speedup-reached", made_up_speedups());
    claims.insert("blocking-call-stalls-runtime", made_up_ticks());
    let turns = (0..9).map(|k| (f64::from(k) * 5.0, f64::from(k % 2)));
    claims.insert(
        "python-switch-interval-5ms",
        vec![s("turns", turns.collect())],
    );
    claims.insert(
        "without-the-gil-rust-threads-overlap",
        vec![
            s("thread 1", samples(&[(0.0, 40.0, 0.0)])),
            s("thread 2", samples(&[(0.0, 40.0, 1.0)])),
        ],
    );
    // Every third version loses updates, the furthest run by 1,000.
    for (k, &(claim, name, _)) in LOST_UPDATE_ROWS.iter().enumerate() {
        let lost = |run: u32| {
            if k % 3 == 0 {
                f64::from(run) * 100.0
            } else {
                0.0
            }
        };
        let runs = (0..=10).map(|run| (f64::from(run), 2_000_000.0 - lost(run)));
        claims
            .entry(claim)
            .or_default()
            .push(s(name, runs.collect()));
    }
    if let Some(first) = claims.get_mut(LOST_UPDATE_ROWS[0].0) {
        first.push(s("right answer", vec![(0.0, 2_000_000.0)]));
    }
    claims
        .into_iter()
        .map(|(claim, series)| (claim, entry(claim, series)))
        .collect()
}

/// A series with made-up units.
fn s(name: &str, points: Vec<(f64, f64)>) -> Series {
    Series::new(name, "x", "y", points)
}

/// Speedups on up to 6 threads, free and on one CPU, and the law's for a
/// serial fraction of 0.2.
fn made_up_speedups() -> Vec<Series> {
    let law = (1..=16).map(|n| (f64::from(n), 1.0 / (0.2 + 0.8 / f64::from(n))));
    vec![
        s(
            "speedup",
            vec![(1.0, 1.0), (2.0, 1.7), (4.0, 2.9), (6.0, 3.4)],
        ),
        s("control: speedup", vec![(1.0, 1.0), (6.0, 0.95)]),
        s("Amdahl's law", law.collect()),
        s("limit", vec![(1.0, 5.0)]),
    ]
}

/// A tick every 5 ms (x: when, y: the gap before it), none during the call
/// from 50 to 150 ms when it is made inside the task.
fn made_up_ticks() -> Vec<Series> {
    let ticks = |stalled: bool| {
        let when = (0..40).map(|k| f64::from(k) * 5.0);
        when.filter(|t| !stalled || !(50.0..150.0).contains(t))
            .map(|t| (t, if stalled && t == 150.0 { 100.0 } else { 5.0 }))
            .collect()
    };
    vec![
        s("ticks", ticks(true)),
        s("the call", vec![(50.0, 0.0), (150.0, 0.0)]),
        s("control: ticks", ticks(false)),
        s("control: the call", vec![(50.0, 0.0), (150.0, 0.0)]),
    ]
}

#[test]
fn every_figure_is_drawn_from_its_series() {
    let entries = made_up();
    let spinning = spinning();
    let said = [
        ("spinning-threads", "both ran for 100% of the first 30 ms"),
        ("microprocessor-trend", "The highest clock rose from 2 MHz"),
        (
            "amdahl",
            "On 6 threads the work ran 3.40 times as fast as on one, where \
                    Amdahl's law allows 3.00; confined to one CPU, 0.95 times. However \
                    many threads, the law caps the speedup of this work at 5.",
        ),
        (
            "ticker",
            "the ticker made 0 ticks during the 100 ms call and its longest gap \
                    was 100 ms; through spawn_blocking it ticked 19 times during the call, \
                    never more than 5 ms apart.",
        ),
        (
            "gil-turns",
            "the GIL changed hands 7 times, on average every 5.0 ms, and both \
                       ran for 0% of the time; the Rust threads without a lock both ran \
                       for 100% of it.",
        ),
        (
            "lost-updates",
            "Of 15 versions, 5 lost updates: Rust: load, then store, Rust: \
                          number server, C: volatile, -O2, Python: i += 1, Go: i++; every \
                          run of the other 10 ended at the right answer, 2,000,000. The \
                          furthest run ended 1,000 away from it (165 runs in all).",
        ),
    ];
    // The two figures of bars, drawn from figures, are tested in bars.rs.
    assert_eq!(said.len() + 2, FIGURES.len());
    for (name, words) in said {
        let page = expand(name, Some(&run()), &|id| match id {
            "two-threads-overlap" => Entry::Current(&spinning),
            _ => entries.get(id).map_or(Entry::Missing, Entry::Current),
        });
        assert!(page.contains("<svg role=\"img\""), "{name}: {page}");
        assert!(page.contains(words), "{name}: {page}");
    }
}
