//! The Go versions of the exercise (Listings 11-13 to 11-15) and their
//! claims: the go tool builds each listing, and the checks run it and read
//! what it printed.

use std::io;

use listings::ch11::runs::{self, Ends};
use listings::claims::{Claim, Verdict};
use listings::toolchain::{self, Language, Source};

/// Listing 11-13: two goroutines change `i` with no synchronisation.
pub const RACE: Source = Source {
    name: "race.go",
    text: include_str!("../../go/ch11/race.go"),
};

/// Listing 11-14: a `sync.Mutex` around each step.
pub const MUTEX: Source = Source {
    name: "mutex.go",
    text: include_str!("../../go/ch11/mutex.go"),
};

/// Listing 11-15: a number server that owns `i`.
pub const SERVER: Source = Source {
    name: "server.go",
    text: include_str!("../../go/ch11/server.go"),
};

/// Runs of the racy program: in its claim, and as the control of the fixed
/// ones'.
pub const RACY_RUNS: usize = 20;

/// Runs of a fixed version in its claim.
pub const FIXED_RUNS: usize = 5;

/// Runs of the fixed version as the control of the racy one's claim: it
/// must end right in every one, so a few are enough.
pub const CONTROL_RUNS: usize = 3;

/// Runs of the racy program with GOMAXPROCS=1.
pub const ONE_PROC_RUNS: usize = 10;

/// The number of goroutines a listing starts with `go func()`.
pub fn goroutines(source: &Source) -> usize {
    source.text.matches("go func()").count()
}

pub const RACE_LOSES: Claim = Claim {
    id: "go-race-loses-updates",
    statement: "In Go, two goroutines that change a global i with no synchronisation lose \
                updates: at least one of twenty runs ends away from -1.",
    check: || {
        toolchain::with(Language::Go, |go| {
            let right = runs::same_right(&[&RACE, &MUTEX])?;
            let racy = Ends::of(&go.build(&RACE, &[])?, RACY_RUNS)?;
            let fixed = Ends::of(&go.build(&MUTEX, &[])?, CONTROL_RUNS)?;
            let claim = runs::judge_loses(&racy, right, true);
            let control = runs::judge_loses(&fixed, right, true);
            Ok(claim
                .against("with the sync.Mutex (mutex.go)", control)
                .with_parameter("goroutines race.go starts", goroutines(&RACE) as f64))
        })
    },
};

/// How Go's race detector starts its report of a data race.
pub const RACE_WARNING: &str = "WARNING: DATA RACE";

pub const DETECTOR: Claim = Claim {
    id: "go-race-detector-reports-the-race",
    statement: "Built with go build -race, the racy Go program reports \"WARNING: DATA \
                RACE\" and exits with status 66, and the sync.Mutex version reports nothing \
                and exits with status 0.",
    check: || {
        toolchain::with(Language::Go, |go| {
            runs::race_detector(
                go,
                &["-race"],
                RACE_WARNING,
                ("racy", &RACE),
                ("mutex", &MUTEX),
            )
        })
    },
};

/// Listing 11-14 without its lock.
pub fn lock_taken_away() -> io::Result<Source> {
    runs::edited(
        &MUTEX,
        "lock_taken_away.go",
        &[("\t\t\tlock.Lock()\n", ""), ("\t\t\tlock.Unlock()\n", "")],
    )
}

pub const MUTEX_AND_SERVER: Claim = Claim {
    id: "go-mutex-and-number-server-exact",
    statement: "Written with a sync.Mutex, or as a number server goroutine that alone owns i \
                and selects on increment, decrement and get channels, the Go exercise ends \
                at exactly -1 in every one of five runs of each version.",
    check: || {
        toolchain::with(Language::Go, |go| {
            let without = lock_taken_away()?;
            let right = runs::same_right(&[&MUTEX, &SERVER, &RACE, &without])?;
            let runs_of = |source: &Source, runs| Ends::of(&go.build(source, &[])?, runs);
            let judge = |name, ends: &Ends| runs::judge_exact(&[(name, ends)], right, true);
            // Each version's control takes its fix away: the mutex version
            // without the lock, and the racy program instead of the server.
            let mutex = judge("mutex", &runs_of(&MUTEX, FIXED_RUNS)?).against(
                "mutex.go without the lock",
                judge("no lock", &runs_of(&without, RACY_RUNS)?),
            );
            let server = judge("number server", &runs_of(&SERVER, FIXED_RUNS)?).against(
                "without the server: race.go",
                judge("racy", &runs_of(&RACE, RACY_RUNS)?),
            );
            Ok(runs::each(vec![mutex, server]))
        })
    },
};

pub const ONE_PROC_HIDES: Claim = Claim {
    id: "go-gomaxprocs-one-hides-the-race",
    statement: "With GOMAXPROCS=1 on x86-64, the racy Go program hides its bug: go compiles \
                each i++ and i-- to one instruction that reads and writes memory, only one \
                thread runs Go code at a time, and every one of ten runs ends at exactly -1; \
                built with -race and run with GOMAXPROCS=1, it still reports \"WARNING: DATA \
                RACE\" and exits with status 66.",
    check: || {
        toolchain::with(Language::Go, |go| {
            if std::env::consts::ARCH != "x86_64" {
                return Ok(Verdict::not_applicable(
                    format!(
                        "the check reads x86-64 instructions, and this is {}",
                        std::env::consts::ARCH
                    ),
                    Vec::new(),
                ));
            }
            let right = runs::right_answer(&RACE)?;
            let program = go.build(&RACE, &[])?;
            let asm = go.disassembly(&program, r"^main\.main\.func[12]$")?;
            let mut figures = Vec::new();
            for (name, function) in [("i++", "main.main.func1"), ("i--", "main.main.func2")] {
                let on_i = instructions_on_i(&asm, function);
                let read_modify_write = on_i.len() == 1
                    && ["INCQ", "DECQ", "ADDQ", "SUBQ"]
                        .iter()
                        .any(|op| on_i[0].starts_with(op) && on_i[0].ends_with("main.i(SB)"));
                figures.extend(runs::one_instruction(
                    name,
                    on_i.len(),
                    "reads and writes i",
                    read_modify_write,
                ));
            }
            // The control: the same program, with GOMAXPROCS at its default.
            let free = Ends::of(&program, ONE_PROC_RUNS)?;
            let one_proc = Ends::of(&program.with_env("GOMAXPROCS", "1"), ONE_PROC_RUNS)?;
            match runs::detect(
                go,
                &["-race"],
                &[("GOMAXPROCS", "1")],
                RACE_WARNING,
                ("-race, GOMAXPROCS=1", &RACE),
            )? {
                Ok(detected) => figures.extend(detected.figures(true)),
                Err(cannot) => return Ok(cannot),
            }
            let claim = runs::along(
                figures,
                runs::judge_exact(&[("GOMAXPROCS=1", &one_proc)], right, true),
            );
            let control = runs::judge_exact(&[("GOMAXPROCS default", &free)], right, true);
            Ok(claim.against("GOMAXPROCS at its default", control))
        })
    },
};

/// The instructions of the Go function `function` in `go tool objdump`'s
/// output that name the global `i`, as "DECQ main.i(SB)".
pub fn instructions_on_i(objdump: &str, function: &str) -> Vec<String> {
    objdump
        .split("TEXT ")
        .filter(|block| block.starts_with(&format!("{function}(SB)")))
        .flat_map(str::lines)
        .filter_map(|line| line.split('\t').filter(|f| !f.trim().is_empty()).nth(3))
        .map(|op| op.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|op| op.contains("main.i(SB)"))
        .collect()
}
