//! What goes into a [`super::Driver`] ([`Event`]) and what comes out of it ([`Effect`]): the whole
//! vocabulary between the pure driver and whoever carries out its effects (the widget's hook, a
//! test harness, a future server-side poller).

use crate::error::BwError;
use crate::model::Job;
use crate::poll::{PauseReason, StopReason};
use crate::share::SharedAnswer;

/// A timer the driver asked for. Ids are never reused within one driver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimerId(pub u64);

/// What a timer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerKind {
    /// The next check is due.
    Poll,
    /// The request in flight has taken too long: it is abandoned as a timeout.
    Deadline,
}

/// What came back for a request, as the interpreter received it (no decoding done).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// An HTTP answer: its status, body and raw `Retry-After` header.
    Http {
        status: u16,
        body: Vec<u8>,
        retry_after: Option<String>,
    },
    /// No answer: offline, DNS, CORS, connection reset.
    Network(String),
    /// The request was aborted (by an [`Effect::Abort`]): nothing to show.
    Aborted,
    /// The interpreter could not build the request (a target the proxy cannot reach).
    Unsendable,
}

/// Something that happened. Every event that needs a time carries it: the driver has no clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Watching starts. `grouped`: the poller joined its job's group (it may only send while
    /// leading); otherwise it polls alone.
    Started {
        now_ms: u64,
        token: bool,
        hidden: bool,
        grouped: bool,
    },
    /// The answer to request `seq`.
    Answer {
        seq: u64,
        at_ms: u64,
        response: Response,
    },
    /// A timer armed by [`Effect::ArmTimer`] went off.
    TimerFired {
        timer: TimerId,
        now_ms: u64,
    },
    /// The page was hidden / shown again.
    Hidden {
        now_ms: u64,
    },
    Shown {
        now_ms: u64,
    },
    /// A token was given: the first one, one after a refusal, or a new one typed while watching.
    TokenGained {
        now_ms: u64,
    },
    /// The token was forgotten.
    TokenLost {
        now_ms: u64,
    },
    /// The group handed this poller the lead / it lost the lead without asking.
    LeadGained {
        now_ms: u64,
    },
    LeadLost {
        now_ms: u64,
    },
    /// Another member of the group shared an answer (already checked for plausible times).
    SharedAnswer {
        now_ms: u64,
        answer: SharedAnswer,
    },
    /// A member joined the group and asks for the latest answer.
    Hello,
    /// The person pressed "Check again" after polling stopped on an error retrying cannot fix.
    CheckNow {
        now_ms: u64,
    },
    /// The person pressed "Resume" after a pause (or "Check again" with polling off).
    Resume {
        now_ms: u64,
    },
    /// The person says how many rows the uploaded file has (for the ETA and the pace).
    ExpectedTotal(Option<u64>),
    /// The shortest gap between checks from now on (a watch list's share of its budget); the
    /// check already planned keeps its time.
    Floor(u64),
    /// Watching ends (unmount, another job): everything outstanding is cancelled.
    Stop,
}

/// Where polling stands, for the view (the widget's `NextCheck` mirrors it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Nothing planned and nothing will be: the target cannot be asked.
    Nothing,
    /// Another tab or widget polls this job; its next answer shows here.
    Following,
    /// The next request is due at this time (ms since the epoch).
    At(u64),
    /// Due, but the page is hidden: one request as soon as it is shown again.
    WhenShown,
    /// No usable token: waiting for one.
    NeedsToken,
    /// Paused (budget spent, errors persist, or polling off): waiting for "Resume".
    Paused(PauseReason),
    /// Finished: the job is done, or retrying cannot help.
    Stopped(StopReason),
}

/// This poller's part in its job's request stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Polls for itself: sharing is not possible here.
    Alone,
    /// Polls for every member of the group.
    Leading,
    /// Another member polls; this one shows its answers.
    Following,
}

/// What the view should show.
#[derive(Debug, Clone, PartialEq)]
pub enum Show {
    /// An answer to show under sequence number `seq`: one this poller fetched (or gave up on),
    /// or, with `shared`, one another member fetched (no request made here).
    Answer {
        seq: u64,
        shared: bool,
        sent_ms: u64,
        at_ms: u64,
        /// Boxed: a job is large, and effects are moved around a lot.
        result: Box<Result<Job, BwError>>,
    },
    Next(Next),
    Role(Role),
}

/// What the interpreter must do, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Send the job request now, with the token held, under sequence number `seq` (the view
    /// counts it as sent). Its answer comes back as [`Event::Answer`] with the same `seq`.
    Send {
        seq: u64,
    },
    /// Abort request `seq` (its answer, if any, is ignored).
    Abort {
        seq: u64,
    },
    /// Call back with [`Event::TimerFired`] after `delay_ms`, unless cancelled first.
    ArmTimer {
        timer: TimerId,
        kind: TimerKind,
        delay_ms: u64,
    },
    CancelTimer {
        timer: TimerId,
    },
    Show(Show),
    /// Tell the other members of the group.
    Share(SharedAnswer),
    /// Greet the group: its leader answers with its latest answer.
    Greet,
    /// Queue for the group's lead ([`Event::LeadGained`] comes when granted).
    SeekLead,
    /// Stop queueing for the lead, and give it up if held.
    ReleaseLead,
}
