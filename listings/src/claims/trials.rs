//! Timing claims on a shared machine: trials read together with the
//! machine's load ([`ParallelTrials`], [`SerialTrials`]), and the verdicts
//! of experiments that need more than one CPU ([`Verdict::unless_cpus`],
//! [`pinned_to_one_cpu`]).

use std::io;

use super::{Bound, Figure, Verdict};

impl Verdict {
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

/// What a run of trials saw: the highest ratio, how many trials had two
/// cores free, and the fewest cores other work kept busy in any trial.
struct Seen {
    highest: f64,
    quiet_trials: usize,
    least_busy: f64,
}

/// Runs `trial`, which returns the ratio it measured, `tries` times, or
/// until a ratio exceeds `stop_above`, reading the load of each trial.
fn run_trials(
    stop_above: f64,
    tries: usize,
    mut trial: impl FnMut() -> io::Result<f64>,
) -> io::Result<Seen> {
    let mut seen = Seen {
        highest: 0.0,
        quiet_trials: 0,
        least_busy: f64::INFINITY,
    };
    for _ in 0..tries {
        let (ratio, load) = crate::measure::load_during(&mut trial)?;
        seen.highest = seen.highest.max(ratio?);
        seen.least_busy = seen.least_busy.min(load.others_cores());
        if load.two_cores_free() {
            seen.quiet_trials += 1;
        }
        if seen.highest > stop_above {
            break;
        }
    }
    Ok(seen)
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
        trial: impl FnMut() -> io::Result<f64>,
    ) -> io::Result<ParallelTrials> {
        let seen = run_trials(threshold, tries, trial)?;
        Ok(ParallelTrials {
            threshold,
            tries,
            best: seen.highest,
            quiet_trials: seen.quiet_trials,
            least_busy: seen.least_busy,
        })
    }

    /// Holds if the best ratio exceeds the threshold (and `extra`'s bounds
    /// hold); refuted if it does not although a trial had two cores free;
    /// not applicable if none had.
    pub fn verdict(self, extra: Vec<Figure>) -> Verdict {
        let which = format!("best of up to {}", self.tries);
        let [ratio, quiet] = ratio_and_gate(&which, self.best, self.quiet_trials);
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

/// The figures of trials: the ratio of CPU time to wall time, `which` of
/// the trials ("best of up to 5"), and how many trials had two cores free.
fn ratio_and_gate(which: &str, ratio: f64, quiet_trials: usize) -> [Figure; 2] {
    [
        Figure::new(format!("CPU time / wall time, {which}"), ratio, ""),
        Figure::new(QUIET_TRIALS, quiet_trials as f64, ""),
    ]
}

/// The name of the gate's figure. Its "two" is the gate's, not the
/// experiment's, so it supports no number of a statement.
pub(super) const QUIET_TRIALS: &str = "trials with two cores free";

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
        trial: impl FnMut() -> io::Result<f64>,
    ) -> io::Result<SerialTrials> {
        let seen = run_trials(bound, tries, trial)?;
        Ok(SerialTrials {
            bound,
            tries,
            worst: seen.highest,
            quiet_trials: seen.quiet_trials,
            least_busy: seen.least_busy,
        })
    }

    /// Refuted if a trial exceeded the bound; holds if none did and a
    /// trial had two cores free; not applicable if none had (unless a
    /// bounded figure of `extra` is out of its bound).
    pub fn verdict(self, extra: Vec<Figure>) -> Verdict {
        let which = format!("worst of {}", self.tries);
        let [ratio, quiet] = ratio_and_gate(&which, self.worst, self.quiet_trials);
        let mut figures = vec![ratio.bounded(Bound::AtMost(self.bound)), quiet];
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
