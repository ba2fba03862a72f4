//! The Python listings of chapter 8, embedded from `listings/python/ch08`
//! (the files the chapter shows).

use listings::toolchain::Source;

pub const CPU_THREADS: Source = Source {
    name: "cpu_threads.py",
    text: include_str!("../../python/ch08/cpu_threads.py"),
};

pub const SLEEPERS: Source = Source {
    name: "sleepers.py",
    text: include_str!("../../python/ch08/sleepers.py"),
};

pub const HANDOVERS: Source = Source {
    name: "handovers.py",
    text: include_str!("../../python/ch08/handovers.py"),
};

pub const HASH_THREADS: Source = Source {
    name: "hash_threads.py",
    text: include_str!("../../python/ch08/hash_threads.py"),
};

pub const IADD_RACE: Source = Source {
    name: "iadd_race.py",
    text: include_str!("../../python/ch08/iadd_race.py"),
};
