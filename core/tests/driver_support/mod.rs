//! A simulated world for the poll driver: a clock, live timers, requests in flight, a group
//! lock, and the person's token and page. It feeds events to a [`Driver`], carries out nothing
//! but bookkeeping, and checks every effect against the rules as it comes out — a rule broken
//! panics with what happened, which proptest reports with the shrunk sequence.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use bulkwatch_core::poll::driver::{Effect, Event, Next, Response, Role, Show, TimerId, TimerKind};
use bulkwatch_core::poll::{Driver, PauseReason, PollConfig, StopReason};
use bulkwatch_core::share::SharedAnswer;

pub const ADDED: &str = include_str!("../../../tests/fixtures/jobs/seed_added.json");
pub const RUNNING: &str = include_str!("../../../tests/fixtures/jobs/seed_in_progress.json");
pub const COMPLETED: &str = include_str!("../../../tests/fixtures/jobs/seed_completed.json");
pub const FAILED: &str = include_str!("../../../tests/fixtures/jobs/failed.json");
pub const INVALID_TOKEN: &str = include_str!("../../../tests/fixtures/errors/invalid_token.json");
pub const TOO_MANY: &str = include_str!("../../../tests/fixtures/errors/too_many_requests.json");
pub const NOT_FOUND: &str = include_str!("../../../tests/fixtures/errors/resource_not_found.json");
pub const INTERNAL: &str = include_str!("../../../tests/fixtures/errors/internal_error.json");

/// An HTTP answer with `body`.
pub fn http(status: u16, body: &str) -> Response {
    Response::Http {
        status,
        body: body.as_bytes().to_vec(),
        retry_after: None,
    }
}

/// A 429 with `Retry-After: secs`.
pub fn too_many(secs: u64) -> Response {
    Response::Http {
        status: 429,
        body: TOO_MANY.as_bytes().to_vec(),
        retry_after: Some(secs.to_string()),
    }
}

/// The world around one driver, and what it has seen.
pub struct Sim {
    pub driver: Driver,
    pub config: PollConfig,
    pub now: u64,
    /// Live timers: kind and when they fall due.
    pub timers: BTreeMap<TimerId, (TimerKind, u64)>,
    /// Every timer id ever armed.
    pub armed: BTreeSet<TimerId>,
    pub in_flight: BTreeSet<u64>,
    /// Every request sent, in order.
    pub sent: Vec<u64>,
    /// Every effect, in order (for determinism).
    pub log: Vec<Effect>,
    pub hidden: bool,
    pub token: bool,
    pub grouped: bool,
    pub leader: bool,
    pub seeking: bool,
    /// A final status (completed, failed) was shown.
    pub finished: bool,
    /// Requests sent since watching started, or since the last Resume / Check again.
    pub window: u32,
    pub last_next: Option<Next>,
    pub role: Option<Role>,
    pub shown_answers: Vec<(u64, bool)>,
    pub stopped: bool,
}

impl Sim {
    /// A world at `t = 1_000_000` whose driver is not started yet.
    pub fn new(config: PollConfig, seed: u64) -> Sim {
        Sim {
            driver: Driver::new(config.clone(), seed, 0),
            config,
            now: 1_000_000,
            timers: BTreeMap::new(),
            armed: BTreeSet::new(),
            in_flight: BTreeSet::new(),
            sent: Vec::new(),
            log: Vec::new(),
            hidden: false,
            token: false,
            grouped: false,
            leader: false,
            seeking: false,
            finished: false,
            window: 0,
            last_next: None,
            role: None,
            shown_answers: Vec::new(),
            stopped: false,
        }
    }

    /// Starts watching.
    pub fn start(&mut self, token: bool, hidden: bool, grouped: bool) -> Vec<Effect> {
        self.token = token;
        self.hidden = hidden;
        self.grouped = grouped;
        let now_ms = self.now;
        self.feed(Event::Started {
            now_ms,
            token,
            hidden,
            grouped,
        })
    }

    /// Feeds one event (updating the world's own state first) and checks every effect.
    pub fn feed(&mut self, event: Event) -> Vec<Effect> {
        match &event {
            Event::Hidden { .. } => self.hidden = true,
            Event::Shown { .. } => self.hidden = false,
            Event::TokenGained { .. } => self.token = true,
            Event::TokenLost { .. } => self.token = false,
            Event::LeadGained { .. } => {
                assert!(self.seeking, "the lead is granted only to a member in line");
                self.leader = true;
            }
            Event::LeadLost { .. } => {
                self.leader = false;
                self.seeking = false;
            }
            Event::Resume { .. } if matches!(self.last_next, Some(Next::Paused(_))) => {
                self.window = 0;
            }
            Event::CheckNow { .. }
                if matches!(
                    self.last_next,
                    Some(Next::Stopped(
                        StopReason::Refused { .. } | StopReason::Undecodable
                    )) | Some(Next::Nothing)
                ) =>
            {
                self.window = 0;
            }
            Event::Stop => self.stopped = true,
            _ => {}
        }
        let effects = self.driver.handle(event);
        for e in &effects {
            self.check(e);
        }
        self.log.extend(effects.iter().cloned());
        if self.stopped {
            assert!(
                self.timers.is_empty(),
                "timers left after stop: {:?}",
                self.timers
            );
            assert!(self.in_flight.is_empty(), "a request left after stop");
        }
        effects
    }

    fn check(&mut self, e: &Effect) {
        match e {
            Effect::Send { seq } => {
                assert!(self.in_flight.is_empty(), "two requests in flight");
                assert!(!self.hidden, "sent while hidden");
                assert!(self.token, "sent without a token");
                assert!(!self.grouped || self.leader, "a follower sent");
                assert!(!self.finished, "sent after a final status");
                assert!(!self.stopped, "sent after stop");
                self.window += 1;
                if !self.config.once {
                    assert!(
                        self.window <= self.config.budget,
                        "sent past the budget ({} > {})",
                        self.window,
                        self.config.budget
                    );
                }
                self.in_flight.insert(*seq);
                self.sent.push(*seq);
            }
            Effect::Abort { seq } => {
                assert!(self.in_flight.remove(seq), "aborted {seq}, not in flight");
            }
            Effect::ArmTimer {
                timer,
                kind,
                delay_ms,
            } => {
                assert!(self.armed.insert(*timer), "timer id {timer:?} reused");
                assert!(!self.stopped, "timer armed after stop");
                let same_kind = self.timers.values().filter(|(k, _)| k == kind).count();
                assert_eq!(same_kind, 0, "a second live {kind:?} timer");
                if *kind == TimerKind::Poll {
                    assert!(!self.hidden, "a poll timer armed while hidden");
                }
                self.timers.insert(*timer, (*kind, self.now + delay_ms));
            }
            Effect::CancelTimer { timer } => {
                assert!(
                    self.timers.remove(timer).is_some(),
                    "cancelled {timer:?}, not live"
                );
            }
            Effect::Show(Show::Next(next)) => {
                if matches!(
                    next,
                    Next::Stopped(StopReason::Completed | StopReason::Failed)
                ) {
                    self.finished = true;
                }
                if *next == Next::NeedsToken {
                    // The app drops a refused token: none is held until one is given.
                    self.token = false;
                }
                self.last_next = Some(*next);
            }
            Effect::Show(Show::Role(role)) => {
                assert_ne!(self.role, Some(*role), "a role shown twice in a row");
                self.role = Some(*role);
            }
            Effect::Show(Show::Answer { seq, shared, .. }) => {
                self.shown_answers.push((*seq, *shared));
            }
            Effect::Share(_) | Effect::Greet => {
                assert!(self.grouped, "shared while polling alone");
            }
            Effect::SeekLead => {
                assert!(self.grouped);
                assert!(!self.seeking, "sought the lead twice");
                self.seeking = true;
            }
            Effect::ReleaseLead => {
                self.seeking = false;
                self.leader = false;
            }
        }
    }

    /// Fires the live timer `timer` at its due time (the clock moves there if behind).
    pub fn fire(&mut self, timer: TimerId) -> Vec<Effect> {
        let (_, due) = self.timers.remove(&timer).expect("a live timer");
        self.now = self.now.max(due);
        let now_ms = self.now;
        self.feed(Event::TimerFired { timer, now_ms })
    }

    /// The live timer of `kind`, if any.
    pub fn timer(&self, kind: TimerKind) -> Option<TimerId> {
        self.timers
            .iter()
            .find(|(_, (k, _))| *k == kind)
            .map(|(t, _)| *t)
    }

    /// The delay until the live poll timer is due.
    pub fn poll_delay(&self) -> Option<u64> {
        self.timer(TimerKind::Poll)
            .and_then(|t| self.timers.get(&t))
            .map(|(_, due)| due - self.now)
    }

    /// Fires the poll timer (there must be one).
    pub fn fire_poll(&mut self) -> Vec<Effect> {
        let t = self.timer(TimerKind::Poll).expect("a poll timer");
        self.fire(t)
    }

    /// Answers the request in flight (there must be one) after `after_ms`.
    pub fn answer(&mut self, after_ms: u64, response: Response) -> Vec<Effect> {
        let seq = *self.in_flight.iter().next().expect("a request in flight");
        self.in_flight.remove(&seq);
        self.now += after_ms;
        let at_ms = self.now;
        self.feed(Event::Answer {
            seq,
            at_ms,
            response,
        })
    }

    /// Another member's answer, asked at `sent_ms` and answered now.
    pub fn shared(&mut self, sent_ms: u64, body: &str) -> Vec<Effect> {
        let now_ms = self.now;
        self.feed(Event::SharedAnswer {
            now_ms,
            answer: SharedAnswer {
                sent_ms,
                at_ms: now_ms,
                status: 200,
                body: body.to_string(),
            },
        })
    }

    /// An event at the present time.
    pub fn at(&mut self, make: impl FnOnce(u64) -> Event) -> Vec<Effect> {
        let now = self.now;
        self.feed(make(now))
    }

    pub fn sends(effects: &[Effect]) -> usize {
        effects
            .iter()
            .filter(|e| matches!(e, Effect::Send { .. }))
            .count()
    }

    pub fn paused(&self) -> bool {
        matches!(self.last_next, Some(Next::Paused(PauseReason::BudgetSpent)))
    }
}
