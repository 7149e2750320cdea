//! What the widget needs from its surroundings — HTTP, timers, page visibility, a clock, random
//! numbers, storage, the other tabs — as one value passed to each instance. The browser's versions are
//! [`Env::browser`]; tests and embedding hosts can bring others. Nothing here is global.

use std::any::Any;
use std::fmt;
use std::rc::Rc;

use crate::net::{BrowserFetch, Transport};
use crate::share::{BrowserSharing, Sharing};

/// Dropping it cancels what it guards (a timer, an event listener).
pub struct Cancel(#[allow(dead_code)] Box<dyn Any>);

impl Cancel {
    /// Guards any value whose `Drop` cancels something.
    pub fn new(inner: impl Any) -> Cancel {
        Cancel(Box::new(inner))
    }
}

impl fmt::Debug for Cancel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cancel")
    }
}

/// One-shot timers.
pub trait Timers {
    /// Runs `f` after `ms` unless the returned guard was dropped first.
    fn after(&self, ms: u32, f: Box<dyn FnOnce()>) -> Cancel;
}

/// The page the widget lives in.
pub trait Page {
    /// The page is hidden (background tab, minimised window): make no requests.
    fn hidden(&self) -> bool;
    /// Calls `f` when visibility changes, until the guard is dropped.
    fn on_visibility_change(&self, f: Rc<dyn Fn()>) -> Cancel;
    /// Milliseconds since the epoch.
    fn now_ms(&self) -> f64;
    /// A number in `[0, 1)` (backoff jitter).
    fn random(&self) -> f64;
}

/// A small string store (the browser's `localStorage`); failures are silent (no persistence).
pub trait Store {
    fn get(&self, key: &str) -> Option<String>;
    fn set(&self, key: &str, value: &str);
    fn remove(&self, key: &str);
}

/// Everything one widget instance needs from outside. Cheap to clone; equal when it is the
/// same environment.
#[derive(Clone)]
pub struct Env {
    pub transport: Rc<dyn Transport>,
    pub timers: Rc<dyn Timers>,
    pub page: Rc<dyn Page>,
    pub store: Rc<dyn Store>,
    /// Joins the other pollers of the same job (other tabs and widgets) so they make one
    /// request stream; [`crate::share::Alone`] polls alone.
    pub sharing: Rc<dyn Sharing>,
}

impl PartialEq for Env {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.transport, &other.transport)
            && Rc::ptr_eq(&self.timers, &other.timers)
            && Rc::ptr_eq(&self.page, &other.page)
            && Rc::ptr_eq(&self.store, &other.store)
            && Rc::ptr_eq(&self.sharing, &other.sharing)
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Env")
    }
}

impl Env {
    /// The real browser: `fetch`, gloo timers, `document.visibilityState`, `localStorage`,
    /// `BroadcastChannel` and Web Locks.
    pub fn browser() -> Env {
        Env {
            transport: Rc::new(BrowserFetch),
            timers: Rc::new(BrowserTimers),
            page: Rc::new(BrowserPage),
            store: Rc::new(LocalStorage),
            sharing: Rc::new(BrowserSharing),
        }
    }
}

/// gloo `Timeout`s; dropping the guard drops the `Timeout`, which clears it.
#[derive(Debug, Default, Clone, Copy)]
pub struct BrowserTimers;

impl Timers for BrowserTimers {
    fn after(&self, ms: u32, f: Box<dyn FnOnce()>) -> Cancel {
        Cancel::new(gloo_timers::callback::Timeout::new(ms, f))
    }
}

/// `document.visibilityState`, `Date.now()`, `Math.random()`.
#[derive(Debug, Default, Clone, Copy)]
pub struct BrowserPage;

impl Page for BrowserPage {
    fn hidden(&self) -> bool {
        web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
    }

    fn on_visibility_change(&self, f: Rc<dyn Fn()>) -> Cancel {
        match web_sys::window().and_then(|w| w.document()) {
            Some(doc) => Cancel::new(gloo_events::EventListener::new(
                &doc,
                "visibilitychange",
                move |_| f(),
            )),
            None => Cancel::new(()),
        }
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}

/// `window.localStorage`; unavailable storage (privacy mode, quota) means no persistence.
#[derive(Debug, Default, Clone, Copy)]
pub struct LocalStorage;

impl LocalStorage {
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }
}

impl Store for LocalStorage {
    fn get(&self, key: &str) -> Option<String> {
        Self::storage()?.get_item(key).ok().flatten()
    }

    fn set(&self, key: &str, value: &str) {
        if let Some(s) = Self::storage() {
            let _ = s.set_item(key, value);
        }
    }

    fn remove(&self, key: &str) {
        if let Some(s) = Self::storage() {
            let _ = s.remove_item(key);
        }
    }
}

/// A store that keeps nothing beyond this value's life (tests, hosts that want no persistence).
#[derive(Debug, Default)]
pub struct MemoryStore(std::cell::RefCell<std::collections::BTreeMap<String, String>>);

impl Store for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.0.borrow().get(key).cloned()
    }

    fn set(&self, key: &str, value: &str) {
        self.0.borrow_mut().insert(key.into(), value.into());
    }

    fn remove(&self, key: &str) {
        self.0.borrow_mut().remove(key);
    }
}
