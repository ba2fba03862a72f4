//! Listings 11-1 to 11-5: the shared-variable exercise in Rust, four ways
//! that compile. One thread adds 1 to `i` `ups` times, the other subtracts
//! 1 `downs` times; the right answer is `ups - downs`.

use std::io;
use std::sync::atomic::{AtomicI64, Ordering::Relaxed};
use std::sync::{Barrier, Mutex, mpsc};
use std::thread;

use listings::ch11::runs::{self, Ends};
use listings::claims::{Claim, Verdict};

// ANCHOR: load_store
/// Each step reads `i`, then writes back one more or one less: two atomic
/// operations, with room for the other thread between them.
pub fn load_store(ups: u32, downs: u32) -> i64 {
    let i = AtomicI64::new(0);
    let start = Barrier::new(2);
    thread::scope(|s| {
        s.spawn(|| {
            start.wait();
            for _ in 0..ups {
                let seen = i.load(Relaxed);
                i.store(seen + 1, Relaxed);
            }
        });
        s.spawn(|| {
            start.wait();
            for _ in 0..downs {
                let seen = i.load(Relaxed);
                i.store(seen - 1, Relaxed);
            }
        });
    });
    i.into_inner()
}
// ANCHOR_END: load_store

// ANCHOR: fetch_add
/// Each step is one atomic read-modify-write: no other thread can come
/// between the read and the write.
pub fn fetch_add(ups: u32, downs: u32) -> i64 {
    let i = AtomicI64::new(0);
    let start = Barrier::new(2);
    thread::scope(|s| {
        s.spawn(|| {
            start.wait();
            for _ in 0..ups {
                i.fetch_add(1, Relaxed);
            }
        });
        s.spawn(|| {
            start.wait();
            for _ in 0..downs {
                i.fetch_sub(1, Relaxed);
            }
        });
    });
    i.into_inner()
}
// ANCHOR_END: fetch_add

// ANCHOR: mutex
/// Each step holds a lock while it reads and writes `i`.
pub fn mutex(ups: u32, downs: u32) -> i64 {
    let i = Mutex::new(0_i64);
    let start = Barrier::new(2);
    // A lock is poisoned only if a thread panics while holding it, and
    // nothing here can panic.
    thread::scope(|s| {
        s.spawn(|| {
            start.wait();
            for _ in 0..ups {
                *i.lock().expect("no panic while locked") += 1;
            }
        });
        s.spawn(|| {
            start.wait();
            for _ in 0..downs {
                *i.lock().expect("no panic while locked") -= 1;
            }
        });
    });
    i.into_inner().expect("no panic while locked")
}
// ANCHOR_END: mutex

// ANCHOR: server
/// A request to the number server.
pub enum Request {
    Up,
    Down,
}

/// One thread owns `i`; the others send it requests over a channel. The
/// server stops when every sender is gone, and returns `i`.
pub fn number_server(ups: u32, downs: u32) -> i64 {
    let (requests, inbox) = mpsc::channel();
    let server = thread::spawn(move || {
        let mut i: i64 = 0;
        for request in inbox {
            match request {
                Request::Up => i += 1,
                Request::Down => i -= 1,
            }
        }
        i
    });
    let (up, down) = (requests.clone(), requests);
    thread::scope(|s| {
        s.spawn(move || {
            for _ in 0..ups {
                up.send(Request::Up)
                    .expect("the server outlives its clients");
            }
        });
        s.spawn(move || {
            for _ in 0..downs {
                down.send(Request::Down)
                    .expect("the server outlives its clients");
            }
        });
    });
    server.join().expect("the server does not panic")
}
// ANCHOR_END: server

// ANCHOR: main
pub fn main() {
    let (ups, downs) = (1_000_000, 1_000_001);
    let racy = load_store(ups, downs);
    let atomic = fetch_add(ups, downs);
    let locked = mutex(ups, downs);
    let served = number_server(ups, downs);
    println!("load, then store: i = {racy}");
    println!("fetch_add:        i = {atomic}");
    println!("mutex:            i = {locked}");
    println!("number server:    i = {served}");
    // The three correct versions end at -1, every time; the racy one ends
    // anywhere from -1,000,001 to 1,000,000.
    assert_eq!([atomic, locked, served], [-1, -1, -1]);
    assert!((-1_000_001..=1_000_000).contains(&racy));
}
// ANCHOR_END: main

// ANCHOR: claims
/// The loop counts of every check: different, so that a program that does
/// nothing ends at 0, not at the right answer, -1.
const UPS: u32 = 1_000_000;
const DOWNS: u32 = 1_000_001;
const RIGHT: i64 = UPS as i64 - DOWNS as i64;

/// Trials of the racy version: in its claim, and as the control of the
/// three correct ones.
const RACY_TRIALS: usize = 20;

/// Trials of a correct version: in its claim, and as the control of the
/// racy one.
const TRIALS: usize = 5;

/// The final `i` of `trials` trials of `version`, and the machine's load.
fn trials(version: fn(u32, u32) -> i64, trials: usize) -> io::Result<Ends> {
    Ends::of_calls(trials, || version(UPS, DOWNS))
}

pub const LOAD_STORE: Claim = Claim {
    id: "exercise-load-store-loses-updates",
    statement: "In the exercise written with an atomic load followed by a store, the \
                threads lose updates: at least one of twenty trials ends away from -1.",
    check: || {
        let claim = runs::judge_loses(&trials(load_store, RACY_TRIALS)?, RIGHT, true);
        // The control: the same step as one atomic read-modify-write.
        let control = runs::judge_loses(&trials(fetch_add, TRIALS)?, RIGHT, true);
        Ok(claim.against("fetch_add instead of a load and a store", control))
    },
};

pub const FETCH_ADD: Claim = Claim {
    id: "exercise-fetch-add-exact",
    statement: "Written with fetch_add and fetch_sub, the exercise ends at exactly -1 in \
                every one of five trials.",
    check: || {
        exact(
            "fetch_add",
            fetch_add,
            "a load and a store instead of fetch_add",
        )
    },
};

pub const MUTEX: Claim = Claim {
    id: "exercise-mutex-exact",
    statement: "Written with a Mutex, the exercise ends at exactly -1 in every one of five \
                trials.",
    check: || exact("mutex", mutex, "without the lock: a load, then a store"),
};

pub const SERVER: Claim = Claim {
    id: "exercise-number-server-exact",
    statement: "Written as a number server that alone owns i and receives increments and \
                decrements over a channel, the exercise ends at exactly -1 in every one of \
                five trials.",
    check: || {
        exact(
            "number server",
            number_server,
            "without the server: each thread loads i, then stores it",
        )
    },
};

/// The check of a correct `version`: every trial ends at -1, and the same
/// check refutes the racy version, its control (`change` says how it
/// differs).
fn exact(name: &str, version: fn(u32, u32) -> i64, change: &str) -> io::Result<Verdict> {
    let claim = runs::judge_exact(&[(name, &trials(version, TRIALS)?)], RIGHT, true);
    let racy = trials(load_store, TRIALS)?;
    let control = runs::judge_exact(&[("load, then store", &racy)], RIGHT, true);
    Ok(claim.against(change, control))
}
// ANCHOR_END: claims
