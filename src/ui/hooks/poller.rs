//! The polling loop behind [`super::use_job_poller`]: one request in flight, the next one
//! scheduled by the core's policy, nothing sent while the page is hidden (and one at once when it
//! is shown again), a budget that ends in a visible "Resume". It owns its cancellation: dropping
//! a [`Poller`] aborts the in-flight fetch, drops its timer and its visibility listener, and
//! every callback it handed out holds only a weak reference, so nothing outlives it.
//!
//! It never holds its own `RefCell` borrow while dispatching to the view: a dispatch can render
//! synchronously, and a render can call back into the poller (a new token, a cleanup).

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use yew::Callback;

use crate::env::{Cancel, Env};
use crate::net::{HttpResponse, NetError};
use crate::token::Token;
use crate::ui::job::state::{JobAction, NextCheck};
use crate::ui::pending::error::{decode_job_response, BwError};
use crate::ui::pending::poll::{Decision, PollEvent, PollPolicy};
use crate::ui::target::Target;

/// Where the loop stands (the view's [`NextCheck`] mirrors it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wait {
    Nothing,
    InFlight,
    Timer,
    WhenShown,
    Token,
    Budget,
    Stopped,
}

struct InFlight {
    seq: u64,
    abort: Option<web_sys::AbortController>,
}

struct Inner {
    alive: bool,
    target: Rc<Target>,
    env: Env,
    dispatch: Callback<JobAction>,
    token: Option<Token>,
    policy: PollPolicy,
    /// Shared by every poller of one widget, so sequence numbers never repeat in its reducer.
    seq: Rc<Cell<u64>>,
    in_flight: Option<InFlight>,
    timer: Option<Cancel>,
    visibility: Option<Cancel>,
    wait: Wait,
}

/// A running poll loop for one target. Drop it to stop everything.
pub struct Poller {
    inner: Rc<RefCell<Inner>>,
}

/// What to do once the borrow is released.
enum Step {
    Nothing,
    Tell(NextCheck),
    Send {
        seq: u64,
        request: crate::net::HttpRequest,
        signal: Option<web_sys::AbortSignal>,
    },
}

impl Poller {
    /// Starts watching `target`: resets the view, then sends the first request (or waits for a
    /// token, or for the page to be shown).
    pub fn start(
        target: Rc<Target>,
        token: Option<Token>,
        env: Env,
        dispatch: Callback<JobAction>,
        seq: Rc<Cell<u64>>,
        budget: u32,
    ) -> Poller {
        let timeline = crate::storage::load_timeline(env.store.as_ref(), &target.job);
        dispatch.emit(JobAction::Reset {
            job: target.job.clone(),
            timeline,
        });
        let inner = Rc::new(RefCell::new(Inner {
            alive: true,
            target,
            env: env.clone(),
            dispatch,
            token,
            policy: PollPolicy::new(budget),
            seq,
            in_flight: None,
            timer: None,
            visibility: None,
            wait: Wait::Nothing,
        }));
        let weak = Rc::downgrade(&inner);
        let listener = env.page.on_visibility_change(Rc::new(move || {
            if let Some(inner) = weak.upgrade() {
                on_visibility(&inner);
            }
        }));
        inner.borrow_mut().visibility = Some(listener);
        poll_now(&inner);
        Poller { inner }
    }

    /// A new token (or none: "forget token"). A waiting loop starts again at once; forgetting
    /// aborts a request in flight.
    pub fn set_token(&self, token: Option<Token>) {
        let resume = {
            let mut i = self.inner.borrow_mut();
            let forgotten = token.is_none() && i.token.is_some();
            i.token = token;
            if forgotten {
                if let Some(f) = i.in_flight.take() {
                    if let Some(abort) = f.abort {
                        abort.abort();
                    }
                }
                i.timer = None;
                i.wait = Wait::Token;
                Some(false)
            } else {
                (i.token.is_some() && i.wait == Wait::Token).then_some(true)
            }
        };
        match resume {
            Some(true) => poll_now(&self.inner),
            Some(false) => tell(&self.inner, NextCheck::NeedsToken),
            None => {}
        }
    }

    /// After the budget ran out: a person asked to continue.
    pub fn resume(&self) {
        let go = {
            let mut i = self.inner.borrow_mut();
            if i.wait == Wait::Budget {
                i.policy.resume();
                true
            } else {
                false
            }
        };
        if go {
            poll_now(&self.inner);
        }
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        if let Ok(mut i) = self.inner.try_borrow_mut() {
            i.alive = false;
            if let Some(f) = i.in_flight.take() {
                if let Some(abort) = f.abort {
                    abort.abort();
                }
            }
            i.timer = None;
            i.visibility = None;
        }
    }
}

fn tell(inner: &Rc<RefCell<Inner>>, next: NextCheck) {
    let dispatch = inner.borrow().dispatch.clone();
    dispatch.emit(JobAction::Next(next));
}

/// Sends a request now unless one is in flight, there is no token or the page is hidden.
fn poll_now(inner: &Rc<RefCell<Inner>>) {
    let step = {
        let mut i = inner.borrow_mut();
        if !i.alive || i.in_flight.is_some() {
            Step::Nothing
        } else {
            i.timer = None;
            if i.token.is_none() {
                i.wait = Wait::Token;
                Step::Tell(NextCheck::NeedsToken)
            } else if i.env.page.hidden() {
                i.wait = Wait::WhenShown;
                Step::Tell(NextCheck::WhenShown)
            } else {
                match i.target.job_request(i.token.clone()) {
                    Err(_) => {
                        i.wait = Wait::Stopped;
                        Step::Tell(NextCheck::Stopped)
                    }
                    Ok(request) => {
                        let seq = i.seq.get() + 1;
                        i.seq.set(seq);
                        let abort = web_sys::AbortController::new().ok();
                        let signal = abort.as_ref().map(|a| a.signal());
                        i.in_flight = Some(InFlight { seq, abort });
                        i.wait = Wait::InFlight;
                        i.policy.record_request();
                        Step::Send {
                            seq,
                            request,
                            signal,
                        }
                    }
                }
            }
        }
    };
    match step {
        Step::Nothing => {}
        Step::Tell(next) => tell(inner, next),
        Step::Send {
            seq,
            request,
            signal,
        } => {
            let (dispatch, transport) = {
                let i = inner.borrow();
                (i.dispatch.clone(), i.env.transport.clone())
            };
            dispatch.emit(JobAction::Sent { seq });
            let answer = transport.send(request, signal);
            let weak: Weak<RefCell<Inner>> = Rc::downgrade(inner);
            wasm_bindgen_futures::spawn_local(async move {
                let result = answer.await;
                if let Some(inner) = weak.upgrade() {
                    on_answer(&inner, seq, result);
                }
            });
        }
    }
}

/// An answer for request `seq`: show it, then let the policy pick what comes next.
fn on_answer(inner: &Rc<RefCell<Inner>>, seq: u64, result: Result<HttpResponse, NetError>) {
    let (dispatch, at_ms) = {
        let mut i = inner.borrow_mut();
        if !i.alive || i.in_flight.as_ref().map(|f| f.seq) != Some(seq) {
            return; // stale: an aborted or replaced request
        }
        i.in_flight = None;
        (i.dispatch.clone(), i.env.page.now_ms())
    };
    let (result, retry_after) = match result {
        Err(NetError::Aborted) => return,
        Err(NetError::Network(detail)) => (Err(BwError::network(detail)), None),
        Ok(resp) => (
            decode_job_response(resp.status, &resp.body),
            resp.retry_after,
        ),
    };
    dispatch.emit(JobAction::Answered {
        seq,
        at_ms,
        result: result.clone(),
    });
    let decision = {
        let mut i = inner.borrow_mut();
        if !i.alive {
            return;
        }
        let jitter = i.env.page.random();
        let event = match &result {
            Ok(job) => PollEvent::Answer(job),
            Err(error) => PollEvent::Failed {
                error,
                retry_after: retry_after.as_deref(),
            },
        };
        i.policy.decide(event, jitter)
    };
    apply(inner, decision);
}

fn apply(inner: &Rc<RefCell<Inner>>, decision: Decision) {
    let next = {
        let mut i = inner.borrow_mut();
        if !i.alive {
            return;
        }
        match decision {
            Decision::PollIn(ms) if i.env.page.hidden() => {
                i.wait = Wait::WhenShown;
                let _ = ms;
                NextCheck::WhenShown
            }
            Decision::PollIn(ms) => {
                let weak = Rc::downgrade(inner);
                let timer = i.env.timers.after(
                    ms,
                    Box::new(move || {
                        if let Some(inner) = weak.upgrade() {
                            poll_now(&inner);
                        }
                    }),
                );
                i.timer = Some(timer);
                i.wait = Wait::Timer;
                NextCheck::At(i.env.page.now_ms() + f64::from(ms))
            }
            Decision::Stop => {
                i.wait = Wait::Stopped;
                NextCheck::Stopped
            }
            Decision::WaitForToken => {
                i.token = None;
                i.wait = Wait::Token;
                NextCheck::NeedsToken
            }
            Decision::Paused => {
                i.wait = Wait::Budget;
                NextCheck::BudgetSpent
            }
        }
    };
    tell(inner, next);
}

/// Hidden: drop the timer (no requests while hidden). Shown: one request at once if one was due
/// or scheduled.
fn on_visibility(inner: &Rc<RefCell<Inner>>) {
    let (hidden, wait) = {
        let i = inner.borrow();
        (i.env.page.hidden(), i.wait)
    };
    if hidden {
        if wait == Wait::Timer {
            {
                let mut i = inner.borrow_mut();
                i.timer = None;
                i.wait = Wait::WhenShown;
            }
            tell(inner, NextCheck::WhenShown);
        }
    } else if wait == Wait::WhenShown {
        poll_now(inner);
    }
}
