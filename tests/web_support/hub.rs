//! A fake of the browser's sharing (BroadcastChannel + Web Locks) for widgets in one test page:
//! one lock queue and one channel per group name, messages and grants delivered later (a spawned
//! task), as the browser does, and a record of what was posted, for the assertions.

// Shared by every browser test crate; only some use it.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};
use std::rc::{Rc, Weak};

use bulkwatch::share::{Member, ShareEvents, Sharing};
use bulkwatch_core::share::ShareMessage;

#[derive(Default)]
struct Group {
    members: Vec<Weak<HubMember>>,
    holder: Option<u64>,
    queue: VecDeque<u64>,
}

/// Every widget given the same hub shares with the others.
#[derive(Default)]
pub struct FakeHub {
    groups: RefCell<BTreeMap<String, Group>>,
    next_id: Cell<u64>,
    /// Messages posted, in order (as decoded by their receivers' kind).
    pub posted: RefCell<Vec<ShareMessage>>,
    me: RefCell<Weak<FakeHub>>,
}

impl FakeHub {
    pub fn new() -> Rc<FakeHub> {
        let hub = Rc::new(FakeHub::default());
        *hub.me.borrow_mut() = Rc::downgrade(&hub);
        hub
    }

    /// The names of the groups with members.
    pub fn groups(&self) -> Vec<String> {
        self.groups
            .borrow()
            .iter()
            .filter(|(_, g)| g.members.iter().any(|m| m.strong_count() > 0))
            .map(|(n, _)| n.clone())
            .collect()
    }

    /// Grants the lock of `name` to the next in line if nobody holds it.
    fn hand_over(&self, name: &str) {
        let granted = {
            let mut groups = self.groups.borrow_mut();
            let Some(g) = groups.get_mut(name) else {
                return;
            };
            if g.holder.is_some() {
                return;
            }
            let alive: Vec<Rc<HubMember>> = g.members.iter().filter_map(Weak::upgrade).collect();
            let mut next = None;
            while let Some(id) = g.queue.pop_front() {
                if let Some(m) = alive.iter().find(|m| m.id == id) {
                    next = Some(m.clone());
                    break;
                }
            }
            if let Some(m) = &next {
                g.holder = Some(m.id);
            }
            next
        };
        if let Some(m) = granted {
            // Like the browser: the grant arrives later.
            wasm_bindgen_futures::spawn_local(async move {
                if m.leader.get() {
                    return;
                }
                m.queued.set(false);
                if m.gone.get() || !m.want.get() {
                    // Given straight back.
                    m.release();
                    return;
                }
                m.leader.set(true);
                m.events.lead();
            });
        }
    }
}

impl Sharing for FakeHub {
    fn join(&self, name: &str, events: Rc<dyn ShareEvents>) -> Option<Box<dyn Member>> {
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        let member = Rc::new(HubMember {
            id,
            name: name.to_owned(),
            hub: self.me.borrow().clone(),
            events,
            want: Cell::new(false),
            queued: Cell::new(false),
            leader: Cell::new(false),
            gone: Cell::new(false),
        });
        self.groups
            .borrow_mut()
            .entry(name.to_owned())
            .or_default()
            .members
            .push(Rc::downgrade(&member));
        Some(Box::new(Handle(member)))
    }
}

struct HubMember {
    id: u64,
    name: String,
    hub: Weak<FakeHub>,
    events: Rc<dyn ShareEvents>,
    want: Cell<bool>,
    queued: Cell<bool>,
    leader: Cell<bool>,
    gone: Cell<bool>,
}

impl HubMember {
    fn release(&self) {
        let Some(hub) = self.hub.upgrade() else {
            return;
        };
        self.leader.set(false);
        {
            let mut groups = hub.groups.borrow_mut();
            if let Some(g) = groups.get_mut(&self.name) {
                if g.holder == Some(self.id) {
                    g.holder = None;
                }
            }
        }
        hub.hand_over(&self.name);
    }
}

/// The member as the poller holds it; dropping it leaves the group.
struct Handle(Rc<HubMember>);

impl Member for Handle {
    fn want_lead(&self, want: bool) {
        let m = &self.0;
        m.want.set(want);
        if want {
            if !m.leader.get() && !m.queued.get() {
                m.queued.set(true);
                if let Some(hub) = m.hub.upgrade() {
                    hub.groups
                        .borrow_mut()
                        .entry(m.name.clone())
                        .or_default()
                        .queue
                        .push_back(m.id);
                    hub.hand_over(&m.name);
                }
            }
        } else if m.leader.get() {
            m.release();
        }
    }

    fn is_leader(&self) -> bool {
        self.0.leader.get()
    }

    fn post(&self, message: &ShareMessage) {
        let m = &self.0;
        let Some(hub) = m.hub.upgrade() else {
            return;
        };
        hub.posted.borrow_mut().push(message.clone());
        let others: Vec<Rc<HubMember>> = hub
            .groups
            .borrow()
            .get(&m.name)
            .map(|g| g.members.iter().filter_map(Weak::upgrade).collect())
            .unwrap_or_default();
        for other in others.into_iter().filter(|o| o.id != m.id) {
            // Through the wire form, as a channel would carry it.
            let text = message.encode();
            wasm_bindgen_futures::spawn_local(async move {
                if other.gone.get() {
                    return;
                }
                if let Some(message) = ShareMessage::decode(&text) {
                    other.events.message(message);
                }
            });
        }
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.0.gone.set(true);
        self.0.want.set(false);
        if self.0.leader.get() {
            self.0.release();
        }
    }
}
