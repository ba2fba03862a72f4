//! OS threads: how many the process has, their ids, the CPU one runs on,
//! and the CPUs it may run on.

use std::fs;
use std::io;
use std::time::{Duration, Instant};

/// The number of OS threads this process has right now: the entries of
/// `/proc/self/task`, one per thread the kernel schedules.
///
/// A thread that has just been joined may still be counted for a moment:
/// `join` returns once the thread has finished its work, which can be a
/// little before the kernel removes it. Count threads while they run.
pub fn os_threads() -> io::Result<usize> {
    Ok(fs::read_dir("/proc/self/task")?.count())
}

/// The kernel's id for the calling thread (its TID).
///
/// Every OS thread has its own; the main thread's TID equals the process id.
///
/// ```
/// use listings::measure::thread_id;
///
/// let main = thread_id();
/// assert_eq!(main, std::process::id() as i32);
/// let other = std::thread::spawn(thread_id).join().unwrap();
/// assert_ne!(main, other);
/// ```
pub fn thread_id() -> i32 {
    // SAFETY: gettid takes no arguments and cannot fail.
    unsafe { libc::gettid() }
}

/// The CPU the calling thread is running on at this instant.
pub fn current_cpu() -> io::Result<usize> {
    // SAFETY: sched_getcpu takes no arguments.
    let cpu = unsafe { libc::sched_getcpu() };
    usize::try_from(cpu).map_err(|_| io::Error::last_os_error())
}

/// Samples, taken inside a running thread, of when it ran and on which
/// CPU: the data of the book's timelines. Call [`Sampler::sample`] often,
/// in the thread's busy loop; it keeps one sample per `every` of wall
/// time, from `start` until `window` has passed, so that a gap between two
/// samples much longer than `every` shows a time the thread did not run.
///
/// ```
/// use std::time::{Duration, Instant};
/// use listings::measure::Sampler;
///
/// let mut sampler = Sampler::new(Instant::now(), Duration::from_micros(100), Duration::from_millis(2));
/// let until = Instant::now() + Duration::from_millis(3);
/// while Instant::now() < until {
///     sampler.sample().expect("Linux tells the CPU");
/// }
/// // About one sample per 0.1 ms of the 2 ms window, as (ms, CPU).
/// assert!(sampler.samples.len() > 5 && sampler.samples.len() <= 21);
/// assert!(sampler.samples.iter().all(|&(t, _)| t <= 2.0));
/// ```
#[derive(Debug, Clone)]
pub struct Sampler {
    start: Instant,
    every: Duration,
    window: Duration,
    last: Option<Instant>,
    /// The samples: milliseconds since `start`, and the CPU.
    pub samples: Vec<(f64, f64)>,
}

impl Sampler {
    /// A sampler that keeps a sample every `every` from `start` to
    /// `start + window`.
    pub fn new(start: Instant, every: Duration, window: Duration) -> Sampler {
        Sampler {
            start,
            every,
            window,
            last: None,
            samples: Vec::new(),
        }
    }

    /// Takes a sample if `every` has passed since the last one, and the
    /// window has not.
    pub fn sample(&mut self) -> io::Result<()> {
        let now = Instant::now();
        let since = now.saturating_duration_since(self.start);
        if since > self.window || self.last.is_some_and(|last| now - last < self.every) {
            return Ok(());
        }
        self.last = Some(now);
        self.samples
            .push((since.as_secs_f64() * 1e3, current_cpu()? as f64));
        Ok(())
    }
}

/// The CPUs this process may run on: its affinity mask.
///
/// This can be fewer than the machine has, for example under
/// `taskset -c 0`. Threads inherit the mask of the thread that spawns them.
pub fn allowed_cpus() -> io::Result<Vec<usize>> {
    // SAFETY: an all-zero cpu_set_t is a valid, empty set.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: `set` is valid for writes of size_of::<cpu_set_t>() bytes.
    let rc = unsafe { libc::sched_getaffinity(0, size_of::<libc::cpu_set_t>(), &mut set) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    let cpus = (0..libc::CPU_SETSIZE as usize)
        // SAFETY: `cpu` is below CPU_SETSIZE, the size of the set.
        .filter(|&cpu| unsafe { libc::CPU_ISSET(cpu, &set) })
        .collect();
    Ok(cpus)
}

/// Confines the calling thread to one CPU. Threads it spawns afterwards
/// inherit the restriction.
pub fn pin_current_thread(cpu: usize) -> io::Result<()> {
    // SAFETY: an all-zero cpu_set_t is a valid, empty set.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: CPU_SET only writes inside `set`, and checks the index.
    unsafe { libc::CPU_SET(cpu, &mut set) };
    // SAFETY: `set` is a valid cpu_set_t of the size given.
    let rc = unsafe { libc::sched_setaffinity(0, size_of::<libc::cpu_set_t>(), &set) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}
