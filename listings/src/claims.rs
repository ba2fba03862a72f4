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

use serde::{Deserialize, Serialize};

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
    /// The number in the bound.
    pub fn value(self) -> f64 {
        match self {
            Bound::Exactly(b)
            | Bound::AtMost(b)
            | Bound::Below(b)
            | Bound::AtLeast(b)
            | Bound::Above(b) => b,
        }
    }

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

/// Points that an experiment measured, for a figure of the book to draw:
/// a thread's samples over time, a speedup for each thread count, the
/// result of each trial. A series decides nothing; the figures and their
/// bounds do.
///
/// ```
/// use listings::claims::Series;
///
/// let speedup = Series::new("speedup", "threads", "", [(1.0, 1.0), (2.0, 1.6), (3.0, f64::NAN)]);
/// assert_eq!(speedup.points, [(1.0, 1.0), (2.0, 1.6)]); // only numbers
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// What the points are, in a few words ("free, thread 1").
    pub name: String,
    /// The unit of x ("ms", "threads", "trial"), "" for none.
    pub x_unit: String,
    /// The unit of y, "" for none.
    pub y_unit: String,
    /// The points, as (x, y).
    pub points: Vec<(f64, f64)>,
}

impl Series {
    /// A series of `points`; a point that is not a pair of finite numbers
    /// is left out, since a results file has no way to write it.
    pub fn new(
        name: impl Into<String>,
        x_unit: impl Into<String>,
        y_unit: impl Into<String>,
        points: impl IntoIterator<Item = (f64, f64)>,
    ) -> Series {
        Series {
            name: name.into(),
            x_unit: x_unit.into(),
            y_unit: y_unit.into(),
            points: points
                .into_iter()
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .collect(),
        }
    }
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

    /// The numbers in `statement` that the check does not use: neither a
    /// bound of a figure (the claim's or its control's), nor a number in a
    /// figure's name, nor a parameter. Numbers are written in digits
    /// ("1.05", "10,000", "GOMAXPROCS=1") or in words ("three", "a
    /// million", but not "one", too often a pronoun); signs are ignored, and
    /// digits that are part of a word ("x86-64", "E0277", "-O2") are not
    /// numbers.
    ///
    /// ```
    /// use listings::claims::{Bound, Figure, Verdict};
    ///
    /// let verdict = Verdict::from_figures(vec![
    ///     Figure::new("ratio, worst of 3", 0.98, "").bounded(Bound::AtMost(1.05)),
    /// ]);
    /// assert!(verdict.unsupported_numbers("At most 1.05 in every one of three trials, on x86-64.").is_empty());
    /// assert_eq!(verdict.unsupported_numbers("At most 2.5 in three trials."), ["2.5"]);
    /// ```
    pub fn unsupported_numbers(&self, statement: &str) -> Vec<String> {
        let mut used: Vec<f64> = Vec::new();
        let mut figures: Vec<&Figure> = self.figures.iter().collect();
        if let Some(Control::Ran {
            name,
            figures: theirs,
            ..
        }) = &self.control
        {
            figures.extend(theirs);
            used.extend(numbers_in(name).into_iter().map(|(_, n)| n));
        }
        for figure in figures.into_iter().filter(|f| f.name != QUIET_TRIALS) {
            used.extend(numbers_in(&figure.name).into_iter().map(|(_, n)| n));
            if let Some(bound) = figure.bound {
                used.push(bound.value());
            }
        }
        used.extend(self.parameters.iter().map(|(_, v)| *v));
        numbers_in(statement)
            .into_iter()
            .filter(|(_, n)| !used.iter().any(|u| (u.abs() - n).abs() < 1e-9))
            .map(|(text, _)| text)
            .collect()
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

/// Figures saying that threads pinned to one CPU ran on that CPU alone:
/// the distinct CPUs they were seen on (`cpus_seen`) and the widest
/// affinity mask one of them read inside itself (`widest_mask`), both 1.
pub fn pinned_to_one_cpu(cpus_seen: usize, widest_mask: usize) -> [Figure; 2] {
    [
        Figure::new("CPUs the threads ran on", cpus_seen as f64, "").bounded(Bound::Exactly(1.0)),
        Figure::new(
            "CPUs in a thread's affinity mask, most",
            widest_mask as f64,
            "",
        )
        .bounded(Bound::Exactly(1.0)),
    ]
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
        let quiet = Figure::new(QUIET_TRIALS, self.quiet_trials as f64, "");
        if self.best > self.threshold || self.quiet_trials > 0 {
            let mut figures = vec![ratio.bounded(Bound::Above(self.threshold)), quiet];
            figures.extend(extra);
            Verdict::from_figures(figures)
        } else {
            let mut figures = vec![ratio, quiet];
            figures.extend(extra);
            // The bound that would have decided, for the statement's numbers.
            Verdict::undecided(never_free(self.least_busy), figures)
                .with_parameter("threshold", self.threshold)
        }
    }
}

/// The name of the gate's figure. Its "two" is the gate's, not the
/// experiment's, so it supports no number of a statement.
const QUIET_TRIALS: &str = "trials with two cores free";

fn never_free(least_busy: f64) -> String {
    if least_busy.is_finite() {
        format!("two cores were never free: other work kept {least_busy:.2} cores busy at best")
    } else {
        "two cores were never free".to_owned()
    }
}

/// Trials of an experiment whose ratio of CPU time to wall time must stay
/// at or below a bound in every trial: the check of claims that threads
/// never run at the same time.
///
/// Other work can only lower such a ratio, so one trial above the bound
/// refutes the claim whatever the load. But a low ratio on a machine with
/// no free core says nothing: there the threads could not have overlapped
/// anyway. So the claim holds only if some trial had two cores free, and is
/// not applicable otherwise (always, on a process that may use one CPU).
#[derive(Debug, Clone)]
pub struct SerialTrials {
    /// The ratio no trial may exceed.
    pub bound: f64,
    /// The number of trials.
    pub tries: usize,
    /// The highest ratio of the trials run.
    pub worst: f64,
    /// How many trials had two cores free.
    pub quiet_trials: usize,
    /// The fewest cores other work kept busy in any trial.
    pub least_busy: f64,
}

impl SerialTrials {
    /// Runs `trial`, which returns the ratio it measured, `tries` times, or
    /// until a ratio exceeds `bound`.
    pub fn run(
        bound: f64,
        tries: usize,
        mut trial: impl FnMut() -> io::Result<f64>,
    ) -> io::Result<SerialTrials> {
        let mut trials = SerialTrials {
            bound,
            tries,
            worst: 0.0,
            quiet_trials: 0,
            least_busy: f64::INFINITY,
        };
        for _ in 0..tries {
            let (ratio, load) = crate::measure::load_during(&mut trial)?;
            trials.worst = trials.worst.max(ratio?);
            trials.least_busy = trials.least_busy.min(load.others_cores());
            if load.two_cores_free() {
                trials.quiet_trials += 1;
            }
            if trials.worst > bound {
                break;
            }
        }
        Ok(trials)
    }

    /// Refuted if a trial exceeded the bound; holds if none did and a
    /// trial had two cores free; not applicable if none had (unless a
    /// bounded figure of `extra` is out of its bound).
    pub fn verdict(self, extra: Vec<Figure>) -> Verdict {
        let ratio = Figure::new(
            format!("CPU time / wall time, worst of {}", self.tries),
            self.worst,
            "",
        )
        .bounded(Bound::AtMost(self.bound));
        let quiet = Figure::new(QUIET_TRIALS, self.quiet_trials as f64, "");
        let mut figures = vec![ratio, quiet];
        figures.extend(extra);
        if self.worst > self.bound || self.quiet_trials > 0 {
            Verdict::from_figures(figures)
        } else {
            let reason = format!(
                "the check could not have failed here: {}",
                never_free(self.least_busy)
            );
            Verdict::undecided(reason, figures)
        }
    }
}

/// The numbers in `text`, each with the words it was written in, as
/// [`Verdict::unsupported_numbers`] reads them: absolute values.
pub fn numbers_in(text: &str) -> Vec<(String, f64)> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let word_value = |w: &str| -> Option<f64> {
        let w = w.to_ascii_lowercase();
        // "One" is too often a pronoun ("every one of", "one that") to
        // count; a statement that means the number writes 1.
        if let Some(i) = UNITS.iter().position(|u| *u == w).filter(|&i| i != 1) {
            return Some(i as f64);
        }
        if let Some(i) = TENS.iter().position(|u| !u.is_empty() && *u == w) {
            return Some(10.0 * i as f64);
        }
        match w.as_str() {
            "once" => Some(1.0),
            "twice" => Some(2.0),
            "half" => Some(0.5),
            _ => None,
        }
    };
    let scale = |w: &str| match w.to_ascii_lowercase().as_str() {
        "hundred" => Some(100.0),
        "thousand" => Some(1e3),
        "million" => Some(1e6),
        _ => None,
    };
    let mut found = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // A number starts a word: not after a letter or digit, nor after a
        // hyphen or dot glued to one ("x86-64", "v1.2").
        let starts_word = match i {
            0 => true,
            1 => !is_word(chars[0]),
            _ => {
                let glued = matches!(chars[i - 1], '-' | '.') && is_word(chars[i - 2]);
                !is_word(chars[i - 1]) && !glued
            }
        };
        if c.is_ascii_digit() && starts_word {
            let mut j = i;
            while j < chars.len()
                && (chars[j].is_ascii_digit()
                    || (matches!(chars[j], '.' | ',')
                        && chars.get(j + 1).is_some_and(char::is_ascii_digit)))
            {
                j += 1;
            }
            let ends_word = j == chars.len() || !is_word(chars[j]);
            let glued_to_word =
                chars.get(j) == Some(&'-') && chars.get(j + 1).is_some_and(|c| c.is_ascii_digit());
            if ends_word && !glued_to_word {
                let digits: String = chars[i..j].iter().filter(|c| **c != ',').collect();
                if let Ok(value) = digits.parse::<f64>() {
                    found.push((chars[i..j].iter().collect(), value));
                }
            }
            i = j.max(i + 1);
        } else if c.is_alphabetic() && starts_word {
            let mut j = i;
            while j < chars.len() && is_word(chars[j]) {
                j += 1;
            }
            let word: String = chars[i..j].iter().collect();
            let value = word_value(&word).or_else(|| {
                // "a hundred", "a million"
                (word.eq_ignore_ascii_case("a") && j < chars.len())
                    .then(|| {
                        let rest: String = chars[j + 1..]
                            .iter()
                            .take_while(|c| c.is_alphabetic())
                            .collect();
                        scale(&rest).map(|s| (s, rest.len() + 1))
                    })
                    .flatten()
                    .map(|(s, len)| {
                        j += len;
                        s
                    })
            });
            if let Some(mut value) = value {
                let mut text_end = j;
                // "ten thousand", "one million", "two hundred"
                let rest: String = chars[j..].iter().collect();
                if let Some(next) = rest.strip_prefix(' ') {
                    let next: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
                    if let Some(s) = scale(&next).filter(|_| !word.eq_ignore_ascii_case("a")) {
                        value *= s;
                        text_end = j + 1 + next.len();
                    }
                }
                found.push((chars[i..text_end].iter().collect(), value));
                i = text_end;
            } else {
                i = j;
            }
        } else {
            i += 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<f64> {
        numbers_in(text).into_iter().map(|(_, n)| n).collect()
    }

    #[test]
    fn numbers_in_a_statement() {
        assert_eq!(
            values("at most 1.05 in every one of three trials"),
            [1.05, 3.0]
        );
        assert_eq!(
            values("10,000 tasks and a million steps, ten thousand, one million"),
            [10000.0, 1e6, 1e4]
        );
        assert_eq!(
            values("GOMAXPROCS=1 on x86-64, E0277, -O2, ends away from -1"),
            [1.0, 1.0]
        );
        assert_eq!(
            values("go 1.25 or later; CPython 3.10; 2 MiB; 0.2 s"),
            [1.25, 3.1, 2.0, 0.2]
        );
        assert_eq!(values("one fifth is serial; twice; i++ and i--"), [2.0]);
        assert!(values("someone, often, alone, tone").is_empty());
    }

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
