//! Listing 3-5: A server with one thread per client.

// ANCHOR: listing
use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

/// The server's side of one conversation: read a name, answer a greeting.
pub fn greet(client: TcpStream) -> io::Result<()> {
    let mut name = String::new();
    BufReader::new(&client).read_line(&mut name)?;
    writeln!(&client, "hello, {}", name.trim())
}

/// A client that takes 200 ms to type its name.
fn visit(server: SocketAddr, name: &str) -> io::Result<String> {
    let connection = TcpStream::connect(server)?;
    thread::sleep(Duration::from_millis(200));
    writeln!(&connection, "{name}")?;
    let mut greeting = String::new();
    BufReader::new(&connection).read_line(&mut greeting)?;
    Ok(greeting)
}

pub fn main() -> io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let server = listener.local_addr()?;
    let names = ["Ada", "Edsger", "Tony", "Barbara", "Leslie"];
    let start = Instant::now();
    thread::scope(|s| {
        s.spawn(|| {
            for client in listener.incoming().take(names.len()) {
                match client {
                    Ok(client) => {
                        s.spawn(|| {
                            if let Err(e) = greet(client) {
                                eprintln!("server: {e}");
                            }
                        });
                    }
                    Err(e) => eprintln!("server: {e}"),
                }
            }
        });
        let clients = names.map(|name| s.spawn(move || visit(server, name)));
        for (name, client) in names.iter().zip(clients) {
            let greeting = client.join().expect("a client does not panic")?;
            print!("{greeting}");
            assert_eq!(greeting, format!("hello, {name}\n"));
        }
        Ok::<_, io::Error>(())
    })?;
    println!("{} clients served in {:?}", names.len(), start.elapsed());
    // One at a time, the five conversations would take a second.
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "the clients were served in turn"
    );
    Ok(())
}
// ANCHOR_END: listing
