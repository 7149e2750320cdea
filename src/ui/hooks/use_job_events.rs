//! Derives the host's events from the poller's state after each render, and reports each one
//! once (a retried error that keeps coming is reported again only after something else was seen
//! in between). The events themselves are [`crate::events`].

use bulkwatch_core::endpoint::JobId;
use bulkwatch_core::model::{Counts, JobStatus};
use bulkwatch_core::BwError;
use yew::prelude::*;

use crate::events::{EventCallbacks, JobChange, JobProblem};
use crate::ui::job::state::JobState;

/// What was last reported, to report only news.
#[derive(Default)]
struct Reported {
    job: Option<JobId>,
    latest: Option<(JobStatus, Counts)>,
    finished: bool,
    error: Option<BwError>,
}

/// The part of the state events are made of (effects run only when it changes).
#[derive(Clone, PartialEq)]
struct Observed {
    job: Option<JobId>,
    latest: Option<(JobStatus, Counts)>,
    error: Option<BwError>,
}

/// Reports changes of `state` to `callbacks`, after the render that shows them.
#[hook]
pub fn use_job_events(state: &JobState, callbacks: &EventCallbacks) {
    let reported = use_mut_ref(Reported::default);
    let observed = Observed {
        job: state.job.clone(),
        latest: state
            .phase
            .job()
            .map(|job| (job.status.clone(), job.counts())),
        error: state.phase.error().cloned(),
    };
    let shown = observed.latest.as_ref().map(|(s, _)| s.clone());
    {
        let on_status = callbacks.on_status.clone();
        use_effect_with(shown, move |shown| on_status.emit(shown.clone()));
    }
    let callbacks = callbacks.clone();
    use_effect_with(observed, move |now| {
        let (change, finished, problem) = news(&mut reported.borrow_mut(), now);
        // Emitted after the borrow ends: a host's handler may re-render this widget.
        if let Some(change) = change {
            callbacks.on_change.emit(change);
        }
        if let Some(finished) = finished {
            callbacks.on_complete.emit(finished);
        }
        if let Some(problem) = problem {
            callbacks.on_error.emit(problem);
        }
    });
}

/// Reports a setting the host gave that cannot be used (once per distinct error).
#[hook]
pub fn use_config_error(error: Option<BwError>, on_error: &Callback<JobProblem>) {
    let on_error = on_error.clone();
    use_effect_with(error, move |error| {
        if let Some(error) = error {
            on_error.emit(JobProblem {
                job_id: None,
                error: error.clone(),
            });
        }
    });
}

type News = (Option<JobChange>, Option<JobChange>, Option<JobProblem>);

fn news(r: &mut Reported, now: &Observed) -> News {
    // Nothing known (a new poll loop: another job, location or mode): start afresh.
    let fresh = now.latest.is_none() && now.error.is_none();
    if r.job != now.job || fresh {
        *r = Reported {
            job: now.job.clone(),
            ..Reported::default()
        };
    }
    let mut change = None;
    let mut finished = None;
    if let (Some(job), Some((status, counts))) = (&now.job, &now.latest) {
        if r.latest.as_ref() != Some(&(status.clone(), *counts)) {
            let c = JobChange {
                job_id: job.clone(),
                status: status.clone(),
                previous: r.latest.as_ref().map(|(s, _)| s.clone()),
                counts: *counts,
            };
            r.latest = Some((status.clone(), *counts));
            if status.is_terminal() && !r.finished {
                r.finished = true;
                finished = Some(c.clone());
            }
            change = Some(c);
        }
    }
    let problem = match &now.error {
        Some(e) if r.error.as_ref() != Some(e) => {
            r.error = Some(e.clone());
            Some(JobProblem {
                job_id: now.job.clone(),
                error: e.clone(),
            })
        }
        Some(_) => None,
        None => {
            r.error = None;
            None
        }
    };
    (change, finished, problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: &str) -> Option<JobId> {
        JobId::parse(id).ok()
    }

    fn counts(added: u64, total: u64) -> Counts {
        Counts {
            added,
            updated: 0,
            skipped: 0,
            total,
        }
    }

    fn obs(id: &str, status: Option<JobStatus>, c: Counts, error: Option<BwError>) -> Observed {
        Observed {
            job: job(id),
            latest: status.map(|s| (s, c)),
            error,
        }
    }

    fn net(msg: &str) -> Option<BwError> {
        Some(BwError::Network {
            message: msg.into(),
        })
    }

    #[test]
    fn changes_are_reported_once_and_completion_once_per_job() {
        let mut r = Reported::default();
        let (c, f, p) = news(&mut r, &obs("1", None, counts(0, 0), None));
        assert!(c.is_none() && f.is_none() && p.is_none());
        let (c, _, _) = news(
            &mut r,
            &obs("1", Some(JobStatus::Added), counts(0, 0), None),
        );
        let c = c.expect("first status is news");
        assert_eq!((c.status, c.previous), (JobStatus::Added, None));
        let (c, _, _) = news(
            &mut r,
            &obs("1", Some(JobStatus::Added), counts(0, 0), None),
        );
        assert!(c.is_none(), "the same again is not news");
        let (c, f, _) = news(
            &mut r,
            &obs("1", Some(JobStatus::InProgress), counts(5, 5), None),
        );
        assert_eq!(c.unwrap().previous, Some(JobStatus::Added));
        assert!(f.is_none());
        let (c, f, _) = news(
            &mut r,
            &obs("1", Some(JobStatus::Completed), counts(9, 9), None),
        );
        assert!(c.is_some());
        assert_eq!(f.unwrap().counts.total, 9);
        // A new poll loop for the same job (a new location) starts afresh.
        news(&mut r, &obs("1", None, counts(0, 0), None));
        let (c, f, _) = news(
            &mut r,
            &obs("1", Some(JobStatus::Completed), counts(9, 9), None),
        );
        assert!(c.is_some() && f.is_some());
        // Another job starts from scratch: its completion is reported too.
        let (c, f, _) = news(
            &mut r,
            &obs("2", Some(JobStatus::Failed), counts(1, 2), None),
        );
        assert_eq!(c.unwrap().previous, None);
        assert_eq!(f.unwrap().job_id.as_str(), "2");
    }

    #[test]
    fn a_repeated_error_is_reported_again_only_after_something_else() {
        let mut r = Reported::default();
        let added = Some(JobStatus::Added);
        let (_, _, p) = news(&mut r, &obs("1", None, counts(0, 0), net("offline")));
        assert_eq!(p.unwrap().error.code(), "NETWORK");
        let (_, _, p) = news(&mut r, &obs("1", None, counts(0, 0), net("offline")));
        assert!(p.is_none(), "a retry failing the same way is not news");
        let (_, _, p) = news(&mut r, &obs("1", None, counts(0, 0), net("refused")));
        assert!(p.is_some(), "a different failure is");
        let (c, _, p) = news(&mut r, &obs("1", added.clone(), counts(0, 0), None));
        assert!(c.is_some() && p.is_none());
        let (c, _, p) = news(&mut r, &obs("1", added, counts(0, 0), net("refused")));
        assert!(c.is_none(), "what was shown stays: no change");
        assert!(
            p.is_some(),
            "after a success the same failure is news again"
        );
    }
}
