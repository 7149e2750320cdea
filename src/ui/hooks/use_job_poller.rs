//! `use_job_poller`: the one hook that talks to the job API. It starts a [`Poller`] for the
//! current target, restarts it when the target changes (the old one is dropped: its fetch is
//! aborted, its timer cleared), hands it new tokens without restarting, and stores the observed
//! timeline whenever it changes.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use bulkwatch_core::poll::PollConfig;
use bulkwatch_core::timeline::Timeline;
use yew::prelude::*;

use super::poller::Poller;
use crate::env::Env;
use crate::token::Token;
use crate::ui::job::state::{JobAction, JobState};
use crate::ui::target::Target;

/// What the view gets from the poller.
#[derive(Clone, PartialEq)]
pub struct PollerHandle {
    /// The job view's state (phase, request count, timeline, next check).
    pub state: UseReducerHandle<JobState>,
    /// Continue after a pause (the request budget ran out, errors persist), or with polling off
    /// ("Check again"), make one more request.
    pub resume: Callback<()>,
    /// The rows the person says the file has (for progress, the ETA and the polling pace).
    pub expect: Callback<Option<u64>>,
    /// Check again after polling stopped on an error.
    pub retry: Callback<()>,
    /// The shortest gap between checks from now on (a watch list's share of its budget).
    pub pace: Callback<u64>,
}

/// Compares by pointer: a new `Rc<Timeline>` in the state means a new observation to store.
#[derive(Clone)]
struct SameRc(Option<Rc<Timeline>>);

impl PartialEq for SameRc {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

/// Watches `target` (nothing when `None`) with `token`, using `env` for every effect.
/// `config` is the polling policy's (its `budget` of requests per job before "Resume" is asked
/// for, or `once` for polling off); it is read when a poll loop starts.
#[hook]
pub fn use_job_poller(
    target: Option<Rc<Target>>,
    token: Option<Token>,
    env: Env,
    config: PollConfig,
) -> PollerHandle {
    let state = use_reducer(JobState::default);
    let poller: Rc<RefCell<Option<Poller>>> = use_mut_ref(|| None);
    let seq: Rc<Cell<u64>> = use_memo((), |_| Cell::new(0u64));

    // Latest token, read when a poller starts (the token effect below only forwards changes).
    let token_now = use_mut_ref(|| None::<Token>);
    *token_now.borrow_mut() = token.clone();

    {
        let poller = poller.clone();
        let dispatch = state.dispatcher();
        let token_now = token_now.clone();
        let env = env.clone();
        let seq = seq.clone();
        use_effect_with(target.clone(), move |target| {
            let started = target.as_ref().map(|t| {
                Poller::start(
                    t.clone(),
                    token_now.borrow().clone(),
                    env,
                    dispatch.to_callback(),
                    seq,
                    config.clone(),
                )
            });
            if started.is_none() {
                // Nothing to watch (any more): nothing to show.
                dispatch.dispatch(JobAction::Clear);
            }
            *poller.borrow_mut() = started;
            move || {
                // Dropping the poller aborts its fetch and clears its timer and listener.
                let old = poller.borrow_mut().take();
                drop(old);
            }
        });
    }
    {
        let poller = poller.clone();
        use_effect_with(token.clone(), move |token| {
            if let Some(p) = poller.borrow().as_ref() {
                p.set_token(token.clone());
            }
        });
    }
    {
        // The job id comes from the state itself, never from this render's target: an answer
        // for the old job must not be stored under a new one.
        let job = state.job.clone();
        let store = env.store.clone();
        use_effect_with(SameRc(state.timeline.clone()), move |timeline| {
            if let (Some(job), Some(timeline)) = (job, &timeline.0) {
                // A fresh timeline (nothing observed yet) is not worth a write.
                if timeline.observations > 0 {
                    crate::storage::save_timeline(store.as_ref(), &job, timeline);
                }
            }
        });
    }

    let resume = {
        let poller = poller.clone();
        Callback::from(move |()| {
            if let Some(p) = poller.borrow().as_ref() {
                p.resume();
            }
        })
    };
    let expect = {
        let poller = poller.clone();
        let dispatch = state.dispatcher();
        Callback::from(move |total: Option<u64>| {
            dispatch.dispatch(JobAction::Expect(total));
            if let Some(p) = poller.borrow().as_ref() {
                p.set_expected_total(total);
            }
        })
    };
    let retry = {
        let poller = poller.clone();
        Callback::from(move |()| {
            if let Some(p) = poller.borrow().as_ref() {
                p.retry();
            }
        })
    };
    let pace = {
        let poller = poller.clone();
        Callback::from(move |floor_ms: u64| {
            if let Some(p) = poller.borrow().as_ref() {
                p.set_floor(floor_ms);
            }
        })
    };
    PollerHandle {
        state,
        resume,
        expect,
        retry,
        pace,
    }
}
