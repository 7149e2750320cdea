//! The polling loop behind [`super::use_job_poller`]: an interpreter of the core's
//! [`Driver`], which holds every rule (one request in flight, the policy's pace, nothing while
//! hidden or without a token, the budget, the shared group's lead). This file only turns what
//! happens (answers, timers, visibility, tokens, the group) into driver events and carries out
//! the driver's effects with the page's means: fetch, timers, `BroadcastChannel`/Web Locks
//! ([`crate::share`]) and the view's reducer. It decides nothing itself.
//!
//! It owns its cancellation: dropping a [`Poller`] aborts the in-flight fetch, drops its timers,
//! its visibility listener and its group membership, and every callback it handed out holds only
//! a weak reference, so nothing outlives it.
//!
//! Events are handled one at a time: an event that arrives while effects are being carried out
//! (a dispatch can render synchronously, and a render can hand the poller a new token) waits
//! until they are all done, so effects always come out in the driver's order. No `RefCell`
//! borrow is held while dispatching to the view.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};
use std::rc::{Rc, Weak};

mod effects;
mod group;

use bulkwatch_core::poll::driver::{self, Driver, Event, TimerId};
use bulkwatch_core::poll::PollConfig;
use yew::Callback;

use crate::abort::InFlight;
use crate::env::{Cancel, Env};
use crate::share::Member;
use crate::token::Token;
use crate::ui::job::state::JobAction;
use crate::ui::target::Target;
use crate::ui::time_fmt::to_ms;

/// How long one request may take before it is abandoned and counted as a timeout.
pub const REQUEST_TIMEOUT_MS: u32 = driver::REQUEST_TIMEOUT_MS as u32;

struct Inner {
    alive: bool,
    target: Rc<Target>,
    env: Env,
    dispatch: Callback<JobAction>,
    /// The token requests go with; the driver only knows whether there is one.
    token: Option<Token>,
    driver: Driver,
    /// Shared by every poller of one widget, so sequence numbers never repeat in its reducer.
    seq: Rc<Cell<u64>>,
    /// The request out: its number, and its guard (dropping it aborts the request).
    flight: Option<(u64, InFlight)>,
    timers: BTreeMap<TimerId, Cancel>,
    visibility: Option<Cancel>,
    /// This poller's membership of the job's group; `None`: it polls alone.
    member: Option<Box<dyn Member>>,
    /// Events waiting while effects are carried out.
    pending: VecDeque<Event>,
    running: bool,
}

impl Inner {
    fn now(&self) -> u64 {
        to_ms(self.env.page.now_ms())
    }
}

/// A running poll loop for one target. Drop it to stop everything.
pub struct Poller {
    inner: Rc<RefCell<Inner>>,
}

impl Poller {
    /// Starts watching `target`: resets the view with the stored timeline, joins the job's
    /// group, and lets the driver say what happens first.
    pub fn start(
        target: Rc<Target>,
        token: Option<Token>,
        env: Env,
        dispatch: Callback<JobAction>,
        seq: Rc<Cell<u64>>,
        config: PollConfig,
    ) -> Poller {
        let timeline = crate::storage::load_timeline(env.store.as_ref(), &target.job);
        dispatch.emit(JobAction::Reset {
            job: target.job.clone(),
            timeline,
        });
        // Seeded from Math.random: each widget gets its own jitter stream.
        let seed = (env.page.random() * 9_007_199_254_740_992.0) as u64;
        let inner = Rc::new(RefCell::new(Inner {
            alive: true,
            target,
            env: env.clone(),
            dispatch,
            token: token.clone(),
            driver: Driver::new(config, seed, seq.get()),
            seq,
            flight: None,
            timers: BTreeMap::new(),
            visibility: None,
            member: None,
            pending: VecDeque::new(),
            running: false,
        }));
        let weak = Rc::downgrade(&inner);
        let listener = env.page.on_visibility_change(Rc::new(move || {
            if let Some(inner) = weak.upgrade() {
                let hidden = inner.borrow().env.page.hidden();
                let now_ms = inner.borrow().now();
                run(
                    &inner,
                    if hidden {
                        Event::Hidden { now_ms }
                    } else {
                        Event::Shown { now_ms }
                    },
                );
            }
        }));
        let member = group::join(&inner, &env);
        let started = {
            let mut i = inner.borrow_mut();
            i.visibility = Some(listener);
            let grouped = member.is_some();
            i.member = member;
            Event::Started {
                now_ms: i.now(),
                token: token.is_some(),
                hidden: i.env.page.hidden(),
                grouped,
            }
        };
        run(&inner, started);
        Poller { inner }
    }

    /// A new token (or none: "forget token"). The driver decides what follows.
    pub fn set_token(&self, token: Option<Token>) {
        let event = {
            let mut i = self.inner.borrow_mut();
            if i.token == token {
                return;
            }
            let now_ms = i.now();
            let lost = token.is_none();
            i.token = token;
            if lost {
                Event::TokenLost { now_ms }
            } else {
                Event::TokenGained { now_ms }
            }
        };
        run(&self.inner, event);
    }

    /// The shortest gap between checks from now on (a watch list's share of its budget).
    pub fn set_floor(&self, floor_ms: u64) {
        run(&self.inner, Event::Floor(floor_ms));
    }

    /// The rows the person says the file has: the policy paces polls to the resulting ETA.
    pub fn set_expected_total(&self, total: Option<u64>) {
        run(&self.inner, Event::ExpectedTotal(total));
    }

    /// "Check again" after polling stopped on an error retrying could not fix.
    pub fn retry(&self) {
        let now_ms = self.inner.borrow().now();
        run(&self.inner, Event::CheckNow { now_ms });
    }

    /// "Resume" after a pause (budget spent, errors persisting, polling off).
    pub fn resume(&self) {
        let now_ms = self.inner.borrow().now();
        run(&self.inner, Event::Resume { now_ms });
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        if let Ok(mut i) = self.inner.try_borrow_mut() {
            // The driver forgets everything it had out; the page's side is torn down here.
            let _ = i.driver.handle(Event::Stop);
            i.alive = false;
            i.pending.clear();
            i.flight = None;
            i.timers.clear();
            i.visibility = None;
            // Leaving the group hands the lead to the next member.
            i.member = None;
        }
    }
}

/// Feeds `event` to the driver and carries out its effects; events that arrive meanwhile
/// (from a synchronous render) are queued and handled next, in order.
fn run(inner: &Rc<RefCell<Inner>>, event: Event) {
    {
        let mut i = inner.borrow_mut();
        if !i.alive {
            return;
        }
        i.pending.push_back(event);
        if i.running {
            return;
        }
        i.running = true;
    }
    loop {
        let effects = {
            let mut i = inner.borrow_mut();
            let Some(mut event) = i.pending.pop_front() else {
                i.running = false;
                return;
            };
            if !i.alive {
                i.pending.clear();
                i.running = false;
                return;
            }
            // The group took the lead back without being asked (a page on its way out): the
            // driver hears it before anything else.
            let lost = i.driver.holds_lead() && i.member.as_ref().is_some_and(|m| !m.is_leader());
            if lost {
                i.pending.push_front(event);
                event = Event::LeadLost { now_ms: i.now() };
            }
            let effects = i.driver.handle(event);
            let seq = i.seq.get().max(i.driver.seq());
            i.seq.set(seq);
            effects
        };
        for effect in effects {
            effects::perform(inner, effect);
        }
    }
}

/// Feeds `event` later, from a callback that holds the poller weakly.
fn feed(weak: &Weak<RefCell<Inner>>, event: impl FnOnce(u64) -> Event) {
    if let Some(inner) = weak.upgrade() {
        let now_ms = inner.borrow().now();
        run(&inner, event(now_ms));
    }
}
