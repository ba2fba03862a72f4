//! A child cgroup with a CPU quota, for experiments that need a container's
//! CPU limit without a container.
//!
//! A *cgroup* (control group) is a set of processes whose use of a resource
//! the kernel limits; a container runtime puts each container in one. The
//! CPU controller's *quota* lets the group's processes use `quota` µs of CPU
//! time in every `period` µs: 150,000 in 100,000 is a limit of 1.5 CPUs.
//! cgroup v1 writes the two numbers to `cpu.cfs_quota_us` and
//! `cpu.cfs_period_us`; cgroup v2 writes both to `cpu.max`.
//!
//! [`QuotaCgroup::create`] makes a child of this process's own CPU cgroup,
//! in whichever version the machine mounts, and [`QuotaCgroup::command`]
//! starts a program inside it. The cgroup is removed when the value is
//! dropped, also when a check fails or panics; one left by a process that
//! was killed is removed by the next `create`.
//!
//! Creating one needs the right to write to the cgroup file system, which
//! normally means root. Where that is missing, `create` says why, in words
//! a verdict can give as its reason.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::Duration;

/// The names of the cgroups this module makes start with this.
const PREFIX: &str = "checked-concurrency-";

/// Which cgroup interface holds the CPU controller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// cgroup v1: a hierarchy of its own for the `cpu` controller.
    V1,
    /// cgroup v2: the unified hierarchy.
    V2,
}

/// A child cgroup with a CPU quota; removed when dropped.
#[derive(Debug)]
pub struct QuotaCgroup {
    dir: PathBuf,
    procs: File,
    /// The interface it was made in.
    pub version: Version,
    /// Its limit, in CPUs (quota / period).
    pub cpus: f64,
}

impl QuotaCgroup {
    /// Makes a child of this process's CPU cgroup whose processes may use
    /// `quota_us` µs of CPU time every `period_us` µs. `Err` says, in a
    /// sentence, why no such cgroup can be made here.
    pub fn create(quota_us: u64, period_us: u64) -> Result<QuotaCgroup, String> {
        let (version, parent) = own_cpu_cgroup()?;
        remove_stale(&parent);
        let where_ = match version {
            Version::V1 => "the cgroup v1 cpu hierarchy",
            Version::V2 => "the cgroup v2 hierarchy",
        };
        let dir = parent.join(format!("{PREFIX}{}", std::process::id()));
        // A directory of the same name can only be left by an earlier
        // process with our pid: it holds no process now.
        let _ = fs::remove_dir(&dir);
        fs::create_dir(&dir)
            .map_err(|e| format!("cannot create a child cgroup in {where_}: {e}"))?;
        // From here on, dropping `cgroup` removes the directory.
        let cgroup = QuotaCgroup {
            procs: OpenOptions::new()
                .write(true)
                .open(dir.join("cgroup.procs"))
                .map_err(|e| {
                    let _ = fs::remove_dir(&dir);
                    format!("cannot open the new cgroup's process list: {e}")
                })?,
            dir,
            version,
            cpus: quota_us as f64 / period_us as f64,
        };
        cgroup.set_quota(quota_us, period_us)?;
        Ok(cgroup)
    }

    fn set_quota(&self, quota_us: u64, period_us: u64) -> Result<(), String> {
        let write = |file: &str, value: String| {
            fs::write(self.dir.join(file), value)
                .map_err(|e| format!("cannot set the CPU quota ({file}): {e}"))
        };
        match self.version {
            Version::V1 => {
                write("cpu.cfs_period_us", period_us.to_string())?;
                write("cpu.cfs_quota_us", quota_us.to_string())
            }
            Version::V2 => {
                if !self.dir.join("cpu.max").exists() {
                    return Err("the CPU controller is not enabled for child cgroups \
                                (cgroup v2 has no cpu.max in a new child)"
                        .to_owned());
                }
                write("cpu.max", format!("{quota_us} {period_us}"))
            }
        }
    }

    /// A command for `program` that starts inside this cgroup: the child
    /// moves itself in between fork and exec, so it never runs outside it.
    pub fn command(&self, mut command: Command) -> Command {
        let fd = self.procs.as_raw_fd();
        // SAFETY: the closure runs in the child between fork and exec and
        // calls only write(2), which is async-signal-safe; it allocates
        // nothing. The file stays open in the parent while `self` lives,
        // and the child inherits it (close-on-exec closes it only at exec).
        unsafe {
            command.pre_exec(move || {
                // "0" names the writing process itself.
                if libc::write(fd, b"0".as_ptr().cast(), 1) == 1 {
                    Ok(())
                } else {
                    Err(io::Error::last_os_error())
                }
            });
        }
        command
    }

    /// Whether a line of a process's `/proc/<pid>/cgroup` names this cgroup.
    pub fn named_in(&self, line: &str) -> bool {
        self.dir
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| line.trim_end().ends_with(&format!("/{name}")))
    }

    /// Its directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for QuotaCgroup {
    fn drop(&mut self) {
        // The processes started in it have been waited for, but the kernel
        // may take a moment to let the group go.
        for _ in 0..50 {
            if fs::remove_dir(&self.dir).is_ok() || !self.dir.exists() {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The directory of this process's own CPU cgroup, and its version: the
/// cgroup v1 hierarchy with the `cpu` controller if there is one, else the
/// cgroup v2 hierarchy.
fn own_cpu_cgroup() -> Result<(Version, PathBuf), String> {
    let membership = fs::read_to_string("/proc/self/cgroup")
        .map_err(|e| format!("cannot read this process's cgroups: {e}"))?;
    let mountinfo = fs::read_to_string("/proc/self/mountinfo")
        .map_err(|e| format!("cannot read the mount table: {e}"))?;
    let mut v2 = None;
    // Each line is "hierarchy-id:controllers:path".
    for line in membership.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(_), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if controllers.is_empty() {
            v2 = Some(path);
        } else if controllers.split(',').any(|c| c == "cpu")
            && let Some(dir) = mounted(&mountinfo, Version::V1, path)
        {
            return Ok((Version::V1, dir));
        }
    }
    v2.and_then(|path| mounted(&mountinfo, Version::V2, path))
        .map(|dir| (Version::V2, dir))
        .ok_or_else(|| "no CPU controller is mounted (neither cgroup v1 cpu nor cgroup v2)".into())
}

/// Where the cgroup `path` of a hierarchy is in the file system, from the
/// mount table (whose fields are described in proc(5)).
fn mounted(mountinfo: &str, version: Version, path: &str) -> Option<PathBuf> {
    mountinfo.lines().find_map(|line| {
        let (before, after) = line.split_once(" - ")?;
        let fields: Vec<&str> = before.split_whitespace().collect();
        let (root, mount_point) = (fields.get(3)?, fields.get(4)?);
        let mut after = after.split_whitespace();
        let (fs_type, _source, options) = (after.next()?, after.next()?, after.next()?);
        let wanted = match version {
            Version::V1 => fs_type == "cgroup" && options.split(',').any(|o| o == "cpu"),
            Version::V2 => fs_type == "cgroup2",
        };
        if !wanted {
            return None;
        }
        let inside = Path::new(path).strip_prefix(root).ok()?;
        Some(Path::new(mount_point).join(inside))
    })
}

/// Removes the cgroups this module made for processes that no longer exist.
fn remove_stale(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(PREFIX)) else {
            continue;
        };
        if !Path::new("/proc").join(pid).exists() {
            let _ = fs::remove_dir(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic;

    #[test]
    fn a_quota_cgroup_holds_its_child_and_goes_away_even_after_a_panic() {
        let cgroup = match QuotaCgroup::create(150_000, 100_000) {
            Ok(cgroup) => cgroup,
            // Not root, or no CPU controller: nothing to test here.
            Err(why) => return eprintln!("skipped: {why}"),
        };
        let dir = cgroup.path().to_owned();
        let mut cat = Command::new("cat");
        cat.arg("/proc/self/cgroup");
        let output = cgroup.command(cat).output().expect("cat runs");
        let printed = String::from_utf8_lossy(&output.stdout);
        assert!(
            printed.lines().any(|line| cgroup.named_in(line)),
            "{printed}"
        );
        let result = panic::catch_unwind(panic::AssertUnwindSafe(move || {
            let _cgroup = cgroup;
            panic!("a failing check");
        }));
        assert!(result.is_err());
        assert!(!dir.exists(), "{} is left behind", dir.display());
    }

    #[test]
    fn mount_points_from_the_mount_table() {
        let mountinfo = "\
30 25 0:26 / /sys/fs/cgroup/cpu rw,relatime shared:9 - cgroup cgroup rw,cpu
31 25 0:27 / /sys/fs/cgroup/cpuacct rw,relatime shared:10 - cgroup cgroup rw,cpuacct
35 25 0:30 /kubepods /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
";
        assert_eq!(
            mounted(mountinfo, Version::V1, "/a/b"),
            Some(PathBuf::from("/sys/fs/cgroup/cpu/a/b"))
        );
        assert_eq!(
            mounted(mountinfo, Version::V2, "/kubepods/pod1"),
            Some(PathBuf::from("/sys/fs/cgroup/unified/pod1"))
        );
        assert_eq!(mounted(mountinfo, Version::V2, "/elsewhere"), None);
    }
}
