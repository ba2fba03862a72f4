//! Measuring primitives, written once and used by every listing and claim check.
//!
//! Everything here reads what Linux reports about this process: its clocks,
//! its threads in `/proc/self/task`, its CPU affinity, and the machine-wide
//! CPU counters in `/proc/stat`.
//!
//! Counting threads needs a process of its own, so this example is not
//! merged with the other doctests:
//!
//! ```standalone_crate
//! use listings::measure;
//!
//! # fn main() -> std::io::Result<()> {
//! let before = measure::os_threads()?;
//! let during = std::thread::spawn(measure::os_threads).join().unwrap()?;
//! assert_eq!(during, before + 1);
//! # Ok(())
//! # }
//! ```

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::time::{Duration, Instant};

/// The CPU time the calling thread has used so far.
///
/// A thread that sleeps or waits for a lock uses no CPU time, so the CPU
/// time of a thread is at most the wall time it has existed.
///
/// ```
/// use listings::measure::thread_cpu_time;
///
/// let start = thread_cpu_time();
/// std::thread::sleep(std::time::Duration::from_millis(50));
/// // Sleeping costs (almost) no CPU time.
/// assert!(thread_cpu_time() - start < std::time::Duration::from_millis(25));
/// ```
pub fn thread_cpu_time() -> Duration {
    clock(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// The CPU time all threads of this process have used so far.
pub fn process_cpu_time() -> Duration {
    clock(libc::CLOCK_PROCESS_CPUTIME_ID)
}

/// The CPU time used so far by the child processes of this process that
/// have ended and been waited for (as `Command::output` and `wait` do).
pub fn children_cpu_time() -> Duration {
    // SAFETY: an all-zero rusage is valid for the kernel to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid rusage to write into.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage(RUSAGE_CHILDREN) failed");
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

fn clock(id: libc::clockid_t) -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the kernel to write into.
    let rc = unsafe { libc::clock_gettime(id, &mut now) };
    // Linux supports both CPU-time clocks; failure would be a kernel bug.
    assert_eq!(rc, 0, "clock_gettime({id}) failed");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// Runs `f` and returns its result with the wall (elapsed) time it took.
///
/// ```
/// use std::time::Duration;
/// use listings::measure::wall_time;
///
/// let ((), took) = wall_time(|| std::thread::sleep(Duration::from_millis(20)));
/// assert!(took >= Duration::from_millis(20));
/// ```
pub fn wall_time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

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

/// What two busy threads did: how long they took and how much CPU time they
/// got. The ratio of the two tells whether they ran at the same time.
#[derive(Debug, Clone)]
pub struct Overlap {
    /// Wall time from the start of the first thread to the end of the last.
    pub wall: Duration,
    /// The CPU time each thread used, from its own thread clock.
    pub cpu: Vec<Duration>,
    /// The distinct CPUs the threads were seen running on.
    pub cpus_seen: BTreeSet<usize>,
}

impl Overlap {
    /// Total CPU time divided by wall time: about 1 when the threads took
    /// turns on one core, about 2 when two threads ran side by side.
    pub fn ratio(&self) -> f64 {
        let cpu: Duration = self.cpu.iter().sum();
        cpu.as_secs_f64() / self.wall.as_secs_f64()
    }
}

/// How busy the CPUs this process may use were with other work while a
/// closure ran. This is the calibration gate of claims that need idle cores:
/// it is read from the kernel's counters, not from the experiment itself.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    /// Wall time of the window.
    pub wall: Duration,
    /// CPU time this process, and the child processes it waited for, used
    /// in the window.
    pub own_cpu: Duration,
    /// CPU time used by everything else (other processes, and time the
    /// hypervisor took away, "steal") on the CPUs this process may use.
    pub others_cpu: Duration,
    /// The number of CPUs this process may use.
    pub cpus: usize,
}

impl Load {
    /// The average number of cores that other work kept busy.
    pub fn others_cores(&self) -> f64 {
        self.others_cpu.as_secs_f64() / self.wall.as_secs_f64()
    }

    /// Cores left for this process: allowed CPUs minus what others used.
    pub fn free_cores(&self) -> f64 {
        self.cpus as f64 - self.others_cores()
    }

    /// Whether at least `n` cores were free for this process throughout the
    /// window, give or take the counters' 10 ms ticks: it may use `n` CPUs,
    /// and other work kept busy at most 0.3 of a core of them on average.
    pub fn cores_free(&self, n: usize) -> bool {
        self.cpus >= n && self.free_cores() >= n as f64 - 0.3
    }

    /// Whether at least two cores were free: `cores_free(2)`.
    pub fn two_cores_free(&self) -> bool {
        self.cores_free(2)
    }
}

/// Runs `f` and reports how busy the machine was meanwhile. Work done by
/// child processes that `f` starts and waits for counts as this process's.
pub fn load_during<T>(f: impl FnOnce() -> T) -> io::Result<(T, Load)> {
    let cpus = allowed_cpus()?;
    let busy_before = busy_ticks(&cpus)?;
    let own_before = process_cpu_time() + children_cpu_time();
    let (value, wall) = wall_time(f);
    let own_cpu = process_cpu_time() + children_cpu_time() - own_before;
    let busy = busy_ticks(&cpus)? - busy_before;
    // SAFETY: sysconf only reads a configuration value.
    let ticks_per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let busy = Duration::from_secs_f64(busy as f64 / ticks_per_second);
    Ok((
        value,
        Load {
            wall,
            own_cpu,
            others_cpu: busy.saturating_sub(own_cpu),
            cpus: cpus.len(),
        },
    ))
}

/// How busy the machine is right now: the load during `window` of idling.
///
/// ```
/// use std::time::Duration;
///
/// let load = listings::measure::load_now(Duration::from_millis(100))?;
/// println!("other work keeps {:.2} cores busy", load.others_cores());
/// assert!(load.free_cores() <= load.cpus as f64);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn load_now(window: Duration) -> io::Result<Load> {
    let ((), load) = load_during(|| std::thread::sleep(window))?;
    Ok(load)
}

/// Ticks the given CPUs spent on anything but idling, from `/proc/stat`.
fn busy_ticks(cpus: &[usize]) -> io::Result<u64> {
    let stat = fs::read_to_string("/proc/stat")?;
    let mut busy = 0;
    for line in stat.lines() {
        let mut fields = line.split_whitespace();
        let Some(cpu) = fields.next().and_then(|name| name.strip_prefix("cpu")) else {
            continue;
        };
        let Ok(cpu) = cpu.parse::<usize>() else {
            continue; // the "cpu" line that sums all CPUs
        };
        if !cpus.contains(&cpu) {
            continue;
        }
        let ticks: Vec<u64> = fields.take(8).filter_map(|t| t.parse().ok()).collect();
        // user nice system idle iowait irq softirq steal
        if let [user, nice, system, _idle, _iowait, irq, softirq, steal] = ticks[..] {
            busy += user + nice + system + irq + softirq + steal;
        }
    }
    Ok(busy)
}
