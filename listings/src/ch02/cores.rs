//! Listing 2-6: how many cores a program may use, as the program itself
//! can find out.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::thread;

use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::measure;

// ANCHOR: listing
/// What `available_parallelism` says on a new thread, confined to CPU
/// `pin` if one is given, and how many CPUs that thread's affinity mask
/// holds.
pub fn parallelism_on_thread(pin: Option<usize>) -> io::Result<(usize, usize)> {
    thread::spawn(move || {
        if let Some(cpu) = pin {
            measure::pin_current_thread(cpu)?;
        }
        let mask = measure::allowed_cpus()?.len();
        Ok((thread::available_parallelism()?.get(), mask))
    })
    .join()
    .unwrap_or_else(|_| Err(io::Error::other("the thread panicked")))
}

pub fn main() -> io::Result<()> {
    let allowed = measure::allowed_cpus()?;
    println!("CPUs in this thread's affinity mask: {allowed:?}");
    let unpinned = thread::available_parallelism()?.get();
    println!("available_parallelism: {unpinned}");
    let first = allowed[0];
    let (pinned, _) = parallelism_on_thread(Some(first))?;
    println!("available_parallelism on a thread pinned to CPU {first}: {pinned}");
    assert_eq!(pinned, 1);
    // A cgroup quota can only lower the count.
    assert!(unpinned <= allowed.len());
    Ok(())
}
// ANCHOR_END: listing

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "available-parallelism-follows-affinity",
    statement: "std::thread::available_parallelism returns 1 on a thread pinned to one CPU, \
                and on an unpinned thread the number of CPUs in its affinity mask, or the \
                cgroup CPU quota where that is lower.",
    check,
};

/// The check, with the thread for the pinned reading confined to CPU `pin`
/// (or, for the control, left free).
fn judge(pin: Option<usize>) -> io::Result<Verdict> {
    let allowed = measure::allowed_cpus()?;
    let quota = cgroup_cpu_quota();
    let expected = quota.map_or(allowed.len(), |q| q.min(allowed.len()));
    let unpinned = thread::available_parallelism()?.get();
    if unpinned < allowed.len() && quota.is_none() {
        // std found a limit that this simpler reader cannot see, such as a
        // quota in a cgroup mounted elsewhere: the check cannot decide.
        return Ok(Verdict::not_applicable(
            "available_parallelism is below the affinity count, but no cgroup quota \
             was found where cgroups are usually mounted",
            vec![
                Figure::new("CPUs in the affinity mask", allowed.len() as f64, ""),
                Figure::new("available_parallelism, unpinned", unpinned as f64, ""),
            ],
        ));
    }
    let (pinned, mask) = parallelism_on_thread(pin)?;
    let mut figures = vec![Figure::new(
        "CPUs in the affinity mask",
        allowed.len() as f64,
        "",
    )];
    if let Some(q) = quota {
        figures.push(Figure::new("cgroup CPU quota, whole CPUs", q as f64, ""));
    }
    figures.extend([
        Figure::new("available_parallelism, unpinned", unpinned as f64, "")
            .bounded(Bound::Exactly(expected as f64)),
        Figure::new("pinned thread: CPUs in its affinity mask", mask as f64, ""),
        Figure::new("pinned thread: available_parallelism", pinned as f64, "")
            .bounded(Bound::Exactly(1.0)),
    ]);
    let verdict = Verdict::from_figures(figures);
    // Where the process may use one CPU, or a quota allows one, pinning
    // changes nothing: a control left unpinned could not be refuted.
    if pin.is_none() && expected < 2 {
        let reason = format!("this process may use {expected} CPU, so pinning changes nothing");
        return Ok(Verdict::not_applicable(reason, verdict.figures));
    }
    Ok(verdict)
}

fn check() -> io::Result<Verdict> {
    let claim = judge(Some(measure::allowed_cpus()?[0]))?;
    // The control: the same check, with the thread for the pinned reading
    // left unpinned.
    let control = judge(None)?;
    Ok(claim.against("the thread left unpinned", control))
}
// ANCHOR_END: check

// ANCHOR: quota
/// The CPU quota of this process's cgroups in whole CPUs (rounded down, at
/// least 1), the lowest along each hierarchy, or `None` if no quota is set
/// or none can be read. It looks where cgroups are usually mounted: cgroup
/// v2's `cpu.max` and cgroup v1's `cpu.cfs_quota_us`/`cpu.cfs_period_us`.
pub fn cgroup_cpu_quota() -> Option<usize> {
    let membership = fs::read_to_string("/proc/self/cgroup").ok()?;
    let mut lowest: Option<usize> = None;
    // Each line is "hierarchy-id:controllers:path".
    for line in membership.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(_), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let v2 = controllers.is_empty();
        let roots: &[&str] = if v2 {
            &["/sys/fs/cgroup"]
        } else if controllers.split(',').any(|c| c == "cpu") {
            &["/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"]
        } else {
            continue;
        };
        for root in roots {
            let root = Path::new(root);
            let mut dir: PathBuf = root.join(path.trim_start_matches('/'));
            // Walk up to the root: a parent's quota limits its children too.
            while dir.starts_with(root) {
                if let Some(quota) = read_quota(&dir, v2) {
                    lowest = Some(lowest.map_or(quota, |q| q.min(quota)));
                }
                if !dir.pop() {
                    break;
                }
            }
        }
    }
    lowest
}

fn read_quota(dir: &Path, v2: bool) -> Option<usize> {
    let number = |file: &str| -> Option<i64> {
        fs::read_to_string(dir.join(file)).ok()?.trim().parse().ok()
    };
    let (quota, period) = if v2 {
        // "max 100000" when there is no quota, "150000 100000" for 1.5 CPUs.
        let text = fs::read_to_string(dir.join("cpu.max")).ok()?;
        let mut fields = text.split_whitespace();
        (fields.next()?.parse().ok()?, fields.next()?.parse().ok()?)
    } else {
        // -1 when there is no quota.
        (number("cpu.cfs_quota_us")?, number("cpu.cfs_period_us")?)
    };
    if quota <= 0 || period <= 0 {
        return None;
    }
    Some(usize::try_from(quota / period).unwrap_or(usize::MAX).max(1))
}
// ANCHOR_END: quota
