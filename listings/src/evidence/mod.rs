//! The evidence of a claims run, as data: what each check concluded and
//! measured, its control, the outputs of the programs it ran, and a
//! description of the machine, written to a results file that the book can
//! show.
//!
//! The claims runner (`cargo test --test claims`) writes
//! [`latest_path`] after every run. A complete run with
//! `BOOK_RECORD_REFERENCE=1` also writes the committed reference run,
//! [`REFERENCE`], which a fresh clone shows before its reader has run
//! anything. Each claim's entry records a hash of the source of its check
//! ([`check_source`]), so an entry recorded before the statement or the
//! check changed can be told from a current one ([`Results::stale`]).

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::io;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::claims::{Claim, Outcome, Series, Verdict};

mod date;
mod machine;
mod records;

pub use date::{utc, utc_now};
pub use machine::Machine;
use records::outcome_words;
pub use records::{ControlRecord, FigureRecord, OutputRecord};

include!(concat!(env!("OUT_DIR"), "/claim_sources.rs"));

/// The version of the results format; a reader refuses another.
pub const FORMAT: u32 = 1;

/// The committed reference run, relative to the book's root.
pub const REFERENCE: &str = "evidence/reference.json";

/// The book's root directory (where `book.toml` is).
pub fn book_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), PathBuf::from)
}

/// Where the latest complete run's results go: `claims/latest.json` in
/// cargo's target directory. A run of some claims only goes to
/// [`partial_path`], so that it does not hide the last complete one.
pub fn latest_path() -> PathBuf {
    claims_dir().join("latest.json")
}

/// Where the latest run of some of the claims goes.
pub fn partial_path() -> PathBuf {
    claims_dir().join("latest-partial.json")
}

fn claims_dir() -> PathBuf {
    target_dir().join("claims")
}

/// Cargo's target directory: `CARGO_TARGET_DIR`, or `target/` in the
/// book's root.
pub fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR").map_or_else(|| book_root().join("target"), PathBuf::from)
}

/// The file that defines `id`'s check and a hash of it and of the files it
/// embeds (a C, Python or Go listing).
pub fn check_source(id: &str) -> Option<(&'static str, &'static str)> {
    CLAIM_SOURCES
        .iter()
        .find(|(claim, _, _)| *claim == id)
        .map(|&(_, file, hash)| (file, hash))
}

/// A whole claims run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Results {
    /// [`FORMAT`].
    pub format: u32,
    /// The machine the run measured.
    pub machine: Machine,
    /// When the run started, as UTC, "2026-12-01T10:15:00Z".
    pub started: String,
    /// Whether every claim ran (no filter).
    pub complete: bool,
    /// One entry per claim that ran, in the book's order.
    pub claims: Vec<ClaimResult>,
    /// What the listings printed, one entry per `{{#output}}` of the book,
    /// run after the claims; empty in a run of some claims only.
    #[serde(default)]
    pub outputs: Vec<crate::outputs::ListingOutput>,
}

impl Results {
    /// Reads a results file.
    pub fn read(path: &std::path::Path) -> io::Result<Results> {
        let text = fs::read_to_string(path)?;
        let results: Results = serde_json::from_str(&text)
            .map_err(|e| io::Error::other(format!("{}: {e}", path.display())))?;
        if results.format != FORMAT {
            return Err(io::Error::other(format!(
                "{}: results format {}, this book reads {FORMAT}",
                path.display(),
                results.format
            )));
        }
        Ok(results)
    }

    /// Writes the results as indented JSON, creating the directory.
    pub fn write(&self, path: &std::path::Path) -> io::Result<()> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(self).map_err(io::Error::other)?;
        fs::write(path, text + "\n")
    }

    /// The recorded output for `spec`.
    pub fn output(&self, spec: &str) -> Option<&crate::outputs::ListingOutput> {
        self.outputs.iter().find(|o| o.spec == spec)
    }

    /// The entry of claim `id`.
    pub fn claim(&self, id: &str) -> Option<&ClaimResult> {
        self.claims.iter().find(|c| c.id == id)
    }

    /// The ids of `claims` that have no entry.
    pub fn missing<'a>(&self, claims: &'a [Claim]) -> Vec<&'a str> {
        claims
            .iter()
            .filter(|c| self.claim(c.id).is_none())
            .map(|c| c.id)
            .collect()
    }

    /// The ids of `claims` whose entry was recorded for another statement or
    /// another version of the check: their figures are not evidence for
    /// the claim as it is now.
    pub fn stale<'a>(&self, claims: &'a [Claim]) -> Vec<&'a str> {
        claims
            .iter()
            .filter(|c| self.claim(c.id).is_some_and(|r| !r.is_current(c)))
            .map(|c| c.id)
            .collect()
    }
}

/// What one claim's check concluded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClaimResult {
    /// The claim's id.
    pub id: String,
    /// Its statement when it ran.
    pub statement: String,
    /// The file that defines its check.
    pub check_file: String,
    /// The hash of that file and the files it embeds when it ran.
    pub check_hash: String,
    /// "holds", "refuted", "not applicable" or "failed".
    pub verdict: String,
    /// Why, for "not applicable" and "failed".
    pub reason: Option<String>,
    /// What it measured.
    pub figures: Vec<FigureRecord>,
    /// The constants of the experiment its statement names.
    pub parameters: BTreeMap<String, f64>,
    /// Versions of the toolchains it used, and other notes.
    pub notes: Vec<String>,
    /// Its control, or why it has none.
    pub control: Option<ControlRecord>,
    /// The programs in other languages it ran, and what they printed.
    pub outputs: Vec<OutputRecord>,
    /// What the experiment saw over time or over its trials, for the
    /// book's figures (absent from runs recorded before there were any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<Series>,
    /// How long the check took, in seconds.
    pub took_s: f64,
}

impl ClaimResult {
    /// The entry for `claim` from the verdict its check returned.
    pub fn new(claim: &Claim, verdict: &Verdict, outputs: Vec<OutputRecord>, took_s: f64) -> Self {
        let (check_file, check_hash) = check_source(claim.id).unwrap_or(("", ""));
        let (verdict_word, reason) = outcome_words(&verdict.outcome);
        ClaimResult {
            id: claim.id.to_owned(),
            statement: claim.statement.to_owned(),
            check_file: check_file.to_owned(),
            check_hash: check_hash.to_owned(),
            verdict: verdict_word,
            reason,
            figures: verdict.figures.iter().map(FigureRecord::from).collect(),
            parameters: verdict.parameters.iter().cloned().collect(),
            notes: verdict.notes.clone(),
            control: verdict.control.as_ref().map(ControlRecord::from),
            outputs,
            series: verdict.series.clone(),
            took_s,
        }
    }

    /// The entry of a check that could not run or report, for `why`.
    pub fn failed(claim: &Claim, why: String, took_s: f64) -> Self {
        let verdict = Verdict {
            outcome: Outcome::Failed(why),
            figures: Vec::new(),
            notes: Vec::new(),
            parameters: Vec::new(),
            control: None,
            series: Vec::new(),
        };
        ClaimResult::new(claim, &verdict, Vec::new(), took_s)
    }

    /// Whether it was recorded for `claim` as it is now: the same statement
    /// and the same source of the check.
    pub fn is_current(&self, claim: &Claim) -> bool {
        let hash = check_source(claim.id).map_or("", |(_, hash)| hash);
        self.statement == claim.statement && self.check_hash == hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{Bound, Figure};

    #[test]
    fn every_claim_has_a_source() {
        for claim in crate::all_claims() {
            let (file, hash) = check_source(claim.id).expect("found by build.rs");
            assert!(file.starts_with("listings/src/"), "{file}");
            assert_eq!(hash.len(), 16);
        }
    }

    #[test]
    fn results_round_trip() {
        let claim = crate::all_claims()[0];
        let verdict = Verdict::not_applicable("a test", vec![]);
        let results = Results {
            format: FORMAT,
            machine: Machine::describe(),
            outputs: Vec::new(),
            started: utc_now(),
            complete: false,
            claims: vec![ClaimResult::new(&claim, &verdict, vec![], 0.5)],
        };
        let text = serde_json::to_string(&results).expect("serialises");
        let back: Results = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, results);
        assert!(back.claims[0].is_current(&claim));
    }

    #[test]
    fn series_round_trip() {
        let claim = crate::all_claims()[0];
        let control =
            Verdict::from_figures(vec![Figure::new("x", 2.0, "").bounded(Bound::AtMost(1.0))])
                .with_series(Series::new("pinned", "ms", "CPU", [(0.5, 0.0)]));
        let verdict =
            Verdict::from_figures(vec![Figure::new("x", 0.5, "").bounded(Bound::AtMost(1.0))])
                .with_series(Series::new("free", "ms", "CPU", [(0.0, 1.0), (0.25, 0.0)]))
                .against("c", control);
        let entry = ClaimResult::new(&claim, &verdict, vec![], 0.5);
        let names: Vec<&str> = entry.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["free", "control: pinned"]);
        let text = serde_json::to_string(&entry).expect("serialises");
        assert!(
            text.contains(r#""points":[[0.0,1.0],[0.25,0.0]]"#),
            "{text}"
        );
        let back: ClaimResult = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, entry);
    }

    #[test]
    fn a_run_recorded_without_series_still_parses() {
        let reference = book_root().join(REFERENCE);
        let results = Results::read(&reference).expect("the reference run parses");
        let entry = ClaimResult::failed(&crate::all_claims()[0], "a test".into(), 0.0);
        assert!(entry.series.is_empty());
        let text = serde_json::to_string(&entry).expect("serialises");
        assert!(!text.contains("series"), "no series, no key: {text}");
        assert!(!results.claims.is_empty());
    }
}
