//! The poll driver: every rule of following one job, as a pure state machine around the
//! [`PollPolicy`]. It takes [`Event`]s (with their times: it has no clock) and returns
//! [`Effect`]s (send, arm or cancel a timer, show, share, seek or release the group's lead); it
//! does no I/O, and its jitter is seeded, so the same seed and events always give the same
//! effects. The widget's hook only carries the effects out.
//!
//! The rules:
//! - **One request in flight.** A check that falls due while one is out waits for its answer.
//!   A request that takes [`REQUEST_TIMEOUT_MS`] is abandoned and counted as a timeout.
//! - **One timer for the next check**, armed from the policy's decision; a new decision cancels
//!   the old timer. Stale answers (aborted, for an older request) and stale timers are ignored.
//! - **Hidden page**: no timer while hidden; shown again, one request at once if one was due.
//! - **Token**: nothing is sent without one; forgetting it aborts the request out; a refusal
//!   (401) waits for a new one, which checks at once. A new token typed while a check is planned
//!   checks at once too, unless a `Retry-After` or backoff is being waited out. A refusal of a
//!   token replaced while the request was out asks again with the new one.
//! - **Budget and pauses** from the policy; "Resume" continues a pause, "Check again" restarts
//!   after a refusal or an answer not understood; a finished job (completed, failed) is final.
//! - **Shared group**: only the leader sends; a follower whose check falls due waits for the
//!   leader's answer, and, handed the lead, sends at once if it was due. A member seeks the lead
//!   only while it could poll (visible, with a token, not paused or stopped); a finished leader
//!   keeps it, so newcomers are shown the final answer without a request. Every answer that
//!   describes the job is shared; shared answers are shown only when newer than what is shown.

mod group;
mod io;
mod person;

pub use io::{Effect, Event, Next, Response, Role, Show, TimerId, TimerKind};

use crate::error::BwError;
use crate::model::decode_job_response;
use crate::model::Job;
use crate::poll::{Decision, FetchError, Jitter, PollConfig, PollEvent, PollPolicy, StopReason};
use crate::share::{Freshness, SharedAnswer};

/// How long one request may take before it is abandoned and counted as a timeout.
pub const REQUEST_TIMEOUT_MS: u64 = 30_000;

/// Where the driver stands.
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

#[derive(Debug, Clone, PartialEq)]
struct Flight {
    seq: u64,
    sent_ms: u64,
    /// The token generation it went with (a refusal of an older token says nothing of the new).
    token_gen: u64,
    deadline: TimerId,
}

/// The poll driver for one job.
#[derive(Debug, Clone, PartialEq)]
pub struct Driver {
    config: PollConfig,
    policy: PollPolicy,
    /// Seeds for fresh policies ("Check again"), drawn from the driver's own seed.
    seeds: Jitter,
    expected_total: Option<u64>,
    seq: u64,
    timers: u64,
    /// Started and not stopped: only a live driver acts.
    alive: bool,
    /// Started once (a stopped driver is not started again).
    started: bool,
    wait: Wait,
    flight: Option<Flight>,
    poll_timer: Option<TimerId>,
    hidden: bool,
    token: bool,
    token_gen: u64,
    grouped: bool,
    leader: bool,
    seeking: bool,
    /// The newest answer shown, whoever fetched it (older shared ones are ignored).
    freshness: Freshness,
    /// The newest answer worth sharing, for members that join later.
    latest: Option<SharedAnswer>,
    /// The role last shown.
    role: Option<Role>,
    out: Vec<Effect>,
}

impl Driver {
    /// A driver with the policy's `config`, jitter seeded from `seed`, numbering its requests
    /// after `last_seq` (so that numbers never repeat in a view that outlives one driver).
    pub fn new(config: PollConfig, seed: u64, last_seq: u64) -> Driver {
        Driver {
            policy: PollPolicy::new(config.clone(), Jitter::Seeded(seed)),
            config,
            seeds: Jitter::Seeded(seed ^ 0x5DEE_CE66_D1CE_5EED),
            expected_total: None,
            seq: last_seq,
            timers: 0,
            alive: false,
            started: false,
            wait: Wait::Nothing,
            flight: None,
            poll_timer: None,
            hidden: false,
            token: false,
            token_gen: 0,
            grouped: false,
            leader: false,
            seeking: false,
            freshness: Freshness::default(),
            latest: None,
            role: None,
            out: Vec::new(),
        }
    }

    /// The last sequence number used (requests and shared answers).
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Whether the driver believes it holds the group's lead.
    pub fn holds_lead(&self) -> bool {
        self.leader
    }

    /// The policy (request count, progress, stall).
    pub fn policy(&self) -> &PollPolicy {
        &self.policy
    }

    /// Takes in one event; returns what to do, in order.
    pub fn handle(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::Started {
                now_ms,
                token,
                hidden,
                grouped,
            } => self.start(now_ms, token, hidden, grouped),
            Event::ExpectedTotal(total) => {
                self.expected_total = total;
                self.policy.set_expected_total(total);
            }
            Event::Floor(ms) => {
                self.config.floor_ms = ms;
                self.policy.set_floor_ms(ms);
            }
            _ if !self.alive => {}
            Event::Answer {
                seq,
                at_ms,
                response,
            } => self.on_answer(seq, at_ms, response),
            Event::TimerFired { timer, now_ms } => self.on_timer(timer, now_ms),
            Event::Hidden { now_ms } => self.on_hidden(now_ms),
            Event::Shown { now_ms } => self.on_shown(now_ms),
            Event::TokenGained { now_ms } => self.on_token_gained(now_ms),
            Event::TokenLost { now_ms } => self.on_token_lost(now_ms),
            Event::LeadGained { now_ms } => self.on_lead(now_ms),
            Event::LeadLost { .. } => {
                if self.leader {
                    self.leader = false;
                    self.seeking = false;
                    self.sync_role();
                }
            }
            Event::SharedAnswer { now_ms, answer } => self.on_shared(now_ms, answer),
            Event::Hello => {
                if let (true, Some(latest)) = (self.leader, &self.latest) {
                    self.out.push(Effect::Share(latest.clone()));
                }
            }
            Event::CheckNow { now_ms } => self.check_now(now_ms),
            Event::Resume { now_ms } => {
                if self.wait == Wait::Paused {
                    let d = self.policy.decide(PollEvent::Resume { now_ms });
                    self.apply(now_ms, d);
                }
            }
            Event::Stop => self.stop(),
        }
        std::mem::take(&mut self.out)
    }

    fn start(&mut self, now_ms: u64, token: bool, hidden: bool, grouped: bool) {
        if self.started {
            return;
        }
        self.started = true;
        self.alive = true;
        self.token = token;
        self.hidden = hidden;
        self.grouped = grouped;
        if grouped {
            self.out.push(Effect::Greet);
        }
        let d = self.policy.decide(PollEvent::Start { now_ms });
        self.apply(now_ms, d);
    }

    fn arm(&mut self, kind: TimerKind, delay_ms: u64) -> TimerId {
        self.timers += 1;
        let timer = TimerId(self.timers);
        self.out.push(Effect::ArmTimer {
            timer,
            kind,
            delay_ms,
        });
        timer
    }

    fn cancel_poll_timer(&mut self) {
        if let Some(timer) = self.poll_timer.take() {
            self.out.push(Effect::CancelTimer { timer });
        }
    }

    /// Aborts the request out, if any; `true` when there was one.
    fn abort_flight(&mut self) -> bool {
        match self.flight.take() {
            Some(f) => {
                self.out.push(Effect::CancelTimer { timer: f.deadline });
                self.out.push(Effect::Abort { seq: f.seq });
                true
            }
            None => false,
        }
    }

    fn tell(&mut self, next: Next) {
        self.out.push(Effect::Show(Show::Next(next)));
        self.sync_role();
    }

    /// A check is due: send it unless one is out, there is no token, the page is hidden or
    /// another member leads.
    fn poll_now(&mut self, now_ms: u64) {
        self.cancel_poll_timer();
        if self.flight.is_some() {
            return;
        }
        if !self.token {
            self.wait = Wait::Token;
            self.tell(Next::NeedsToken);
        } else if self.hidden {
            self.wait = Wait::WhenShown;
            self.tell(Next::WhenShown);
        } else if !self.leading() {
            self.wait = Wait::Following;
            self.tell(Next::Following);
        } else {
            self.seq += 1;
            let seq = self.seq;
            let deadline = self.arm(TimerKind::Deadline, REQUEST_TIMEOUT_MS);
            self.flight = Some(Flight {
                seq,
                sent_ms: now_ms,
                token_gen: self.token_gen,
                deadline,
            });
            self.wait = Wait::InFlight;
            self.out.push(Effect::Send { seq });
        }
    }

    /// Carries out the policy's decision: one timer at most, none while the page is hidden.
    fn apply(&mut self, now_ms: u64, decision: Decision) {
        if !self.alive {
            return;
        }
        self.cancel_poll_timer();
        match decision {
            Decision::PollIn(_) if self.hidden => {
                self.wait = Wait::WhenShown;
                self.tell(Next::WhenShown);
            }
            Decision::PollIn(0) => self.poll_now(now_ms),
            Decision::PollIn(ms) => {
                self.poll_timer = Some(self.arm(TimerKind::Poll, ms));
                self.wait = Wait::Timer;
                self.tell(Next::At(now_ms.saturating_add(ms)));
            }
            Decision::Stop(reason) => {
                self.wait = match reason {
                    StopReason::Completed | StopReason::Failed => Wait::Done,
                    StopReason::Refused { .. } | StopReason::Undecodable => Wait::Stopped,
                };
                self.tell(Next::Stopped(reason));
            }
            Decision::WaitForToken => {
                self.token = false;
                self.wait = Wait::Token;
                self.tell(Next::NeedsToken);
            }
            Decision::Paused(reason) => {
                self.wait = Wait::Paused;
                self.tell(Next::Paused(reason));
            }
        }
    }

    fn on_timer(&mut self, timer: TimerId, now_ms: u64) {
        if self.poll_timer == Some(timer) {
            self.poll_timer = None;
            self.poll_now(now_ms);
        } else if self.flight.as_ref().map(|f| f.deadline) == Some(timer) {
            self.on_timeout(now_ms);
        }
    }

    /// The request out took too long: abort it and back off as for a network error.
    fn on_timeout(&mut self, now_ms: u64) {
        let Some(f) = self.flight.take() else {
            return;
        };
        self.out.push(Effect::Abort { seq: f.seq });
        let message = format!("no answer within {} s", REQUEST_TIMEOUT_MS / 1000);
        self.show_answer(
            f.seq,
            false,
            f.sent_ms,
            now_ms,
            Err(BwError::Network { message }),
        );
        let d = self.policy.decide(PollEvent::Failed {
            now_ms,
            error: FetchError::Timeout,
        });
        self.apply(now_ms, d);
    }

    fn on_answer(&mut self, seq: u64, at_ms: u64, response: Response) {
        if self.flight.as_ref().map(|f| f.seq) != Some(seq) {
            return; // stale: an aborted or replaced request
        }
        let Some(f) = self.flight.take() else {
            return;
        };
        self.out.push(Effect::CancelTimer { timer: f.deadline });
        let replaced = f.token_gen != self.token_gen && self.token;
        self.freshness.saw(f.sent_ms, at_ms);
        let (result, retry_after) = match response {
            Response::Http {
                status,
                body,
                retry_after,
            } => {
                if let Some(answer) = SharedAnswer::of(f.sent_ms, at_ms, status, &body) {
                    if self.grouped {
                        self.out.push(Effect::Share(answer.clone()));
                    }
                    self.latest = Some(answer);
                }
                (decode_job_response(status, &body), retry_after)
            }
            Response::Network(message) => (Err(BwError::Network { message }), None),
            // Not aborted by this driver (its own aborts drop the request first): as offline.
            Response::Aborted => (
                Err(BwError::Network {
                    message: "the request was cancelled".into(),
                }),
                None,
            ),
            Response::Unsendable => {
                self.wait = Wait::Stopped;
                self.tell(Next::Nothing);
                return;
            }
        };
        if replaced && matches!(&result, Err(e) if e.needs_token()) {
            // The refused token was replaced while the request was out: ask with the new one.
            let d = self.policy.decide(PollEvent::Superseded { now_ms: at_ms });
            self.apply(at_ms, d);
            return;
        }
        self.settle(seq, false, f.sent_ms, at_ms, at_ms, result, retry_after);
    }

    fn show_answer(
        &mut self,
        seq: u64,
        shared: bool,
        sent_ms: u64,
        at_ms: u64,
        result: Result<Job, BwError>,
    ) {
        self.out.push(Effect::Show(Show::Answer {
            seq,
            shared,
            sent_ms,
            at_ms,
            result: Box::new(result),
        }));
    }

    /// Shows an answer (fetched here or shared) and carries out the policy's next decision.
    #[allow(clippy::too_many_arguments)]
    fn settle(
        &mut self,
        seq: u64,
        shared: bool,
        sent_ms: u64,
        at_ms: u64,
        now_ms: u64,
        result: Result<Job, BwError>,
        retry_after: Option<String>,
    ) {
        let event = match &result {
            Ok(job) => PollEvent::Observed {
                now_ms: at_ms,
                status: job.status.clone(),
                counts: job.counts(),
            },
            Err(error) => PollEvent::Failed {
                now_ms: at_ms,
                error: FetchError::from_error(error, retry_after.as_deref()),
            },
        };
        self.show_answer(seq, shared, sent_ms, at_ms, result);
        let d = self.policy.decide(event);
        self.apply(now_ms, d);
    }

    fn stop(&mut self) {
        self.abort_flight();
        self.cancel_poll_timer();
        if self.seeking || self.leader {
            self.out.push(Effect::ReleaseLead);
        }
        self.seeking = false;
        self.leader = false;
        self.alive = false;
    }
}
