//! Upstream bodies under guard: a byte cap counted on the bytes actually streamed (never on
//! `Content-Length`), an idle timeout between chunks and the request's total deadline. A
//! guarded body holds the upstream slot and the request's log record, so both are released
//! (and the log line written, with the bytes relayed) however the stream ends: completed,
//! failed, or dropped because the client went away.

use super::logging::RequestLog;
use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt};
use std::future::Future as _;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::{Instant, Sleep};

/// Why a guarded body stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    /// More bytes than the cap.
    TooLarge,
    /// No chunk within the idle timeout, or the total deadline passed.
    Timeout,
    /// The upstream broke the stream (reset, bad framing, short body).
    Broken,
}

impl BodyError {
    /// Log label.
    pub fn outcome(self) -> &'static str {
        match self {
            BodyError::TooLarge => "upstream_too_large",
            BodyError::Timeout => "upstream_timeout",
            BodyError::Broken => "upstream_broken",
        }
    }
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Deliberately vague: this text can reach the HTTP server's error path.
        f.write_str("upstream body aborted")
    }
}

impl std::error::Error for BodyError {}

/// Limits for one body.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimits {
    pub cap: u64,
    pub idle: Duration,
    pub deadline: Instant,
}

type Chunks = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// An upstream body stream with its cap, timeouts, slot and log record.
pub struct Guarded {
    inner: Chunks,
    limits: BodyLimits,
    timer: Pin<Box<Sleep>>,
    seen: u64,
    done: bool,
    _slot: Option<OwnedSemaphorePermit>,
    log: RequestLog,
}

impl Guarded {
    /// Guards `resp`'s body. `log` is typically disarmed for a body that is collected before
    /// answering, and the armed record for a streamed one.
    pub fn new(
        resp: reqwest::Response,
        limits: BodyLimits,
        slot: Option<OwnedSemaphorePermit>,
        log: RequestLog,
    ) -> Self {
        Guarded {
            inner: Box::pin(resp.bytes_stream()),
            timer: Box::pin(tokio::time::sleep_until(next_wake(&limits))),
            limits,
            seen: 0,
            done: false,
            _slot: slot,
            log,
        }
    }

    /// Reads the whole body into memory, never holding more than `cap` bytes.
    pub async fn collect(mut self) -> Result<Bytes, BodyError> {
        let mut buf = BytesMut::new();
        while let Some(chunk) = self.next().await {
            buf.extend_from_slice(&chunk?);
        }
        Ok(buf.freeze())
    }

    /// Takes the log record back (when the body will not be sent after all).
    pub fn into_log(mut self) -> RequestLog {
        self.log.take()
    }

    fn fail(&mut self, err: BodyError) -> Poll<Option<Result<Bytes, BodyError>>> {
        self.done = true;
        self.log.set_outcome(err.outcome());
        Poll::Ready(Some(Err(err)))
    }
}

fn next_wake(limits: &BodyLimits) -> Instant {
    (Instant::now() + limits.idle).min(limits.deadline)
}

impl Stream for Guarded {
    type Item = Result<Bytes, BodyError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.done {
            return Poll::Ready(None);
        }
        match this.inner.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.seen = this.seen.saturating_add(chunk.len() as u64);
                if this.seen > this.limits.cap {
                    return this.fail(BodyError::TooLarge);
                }
                this.log.add_bytes(chunk.len() as u64);
                let wake = next_wake(&this.limits);
                this.timer.as_mut().reset(wake);
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(e))) => {
                let err = if e.is_timeout() {
                    BodyError::Timeout
                } else {
                    BodyError::Broken
                };
                this.fail(err)
            }
            Poll::Ready(None) => {
                this.done = true;
                this.log.set_outcome("ok");
                Poll::Ready(None)
            }
            Poll::Pending => match this.timer.as_mut().poll(cx) {
                Poll::Ready(()) => this.fail(BodyError::Timeout),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}
