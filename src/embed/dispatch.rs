//! The component's callbacks as DOM events on the host element: `bulkwatch-change`,
//! `bulkwatch-complete` and `bulkwatch-error`, each `bubbles: true, composed: true` (they cross
//! the element's shadow root) with a plain-object `detail` (see `static/bulkwatch.d.ts`).
//! Events are dispatched from a microtask, never from inside a render or a handle call, so a
//! listener may update or destroy the widget; after `destroy()` none is dispatched. The status
//! shown is also reflected as the host's `status` attribute.

use std::cell::Cell;
use std::rc::Rc;

use bulkwatch_core::model::{Counts, JobStatus};
use bulkwatch_core::BwError;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

use crate::events::{EventCallbacks, JobChange, JobProblem};

/// `detail` of `bulkwatch-change` and `bulkwatch-complete`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeDetail {
    pub job_id: String,
    /// `added | in-progress | completed | failed | unknown`.
    pub status: &'static str,
    /// What people read ("In progress"; an unknown status's raw text).
    pub status_text: String,
    pub previous_status: Option<&'static str>,
    pub counts: Counts,
}

impl From<&JobChange> for ChangeDetail {
    fn from(c: &JobChange) -> Self {
        ChangeDetail {
            job_id: c.job_id.as_str().to_string(),
            status: c.status.host_token(),
            status_text: c.status.label(),
            previous_status: c.previous.as_ref().map(JobStatus::host_token),
            counts: c.counts,
        }
    }
}

/// `detail` of `bulkwatch-error`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    pub job_id: Option<String>,
    /// Zoho's code (`INVALID_TOKEN`…) or Bulkwatch's (`NETWORK`, `DECODE_HTML`, `INVALID_INPUT`…).
    pub code: String,
    /// The HTTP status, when an answer came.
    pub http_status: Option<u16>,
    /// Zoho's own message when it sent one, else what went wrong.
    pub message: String,
    /// A short plain title.
    pub title: String,
    /// Bulkwatch will try again by itself.
    pub retryable: bool,
}

impl From<&JobProblem> for ErrorDetail {
    fn from(p: &JobProblem) -> Self {
        let e: &BwError = &p.error;
        ErrorDetail {
            job_id: p.job_id.as_ref().map(|j| j.as_str().to_string()),
            code: e.code().to_string(),
            http_status: e.http_status(),
            message: match e.zoho() {
                Some(z) => z.message.clone(),
                None => e.to_string(),
            },
            title: e.title(),
            retryable: e.is_retryable(),
        }
    }
}

/// Dispatches events on one element until [`Emitter::stop`].
#[derive(Clone)]
pub struct Emitter {
    target: web_sys::Element,
    alive: Rc<Cell<bool>>,
    /// The latest status token, for the handle's `status` getter.
    status: Rc<Cell<Option<&'static str>>>,
}

impl Emitter {
    /// Events go to `target`.
    pub fn new(target: web_sys::Element) -> Emitter {
        Emitter {
            target,
            alive: Rc::new(Cell::new(true)),
            status: Rc::new(Cell::new(None)),
        }
    }

    /// No event after this, not even one already queued.
    pub fn stop(&self) {
        self.alive.set(false);
    }

    /// The latest status reported.
    pub fn status(&self) -> Option<&'static str> {
        self.status.get()
    }

    /// Reflects the status as the `status` attribute of the host: the custom element when the
    /// widget lives in its shadow root, else the element `mount()` was given.
    fn reflect(&self, status: Option<&'static str>) {
        if !self.alive.get() {
            return;
        }
        self.status.set(status);
        let root = self.target.get_root_node();
        let host = match root.dyn_ref::<web_sys::ShadowRoot>() {
            Some(shadow) => shadow.host(),
            None => self.target.clone(),
        };
        let _ = match status {
            Some(s) => host.set_attribute("status", s),
            None => host.remove_attribute("status"),
        };
    }

    /// The component's callbacks, dispatching DOM events.
    pub fn callbacks(&self) -> EventCallbacks {
        let change = {
            let me = self.clone();
            Callback::from(move |c: JobChange| me.send("bulkwatch-change", &ChangeDetail::from(&c)))
        };
        let complete = {
            let me = self.clone();
            Callback::from(move |c: JobChange| {
                me.send("bulkwatch-complete", &ChangeDetail::from(&c))
            })
        };
        let error = {
            let me = self.clone();
            Callback::from(move |p: JobProblem| me.send("bulkwatch-error", &ErrorDetail::from(&p)))
        };
        let status = {
            let me = self.clone();
            Callback::from(move |s: Option<JobStatus>| {
                me.reflect(s.as_ref().map(JobStatus::host_token))
            })
        };
        EventCallbacks {
            on_change: change,
            on_complete: complete,
            on_error: error,
            on_status: status,
        }
    }

    fn send(&self, name: &'static str, detail: &impl Serialize) {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let detail = match detail.serialize(&serializer) {
            Ok(d) => d,
            Err(_) => JsValue::NULL,
        };
        let target = self.target.clone();
        let alive = self.alive.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if !alive.get() {
                return;
            }
            let init = web_sys::CustomEventInit::new();
            init.set_bubbles(true);
            init.set_composed(true);
            init.set_detail(&detail);
            if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
                let _ = target.dispatch_event(&event);
            }
        });
    }
}
