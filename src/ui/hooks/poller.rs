//! The polling loop behind [`super::use_job_poller`]: one request in flight, the next one
//! scheduled by the core's policy, nothing sent while the page is hidden (and one at once when it
//! is shown again), a budget that ends in a visible "Resume". It owns its cancellation: dropping
//! a [`Poller`] aborts the in-flight fetch, drops its timer and its visibility listener, and
//! every callback it handed out holds only a weak reference, so nothing outlives it.
//!
//! It never holds its own `RefCell` borrow while dispatching to the view: a dispatch can render
//! synchronously, and a render can call back into the poller (a new token, a cleanup).
//!
//! Pollers of the same job share one request stream ([`crate::share`]): each one runs its whole
//! policy on every answer, its own or shared, but only the member holding the lead sends. A
//! follower whose check falls due waits for the leader's answer ([`Wait::Following`]); when it
//! is handed the lead it sends at once if a check was due, otherwise at its planned time, which
//! is when the leader would have polled. A member wants the lead only while it could poll:
//! visible, with a token, neither paused nor stopped by an error. A leader whose job finished
//! keeps the lead, so members that join later are shown the final answer without asking.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

mod group;

use bulkwatch_core::poll::{
    Decision, FetchError, Jitter, PollConfig, PollEvent, PollPolicy, StopReason,
};
use bulkwatch_core::share::{Freshness, ShareMessage, SharedAnswer};
use bulkwatch_core::{decode_job_response, BwError};
use yew::Callback;

use crate::env::{Cancel, Env};
use crate::net::{HttpRequest, HttpResponse, NetError};
use crate::share::Member;
use crate::token::Token;
use crate::ui::job::state::{JobAction, NextCheck, PollRole};
use crate::ui::target::Target;
use crate::ui::time_fmt::to_ms;

/// Where the loop stands (the view's [`NextCheck`] mirrors it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wait {
    Nothing,
    InFlight,
    Timer,
    /// A check is due, but another member leads: its answer is awaited.
    Following,
    WhenShown,
    Token,
    Paused,
    /// Retrying cannot help (a refusal, an answer not understood): "Check again" may.
    Stopped,
    /// The job completed or failed: nothing will change, nothing more is asked.
    Done,
}

/// How long one request may take before it is abandoned and counted as a timeout.
pub const REQUEST_TIMEOUT_MS: u32 = 30_000;

struct InFlight {
    seq: u64,
    sent_ms: u64,
    /// The token the request went with (a refusal of an older token says nothing of the new).
    token: Option<Token>,
    abort: Option<web_sys::AbortController>,
    /// Abandons the request after [`REQUEST_TIMEOUT_MS`]; dropped with it.
    _deadline: Cancel,
}

struct Inner {
    alive: bool,
    target: Rc<Target>,
    env: Env,
    dispatch: Callback<JobAction>,
    token: Option<Token>,
    policy: PollPolicy,
    /// The policy's settings, for a fresh policy on "Check again".
    config: PollConfig,
    /// Shared by every poller of one widget, so sequence numbers never repeat in its reducer.
    seq: Rc<Cell<u64>>,
    in_flight: Option<InFlight>,
    timer: Option<Cancel>,
    visibility: Option<Cancel>,
    wait: Wait,
    /// This poller's membership of the job's group; `None`: it polls alone.
    member: Option<Box<dyn Member>>,
    /// The newest answer shown, whoever fetched it (older shared ones are ignored).
    freshness: Freshness,
    /// The newest answer worth sharing, for members that join later.
    latest: Option<SharedAnswer>,
    /// The role last told to the view.
    role: Option<PollRole>,
}

impl Inner {
    fn now(&self) -> u64 {
        to_ms(self.env.page.now_ms())
    }

    fn leading(&self) -> bool {
        self.member.as_ref().is_none_or(|m| m.is_leader())
    }

    fn role(&self) -> PollRole {
        match &self.member {
            None => PollRole::Alone,
            Some(m) if m.is_leader() => PollRole::Leading,
            Some(_) => PollRole::Following,
        }
    }

    /// Whether this poller could lead the group now: poll for it, or, once the job is done,
    /// keep the lead so that members joining later are shown the final answer without asking.
    fn could_lead(&self) -> bool {
        self.alive
            && self.token.is_some()
            && !self.env.page.hidden()
            && matches!(
                self.wait,
                Wait::Nothing | Wait::InFlight | Wait::Timer | Wait::Following | Wait::Done
            )
    }

    fn abort_in_flight(&mut self) {
        if let Some(f) = self.in_flight.take() {
            if let Some(abort) = f.abort {
                abort.abort();
            }
        }
    }
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
        request: HttpRequest,
        signal: Option<web_sys::AbortSignal>,
    },
}

impl Poller {
    /// Starts watching `target`: resets the view with the stored timeline, then lets the policy
    /// say when the first request goes (at once, unless hidden or without a token).
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
            token,
            policy: PollPolicy::new(config.clone(), Jitter::Seeded(seed)),
            config,
            seq,
            in_flight: None,
            timer: None,
            visibility: None,
            wait: Wait::Nothing,
            member: None,
            freshness: Freshness::default(),
            latest: None,
            role: None,
        }));
        let weak = Rc::downgrade(&inner);
        let listener = env.page.on_visibility_change(Rc::new(move || {
            if let Some(inner) = weak.upgrade() {
                on_visibility(&inner);
            }
        }));
        let member = group::join(&inner, &env);
        let decision = {
            let mut i = inner.borrow_mut();
            i.visibility = Some(listener);
            i.member = member;
            let now_ms = i.now();
            i.policy.decide(PollEvent::Start { now_ms })
        };
        apply(&inner, decision);
        Poller { inner }
    }

    /// A new token (or none: "forget token"). A loop waiting for one goes on at once;
    /// forgetting aborts a request in flight and waits.
    pub fn set_token(&self, token: Option<Token>) {
        enum Then {
            Nothing,
            Decide(Decision),
            Tell(NextCheck),
        }
        let then = {
            let mut i = self.inner.borrow_mut();
            let had = i.token.is_some();
            i.token = token;
            if i.token.is_none() && had {
                i.abort_in_flight();
                i.timer = None;
                i.wait = Wait::Token;
                Then::Tell(NextCheck::NeedsToken)
            } else if i.token.is_some() && i.wait == Wait::Token {
                let now_ms = i.now();
                Then::Decide(i.policy.decide(PollEvent::TokenProvided { now_ms }))
            } else {
                Then::Nothing
            }
        };
        match then {
            Then::Nothing => {}
            Then::Decide(d) => apply(&self.inner, d),
            Then::Tell(next) => tell(&self.inner, next),
        }
    }

    /// The rows the person says the file has: the policy paces polls to the resulting ETA.
    pub fn set_expected_total(&self, total: Option<u64>) {
        self.inner.borrow_mut().policy.set_expected_total(total);
    }

    /// "Check again" after polling stopped on an error retrying could not fix (a refusal, an
    /// answer not understood): a fresh policy, and a request at once. A finished job stays done.
    pub fn retry(&self) {
        let decision = {
            let mut i = self.inner.borrow_mut();
            if i.wait != Wait::Stopped {
                return;
            }
            let seed = (i.env.page.random() * 9_007_199_254_740_992.0) as u64;
            i.policy = PollPolicy::new(i.config.clone(), Jitter::Seeded(seed));
            let now_ms = i.now();
            i.policy.decide(PollEvent::Start { now_ms })
        };
        apply(&self.inner, decision);
    }

    /// "Resume" after a pause (budget spent, errors persisting).
    pub fn resume(&self) {
        let decision = {
            let mut i = self.inner.borrow_mut();
            if i.wait != Wait::Paused {
                return;
            }
            let now_ms = i.now();
            i.policy.decide(PollEvent::Resume { now_ms })
        };
        apply(&self.inner, decision);
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        if let Ok(mut i) = self.inner.try_borrow_mut() {
            i.alive = false;
            i.abort_in_flight();
            i.timer = None;
            i.visibility = None;
            // Leaving the group hands the lead to the next member.
            i.member = None;
        }
    }
}

fn tell(inner: &Rc<RefCell<Inner>>, next: NextCheck) {
    let dispatch = inner.borrow().dispatch.clone();
    dispatch.emit(JobAction::Next(next));
    group::sync_role(inner);
}

/// Sends a request now unless one is in flight, there is no token or the page is hidden.
fn poll_now(inner: &Rc<RefCell<Inner>>) {
    let step = {
        let mut i = inner.borrow_mut();
        i.timer = None;
        if !i.alive || i.in_flight.is_some() {
            Step::Nothing
        } else if i.token.is_none() {
            i.wait = Wait::Token;
            Step::Tell(NextCheck::NeedsToken)
        } else if i.env.page.hidden() {
            i.wait = Wait::WhenShown;
            Step::Tell(NextCheck::WhenShown)
        } else if !i.leading() {
            i.wait = Wait::Following;
            Step::Tell(NextCheck::Following)
        } else {
            match i.target.job_request(i.token.clone()) {
                Err(_) => {
                    // Connect refuses such targets; nothing sensible to send.
                    i.wait = Wait::Stopped;
                    Step::Tell(NextCheck::Nothing)
                }
                Ok(request) => {
                    let seq = i.seq.get() + 1;
                    i.seq.set(seq);
                    let abort = web_sys::AbortController::new().ok();
                    let signal = abort.as_ref().map(|a| a.signal());
                    let sent_ms = i.now();
                    let weak = Rc::downgrade(inner);
                    let deadline = i.env.timers.after(
                        REQUEST_TIMEOUT_MS,
                        Box::new(move || {
                            if let Some(inner) = weak.upgrade() {
                                on_timeout(&inner, seq);
                            }
                        }),
                    );
                    let token = i.token.clone();
                    i.in_flight = Some(InFlight {
                        seq,
                        sent_ms,
                        token,
                        abort,
                        _deadline: deadline,
                    });
                    i.wait = Wait::InFlight;
                    Step::Send {
                        seq,
                        request,
                        signal,
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

/// An answer for request `seq`: shared with the group when it describes the job, shown, then
/// the policy picks what comes next.
fn on_answer(inner: &Rc<RefCell<Inner>>, seq: u64, result: Result<HttpResponse, NetError>) {
    let (sent_ms, at_ms, token_replaced) = {
        let mut i = inner.borrow_mut();
        if !i.alive || i.in_flight.as_ref().map(|f| f.seq) != Some(seq) {
            return; // stale: an aborted or replaced request
        }
        let Some(flight) = i.in_flight.take() else {
            return;
        };
        let replaced = flight.token != i.token && i.token.is_some();
        let at_ms = i.now();
        i.freshness.saw(flight.sent_ms, at_ms);
        if let Ok(resp) = &result {
            if let Some(answer) = SharedAnswer::of(flight.sent_ms, at_ms, resp.status, &resp.body) {
                if let Some(m) = &i.member {
                    m.post(&ShareMessage::answer(answer.clone()));
                }
                i.latest = Some(answer);
            }
        }
        (flight.sent_ms, at_ms, replaced)
    };
    let (result, retry_after) = match result {
        Err(NetError::Aborted) => return,
        Err(NetError::Network(message)) => (Err(BwError::Network { message }), None),
        Ok(resp) => (
            decode_job_response(resp.status, &resp.body),
            resp.retry_after,
        ),
    };
    if token_replaced && matches!(&result, Err(e) if e.needs_token()) {
        // The refused token was replaced while the request was out: ask again with the new one.
        poll_now(inner);
        return;
    }
    settle(inner, seq, sent_ms, at_ms, result, retry_after.as_deref());
}

/// Shows answer `seq` (fetched here or shared) and carries out the policy's next decision.
fn settle(
    inner: &Rc<RefCell<Inner>>,
    seq: u64,
    sent_ms: u64,
    at_ms: u64,
    result: Result<bulkwatch_core::Job, BwError>,
    retry_after: Option<&str>,
) {
    let event = match &result {
        Ok(job) => PollEvent::Observed {
            now_ms: at_ms,
            status: job.status.clone(),
            counts: job.counts(),
        },
        Err(error) => PollEvent::Failed {
            now_ms: at_ms,
            error: FetchError::from_error(error, retry_after),
        },
    };
    let dispatch = inner.borrow().dispatch.clone();
    dispatch.emit(JobAction::Answered {
        seq,
        sent_ms,
        at_ms,
        result,
    });
    let decision = {
        let mut i = inner.borrow_mut();
        if !i.alive {
            return;
        }
        i.policy.decide(event)
    };
    apply(inner, decision);
}

/// Request `seq` took too long: abort it and tell the policy (it backs off like for a network
/// error).
fn on_timeout(inner: &Rc<RefCell<Inner>>, seq: u64) {
    let (dispatch, sent_ms, at_ms) = {
        let mut i = inner.borrow_mut();
        let current = i.in_flight.as_ref().map(|f| (f.seq, f.sent_ms));
        let Some((_, sent_ms)) = current.filter(|(s, _)| i.alive && *s == seq) else {
            return;
        };
        i.abort_in_flight();
        (i.dispatch.clone(), sent_ms, i.now())
    };
    let message = format!("no answer within {} s", REQUEST_TIMEOUT_MS / 1000);
    dispatch.emit(JobAction::Answered {
        seq,
        sent_ms,
        at_ms,
        result: Err(BwError::Network { message }),
    });
    let decision = {
        let mut i = inner.borrow_mut();
        if !i.alive {
            return;
        }
        i.policy.decide(PollEvent::Failed {
            now_ms: at_ms,
            error: FetchError::Timeout,
        })
    };
    apply(inner, decision);
}

/// Carries out the policy's decision: one timer at most, none while the page is hidden.
fn apply(inner: &Rc<RefCell<Inner>>, decision: Decision) {
    let next = {
        let mut i = inner.borrow_mut();
        if !i.alive {
            return;
        }
        i.timer = None;
        match decision {
            Decision::PollIn(_) if i.env.page.hidden() => {
                i.wait = Wait::WhenShown;
                NextCheck::WhenShown
            }
            Decision::PollIn(0) => {
                drop(i);
                poll_now(inner);
                return;
            }
            Decision::PollIn(ms) => {
                let weak = Rc::downgrade(inner);
                let ms32 = u32::try_from(ms).unwrap_or(u32::MAX);
                let timer = i.env.timers.after(
                    ms32,
                    Box::new(move || {
                        if let Some(inner) = weak.upgrade() {
                            poll_now(&inner);
                        }
                    }),
                );
                i.timer = Some(timer);
                i.wait = Wait::Timer;
                NextCheck::At(i.now().saturating_add(ms))
            }
            Decision::Stop(reason) => {
                i.wait = match reason {
                    StopReason::Completed | StopReason::Failed => Wait::Done,
                    StopReason::Refused { .. } | StopReason::Undecodable => Wait::Stopped,
                };
                NextCheck::Stopped(reason)
            }
            Decision::WaitForToken => {
                i.token = None;
                i.wait = Wait::Token;
                NextCheck::NeedsToken
            }
            Decision::Paused(reason) => {
                i.wait = Wait::Paused;
                NextCheck::Paused(reason)
            }
        }
    };
    tell(inner, next);
}

/// Hidden: drop the timer (no requests while hidden) and the lead. Shown: ask the policy, which answers
/// "now" when a poll was due (or the rest of a `Retry-After` wait).
fn on_visibility(inner: &Rc<RefCell<Inner>>) {
    let (hidden, wait) = {
        let i = inner.borrow();
        (i.env.page.hidden(), i.wait)
    };
    if hidden {
        if matches!(wait, Wait::Timer | Wait::Following) {
            {
                let mut i = inner.borrow_mut();
                i.timer = None;
                i.wait = Wait::WhenShown;
            }
            tell(inner, NextCheck::WhenShown);
        } else {
            // A request in flight finishes, but a hidden page does not lead.
            group::sync_role(inner);
        }
    } else if wait == Wait::WhenShown {
        let decision = {
            let mut i = inner.borrow_mut();
            let now_ms = i.now();
            i.policy.decide(PollEvent::Visible { now_ms })
        };
        apply(inner, decision);
    } else {
        // Shown again with nothing due (a request in flight, a finished job): back in line.
        group::sync_role(inner);
    }
}
