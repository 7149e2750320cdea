//! An in-flight request as a value: dropping it aborts the request, as dropping a gloo `Timeout`
//! cancels its timer. A hook keeps the guard while the request runs; replacing it, unmounting or
//! leaving the job drops it, so no hook writes abort bookkeeping of its own.

use web_sys::{AbortController, AbortSignal};

/// One request's abort handle. Where the browser has no `AbortController` the request simply
/// cannot be aborted; its answer is then ignored by its owner as before.
#[must_use = "dropping an InFlight aborts its request at once"]
#[derive(Debug)]
pub struct InFlight {
    controller: Option<AbortController>,
}

impl InFlight {
    /// A guard for a request about to be sent; pass [`InFlight::signal`] to the transport.
    pub fn start() -> InFlight {
        InFlight {
            controller: AbortController::new().ok(),
        }
    }

    /// The signal the request is sent with.
    pub fn signal(&self) -> Option<AbortSignal> {
        self.controller.as_ref().map(AbortController::signal)
    }

    /// The request has answered: let the guard go without aborting anything.
    pub fn finished(mut self) {
        self.controller = None;
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Some(c) = self.controller.take() {
            c.abort();
        }
    }
}
