//! Listing 4-13: a bounded channel. A fast producer can be at most the
//! channel's capacity ahead of a slow consumer: back-pressure.

use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use listings::claims::{Bound, Claim, Figure, Verdict};

// ANCHOR: listing
const CAPACITY: usize = 2;
const ITEMS: usize = 20;

pub fn main() {
    let (sender, receiver) = mpsc::sync_channel(CAPACITY);
    let sent = AtomicUsize::new(0);
    let most_ahead = thread::scope(|s| {
        s.spawn(|| {
            for item in 0..ITEMS {
                // Blocks while CAPACITY items wait in the channel.
                sender.send(item).expect("the consumer takes every item");
                sent.fetch_add(1, SeqCst);
            }
        });
        let mut most_ahead = 0;
        for taken in 1..=ITEMS {
            receiver.recv().expect("the producer sends every item");
            // Sends that have returned, beyond the items taken so far.
            most_ahead = most_ahead.max(sent.load(SeqCst).saturating_sub(taken));
            thread::sleep(Duration::from_millis(1)); // a slow consumer
        }
        most_ahead
    });
    println!("the producer was at most {most_ahead} items ahead of the consumer");
    assert!(most_ahead <= CAPACITY);
}
// ANCHOR_END: listing

// ANCHOR: check
pub const CLAIM: Claim = Claim {
    id: "full-sync-channel-blocks-sender",
    statement: "A send on a full bounded channel blocks until the receiver takes a \
                message: on a sync_channel(1), the second of two sends has not returned \
                after the receiver has waited 0.5 s, and it returns once the receiver \
                takes a message.",
    check,
};

/// How long the receiver gives the second send to return before it takes
/// a message.
const PATIENCE: Duration = Duration::from_millis(500);

/// A thread calls `send` twice. Once it has begun the second call, the
/// receiver waits up to PATIENCE for that call to return, and then takes
/// the messages. Returns whether the second send returned before the
/// receiver took a message, and how many messages the receiver got.
fn second_send(send: impl Fn(u32) + Sync, receiver: mpsc::Receiver<u32>) -> (bool, usize) {
    let second_began = AtomicBool::new(false);
    let second_returned = AtomicBool::new(false);
    thread::scope(|s| {
        s.spawn(|| {
            send(1);
            second_began.store(true, SeqCst);
            send(2);
            second_returned.store(true, SeqCst);
        });
        while !second_began.load(SeqCst) {
            thread::yield_now();
        }
        let deadline = Instant::now() + PATIENCE;
        while !second_returned.load(SeqCst) && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(1));
        }
        let before_the_receiver = second_returned.load(SeqCst);
        (before_the_receiver, receiver.iter().take(2).count())
    })
}

/// The check: the second send had not returned, and both messages came.
fn judge((returned, received): (bool, usize)) -> Verdict {
    Verdict::from_figures(vec![
        Figure::yes_no(
            "second send returned before the receiver took a message",
            returned,
        )
        .bounded(Bound::Exactly(0.0)),
        Figure::new("messages received", received as f64, "").bounded(Bound::Exactly(2.0)),
    ])
}

fn check() -> io::Result<Verdict> {
    let (sender, receiver) = mpsc::sync_channel(1);
    let claim = judge(second_send(
        |m| sender.send(m).expect("the receiver takes both messages"),
        receiver,
    ));
    // The control: an unbounded channel, on which no send waits.
    let (sender, receiver) = mpsc::channel();
    let control = judge(second_send(
        |m| sender.send(m).expect("the receiver takes both messages"),
        receiver,
    ));
    Ok(claim
        .against("an unbounded channel", control)
        .with_parameter("capacity", 1.0)
        .with_parameter("receiver's wait, s", PATIENCE.as_secs_f64()))
}
// ANCHOR_END: check
