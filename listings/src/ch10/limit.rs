//! Listing 10-8: what Rust's standard library makes of a CPU limit. The
//! check of chapter 10 compiles this file on its own, with rustc, and runs it
//! inside a cgroup with a CPU quota, so it uses nothing but `std`.

// ANCHOR: listing
use std::fs;
use std::io;
use std::thread;

pub fn main() -> io::Result<()> {
    println!(
        "available_parallelism: {}",
        thread::available_parallelism()?
    );
    // Each line is "hierarchy-id:controllers:path"; cgroup v2's has no
    // controllers, cgroup v1's CPU hierarchy lists "cpu".
    for line in fs::read_to_string("/proc/self/cgroup")?.lines() {
        let controllers = line.split(':').nth(1).unwrap_or_default();
        if controllers.is_empty() || controllers.split(',').any(|c| c == "cpu") {
            println!("cgroup: {line}");
        }
    }
    Ok(())
}
// ANCHOR_END: listing
