//! The poller's part in its job's group ([`crate::share`]): joining it, queueing for the lead or
//! giving it up as the poller's state warrants, and what the group says — the lead handed over,
//! a newcomer's hello, another member's answer.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use bulkwatch_core::decode_job_response;
use bulkwatch_core::share::{self, ShareMessage, SharedAnswer};

use super::{poll_now, settle, Inner, Wait};
use crate::env::Env;
use crate::share::{Member, ShareEvents};
use crate::ui::job::state::JobAction;

/// Joins the group of the poller's job (none where sharing is not possible) and greets it: the
/// leader, if there is one, answers with what it has.
pub(super) fn join(inner: &Rc<RefCell<Inner>>, env: &Env) -> Option<Box<dyn Member>> {
    let request = inner.borrow().target.job_request(None).ok()?;
    let events = Rc::new(GroupEvents(Rc::downgrade(inner)));
    let member = env.sharing.join(&share::group_name(&request.url), events)?;
    member.post(&ShareMessage::hello());
    Some(member)
}

/// Queues for the lead or gives it up, as the poller's state now warrants, and tells the view
/// its role when that changed. (Members answer later, never from inside these calls.)
pub(super) fn sync_role(inner: &Rc<RefCell<Inner>>) {
    let changed = {
        let mut i = inner.borrow_mut();
        if !i.alive {
            return;
        }
        if let Some(m) = &i.member {
            m.want_lead(i.could_lead());
        }
        let role = i.role();
        (i.role != Some(role)).then(|| {
            i.role = Some(role);
            (i.dispatch.clone(), role)
        })
    };
    if let Some((dispatch, role)) = changed {
        dispatch.emit(JobAction::Role(role));
    }
}

/// Hears the poller's group; holds the poller weakly, like every callback it hands out.
struct GroupEvents(Weak<RefCell<Inner>>);

impl ShareEvents for GroupEvents {
    fn lead(&self) {
        if let Some(inner) = self.0.upgrade() {
            on_lead(&inner);
        }
    }

    fn message(&self, message: ShareMessage) {
        let Some(inner) = self.0.upgrade() else {
            return;
        };
        match message {
            ShareMessage::Hello { .. } => {
                let i = inner.borrow();
                if let (Some(m), Some(latest)) = (&i.member, &i.latest) {
                    if i.alive && m.is_leader() {
                        m.post(&ShareMessage::answer(latest.clone()));
                    }
                }
            }
            ShareMessage::Answer { answer, .. } => on_shared(&inner, answer),
        }
    }
}

/// Handed the lead: a check that fell due while following goes now; otherwise the planned
/// timer sends it.
fn on_lead(inner: &Rc<RefCell<Inner>>) {
    let due = {
        let i = inner.borrow();
        i.alive && i.wait == Wait::Following
    };
    sync_role(inner);
    if due {
        poll_now(inner);
    }
}

/// Another member's answer: shown and fed to the policy exactly like one of this poller's own,
/// if this poller takes part (it holds a token) and the answer is news.
fn on_shared(inner: &Rc<RefCell<Inner>>, answer: SharedAnswer) {
    let (dispatch, seq) = {
        let mut i = inner.borrow_mut();
        if !i.alive || i.token.is_none() || i.in_flight.is_some() || i.leading() {
            return;
        }
        if !i.freshness.accept(&answer) {
            return;
        }
        let seq = i.seq.get() + 1;
        i.seq.set(seq);
        i.latest = Some(answer.clone());
        (i.dispatch.clone(), seq)
    };
    dispatch.emit(JobAction::Shared { seq });
    let result = decode_job_response(answer.status, answer.body.as_bytes());
    settle(inner, seq, answer.sent_ms, answer.at_ms, result, None);
}
