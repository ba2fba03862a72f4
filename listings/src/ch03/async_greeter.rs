//! Listing 3-6: The same server, with one task per client.

// ANCHOR: listing
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

use listings::measure;

/// The server's side of one conversation: read a name, answer a greeting.
pub async fn greet(mut client: TcpStream) -> io::Result<()> {
    let (reader, mut writer) = client.split();
    let mut name = String::new();
    BufReader::new(reader).read_line(&mut name).await?;
    let greeting = format!("hello, {}\n", name.trim());
    writer.write_all(greeting.as_bytes()).await
}

/// Accepts clients until the task is stopped, each in a task of its own.
pub async fn serve(listener: TcpListener) -> io::Result<()> {
    loop {
        let (client, _) = listener.accept().await?;
        tokio::spawn(async move {
            if let Err(e) = greet(client).await {
                eprintln!("server: {e}");
            }
        });
    }
}

/// A client that takes 200 ms to type its name.
async fn visit(server: SocketAddr, name: &str) -> io::Result<String> {
    let mut connection = TcpStream::connect(server).await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    connection.write_all(format!("{name}\n").as_bytes()).await?;
    let mut greeting = String::new();
    BufReader::new(connection).read_line(&mut greeting).await?;
    Ok(greeting)
}

#[tokio::main]
pub async fn main() -> io::Result<()> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let server = listener.local_addr()?;
    let serving = tokio::spawn(serve(listener));
    let names = ["Ada", "Edsger", "Tony", "Barbara", "Leslie"];
    let start = Instant::now();
    let clients = names.map(|name| tokio::spawn(visit(server, name)));
    for (name, client) in names.iter().zip(clients) {
        let greeting = client.await??;
        print!("{greeting}");
        assert_eq!(greeting, format!("hello, {name}\n"));
    }
    println!("{} clients served in {:?}", names.len(), start.elapsed());
    println!("OS threads in this process: {}", measure::os_threads()?);
    serving.abort();
    // One at a time, the five conversations would take a second.
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "the clients were served in turn"
    );
    Ok(())
}
// ANCHOR_END: listing
