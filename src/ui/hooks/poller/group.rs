//! The poller's membership of its job's group ([`crate::share`]): joining it, and turning what
//! the group says — the lead handed over, a newcomer's hello, another member's answer — into
//! driver events. Whether to seek the lead, answer a hello or show an answer is the driver's.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use bulkwatch_core::poll::driver::Event;
use bulkwatch_core::share::{self, ShareMessage};

use super::{feed, Inner};
use crate::env::Env;
use crate::share::{Member, ShareEvents};

/// Joins the group of the poller's job (none where sharing is not possible).
pub(super) fn join(inner: &Rc<RefCell<Inner>>, env: &Env) -> Option<Box<dyn Member>> {
    let request = inner.borrow().target.job_request(None).ok()?;
    let events = Rc::new(GroupEvents(Rc::downgrade(inner)));
    env.sharing.join(&share::group_name(&request.url), events)
}

/// Hears the poller's group; holds the poller weakly, like every callback it hands out.
struct GroupEvents(Weak<RefCell<Inner>>);

impl ShareEvents for GroupEvents {
    fn lead(&self) {
        feed(&self.0, |now_ms| Event::LeadGained { now_ms });
    }

    fn message(&self, message: ShareMessage) {
        match message {
            ShareMessage::Hello { .. } => feed(&self.0, |_| Event::Hello),
            ShareMessage::Answer { answer, .. } => {
                feed(&self.0, |now_ms| Event::SharedAnswer { now_ms, answer })
            }
        }
    }
}
