//! Upstream bodies under guard: a byte cap counted on the bytes actually streamed (never on
//! `Content-Length`), an idle timeout between chunks and the request's total deadline. The
//! idle clock runs only while the body is being asked for, so time spent waiting on a slow
//! client (see `relay`) is never charged to the upstream.

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt};
use std::future::Future as _;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
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

/// An upstream body stream with its cap and timeouts.
pub struct Guarded {
    inner: Chunks,
    limits: BodyLimits,
    timer: Pin<Box<Sleep>>,
    /// The idle clock restarts at the next poll (a chunk was just handed out).
    rearm: bool,
    seen: u64,
    done: bool,
}

impl Guarded {
    /// Guards `resp`'s body.
    pub fn new(resp: reqwest::Response, limits: BodyLimits) -> Self {
        Guarded {
            inner: Box::pin(resp.bytes_stream()),
            timer: Box::pin(tokio::time::sleep_until(next_wake(&limits))),
            rearm: false,
            limits,
            seen: 0,
            done: false,
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

    fn fail(&mut self, err: BodyError) -> Poll<Option<Result<Bytes, BodyError>>> {
        self.done = true;
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
        if this.rearm {
            this.rearm = false;
            let wake = next_wake(&this.limits);
            this.timer.as_mut().reset(wake);
        }
        match this.inner.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.seen = this.seen.saturating_add(chunk.len() as u64);
                if this.seen > this.limits.cap {
                    return this.fail(BodyError::TooLarge);
                }
                // An upstream that always has a chunk ready never lets the timer be polled.
                if Instant::now() >= this.limits.deadline {
                    return this.fail(BodyError::Timeout);
                }
                this.rearm = true;
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
                Poll::Ready(None)
            }
            Poll::Pending => match this.timer.as_mut().poll(cx) {
                Poll::Ready(()) => this.fail(BodyError::Timeout),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}
