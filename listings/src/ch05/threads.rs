//! Listing 5-2: threads of one process share its memory and its process
//! id, but each has a thread id and a stack of its own.

use std::collections::HashSet;
use std::io;
use std::process;
use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::thread;

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;

// ANCHOR: listing
/// Where a thread's stack lies: its lowest address and its size in bytes.
#[derive(Debug, Clone, Copy)]
pub struct Stack {
    pub low: usize,
    pub size: usize,
}

impl Stack {
    pub fn contains(&self, address: usize) -> bool {
        (self.low..self.low + self.size).contains(&address)
    }
}

/// The calling thread's stack, as the C library describes it.
pub fn current_stack() -> io::Result<Stack> {
    // SAFETY: an all-zero pthread_attr_t is a valid place for
    // pthread_getattr_np to initialise.
    let mut attr: libc::pthread_attr_t = unsafe { std::mem::zeroed() };
    // SAFETY: pthread_self names the calling thread, which is alive.
    let rc = unsafe { libc::pthread_getattr_np(libc::pthread_self(), &mut attr) };
    if rc != 0 {
        return Err(io::Error::from_raw_os_error(rc));
    }
    let mut low = std::ptr::null_mut();
    let mut size = 0;
    // SAFETY: `attr` was initialised above; the out-pointers are valid.
    let rc = unsafe { libc::pthread_attr_getstack(&attr, &mut low, &mut size) };
    // SAFETY: `attr` was initialised and is destroyed once.
    unsafe { libc::pthread_attr_destroy(&mut attr) };
    if rc != 0 {
        return Err(io::Error::from_raw_os_error(rc));
    }
    Ok(Stack {
        low: low as usize,
        size,
    })
}

/// What one thread saw of itself.
#[derive(Debug, Clone, Copy)]
pub struct ThreadView {
    pub pid: u32,
    pub tid: i32,
    pub stack: Stack,
    /// The address of a local variable of the thread.
    pub local: usize,
}

impl ThreadView {
    pub fn here() -> io::Result<ThreadView> {
        let local = 0_u8;
        Ok(ThreadView {
            pid: process::id(),
            tid: measure::thread_id(),
            stack: current_stack()?,
            local: std::ptr::from_ref(&local) as usize,
        })
    }
}

/// What a team of threads saw.
pub struct Team {
    pub views: Vec<ThreadView>,
    /// The shared counter, to which each thread added 1.
    pub counter: u64,
    /// OS threads of the process while the team was alive.
    pub os_threads: usize,
}

/// Spawns `n` threads. Each adds 1 to a shared counter and looks at
/// itself; all stay alive until `main` has counted the OS threads.
pub fn team(n: usize) -> io::Result<Team> {
    let counter = AtomicU64::new(0);
    let everyone = Barrier::new(n + 1);
    let (views, os_threads) = thread::scope(|s| {
        let members: Vec<_> = (0..n)
            .map(|_| {
                s.spawn(|| {
                    counter.fetch_add(1, Relaxed);
                    let view = ThreadView::here();
                    everyone.wait(); // all alive now
                    everyone.wait(); // main has counted
                    view
                })
            })
            .collect();
        everyone.wait();
        let os_threads = measure::os_threads();
        everyone.wait();
        let views: io::Result<Vec<_>> = members
            .into_iter()
            .map(|m| m.join().expect("a member does not panic"))
            .collect();
        (views, os_threads)
    });
    Ok(Team {
        views: views?,
        counter: counter.into_inner(),
        os_threads: os_threads?,
    })
}

pub fn main() -> io::Result<()> {
    let main = ThreadView::here()?;
    let team = team(4)?;
    println!(
        "OS threads: {}, shared counter: {}",
        team.os_threads, team.counter
    );
    for view in [main].iter().chain(&team.views) {
        println!(
            "pid {} tid {}: stack of {} KiB at {:#x}, a local at {:#x}",
            view.pid,
            view.tid,
            view.stack.size / 1024,
            view.stack.low,
            view.local
        );
    }
    Ok(())
}
// ANCHOR_END: listing

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "threads-share-memory-and-pid",
    statement: "Four threads spawned with std::thread share their process's memory and \
                process id, yet each is an OS thread of its own, with its own thread id \
                and its own 2 MiB stack.",
    check,
};

fn check() -> io::Result<Verdict> {
    let n = 4;
    let main = ThreadView::here()?;
    let team = team(n)?;
    let same_pid = team.views.iter().filter(|v| v.pid == main.pid).count();
    let tids: HashSet<i32> = team.views.iter().map(|v| v.tid).collect();
    let own_tids = tids.iter().filter(|&&tid| tid != main.tid).count();
    let two_mib = team
        .views
        .iter()
        .filter(|v| v.stack.size == 2 << 20)
        .count();
    // A thread's local variable lies in its own stack and in no other.
    let locals_at_home = team
        .views
        .iter()
        .filter(|v| {
            team.views
                .iter()
                .filter(|w| w.stack.contains(v.local))
                .count()
                == 1
        })
        .filter(|v| v.stack.contains(v.local))
        .count();
    Ok(Verdict::from_figures(vec![
        Figure::new("shared counter after 4 increments", team.counter as f64, "")
            .bounded(Bound::Exactly(n as f64)),
        Figure::new("threads with the main thread's pid", same_pid as f64, "")
            .bounded(Bound::Exactly(n as f64)),
        Figure::new("OS threads in the process", team.os_threads as f64, "")
            .bounded(Bound::Exactly(n as f64 + 1.0)),
        Figure::new("distinct thread ids, none main's", own_tids as f64, "")
            .bounded(Bound::Exactly(n as f64)),
        Figure::new("stacks of exactly 2 MiB", two_mib as f64, "")
            .bounded(Bound::Exactly(n as f64)),
        Figure::new("locals in their own stack only", locals_at_home as f64, "")
            .bounded(Bound::Exactly(n as f64)),
    ]))
}
// ANCHOR_END: check
