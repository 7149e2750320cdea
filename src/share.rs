//! Pollers of the same job share one request stream, across tabs and across widgets on a page
//! (the protocol and its rules are in [`bulkwatch_core::share`]). This is the effectful half:
//! the group is a `BroadcastChannel` named after the job's URL, and the lead is a Web Lock of the
//! same name. The browser grants the lock to one member at a time, queues the others, and hands
//! it to the next one the moment its holder releases it or its tab goes away, so there is no
//! election to time out and no gap to wait for.
//!
//! Where either API is missing (an old browser, or a page that is not a secure context, where
//! `navigator.locks` does not exist) [`Sharing::join`] returns `None` and each poller polls alone,
//! exactly as before sharing existed.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use bulkwatch_core::share::ShareMessage;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// What a member hears from its group. Never called from inside a [`Member`] method: always
/// later, from the browser's event loop, so the receiver may call its member back.
pub trait ShareEvents {
    /// This member leads now: it polls for the group.
    fn lead(&self);
    /// A message from another member.
    fn message(&self, message: ShareMessage);
}

/// One poller's place in its group. Dropping it leaves the group and releases the lead.
pub trait Member {
    /// Whether this member is able to lead now (visible, holding a token, still polling).
    /// Wanting it queues for the lead; no longer wanting it hands the lead to the next member.
    /// Cheap and idempotent: callers say it after every change.
    fn want_lead(&self, want: bool);
    /// Whether this member holds the lead.
    fn is_leader(&self) -> bool;
    /// Tells every other member of the group.
    fn post(&self, message: &ShareMessage);
}

/// Joins groups. The browser's is [`BrowserSharing`]; [`Alone`] never shares.
pub trait Sharing {
    /// Joins the group `name`; `None` when sharing is not possible here (the poller polls alone).
    fn join(&self, name: &str, events: Rc<dyn ShareEvents>) -> Option<Box<dyn Member>>;
}

/// No sharing: every poller polls for itself.
#[derive(Debug, Default, Clone, Copy)]
pub struct Alone;

impl Sharing for Alone {
    fn join(&self, _name: &str, _events: Rc<dyn ShareEvents>) -> Option<Box<dyn Member>> {
        None
    }
}

/// `BroadcastChannel` for messages, `navigator.locks` for the lead.
#[derive(Debug, Default, Clone, Copy)]
pub struct BrowserSharing;

impl Sharing for BrowserSharing {
    fn join(&self, name: &str, events: Rc<dyn ShareEvents>) -> Option<Box<dyn Member>> {
        let window = web_sys::window()?;
        // Reached through `Reflect`: web-sys keeps the Web Locks API behind an unstable flag.
        let locks = Reflect::get(&window.navigator(), &JsValue::from_str("locks")).ok()?;
        if locks.is_undefined() || locks.is_null() {
            return None;
        }
        let request: Function = Reflect::get(&locks, &JsValue::from_str("request"))
            .ok()?
            .dyn_into()
            .ok()?;
        let channel = web_sys::BroadcastChannel::new(name).ok()?;
        let lock = Rc::new(RefCell::new(LockState {
            name: name.to_owned(),
            locks,
            request,
            want: false,
            pending: false,
            held: None,
            closed: false,
            events: Rc::downgrade(&events),
        }));
        let listener = {
            let events = Rc::downgrade(&events);
            gloo_events::EventListener::new(&channel, "message", move |event| {
                let text = event
                    .dyn_ref::<web_sys::MessageEvent>()
                    .and_then(|m| m.data().as_string());
                let (Some(events), Some(text)) = (events.upgrade(), text) else {
                    return;
                };
                // Answers whose times cannot be true (dated in the future, answered before
                // sent) are dropped here, before they could freeze this member's view.
                let now = crate::ui::time_fmt::to_ms(js_sys::Date::now());
                if let Some(message) = ShareMessage::receive(&text, now) {
                    events.message(message);
                }
            })
        };
        // A page on its way out (closed, navigated, frozen into the back/forward cache) gives
        // the lead up at once instead of when the browser tears it down.
        let pagehide = {
            let lock = Rc::downgrade(&lock);
            gloo_events::EventListener::new(&window, "pagehide", move |_| {
                if let Some(lock) = lock.upgrade() {
                    lock.borrow_mut().want = false;
                    release(&lock);
                }
            })
        };
        Some(Box::new(BrowserMember {
            channel,
            lock,
            _events: events,
            _listener: listener,
            _pagehide: pagehide,
        }))
    }
}

struct LockState {
    name: String,
    locks: JsValue,
    request: Function,
    /// The member wants the lead.
    want: bool,
    /// A lock request is queued.
    pending: bool,
    /// Held: resolving this function releases the lock.
    held: Option<Function>,
    /// The member left: a late grant is given straight back.
    closed: bool,
    events: Weak<dyn ShareEvents>,
}

struct BrowserMember {
    channel: web_sys::BroadcastChannel,
    lock: Rc<RefCell<LockState>>,
    /// Keeps the receiver alive as long as the membership (the listeners hold it weakly).
    _events: Rc<dyn ShareEvents>,
    _listener: gloo_events::EventListener,
    _pagehide: gloo_events::EventListener,
}

impl Member for BrowserMember {
    fn want_lead(&self, want: bool) {
        self.lock.borrow_mut().want = want;
        if want {
            acquire(&self.lock);
        } else {
            release(&self.lock);
        }
    }

    fn is_leader(&self) -> bool {
        self.lock.borrow().held.is_some()
    }

    fn post(&self, message: &ShareMessage) {
        // A closed or unserialisable channel just means nobody hears it.
        let _ = self
            .channel
            .post_message(&JsValue::from_str(&message.encode()));
    }
}

impl Drop for BrowserMember {
    fn drop(&mut self) {
        {
            let mut l = self.lock.borrow_mut();
            l.closed = true;
            l.want = false;
        }
        release(&self.lock);
        self.channel.close();
    }
}

/// Queues for the lock unless it is held or already asked for. The grant comes later, from the
/// browser; while it waits the member may stop wanting it, and then gives it straight back.
fn acquire(lock: &Rc<RefCell<LockState>>) {
    let (locks, request, name) = {
        let mut l = lock.borrow_mut();
        if l.closed || l.pending || l.held.is_some() {
            return;
        }
        l.pending = true;
        (l.locks.clone(), l.request.clone(), l.name.clone())
    };
    let weak = Rc::downgrade(lock);
    let granted = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        let Some(lock) = weak.upgrade() else {
            // The member is gone: returning (not a promise) releases the lock at once.
            return JsValue::UNDEFINED;
        };
        let events = {
            let mut l = lock.borrow_mut();
            l.pending = false;
            if l.closed || !l.want {
                return JsValue::UNDEFINED;
            }
            // Held until `resolve` is called (see `release`).
            let mut resolve = None;
            let held = Promise::new(&mut |res, _rej| resolve = Some(res));
            l.held = resolve;
            if l.held.is_none() {
                return JsValue::UNDEFINED;
            }
            (held, l.events.upgrade())
        };
        let (held, events) = events;
        if let Some(events) = events {
            events.lead();
        }
        held.into()
    });
    // The returned promise settles when the lock is released; it rejects only for options this
    // never uses (steal, abort), so nothing waits on it.
    if request
        .call2(&locks, &JsValue::from_str(&name), &granted)
        .is_err()
    {
        lock.borrow_mut().pending = false;
    }
}

/// Gives the lock back (if held): the browser grants it to the next member in line.
fn release(lock: &Rc<RefCell<LockState>>) {
    let held = lock.borrow_mut().held.take();
    if let Some(resolve) = held {
        let _ = resolve.call0(&JsValue::UNDEFINED);
    }
}
