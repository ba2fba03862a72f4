//! Listing 6-2: threads of one process share its memory and its process
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
    // One counter, one pid, and an OS thread of its own for each thread.
    assert_eq!(team.counter, 4);
    assert_eq!(team.os_threads, 5);
    assert!(
        team.views
            .iter()
            .all(|v| v.pid == main.pid && v.tid != main.tid)
    );
    Ok(())
}
// ANCHOR_END: listing

/// The threads the claim spawns, and the stack the standard library gives
/// each of them.
const MEMBERS: usize = 4;
const STACK: usize = 2 << 20;

/// The control of `threads-share-memory-and-pid`: the same team, each member
/// a child process made with `fork` instead of a thread. Each child adds 1
/// to its copy of the counter, looks at itself, sends what it saw through a
/// pipe, and stays alive until the parent has counted its own OS threads.
///
/// It must run while the process has one thread: a child of a
/// multi-threaded process may only call async-signal-safe functions.
pub fn process_team(n: usize) -> io::Result<Team> {
    use std::fs::File;
    use std::io::Read;
    use std::os::fd::FromRawFd;

    let pipe = || -> io::Result<[libc::c_int; 2]> {
        let mut fds = [0; 2];
        // SAFETY: `fds` has room for the two descriptors pipe writes.
        if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(fds)
    };
    let counter = AtomicU64::new(0);
    let [views_in, views_out] = pipe()?;
    let [release_in, release_out] = pipe()?;
    let mut children = Vec::new();
    for _ in 0..n {
        // SAFETY: the process has one thread, so the child may run any code.
        match unsafe { libc::fork() } {
            -1 => return Err(io::Error::last_os_error()),
            0 => {
                // The child: its write end of `release` would keep its own
                // read from ever ending.
                // SAFETY: closing descriptors this process owns.
                unsafe { libc::close(release_out) };
                counter.fetch_add(1, Relaxed);
                let view = ThreadView::here().unwrap_or(ThreadView {
                    pid: 0,
                    tid: 0,
                    stack: Stack { low: 0, size: 0 },
                    local: 0,
                });
                let words = [
                    view.pid as u64,
                    view.tid as u64,
                    view.stack.low as u64,
                    view.stack.size as u64,
                    view.local as u64,
                ];
                let mut byte = 0_u8;
                // SAFETY: writing and reading plain buffers of the sizes
                // given; _exit ends the child without running the parent's
                // destructors or flushing its buffers a second time.
                unsafe {
                    libc::write(views_out, words.as_ptr().cast(), size_of_val(&words));
                    libc::read(release_in, std::ptr::from_mut(&mut byte).cast(), 1);
                    libc::_exit(0);
                }
            }
            child => children.push(child),
        }
    }
    // SAFETY: the parent owns these descriptors and closes each once.
    unsafe {
        libc::close(views_out);
        libc::close(release_in);
    }
    // SAFETY: the parent owns `views_in`; the File closes it.
    let mut views_pipe = unsafe { File::from_raw_fd(views_in) };
    let mut views = Vec::new();
    for _ in 0..n {
        let mut bytes = [0_u8; 5 * 8];
        views_pipe.read_exact(&mut bytes)?;
        let word =
            |i: usize| u64::from_ne_bytes(bytes[8 * i..8 * i + 8].try_into().expect("8 bytes"));
        views.push(ThreadView {
            pid: word(0) as u32,
            tid: word(1) as i32,
            stack: Stack {
                low: word(2) as usize,
                size: word(3) as usize,
            },
            local: word(4) as usize,
        });
    }
    // Every child is alive, waiting for `release` to close.
    let os_threads = measure::os_threads();
    // SAFETY: closing the parent's last write end releases the children,
    // which the parent then reaps.
    unsafe {
        libc::close(release_out);
        for child in children {
            libc::waitpid(child, std::ptr::null_mut(), 0);
        }
    }
    Ok(Team {
        views,
        counter: counter.into_inner(),
        os_threads: os_threads?,
    })
}

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "threads-share-memory-and-pid",
    statement: "Four threads spawned with std::thread share their process's memory and \
                process id, yet each is an OS thread of its own, with its own thread id \
                and its own 2 MiB stack.",
    check,
};

/// The check, for a team of `MEMBERS` seen from `main`.
fn shares_and_owns(main: &ThreadView, team: &Team) -> Verdict {
    let n = MEMBERS as f64;
    let same_pid = team.views.iter().filter(|v| v.pid == main.pid).count();
    let tids: HashSet<i32> = team.views.iter().map(|v| v.tid).collect();
    let own_tids = tids.iter().filter(|&&tid| tid != main.tid).count();
    let two_mib = team.views.iter().filter(|v| v.stack.size == STACK).count();
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
    Verdict::from_figures(vec![
        Figure::new(
            format!("shared counter after {MEMBERS} increments"),
            team.counter as f64,
            "",
        )
        .bounded(Bound::Exactly(n)),
        Figure::new("members with the main thread's pid", same_pid as f64, "")
            .bounded(Bound::Exactly(n)),
        Figure::new("OS threads in the process", team.os_threads as f64, "")
            .bounded(Bound::Exactly(n + 1.0)),
        Figure::new("distinct thread ids, none main's", own_tids as f64, "")
            .bounded(Bound::Exactly(n)),
        Figure::new(
            format!("stacks of exactly {} MiB", STACK >> 20),
            two_mib as f64,
            "",
        )
        .bounded(Bound::Exactly(n)),
        Figure::new("locals in their own stack only", locals_at_home as f64, "")
            .bounded(Bound::Exactly(n)),
    ])
}

fn check() -> io::Result<Verdict> {
    let main = ThreadView::here()?;
    // The control first, while this process has only its main thread.
    let control = shares_and_owns(&main, &process_team(MEMBERS)?);
    let claim = shares_and_owns(&main, &team(MEMBERS)?);
    Ok(claim
        .against(
            "child processes made with fork in place of threads",
            control,
        )
        .with_parameter("threads", MEMBERS as f64))
}
// ANCHOR_END: check
