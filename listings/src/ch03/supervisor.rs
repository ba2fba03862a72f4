//! Listing 3-8: a supervisor that runs workers in processes of their own,
//! survives a worker's crash and starts a replacement. Fault isolation.

use std::io;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus};

use listings::claims::{Bound, Claim, Figure, Verdict};

// ANCHOR: listing
/// A worker that crashes: it sends itself SIGABRT, the signal with which
/// `std::process::abort` ends a Rust program. `ulimit -c 0` stops it from
/// leaving a core file behind.
pub const CRASHING_WORKER: &str = "echo 'worker: working'; ulimit -c 0; kill -ABRT $$";
/// A worker that finishes its job.
pub const HEALTHY_WORKER: &str = "echo 'worker: working'; echo 'worker: done'";

/// Runs the workers, each a shell script in a process of its own, one after
/// another until one succeeds. Returns how each one ended.
pub fn supervise(workers: &[&str]) -> io::Result<Vec<ExitStatus>> {
    let mut endings = Vec::new();
    for script in workers {
        let status = Command::new("sh").args(["-c", script]).status()?;
        println!("supervisor: the worker ended with {status}");
        endings.push(status);
        if status.success() {
            break;
        }
    }
    Ok(endings)
}

pub fn main() -> io::Result<()> {
    let endings = supervise(&[CRASHING_WORKER, HEALTHY_WORKER])?;
    println!("supervisor: still running, after {} workers", endings.len());
    assert_eq!(endings.len(), 2);
    assert_eq!(endings[0].signal(), Some(libc::SIGABRT));
    assert!(endings[1].success());
    Ok(())
}
// ANCHOR_END: listing

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "child-crash-leaves-parent-running",
    statement: "A child process that aborts does not take its parent down: the parent \
                sees that SIGABRT ended the child, and goes on to start a replacement \
                that succeeds.",
    check,
};

/// The control: the same workers without a process each. One shell runs
/// their scripts itself, one after the other, as threads of one process
/// would share it; returns how that process ended.
fn run_in_one_process(workers: &[&str]) -> io::Result<Vec<ExitStatus>> {
    let script = workers.join("\n");
    Ok(vec![Command::new("sh").args(["-c", &script]).status()?])
}

/// The check, on how each process of `workers` ended.
fn judge(workers: &[&str], endings: &[ExitStatus]) -> Verdict {
    // -1 stands for "no such signal" or "no exit code".
    let signal = endings.first().and_then(|s| s.signal()).unwrap_or(-1);
    let code = endings.get(1).and_then(|s| s.code()).unwrap_or(-1);
    Verdict::from_figures(vec![
        Figure::new("workers started", endings.len() as f64, "")
            .bounded(Bound::Exactly(workers.len() as f64)),
        Figure::new("signal that ended the first", signal as f64, "")
            .bounded(Bound::Exactly(libc::SIGABRT as f64)),
        Figure::new("exit code of the replacement", code as f64, "").bounded(Bound::Exactly(0.0)),
    ])
}

fn check() -> io::Result<Verdict> {
    let workers = [CRASHING_WORKER, HEALTHY_WORKER];
    let claim = judge(&workers, &supervise(&workers)?);
    let control = judge(&workers, &run_in_one_process(&workers)?);
    Ok(claim.against("both workers in one process", control))
}
// ANCHOR_END: check
