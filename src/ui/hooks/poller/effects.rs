//! Carrying out one driver [`Effect`] with the page's means. Nothing here chooses: each effect
//! maps to one action (a fetch, a timer, a message, a dispatch to the view).

use std::cell::RefCell;
use std::rc::Rc;

use bulkwatch_core::poll::driver::{Effect, Event, Next, Response, Role, Show, TimerId};
use bulkwatch_core::share::ShareMessage;

use super::{feed, run, Inner};
use crate::abort::InFlight;
use crate::net::{HttpResponse, NetError};
use crate::ui::job::state::{JobAction, NextCheck, PollRole};

/// Carries out `effect` (nothing once the poller is dropped).
pub(super) fn perform(inner: &Rc<RefCell<Inner>>, effect: Effect) {
    if !inner.borrow().alive {
        return;
    }
    match effect {
        Effect::Send { seq } => send(inner, seq),
        Effect::Abort { seq } => {
            let mut i = inner.borrow_mut();
            if i.flight.as_ref().is_some_and(|(s, _)| *s == seq) {
                i.flight = None; // the guard aborts on drop
            }
        }
        Effect::ArmTimer {
            timer, delay_ms, ..
        } => arm(inner, timer, delay_ms),
        Effect::CancelTimer { timer } => {
            // Dropping the guard cancels the timer.
            let old = inner.borrow_mut().timers.remove(&timer);
            drop(old);
        }
        Effect::Show(show) => {
            let dispatch = inner.borrow().dispatch.clone();
            match show {
                Show::Answer {
                    seq,
                    shared,
                    sent_ms,
                    at_ms,
                    result,
                } => {
                    if shared {
                        dispatch.emit(JobAction::Shared { seq });
                    }
                    dispatch.emit(JobAction::Answered {
                        seq,
                        sent_ms,
                        at_ms,
                        result: *result,
                    });
                }
                Show::Next(next) => {
                    if next == Next::NeedsToken {
                        // The driver holds no usable token now: any token given is news to it.
                        inner.borrow_mut().token = None;
                    }
                    dispatch.emit(JobAction::Next(next_check(next)));
                }
                Show::Role(role) => dispatch.emit(JobAction::Role(poll_role(role))),
            }
        }
        Effect::Share(answer) => post(inner, &ShareMessage::answer(answer)),
        Effect::Greet => post(inner, &ShareMessage::hello()),
        Effect::SeekLead | Effect::ReleaseLead => {
            let want = matches!(effect, Effect::SeekLead);
            let i = inner.borrow();
            if let Some(m) = &i.member {
                m.want_lead(want);
            }
        }
    }
}

fn post(inner: &Rc<RefCell<Inner>>, message: &ShareMessage) {
    let i = inner.borrow();
    if let Some(m) = &i.member {
        m.post(message);
    }
}

fn arm(inner: &Rc<RefCell<Inner>>, timer: TimerId, delay_ms: u64) {
    let weak = Rc::downgrade(inner);
    let ms = u32::try_from(delay_ms).unwrap_or(u32::MAX);
    let mut i = inner.borrow_mut();
    let guard = i.env.timers.after(
        ms,
        Box::new(move || {
            if let Some(inner) = weak.upgrade() {
                // Fired: the guard has nothing left to cancel.
                let fired = inner.borrow_mut().timers.remove(&timer);
                drop(fired);
                feed(&weak, |now_ms| Event::TimerFired { timer, now_ms });
            }
        }),
    );
    i.timers.insert(timer, guard);
}

/// Sends request `seq` with the token held; its answer comes back as an event.
fn send(inner: &Rc<RefCell<Inner>>, seq: u64) {
    let built = {
        let mut i = inner.borrow_mut();
        let request = i.target.job_request(i.token.clone());
        request.map(|request| {
            let flight = InFlight::start();
            let signal = flight.signal();
            i.flight = Some((seq, flight));
            (request, signal, i.dispatch.clone(), i.env.transport.clone())
        })
    };
    let Ok((request, signal, dispatch, transport)) = built else {
        // Connect refuses such targets; the driver hears that nothing could be sent.
        let at_ms = inner.borrow().now();
        run(
            inner,
            Event::Answer {
                seq,
                at_ms,
                response: Response::Unsendable,
            },
        );
        return;
    };
    dispatch.emit(JobAction::Sent { seq });
    let answer = transport.send(request, signal);
    let weak = Rc::downgrade(inner);
    wasm_bindgen_futures::spawn_local(async move {
        let response = match answer.await {
            Ok(HttpResponse {
                status,
                body,
                retry_after,
                ..
            }) => Response::Http {
                status,
                body,
                retry_after,
            },
            Err(NetError::Aborted) => Response::Aborted,
            Err(NetError::Network(message)) => Response::Network(message),
        };
        if let Some(inner) = weak.upgrade() {
            let mine = inner
                .borrow()
                .flight
                .as_ref()
                .is_some_and(|(s, _)| *s == seq);
            if mine {
                if let Some((_, flight)) = inner.borrow_mut().flight.take() {
                    flight.finished();
                }
            }
        }
        feed(&weak, |at_ms| Event::Answer {
            seq,
            at_ms,
            response,
        });
    });
}

fn next_check(next: Next) -> NextCheck {
    match next {
        Next::Nothing => NextCheck::Nothing,
        Next::Following => NextCheck::Following,
        Next::At(ms) => NextCheck::At(ms),
        Next::WhenShown => NextCheck::WhenShown,
        Next::NeedsToken => NextCheck::NeedsToken,
        Next::Paused(reason) => NextCheck::Paused(reason),
        Next::Stopped(reason) => NextCheck::Stopped(reason),
    }
}

fn poll_role(role: Role) -> PollRole {
    match role {
        Role::Alone => PollRole::Alone,
        Role::Leading => PollRole::Leading,
        Role::Following => PollRole::Following,
    }
}
