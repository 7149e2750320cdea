//! What the person and the page do: hide and show the page, give or forget a token, press
//! "Check again".

use super::{Driver, Next, Wait};
use crate::poll::{Jitter, PollEvent, PollPolicy};

impl Driver {
    pub(super) fn on_hidden(&mut self, _now_ms: u64) {
        self.hidden = true;
        if matches!(self.wait, Wait::Timer | Wait::Following) {
            self.cancel_poll_timer();
            self.wait = Wait::WhenShown;
            self.tell(Next::WhenShown);
        } else {
            // A request in flight finishes, but a hidden page does not lead.
            self.sync_role();
        }
    }

    pub(super) fn on_shown(&mut self, now_ms: u64) {
        self.hidden = false;
        if self.wait == Wait::WhenShown {
            let d = self.policy.decide(PollEvent::Visible { now_ms });
            self.apply(now_ms, d);
        } else {
            // Shown again with nothing due (a request in flight, a finished job): back in line.
            self.sync_role();
        }
    }

    pub(super) fn on_token_gained(&mut self, now_ms: u64) {
        let had = self.token;
        self.token = true;
        self.token_gen += 1;
        if self.wait == Wait::Token {
            let d = self.policy.decide(PollEvent::TokenProvided { now_ms });
            self.apply(now_ms, d);
        } else if had && self.wait == Wait::Timer && self.leading() && !self.policy.in_backoff() {
            // A new token typed while watching: check with it at once.
            self.poll_now(now_ms);
        } else {
            self.sync_role();
        }
    }

    pub(super) fn on_token_lost(&mut self, _now_ms: u64) {
        if !self.token {
            return;
        }
        self.token = false;
        if self.abort_flight() {
            // It may have reached Zoho: it spends the budget.
            self.policy.note_abandoned();
        }
        self.cancel_poll_timer();
        // A job that is done, stopped or paused stays so: only "Check again" or "Resume" asks
        // again, and then the missing token is noticed. (Waiting for a token here would let the
        // next token restart a stopped driver past its budget.)
        if !matches!(self.wait, Wait::Done | Wait::Stopped | Wait::Paused) {
            self.wait = Wait::Token;
            self.tell(Next::NeedsToken);
        }
    }

    /// "Check again" after polling stopped on an error retrying could not fix: a fresh policy,
    /// and a request at once. A finished job stays done.
    pub(super) fn check_now(&mut self, now_ms: u64) {
        if self.wait != Wait::Stopped {
            return;
        }
        let seed = (self.seeds.sample() * 9_007_199_254_740_992.0) as u64;
        self.policy = PollPolicy::new(self.config.clone(), Jitter::Seeded(seed));
        self.policy.set_expected_total(self.expected_total);
        let d = self.policy.decide(PollEvent::Start { now_ms });
        self.apply(now_ms, d);
    }
}
