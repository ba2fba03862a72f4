//! The Go versions of the exercise (Listings 10-13 to 10-15) and their
//! claims: the go tool builds each listing, and the checks run it and read
//! what it printed.

use listings::ch10::runs;
use listings::claims::{Claim, Verdict};
use listings::toolchain::{Language, Source, Toolchain};

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

fn go() -> Result<Toolchain, Verdict> {
    Toolchain::find(Language::Go).map_err(|missing| missing.verdict())
}

pub const RACE_LOSES: Claim = Claim {
    id: "go-race-loses-updates",
    statement: "In Go, two goroutines that change a global i with no synchronisation lose \
                updates: at least one of twenty runs ends away from -1.",
    check: || {
        let go = match go() {
            Ok(go) => go,
            Err(missing) => return Ok(missing),
        };
        let program = go.build(&RACE, &[])?;
        Ok(runs::loses_updates(&program, 20, true)?.with_note(go.version.clone()))
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
        let go = match go() {
            Ok(go) => go,
            Err(missing) => return Ok(missing),
        };
        runs::race_detector(
            &go,
            &["-race"],
            RACE_WARNING,
            ("racy", &RACE),
            ("mutex", &MUTEX),
        )
    },
};

pub const MUTEX_AND_SERVER: Claim = Claim {
    id: "go-mutex-and-number-server-exact",
    statement: "Written with a sync.Mutex, or as a number server goroutine that alone owns i \
                and selects on increment, decrement and get channels, the Go exercise ends \
                at exactly -1 in every one of five runs of each version.",
    check: || {
        let go = match go() {
            Ok(go) => go,
            Err(missing) => return Ok(missing),
        };
        let mutex = go.build(&MUTEX, &[])?;
        let server = go.build(&SERVER, &[])?;
        let figures = runs::exact(&[("mutex", &mutex), ("number server", &server)], 5)?;
        Ok(Verdict::from_figures(figures).with_note(go.version.clone()))
    },
};
