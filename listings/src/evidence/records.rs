//! The records of a results file that a check's [`Verdict`] becomes: its
//! figures, its control, and the programs it ran.
//!
//! [`Verdict`]: crate::claims::Verdict

use serde::{Deserialize, Serialize};

use crate::claims::{Control, Figure, Outcome};

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

impl From<&Control> for ControlRecord {
    fn from(control: &Control) -> Self {
        match control {
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
        }
    }
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

/// An outcome as a results file writes it: the word, and the reason of
/// one that is not applicable or failed.
pub(super) fn outcome_words(outcome: &Outcome) -> (String, Option<String>) {
    match outcome {
        Outcome::Holds => ("holds".into(), None),
        Outcome::Refuted => ("refuted".into(), None),
        Outcome::NotApplicable(why) => ("not applicable".into(), Some(why.clone())),
        Outcome::Failed(why) => ("failed".into(), Some(why.clone())),
    }
}
