//! The check of Listing 10-12: which OS threads ran the goroutines that one
//! goroutine started, with two Ps and with one.

use std::io;
use std::time::Duration;

use crate::claims::{Bound, Claim, Figure, Verdict};
use crate::toolchain::{self, Language, Program, Source, run_command};

const STEAL: Source = Source {
    name: "steal.go",
    text: include_str!("../../go/ch10/steal.go"),
};

/// The Ps of the claim, the goroutines the listing starts, and the trials
/// the check may run before it gives up.
const TWO_PS: usize = 2;
const GOROUTINES: usize = 64;
const TRIALS: usize = 5;

/// Runs the listing with GOMAXPROCS set to `procs`, up to `TRIALS` times,
/// and judges the first run whose goroutines ran on two threads or more,
/// or else the last.
fn judge(program: &Program, procs: usize) -> io::Result<Verdict> {
    let mut last = None;
    for trial in 1..=TRIALS {
        let mut command = program.command();
        command.env("GOMAXPROCS", procs.to_string());
        let run = run_command(command, Duration::from_secs(20))?.success()?;
        let threads = run.number_after("threads that ran the goroutines")?;
        let counts = run.numbers_after("goroutines on another thread")?;
        let (elsewhere, total) = match counts[..] {
            [elsewhere, total] => (elsewhere, total),
            _ => return Err(io::Error::other("expected \"N of M\" goroutines")),
        };
        let verdict = Verdict::from_figures(vec![
            Figure::new("GOMAXPROCS", run.number_after("GOMAXPROCS")?, "")
                .bounded(Bound::Exactly(procs as f64)),
            Figure::new("goroutines", total, "").bounded(Bound::Exactly(GOROUTINES as f64)),
            Figure::new("threads that ran them", threads, "")
                .bounded(Bound::AtLeast(TWO_PS as f64)),
            Figure::new(
                "goroutines on another thread than the spawner's",
                elsewhere,
                "",
            )
            .bounded(Bound::AtLeast(1.0)),
            Figure::new("trials run", trial as f64, ""),
        ]);
        if threads >= TWO_PS as f64 && elsewhere >= 1.0 {
            return Ok(verdict);
        }
        last = Some(verdict);
    }
    Ok(last.expect("at least one trial ran"))
}

pub const CLAIM: Claim = Claim {
    id: "go-idle-p-steals",
    statement: "With GOMAXPROCS=2, 64 goroutines that one goroutine starts run on at least \
                two OS threads, some of them on another thread than the one that started \
                them, in at least one of five trials.",
    check: || {
        toolchain::with(Language::Go, |go| {
            let program = go.build(&STEAL, &[])?;
            let claim = judge(&program, TWO_PS)?.with_parameter("trials", TRIALS as f64);
            let control = judge(&program, 1)?;
            Ok(claim.against("GOMAXPROCS=1", control))
        })
    },
};
