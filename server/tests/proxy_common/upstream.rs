//! The recording upstream: a raw TCP server on loopback that counts connections, records
//! request heads and plays a scripted answer, including faulty ones.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One step of a scripted upstream answer.
#[derive(Clone, Debug)]
pub enum Step {
    /// Write these bytes.
    Write(Vec<u8>),
    /// Write these bytes this many times (large or endless bodies without holding them).
    Repeat(Vec<u8>, usize),
    /// Pause (this simulates a slow upstream; tests never sleep to wait for results).
    Pause(Duration),
    /// Abort the connection with a TCP reset.
    Reset,
    /// Keep the connection open and say nothing more.
    Hang,
}

/// A complete response with `Content-Length`.
pub fn respond(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<Step> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    vec![Step::Write(bytes)]
}

/// A JSON response.
pub fn json(status: &str, body: &str) -> Vec<Step> {
    respond(
        status,
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
}

/// A request head as the upstream saw it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub target: String,
    /// Header names lowercased, values as sent.
    pub headers: Vec<(String, String)>,
    /// The request body (when a `Content-Length` announced one).
    pub body: String,
    /// The request head as received.
    pub raw: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

type Script = Arc<dyn Fn(&Recorded) -> Vec<Step> + Send + Sync>;

/// A loopback upstream that records everything it receives.
pub struct Recorder {
    pub addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    /// Connections whose script ended (played out, or cut short because the peer went away).
    ended: Arc<tokio::sync::watch::Sender<usize>>,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: JoinHandle<()>,
}

impl Recorder {
    /// Starts a recorder answering every request with `script`.
    pub async fn start(
        script: impl Fn(&Recorded) -> Vec<Step> + Send + Sync + 'static,
    ) -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind recorder");
        let addr = listener.local_addr().expect("addr");
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script: Script = Arc::new(script);
        let ended = Arc::new(tokio::sync::watch::Sender::new(0usize));
        let (c, r, e) = (connections.clone(), requests.clone(), ended.clone());
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                c.fetch_add(1, Ordering::SeqCst);
                let (r, script, e) = (r.clone(), script.clone(), e.clone());
                tokio::spawn(async move {
                    serve_one(stream, r, script).await;
                    e.send_modify(|n| *n += 1);
                });
            }
        });
        Recorder {
            addr,
            connections,
            ended,
            requests,
            task,
        }
    }

    /// A recorder answering `200` with a small JSON body.
    pub async fn ok() -> Recorder {
        Recorder::start(|_| json("200 OK", r#"{"status":"COMPLETED","id":"4242424242"}"#)).await
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Resolves once `n` connections have ended (an event, not a poll).
    pub async fn wait_ended(&self, n: usize) {
        let mut rx = self.ended.subscribe();
        let _ = rx.wait_for(|ended| *ended >= n).await;
    }

    /// Requests recorded so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("lock").clone()
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve_one(mut stream: TcpStream, log: Arc<Mutex<Vec<Recorded>>>, script: Script) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if buf.len() > 65536 {
            return;
        }
    }
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(0) + 4;
    let raw = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = raw.split("\r\n");
    let first: Vec<&str> = lines.next().unwrap_or("").split(' ').collect();
    let headers: Vec<(String, String)> = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
        .min(65536);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    let rec = Recorded {
        method: first.first().copied().unwrap_or("").to_owned(),
        target: first.get(1).copied().unwrap_or("").to_owned(),
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        raw,
    };
    let steps = script(&rec);
    log.lock().expect("lock").push(rec);
    for step in steps {
        match step {
            Step::Write(bytes) => {
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
                let _ = stream.flush().await;
            }
            Step::Repeat(bytes, times) => {
                for _ in 0..times {
                    if stream.write_all(&bytes).await.is_err() {
                        return;
                    }
                }
            }
            Step::Pause(d) => tokio::time::sleep(d).await,
            Step::Reset => {
                #[allow(deprecated)]
                let _ = stream.set_linger(Some(Duration::ZERO));
                drop(stream);
                return;
            }
            Step::Hang => {
                std::future::pending::<()>().await;
            }
        }
    }
    let _ = stream.shutdown().await;
}
