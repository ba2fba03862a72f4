//! The Go versions of the exercise (Listings 10-13 to 10-15) and their
//! claims: the go tool builds each listing, and the checks run it and read
//! what it printed.

use listings::ch10::runs;
use listings::claims::{Claim, Verdict};
use listings::toolchain::{self, Language, Source};

/// Listing 10-13: two goroutines change `i` with no synchronisation.
pub const RACE: Source = Source {
    name: "race.go",
    text: include_str!("../../go/ch10/race.go"),
};

/// Listing 10-14: a `sync.Mutex` around each step.
pub const MUTEX: Source = Source {
    name: "mutex.go",
    text: include_str!("../../go/ch10/mutex.go"),
};

/// Listing 10-15: a number server that owns `i`.
pub const SERVER: Source = Source {
    name: "server.go",
    text: include_str!("../../go/ch10/server.go"),
};

pub const RACE_LOSES: Claim = Claim {
    id: "go-race-loses-updates",
    statement: "In Go, two goroutines that change a global i with no synchronisation lose \
                updates: at least one of twenty runs ends away from -1.",
    check: || {
        toolchain::with(Language::Go, |go| {
            let program = go.build(&RACE, &[])?;
            runs::loses_updates(&program, 20, true)
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

pub const MUTEX_AND_SERVER: Claim = Claim {
    id: "go-mutex-and-number-server-exact",
    statement: "Written with a sync.Mutex, or as a number server goroutine that alone owns i \
                and selects on increment, decrement and get channels, the Go exercise ends \
                at exactly -1 in every one of five runs of each version.",
    check: || {
        toolchain::with(Language::Go, |go| {
            let mutex = go.build(&MUTEX, &[])?;
            let server = go.build(&SERVER, &[])?;
            let figures = runs::exact(&[("mutex", &mutex), ("number server", &server)], 5)?;
            Ok(Verdict::from_figures(figures))
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
            let one_proc = program.with_env("GOMAXPROCS", "1");
            figures.extend(runs::exact(&[("GOMAXPROCS=1", &one_proc)], 10)?);
            let detected = runs::detector_figures(
                go,
                &["-race"],
                &[("GOMAXPROCS", "1")],
                RACE_WARNING,
                ("-race, GOMAXPROCS=1", &RACE),
                true,
            )?;
            match detected {
                Ok(more) => figures.extend(more),
                Err(cannot) => return Ok(cannot),
            }
            Ok(Verdict::from_figures(figures))
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
