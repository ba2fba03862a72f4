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
//! A check proves something only if the same run could have refuted it.
//! So a check also runs a *control*: the same experiment with the one
//! ingredient the claim is about removed or inverted (no lock, threads free
//! instead of pinned, the racy program instead of the fixed one), judged by
//! the same code and bounds. [`Verdict::against`] combines the two: the
//! claim holds only if its control is refuted. Where no control is
//! possible, [`Verdict::without_control`] says why.
//!
//! ```
//! use listings::claims::{Bound, Figure, Outcome, Verdict};
//!
//! // The same check for the claim and for its control.
//! let check = |sum: u64| {
//!     Verdict::from_figures(vec![
//!         Figure::new("sum", sum as f64, "").bounded(Bound::Exactly(5050.0)),
//!     ])
//! };
//! let claim = check((1..=100).sum());
//! let control = check((1..100).sum()); // the last number left out
//! let verdict = claim.against("without the last number", control);
//! assert_eq!(verdict.outcome, Outcome::Holds);
//! ```
//!
//! Every number a claim's statement names must be one the check uses: a
//! bound, a number in a figure's name, or a declared parameter
//! ([`Verdict::with_parameter`]). [`Verdict::unsupported_numbers`] lists the
//! ones that are not, and the runner fails the claim for them, so that a
//! bound or a constant cannot change without the statement.
//!
//! The claims runner (the `claims` test of this crate) runs every check in
//! a fresh process of its own, one at a time, under a time limit.

use std::fmt;
use std::io;

mod figure;
mod numbers;
mod trials;

pub use figure::{Bound, Figure, Series};
pub use numbers::numbers_in;
pub use trials::{ParallelTrials, SerialTrials, pinned_to_one_cpu};

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
    /// The check itself is defective, for the reason given: for example,
    /// its control held too, so it cannot tell the claim from its negation.
    Failed(String),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Holds => f.write_str("holds"),
            Outcome::Refuted => f.write_str("REFUTED"),
            Outcome::NotApplicable(_) => f.write_str("not applicable"),
            Outcome::Failed(_) => f.write_str("FAILED"),
        }
    }
}

/// What a check did to show that it could have failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Control {
    /// The control experiment ran and the same check judged it.
    Ran {
        /// What the control changes, in a few words ("without the lock").
        name: String,
        /// The control's outcome: it must be refuted.
        outcome: Outcome,
        /// What the control measured.
        figures: Vec<Figure>,
    },
    /// No control experiment is possible, for this reason (a fact read
    /// from a data table, a documented default).
    Impossible(&'static str),
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
    /// The constants of the experiment that the statement names (a serial
    /// fraction, a number of threads), with their names.
    pub parameters: Vec<(String, f64)>,
    /// The control, or why there is none; `None` until the check says.
    pub control: Option<Control>,
    /// What the experiment saw over time or over its trials, for the
    /// book's figures: the check's own series, then its control's, each
    /// named "control: ..." ([`Verdict::against`]). They decide nothing.
    pub series: Vec<Series>,
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
            parameters: Vec::new(),
            control: None,
            series: Vec::new(),
        }
    }

    /// The same verdict with `note` added to its notes.
    pub fn with_note(mut self, note: impl Into<String>) -> Verdict {
        self.notes.push(note.into());
        self
    }

    /// The same verdict with `series` added, for a figure of the book.
    pub fn with_series(mut self, series: Series) -> Verdict {
        self.series.push(series);
        self
    }

    /// The experiment cannot decide here, for `reason`; the figures say
    /// what it saw.
    pub fn not_applicable(reason: impl Into<String>, figures: Vec<Figure>) -> Verdict {
        Verdict {
            outcome: Outcome::NotApplicable(reason.into()),
            figures,
            notes: Vec::new(),
            parameters: Vec::new(),
            control: None,
            series: Vec::new(),
        }
    }

    /// The verdict of an experiment whose deciding figure could not decide
    /// on this machine, for `reason`: not applicable, unless one of the
    /// bounded `figures` (an exact count, a result) is out of its bound,
    /// which refutes the claim whatever the load.
    pub fn undecided(reason: impl Into<String>, figures: Vec<Figure>) -> Verdict {
        if figures.iter().any(|f| !f.within_bound()) {
            Verdict::from_figures(figures)
        } else {
            Verdict::not_applicable(reason, figures)
        }
    }

    /// The same verdict, noting that the experiment used the constant
    /// `value`, called `name`: a number the statement may name.
    pub fn with_parameter(mut self, name: impl Into<String>, value: f64) -> Verdict {
        self.parameters.push((name.into(), value));
        self
    }

    /// Judges this verdict together with its control's, `control`, which
    /// the same check code gave for the experiment with the claim's
    /// ingredient removed (`name` says how, "without the lock").
    ///
    /// - This holds and the control is refuted: it holds.
    /// - The control is not applicable: the machine could not show the
    ///   difference, so neither can this, and it is not applicable.
    /// - The control holds too: the check cannot tell the claim from its
    ///   negation, a defect: it fails, naming the control.
    /// - This is refuted, not applicable or failed: it stays so.
    pub fn against(mut self, name: impl Into<String>, control: Verdict) -> Verdict {
        let name = name.into();
        if self.outcome == Outcome::Holds {
            self.outcome = match &control.outcome {
                Outcome::Refuted => Outcome::Holds,
                Outcome::NotApplicable(why) => Outcome::NotApplicable(format!(
                    "the check could not have failed here: its control ({name}) is not \
                     applicable: {why}"
                )),
                Outcome::Holds => Outcome::Failed(format!(
                    "the control ({name}) holds too: the check cannot tell the claim from \
                     its negation"
                )),
                Outcome::Failed(why) => Outcome::Failed(format!("the control ({name}): {why}")),
            };
        }
        for parameter in control.parameters {
            if !self.parameters.contains(&parameter) {
                self.parameters.push(parameter);
            }
        }
        self.series
            .extend(control.series.into_iter().map(|series| Series {
                name: format!("control: {}", series.name),
                ..series
            }));
        self.control = Some(Control::Ran {
            name,
            outcome: control.outcome,
            figures: control.figures,
        });
        self
    }

    /// The same verdict, saying in one line why its claim can have no
    /// control experiment.
    pub fn without_control(mut self, why: &'static str) -> Verdict {
        self.control = Some(Control::Impossible(why));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_that_holds_too_fails_the_claim() {
        let check = |v: f64| {
            Verdict::from_figures(vec![Figure::new("x", v, "").bounded(Bound::AtMost(1.0))])
        };
        assert_eq!(check(0.5).against("c", check(2.0)).outcome, Outcome::Holds);
        assert!(matches!(
            check(0.5).against("c", check(0.7)).outcome,
            Outcome::Failed(_)
        ));
        assert_eq!(
            check(1.5).against("c", check(2.0)).outcome,
            Outcome::Refuted
        );
        let na = Verdict::not_applicable("busy", vec![]);
        assert!(matches!(
            check(0.5).against("c", na).outcome,
            Outcome::NotApplicable(_)
        ));
    }
}
