//! Clocks: the CPU time of a thread, of the process and of its children,
//! and the wall time of a closure.

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
