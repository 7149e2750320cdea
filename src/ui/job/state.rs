//! The job view's reducer: one [`Phase`] for what is known about the job, the poller's plan
//! ([`NextCheck`]), the request count and the observed timeline. Answers carry the sequence
//! number of their request; any answer but the latest one's is dropped here, so a late reply for
//! an old job or an abandoned request can never overwrite what is shown.

use std::rc::Rc;

use bulkwatch_core::endpoint::JobId;
use bulkwatch_core::poll::{PauseReason, StopReason};
use bulkwatch_core::timeline::{EventKind, Timeline};
use bulkwatch_core::{BwError, Job};

/// What the view knows about the job.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Nothing asked yet.
    Idle,
    /// The first request is on its way; nothing to show.
    Loading,
    /// The job is running; more answers will come.
    Live(Rc<Job>),
    /// The job reached COMPLETED or FAILED: it will not change.
    Done(Rc<Job>),
    /// The last request failed. What was shown before stays shown.
    Failed {
        error: BwError,
        last: Option<Rc<Job>>,
    },
}

impl Phase {
    /// The job to show, if any (also while an error is displayed).
    pub fn job(&self) -> Option<&Rc<Job>> {
        match self {
            Phase::Live(job) | Phase::Done(job) => Some(job),
            Phase::Failed { last, .. } => last.as_ref(),
            Phase::Idle | Phase::Loading => None,
        }
    }

    /// The error to show, if any.
    pub fn error(&self) -> Option<&BwError> {
        match self {
            Phase::Failed { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// What the poller will do next (shown beside the request count).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NextCheck {
    /// Not started.
    Nothing,
    /// A request is on its way.
    InFlight,
    /// Another tab or widget polls this job; its next answer shows here.
    Following,
    /// The next request is due at this time (ms since the epoch).
    At(u64),
    /// Due, but the page is hidden: one request as soon as it is shown again.
    WhenShown,
    /// No usable token: waiting for one.
    NeedsToken,
    /// Paused (budget spent, errors persist, or polling off): waiting for "Resume" or
    /// "Check again".
    Paused(PauseReason),
    /// Finished: the job is done, or retrying cannot help.
    Stopped(StopReason),
}

/// The job view's state.
#[derive(Debug, Clone, PartialEq)]
pub struct JobState {
    /// The job this state is about (set by `Reset`).
    pub job: Option<JobId>,
    pub phase: Phase,
    /// Sequence number of the latest request sent; only its answer is accepted.
    pub seq: u64,
    /// Sequence number of the latest answer accepted (what the phase shows).
    pub answered: u64,
    /// Requests made for this job in this session (≈ API credits spent).
    pub requests: u32,
    /// Answers another tab or widget fetched and shared (no request made here).
    pub shared: u32,
    /// This poller's part in the job's shared request stream.
    pub role: PollRole,
    pub next: NextCheck,
    /// Every change observed, with honest bounds; restored from storage on reload.
    pub timeline: Option<Rc<Timeline>>,
    /// When the latest answer arrived (ms since the epoch).
    pub checked_ms: Option<u64>,
    /// The latest status change in words, for the aria-live region (changes only with status).
    pub announcement: String,
    /// Rows in the uploaded file, as the person said (for progress and the ETA).
    pub expected_total: Option<u64>,
}

impl Default for JobState {
    fn default() -> Self {
        JobState {
            job: None,
            phase: Phase::Idle,
            seq: 0,
            answered: 0,
            requests: 0,
            shared: 0,
            role: PollRole::Alone,
            next: NextCheck::Nothing,
            timeline: None,
            checked_ms: None,
            announcement: String::new(),
            expected_total: None,
        }
    }
}

/// A poller's part in its job's shared request stream ([`bulkwatch_core::share`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PollRole {
    /// Polls for itself: sharing is not possible here.
    #[default]
    Alone,
    /// Polls for every tab and widget watching the job.
    Leading,
    /// Another member polls; this one shows its answers.
    Following,
}

impl PollRole {
    /// The `data-poll-role` token.
    pub fn token(self) -> &'static str {
        match self {
            PollRole::Alone => "alone",
            PollRole::Leading => "leading",
            PollRole::Following => "following",
        }
    }
}

/// Everything that changes the job view.
#[derive(Debug, Clone, PartialEq)]
pub enum JobAction {
    /// A new job (or a new origin for it): forget everything, start from its stored timeline.
    Reset { job: JobId, timeline: Timeline },
    /// Nothing is watched any more: show nothing.
    Clear,
    /// Request `seq` was sent.
    Sent { seq: u64 },
    /// Another member's answer arrived, under sequence number `seq` (its `Answered` follows).
    Shared { seq: u64 },
    /// The poller's part in the shared stream changed.
    Role(PollRole),
    /// Request `seq`, sent at `sent_ms`, was answered at `at_ms`.
    Answered {
        seq: u64,
        sent_ms: u64,
        at_ms: u64,
        result: Result<Job, BwError>,
    },
    /// The poller's plan changed.
    Next(NextCheck),
    /// The person said how many rows the file has (or cleared it).
    Expect(Option<u64>),
}

impl yew::Reducible for JobState {
    type Action = JobAction;

    fn reduce(self: Rc<Self>, action: JobAction) -> Rc<Self> {
        match action {
            JobAction::Reset { job, timeline } => Rc::new(JobState {
                job: Some(job),
                timeline: Some(Rc::new(timeline)),
                ..JobState::default()
            }),
            JobAction::Clear if *self == JobState::default() => self,
            JobAction::Clear => Rc::new(JobState::default()),
            JobAction::Sent { seq } => {
                let mut next = (*self).clone();
                next.seq = seq;
                next.requests = next.requests.saturating_add(1);
                next.next = NextCheck::InFlight;
                if next.phase == Phase::Idle {
                    next.phase = Phase::Loading;
                }
                Rc::new(next)
            }
            JobAction::Shared { seq } => {
                let mut next = (*self).clone();
                next.seq = seq;
                next.shared = next.shared.saturating_add(1);
                if next.phase == Phase::Idle {
                    next.phase = Phase::Loading;
                }
                Rc::new(next)
            }
            JobAction::Role(role) if role == self.role => self,
            JobAction::Role(role) => {
                let mut next = (*self).clone();
                next.role = role;
                Rc::new(next)
            }
            // A stale answer: the same Rc, so no render and nothing changes.
            JobAction::Answered { seq, .. } if seq != self.seq => self,
            JobAction::Answered {
                seq,
                sent_ms,
                at_ms,
                result,
            } => {
                let mut next = (*self).clone();
                next.answered = seq;
                next.checked_ms = Some(at_ms);
                next.phase = match result {
                    Ok(job) => {
                        if let Some(old) = &self.timeline {
                            // A new timeline every answer: even an unchanged answer moves the
                            // bound the next change is measured from.
                            let mut timeline = (**old).clone();
                            let added = timeline.observe_job(&job, sent_ms, at_ms);
                            if let Some(status) = added
                                .iter()
                                .rev()
                                .find(|e| matches!(e.kind, EventKind::Status { .. }))
                            {
                                // The status word first (what a listener waits for), then
                                // the timeline's sentence.
                                next.announcement = format!(
                                    "Job status: {}. {}.",
                                    job.status.label(),
                                    status.kind.describe()
                                );
                            }
                            next.timeline = Some(Rc::new(timeline));
                        }
                        if next.announcement.is_empty() {
                            next.announcement = format!("Job status: {}", job.status.label());
                        }
                        let job = Rc::new(job);
                        if job.is_terminal() {
                            Phase::Done(job)
                        } else {
                            Phase::Live(job)
                        }
                    }
                    Err(error) => Phase::Failed {
                        error,
                        last: self.phase.job().cloned(),
                    },
                };
                Rc::new(next)
            }
            JobAction::Expect(total) if total == self.expected_total => self,
            JobAction::Expect(total) => {
                let mut next = (*self).clone();
                next.expected_total = total;
                Rc::new(next)
            }
            JobAction::Next(plan) if plan == self.next => self,
            JobAction::Next(plan) => {
                let mut next = (*self).clone();
                next.next = plan;
                Rc::new(next)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yew::Reducible;

    const ADDED: &str = include_str!("../../../tests/fixtures/jobs/seed_added.json");
    const RUNNING: &str = include_str!("../../../tests/fixtures/jobs/seed_in_progress.json");

    fn job(body: &str) -> Job {
        bulkwatch_core::decode_job_response(200, body.as_bytes()).unwrap()
    }

    fn started() -> Rc<JobState> {
        let id = JobId::parse("111111000000541958").unwrap();
        Rc::new(JobState::default()).reduce(JobAction::Reset {
            job: id.clone(),
            timeline: Timeline::new(&id),
        })
    }

    fn answer(s: Rc<JobState>, seq: u64, at: u64, result: Result<Job, BwError>) -> Rc<JobState> {
        s.reduce(JobAction::Answered {
            seq,
            sent_ms: at - 100,
            at_ms: at,
            result,
        })
    }

    #[test]
    fn only_the_latest_requests_answer_counts() {
        let s = started().reduce(JobAction::Sent { seq: 1 });
        assert_eq!(s.phase, Phase::Loading);
        let s = s.reduce(JobAction::Sent { seq: 2 });
        assert_eq!(s.requests, 2);
        // Request 1's late answer: dropped, and the very same Rc comes back (no render).
        let stale = answer(s.clone(), 1, 5_000, Ok(job(RUNNING)));
        assert!(Rc::ptr_eq(&stale, &s));
        let fresh = answer(s, 2, 5_000, Ok(job(ADDED)));
        assert!(
            matches!(&fresh.phase, Phase::Live(j) if j.status == bulkwatch_core::model::JobStatus::Added)
        );
        assert_eq!(fresh.checked_ms, Some(5_000));
    }

    #[test]
    fn shared_answers_show_without_counting_as_requests() {
        let s = started().reduce(JobAction::Sent { seq: 1 });
        let s = answer(s, 1, 1_000, Ok(job(ADDED)));
        let s = s.reduce(JobAction::Shared { seq: 2 });
        assert_eq!((s.requests, s.shared), (1, 1));
        let s = answer(s, 2, 2_000, Ok(job(RUNNING)));
        assert!(
            matches!(&s.phase, Phase::Live(j) if j.status == bulkwatch_core::model::JobStatus::InProgress)
        );
        // The shared answer moved the timeline like one of our own.
        assert_eq!(s.timeline.as_ref().unwrap().observations, 2);
        assert_eq!(s.checked_ms, Some(2_000));
        // A request answered after a shared answer superseded it is stale.
        let s = s.reduce(JobAction::Sent { seq: 3 });
        let s = s.reduce(JobAction::Shared { seq: 4 });
        let stale = answer(s.clone(), 3, 3_000, Ok(job(ADDED)));
        assert!(Rc::ptr_eq(&stale, &s));
    }

    #[test]
    fn the_role_renders_only_when_it_changes() {
        let s = started();
        assert_eq!(s.role, PollRole::Alone);
        let s = s.reduce(JobAction::Role(PollRole::Following));
        assert_eq!(s.role.token(), "following");
        let same = s.clone().reduce(JobAction::Role(PollRole::Following));
        assert!(Rc::ptr_eq(&same, &s));
    }

    #[test]
    fn an_error_keeps_what_was_shown_and_a_success_clears_it() {
        let s = started().reduce(JobAction::Sent { seq: 1 });
        let s = answer(s, 1, 1_000, Ok(job(RUNNING)));
        let s = s.reduce(JobAction::Sent { seq: 2 });
        let s = answer(
            s,
            2,
            2_000,
            Err(BwError::Network {
                message: "offline".into(),
            }),
        );
        assert_eq!(s.phase.error().map(BwError::code), Some("NETWORK"));
        assert_eq!(
            s.phase.job().map(|j| j.id.as_str()),
            Some("111111000000541958")
        );
        let s = s.reduce(JobAction::Sent { seq: 3 });
        let s = answer(s, 3, 3_000, Ok(job(RUNNING)));
        assert!(s.phase.error().is_none());
    }

    #[test]
    fn the_announcement_changes_with_the_status_only() {
        let s = started().reduce(JobAction::Sent { seq: 1 });
        let s = answer(s, 1, 1_000, Ok(job(ADDED)));
        let first = s.announcement.clone();
        assert!(first.contains("Added"), "{first}");
        let s = s.reduce(JobAction::Sent { seq: 2 });
        let s = answer(s, 2, 2_000, Ok(job(ADDED)));
        assert_eq!(s.announcement, first, "no new announcement per poll");
        let s = s.reduce(JobAction::Sent { seq: 3 });
        let s = answer(s, 3, 3_000, Ok(job(RUNNING)));
        assert!(s.announcement.contains("In progress"), "{}", s.announcement);
        let tl = s.timeline.as_ref().unwrap();
        assert_eq!(tl.observations, 3);
    }

    #[test]
    fn an_unchanged_plan_costs_no_render() {
        let s = started().reduce(JobAction::Next(NextCheck::At(10)));
        let same = s.clone().reduce(JobAction::Next(NextCheck::At(10)));
        assert!(Rc::ptr_eq(&s, &same));
    }
}
