//! The job view as the SSR tests build it: a state reached through the reducer from fixture
//! answers, and props with nothing else set.

use std::rc::Rc;

use bulkwatch::env::Env;
use bulkwatch::ui::job::state::{JobAction, JobState};
use bulkwatch::ui::job::view::JobViewProps;
use bulkwatch_core::endpoint::JobId;
use bulkwatch_core::timeline::Timeline;
use yew::Reducible;

use super::job;

/// The state after answers `(body, sent_ms, at_ms)`, in order: each sent, then answered.
pub fn state_after(answers: &[(&str, u64, u64)]) -> Rc<JobState> {
    let first = job(answers[0].0);
    let id = JobId::parse(&first.id).expect("fixture id");
    let mut s = Rc::new(JobState::default()).reduce(JobAction::Reset {
        job: id.clone(),
        timeline: Timeline::new(&id),
    });
    for (seq, (body, sent_ms, at_ms)) in (1u64..).zip(answers) {
        s = s
            .reduce(JobAction::Sent { seq })
            .reduce(JobAction::Answered {
                seq,
                sent_ms: *sent_ms,
                at_ms: *at_ms,
                result: Ok(job(body)),
            });
    }
    s
}

/// The job view's props for `state`, with no target, token or callbacks.
pub fn props(state: Rc<JobState>) -> JobViewProps {
    JobViewProps {
        state,
        target: None,
        token: None,
        env: Env::browser(),
        on_resume: Default::default(),
        on_expected: Default::default(),
        on_retry: Default::default(),
    }
}
