//! Listing 6-1 runs `fork.c`: a child process changes its copy of a
//! variable, and the parent's copy does not change.

use std::io;
use std::time::Duration;

use listings::ch06::{FORK, THREAD};
use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::toolchain::{self, Language, Source, Toolchain};

/// What the two processes of `fork.c` printed.
#[derive(Debug, Default)]
pub struct Forked {
    pub parent_pid: i64,
    pub child_pid: i64,
    /// The child's pid as `fork` returned it to the parent.
    pub child_pid_seen_by_parent: i64,
    pub counter_in_child: i64,
    pub counter_in_parent_after: i64,
}

/// Reads lines such as `child  5944: counter = 42`.
pub fn parse(output: &str) -> io::Result<Forked> {
    let bad = || io::Error::other(format!("unexpected output from fork.c:\n{output}"));
    let mut forked = Forked::default();
    for line in output.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let number = |i: usize| -> io::Result<i64> {
            words
                .get(i)
                .and_then(|w| w.trim_end_matches(':').parse().ok())
                .ok_or_else(bad)
        };
        match words[..] {
            ["child", _, "counter", "=", _] => {
                forked.child_pid = number(1)?;
                forked.counter_in_child = number(4)?;
            }
            ["parent", _, "child", _, "has", "ended"] => {
                forked.child_pid_seen_by_parent = number(3)?;
            }
            ["parent", _, "counter", "=", _] => {
                forked.parent_pid = number(1)?;
                forked.counter_in_parent_after = number(4)?;
            }
            _ => {}
        }
    }
    Ok(forked)
}

pub fn main() -> io::Result<()> {
    let gcc = match Toolchain::find(Language::C) {
        Ok(gcc) => gcc,
        Err(missing) => {
            println!("{}", missing.reason());
            return Ok(());
        }
    };
    let program = gcc.build(&FORK, &["-O0"])?;
    let run = program.run(&[], Duration::from_secs(10))?.success()?;
    print!("{}", run.stdout);
    let forked = parse(&run.stdout)?;
    assert_eq!(forked.counter_in_child, CHILD_WRITES);
    assert_eq!(forked.counter_in_parent_after, 0);
    assert_ne!(forked.child_pid, forked.parent_pid);
    Ok(())
}

/// The value the child of `fork.c` (or the thread of `thread.c`) writes.
const CHILD_WRITES: i64 = 42;

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "fork-child-has-own-memory",
    statement: "A process made by fork has its own copy of the parent's memory and its \
                own process id: when the child sets a global variable to 42, the parent's \
                copy stays 0.",
    check,
};

/// Builds and runs `source`, and judges what it printed.
fn own_memory(gcc: &Toolchain, source: &Source) -> io::Result<Verdict> {
    let program = gcc.build(source, &["-O0"])?;
    let run = program.run(&[], Duration::from_secs(10))?.success()?;
    let forked = parse(&run.stdout)?;
    let pid_differs = forked.child_pid != forked.parent_pid && forked.child_pid > 0;
    let fork_named_child = forked.child_pid == forked.child_pid_seen_by_parent;
    Ok(Verdict::from_figures(vec![
        Figure::new("counter in the child", forked.counter_in_child as f64, "")
            .bounded(Bound::Exactly(CHILD_WRITES as f64)),
        Figure::new(
            "counter in the parent after the child ended",
            forked.counter_in_parent_after as f64,
            "",
        )
        .bounded(Bound::Exactly(0.0)),
        Figure::yes_no("child's pid differs from the parent's", pid_differs)
            .bounded(Bound::Exactly(1.0)),
        Figure::yes_no("fork returned the child's pid", fork_named_child)
            .bounded(Bound::Exactly(1.0)),
    ]))
}

fn check() -> io::Result<Verdict> {
    toolchain::with(Language::C, |gcc| {
        let claim = own_memory(gcc, &FORK)?;
        let control = own_memory(gcc, &THREAD)?;
        Ok(claim.against("a thread in place of the child process (thread.c)", control))
    })
}
// ANCHOR_END: check
