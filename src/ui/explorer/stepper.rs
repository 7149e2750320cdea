//! Runs chunked work on the page's thread in time slices of [`SLICE_MS`], yielding to the
//! browser between slices through a `MessageChannel` (a macrotask without the 4 ms clamp that
//! nested `setTimeout`s get), so input, rendering and scrolling go on while a 250k-row result is
//! read, filtered, sorted or exported. Dropping the [`Stepper`] cancels the work.
//!
//! Why not a Web Worker: the result lives where the table reads it (one copy, rows borrowed for
//! the visible window without messages), the page's strict CSP and an embedding host need no
//! worker script, and the core's stepped APIs keep each slice short. The end-to-end tests and
//! the P3 benchmark measure the longest main-thread task.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

pub use super::pacer::Flow;
use super::pacer::{run_slice, Pacer, SLICE_MS};

/// Work done in paced steps.
pub trait SliceTask {
    /// Does about `units` units of work; [`Flow::Done`] when there is nothing left (also after
    /// a failure, which the task keeps to report).
    fn step(&mut self, units: usize) -> Flow;
    /// Called after every slice (report progress); `done` after the last one.
    fn after_slice(&mut self, done: bool);
}

/// `performance.now()` (or `Date.now()` where there is no `performance`).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

struct Shared {
    task: Box<dyn SliceTask>,
    pacer: Pacer,
    finished: bool,
    /// The port slices are requested on.
    wake: web_sys::MessagePort,
}

/// Work running in slices; dropping it stops the work (no further slice runs).
pub struct Stepper {
    shared: Rc<RefCell<Shared>>,
    listen: web_sys::MessagePort,
    _on_message: Closure<dyn FnMut(JsValue)>,
}

impl Stepper {
    /// Starts `task`: its first slice runs in a task of its own, soon after this returns.
    pub fn start(task: impl SliceTask + 'static) -> Result<Stepper, JsValue> {
        let channel = web_sys::MessageChannel::new()?;
        let shared = Rc::new(RefCell::new(Shared {
            task: Box::new(task),
            pacer: Pacer::default(),
            finished: false,
            wake: channel.port2(),
        }));
        let weak: Weak<RefCell<Shared>> = Rc::downgrade(&shared);
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
            // Gone: the owner dropped the stepper (cancelled) before this slice came up.
            let Some(shared) = weak.upgrade() else {
                return;
            };
            let Ok(mut s) = shared.try_borrow_mut() else {
                return;
            };
            if s.finished {
                return;
            }
            let Shared { task, pacer, .. } = &mut *s;
            let done = run_slice(&now_ms, SLICE_MS, pacer, &mut |units| task.step(units));
            s.finished = done;
            if !done {
                // Ask for the next slice before reporting, so a report that fails cannot stall it.
                let _ = s.wake.post_message(&JsValue::UNDEFINED);
            }
            s.task.after_slice(done);
        });
        let listen = channel.port1();
        listen.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        shared.borrow().wake.post_message(&JsValue::UNDEFINED)?;
        Ok(Stepper {
            shared,
            listen,
            _on_message: on_message,
        })
    }

    /// The work has finished.
    pub fn is_finished(&self) -> bool {
        self.shared.try_borrow().is_ok_and(|s| s.finished)
    }
}

impl Drop for Stepper {
    fn drop(&mut self) {
        self.listen.set_onmessage(None);
        self.listen.close();
        if let Ok(s) = self.shared.try_borrow() {
            s.wake.close();
        }
    }
}

impl std::fmt::Debug for Stepper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stepper")
    }
}
