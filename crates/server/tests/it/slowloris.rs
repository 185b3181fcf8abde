//! Slow and idle connections are closed (slowloris): a client that sends nothing, half a
//! request head, or a head whose body never comes, loses its connection once the header or
//! body read limit has passed, while the server answers everyone else.

use std::time::{Duration, Instant};

use clearlist_server::Limits;
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use crate::TestServer;

/// The limits under test: a second each, so the suite stays quick.
fn limits() -> Limits {
    Limits {
        header_read: Duration::from_secs(1),
        body_read: Duration::from_secs(1),
        ..Limits::default()
    }
}

/// Sends `bytes` on a fresh connection, then reads until the server closes it; the time
/// that took and what the server sent.
async fn held(server: &TestServer, bytes: &[u8]) -> (Duration, String) {
    let address = server.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).await.expect("connect");
    stream.write_all(bytes).await.expect("write");
    let start = Instant::now();
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut received));
    // A reset counts as closed too.
    let _ = read
        .await
        .expect("the server kept the connection open for 20 s");
    (
        start.elapsed(),
        String::from_utf8_lossy(&received).into_owned(),
    )
}

#[tokio::test]
async fn idle_and_slow_connections_are_closed_within_the_limits() {
    let server = TestServer::start_with(limits()).await;
    let within = Duration::from_secs(5);

    let (silent, _) = held(&server, b"").await;
    assert!(
        silent < within,
        "a connection that sends nothing: {silent:?}"
    );

    let (half, _) = held(&server, b"GET /api/health HTTP/1.1\r\nHost: x").await;
    assert!(half < within, "half a header line: {half:?}");

    let head = b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
                 Content-Length: 400\r\n\r\n{\"email\":";
    let (bodiless, answer) = held(&server, head).await;
    assert!(bodiless < within, "a body that never arrives: {bodiless:?}");
    assert!(!answer.contains("200 OK"), "{answer}");

    // A kept-alive connection is closed once it idles past the header limit.
    let (kept, answer) = held(&server, b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(kept < within, "an idle kept-alive connection: {kept:?}");

    // Meanwhile everyone else is answered.
    let health = server.get("/api/health").send().await.expect("health");
    assert_eq!(health.status(), StatusCode::OK);
}
