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
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::claims::{Claim, Control, Figure, Outcome, Series, Verdict};
use crate::toolchain::{Language, Toolchain};

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
    env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| book_root().join("target"), PathBuf::from)
        .join("claims")
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
            control: verdict.control.as_ref().map(|control| match control {
                Control::Ran {
                    name,
                    outcome,
                    figures,
                } => {
                    let (verdict, reason) = outcome_words(outcome);
                    ControlRecord {
                        name: Some(name.clone()),
                        verdict: Some(verdict),
                        reason,
                        figures: figures.iter().map(FigureRecord::from).collect(),
                        impossible: None,
                    }
                }
                Control::Impossible(why) => ControlRecord {
                    name: None,
                    verdict: None,
                    reason: None,
                    figures: Vec::new(),
                    impossible: Some((*why).to_owned()),
                },
            }),
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

fn outcome_words(outcome: &Outcome) -> (String, Option<String>) {
    match outcome {
        Outcome::Holds => ("holds".into(), None),
        Outcome::Refuted => ("refuted".into(), None),
        Outcome::NotApplicable(why) => ("not applicable".into(), Some(why.clone())),
        Outcome::Failed(why) => ("failed".into(), Some(why.clone())),
    }
}

/// A measured figure.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FigureRecord {
    /// What was measured.
    pub name: String,
    /// The value (`null` for a value that is not a number).
    pub value: Option<f64>,
    /// Its unit, "" for none.
    pub unit: String,
    /// The bound it had to meet, as "<= 1.05", if any.
    pub bound: Option<String>,
    /// Whether it met its bound (true when it has none).
    pub within: bool,
    /// The figure as the claims table prints it.
    pub text: String,
}

impl From<&Figure> for FigureRecord {
    fn from(figure: &Figure) -> Self {
        FigureRecord {
            name: figure.name.clone(),
            value: figure.value.is_finite().then_some(figure.value),
            unit: figure.unit.clone(),
            bound: figure.bound.map(|b| b.to_string()),
            within: figure.within_bound(),
            text: figure.to_string(),
        }
    }
}

/// A claim's control.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ControlRecord {
    /// What it changes, when it ran.
    pub name: Option<String>,
    /// Its verdict, when it ran.
    pub verdict: Option<String>,
    /// Why it was not applicable or failed.
    pub reason: Option<String>,
    /// What it measured.
    pub figures: Vec<FigureRecord>,
    /// Why the claim can have no control, when it has none.
    pub impossible: Option<String>,
}

/// A program in another language that a check ran, and what it printed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OutputRecord {
    /// The listing's file name and the arguments ("race.c -O2").
    pub program: String,
    /// Its exit status, if it exited.
    pub status: Option<i32>,
    /// What it printed on standard output, cut at a few thousand bytes.
    pub stdout: String,
    /// Its wall time, in seconds.
    pub wall_s: f64,
}

/// The machine that ran the claims.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Machine {
    /// The CPU's model name, from `/proc/cpuinfo`.
    pub cpu_model: String,
    /// The logical CPUs online.
    pub logical_cpus: usize,
    /// The CPUs this process may use (its affinity mask).
    pub allowed_cpus: Vec<usize>,
    /// The cgroup CPU quota, in whole CPUs, if any.
    pub cgroup_cpu_quota: Option<usize>,
    /// Memory, in bytes.
    pub memory_bytes: u64,
    /// The kernel, as `uname -sr` prints it.
    pub kernel: String,
    /// Whether the CPU says it runs under a hypervisor, and which one the
    /// firmware names, if it says.
    pub virtual_machine: Option<String>,
    /// The toolchains' versions ("rustc 1.95.0", "gcc 12.2.0", ...), or
    /// why one is missing.
    pub toolchains: BTreeMap<String, String>,
    /// The book's commit, if it is a git checkout.
    pub commit: Option<String>,
    /// Whether the checkout had changes not committed.
    pub tree_changed: Option<bool>,
}

impl Machine {
    /// Describes this machine, as far as it tells.
    pub fn describe() -> Machine {
        let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let field = |name: &str| {
            cpuinfo
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        };
        let hypervisor = field("flags").is_some_and(|f| f.split(' ').any(|w| w == "hypervisor"));
        let vendor = ["sys_vendor", "product_name"]
            .iter()
            .filter_map(|f| fs::read_to_string(format!("/sys/class/dmi/id/{f}")).ok())
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let memory_bytes = fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|m| {
                m.lines()
                    .find(|l| l.starts_with("MemTotal:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|kb| kb.parse::<u64>().ok())
            })
            .map_or(0, |kb| kb * 1024);
        // SAFETY: sysconf only reads a configuration value.
        let online = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
        let toolchains = [Language::Rust, Language::C, Language::Python, Language::Go]
            .into_iter()
            .map(|language| {
                let version = Toolchain::find(language).map_or_else(|m| m.reason(), |t| t.version);
                (language.to_string(), version)
            })
            .collect();
        let git = |args: &[&str]| {
            Command::new("git")
                .args(args)
                .current_dir(book_root())
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        };
        Machine {
            cpu_model: field("model name").unwrap_or_default(),
            logical_cpus: usize::try_from(online).unwrap_or(0),
            allowed_cpus: crate::measure::allowed_cpus().unwrap_or_default(),
            cgroup_cpu_quota: crate::ch02::cores::cgroup_cpu_quota(),
            memory_bytes,
            kernel: kernel(),
            virtual_machine: hypervisor.then(|| {
                if vendor.is_empty() {
                    "yes".to_owned()
                } else {
                    vendor.clone()
                }
            }),
            toolchains,
            commit: git(&["rev-parse", "HEAD"]),
            // The reference run being recorded is no change to the book.
            tree_changed: git(&["status", "--porcelain", "--", ".", ":!evidence"])
                .map(|s| !s.is_empty()),
        }
    }

    /// The machine in a line: "2 CPUs (Intel Xeon ...), 24 GiB, Linux 6.1,
    /// virtual machine".
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{} of {} CPUs ({}), {:.0} GiB, {}",
            self.allowed_cpus.len(),
            self.logical_cpus,
            self.cpu_model,
            self.memory_bytes as f64 / f64::from(1u32 << 30),
            self.kernel
        );
        match self.virtual_machine.as_deref() {
            None => {}
            Some("yes") => text.push_str(", virtual machine"),
            Some(vm) => text.push_str(&format!(", virtual machine ({vm})")),
        }
        text
    }
}

fn kernel() -> String {
    // SAFETY: an all-zero utsname is a valid value of the plain C struct,
    // and uname fills it.
    let mut name: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer is valid for the call.
    if unsafe { libc::uname(&mut name) } != 0 {
        return String::new();
    }
    let text = |field: &[libc::c_char]| {
        let bytes: Vec<u8> = field
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    format!("{} {}", text(&name.sysname), text(&name.release))
}

/// Now, as UTC: "2026-12-01T10:15:00Z".
pub fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    utc(secs)
}

/// Seconds since 1970 as a UTC date and time.
pub fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    // Howard Hinnant's civil-from-days algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_utc() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_796_115_353), "2026-12-01T08:55:53Z");
    }

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
        let control = Verdict::from_figures(vec![
            Figure::new("x", 2.0, "").bounded(crate::claims::Bound::AtMost(1.0)),
        ])
        .with_series(Series::new("pinned", "ms", "CPU", [(0.5, 0.0)]));
        let verdict = Verdict::from_figures(vec![
            Figure::new("x", 0.5, "").bounded(crate::claims::Bound::AtMost(1.0)),
        ])
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
