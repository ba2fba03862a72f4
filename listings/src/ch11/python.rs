//! The Python versions of the exercise (Listings 11-10 to 11-12) and their
//! claims: the checks run each listing with the python3 found and read what
//! it printed.

use std::io;
use std::process::Command;
use std::time::Duration;

use listings::ch11::runs::{self, Ends};
use listings::claims::{Claim, Verdict};
use listings::toolchain::{self, Language, Source, Toolchain};

/// Listing 11-10: a plain `i += 1` on a global, with no lock.
pub const RACE: Source = Source {
    name: "race.py",
    text: include_str!("../../python/ch11/race.py"),
};

/// Listing 11-11: `i = i + one()`, a call between the read and the write.
pub const RACE_CALL: Source = Source {
    name: "race_call.py",
    text: include_str!("../../python/ch11/race_call.py"),
};

/// Listing 11-12: Listing 11-11 with a lock around each step.
pub const LOCK: Source = Source {
    name: "lock.py",
    text: include_str!("../../python/ch11/lock.py"),
};

/// Exercise 11.4: where `i += one()` reads `i`.
pub const READ_BEFORE_CALL: Source = Source {
    name: "read_before_call.py",
    text: include_str!("../../python/ch11/read_before_call.py"),
};

/// Whether this interpreter runs with a global interpreter lock: every
/// build before 3.13, and a free-threaded build only if it turned the GIL
/// back on.
pub fn gil_enabled(python: &Toolchain) -> io::Result<bool> {
    let mut command = Command::new(&python.program);
    command.args([
        "-c",
        "import sys; print(getattr(sys, '_is_gil_enabled', lambda: True)())",
    ]);
    let run = toolchain::run_command(command, Duration::from_secs(10))?.success()?;
    match run.stdout.trim() {
        "True" => Ok(true),
        "False" => Ok(false),
        other => Err(io::Error::other(format!(
            "cannot tell whether the GIL is enabled: {other}"
        ))),
    }
}

/// The first CPython whose plain `i += 1` keeps its updates under the GIL.
pub const KEEPS_FROM: [u32; 2] = [3, 10];

/// Runs of a version in its claim.
pub const RUNS: usize = 5;

/// Runs of the lock version in its claim: it is the slowest Python
/// listing, as the two threads queue for the lock, and two runs are as
/// many as its control has: the version without the lock loses updates in
/// every run.
pub const LOCK_RUNS: usize = 2;

/// Runs of a version as another's control: every run of the racy ones
/// loses updates, and the fixed ones must lose none, so two are enough.
pub const CONTROL_RUNS: usize = 2;

/// Listing 11-12 without its lock: each step `i = i + one()` on its own,
/// as in Listing 11-11.
pub fn lock_taken_away() -> io::Result<Source> {
    runs::edited(
        &LOCK,
        "lock_taken_away.py",
        &[("        with lock:\n            ", "        ")],
    )
}

/// The runs of `source`.
fn ends(python: &Toolchain, source: &Source, runs: usize) -> io::Result<Ends> {
    Ends::of(&python.build(source, &[])?, runs)
}

/// `KEEPS_FROM` as the number a statement writes, 3.10.
fn keeps_from() -> f64 {
    let [major, minor] = KEEPS_FROM;
    format!("{major}.{minor}").parse().unwrap_or(f64::NAN)
}

/// Whether the Python checks need a quiet machine to decide. The GIL's
/// race needs no second core, but on a machine whose cores are busy with
/// other work its threads may seldom take turns mid-loop, so a run in which
/// no update was lost decides nothing there.
const QUIET: bool = true;

pub const PLAIN_INCREMENT: Claim = Claim {
    id: "python-plain-increment-keeps-updates",
    statement: "With the GIL, the Python exercise written with a plain i += 1 on a global \
                loses no updates on CPython 3.10 and later: every one of five runs ends at \
                -1; before 3.10 it loses updates in at least one of five runs.",
    check: || {
        toolchain::with(Language::Python, |python| {
            if !gil_enabled(python)? {
                return Ok(Verdict::not_applicable(
                    format!(
                        "{} runs without the GIL, and the claim is about interpreters with one",
                        python.version
                    ),
                    Vec::new(),
                ));
            }
            let right = runs::same_right(&[&RACE, &RACE_CALL, &LOCK])?;
            let plain = ends(python, &RACE, RUNS)?;
            let verdict = if python.at_least(&KEEPS_FROM) {
                // The control: a call between the read and the write.
                let call = ends(python, &RACE_CALL, CONTROL_RUNS)?;
                runs::judge_exact(&[("i += 1", &plain)], right, QUIET).against(
                    "a call between the read and the write: i = i + one()",
                    runs::judge_exact(&[("i = i + one()", &call)], right, QUIET),
                )
            } else {
                // The control: the same step, under a lock.
                let locked = ends(python, &LOCK, CONTROL_RUNS)?;
                runs::judge_loses(&plain, right, QUIET)
                    .against("with the lock", runs::judge_loses(&locked, right, QUIET))
            };
            Ok(verdict.with_parameter("first CPython whose += keeps its updates", keeps_from()))
        })
    },
};

pub const CALL_LOSES: Claim = Claim {
    id: "python-call-between-read-and-write-loses-updates",
    statement: "Written i = i + one(), with a function call between the read of i and the \
                write, the Python exercise loses updates: at least one of five runs ends \
                away from -1.",
    check: || {
        toolchain::with(Language::Python, |python| {
            let right = runs::same_right(&[&RACE_CALL, &RACE, &LOCK])?;
            let claim = runs::judge_loses(&ends(python, &RACE_CALL, RUNS)?, right, QUIET);
            // The control takes the call away where that is enough to keep
            // every update (with the GIL, from 3.10); elsewhere it adds the
            // lock.
            let (change, fixed) = if gil_enabled(python)? && python.at_least(&KEEPS_FROM) {
                ("without the call: i += 1", &RACE)
            } else {
                ("with the lock", &LOCK)
            };
            let control = runs::judge_loses(&ends(python, fixed, CONTROL_RUNS)?, right, QUIET);
            Ok(claim.against(change, control))
        })
    },
};

pub const LOCK_EXACT: Claim = Claim {
    id: "python-lock-exact",
    statement: "With a threading.Lock held around each step i = i + one(), the Python \
                exercise ends at exactly -1 in every one of two runs.",
    check: || {
        toolchain::with(Language::Python, |python| {
            let without = lock_taken_away()?;
            let right = runs::same_right(&[&LOCK, &without])?;
            let locked = ends(python, &LOCK, LOCK_RUNS)?;
            let unlocked = ends(python, &without, CONTROL_RUNS)?;
            let claim = runs::judge_exact(&[("lock", &locked)], right, QUIET);
            let control = runs::judge_exact(&[("no lock", &unlocked)], right, QUIET);
            Ok(claim.against("lock.py without the lock", control))
        })
    },
};
