//! A transport that lets at most `max` requests be in flight at once across every job of the
//! watch list (the global cap); each job's own poller already keeps one in flight per job.
//! Waiting requests start in order as earlier ones finish; one dropped while waiting (aborted)
//! simply leaves the queue.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use crate::net::{HttpRequest, HttpResponse, LocalFuture, NetError, Transport};

/// Requests the watch list may have in flight at once.
pub const DEFAULT_CAP: usize = 4;

#[derive(Default)]
struct Slots {
    in_flight: Cell<usize>,
    waiting: RefCell<VecDeque<Waker>>,
}

/// Wraps a transport with the global cap.
pub struct CappedTransport {
    inner: Rc<dyn Transport>,
    max: usize,
    slots: Rc<Slots>,
}

impl CappedTransport {
    pub fn new(inner: Rc<dyn Transport>, max: usize) -> CappedTransport {
        CappedTransport {
            inner,
            max: max.max(1),
            slots: Rc::default(),
        }
    }
}

/// Waits for a free slot.
struct Acquire {
    slots: Rc<Slots>,
    max: usize,
}

impl Future for Acquire {
    type Output = Permit;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Permit> {
        if self.slots.in_flight.get() < self.max {
            self.slots.in_flight.set(self.slots.in_flight.get() + 1);
            Poll::Ready(Permit(self.slots.clone()))
        } else {
            self.slots
                .waiting
                .borrow_mut()
                .push_back(cx.waker().clone());
            Poll::Pending
        }
    }
}

/// A held slot; dropping it frees the slot and wakes the waiters (a woken one whose request was
/// meanwhile dropped does nothing, so all are woken and the first to poll wins).
struct Permit(Rc<Slots>);

impl Drop for Permit {
    fn drop(&mut self) {
        self.0
            .in_flight
            .set(self.0.in_flight.get().saturating_sub(1));
        let waiting: Vec<Waker> = self.0.waiting.borrow_mut().drain(..).collect();
        for w in waiting {
            w.wake();
        }
    }
}

impl Transport for CappedTransport {
    fn send(
        &self,
        req: HttpRequest,
        signal: Option<web_sys::AbortSignal>,
    ) -> LocalFuture<Result<HttpResponse, NetError>> {
        let acquire = Acquire {
            slots: self.slots.clone(),
            max: self.max,
        };
        let inner = self.inner.clone();
        Box::pin(async move {
            let _permit = acquire.await;
            inner.send(req, signal).await
        })
    }
}
