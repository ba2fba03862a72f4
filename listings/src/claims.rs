//! Claims: statements about multicore behaviour that the book makes and
//! checks by running an experiment.
//!
//! A [`Claim`] has a stable kebab-case id, a one-sentence statement, and a
//! check function. The check runs its experiment and returns a [`Verdict`]:
//! the [`Outcome`] (holds, refuted, or not applicable with a reason) and the
//! [`Figure`]s it measured, each with its unit and, where it decides the
//! outcome, its [`Bound`].
//!
//! ```
//! use listings::claims::{Bound, Claim, Figure, Outcome, Verdict};
//!
//! fn check() -> std::io::Result<Verdict> {
//!     let sum: u64 = (1..=100).sum();
//!     Ok(Verdict::from_figures(vec![
//!         Figure::new("sum of 1..=100", sum as f64, "").bounded(Bound::Exactly(5050.0)),
//!     ]))
//! }
//!
//! let claim = Claim {
//!     id: "gauss-was-right",
//!     statement: "The numbers from 1 to 100 add up to 5050.",
//!     check,
//! };
//! assert_eq!((claim.check)()?.outcome, Outcome::Holds);
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! The claims runner (the `claims` test of this crate) runs every check in
//! a fresh process of its own, one at a time, under a time limit.

use std::fmt;
use std::io;

/// A checked statement about how concurrent code behaves.
#[derive(Debug, Clone, Copy)]
pub struct Claim {
    /// Stable kebab-case id. The chapter that makes the claim refers to it
    /// with an admonition whose id is `claim-` followed by this id.
    pub id: &'static str,
    /// The claim in one sentence, exactly as the chapter states it.
    pub statement: &'static str,
    /// Runs the experiment and judges the claim. An error means the
    /// experiment could not be run at all; the runner reports it as a
    /// failure, never as a pass.
    pub check: fn() -> io::Result<Verdict>,
}

/// What a check concluded.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The experiment showed what the claim says.
    Holds,
    /// The experiment showed something the claim rules out.
    Refuted,
    /// The experiment cannot decide on this machine, for the reason given
    /// (for example "needs 2 CPUs, this process may use 1").
    NotApplicable(String),
}

/// A bound that a measured figure must respect for the claim to hold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// The figure equals this value (for counts and exact results).
    Exactly(f64),
    /// The figure is at most this value.
    AtMost(f64),
    /// The figure is strictly below this value.
    Below(f64),
    /// The figure is at least this value.
    AtLeast(f64),
    /// The figure is strictly above this value.
    Above(f64),
}

impl Bound {
    /// Whether `value` respects the bound.
    ///
    /// ```
    /// use listings::claims::Bound;
    ///
    /// assert!(Bound::Above(1.1).admits(1.9));
    /// assert!(!Bound::AtMost(1.05).admits(1.2));
    /// assert!(Bound::Exactly(1.0).admits(1.0));
    /// ```
    pub fn admits(self, value: f64) -> bool {
        match self {
            Bound::Exactly(b) => value == b,
            Bound::AtMost(b) => value <= b,
            Bound::Below(b) => value < b,
            Bound::AtLeast(b) => value >= b,
            Bound::Above(b) => value > b,
        }
    }
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (op, b) = match *self {
            Bound::Exactly(b) => ("=", b),
            Bound::AtMost(b) => ("<=", b),
            Bound::Below(b) => ("<", b),
            Bound::AtLeast(b) => (">=", b),
            Bound::Above(b) => (">", b),
        };
        write!(f, "{op} {}", number(b))
    }
}

/// One measured quantity.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// What was measured, in a few words.
    pub name: String,
    /// The measured value.
    pub value: f64,
    /// Its unit ("s", "threads", or "" for a plain ratio).
    pub unit: String,
    /// The bound the claim needs, if this figure decides the outcome.
    pub bound: Option<Bound>,
}

impl Figure {
    /// A figure without a bound: reported, but it decides nothing.
    pub fn new(name: impl Into<String>, value: f64, unit: impl Into<String>) -> Figure {
        Figure {
            name: name.into(),
            value,
            unit: unit.into(),
            bound: None,
        }
    }

    /// The same figure, now required to respect `bound`.
    pub fn bounded(self, bound: Bound) -> Figure {
        Figure {
            bound: Some(bound),
            ..self
        }
    }

    /// Whether the figure respects its bound (true when it has none).
    pub fn within_bound(&self) -> bool {
        self.bound.is_none_or(|b| b.admits(self.value))
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.name, number(self.value))?;
        if !self.unit.is_empty() {
            write!(f, " {}", self.unit)?;
        }
        if let Some(bound) = self.bound {
            write!(f, " (needs {bound})")?;
        }
        Ok(())
    }
}

/// Formats a figure without noise: integers as integers, others with up to
/// three decimals.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// The result of a check: its outcome and what it measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// What the check concluded.
    pub outcome: Outcome,
    /// The figures behind the conclusion.
    pub figures: Vec<Figure>,
    /// What else a reader of the verdict should know, such as the version
    /// of the compiler or interpreter that ran the experiment.
    pub notes: Vec<String>,
}

impl Verdict {
    /// Holds if every bounded figure is within its bound, else refuted.
    ///
    /// A verdict needs at least one bounded figure: a check without one
    /// could never fail, so this panics.
    pub fn from_figures(figures: Vec<Figure>) -> Verdict {
        assert!(
            figures.iter().any(|f| f.bound.is_some()),
            "a verdict needs at least one bounded figure"
        );
        let outcome = if figures.iter().all(Figure::within_bound) {
            Outcome::Holds
        } else {
            Outcome::Refuted
        };
        Verdict {
            outcome,
            figures,
            notes: Vec::new(),
        }
    }

    /// The same verdict with `note` added to its notes.
    pub fn with_note(mut self, note: impl Into<String>) -> Verdict {
        self.notes.push(note.into());
        self
    }

    /// The experiment cannot decide here, for `reason`; the figures say
    /// what it saw.
    pub fn not_applicable(reason: impl Into<String>, figures: Vec<Figure>) -> Verdict {
        Verdict {
            outcome: Outcome::NotApplicable(reason.into()),
            figures,
            notes: Vec::new(),
        }
    }

    /// `Some` not-applicable verdict when this process may use fewer than
    /// `needed` CPUs, `None` when it may use enough.
    pub fn unless_cpus(needed: usize) -> io::Result<Option<Verdict>> {
        let have = crate::measure::allowed_cpus()?.len();
        Ok((have < needed).then(|| {
            Verdict::not_applicable(
                format!("needs {needed} CPUs, this process may use {have}"),
                vec![Figure::new("CPUs this process may use", have as f64, "")],
            )
        }))
    }
}

/// Trials of an experiment whose ratio of CPU time to wall time shows
/// whether threads ran in parallel, each read together with the machine's
/// load: the calibration gate for claims that need two free cores.
///
/// Other work can only lower such a ratio. A ratio above the threshold
/// therefore proves parallelism whatever the load; a low one refutes it only
/// in a trial that had two cores free; if no trial had, the machine cannot
/// decide.
#[derive(Debug, Clone)]
pub struct ParallelTrials {
    /// The ratio the claim needs to exceed.
    pub threshold: f64,
    /// The most trials to run.
    pub tries: usize,
    /// The best ratio of the trials run.
    pub best: f64,
    /// How many trials had two cores free.
    pub quiet_trials: usize,
    /// The fewest cores other work kept busy in any trial.
    pub least_busy: f64,
}

impl ParallelTrials {
    /// Runs `trial`, which returns the ratio it measured, until a ratio
    /// exceeds `threshold`, at most `tries` times.
    pub fn run(
        threshold: f64,
        tries: usize,
        mut trial: impl FnMut() -> io::Result<f64>,
    ) -> io::Result<ParallelTrials> {
        let mut trials = ParallelTrials {
            threshold,
            tries,
            best: 0.0,
            quiet_trials: 0,
            least_busy: f64::INFINITY,
        };
        for _ in 0..tries {
            let (ratio, load) = crate::measure::load_during(&mut trial)?;
            trials.best = trials.best.max(ratio?);
            trials.least_busy = trials.least_busy.min(load.others_cores());
            if load.two_cores_free() {
                trials.quiet_trials += 1;
            }
            if trials.best > threshold {
                break;
            }
        }
        Ok(trials)
    }

    /// Holds if the best ratio exceeds the threshold (and `extra`'s bounds
    /// hold); refuted if it does not although a trial had two cores free;
    /// not applicable if none had.
    pub fn verdict(self, extra: Vec<Figure>) -> Verdict {
        let ratio = Figure::new(
            format!("CPU time / wall time, best of up to {}", self.tries),
            self.best,
            "",
        );
        let quiet = Figure::new("trials with two cores free", self.quiet_trials as f64, "");
        if self.best > self.threshold || self.quiet_trials > 0 {
            let mut figures = vec![ratio.bounded(Bound::Above(self.threshold)), quiet];
            figures.extend(extra);
            Verdict::from_figures(figures)
        } else {
            let mut figures = vec![ratio, quiet];
            figures.extend(extra);
            Verdict::not_applicable(
                format!(
                    "two cores were never free: other work kept {:.2} cores busy at best",
                    self.least_busy
                ),
                figures,
            )
        }
    }
}
