//! The Python listings of chapter 7, embedded from `listings/python/ch07`
//! (the files the chapter shows).

use crate::toolchain::Source;

pub const CPU_THREADS: Source = Source {
    name: "cpu_threads.py",
    text: include_str!("../../python/ch07/cpu_threads.py"),
};

pub const SLEEPERS: Source = Source {
    name: "sleepers.py",
    text: include_str!("../../python/ch07/sleepers.py"),
};

pub const HANDOVERS: Source = Source {
    name: "handovers.py",
    text: include_str!("../../python/ch07/handovers.py"),
};

pub const HASH_THREADS: Source = Source {
    name: "hash_threads.py",
    text: include_str!("../../python/ch07/hash_threads.py"),
};

pub const IADD_RACE: Source = Source {
    name: "iadd_race.py",
    text: include_str!("../../python/ch07/iadd_race.py"),
};
