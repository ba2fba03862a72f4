//! Measuring primitives, written once and used by every listing and claim check.
//!
//! Everything here reads what Linux reports about this process: its clocks,
//! its threads in `/proc/self/task`, its CPU affinity, and the machine-wide
//! CPU counters in `/proc/stat`: the clocks in `time.rs`, threads, thread
//! ids and affinity in `threads.rs`, the machine's load in `load.rs`.
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
use std::time::Duration;

mod load;
mod threads;
mod time;

pub use load::{Load, load_during};
pub use threads::{Sampler, allowed_cpus, current_cpu, os_threads, pin_current_thread, thread_id};
pub use time::{children_cpu_time, process_cpu_time, thread_cpu_time, wall_time};

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
