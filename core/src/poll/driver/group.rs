//! The driver's part in its job's group: seeking or giving up the lead as its state warrants,
//! being handed the lead, and other members' answers.

use super::{Driver, Effect, Role, Show, Wait};
use crate::model::decode_job_response;
use crate::share::SharedAnswer;

impl Driver {
    pub(super) fn leading(&self) -> bool {
        !self.grouped || self.leader
    }

    pub(super) fn role_now(&self) -> Role {
        match (self.grouped, self.leader) {
            (false, _) => Role::Alone,
            (true, true) => Role::Leading,
            (true, false) => Role::Following,
        }
    }

    /// Whether this driver could lead its group now: poll for it, or, once the job is done,
    /// keep the lead so that members joining later are shown the final answer.
    pub(super) fn could_lead(&self) -> bool {
        self.alive
            && self.token
            && !self.hidden
            && matches!(
                self.wait,
                Wait::Nothing | Wait::InFlight | Wait::Timer | Wait::Following | Wait::Done
            )
    }

    /// Seeks or releases the lead as the state now warrants; shows the role when it changed.
    pub(super) fn sync_role(&mut self) {
        if !self.alive {
            return;
        }
        if self.grouped {
            let want = self.could_lead();
            if want && !self.seeking {
                self.seeking = true;
                self.out.push(Effect::SeekLead);
            } else if !want && (self.seeking || self.leader) {
                self.seeking = false;
                self.leader = false;
                self.out.push(Effect::ReleaseLead);
            }
        }
        let role = self.role_now();
        if self.role != Some(role) {
            self.role = Some(role);
            self.out.push(Effect::Show(Show::Role(role)));
        }
    }

    /// Handed the lead: a check that fell due while following goes now; otherwise the planned
    /// timer sends it.
    pub(super) fn on_lead(&mut self, now_ms: u64) {
        if !self.grouped || self.leader {
            return;
        }
        if !self.seeking {
            // A late grant of a lead no longer wanted: given straight back.
            self.out.push(Effect::ReleaseLead);
            return;
        }
        self.leader = true;
        let due = self.wait == Wait::Following;
        self.sync_role();
        if due && self.leader {
            self.poll_now(now_ms);
        }
    }

    /// Another member's answer: shown and fed to the policy exactly like one of this driver's
    /// own, if this driver takes part (it holds a token, follows) and the answer is news.
    pub(super) fn on_shared(&mut self, now_ms: u64, answer: SharedAnswer) {
        if !self.token || self.flight.is_some() || self.leading() {
            return;
        }
        if !self.freshness.accept(&answer) {
            return;
        }
        self.seq += 1;
        let seq = self.seq;
        let result = decode_job_response(answer.status, answer.body.as_bytes());
        let (sent_ms, at_ms) = (answer.sent_ms, answer.at_ms);
        self.latest = Some(answer);
        self.settle(seq, true, sent_ms, at_ms, now_ms, result, None);
    }
}
