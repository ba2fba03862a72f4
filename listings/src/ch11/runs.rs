//! What the checks of the exercise share: running a version of it several
//! times and judging the results it gave, the same way for a claim and for
//! its control. Every C, Python and Go program prints the final `i` on its
//! last line; the Rust versions return it.
//!
//! The claims come in pairs, a racy version and a fixed one, and each is
//! the other's control: a claim that a fixed version ends at the right
//! answer in every run is judged against the racy version (where it can,
//! the same listing with its fix taken away, made by [`edited`]), which the
//! same check must refute; a claim that a racy version loses updates is
//! judged against a fixed version, which the same check must refute.

use std::io;
use std::time::Duration;

use listings::claims::{Bound, Control, Figure, Outcome, Series, Verdict};
use listings::measure::{Load, load_during};
use listings::run::PROGRAM_LIMIT as LIMIT;
use listings::toolchain::{Program, Source, Toolchain, run_command};

/// The right answer of the book's exercise listings: a million increments
/// and a million and one decrements. [`loses_updates`] judges by it; the
/// checks of chapter 11 read it from each listing with [`right_answer`].
pub const RIGHT: i64 = -1;

/// The loop counts a listing declares, `(UPS, DOWNS)`: from `#define UPS
/// 1000000` in C, `UPS = 1_000_000` in Python, `ups = 1000000` in Go.
pub fn loop_counts(source: &Source) -> io::Result<(i64, i64)> {
    let count = |name: &str| {
        source.text.lines().find_map(|line| {
            let line = line.trim();
            let line = line.strip_prefix("#define").unwrap_or(line).trim_start();
            let rest = line
                .get(..name.len())
                .filter(|word| word.eq_ignore_ascii_case(name))
                .map(|_| &line[name.len()..])?;
            let value = rest
                .strip_prefix(|c: char| c.is_whitespace() || c == '=')?
                .trim_start_matches(|c: char| c.is_whitespace() || c == '=');
            value.replace('_', "").parse::<i64>().ok()
        })
    };
    match (count("ups"), count("downs")) {
        (Some(ups), Some(downs)) => Ok((ups, downs)),
        _ => Err(io::Error::other(format!(
            "{} declares no loop counts UPS and DOWNS",
            source.name
        ))),
    }
}

/// The answer a listing's loop counts make right: `UPS - DOWNS`.
pub fn right_answer(source: &Source) -> io::Result<i64> {
    let (ups, downs) = loop_counts(source)?;
    Ok(ups - downs)
}

/// Runs `program` `runs` times and collects the `i` each run printed,
/// stopping early after a run whose `i` makes `stop` true.
pub fn results(program: &Program, runs: usize, stop: impl Fn(i64) -> bool) -> io::Result<Vec<i64>> {
    let mut ends = Vec::new();
    while ends.len() < runs {
        let end = program.run(&[], LIMIT)?.success()?.last_line()?;
        ends.push(end);
        if stop(end) {
            break;
        }
    }
    Ok(ends)
}

/// What the runs of one version of the exercise ended at, and how busy the
/// machine was with other work meanwhile.
#[derive(Debug, Clone)]
pub struct Ends {
    /// The final `i` of each run.
    pub ends: Vec<i64>,
    /// The machine's load during the runs.
    pub load: Load,
}

/// The shortest window over which [`Ends`] reads the machine's load. The
/// kernel counts CPU time in ticks of 10 ms, so over the few milliseconds
/// that twenty runs of a C listing take, one tick of another process would
/// look like a whole busy core; where the runs are quicker than this, the
/// window goes on, idle, until it is this long.
pub const LOAD_WINDOW: Duration = Duration::from_millis(150);

impl Ends {
    /// Runs `program` `runs` times.
    pub fn of(program: &Program, runs: usize) -> io::Result<Ends> {
        Ends::until(program, runs, |_| false)
    }

    /// Runs `program` up to `runs` times, stopping after the first run
    /// that ends away from `right`.
    pub fn until_away(program: &Program, runs: usize, right: i64) -> io::Result<Ends> {
        Ends::until(program, runs, |end| end != right)
    }

    fn until(program: &Program, runs: usize, stop: impl Fn(i64) -> bool) -> io::Result<Ends> {
        let (ends, load) = load_during(|| at_least(LOAD_WINDOW, || results(program, runs, stop)))?;
        Ok(Ends { ends: ends?, load })
    }

    /// Calls `version` `runs` times (the Rust versions, in this process).
    pub fn of_calls(runs: usize, mut version: impl FnMut() -> i64) -> io::Result<Ends> {
        let (ends, load) =
            load_during(|| at_least(LOAD_WINDOW, || (0..runs).map(|_| version()).collect()))?;
        Ok(Ends { ends, load })
    }

    /// The final `i` of each run, as a series for the book's figure.
    pub fn series(&self, name: &str) -> Series {
        let points = (1..)
            .zip(&self.ends)
            .map(|(run, &i)| (f64::from(run), i as f64));
        Series::new(name, "run", "i", points)
    }

    /// The number of runs.
    pub fn runs(&self) -> usize {
        self.ends.len()
    }

    /// How many runs ended away from `right`.
    pub fn away(&self, right: i64) -> usize {
        self.ends.iter().filter(|&&i| i != right).count()
    }

    fn quiet(&self) -> bool {
        self.load.two_cores_free()
    }

    fn busy(&self) -> String {
        let why = if self.load.cpus < 2 {
            format!("this process may use {} CPU", self.load.cpus)
        } else {
            format!(
                "two cores were never free: other work kept {:.2} cores busy",
                self.load.others_cores()
            )
        };
        format!("the race shows only while both threads run at once, and {why}")
    }
}

/// Runs `f`, then waits until `window` has passed since it started.
fn at_least<T>(window: Duration, f: impl FnOnce() -> T) -> T {
    let start = std::time::Instant::now();
    let value = f();
    if let Some(left) = window.checked_sub(start.elapsed()) {
        std::thread::sleep(left);
    }
    value
}

/// The check of a claim that a version loses updates: at least one run
/// ends away from `right`.
///
/// Where the race shows only while two threads run at the same time
/// (`needs_two_cores`), a set of runs without lost updates on a machine
/// whose cores were busy with other work decides nothing: the verdict is
/// then not applicable, never a pass or a refutation.
pub fn judge_loses(ends: &Ends, right: i64, needs_two_cores: bool) -> Verdict {
    let away = ends.away(right);
    let figures = vec![
        Figure::new(
            format!("runs of {} that ended away from {right}", ends.runs()),
            away as f64,
            "",
        )
        .bounded(Bound::AtLeast(1.0)),
        Figure::new("distinct results", distinct(&ends.ends) as f64, ""),
        Figure::new(
            format!("furthest from {right}"),
            furthest_from(&ends.ends, right) as f64,
            "",
        ),
        Figure::new("cores other work kept busy", ends.load.others_cores(), ""),
    ];
    let verdict = if away == 0 && needs_two_cores && !ends.quiet() {
        Verdict::not_applicable(ends.busy(), figures)
    } else {
        Verdict::from_figures(figures)
    };
    verdict
        .with_series(ends.series("final i"))
        .with_series(Series::new("right answer", "", "i", [(0.0, right as f64)]))
}

/// The check of a claim that each of `versions` ends at exactly `right` in
/// every one of its runs.
///
/// A run away from `right` refutes it whatever the load. But where the
/// race shows only while two threads run at the same time
/// (`needs_two_cores`), runs that all ended right on a machine whose cores
/// were busy decide nothing: the verdict is then not applicable.
pub fn judge_exact(versions: &[(&str, &Ends)], right: i64, needs_two_cores: bool) -> Verdict {
    let mut figures = Vec::new();
    let mut series = Vec::new();
    let mut undecided = None;
    for (name, ends) in versions {
        series.push(ends.series(&format!("{name}: final i")));
        let runs = ends.runs();
        figures.push(
            Figure::new(
                format!("{name}: runs of {runs} that ended at {right}"),
                (runs - ends.away(right)) as f64,
                "",
            )
            .bounded(Bound::Exactly(runs as f64)),
        );
        figures.push(Figure::new(
            format!("{name}: furthest from {right}"),
            furthest_from(&ends.ends, right) as f64,
            "",
        ));
        figures.push(Figure::new(
            format!("{name}: cores other work kept busy"),
            ends.load.others_cores(),
            "",
        ));
        if needs_two_cores && !ends.quiet() {
            undecided.get_or_insert_with(|| format!("{name}: {}", ends.busy()));
        }
    }
    let mut verdict = match undecided {
        Some(why) => Verdict::undecided(
            format!("every run ending right decides nothing here: {why}"),
            figures,
        ),
        None => Verdict::from_figures(figures),
    };
    verdict.series = series;
    verdict
}

/// The answer that `sources` all make right, or an error if their loop
/// counts disagree: the versions a check compares must do the same work.
pub fn same_right(sources: &[&Source]) -> io::Result<i64> {
    let mut rights = Vec::new();
    for source in sources {
        rights.push((source.name, right_answer(source)?));
    }
    match rights.first() {
        Some(&(_, right)) if rights.iter().all(|&(_, r)| r == right) => Ok(right),
        _ => Err(io::Error::other(format!(
            "the versions' loop counts disagree: {rights:?}"
        ))),
    }
}

/// `verdict` with the figures `first` before its own, judged again: refuted
/// if any bounded figure is out of its bound, else not applicable where
/// `verdict` was (for its reason), else holds.
pub fn along(first: Vec<Figure>, verdict: Verdict) -> Verdict {
    let mut figures = first;
    figures.extend(verdict.figures);
    let mut judged = match verdict.outcome {
        Outcome::NotApplicable(why) => Verdict::undecided(why, figures),
        _ => Verdict::from_figures(figures),
    };
    judged.notes = verdict.notes;
    judged.parameters = verdict.parameters;
    judged.series = verdict.series;
    judged
}

/// Whether the race condition loses updates: at least one of `runs` runs
/// of `program` ends away from [`RIGHT`], judged by [`judge_loses`]. The
/// runs stop at the first that ends away: more could not change the verdict.
pub fn loses_updates(program: &Program, runs: usize, needs_two_cores: bool) -> io::Result<Verdict> {
    Ok(judge_loses(
        &Ends::until_away(program, runs, RIGHT)?,
        RIGHT,
        needs_two_cores,
    ))
}

/// `source` with each of `edits` made, `(from, to)`, every occurrence of
/// `from` replaced by `to`: the listing with one ingredient taken away, as
/// a control runs it ("mutex.c without the lock"). Fails if some `from`
/// does not occur, so that a control never silently runs the listing
/// itself.
pub fn edited(source: &Source, name: &str, edits: &[(&str, &str)]) -> io::Result<Source> {
    let mut text = source.text.to_owned();
    for (from, to) in edits {
        if !text.contains(from) {
            return Err(io::Error::other(format!(
                "{} has no {from:?} to take away",
                source.name
            )));
        }
        text = text.replace(from, to);
    }
    // A check runs in a process of its own, and a Source holds static text.
    Ok(Source {
        name: Box::leak(name.to_owned().into_boxed_str()),
        text: Box::leak(text.into_boxed_str()),
    })
}

/// One verdict for a claim about several versions, each judged against its
/// own control by [`Verdict::against`]: it holds only if every part holds;
/// a refuted part refutes it, a failed part fails it, and a part that is
/// not applicable makes it not applicable.
pub fn each(parts: Vec<Verdict>) -> Verdict {
    fn worst<'a>(outcomes: impl Iterator<Item = &'a Outcome> + Clone) -> Outcome {
        let reasons = |pick: fn(&Outcome) -> Option<&String>| {
            outcomes
                .clone()
                .filter_map(pick)
                .cloned()
                .collect::<Vec<_>>()
        };
        let failed = reasons(|o| match o {
            Outcome::Failed(why) => Some(why),
            _ => None,
        });
        let not_applicable = reasons(|o| match o {
            Outcome::NotApplicable(why) => Some(why),
            _ => None,
        });
        if outcomes.clone().any(|o| *o == Outcome::Refuted) {
            Outcome::Refuted
        } else if !failed.is_empty() {
            Outcome::Failed(failed.join("; "))
        } else if !not_applicable.is_empty() {
            Outcome::NotApplicable(not_applicable.join("; "))
        } else {
            Outcome::Holds
        }
    }
    let mut verdict = Verdict {
        outcome: worst(parts.iter().map(|p| &p.outcome)),
        figures: Vec::new(),
        notes: Vec::new(),
        parameters: Vec::new(),
        control: None,
        series: Vec::new(),
    };
    let mut names = Vec::new();
    let mut control_outcomes = Vec::new();
    let mut control_figures = Vec::new();
    for part in parts {
        verdict.figures.extend(part.figures);
        verdict.notes.extend(part.notes);
        verdict.parameters.extend(part.parameters);
        verdict.series.extend(part.series);
        if let Some(Control::Ran {
            name,
            outcome,
            figures,
        }) = part.control
        {
            names.push(name);
            control_outcomes.push(outcome);
            control_figures.extend(figures);
        }
    }
    // The controls together: refuted only if every one of them is.
    let control_outcome = if control_outcomes.iter().all(|o| *o == Outcome::Refuted) {
        Outcome::Refuted
    } else {
        worst(control_outcomes.iter().filter(|o| **o != Outcome::Refuted))
    };
    verdict.control = Some(Control::Ran {
        name: names.join("; "),
        outcome: control_outcome,
        figures: control_figures,
    });
    verdict
}

/// Figures saying that the machine code of `function` names `i` in exactly
/// one instruction (it named it in `uses` instructions), and that this one
/// instruction `does` what the claim says (`done`).
pub fn one_instruction(function: &str, uses: usize, does: &str, done: bool) -> [Figure; 2] {
    [
        Figure::new(
            format!("{function}: instructions that use i"),
            uses as f64,
            "",
        )
        .bounded(Bound::Exactly(1.0)),
        Figure::yes_no(format!("{function}: that one {does} (1 = yes)"), done)
            .bounded(Bound::Exactly(1.0)),
    ]
}

/// How many different values `ends` holds.
pub fn distinct(ends: &[i64]) -> usize {
    let mut ends = ends.to_vec();
    ends.sort_unstable();
    ends.dedup();
    ends.len()
}

/// The largest distance of a result from `right`.
pub fn furthest_from(ends: &[i64], right: i64) -> i64 {
    ends.iter().map(|i| (i - right).abs()).max().unwrap_or(0)
}

/// What a race detector (`-fsanitize=thread` for gcc, `-race` for go) said
/// about one program.
#[derive(Debug, Clone)]
pub struct Detected {
    /// The program, in a few words ("plain int").
    pub name: String,
    /// How many race warnings it printed.
    pub warnings: usize,
    /// Its exit status.
    pub status: i32,
    /// The `i` it printed (NaN if none).
    pub printed: f64,
}

impl Detected {
    /// Figures for the warnings and the exit status: at least one warning
    /// and the detector's status 66 where the detector should `report` the
    /// program, none and 0 where it should not.
    pub fn figures(&self, report: bool) -> Vec<Figure> {
        let (warnings, status) = if report {
            (Bound::AtLeast(1.0), 66.0)
        } else {
            (Bound::Exactly(0.0), 0.0)
        };
        let name = &self.name;
        vec![
            Figure::new(format!("{name}: race warnings"), self.warnings as f64, "")
                .bounded(warnings),
            Figure::new(format!("{name}: exit status"), f64::from(self.status), "")
                .bounded(Bound::Exactly(status)),
            Figure::new(format!("{name}: printed i"), self.printed, ""),
        ]
    }
}

/// Whether a race detector (its `flags`) reports the race in `racy` and
/// stays silent on `fixed`: the first must print `warning` at least once
/// and exit with the detector's status 66, the second must print none and
/// exit with 0.
///
/// Its control swaps the two programs: the same check, expecting the
/// report from the fixed program and silence from the racy one, must be
/// refuted, or the check could not tell a race from its absence.
pub fn race_detector(
    toolchain: &Toolchain,
    flags: &[&str],
    warning: &str,
    racy: (&str, &Source),
    fixed: (&str, &Source),
) -> io::Result<Verdict> {
    let racy = match detect(toolchain, flags, &[], warning, racy)? {
        Ok(detected) => detected,
        Err(cannot) => return Ok(cannot),
    };
    let fixed = match detect(toolchain, flags, &[], warning, fixed)? {
        Ok(detected) => detected,
        Err(cannot) => return Ok(cannot),
    };
    let judge = |reports: &Detected, silent: &Detected| {
        let mut figures = reports.figures(true);
        figures.extend(silent.figures(false));
        Verdict::from_figures(figures)
    };
    let control = format!(
        "the programs swapped: the report expected from the {} version, silence from the {} one",
        fixed.name, racy.name
    );
    Ok(judge(&racy, &fixed).against(control, judge(&fixed, &racy)))
}

/// Builds `source` with a race detector's `flags`, runs it with the
/// environment variables `env`, and counts the `warning`s it printed. `Err`
/// holds a not-applicable verdict when the detector could not start here.
pub fn detect(
    toolchain: &Toolchain,
    flags: &[&str],
    env: &[(&str, &str)],
    warning: &str,
    (name, source): (&str, &Source),
) -> io::Result<Result<Detected, Verdict>> {
    let limit = Duration::from_secs(30);
    let program = toolchain.build(source, flags)?;
    let mut command = program.command();
    command.envs(env.iter().copied());
    let run = run_command(command, limit)?;
    if let Some(cannot) = sanitizer_cannot_start(&run.stderr) {
        return Ok(Err(cannot));
    }
    let status = run
        .status
        .code()
        .ok_or_else(|| io::Error::other(format!("{name}: killed by a signal\n{}", run.stderr)))?;
    Ok(Ok(Detected {
        name: name.to_owned(),
        warnings: run.stderr.matches(warning).count(),
        status,
        printed: run.last_line::<i64>().map_or(f64::NAN, |i| i as f64),
    }))
}

/// A not-applicable verdict if the ThreadSanitizer runtime (which gcc's
/// `-fsanitize=thread` and Go's `-race` both use) refused to start, as older
/// versions of it do on kernels that randomise addresses more widely than it
/// expects (`vm.mmap_rnd_bits` above 28).
pub fn sanitizer_cannot_start(stderr: &str) -> Option<Verdict> {
    let fatal = stderr
        .lines()
        .find(|line| line.contains("FATAL: ThreadSanitizer"))?;
    Some(Verdict::not_applicable(
        format!("the race detector could not start here: {}", fatal.trim()),
        Vec::new(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sanitizer_that_cannot_start_decides_nothing() {
        let stderr = "FATAL: ThreadSanitizer: unexpected memory mapping 0x7f0000000000\n";
        let verdict = sanitizer_cannot_start(stderr).expect("recognised");
        assert!(matches!(verdict.outcome, Outcome::NotApplicable(_)));
        assert!(sanitizer_cannot_start("WARNING: DATA RACE\n").is_none());
    }

    #[test]
    fn loop_counts_in_three_languages() {
        for text in [
            "#define UPS 1000000\n#define DOWNS 1000001\n",
            "UPS = 1_000_000\nDOWNS = 1_000_001\n",
            "const (\n\tups   = 1000000\n\tdowns = 1000001\n)\n",
        ] {
            let source = Source { name: "x", text };
            assert_eq!(loop_counts(&source).expect("found"), (1_000_000, 1_000_001));
        }
        let none = Source {
            name: "x",
            text: "upside = 3\n",
        };
        assert!(loop_counts(&none).is_err());
    }

    fn quiet(ends: &[i64], others: f64) -> Ends {
        Ends {
            ends: ends.to_vec(),
            load: Load {
                wall: Duration::from_secs(1),
                others_cpu: Duration::from_secs_f64(others),
                cpus: 2,
            },
        }
    }

    #[test]
    fn runs_that_all_end_right_on_a_busy_machine_decide_nothing() {
        let right = quiet(&[-1, -1], 0.0);
        let lost = quiet(&[-1, 7], 0.0);
        let busy = quiet(&[-1, -1], 1.5);
        let exact = |e: &Ends| judge_exact(&[("v", e)], -1, true).outcome;
        assert_eq!(exact(&right), Outcome::Holds);
        assert_eq!(exact(&lost), Outcome::Refuted);
        assert!(matches!(exact(&busy), Outcome::NotApplicable(_)));
        let loses = |e: &Ends| judge_loses(e, -1, true).outcome;
        assert_eq!(loses(&right), Outcome::Refuted);
        assert_eq!(loses(&lost), Outcome::Holds);
        assert!(matches!(loses(&busy), Outcome::NotApplicable(_)));
        assert_eq!(judge_loses(&busy, -1, false).outcome, Outcome::Refuted);
    }

    #[test]
    fn each_part_must_hold_against_its_control() {
        let exact = |e: &Ends| judge_exact(&[("v", e)], -1, true);
        let right = quiet(&[-1, -1], 0.0);
        let lost = quiet(&[-1, 7], 0.0);
        let busy = quiet(&[-1, -1], 1.5);
        let good = || exact(&right).against("racy", exact(&lost));
        assert_eq!(each(vec![good(), good()]).outcome, Outcome::Holds);
        let vacuous = exact(&right).against("racy", exact(&right));
        assert!(matches!(
            each(vec![good(), vacuous]).outcome,
            Outcome::Failed(_)
        ));
        let undecided = exact(&right).against("racy", exact(&busy));
        assert!(matches!(
            each(vec![good(), undecided]).outcome,
            Outcome::NotApplicable(_)
        ));
        let wrong = exact(&lost).against("racy", exact(&lost));
        assert_eq!(each(vec![good(), wrong]).outcome, Outcome::Refuted);
    }

    #[test]
    fn an_edit_that_finds_nothing_to_take_away_fails() {
        let source = Source {
            name: "x.c",
            text: "acquire(&m);\ni++;\nrelease(&m);\n",
        };
        let edits = [("acquire(&m);\n", ""), ("release(&m);\n", "")];
        let taken = edited(&source, "y.c", &edits).expect("edited");
        assert_eq!((taken.name, taken.text), ("y.c", "i++;\n"));
        assert!(edited(&source, "y.c", &[("mutex", "")]).is_err());
    }

    #[test]
    fn every_fix_can_be_taken_away() {
        use listings::ch11::{c, go, python};
        let taken = [
            (c::volatile_taken_away(), "volatile int"),
            (c::atomic_taken_away(), "_Atomic int"),
            (c::lock_taken_away(), "pthread_mutex_lock(&lock)"),
            (python::lock_taken_away(), "with lock"),
            (go::lock_taken_away(), "lock.Lock()"),
        ];
        for (source, fix) in taken {
            let source = source.expect("the fix is there to take away");
            assert!(!source.text.contains(fix), "{}", source.text);
            assert_eq!(right_answer(&source).expect("loop counts"), RIGHT);
        }
        let python = python::lock_taken_away().expect("taken away");
        assert!(
            python
                .text
                .contains("    for _ in range(UPS):\n        i = i + one()\n")
        );
    }
}
