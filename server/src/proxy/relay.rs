//! Streamed result downloads. Zoho's body is read by its own task into a small bounded
//! channel, and the client's body is fed from that channel, so the deadlines hold whether or
//! not the client reads: when the total deadline passes, or the client leaves a chunk waiting
//! longer than the idle limit, the task drops the upstream connection, frees the upstream slot
//! and closes the client's connection. The request's log record travels with the client's
//! body and is written once, with the true outcome: `ok` (every byte handed to the client),
//! `client_gone`, `client_stalled`, `deadline`, or the upstream's failure.

use super::body::{BodyError, BodyLimits, Guarded};
use super::limits::DownloadTicket;
use super::logging::RequestLog;
use super::serve::Closer;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tokio::sync::{mpsc, OwnedSemaphorePermit};
use tokio::time::Instant;

/// Chunks buffered between Zoho and a client: enough to keep a reading client busy, small
/// enough that a client that does not read costs a few hundred KiB at most.
const BUFFERED_CHUNKS: usize = 8;

/// How the upstream side of a download ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// Zoho's body was read to its end and every chunk handed to the client's side.
    Complete,
    /// The client's side was dropped (it went away).
    ClientGone,
    /// The client left a chunk waiting longer than the idle limit.
    ClientStalled,
    /// The total deadline passed.
    Deadline,
    /// Zoho's body failed (too large, idle, broken).
    Upstream(BodyError),
}

impl End {
    fn outcome(self) -> &'static str {
        match self {
            End::Complete => "ok",
            End::ClientGone => "client_gone",
            End::ClientStalled => "client_stalled",
            End::Deadline => "deadline",
            End::Upstream(e) => e.outcome(),
        }
    }
}

/// What travels with a download besides its bytes.
pub struct Guards {
    /// The upstream slot: freed when the upstream side ends.
    pub slot: OwnedSemaphorePermit,
    /// The client's share of downloads: returned when the client's side ends.
    pub ticket: Option<DownloadTicket>,
    /// Closes the client's connection (absent when no server connection is behind the request,
    /// as in `oneshot` tests).
    pub closer: Option<Closer>,
}

/// Starts relaying `upstream` (whose `first` chunk was already read) and returns the client's
/// body stream.
pub fn start(
    upstream: Guarded,
    first: Bytes,
    limits: BodyLimits,
    declared: Option<u64>,
    guards: Guards,
    log: RequestLog,
) -> Relay {
    let (tx, rx) = mpsc::channel(BUFFERED_CHUNKS);
    let end = Arc::new(Mutex::new(None));
    // The channel is new and empty: the first chunk always fits.
    let _ = tx.try_send(first);
    tokio::spawn(pump(
        upstream,
        tx,
        limits,
        guards.slot,
        guards.closer,
        end.clone(),
    ));
    let mut log = log;
    // Until the body ends otherwise, the client went away.
    log.set_outcome(End::ClientGone.outcome());
    Relay {
        rx,
        end,
        declared,
        sent: 0,
        done: false,
        log,
        _ticket: guards.ticket,
    }
}

/// Reads Zoho's body into the channel until it ends, fails, or a deadline passes.
async fn pump(
    mut upstream: Guarded,
    tx: mpsc::Sender<Bytes>,
    limits: BodyLimits,
    slot: OwnedSemaphorePermit,
    closer: Option<Closer>,
    end: Arc<Mutex<Option<End>>>,
) {
    let result = loop {
        // Checked on every turn: a client that reads just fast enough keeps every send short.
        if Instant::now() >= limits.deadline {
            break End::Deadline;
        }
        let next = tokio::select! {
            next = upstream.next() => next,
            () = tx.closed() => break End::ClientGone,
        };
        let chunk = match next {
            None => break End::Complete,
            Some(Err(BodyError::Timeout)) if Instant::now() >= limits.deadline => {
                break End::Deadline
            }
            Some(Err(e)) => break End::Upstream(e),
            Some(Ok(chunk)) => chunk,
        };
        let wait = (Instant::now() + limits.idle).min(limits.deadline);
        match tokio::time::timeout_at(wait, tx.send(chunk)).await {
            Ok(Ok(())) => {}
            Ok(Err(_)) => break End::ClientGone,
            Err(_) if Instant::now() >= limits.deadline => break End::Deadline,
            Err(_) => break End::ClientStalled,
        }
    };
    // Zoho's connection and the slot go first, whatever the client does next.
    drop(upstream);
    drop(slot);
    *end.lock().unwrap_or_else(|p| p.into_inner()) = Some(result);
    if matches!(result, End::ClientStalled | End::Deadline) {
        if let Some(closer) = closer {
            closer.close();
        }
    }
    drop(tx);
}

/// Why a relayed body was cut (deliberately vague: it can reach the HTTP server's error path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut;

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("download aborted")
    }
}

impl std::error::Error for Cut {}

/// The client's side of a download: chunks from the channel, then the end the upstream side
/// recorded. A failure is an error item, so the HTTP server aborts the response rather than
/// ending it as if it were complete.
pub struct Relay {
    rx: mpsc::Receiver<Bytes>,
    end: Arc<Mutex<Option<End>>>,
    declared: Option<u64>,
    sent: u64,
    done: bool,
    log: RequestLog,
    _ticket: Option<DownloadTicket>,
}

impl Relay {
    fn recorded_end(&self) -> Option<End> {
        *self.end.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Stream for Relay {
    type Item = Result<Bytes, Cut>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.done {
            return Poll::Ready(None);
        }
        match this.rx.poll_recv(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(chunk)) => {
                this.sent = this.sent.saturating_add(chunk.len() as u64);
                this.log.add_bytes(chunk.len() as u64);
                if this.declared == Some(this.sent) {
                    // With a `Content-Length` the server stops asking once it has every byte,
                    // so this is where a complete download is known to be complete.
                    this.log.set_outcome(End::Complete.outcome());
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(None) => {
                this.done = true;
                match this.recorded_end() {
                    Some(End::Complete) => {
                        this.log.set_outcome(End::Complete.outcome());
                        Poll::Ready(None)
                    }
                    Some(other) => {
                        this.log.set_outcome(other.outcome());
                        Poll::Ready(Some(Err(Cut)))
                    }
                    None => Poll::Ready(Some(Err(Cut))),
                }
            }
        }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        // Dropped before its end: the upstream side may already know why (a stall or the
        // deadline closed the connection); otherwise the client went away.
        if !self.done && self.declared != Some(self.sent) {
            if let Some(end) = self.recorded_end().filter(|e| *e != End::Complete) {
                self.log.set_outcome(end.outcome());
            }
        }
    }
}
