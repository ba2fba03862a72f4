//! Listing 3-6: a supervisor that runs workers in processes of their own,
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

fn check() -> io::Result<Verdict> {
    let endings = supervise(&[CRASHING_WORKER, HEALTHY_WORKER])?;
    // -1 stands for "no such signal" or "no exit code".
    let signal = endings.first().and_then(|s| s.signal()).unwrap_or(-1);
    let code = endings.get(1).and_then(|s| s.code()).unwrap_or(-1);
    Ok(Verdict::from_figures(vec![
        Figure::new("workers started", endings.len() as f64, "").bounded(Bound::Exactly(2.0)),
        Figure::new("signal that ended the first", signal as f64, "")
            .bounded(Bound::Exactly(libc::SIGABRT as f64)),
        Figure::new("exit code of the replacement", code as f64, "").bounded(Bound::Exactly(0.0)),
    ]))
}
// ANCHOR_END: check
