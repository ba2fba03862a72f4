//! The description of the machine that ran the claims: its CPUs, memory,
//! kernel, toolchains and the book's commit, each read from what Linux and
//! the tools report.

use std::collections::BTreeMap;
use std::fs;
use std::process::Command;

use serde::{Deserialize, Serialize};

use super::book_root;
use crate::toolchain::{Language, Toolchain};

/// The machine that ran the claims.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Machine {
    /// The CPU's model name, from `/proc/cpuinfo`.
    pub cpu_model: String,
    /// The logical CPUs online.
    pub logical_cpus: usize,
    /// The CPUs this process may use (its affinity mask).
    pub allowed_cpus: Vec<usize>,
    /// The cgroup CPU quota, in whole CPUs, if any.
    pub cgroup_cpu_quota: Option<usize>,
    /// Memory, in bytes.
    pub memory_bytes: u64,
    /// The kernel, as `uname -sr` prints it.
    pub kernel: String,
    /// Whether the CPU says it runs under a hypervisor, and which one the
    /// firmware names, if it says.
    pub virtual_machine: Option<String>,
    /// The toolchains' versions ("rustc 1.95.0", "gcc 12.2.0", ...), or
    /// why one is missing.
    pub toolchains: BTreeMap<String, String>,
    /// The book's commit, if it is a git checkout.
    pub commit: Option<String>,
    /// Whether the checkout had changes not committed.
    pub tree_changed: Option<bool>,
}

impl Machine {
    /// Whether `other` describes the same machine as this one, toolchains
    /// included, whatever the book's commit.
    pub fn same_as(&self, other: &Machine) -> bool {
        let without_commit = |m: &Machine| Machine {
            commit: None,
            tree_changed: None,
            ..m.clone()
        };
        without_commit(self) == without_commit(other)
    }

    /// Describes this machine, as far as it tells.
    pub fn describe() -> Machine {
        let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        Machine {
            cpu_model: cpuinfo_field(&cpuinfo, "model name").unwrap_or_default(),
            logical_cpus: online_cpus(),
            allowed_cpus: crate::measure::allowed_cpus().unwrap_or_default(),
            cgroup_cpu_quota: crate::ch02::cores::cgroup_cpu_quota(),
            memory_bytes: memory_bytes(),
            kernel: kernel(),
            virtual_machine: virtual_machine(&cpuinfo),
            toolchains: toolchains(),
            commit: git(&["rev-parse", "HEAD"]),
            // The reference run being recorded is no change to the book.
            tree_changed: git(&["status", "--porcelain", "--", ".", ":!evidence"])
                .map(|s| !s.is_empty()),
        }
    }

    /// The machine in a line: "2 CPUs (Intel Xeon ...), 24 GiB, Linux 6.1,
    /// virtual machine".
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{} of {} CPUs ({}), {:.0} GiB, {}",
            self.allowed_cpus.len(),
            self.logical_cpus,
            self.cpu_model,
            self.memory_bytes as f64 / f64::from(1u32 << 30),
            self.kernel
        );
        match self.virtual_machine.as_deref() {
            None => {}
            Some("yes") => text.push_str(", virtual machine"),
            Some(vm) => text.push_str(&format!(", virtual machine ({vm})")),
        }
        text
    }
}

/// The value of the first line of `/proc/cpuinfo` that starts with `name`.
fn cpuinfo_field(cpuinfo: &str, name: &str) -> Option<String> {
    cpuinfo
        .lines()
        .find(|l| l.starts_with(name))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_owned())
}

/// The logical CPUs online, 0 if the system does not say.
fn online_cpus() -> usize {
    // SAFETY: sysconf only reads a configuration value.
    let online = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    usize::try_from(online).unwrap_or(0)
}

/// The memory, from `/proc/meminfo`, in bytes; 0 if it does not say.
fn memory_bytes() -> u64 {
    fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// Whether the CPU says it runs under a hypervisor: the vendor and product
/// the firmware names, or "yes" if it names none.
fn virtual_machine(cpuinfo: &str) -> Option<String> {
    let hypervisor =
        cpuinfo_field(cpuinfo, "flags").is_some_and(|f| f.split(' ').any(|w| w == "hypervisor"));
    hypervisor.then(|| {
        let vendor = ["sys_vendor", "product_name"]
            .iter()
            .filter_map(|f| fs::read_to_string(format!("/sys/class/dmi/id/{f}")).ok())
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if vendor.is_empty() {
            "yes".to_owned()
        } else {
            vendor
        }
    })
}

/// Each language's toolchain version, or why it is missing.
fn toolchains() -> BTreeMap<String, String> {
    [Language::Rust, Language::C, Language::Python, Language::Go]
        .into_iter()
        .map(|language| {
            let version = Toolchain::find(language).map_or_else(|m| m.reason(), |t| t.version);
            (language.to_string(), version)
        })
        .collect()
}

/// What `git` with `args` prints in the book's root, if it succeeds.
fn git(args: &[&str]) -> Option<String> {
    Command::new("git")
        .args(args)
        .current_dir(book_root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
}

fn kernel() -> String {
    // SAFETY: an all-zero utsname is a valid value of the plain C struct,
    // and uname fills it.
    let mut name: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer is valid for the call.
    if unsafe { libc::uname(&mut name) } != 0 {
        return String::new();
    }
    let text = |field: &[libc::c_char]| {
        let bytes: Vec<u8> = field
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    format!("{} {}", text(&name.sysname), text(&name.release))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_machine_whatever_the_commit() {
        let here = Machine::describe();
        let later = Machine {
            commit: Some("another".to_owned()),
            tree_changed: Some(true),
            ..here.clone()
        };
        assert!(here.same_as(&later));
        let pinned = Machine {
            allowed_cpus: vec![0],
            logical_cpus: here.logical_cpus + 1,
            ..here.clone()
        };
        assert!(!here.same_as(&pinned));
        let mut another_toolchain = here.clone();
        another_toolchain
            .toolchains
            .insert("a toolchain no machine has".to_owned(), "1.0".to_owned());
        assert!(!here.same_as(&another_toolchain));
    }
}
