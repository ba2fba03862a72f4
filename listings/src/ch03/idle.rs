//! Listing 3-7: a thousand idle connections to each server of Listings 3-5
//! and 3-6, with the process's OS threads counted as they open.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

use listings::ch03::{async_greeter, greeter};
use listings::claims::{Bound, Claim, Figure, Series, Verdict};
use listings::measure;

// ANCHOR: listing
/// The two servers: a task per connection on tokio's multi-thread
/// runtime (Listing 3-6), or an OS thread per connection (Listing 3-5).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Server {
    Tasks,
    Threads,
}

/// What the process looked like while the idle connections opened.
pub struct Idle {
    /// OS threads with the server ready and no connection open.
    pub before: usize,
    /// (connections open, OS threads) at each count asked for.
    pub counts: Vec<(usize, usize)>,
    /// Greetings the clients received once they finally spoke.
    pub greeted: usize,
}

/// No step of the experiment may take longer; it fails rather than hangs.
const LIMIT: Duration = Duration::from_secs(10);

/// Opens `connections` connections to `server`, all from this thread, and
/// none says anything until all are open. At each count in `counts` it waits
/// until the server holds that many connections, and counts OS threads.
/// Then every client sends its name and reads its greeting.
pub fn hold_idle(server: Server, connections: usize, counts: &[usize]) -> io::Result<Idle> {
    let threads_at_start = measure::os_threads()?;
    let idle = match server {
        Server::Tasks => with_tasks(connections, counts),
        Server::Threads => with_threads(connections, counts),
    }?;
    // Leave the process as it was, so that the next experiment counts
    // only its own threads.
    wait_until("the server's threads to end", || {
        Ok(measure::os_threads()? == threads_at_start)
    })?;
    Ok(idle)
}

fn with_tasks(connections: usize, counts: &[usize]) -> io::Result<Idle> {
    // The runtime `#[tokio::main]` starts: one worker thread per CPU.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)))?;
    let address = listener.local_addr()?;
    let open = Arc::new(AtomicUsize::new(0));
    // Listing 3-6's accept loop, counting the connections it holds.
    let held = Arc::clone(&open);
    let serving: JoinHandle<io::Result<()>> = runtime.spawn(async move {
        loop {
            let (client, _) = listener.accept().await?;
            let held = Arc::clone(&held);
            tokio::spawn(async move {
                held.fetch_add(1, Ordering::SeqCst);
                let _ = async_greeter::greet(client).await;
                held.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    // Each client waits until the server holds its connection, as in
    // `with_threads`, so that no connection waits long to be accepted.
    let idle = clients(connections, counts, &open, |i| {
        let client = TcpStream::connect(address)?;
        wait_until("the server to take the connection", || {
            Ok(open.load(Ordering::SeqCst) == i + 1)
        })?;
        Ok(client)
    });
    serving.abort();
    runtime.shutdown_timeout(LIMIT);
    idle
}

fn with_threads(connections: usize, counts: &[usize]) -> io::Result<Idle> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    let address = listener.local_addr()?;
    let open = AtomicUsize::new(0);
    thread::scope(|s| {
        // This thread accepts each connection as soon as it has made it,
        // and hands it to a thread of its own running Listing 3-5's greet.
        clients(connections, counts, &open, |_| {
            let client = TcpStream::connect(address)?;
            let (connection, _) = listener.accept()?;
            connection.set_read_timeout(Some(LIMIT))?;
            let open = &open;
            thread::Builder::new().spawn_scoped(s, move || {
                open.fetch_add(1, Ordering::SeqCst);
                let _ = greeter::greet(connection);
                open.fetch_sub(1, Ordering::SeqCst);
            })?;
            Ok(client)
        })
        // Returning drops the clients, so that every server thread reads
        // the end of its connection and the scope's joins cannot wait.
    })
}

/// Makes the clients with `connect`, counts as `counts` asks, then lets
/// every client speak and read its greeting.
fn clients(
    connections: usize,
    counts: &[usize],
    open: &AtomicUsize,
    mut connect: impl FnMut(usize) -> io::Result<TcpStream>,
) -> io::Result<Idle> {
    let before = measure::os_threads()?;
    let mut clients = Vec::with_capacity(connections);
    let mut seen = Vec::new();
    if counts.contains(&0) {
        seen.push((0, before));
    }
    for i in 0..connections {
        let client = connect(i)?;
        client.set_read_timeout(Some(LIMIT))?;
        clients.push(client);
        if counts.contains(&clients.len()) {
            wait_until("the server to hold every connection", || {
                Ok(open.load(Ordering::SeqCst) == clients.len())
            })?;
            seen.push((clients.len(), measure::os_threads()?));
        }
    }
    let mut greeted = 0;
    for (i, client) in clients.iter().enumerate() {
        writeln!(&*client, "client {i}")?;
        let mut greeting = String::new();
        BufReader::new(client).read_line(&mut greeting)?;
        greeted += usize::from(greeting == format!("hello, client {i}\n"));
    }
    Ok(Idle {
        before,
        counts: seen,
        greeted,
    })
}

pub const CONNECTIONS: usize = 1000;

/// Each connection is two open files in this process, the client's end and
/// the server's, and the process has a few files open besides.
pub const FILES_NEEDED: u64 = 2 * CONNECTIONS as u64 + 64;

pub fn main() -> io::Result<()> {
    let files = allow_open_files(FILES_NEEDED)?;
    if files < FILES_NEEDED {
        let why = format!("{FILES_NEEDED} open files needed, the hard limit is {files}");
        return Err(io::Error::other(why));
    }
    let counts = [0, CONNECTIONS / 4, CONNECTIONS / 2, CONNECTIONS];
    for (server, name) in [
        (Server::Tasks, "tokio, a task per connection"),
        (Server::Threads, "a thread per connection"),
    ] {
        let idle = hold_idle(server, CONNECTIONS, &counts)?;
        println!("{name}:");
        for (open, threads) in &idle.counts {
            println!("  {open:>5} idle connections open: {threads:>5} OS threads");
        }
        println!("  greetings once they spoke: {}", idle.greeted);
        assert_eq!(idle.greeted, CONNECTIONS);
    }
    Ok(())
}
// ANCHOR_END: listing

/// Waits, for at most [`LIMIT`], until `done` says so.
fn wait_until(what: &str, mut done: impl FnMut() -> io::Result<bool>) -> io::Result<()> {
    let start = Instant::now();
    while !done()? {
        if start.elapsed() > LIMIT {
            return Err(io::Error::other(format!("waited {LIMIT:?} for {what}")));
        }
        thread::sleep(Duration::from_micros(50));
    }
    Ok(())
}

/// Raises this process's limit on open files, as far as the hard limit
/// allows, to at least `needed`; returns the limit it now has.
pub fn allow_open_files(needed: u64) -> io::Result<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is a valid rlimit for the kernel to write into.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    if limit.rlim_cur < needed {
        limit.rlim_cur = needed.min(limit.rlim_max);
        // SAFETY: `limit` is a valid rlimit to read from.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) } != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(limit.rlim_cur)
}

// ANCHOR: tasks
pub const TASKS: Claim = Claim {
    id: "idle-connections-add-no-threads-to-tokio",
    statement: "A tokio server that runs a task per connection holds 1,000 idle connections \
                without a single OS thread more than it had before the first: the runtime's \
                worker threads serve them all.",
    check: check_tasks,
};

/// The counts both claims take: none open, a quarter, half, all.
const COUNTS: [usize; 4] = [0, CONNECTIONS / 4, CONNECTIONS / 2, CONNECTIONS];

/// The figures every run has: the greetings, which show that the server
/// really held the connections, and the threads it started from.
fn served(idle: &Idle) -> Vec<Figure> {
    vec![
        Figure::new(
            format!("greetings received, of {CONNECTIONS}"),
            idle.greeted as f64,
            "",
        )
        .bounded(Bound::Exactly(CONNECTIONS as f64)),
        Figure::new("OS threads with no connection open", idle.before as f64, ""),
    ]
}

/// The OS threads that `open` idle connections added.
fn added(idle: &Idle, open: usize) -> f64 {
    let (_, threads) = idle
        .counts
        .iter()
        .find(|(o, _)| *o == open)
        .copied()
        .unwrap_or((0, 0));
    threads as f64 - idle.before as f64
}

/// The claim's check: all the connections open, not a thread added.
fn no_thread_added(idle: &Idle) -> Verdict {
    let mut figures = vec![
        Figure::new(
            format!("OS threads added with {CONNECTIONS} connections open"),
            added(idle, CONNECTIONS),
            "",
        )
        .bounded(Bound::Exactly(0.0)),
    ];
    figures.extend(served(idle));
    Verdict::from_figures(figures)
}

/// Opens the connections to both servers, `first` first; a verdict of
/// not applicable when the process may not open enough files.
fn both(first: Server) -> io::Result<Result<(Idle, Idle), Verdict>> {
    let files = allow_open_files(FILES_NEEDED)?;
    if files < FILES_NEEDED {
        return Ok(Err(Verdict::not_applicable(
            format!(
                "{CONNECTIONS} connections need {FILES_NEEDED} open files, and the hard limit \
                 of this process is {files}"
            ),
            vec![],
        )));
    }
    let other = match first {
        Server::Tasks => Server::Threads,
        Server::Threads => Server::Tasks,
    };
    let one = hold_idle(first, CONNECTIONS, &COUNTS)?;
    let two = hold_idle(other, CONNECTIONS, &COUNTS)?;
    Ok(Ok((one, two)))
}

fn series(name: &str, idle: &Idle) -> Series {
    let points = idle.counts.iter().map(|&(o, t)| (o as f64, t as f64));
    Series::new(name, "connections", "OS threads", points)
}

fn check_tasks() -> io::Result<Verdict> {
    let (tasks, threads) = match both(Server::Tasks)? {
        Ok(both) => both,
        Err(not_applicable) => return Ok(not_applicable),
    };
    // The control: the server of Listing 3-5, a thread per connection,
    // with the same connections, judged by the same check.
    Ok(no_thread_added(&tasks)
        .with_series(series("tokio", &tasks))
        .with_parameter("connections", CONNECTIONS as f64)
        .against(
            "a thread per connection",
            no_thread_added(&threads).with_series(series("threads", &threads)),
        ))
}
// ANCHOR_END: tasks

// ANCHOR: threads
pub const THREADS: Claim = Claim {
    id: "thread-per-client-server-holds-a-thread-per-connection",
    statement: "A server that starts an OS thread per client holds one OS thread per open \
                connection: with 250, 500 and 1,000 idle connections open, the process has \
                exactly that many OS threads more than with none.",
    check: check_threads,
};

/// The claim's check: at each count, one thread added per connection.
fn thread_per_connection(idle: &Idle) -> Verdict {
    let mut figures: Vec<Figure> = COUNTS[1..]
        .iter()
        .map(|&open| {
            Figure::new(
                format!("OS threads added with {open} connections open"),
                added(idle, open),
                "",
            )
            .bounded(Bound::Exactly(open as f64))
        })
        .collect();
    figures.extend(served(idle));
    Verdict::from_figures(figures)
}

fn check_threads() -> io::Result<Verdict> {
    let (threads, tasks) = match both(Server::Threads)? {
        Ok(both) => both,
        Err(not_applicable) => return Ok(not_applicable),
    };
    // The control: the tokio server of Listing 3-6, with the same
    // connections, judged by the same check.
    Ok(thread_per_connection(&threads)
        .with_series(series("threads", &threads))
        .against(
            "a task per connection, on tokio",
            thread_per_connection(&tasks).with_series(series("tokio", &tasks)),
        ))
}
// ANCHOR_END: threads
