//! The cap on open connections, against the real server: clients on their own loopback
//! addresses (127.0.0.2, 127.0.0.4, …) hold connections open and see which are
//! answered, refused with a problem, and closed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::time::Duration;

use server::client_address::TrustedProxies;
use server::connections::ConnectionLimits;
use server::startup::{Application, Settings};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpSocket, TcpStream};

/// A connection from `from` to the server at `to`.
async fn connect(from: &str, to: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket
        .bind(SocketAddr::new(from.parse().unwrap(), 0))
        .unwrap();
    socket.connect(to).await.unwrap()
}

/// One answer: its status, its headers (lower-case names) and its body.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

/// `GET /api/v1/health` on `stream`, kept alive; the whole answer.
async fn health(stream: &mut TcpStream) -> Answer {
    stream
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: planner\r\n\r\n")
        .await
        .unwrap();
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let n = stream.read(&mut buffer).await.unwrap();
            assert!(n > 0, "closed before a whole answer: {bytes:?}");
            bytes.extend_from_slice(&buffer[..n]);
            let text = String::from_utf8_lossy(&bytes).to_string();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let head = head.to_ascii_lowercase();
                let length = head
                    .lines()
                    .find_map(|line| line.strip_prefix("content-length:"))
                    .map_or(0, |value| value.trim().parse::<usize>().unwrap());
                if body.len() >= length {
                    let status = head[9..12].parse().unwrap();
                    return Answer {
                        status,
                        head,
                        body: body.to_owned(),
                    };
                }
            }
        }
    });
    read.await.expect("no answer within 5 s")
}

/// Whether the server closes `stream` within a second.
async fn closed(stream: &mut TcpStream) -> bool {
    let mut buffer = [0u8; 64];
    matches!(
        tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buffer)).await,
        Ok(Ok(0) | Err(_))
    )
}

/// `count` connections from `from`, each served, kept open.
async fn served(from: &str, count: usize, server: SocketAddr) -> Vec<TcpStream> {
    let mut kept = Vec::new();
    for _ in 0..count {
        let mut stream = connect(from, server).await;
        assert_eq!(health(&mut stream).await.status, 200, "from {from}");
        kept.push(stream);
    }
    kept
}

/// A connection from `from` whose request is refused with `status` and a problem that
/// says `why`, and which the server then closes; the refusal.
async fn refused(from: &str, server: SocketAddr, status: u16, why: &str) -> Answer {
    let mut stream = connect(from, server).await;
    let answer = health(&mut stream).await;
    assert_eq!(answer.status, status, "{}", answer.head);
    assert!(
        answer
            .head
            .contains("content-type: application/problem+json"),
        "{}",
        answer.head
    );
    assert!(answer.body.contains(why), "{}", answer.body);
    assert!(
        closed(&mut stream).await,
        "the refused connection stays open"
    );
    answer
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_over_a_cap_are_refused_with_a_reason_and_closed() {
    let folder = tempfile::tempdir().unwrap();
    let application = Application::build(Settings {
        bind: "127.0.0.1:0".to_owned(),
        database_url: format!(
            "sqlite://{}?mode=rwc",
            folder.path().join("planner.sqlite").display()
        ),
        web_dir: None,
        // 127.0.0.3 plays a load balancer.
        trusted_proxies: TrustedProxies::parse_list("127.0.0.3/32").unwrap(),
        connections: ConnectionLimits {
            overall: 8,
            per_address: 3,
        },
    })
    .await
    .unwrap();
    let server = application.address();
    let handle = application.handle();
    let task = tokio::spawn(application.run_until_stopped());

    // Three connections from one address are served, and stay open.
    let mut held = served("127.0.0.2", 3, server).await;
    // The fourth from that address is told why, and closed.
    let answer = refused(
        "127.0.0.2",
        server,
        429,
        "too many open connections from this address (the limit is 3)",
    )
    .await;
    assert!(answer.head.contains("retry-after: 1"), "{}", answer.head);
    // The kept ones still work, and another address is not affected.
    assert_eq!(health(&mut held[0]).await.status, 200);
    let other = served("127.0.0.4", 1, server).await;
    // Closing one frees its place.
    drop(held.pop());
    let mut freed = false;
    for _ in 0..50 {
        let mut again = connect("127.0.0.2", server).await;
        if health(&mut again).await.status == 200 {
            held.push(again);
            freed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(freed, "a closed connection did not free its place");

    // Open: 3 from .2 and 1 from .4. The trusted proxy is held to the overall cap only:
    // four connections (over the per-address 3) are served, the ninth in all is 503.
    let proxied = served("127.0.0.3", 4, server).await;
    refused(
        "127.0.0.3",
        server,
        503,
        "the server has its limit of 8 open connections",
    )
    .await;

    drop((held, proxied, other));
    handle.stop(true).await;
    task.await.unwrap().unwrap();
}
