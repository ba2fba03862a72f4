//! What a check measured: [`Figure`]s, the [`Bound`]s that decide a
//! claim, and the [`Series`] a figure of the book draws.

use std::fmt;

use serde::{Deserialize, Serialize};

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

    /// A figure that says yes or no: 1 for yes, 0 for no, without a unit.
    /// Its name says what yes means ("waiter saw the flag set", "(1 =
    /// yes)"), and it prints as any figure does, as 1 or 0.
    ///
    /// ```
    /// use listings::claims::{Bound, Figure};
    ///
    /// let saw = Figure::yes_no("waiter saw the flag set", true).bounded(Bound::Exactly(1.0));
    /// assert_eq!(saw.to_string(), "waiter saw the flag set 1 (needs = 1)");
    /// assert_eq!(Figure::yes_no("wait timed out", false).value, 0.0);
    /// ```
    pub fn yes_no(name: impl Into<String>, yes: bool) -> Figure {
        Figure::new(name, f64::from(u8::from(yes)), "")
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
