//! The Python versions of the exercise (Listings 10-10 to 10-12) and their
//! claims: the checks run each listing with the python3 found and read what
//! it printed.

use std::io;
use std::process::Command;
use std::time::Duration;

use listings::ch10::runs;
use listings::claims::{Claim, Verdict};
use listings::toolchain::{self, Language, Source, Toolchain};

/// Listing 10-10: a plain `i += 1` on a global, with no lock.
pub const RACE: Source = Source {
    name: "race.py",
    text: include_str!("../../python/ch10/race.py"),
};

/// Listing 10-11: `i = i + one()`, a call between the read and the write.
pub const RACE_CALL: Source = Source {
    name: "race_call.py",
    text: include_str!("../../python/ch10/race_call.py"),
};

/// Listing 10-12: a lock around each step.
pub const LOCK: Source = Source {
    name: "lock.py",
    text: include_str!("../../python/ch10/lock.py"),
};

/// Exercise 10.4: where `i += one()` reads `i`.
pub const READ_BEFORE_CALL: Source = Source {
    name: "read_before_call.py",
    text: include_str!("../../python/ch10/read_before_call.py"),
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
            let program = python.build(&RACE, &[])?;
            let verdict = if python.at_least(&[3, 10]) {
                Verdict::from_figures(runs::exact(&[("3.10 or later", &program)], 5)?)
            } else {
                runs::loses_updates(&program, 5, false)?
            };
            Ok(verdict)
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
            let program = python.build(&RACE_CALL, &[])?;
            runs::loses_updates(&program, 5, false)
        })
    },
};

pub const LOCK_EXACT: Claim = Claim {
    id: "python-lock-exact",
    statement: "With a threading.Lock held around each step, the Python exercise ends at \
                exactly -1 in every one of five runs.",
    check: || {
        toolchain::with(Language::Python, |python| {
            let program = python.build(&LOCK, &[])?;
            let figures = runs::exact(&[("lock", &program)], 5)?;
            Ok(Verdict::from_figures(figures))
        })
    },
};
