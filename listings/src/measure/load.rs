//! The load of the machine: how busy other work kept the CPUs this
//! process may use while a closure ran.

use std::fs;
use std::io;
use std::time::Duration;

use super::{allowed_cpus, children_cpu_time, process_cpu_time, wall_time};

/// How busy the CPUs this process may use were with other work while a
/// closure ran. This is the calibration gate of claims that need idle cores:
/// it is read from the kernel's counters, not from the experiment itself.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    /// Wall time of the window.
    pub wall: Duration,
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
            others_cpu: busy.saturating_sub(own_cpu),
            cpus: cpus.len(),
        },
    ))
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
